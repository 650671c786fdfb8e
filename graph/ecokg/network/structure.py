"""Structure of the projected graph: cut points, bridges, k-cores, components and fragmentation.

Pure functions in the networkx style -- a graph in, plain data out -- on any networkx graph
with any number of components; directed graphs are read as their undirected view, and every
list is in :func:`ecokg.network.order.node_key` order (or ranked, ties by node id).

>>> G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)])
>>> articulation_points(G), core_numbers(G)
([2], {0: 2, 1: 2, 2: 2, 3: 1})
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

from ecokg.network.order import node_key, sorted_nodes
from ecokg.network.report import Report, silent


def _undirected(G: nx.Graph) -> nx.Graph:
    return G.to_undirected(as_view=True) if G.is_directed() else G


def articulation_points(G: nx.Graph) -> list:
    """Nodes whose removal disconnects their component (directed: of the undirected view).

    Two triangles joined by the edge ``2 - 3``: its ends are the cut points.

    >>> G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)])
    >>> articulation_points(G)
    [2, 3]
    """
    return sorted(nx.articulation_points(_undirected(G)), key=node_key)


def bridges(G: nx.Graph) -> list[dict[str, Any]]:
    """Edges whose removal disconnects their component, with the sizes of the two sides.

    Each item: ``u``, ``v`` (the side of ``u`` is the larger; on a tie ``u`` has the smaller
    id), ``side_u``, ``side_v`` (node
    counts after the cut) and ``leaf`` (the small side is a single node).  Sorted by the
    smaller side, largest first (the bridges that hold the most together), then by ids.
    Linear time: sides come from subtree sizes in the bridge tree.

    >>> G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3), (5, 6)])
    >>> [(b["u"], b["v"], b["side_u"], b["side_v"], b["leaf"]) for b in bridges(G)]
    [(3, 2, 4, 3, False), (5, 6, 6, 1, True)]
    """
    U = _undirected(G)
    found = list(nx.bridges(U)) if U.number_of_edges() else []
    if not found:
        return []
    cut = {frozenset(e) for e in found}
    # 2-edge-connected pieces: components once the bridges are removed.
    piece: dict[Any, int] = {}
    sizes: list[int] = []
    for comp in sorted((sorted(c, key=node_key) for c in nx.connected_components(U)), key=lambda c: node_key(c[0])):
        for start in comp:
            if start in piece:
                continue
            pid = len(sizes)
            piece[start] = pid
            stack, count = [start], 0
            while stack:
                x = stack.pop()
                count += 1
                for y in U[x]:
                    if y not in piece and frozenset((x, y)) not in cut:
                        piece[y] = pid
                        stack.append(y)
            sizes.append(count)
    tree: dict[int, list[tuple[int, tuple]]] = defaultdict(list)
    for u, v in found:
        tree[piece[u]].append((piece[v], (u, v)))
        tree[piece[v]].append((piece[u], (v, u)))
    # Subtree sizes in each tree of the bridge forest give both sides of every bridge.
    side: dict[frozenset, tuple[Any, Any, int, int]] = {}
    seen: set[int] = set()
    for root in sorted(tree):
        if root in seen:
            continue
        seen.add(root)
        order, parent, pedge, stack = [], {root: -1}, {}, [root]
        while stack:
            x = stack.pop()
            order.append(x)
            for y, e in tree[x]:
                if y not in seen:
                    seen.add(y)
                    parent[y], pedge[y] = x, e
                    stack.append(y)
        below = {x: sizes[x] for x in order}
        for x in reversed(order[1:]):
            below[parent[x]] += below[x]
        for x in order[1:]:
            a, b = pedge[x]  # a in the parent piece, b in piece x
            side[frozenset((a, b))] = (a, b, below[root] - below[x], below[x])
    out = []
    for e in found:
        p, c, sp, sc = side[frozenset(e)]
        if (-sc, node_key(c)) < (-sp, node_key(p)):  # u: the larger side (ties: smaller id)
            p, c, sp, sc = c, p, sc, sp
        out.append({"u": p, "v": c, "side_u": sp, "side_v": sc, "leaf": sc == 1})
    out.sort(key=lambda b: (-b["side_v"], -b["side_u"], node_key(b["u"]), node_key(b["v"])))
    return out


def core_numbers(G: nx.Graph) -> dict[Any, int]:
    """k-core number of every node (self-loops ignored; directed graphs: undirected view).

    A triangle with a pendant node: the triangle is the 2-core.

    >>> core_numbers(nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)]))
    {0: 2, 1: 2, 2: 2, 3: 1}
    """
    U = nx.Graph(_undirected(G))
    U.remove_edges_from(list(nx.selfloop_edges(U)))
    cores = nx.core_number(U)
    return {n: cores[n] for n in sorted_nodes(G)}


def k_core(G: nx.Graph, k: int | None = None) -> list:
    """Nodes of the ``k``-core (default: the main core, the largest ``k`` with one).

    >>> k_core(nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)]))
    [0, 1, 2]
    """
    cores = core_numbers(G)
    if not cores:
        return []
    k = max(cores.values()) if k is None else k
    return [n for n, c in cores.items() if c >= k]


def components_summary(G: nx.Graph) -> dict[str, int]:
    """Number of (weakly) connected components, largest size, isolated nodes.

    >>> components_summary(nx.Graph([(0, 1), (2, 3), (3, 4)]))
    {'nodes': 5, 'components': 2, 'largest': 3, 'isolated': 0}
    """
    U = _undirected(G)
    sizes = [len(c) for c in nx.connected_components(U)]
    return {
        "nodes": len(U),
        "components": len(sizes),
        "largest": max(sizes, default=0),
        "isolated": sum(1 for s in sizes if s == 1),
    }


def fragmentation(G: nx.Graph, nodes: Iterable[Hashable], *, report: Report = silent) -> list[dict[str, Any]]:
    """What removing each of ``nodes`` (one at a time) does to the graph (``report``: each node done,
    :mod:`ecokg.network.report`).

    Each item: ``node``, ``components_before``/``after`` (connected components; directed:
    weakly), ``largest_before``/``after`` (nodes in the largest component) and ``cut_off``
    (nodes that lose their connection to the rest of their component: the component's size
    minus one minus its largest remaining piece).  Only the node's own component is
    recomputed, so this is linear in that component's size per node.

    Two triangles joined by ``2 - 3``: removing ``2`` leaves ``{0, 1}`` and ``{3, 4, 5}``.

    >>> G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)])
    >>> f = fragmentation(G, [2])[0]
    >>> (f["components_before"], f["components_after"], f["largest_before"], f["largest_after"], f["cut_off"])
    (1, 2, 6, 3, 2)
    """
    U = _undirected(G)
    comps = [set(c) for c in nx.connected_components(U)]
    of: dict[Any, int] = {}
    for i, c in enumerate(comps):
        for x in c:
            of[x] = i
    sizes = sorted((len(c) for c in comps), reverse=True)
    out: list[dict[str, Any]] = []
    todo = list(nodes)
    report("fragmentation", 0, len(todo))
    for v in todo:
        if v not in U:
            raise nx.NodeNotFound(f"node {v!r} is not in the graph")
        comp = comps[of[v]]
        rest = comp - {v}
        pieces = [len(c) for c in nx.connected_components(U.subgraph(rest))] if rest else []
        others = list(sizes)
        others.remove(len(comp))
        largest_after = max([*others, *pieces], default=0)
        out.append(
            {
                "node": v,
                "components_before": len(comps),
                "components_after": len(comps) - 1 + len(pieces),
                "largest_before": sizes[0] if sizes else 0,
                "largest_after": largest_after,
                "cut_off": len(rest) - max(pieces, default=0),
            }
        )
        report("fragmentation", len(out), len(todo))
    return out


__all__ = [
    "articulation_points",
    "bridges",
    "core_numbers",
    "k_core",
    "components_summary",
    "fragmentation",
]
