"""Communities: Louvain modularity clusters with a fixed seed, described for people.

>>> G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)])
>>> communities(G)
[[0, 1, 2], [3, 4, 5]]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import networkx as nx

from ecokg.network.centrality import rank
from ecokg.network.order import indexed, node_key

SECTOR_TYPE = "IndustrySector"


def communities(
    G: nx.Graph,
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 0,
) -> list[list]:
    """Louvain communities of ``G`` (directed graphs: their undirected view).

    Parameters
    ----------
    G : networkx.Graph
        Any graph; isolated nodes end up as singleton communities.
    weight : str, optional
        Edge attribute used as strength (missing: 1).
    resolution : float
        Louvain resolution: above 1 favours smaller communities.
    seed : int
        Fixed seed: the same graph always gives the same communities.

    Returns
    -------
    list of lists
        Each community's nodes sorted by id; communities largest first, ties by first node.
        Together they partition the nodes of ``G``.

    Examples
    --------
    Two 4-cliques joined by one edge split along that edge; the isolated node is alone.

    >>> G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4))
    >>> G.add_edge(3, 4)
    >>> G.add_node(8)
    >>> communities(G)
    [[0, 1, 2, 3], [4, 5, 6, 7], [8]]
    """
    if len(G) == 0:
        return []
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    H, nodes = indexed(U, weight)
    parts = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    out = [sorted((nodes[i] for i in part), key=node_key) for part in parts]
    out.sort(key=lambda c: (-len(c), node_key(c[0])))
    return out


def membership(comms: Sequence[Sequence[Hashable]]) -> dict[Any, int]:
    """``{node: community number}``, numbering communities from 1 in the given order.

    >>> membership([["a", "b"], ["c"]])
    {'a': 1, 'b': 1, 'c': 2}
    """
    return {n: i for i, c in enumerate(comms, 1) for n in c}


def modularity(G: nx.Graph, comms: Sequence[Sequence[Hashable]], weight: str | None = "weight") -> float:
    """Modularity of a partition (undirected view).

    >>> G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)])
    >>> round(modularity(G, [[0, 1, 2], [3, 4, 5]]), 4)
    0.3571
    """
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    if U.number_of_edges() == 0:
        return 0.0
    return float(nx.community.modularity(U, [set(c) for c in comms], weight=weight))


def describe(
    G: nx.Graph,
    comms: Sequence[Sequence[Hashable]],
    scores: Mapping[Hashable, float] | None = None,
    *,
    top: int = 5,
    sectors: int = 3,
) -> list[dict[str, Any]]:
    """Describe each community by its top members, types and dominant sectors.

    * ``members``: the ``top`` members by ``scores`` (default: degree), as node ids;
    * ``types``: ``(type, count)`` pairs, most frequent first (node attribute ``type``);
    * ``sectors``: the dominant industry sectors -- nodes of type ``IndustrySector`` ranked by
      how many of the community's members are the sector or are linked to it (a sector
      outside the community counts too), as ``(sector, count)`` pairs.

    >>> G = nx.Graph([("a", "b"), ("b", "s"), ("a", "s")])
    >>> G.nodes["s"]["type"] = "IndustrySector"
    >>> d = describe(G, [["a", "b", "s"]])[0]
    >>> (d["id"], d["size"], d["members"], d["sectors"])
    (1, 3, ['a', 'b', 's'], [('s', 3)])
    """
    if scores is None:
        scores = {n: float(d) for n, d in G.degree()}
    out = []
    for i, comm in enumerate(comms, 1):
        members = set(comm)
        types = Counter(str(G.nodes[n].get("type", "")) for n in comm)
        linked: Counter = Counter()
        for n in comm:
            near = set(G[n]) | (set(G.predecessors(n)) if G.is_directed() else set())
            if G.nodes[n].get("type") == SECTOR_TYPE:
                near.add(n)
            for s in near:
                if G.nodes[s].get("type") == SECTOR_TYPE:
                    linked[s] += 1
        out.append(
            {
                "id": i,
                "size": len(members),
                "members": [n for n, _ in rank(scores, comm)[:top]],
                "types": sorted(types.items(), key=lambda t: (-t[1], t[0])),
                "sectors": sorted(linked.items(), key=lambda t: (-t[1], node_key(t[0])))[:sectors],
            }
        )
    return out


__all__ = ["communities", "membership", "modularity", "describe"]
