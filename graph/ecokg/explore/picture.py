"""A static picture of the network for reports: PNG bytes drawn with matplotlib.

Nodes are coloured and shaped by type (the explorer's colours and shapes, with a legend in
Chinese and English) and sized by the same centrality as the explorer and ``ecokg centrality``
(the caption says which measure, projection and weight);
the most central nodes are labelled in Chinese with a Noto Sans CJK face found through
:func:`ecokg.explore.plotting.find_cjk_font`, so the labels render as text rather than empty boxes.
Without a CJK font :class:`ecokg.explore.plotting.CJKFontMissing` is raised, with a message that says
what to install. No global matplotlib state is changed (no pyplot, no rcParams).

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("a", label="海曙区", type="District")
>>> G.add_node("b", label="太平鸟", type="Company")
>>> G.add_edge("a", "b")
>>> png = draw_png(G, sizes={"a": 0.7, "b": 0.3}, title="示例")
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from ecokg.explore.layout import precompute_layout
from ecokg.explore.palette import describe_sizing, scale_sizes, type_colour, type_shape
from ecokg.explore.plotting import find_cjk_font
from ecokg.explore.views import undirected

#: At most this many legend entries (the most frequent types).
LEGEND_MAX = 18
#: matplotlib's marker for each vis-network shape of :mod:`ecokg.explore.palette`.
MARKERS = {"dot": "o", "triangleDown": "v", "diamond": "D", "triangle": "^", "square": "s", "star": "*", "hexagon": "h"}


def cjk_font(size: float = 10.0) -> FontProperties:
    """Font properties of the installed Noto Sans CJK face (raises ``CJKFontMissing``)."""
    return FontProperties(family=find_cjk_font(), size=size)


def draw_png(
    G: nx.Graph,
    *,
    sizes: Mapping[Any, float] | None = None,
    size_by: str = "pagerank",
    weight: str | None = "corroboration",
    sizing: str | None = None,
    positions: Mapping[Any, tuple[float, float]] | None = None,
    title: str | None = None,
    max_labels: int = 40,
    figsize: tuple[float, float] = (16.0, 11.0),
    dpi: int = 120,
) -> bytes:
    """Draw ``G`` and return the PNG.

    Parameters
    ----------
    G : networkx.Graph
        A projection (node attributes ``label`` and ``type``).
    sizes : mapping, optional
        Node -> centrality; by default the scores of ``ecokg centrality --measure size_by``:
        ``centrality(undirected(G, weight), size_by, weight=...)``, the explorer's too.
    weight : {"corroboration", None}
        The weighting those scores use (the caption names it with the measure).
    sizing : str, optional
        The caption's line about the sizes (default: :func:`ecokg.explore.palette.describe_sizing`).
    positions : mapping, optional
        Node -> (x, y); by default :func:`ecokg.explore.layout.precompute_layout`.
    title : str, optional
        Drawn above the network (Chinese allowed).
    max_labels : int
        Label at most this many nodes, the most central first, leaving out a label that would
        overlap one already drawn.
    """
    font = cjk_font(8)  # first, so a missing font fails before any work
    if sizes is None:
        from ecokg.network.centrality import centrality

        U = undirected(G, weight=weight)
        sizes = centrality(U, measure=size_by, weight=None if weight is None else "weight") if len(G) else {}
    pos = dict(positions) if positions is not None else precompute_layout(G)
    nodes = list(G.nodes)
    area = scale_sizes(sizes, nodes, lo=15.0, hi=900.0)

    fig = Figure(figsize=figsize, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.01, 0.80, 0.93))
    ax.set_axis_off()
    if nodes:
        xy = {n: (pos[n][0], -pos[n][1]) for n in nodes}  # vis-network's y grows downwards
        segments = [(xy[u], xy[v]) for u, v in G.edges() if u != v]
        ax.add_collection(LineCollection(segments, colors="#90a4ae", linewidths=0.6, alpha=0.6, zorder=1))
        for shape in sorted({type_shape(G.nodes[n].get("type")) for n in nodes}):
            group = [n for n in nodes if type_shape(G.nodes[n].get("type")) == shape]
            ax.scatter(
                [xy[n][0] for n in group],
                [xy[n][1] for n in group],
                s=[area[n] for n in group],
                c=[type_colour(G.nodes[n].get("type")) for n in group],
                marker=MARKERS[shape],
                edgecolors="#37474f",
                linewidths=0.4,
                zorder=2,
            )
        ax.autoscale_view()
        ax.margins(0.04)
        # The most central first; a label that would overlap one already drawn is left out
        # (matplotlib measures each text with the figure's renderer), as on the explorer page.
        ranked = sorted(nodes, key=lambda n: (-float(sizes.get(n, 0.0) or 0.0), str(n)))[:max_labels]
        halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # FigureCanvasAgg has it
        placed: list[Any] = []
        for n in ranked:
            label = str(G.nodes[n].get("label") or n)
            text = ax.annotate(
                label,
                xy[n],
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontproperties=font,
                path_effects=halo,
                zorder=3,
            )
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            if any(box.overlaps(other) for other in placed):
                text.remove()
            else:
                placed.append(box)
    zh = dict(G.graph.get("type_labels") or {})
    counts = Counter(str(G.nodes[n].get("type") or "Entity") for n in nodes)
    handles = [
        Line2D(
            [],
            [],
            marker=MARKERS[type_shape(t)],
            linestyle="",
            markersize=8,
            markerfacecolor=type_colour(t),
            markeredgecolor="#37474f",
            label=f"{zh[t]} {t} ({c})" if zh.get(t) else f"{t} ({c})",
        )
        for t, c in sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))[:LEGEND_MAX]
    ]
    if handles:
        fig.legend(
            handles=handles,
            loc="upper right",
            bbox_to_anchor=(0.995, 0.94),
            prop=cjk_font(9),
            frameon=False,
            title="类型 type",
            title_fontproperties=cjk_font(9),
        )
    heading = title or "ecokg"
    fig.suptitle(
        f"{heading}\n{len(nodes)} 个节点 nodes · {G.number_of_edges()} 条关系 links\n{sizing or describe_sizing(size_by, weight)}",
        fontproperties=cjk_font(13),
        x=0.01,
        ha="left",
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


__all__ = ["LEGEND_MAX", "MARKERS", "cjk_font", "draw_png"]
