"""Deterministic node order: the sort key every ranking and listing breaks ties with, and the
relabelled copy (nodes ``0..n-1`` in that order) the algorithms run on.

>>> H, nodes = indexed(nx.Graph([("b", "a"), ("a", "c")]))
>>> nodes, sorted(H.edges)
(['a', 'b', 'c'], [(0, 1), (0, 2)])
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

#: Edge attribute of :func:`indexed` copies: the distance ``1 / weight``.
DIST = "__distance"


def node_key(node: Hashable) -> tuple:
    """Sort key for nodes of mixed types: numbers numerically, then strings.

    >>> sorted(["b", 10, "a", 2], key=node_key)
    [2, 10, 'a', 'b']
    """
    if isinstance(node, bool | int | float):
        return (0, node, "")
    return (1, 0, str(node))


def sorted_nodes(G: nx.Graph) -> list:
    """The nodes of ``G`` in :func:`node_key` order."""
    return sorted(G, key=node_key)


def indexed(G: nx.Graph, weight: str | None = None) -> tuple[nx.Graph, list]:
    """A copy of ``G`` with nodes ``0..n-1`` (sorted node order) and only the edge weight.

    Integer labels hash the same in every process, so set-iteration inside networkx is
    reproducible; edges are inserted in sorted order too.
    """
    nodes = sorted_nodes(G)
    index = {v: i for i, v in enumerate(nodes)}
    H = G.__class__()
    H.add_nodes_from(range(len(nodes)))
    edges = []
    for u, v, d in G.edges(data=True):
        w = 1.0 if weight is None else float(d.get(weight, 1.0))
        if w <= 0:
            raise ValueError(f"edge ({u!r}, {v!r}) has non-positive weight {w}")
        a, b = index[u], index[v]
        if not G.is_directed() and a > b:
            a, b = b, a
        edges.append((a, b, w))
    edges.sort()
    H.add_edges_from((a, b, {"weight": w, DIST: 1.0 / w}) for a, b, w in edges)
    return H, nodes


__all__ = ["node_key", "sorted_nodes", "indexed", "DIST"]
