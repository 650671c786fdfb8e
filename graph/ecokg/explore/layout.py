"""Layout: where the explorer's nodes go, and the vis-network options that draw them.

By default the layout is precomputed by :func:`precompute_layout` in networkx -- one spring
layout for small graphs, Louvain communities laid out piece by piece for large ones -- and stands
still; vis-network's physics runs only on request (``ecokg render --physics``, or the page's
checkbox), starting from those positions.
:func:`vis_options` are the vis-network options for either case.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

from ecokg.explore.palette import SIZE_RANGE

#: Above this many nodes the page draws straight edges, hides them while dragging or zooming,
#: and ``ecokg render --physics auto`` leaves physics off.
LAYOUT_THRESHOLD = 1000

#: Graphs up to this size are laid out in one piece; larger ones community by community.
DIRECT_LAYOUT_MAX = 500

#: Labels smaller than this on screen (pixels) are not drawn; the page hides a label by giving it a
#: font of :data:`HIDDEN_FONT` canvas units.
LABEL_DRAW_THRESHOLD = 5
HIDDEN_FONT = 0.001
#: On-screen font sizes (pixels) of the labels the page draws: the least and the most central.
LABEL_PX = (12, 16)

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
                "size": HIDDEN_FONT,
                "face": "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            # node "value" is already the size. Labels are not scaled by vis-network: the page
            # chooses which labels to draw and at what size for the current zoom (explorer.js,
            # planLabels), and hides the others with a font below drawThreshold on screen.
            "scaling": {
                "min": SIZE_RANGE[0],
                "max": SIZE_RANGE[1],
                "label": {"enabled": False, "drawThreshold": LABEL_DRAW_THRESHOLD, "maxVisible": 200},
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


__all__ = [
    "DIRECT_LAYOUT_MAX",
    "HIDDEN_FONT",
    "LABEL_DRAW_THRESHOLD",
    "LABEL_PX",
    "LAYOUT_THRESHOLD",
    "PIXELS_PER_UNIT",
    "precompute_layout",
    "vis_options",
]
