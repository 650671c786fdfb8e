"""Explanation paths: how two entities are connected, each hop backed by its source sentences.

The commands find the two entities by name with :mod:`ecokg.query.names` (id, label, alias or
English label, normalised; a unique part of a name will do).

>>> G = nx.Graph()
>>> G.add_node("a", label="太平鸟", aliases=["太平鸟公司"], label_en="Peacebird", type="Company")
>>> G.add_node("b", label="海曙区", aliases=["海曙"], label_en=None, type="District")
>>> G.add_edge("a", "b", predicate="locatedIn", predicates=["locatedIn"], label="位于",
...            evidence=[{"source": "s1", "title": "T", "date": "2019", "sentence": "太平鸟在海曙",
...                       "predicate": "locatedIn", "subject": "a", "object": "b", "when": None}])
>>> from ecokg.query.names import resolve
>>> resolve(G, "peacebird"), resolve(G, "海曙")
('a', 'b')
>>> [hop["predicates"] for hop in shortest_paths(G, "a", "b")[0]]
[['locatedIn']]
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from ecokg.network.order import node_key

#: At most this many shortest paths are enumerated before sorting and truncating.
ENUMERATION_LIMIT = 10_000


class NoPath(LookupError):
    """The two entities are not connected in the graph."""


def hop(G: nx.Graph, u: Hashable, v: Hashable) -> dict[str, Any]:
    """One step ``u -> v`` of a path: the edge's predicates and all its evidence.

    Each evidence item says in which direction it was stated (``forward``: ``u`` is the
    subject).  In a directed graph the edge ``u -> v`` is used.
    """
    d = G.edges[u, v]
    evidence = [dict(e, forward=e.get("subject") == u) for e in d.get("evidence", [])]
    return {
        "from": u,
        "to": v,
        "predicate": d.get("predicate"),
        "predicates": list(d.get("predicates") or [d.get("predicate")]),
        "label": d.get("label"),
        "articles": d.get("articles"),
        "evidence": evidence,
    }


def shortest_paths(
    G: nx.Graph,
    source: Hashable,
    target: Hashable,
    *,
    max_paths: int = 5,
    avoid: Iterable[Hashable] = (),
) -> list[list[dict[str, Any]]]:
    """The shortest paths from ``source`` to ``target``, each a list of :func:`hop` dicts.

    Paths have the fewest hops; when there are several, the first ``max_paths`` in order
    of the node ids along them are returned (at most :data:`ENUMERATION_LIMIT` are
    considered).  ``avoid`` lists nodes no path may pass through (e.g. a district that
    every entity is located in).

    Raises
    ------
    NoPath
        When no path exists (``source == target`` gives ``[[]]``).

    Examples
    --------
    Two triangles joined by ``2 - 3``: from ``0`` to ``5`` every path crosses the bridge.

    >>> G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)])
    >>> [[h["from"] for h in p] + [p[-1]["to"]] for p in shortest_paths(G, 0, 5)]
    [[0, 2, 3, 5]]
    >>> shortest_paths(G, 0, 5, avoid=[2])
    Traceback (most recent call last):
    ...
    ecokg.network.paths.NoPath: no path from 0 to 5 (avoiding 2)
    """
    avoid = [a for a in avoid if a not in (source, target)]
    for n in (source, target):
        if n not in G:
            raise nx.NodeNotFound(f"node {n!r} is not in the graph")
    if source == target:
        return [[]]
    H = nx.restricted_view(G, avoid, []) if avoid else G
    suffix = f" (avoiding {', '.join(map(str, avoid))})" if avoid else ""
    try:
        gen = nx.all_shortest_paths(H, source, target)
        found = list(itertools.islice(gen, ENUMERATION_LIMIT))
    except nx.NetworkXNoPath:
        raise NoPath(f"no path from {source} to {target}{suffix}") from None
    found.sort(key=lambda p: [node_key(x) for x in p])
    return [[hop(G, a, b) for a, b in itertools.pairwise(p)] for p in found[:max_paths]]


def format_paths(
    G: nx.Graph,
    paths: Sequence[Sequence[dict[str, Any]]],
    *,
    sentences: int = 3,
    labels: Mapping[str, str] | None = None,
) -> str:
    """Readable text: every hop with its predicate(s), then each article and sentence stating it.

    ``labels`` maps predicates to their Chinese labels (:func:`ecokg.network.rows.predicate_labels`);
    without it an edge's own ``label`` is shown when it has a single predicate.  A post
    (``holdsPost``) shows the post title, taken from the person's ``posts`` attribute.

    >>> G = nx.Graph()
    >>> G.add_node("a", label="太平鸟", type="Company")
    >>> G.add_node("b", label="海曙区", type="District")
    >>> G.add_edge("a", "b", predicate="locatedIn", predicates=["locatedIn"], label="位于",
    ...            evidence=[{"source": "s1", "title": "T", "date": "2019", "sentence": "太平鸟在海曙",
    ...                       "predicate": "locatedIn", "subject": "a", "object": "b", "when": None}])
    >>> print(format_paths(G, shortest_paths(G, "b", "a")))
    path 1 (1 hop): 海曙区 — 太平鸟
      1. 海曙区 ←[位于 locatedIn]— 太平鸟
           [s1, 2019] T
           “太平鸟在海曙”
    """

    def lab(n: Hashable) -> str:
        return str(G.nodes[n].get("label") or n)

    out: list[str] = []
    for i, path in enumerate(paths, 1):
        if not path:
            out.append(f"path {i} (0 hops)")
            continue
        chain = " — ".join([lab(path[0]["from"]), *(lab(h["to"]) for h in path)])
        out.append(f"path {i} ({len(path)} hop{'s' if len(path) != 1 else ''}): {chain}")
        for j, h in enumerate(path, 1):
            by_pred: dict[tuple[str, bool], list[dict[str, Any]]] = {}
            for e in h["evidence"]:
                by_pred.setdefault((e["predicate"], e["forward"]), []).append(e)
            if not by_pred:  # a graph without evidence: show the edge itself
                by_pred[(str(h["predicate"]), True)] = []
            first = True
            for (pred, forward), evs in sorted(by_pred.items()):
                plabel = _predicate_label(G, h, pred, evs, labels or {})
                arrow = f"—[{plabel} {pred}]→" if forward else f"←[{plabel} {pred}]—"
                lead = f"  {j}. " if first else "     "
                out.append(f"{lead}{lab(h['from'])} {arrow} {lab(h['to'])}")
                first = False
                for e in evs[:sentences]:
                    when = f" ({e['when']})" if e.get("when") else ""
                    out.append(f"       [{e['source']}, {e['date']}] {e['title']}{when}")
                    out.append(f"       “{e['sentence']}”")
                if len(evs) > sentences:
                    out.append(f"       … and {len(evs) - sentences} more")
        out.append("")
    return "\n".join(out).rstrip("\n")


def post_titles(G: nx.Graph, evidence: Iterable[dict[str, Any]]) -> list[str]:
    """Titles of the posts behind ``holdsPost`` evidence (from the person's ``posts``).

    >>> G = nx.Graph()
    >>> G.add_node("p", posts=[{"title": "董事长", "person_id": "p", "org_id": "o", "sentence": "S"}])
    >>> post_titles(G, [{"predicate": "holdsPost", "subject": "p", "object": "o", "sentence": "S"}])
    ['董事长']
    """
    titles = set()
    for e in evidence:
        if e.get("predicate") != "holdsPost" or e.get("subject") not in G:
            continue
        for post in G.nodes[e["subject"]].get("posts") or ():
            if (
                post.get("org_id") == e.get("object")
                and post.get("sentence") == e.get("sentence")
                and post.get("title")
            ):
                titles.add(str(post["title"]))
    return sorted(titles)


def _predicate_label(
    G: nx.Graph, h: dict[str, Any], pred: str, evs: Sequence[dict[str, Any]], labels: Mapping[str, str]
) -> str:
    if pred == "holdsPost":
        titles = post_titles(G, evs)
        if titles:
            return "；".join(titles)
    if pred in labels:
        return labels[pred]
    return str(h.get("label") or pred) if len(h["predicates"]) == 1 else pred


def paths_as_data(G: nx.Graph, paths: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Paths as JSON-ready data: node labels and types added to each hop."""

    def node(n: Hashable) -> dict[str, Any]:
        d = G.nodes[n]
        return {"id": n, "label": d.get("label"), "type": d.get("type")}

    return [
        {
            "length": len(p),
            "nodes": [node(p[0]["from"]), *(node(h["to"]) for h in p)] if p else [],
            "hops": [dict(h, **{"from": node(h["from"]), "to": node(h["to"])}) for h in p],
        }
        for p in paths
    ]


__all__ = [
    "shortest_paths",
    "hop",
    "format_paths",
    "paths_as_data",
    "post_titles",
    "ENUMERATION_LIMIT",
    "NoPath",
]
