"""A static picture of the network for reports: PNG bytes drawn with matplotlib.

Nodes are coloured by type (the explorer's colours, with a legend) and sized by centrality;
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
from ecokg.explore.palette import scale_sizes, type_colour
from ecokg.explore.plotting import find_cjk_font

#: At most this many legend entries (the most frequent types).
LEGEND_MAX = 18


def cjk_font(size: float = 10.0) -> FontProperties:
    """Font properties of the installed Noto Sans CJK face (raises ``CJKFontMissing``)."""
    return FontProperties(family=find_cjk_font(), size=size)


def draw_png(
    G: nx.Graph,
    *,
    sizes: Mapping[Any, float] | None = None,
    size_by: str = "pagerank",
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
        Node -> centrality; by default ``ecokg.network.centrality.centrality(G, size_by)``.
    positions : mapping, optional
        Node -> (x, y); by default :func:`ecokg.explore.layout.precompute_layout`.
    title : str, optional
        Drawn above the network (Chinese allowed).
    max_labels : int
        Label only this many nodes, the most central first.
    """
    font = cjk_font(8)  # first, so a missing font fails before any work
    if sizes is None:
        from ecokg.network.centrality import centrality

        sizes = centrality(G, measure=size_by) if G.number_of_nodes() else {}
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
        ax.scatter(
            [xy[n][0] for n in nodes],
            [xy[n][1] for n in nodes],
            s=[area[n] for n in nodes],
            c=[type_colour(G.nodes[n].get("type")) for n in nodes],
            edgecolors="#37474f",
            linewidths=0.4,
            zorder=2,
        )
        ranked = sorted(nodes, key=lambda n: (-float(sizes.get(n, 0.0) or 0.0), str(n)))[:max_labels]
        halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
        for n in ranked:
            label = str(G.nodes[n].get("label") or n)
            ax.annotate(
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
        ax.autoscale_view()
        ax.margins(0.04)
    counts = Counter(str(G.nodes[n].get("type") or "Entity") for n in nodes)
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor=type_colour(t),
            markeredgecolor="#37474f",
            label=f"{t} ({c})",
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
            title="type",
        )
    heading = title or "ecokg"
    fig.suptitle(
        f"{heading}\n{len(nodes)} nodes · {G.number_of_edges()} links · size: {size_by}",
        fontproperties=cjk_font(13),
        x=0.01,
        ha="left",
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


__all__ = ["draw_png", "cjk_font", "LEGEND_MAX"]
