"""A 链主 (chain-leader) view: per industry sector, which organisations tie it to the ecosystem.

A chain leader is an enterprise that anchors an industry chain: it belongs to the sector and
connects it to research institutes, parks and public programmes.  On the projected graph
(undirected view; see :mod:`ecokg.network.projection`):

* an organisation **belongs** to sector ``S`` when it is linked to ``S`` or to a narrower
  sector of ``S`` (node attribute ``broader``), directly or through one of its own
  offerings (a product, project, platform, software system or brand linked to it);
* its **anchors** are the institutes (ResearchInstitute, University, InnovationCentre,
  Campus), parks (Park, Zone, InnovationBlock, NewArea, CommercialDistrict) and programmes
  (Policy -- Programme, Campaign, PolicyDocument, Reform, Strategy -- IndustryCluster,
  Designation) linked to it, directly or through one of its offerings;
* candidates are ranked by the number of anchor **kinds** they cover (institute, park,
  programme), then the number of distinct anchors, then the number of distinct articles
  behind all those links, then node id.  Every reason keeps its edge evidence (article and
  sentence).

>>> G = nx.Graph()
>>> for n, t in [("co", "Company"), ("s", "IndustrySector"), ("lab", "ResearchInstitute"),
...              ("park", "Park"), ("plan", "Programme"), ("co2", "Company")]:
...     G.add_node(n, type=t, label=n.upper())
>>> G.add_edges_from([("co", "s"), ("co", "lab"), ("co", "park"), ("plan", "co"), ("co2", "s"), ("co2", "park")])
>>> [(r["node"], r["kinds"], r["anchors"]) for r in chain_leaders(G)["s"]]
[('co', ['institute', 'park', 'programme'], ['lab', 'park', 'plan']), ('co2', ['park'], ['park'])]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from ecokg.network.order import node_key

SECTOR = "IndustrySector"
LEADER_TYPES = ("Company",)
OFFERINGS = ("Product", "Project", "DigitalPlatform", "SoftwareSystem", "Brand")
#: Anchor kinds and the classes (with their subclasses, via the node attribute ``classes``).
KINDS: dict[str, tuple[str, ...]] = {
    "institute": ("ResearchInstitute", "University", "InnovationCentre", "Campus"),
    "park": ("Park", "Zone", "InnovationBlock", "NewArea", "CommercialDistrict"),
    "programme": (
        "Policy",
        "Programme",
        "Campaign",
        "PolicyDocument",
        "Reform",
        "Strategy",
        "IndustryCluster",
        "Designation",
    ),
}


def _classes(G: nx.Graph, n: Hashable) -> set[str]:
    d = G.nodes[n]
    return {str(d.get("type", "")), *d.get("classes", ())}


def _is(G: nx.Graph, n: Hashable, names: Iterable[str]) -> bool:
    return bool(_classes(G, n) & set(names))


def kind_of(G: nx.Graph, n: Hashable) -> str | None:
    """The anchor kind of a node (``institute``, ``park``, ``programme``) or None.

    >>> G = nx.Graph()
    >>> G.add_node("x", type="Strategy", classes=["Entity", "Policy", "Strategy"])
    >>> kind_of(G, "x")
    'programme'
    """
    for kind, names in KINDS.items():
        if _is(G, n, names):
            return kind
    return None


def narrower(G: nx.Graph, sector: Hashable) -> list:
    """``sector`` and every sector below it (node attribute ``broader``), sorted.

    >>> G = nx.Graph()
    >>> G.add_node("auto", type="IndustrySector")
    >>> G.add_node("parts", type="IndustrySector", broader=["auto"])
    >>> G.add_node("trim", type="IndustrySector", broader=["parts"])
    >>> narrower(G, "auto"), narrower(G, "parts")
    (['auto', 'parts', 'trim'], ['parts', 'trim'])
    """
    down = nx.DiGraph((b, n) for n, d in G.nodes(data=True) for b in d.get("broader") or ())
    out = {sector} | (nx.descendants(down, sector) if sector in down else set())
    return sorted(out, key=node_key)


def _reason(G: nx.Graph, path: list, kind: str | None) -> dict[str, Any]:
    """One link (``path`` of 2 or 3 nodes), with the predicates and evidence of each hop."""
    hops = []
    for a, b in zip(path, path[1:], strict=False):
        d = G.edges[a, b]
        hops.append(
            {
                "from": a,
                "to": b,
                "predicates": list(d.get("predicates") or [d.get("predicate")]),
                "evidence": list(d.get("evidence") or ()),
            }
        )
    return {
        "kind": kind,
        "target": path[-1],
        "via": path[1] if len(path) == 3 else None,
        "hops": hops,
    }


def _articles(reasons: Iterable[dict[str, Any]]) -> set[str]:
    return {str(e.get("source")) for r in reasons for h in r["hops"] for e in h["evidence"] if e.get("source")}


def leaders_for_sector(
    G: nx.Graph, sector: Hashable, *, leader_types: Iterable[str] = LEADER_TYPES
) -> list[dict[str, Any]]:
    """Ranked chain-leader candidates of one sector (see the module docstring).

    Each item: ``node``, ``label``, ``type``, ``sector``, ``kinds`` (anchor kinds covered,
    sorted), ``anchors`` (anchor node ids, sorted), ``articles`` (distinct articles behind
    the links), ``membership`` (how it belongs to the sector) and ``reasons`` (one per anchor
    link), each reason with ``kind``, ``target``, ``via`` (an offering or None) and ``hops``
    carrying predicates and evidence.
    """
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    if sector not in U:
        raise nx.NodeNotFound(f"sector {sector!r} is not in the graph")
    types = tuple(leader_types)
    sectors = set(narrower(U, sector))
    offers = {n for n in U if _is(U, n, OFFERINGS)}
    members: dict[Any, list[dict[str, Any]]] = {}
    for s in sorted(sectors, key=node_key):
        for x in sorted(U[s], key=node_key):
            if _is(U, x, types):
                members.setdefault(x, []).append(_reason(U, [x, s], None))
            elif x in offers:
                for o in sorted(U[x], key=node_key):
                    if _is(U, o, types):
                        members.setdefault(o, []).append(_reason(U, [o, x, s], None))
    out = []
    for org, membership in members.items():
        reasons = []
        for y in sorted(U[org], key=node_key):
            k = kind_of(U, y)
            if k:
                reasons.append(_reason(U, [org, y], k))
            if y in offers:
                for z in sorted(U[y], key=node_key):
                    kz = kind_of(U, z)
                    if kz and z != org:
                        reasons.append(_reason(U, [org, y, z], kz))
        anchors = sorted({r["target"] for r in reasons}, key=node_key)
        d = U.nodes[org]
        out.append(
            {
                "node": org,
                "label": d.get("label", org),
                "type": d.get("type"),
                "sector": sector,
                "kinds": sorted({r["kind"] for r in reasons}),
                "anchors": anchors,
                "articles": len(_articles([*membership, *reasons])),
                "membership": membership,
                "reasons": reasons,
            }
        )
    out.sort(key=lambda r: (-len(r["kinds"]), -len(r["anchors"]), -r["articles"], node_key(r["node"])))
    for i, r in enumerate(out, 1):
        r["rank"] = i
    return out


def chain_leaders(
    G: nx.Graph,
    sectors: Iterable[Hashable] | None = None,
    *,
    leader_types: Iterable[str] = LEADER_TYPES,
    top: int | None = None,
) -> dict[Any, list[dict[str, Any]]]:
    """Chain-leader candidates for each sector (default: every ``IndustrySector`` node).

    Sectors without any candidate are left out; each list is ranked and cut to ``top``.
    """
    types = tuple(leader_types)
    if sectors is None:
        sectors = [n for n in G if G.nodes[n].get("type") == SECTOR]
    out = {}
    for s in sorted(sectors, key=node_key):
        ranked = leaders_for_sector(G, s, leader_types=types)
        if ranked:
            out[s] = ranked[:top] if top else ranked
    return out


def explain(G: nx.Graph, item: dict[str, Any]) -> str:
    """A one-line summary of why ``item`` ranks where it does.

    >>> G = nx.Graph()
    >>> G.add_node("co", type="Company", label="甲")
    >>> G.add_node("s", type="IndustrySector", label="乙")
    >>> G.add_node("lab", type="ResearchInstitute", label="丙")
    >>> G.add_edge("co", "s", predicates=["inSector"])
    >>> G.add_edge("co", "lab", predicates=["cooperatesWith"])
    >>> explain(G, leaders_for_sector(G, "s")[0])
    '乙: inSector 乙; institute: cooperatesWith 丙'
    """

    def lab(n: Hashable) -> str:
        return str(G.nodes[n].get("label") or n)

    def link(r: dict[str, Any]) -> str:
        parts = []
        for h in r["hops"]:
            parts.append(f"{'/'.join(h['predicates'])} {lab(h['to'])}")
        return " → ".join(parts)

    member = "; ".join(sorted({link(r) for r in item["membership"]}))
    by_kind: dict[str, list[str]] = {}
    for r in item["reasons"]:
        by_kind.setdefault(r["kind"], []).append(link(r))
    anchors = "; ".join(f"{k}: {', '.join(sorted(set(v)))}" for k, v in sorted(by_kind.items()))
    return f"{lab(item['sector'])}: {member}" + (f"; {anchors}" if anchors else "")


__all__ = [
    "chain_leaders",
    "leaders_for_sector",
    "narrower",
    "kind_of",
    "explain",
    "KINDS",
    "OFFERINGS",
    "LEADER_TYPES",
]
