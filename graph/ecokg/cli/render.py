"""``ecokg render``: the explorer page (and a static PNG) of the whole graph, one entity's
neighbourhood or one district.

The command reads the build, projects it onto a directed networkx graph
(:func:`ecokg.network.projection.project`), adds what the page shows beyond the projection (each
entity's own sentences per article and the articles' titles and dates,
:func:`ecokg.explore.views.annotate`),
sizes nodes by a centrality of the whole graph -- the scores ``ecokg centrality`` and ``ecokg analyze``
give for the same options: :func:`ecokg.network.centrality.centrality` on the undirected projection
(:func:`ecokg.explore.views.undirected`) with the same weighting, even though the page draws
arrows from the directed one -- cuts the
view (:mod:`ecokg.explore.views`) and writes the page (:mod:`ecokg.explore.page`) or the picture (:mod:`ecokg.explore.picture`).

Views
    the whole graph (default); ``--focus NAME --depth N``: everything within N links of the
    entity called NAME (any name or alias); ``--district NAME``: the entities in that
    district (transitively locatedIn / partOf / settledIn) and everything within ``--depth``
    links of them.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("haishu", label="海曙区", label_en="Haishu District", aliases=["海曙"], type="District")
>>> G.add_node("haishu_gov", label="海曙区人民政府", type="GovernmentBody")
>>> names = Names.from_graph(G)
>>> names.resolve("海曙"), names.resolve("haishu district"), names.resolve("人民政府")
('haishu', 'haishu', 'haishu_gov')
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ecokg.cli.main import add_store_option, register
from ecokg.cli.projection_args import check_class_options
from ecokg.explore.layout import LAYOUT_THRESHOLD
from ecokg.explore.page import explorer_html, write_explorer
from ecokg.explore.palette import describe_sizing
from ecokg.explore.views import annotate, district_view, ego_view, node_districts, undirected
from ecokg.io.writer import atomic_write
from ecokg.network.centrality import MEASURES
from ecokg.query.names import NameLookupError, Names


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="HTML page to write (default: the workspace's build/explorer.html; with --png only if given)",
    )
    p.add_argument("--png", type=Path, metavar="FILE", help="also (or instead) write a static PNG picture for reports")
    p.add_argument("--build", type=Path, metavar="DIR", help="build directory (default: the workspace's build/)")
    add_store_option(p)
    view = p.add_mutually_exclusive_group()
    view.add_argument("--focus", metavar="NAME", help="show the neighbourhood of the entity with this name or alias")
    view.add_argument("--district", metavar="NAME", help="show one district: its entities and their neighbours")
    p.add_argument(
        "--depth", type=int, default=1, metavar="N", help="links from the focus / district members (default 1)"
    )
    p.add_argument("--only-types", metavar="CLASS,...",
                   help="keep only entities of these classes (superclasses select subclasses; e.g. Organization,Place)")  # fmt: skip
    p.add_argument("--exclude-types", metavar="CLASS,...", help="drop entities of these classes")
    p.add_argument(
        "--size-by",
        default="pagerank",
        choices=MEASURES,
        metavar="MEASURE",
        help=f"centrality that sizes the nodes, as `ecokg centrality --measure` gives it on the undirected "
        f"projection: {', '.join(MEASURES)} (default pagerank)",
    )
    p.add_argument("--weight", choices=("corroboration", "none"), default="corroboration",
                   help="edge weight for the sizes: number of articles stating the link (default) or 1")  # fmt: skip
    p.add_argument(
        "--physics",
        nargs="?",
        const="on",
        choices=("auto", "on", "off"),
        default="off",
        help="let the layout move in the browser (`--physics` alone: on; auto: on up to "
        f"{LAYOUT_THRESHOLD} nodes); default off: a precomputed layout that stands still",
    )
    p.add_argument("--title", help="page heading")


def _cmd_render(args: argparse.Namespace) -> int:
    from ecokg.network.centrality import centrality
    from ecokg.network.projection import project
    from ecokg.query.store import open_dataset

    if args.depth < 0:
        print("ecokg render: --depth must be 0 or more", file=sys.stderr)
        return 2
    build = args.build or args.project.build_dir
    ds = open_dataset(build / "ecosystem.trig", store=args.store)
    check_class_options(args, ds)  # unknown classes: an error naming the option, with near names
    only = [t.strip() for t in (args.only_types or "").split(",") if t.strip()]
    exclude = [t.strip() for t in (args.exclude_types or "").split(",") if t.strip()]
    weight = None if args.weight == "none" else args.weight
    G = annotate(project(ds, types=only or None, exclude_types=exclude, directed=True, weight=weight), ds)
    sizes = centrality(undirected(G, weight=weight), measure=args.size_by, weight=None if weight is None else "weight")
    districts = node_districts(G)
    view, focus, heading = G, None, "ecokg explorer — the whole ecosystem"
    try:
        if args.focus:
            focus = Names.from_graph(G).resolve(args.focus)
            view = ego_view(G, focus, args.depth)
            heading = f"ecokg explorer — {G.nodes[focus].get('label') or focus}, {args.depth} step(s)"
        elif args.district:
            district = Names.from_graph(G.subgraph(n for n, t in G.nodes(data="type") if t == "District")).resolve(
                args.district
            )
            view = district_view(G, district, args.depth, districts)
            heading = f"ecokg explorer — {G.nodes[district].get('label') or district}"
    except NameLookupError as exc:
        print(f"ecokg render: {exc}", file=sys.stderr)
        return 1
    heading = args.title or heading
    sizing = describe_sizing(args.size_by, weight) + (
        "" if view is G else " · 在全图上计算 computed on the whole graph"
    )
    out = args.output if (args.output or args.png) else args.project.build_dir / "explorer.html"
    if args.png:
        from ecokg.explore.picture import draw_png
        from ecokg.explore.plotting import CJKFontMissing

        try:
            png = draw_png(view, sizes=sizes, sizing=sizing, title=heading)
        except CJKFontMissing as exc:
            print(f"ecokg render: {exc}", file=sys.stderr)
            return 1
        atomic_write(args.png, png)
        print(f"wrote {args.png}: {view.number_of_nodes()} nodes, {view.number_of_edges()} links")
    if out:
        physics = {"auto": view.number_of_nodes() <= LAYOUT_THRESHOLD, "on": True, "off": False}[args.physics]
        labels = {x: G.nodes[x].get("label") or x for xs in districts.values() for x in xs}
        page = explorer_html(
            view,
            sizes=sizes,
            size_by=args.size_by,
            weight=weight,
            sizing=sizing,
            districts=districts,
            district_labels=labels,
            focus=focus,
            physics=physics,
            title=heading,
        )
        write_explorer(out, page)
        print(
            f"wrote {out}: {view.number_of_nodes()} nodes, {view.number_of_edges()} links ({len(page.encode('utf-8')) // 1024} KiB)"
        )
    return 0


register("render", "write the interactive explorer page (HTML) or a static picture (PNG)", _configure, _cmd_render)
