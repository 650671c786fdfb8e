"""The explorer page: a networkx graph of the ecosystem -> one self-contained, offline, safe HTML page.

:func:`explorer_html` is a pure function from a graph (as made by
:func:`ecokg.network.projection.project`) and options to the text of a page in which a user can see the
whole network, find an entity by any of its names, focus on its neighbourhood, filter by type,
district, source article and year, switch physics on or off, and read the sentences behind
every node and link. :func:`write_explorer` writes it (UTF-8, atomically).

How the page is made
    pyvis builds the network data and options (``pyvis.network.Network``); pyvis's own template
    is not used, because it pulls Bootstrap from a CDN and turns tooltips into HTML. The page is
    ``ecokg/explore/templates/explorer.html`` with vis-network 9.1.2 (shipped by pyvis) inlined, so it
    loads nothing from the network; a Content-Security-Policy allows only its own scripts (by
    hash) and no connections.

Safety
    Everything from the sources travels as JSON inside ``<script type="application/json">``
    with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped (see :func:`script_json`); the page
    builds the side panel with ``textContent`` and gives vis-network plain-text tooltips.

Layout and labels
    The layout is precomputed with networkx (:func:`ecokg.explore.layout.precompute_layout`) and
    stands still; physics runs only on request. The page draws the labels of the most central
    nodes that fit without overlapping at the current zoom, at 12-16 px on screen, and more as
    the user zooms in (``planLabels`` in ``explorer.js``).

One analysis
    Node sizes are the scores of ``ecokg centrality`` / ``ecokg analyze`` for the same options:
    by default :func:`ecokg.network.centrality.centrality` on the *undirected* projection
    (:func:`ecokg.explore.views.undirected`) with the corroboration weight, even when the page
    draws arrows from a directed graph. The page says which measure and options it shows.

Colours and sizes come from :mod:`ecokg.explore.palette`, the layout and vis-network options
from :mod:`ecokg.explore.layout`, districts from :mod:`ecokg.explore.views`.

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("a", label="太平鸟", label_en="Peacebird", type="Company", aliases=["太平鸟集团有限公司"])
>>> G.add_node("b", label="海曙区", type="District")
>>> G.add_edge("a", "b", predicate="locatedIn", label="位于", weight=1.0)
>>> page = explorer_html(G, sizes={"a": 0.6, "b": 0.4})
>>> page.startswith("<!DOCTYPE html>") and "太平鸟集团有限公司" in page
True
>>> page.count("</script>")  # the data block, vis-network, the page's own script
3
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from ecokg.explore.layout import HIDDEN_FONT, LABEL_PX, LAYOUT_THRESHOLD, precompute_layout, vis_options
from ecokg.explore.names import node_names
from ecokg.explore.palette import (
    FAMILY_NAMES,
    SIZE_RANGE,
    describe_sizing,
    scale_sizes,
    type_colour,
    type_family,
    type_shape,
)
from ecokg.explore.views import node_districts, undirected
from ecokg.io.writer import atomic_write

_TEMPLATES = resources.files("ecokg.explore").joinpath("templates")
_VIS = resources.files("pyvis").joinpath("lib/vis-9.1.2")


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``, U+2028/9.

    >>> script_json({"label": "</script><b>&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> json.loads(script_json(["\\u2028<"])) == ["\\u2028<"]
    True
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _clean(value: Any) -> Any:
    """Plain JSON values (str, int, float, bool, None, lists, dicts with str keys)."""
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_clean(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else None
    return str(value)


def _year(date: Any) -> int | None:
    m = re.match(r"(\d{4})", str(date or ""))
    return int(m.group(1)) if m else None


def collect_articles(G: nx.Graph) -> dict[str, dict[str, Any]]:
    """Article id -> ``{title, date, year}``: ``G.graph["articles"]`` completed from edge evidence.

    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", evidence=[{"source": "s1", "title": "标题", "date": "2022-04-21"}])
    >>> collect_articles(G)
    {'s1': {'title': '标题', 'date': '2022-04-21', 'year': 2022}}
    """
    out: dict[str, dict[str, Any]] = {}
    for sid, meta in (G.graph.get("articles") or {}).items():
        out[str(sid)] = {
            "title": meta.get("title"),
            "date": meta.get("date"),
            "year": meta.get("year") or _year(meta.get("date")),
        }
    for _u, _v, evidence in G.edges(data="evidence"):
        for ev in evidence or ():
            sid = ev.get("source")
            if sid and sid not in out:
                out[str(sid)] = {"title": ev.get("title"), "date": ev.get("date"), "year": _year(ev.get("date"))}
    return dict(sorted(out.items(), key=lambda kv: (str(kv[1].get("date") or ""), kv[0])))


_FAMILY_ORDER = {f: i for i, f in enumerate(FAMILY_NAMES)}


def _node_tooltip(node: str, d: Mapping[str, Any], type_labels: Mapping[str, str] | None = None) -> str:
    names = d.get("label") or node
    if d.get("label_en"):
        names += f" · {d['label_en']}"
    type_ = str(d.get("type") or "?")
    zh = (type_labels or {}).get(type_)
    lines = [names, f"类型 type: {zh} {type_}" if zh else f"类型 type: {type_}"]
    if d.get("aliases"):
        lines.append("又称 also: " + "、".join(map(str, d["aliases"][:6])) + (" …" if len(d["aliases"]) > 6 else ""))
    counts = [f"{len(d.get('sources') or ())} 篇文章 article(s)"]
    for key in ("posts", "figures"):
        if d.get(key):
            counts.append(f"{len(d[key])} {key}")
    lines.append(", ".join(counts) + " — 点击查看来源 click for sources")
    return "\n".join(lines)


def _short(text: Any, n: int = 90) -> str:
    s = str(text or "")
    return s if len(s) <= n else s[: n - 1] + "…"


def _edge_tooltip(G: nx.Graph, u: Any, v: Any, d: Mapping[str, Any]) -> str:
    arrow = "→" if G.is_directed() else "—"
    lu, lv = G.nodes[u].get("label") or u, G.nodes[v].get("label") or v
    lines = [f"{lu} {arrow} {d.get('label') or d.get('predicate') or ''} {arrow} {lv}"]
    evidence = d.get("evidence") or []
    lines.append(f"{d.get('articles', len({e.get('source') for e in evidence}))} 篇文章 article(s)")
    if evidence:
        lines.append("“" + _short(evidence[0].get("sentence")) + "”")
    return "\n".join(lines)


def _edges(G: nx.Graph) -> list[tuple[Any, Any, dict[str, Any]]]:
    if G.is_multigraph():
        return [(u, v, d) for u, v, _k, d in G.edges(keys=True, data=True)]
    return list(G.edges(data=True))


def page_data(
    G: nx.Graph,
    *,
    sizes: Mapping[Any, float] | None = None,
    size_by: str = "pagerank",
    districts: Mapping[Any, list[Any]] | None = None,
    district_labels: Mapping[Any, str] | None = None,
    focus: Any = None,
    layout_threshold: int = LAYOUT_THRESHOLD,
    physics: bool | None = None,
    seed: int = 7,
    title: str = "ecokg explorer",
    weight: str | None = "corroboration",
    sizing: str | None = None,
) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data (the vis network comes from pyvis).

    ``sizes`` (node -> centrality) default to the scores of ``ecokg centrality --measure
    size_by --weight weight``: ``centrality(undirected(G, weight), size_by, weight=...)``;
    ``sizing`` is the sentence the page shows about them (by default it names the measure, the
    undirected projection and the weight). ``districts`` (node -> district ids) default to
    :func:`node_districts`, labelled from ``district_labels`` or the graph. The layout is always
    precomputed; ``physics`` (default off) starts vis-network's physics from it. Above
    ``layout_threshold`` nodes edges are straight and hidden while dragging. ``focus`` is a
    node selected (and its panel opened) when the page is ready.
    """
    n = G.number_of_nodes()
    large = n > layout_threshold
    physics_on = bool(physics)
    if sizes is None:
        from ecokg.network.centrality import centrality

        U = undirected(G, weight=weight)
        sizes = centrality(U, measure=size_by, weight=None if weight is None else "weight") if n else {}
    if sizing is None:
        sizing = describe_sizing(size_by, weight)
    size_of = scale_sizes(sizes, G.nodes)
    if districts is None:
        districts = node_districts(G)
    positions = precompute_layout(G, seed=seed)
    type_labels = dict(G.graph.get("type_labels") or {})
    ids = {node: str(node) for node in G.nodes}
    if len(set(ids.values())) != n:
        raise ValueError("node ids must stay distinct as strings")

    net = Network(directed=True)  # pyvis: directed avoids its quadratic duplicate-edge check; arrows set per edge
    node_info: dict[str, Any] = {}
    type_counts: Counter[str] = Counter()
    for node, d in G.nodes(data=True):
        nid = ids[node]
        type_ = str(d.get("type") or "Entity")
        type_counts[type_] += 1
        label = str(d.get("label") or nid)
        colour = type_colour(type_)
        extra: dict[str, Any] = {}
        if node in positions:
            extra["x"], extra["y"] = positions[node]
        net.add_node(
            nid,
            label=label + (f"\n{d['label_en']}" if d.get("label_en") else ""),
            shape=type_shape(type_),
            font={"size": HIDDEN_FONT},
            title=_node_tooltip(nid, d, type_labels),
            color={"background": colour, "border": "#37474f", "highlight": {"background": colour, "border": "#000000"}},
            value=size_of.get(node, SIZE_RANGE[0]),
            **extra,
        )
        node_info[nid] = _clean(
            {
                "label": label,
                "en": d.get("label_en"),
                "type": type_,
                "aliases": list(d.get("aliases") or ()),
                "names": node_names(nid, d),
                "sources": list(d.get("sources") or ()),
                "mentions": list(d.get("mentions") or ()),
                "posts": list(d.get("posts") or ()),
                "figures": list(d.get("figures") or ()),
                "figureYears": sorted({int(f["year"]) for f in d.get("figures") or () if f.get("year") is not None}),
                "districts": [str(x) for x in districts.get(node, ())],
                "centrality": float(sizes.get(node, 0.0) or 0.0),
            }
        )
    edge_info: dict[str, Any] = {}
    widths = [float(d.get("weight", 1.0) or 1.0) for _u, _v, d in _edges(G)]
    wmax = max(widths, default=1.0)
    for i, (u, v, d) in enumerate(_edges(G)):
        eid = f"e{i}"
        w = float(d.get("weight", 1.0) or 1.0)
        net.add_edge(
            ids[u],
            ids[v],
            id=eid,
            title=_edge_tooltip(G, u, v, d),
            width=round(1.0 + 4.0 * (w / wmax if wmax > 0 else 0.0), 2),
            arrows="to" if G.is_directed() else "",
        )
        evidence = list(d.get("evidence") or ())
        edge_info[eid] = _clean(
            {
                "from": ids[u],
                "to": ids[v],
                "predicate": d.get("predicate"),
                "predicates": list(d.get("predicates") or ([d["predicate"]] if d.get("predicate") else [])),
                "label": d.get("label") or d.get("predicate"),
                "articles": d.get("articles", len({e.get("source") for e in evidence})),
                "weight": w,
                "evidence": evidence,
                "sources": sorted({str(e.get("source")) for e in evidence if e.get("source")}),
            }
        )
    net.options = vis_options(directed=G.is_directed(), physics=physics_on, large=large, seed=seed)
    vis_nodes, vis_edges, _heading, _h, _w, options = net.get_network_data()

    district_ids = sorted({x for node in G for x in districts.get(node, ())}, key=str)
    district_labels = dict(district_labels or {})
    for x in district_ids:
        if x not in district_labels:
            district_labels[x] = (G.nodes[x].get("label") if x in G else None) or str(x)
    focus_id = None if focus is None else ids.get(focus)
    if focus is not None and focus_id is None:
        raise KeyError(f"focus node {focus!r} is not in the graph")
    return {
        "title": title,
        "directed": G.is_directed(),
        "sizeBy": size_by,
        "sizing": sizing,
        "weight": weight,
        "labelPx": list(LABEL_PX),
        "hiddenFont": HIDDEN_FONT,
        "physics": physics_on,
        "precomputed": bool(positions),
        "focus": focus_id,
        "vis": {"nodes": _clean(vis_nodes), "edges": _clean(vis_edges), "options": json.loads(options)},
        "nodes": node_info,
        "edges": edge_info,
        "articles": _clean(collect_articles(G)),
        "types": [
            {
                "type": t,
                "zh": type_labels.get(t),
                "count": c,
                "colour": type_colour(t),
                "shape": type_shape(t),
                "family": type_family(t),
            }
            for t, c in sorted(type_counts.items(), key=lambda tc: (_FAMILY_ORDER[type_family(tc[0])], -tc[1], tc[0]))
        ],
        "families": {f: {"zh": zh, "en": en} for f, (zh, en) in FAMILY_NAMES.items()},
        "districts": [{"id": str(x), "label": str(district_labels[x])} for x in district_ids],
    }


def _asset(path: Any) -> str:
    text = path.read_text(encoding="utf-8")
    return re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", text)


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def explorer_html(G: nx.Graph, **options: Any) -> str:
    """The explorer page for ``G`` (see :func:`page_data` for the options).

    Returns the complete HTML text: vis-network, the page's script and style and the data are
    inline; the only scripts allowed to run are those two, by hash.
    """
    data = page_data(G, **options)
    vis_js = _asset(_VIS.joinpath("vis-network.min.js"))
    app_js = _asset(_TEMPLATES.joinpath("explorer.js"))
    for name, text in (("vis-network", vis_js), ("explorer.js", app_js)):
        if re.search(r"</script", text, re.IGNORECASE):
            raise ValueError(f"{name} contains '</script' and cannot be inlined")
    styles = _asset(_VIS.joinpath("vis-network.css")) + "\n" + _asset(_TEMPLATES.joinpath("explorer.css"))
    if re.search(r"</style", styles, re.IGNORECASE):
        raise ValueError("a stylesheet contains '</style' and cannot be inlined")
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"
    )
    parts = {
        "CSP": html.escape(csp, quote=True),
        "TITLE": html.escape(str(data["title"]), quote=True),
        "STYLE": styles,
        "DATA": script_json(data),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    template = _TEMPLATES.joinpath("explorer.html").read_text(encoding="utf-8")
    # One pass, so nothing inserted is scanned for markers again.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], template)


def write_explorer(path: Path, page: str) -> Path:
    """Write the page as UTF-8, atomically (readers see the old file or the new one)."""
    path = Path(path)
    atomic_write(path, page.encode("utf-8"))
    return path


__all__ = ["collect_articles", "explorer_html", "page_data", "script_json", "write_explorer"]
