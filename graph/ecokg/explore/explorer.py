"""The explorer: a networkx graph of the ecosystem -> one self-contained, offline, safe HTML page.

:func:`explorer_html` is a pure function from a graph (as made by
:func:`ecokg.network.projection.project`) and options to the text of a page in which a user can see the
whole network, find an entity by any of its names, focus on its neighbourhood, filter by type,
district, source article and year, switch physics on or off, and read the sentences behind
every node and link. :func:`write_explorer` writes it (UTF-8, atomically).

How the page is made
    pyvis builds the network data and options (``pyvis.network.Network``); pyvis's own template
    is not used, because it pulls Bootstrap from a CDN and turns tooltips into HTML. The page is
    ``graph/templates/explorer.html`` with vis-network 9.1.2 (shipped by pyvis) inlined, so it
    loads nothing from the network; a Content-Security-Policy allows only its own scripts (by
    hash) and no connections.

Safety
    Everything from the sources travels as JSON inside ``<script type="application/json">``
    with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped (see :func:`script_json`); the page
    builds the side panel with ``textContent`` and gives vis-network plain-text tooltips.

Scale
    Above ``layout_threshold`` nodes the layout is precomputed with networkx
    (:func:`precompute_layout`) and physics starts off.

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
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from pyvis.network import Network

from ecokg.io.writer import atomic_write

#: Above this many nodes the layout is computed in networkx and physics starts off.
LAYOUT_THRESHOLD = 1000

#: Predicates along which a node belongs to the district it (transitively) lies in.
CONTAINMENT = ("locatedIn", "partOf", "settledIn")

#: Node sizes (vis-network pixels) for the smallest and the largest centrality.
SIZE_RANGE = (8.0, 42.0)

#: One colour per ontology class, grouped by kind (places green, organisations blue, policy
#: gold, sectors pink...). Other types get a colour from :data:`_SPARE` by hash.
TYPE_COLOURS: dict[str, str] = {
    "Country": "#1b5e20",
    "Province": "#2e7d32",
    "City": "#388e3c",
    "District": "#43a047",
    "CountyLevelCity": "#66bb6a",
    "NewArea": "#7cb342",
    "Town": "#9ccc65",
    "Region": "#558b2f",
    "Park": "#00897b",
    "Zone": "#26a69a",
    "InnovationBlock": "#4db6ac",
    "CommercialDistrict": "#00acc1",
    "Campus": "#4dd0e1",
    "Venue": "#80deea",
    "GovernmentBody": "#c62828",
    "Company": "#1565c0",
    "Brand": "#64b5f6",
    "Association": "#8d6e63",
    "ResearchInstitute": "#6a1b9a",
    "University": "#8e24aa",
    "InnovationCentre": "#ba68c8",
    "Person": "#ef6c00",
    "Programme": "#f9a825",
    "Campaign": "#fbc02d",
    "PolicyDocument": "#ffb300",
    "Reform": "#ff8f00",
    "Strategy": "#fdd835",
    "IndustryCluster": "#ad1457",
    "IndustrySector": "#ec407a",
    "Product": "#546e7a",
    "SoftwareSystem": "#78909c",
    "DigitalPlatform": "#3949ab",
    "Project": "#5c6bc0",
    "Event": "#827717",
    "Meeting": "#afb42b",
    "Designation": "#d4a017",
    "Indicator": "#9e9e9e",
}
_SPARE = ("#e57373", "#9575cd", "#4fc3f7", "#aed581", "#ffb74d", "#a1887f", "#90a4ae", "#f06292")

_TEMPLATES = resources.files("ecokg.explore").joinpath("templates")
_VIS = resources.files("pyvis").joinpath("lib/vis-9.1.2")


def type_colour(type_: str | None) -> str:
    """The colour of a node type: fixed for ontology classes, stable by hash for others.

    >>> type_colour("Company")
    '#1565c0'
    >>> type_colour("Unheard-of") == type_colour("Unheard-of") and type_colour("Unheard-of").startswith("#")
    True
    """
    if type_ in TYPE_COLOURS:
        return TYPE_COLOURS[type_]  # type: ignore[index]
    digest = hashlib.sha256(str(type_).encode("utf-8")).digest()
    return _SPARE[digest[0] % len(_SPARE)]


def normalise_name(name: str) -> str:
    """The search key of a name: NFKC, case-folded, without whitespace (the page does the same).

    >>> normalise_name(" Haishu  District ") == normalise_name("haishudistrict")
    True
    >>> normalise_name("“５Ｇ”")
    '“5g”'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def node_names(node: str, attrs: Mapping[str, Any]) -> list[str]:
    """Every name a node answers to: Chinese label, English label, aliases and its id.

    >>> node_names("haishu", {"label": "海曙区", "label_en": "Haishu District", "aliases": ["海曙"]})
    ['海曙区', 'Haishu District', '海曙', 'haishu']
    """
    names = [attrs.get("label"), attrs.get("label_en"), *(attrs.get("aliases") or ()), node]
    out: list[str] = []
    for n in names:
        if n and str(n) not in out:
            out.append(str(n))
    return out


def _local_name(predicate: Any) -> str:
    return re.split(r"[#/:]", str(predicate))[-1]


def node_districts(G: nx.Graph) -> dict[str, list[str]]:
    """The District(s) each node lies in, transitively along locatedIn / partOf / settledIn.

    The direction of a link is the graph's (for a DiGraph) or, for an undirected graph, the one
    recorded in its ``evidence`` (``subject`` -> ``object``). A District is in itself.

    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("park", {"type": "Park"}), ("zone", {"type": "Zone"}),
    ...                   ("haishu", {"type": "District"}), ("ningbo", {"type": "City"})])
    >>> G.add_edge("park", "zone", predicate="partOf")
    >>> G.add_edge("zone", "haishu", predicate="locatedIn")
    >>> G.add_edge("haishu", "ningbo", predicate="partOf")
    >>> node_districts(G)
    {'haishu': ['haishu'], 'park': ['haishu'], 'zone': ['haishu']}
    """
    up: dict[str, set[str]] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        evidence = d.get("evidence") or []
        if evidence:
            for ev in evidence:
                if _local_name(ev.get("predicate", "")) in CONTAINMENT and {ev.get("subject"), ev.get("object")} == {
                    u,
                    v,
                }:
                    up[ev["subject"]].add(ev["object"])
        else:
            predicates = d.get("predicates") or [d.get("predicate", "")]
            if any(_local_name(p) in CONTAINMENT for p in predicates):
                up[u].add(v)
                if not G.is_directed():
                    raise ValueError("an undirected graph needs edge evidence (subject/object) to find districts")
    is_district = {n for n, t in G.nodes(data="type") if t == "District"}
    out: dict[str, list[str]] = {}
    for n in G.nodes:
        seen, stack = {n}, [n]
        while stack:
            for m in up.get(stack.pop(), ()):
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        found = sorted(seen & is_district)
        if found:
            out[n] = found
    return dict(sorted(out.items()))


#: Graphs up to this size are laid out in one piece; larger ones community by community.
DIRECT_LAYOUT_MAX = 500

#: vis-network pixels per layout unit (a community of ``k`` nodes spans about ``sqrt(k)`` units).
PIXELS_PER_UNIT = 40.0


def _spring(U: nx.Graph, seed: int, method: str, iterations: int = 50) -> dict[Any, np.ndarray]:
    if len(U) == 1:
        return {next(iter(U)): np.zeros(2)}
    if method == "energy":  # pulls each component to the centre, so isolates do not form a ring
        raw = nx.spring_layout(U, seed=seed, iterations=iterations, weight=None, method="energy", gravity=5.0)
    else:
        raw = nx.spring_layout(U, seed=seed, iterations=iterations, weight=None, method="force")
    return {k: np.asarray(v, dtype=float) for k, v in raw.items()}


def _normalised(pos: dict[Any, np.ndarray]) -> dict[Any, np.ndarray]:
    """Centre at 0 and scale so the farthest node is ``sqrt(n)`` units out."""
    if len(pos) < 2:
        return {k: np.zeros(2) for k in pos}
    arr = np.array(list(pos.values()))
    arr -= arr.mean(axis=0)
    radius = float(np.sqrt((arr**2).sum(axis=1)).max()) or 1.0
    return dict(zip(pos, arr * (len(pos) ** 0.5 / radius), strict=True))


def _layout(U: nx.Graph, seed: int, method: str = "energy") -> dict[Any, np.ndarray]:
    n = len(U)
    if n <= DIRECT_LAYOUT_MAX:
        return _normalised(_spring(U, seed, method))
    communities = sorted(
        (sorted(c, key=str) for c in nx.community.louvain_communities(U, seed=seed)), key=lambda c: (-len(c), str(c[0]))
    )
    if len(communities) > n / 3:  # mostly tiny pieces: one bounded spring layout
        return _normalised(_spring(U, seed, "energy", iterations=int(max(3, min(50, 2.5e8 / n**2)))))
    which = {v: i for i, c in enumerate(communities) for v in c}
    Q = nx.Graph()
    Q.add_nodes_from(range(len(communities)))
    Q.add_edges_from((which[u], which[v]) for u, v in U.edges() if which[u] != which[v])
    centres = _layout(Q, seed)
    C = np.array([centres[i] for i in range(len(communities))])
    radii = np.array([len(c) ** 0.5 for c in communities])
    if len(communities) > 1:  # spread the centres so that communities rarely overlap
        dist = np.sqrt(((C[:, None, :] - C[None, :, :]) ** 2).sum(-1))
        iu = np.triu_indices(len(communities), 1)
        need = (radii[:, None] + radii[None, :])[iu] * 1.05 / np.maximum(dist[iu], 1e-9)
        C *= float(np.quantile(need, 0.95))
    out: dict[Any, np.ndarray] = {}
    for i, c in enumerate(communities):
        for v, p in _layout(U.subgraph(c), seed, "force").items():
            out[v] = C[i] + p
    return out


def precompute_layout(G: nx.Graph, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Positions in vis-network pixels, computed with networkx (deterministic for a seed).

    Up to :data:`DIRECT_LAYOUT_MAX` nodes: one spring layout (energy method with gravity).
    Larger graphs: Louvain communities, a layout of the community graph for their centres and
    a spring layout inside each community -- seconds for thousands of nodes, where a spring
    layout of the whole graph costs ``O(n**2)`` per iteration.

    >>> pos = precompute_layout(nx.path_graph(4))
    >>> sorted(pos) == [0, 1, 2, 3] and all(len(p) == 2 for p in pos.values())
    True
    >>> precompute_layout(nx.path_graph(4)) == pos
    True
    >>> big = precompute_layout(nx.connected_caveman_graph(30, 20))
    >>> len(big), len(set(big.values()))
    (600, 600)
    """
    if G.number_of_nodes() == 0:
        return {}
    U = nx.Graph(G.to_undirected(as_view=True))
    U.remove_edges_from(list(nx.selfloop_edges(U)))
    raw = _layout(U, seed)
    return {k: (round(float(raw[k][0]) * PIXELS_PER_UNIT, 1), round(float(raw[k][1]) * PIXELS_PER_UNIT, 1)) for k in G}


def scale_sizes(
    values: Mapping[Any, float], nodes: Iterable[Any], lo: float = SIZE_RANGE[0], hi: float = SIZE_RANGE[1]
) -> dict[Any, float]:
    """Map centrality values to node sizes in ``[lo, hi]`` (square root, so area follows value).

    >>> scale_sizes({"a": 0.0, "b": 1.0, "c": 0.25}, "abcd")
    {'a': 8.0, 'b': 42.0, 'c': 25.0, 'd': 8.0}
    """
    nodes = list(nodes)
    vals = [float(values.get(n, 0.0) or 0.0) for n in nodes]
    if not vals:
        return {}
    vmin, vmax = min(vals), max(vals)
    span = vmax - vmin
    mid = (lo + hi) / 2
    return {
        n: round(lo + (hi - lo) * ((v - vmin) / span) ** 0.5, 2) if span > 0 else mid
        for n, v in zip(nodes, vals, strict=True)
    }


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


def _node_tooltip(node: str, d: Mapping[str, Any]) -> str:
    names = d.get("label") or node
    if d.get("label_en"):
        names += f" · {d['label_en']}"
    lines = [names, f"type: {d.get('type') or '?'}"]
    if d.get("aliases"):
        lines.append("also: " + "、".join(map(str, d["aliases"][:6])) + (" …" if len(d["aliases"]) > 6 else ""))
    counts = [f"{len(d.get('sources') or ())} article(s)"]
    for key in ("posts", "figures"):
        if d.get(key):
            counts.append(f"{len(d[key])} {key}")
    lines.append(", ".join(counts) + " — click for sources")
    return "\n".join(lines)


def _short(text: Any, n: int = 90) -> str:
    s = str(text or "")
    return s if len(s) <= n else s[: n - 1] + "…"


def _edge_tooltip(G: nx.Graph, u: Any, v: Any, d: Mapping[str, Any]) -> str:
    arrow = "→" if G.is_directed() else "—"
    lu, lv = G.nodes[u].get("label") or u, G.nodes[v].get("label") or v
    lines = [f"{lu} {arrow} {d.get('label') or d.get('predicate') or ''} {arrow} {lv}"]
    evidence = d.get("evidence") or []
    lines.append(f"{d.get('articles', len({e.get('source') for e in evidence}))} article(s)")
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
) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data (the vis network comes from pyvis).

    ``sizes`` (node -> centrality) default to ``ecokg.network.centrality.centrality(G, size_by)``;
    ``districts`` (node -> district ids) to :func:`node_districts`, labelled from
    ``district_labels`` or the graph. ``physics=None`` means on up to ``layout_threshold``
    nodes, and off (with a layout precomputed in networkx) above it; ``True``/``False`` force
    it either way. ``focus`` is a node selected (and its panel opened) when the page is ready.
    """
    n = G.number_of_nodes()
    large = n > layout_threshold
    physics_on = (not large) if physics is None else bool(physics)
    if sizes is None:
        from ecokg.network.centrality import centrality

        sizes = centrality(G, measure=size_by) if n else {}
    size_of = scale_sizes(sizes, G.nodes)
    if districts is None:
        districts = node_districts(G)
    positions = precompute_layout(G, seed=seed) if (large or not physics_on) else {}
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
            title=_node_tooltip(nid, d),
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
        "physics": physics_on,
        "precomputed": bool(positions),
        "focus": focus_id,
        "vis": {"nodes": _clean(vis_nodes), "edges": _clean(vis_edges), "options": json.loads(options)},
        "nodes": node_info,
        "edges": edge_info,
        "articles": _clean(collect_articles(G)),
        "types": [
            {"type": t, "count": c, "colour": type_colour(t)}
            for t, c in sorted(type_counts.items(), key=lambda tc: (-tc[1], tc[0]))
        ],
        "districts": [{"id": str(x), "label": str(district_labels[x])} for x in district_ids],
    }


def vis_options(*, directed: bool, physics: bool, large: bool, seed: int = 7) -> dict[str, Any]:
    """vis-network options (set on the pyvis Network as a dict, since pyvis's ``set_options``
    strips every space from the JSON, font names included).

    >>> vis_options(directed=True, physics=False, large=True)["physics"]["enabled"]
    False
    """
    return {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {
                "size": 14,
                "face": "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            # node "value" is already the size; vis maps it onto the same range and scales the
            # labels with it, hiding those smaller than drawThreshold pixels at the current zoom
            "scaling": {
                "min": SIZE_RANGE[0],
                "max": SIZE_RANGE[1],
                "label": {"enabled": True, "min": 12, "max": 30, "drawThreshold": 6, "maxVisible": 40},
            },
        },
        "edges": {
            "color": {"color": "#90a4ae", "highlight": "#263238", "hover": "#263238", "inherit": False},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}},
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
        },
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70,
                "centralGravity": 0.015,
                "springLength": 110,
                "springConstant": 0.06,
                "avoidOverlap": 0.3,
            },
            "stabilization": {"enabled": physics, "iterations": 600, "updateInterval": 50, "fit": True},
            "minVelocity": 0.75,
        },
        "layout": {"randomSeed": seed, "improvedLayout": not large},
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


__all__ = [
    "CONTAINMENT",
    "LAYOUT_THRESHOLD",
    "TYPE_COLOURS",
    "collect_articles",
    "explorer_html",
    "node_districts",
    "node_names",
    "normalise_name",
    "page_data",
    "precompute_layout",
    "scale_sizes",
    "script_json",
    "type_colour",
    "vis_options",
    "write_explorer",
]
