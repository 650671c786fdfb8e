"""Views of the projected graph: what the explorer shows beyond the projection, and its cuts.

* :func:`annotate` adds each entity's own sentences per article and the articles' titles
  and dates (read from the built dataset);
* :func:`node_districts` finds the District(s) each node lies in, transitively along
  :data:`CONTAINMENT`;
* :func:`undirected` turns the directed projection the page draws into the undirected one that
  ``ecokg centrality`` and ``ecokg analyze`` measure, so every view is sized by the same scores;
* :func:`ego_view` and :func:`district_view` cut the graph to one entity's neighbourhood or
  to one district and its surroundings (``ecokg render --focus`` / ``--district``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import Dataset

from ecokg.namespaces import ECO, ID, PREFIXES, SOURCE
from ecokg.network.rows import select

#: Predicates along which a node belongs to the district it (transitively) lies in.
CONTAINMENT = ("locatedIn", "partOf", "settledIn")

_PREFIXES = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())

_MENTIONS_QUERY = (
    _PREFIXES
    + """
SELECT DISTINCT ?e ?article ?text WHERE {
  GRAPH ?g { ?e eco:mentionedIn ?article ; prov:wasDerivedFrom ?s . }
  GRAPH ekgg:sources { ?s a eco:Sentence ; eco:inSource ?article ; eco:text ?text . }
}
"""
)

_ARTICLES_QUERY = (
    _PREFIXES
    + """
SELECT ?article ?title ?issued ?year WHERE {
  GRAPH ekgg:sources { ?article a eco:SourceArticle ; dcterms:title ?title ; dcterms:issued ?issued .
                       OPTIONAL { ?article eco:year ?year } }
}
"""
)


_TYPE_LABELS_QUERY = (
    _PREFIXES
    + """
SELECT ?class ?label WHERE {
  GRAPH ekgg:ontology { ?class a owl:Class ; rdfs:label ?label . FILTER(langMatches(lang(?label), "zh")) }
}
"""
)


def _local(term: Any, base: Any) -> str | None:
    s, b = str(term), str(base)
    return s[len(b) :] if s.startswith(b) else None


def annotate(G: nx.Graph, ds: Dataset) -> nx.Graph:
    """Add ``mentions`` (each node's sentences, ``{source, sentence}``), ``G.graph["articles"]``
    and ``G.graph["type_labels"]`` (ontology class local name -> its Chinese ``rdfs:label``).

    Returns ``G`` itself (changed in place).
    """
    mentions: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in select(ds, _MENTIONS_QUERY):
        e, sid = _local(row["e"], ID), _local(row["article"], SOURCE)
        if e and e in G and sid:
            mentions[e].add((sid, str(row["text"])))
    for n in G.nodes:
        G.nodes[n]["mentions"] = [{"source": s, "sentence": t} for s, t in sorted(mentions.get(n, ()))]
    articles = {}
    for row in select(ds, _ARTICLES_QUERY):
        sid = _local(row["article"], SOURCE)
        if sid:
            title, issued, year = row["title"], row["issued"], row["year"]
            articles[sid] = {"title": str(title), "date": str(issued), "year": None if year is None else int(year)}
    G.graph["articles"] = dict(sorted(articles.items()))
    labels: dict[str, str] = {}
    for row in select(ds, _TYPE_LABELS_QUERY):
        name = _local(row["class"], ECO._NS)
        if name and (name not in labels or str(row["label"]) < labels[name]):
            labels[name] = str(row["label"])
    G.graph["type_labels"] = dict(sorted(labels.items()))
    return G


def _local_name(predicate: Any) -> str:
    return re.split(r"[#/:]", str(predicate))[-1]


def containment_graph(G: nx.Graph) -> nx.DiGraph:
    """The links ``part -> whole`` of ``G`` along :data:`CONTAINMENT` (every node of ``G`` kept).

    The direction of a link is the graph's (for a DiGraph) or, for an undirected graph, the one
    recorded in its ``evidence`` (``subject`` -> ``object``).
    """
    up = nx.DiGraph()
    up.add_nodes_from(G)
    for u, v, d in G.edges(data=True):
        evidence = d.get("evidence") or []
        if evidence:
            for ev in evidence:
                if _local_name(ev.get("predicate", "")) in CONTAINMENT and {ev.get("subject"), ev.get("object")} == {
                    u,
                    v,
                }:
                    up.add_edge(ev["subject"], ev["object"])
        else:
            predicates = d.get("predicates") or [d.get("predicate", "")]
            if any(_local_name(p) in CONTAINMENT for p in predicates):
                up.add_edge(u, v)
                if not G.is_directed():
                    raise ValueError("an undirected graph needs edge evidence (subject/object) to find districts")
    return up


def node_districts(G: nx.Graph) -> dict[str, list[str]]:
    """The District(s) each node lies in, transitively along locatedIn / partOf / settledIn.

    The direction of a link is the graph's (for a DiGraph) or, for an undirected graph, the one
    recorded in its ``evidence`` (``subject`` -> ``object``). A District is in itself. The
    closure is networkx's: the nodes in a district are those from which it can be reached
    (``nx.ancestors`` in :func:`containment_graph`).

    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("park", {"type": "Park"}), ("zone", {"type": "Zone"}),
    ...                   ("haishu", {"type": "District"}), ("ningbo", {"type": "City"})])
    >>> G.add_edge("park", "zone", predicate="partOf")
    >>> G.add_edge("zone", "haishu", predicate="locatedIn")
    >>> G.add_edge("haishu", "ningbo", predicate="partOf")
    >>> node_districts(G)
    {'haishu': ['haishu'], 'park': ['haishu'], 'zone': ['haishu']}
    """
    up = containment_graph(G)
    found: dict[Any, set[Any]] = defaultdict(set)
    for d in (n for n, t in G.nodes(data="type") if t == "District"):
        for n in nx.ancestors(up, d) | {d}:
            found[n].add(d)
    return {n: sorted(ds) for n, ds in sorted(found.items())}


def undirected(G: nx.Graph, weight: str | None = "corroboration") -> nx.Graph:
    """The undirected projection of the same entities, from a directed one: what
    ``project(ds, directed=False, weight=weight)`` gives, without projecting again.

    A pair linked either way becomes one edge carrying all its evidence (a symmetric relation,
    drawn both ways, once); its ``weight`` is, as in :func:`ecokg.network.projection.assemble`, the
    number of distinct articles stating it (``"corroboration"``) or 1 (``None``). Edges without
    evidence keep the larger of their weights. Nodes and edges are inserted in the projection's
    (sorted) order, so centralities come out bit for bit the same. An undirected graph is
    returned as it is.

    >>> D = nx.DiGraph()
    >>> ev = lambda s, o, src: {"source": src, "subject": s, "object": o, "predicate": "p"}
    >>> D.add_edge("a", "b", weight=1.0, evidence=[ev("a", "b", "s1")])
    >>> D.add_edge("b", "a", weight=2.0, evidence=[ev("b", "a", "s2"), ev("b", "a", "s3")])
    >>> U = undirected(D)
    >>> U.edges["a", "b"]["weight"], U.edges["a", "b"]["articles"], len(U.edges["a", "b"]["evidence"])
    (3.0, 3, 3)
    >>> undirected(D, weight=None).edges["a", "b"]["weight"]
    1.0
    """
    if not G.is_directed():
        return G
    U = nx.Graph()
    U.graph.update(G.graph)
    U.add_nodes_from(G.nodes(data=True))
    merged: dict[tuple[Any, Any], list[dict[str, Any]]] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        if u != v:
            merged[(u, v) if str(u) <= str(v) else (v, u)].append(d)
    for (u, v), parts in sorted(merged.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        seen: dict[tuple[str, ...], dict[str, Any]] = {}
        for d in parts:
            for e in d.get("evidence") or ():
                seen.setdefault(tuple("" if x is None else str(x) for x in e.values()), e)
        evidence = [seen[k] for k in sorted(seen)]
        predicates = sorted({p for d in parts for p in (d.get("predicates") or [d.get("predicate")]) if p})
        labels = sorted({str(d["label"]) for d in parts if d.get("label")})
        if evidence:
            articles = len({e.get("source") for e in evidence})
            w = float(articles) if weight == "corroboration" else 1.0
        else:
            articles = max(int(d.get("articles", 1) or 1) for d in parts)
            w = max(float(d.get("weight", 1.0) or 1.0) for d in parts)
        attrs: dict[str, Any] = {"articles": articles, "weight": w, "evidence": evidence}
        if predicates:
            attrs.update(predicate=predicates[0], predicates=predicates)
        if labels:
            attrs["label"] = "；".join(sorted(set("；".join(labels).split("；"))))
        U.add_edge(u, v, **attrs)
    return U


def ego_view(G: nx.Graph, node: Any, depth: int) -> nx.Graph:
    """``node`` and everything within ``depth`` links of it (either direction).

    >>> ego_view(nx.path_graph(5, create_using=nx.DiGraph), 2, 1).number_of_nodes()
    3
    """
    return nx.ego_graph(G, node, radius=depth, undirected=True).copy()


def district_view(G: nx.Graph, district: Any, depth: int, districts: dict[Any, list[Any]]) -> nx.Graph:
    """The entities in ``district`` (and the district) and everything within ``depth`` links.

    >>> G = nx.DiGraph([("park", "d"), ("firm", "park"), ("x", "firm")])
    >>> sorted(district_view(G, "d", 0, {"d": ["d"], "park": ["d"]}).nodes)
    ['d', 'park']
    >>> sorted(district_view(G, "d", 1, {"d": ["d"], "park": ["d"]}).nodes)
    ['d', 'firm', 'park']
    """
    members = {n for n, ds in districts.items() if district in ds} | {district}
    keep = set(members)
    if depth > 0:
        U = G.to_undirected(as_view=True)
        for m in members:
            keep |= set(nx.single_source_shortest_path_length(U, m, cutoff=depth))
    return G.subgraph(keep).copy()


__all__ = ["CONTAINMENT", "annotate", "containment_graph", "district_view", "ego_view", "node_districts", "undirected"]
