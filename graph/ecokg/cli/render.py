"""``ecokg render``: the explorer page (and a static PNG) of the whole graph, one entity's
neighbourhood or one district.

The command reads the build, projects it onto a directed networkx graph
(:func:`ecokg.network.projection.project`), adds what the page shows beyond the projection (each
entity's own sentences per article and the articles' titles and dates, :func:`annotate`),
sizes nodes by a centrality of the whole graph (:func:`ecokg.network.analysis.centrality`), cuts the
view and writes the page (:mod:`ecokg.explore.explorer`) or the picture (:mod:`ecokg.explore.picture`).

Views
    the whole graph (default); ``--focus NAME --depth N``: everything within N links of the
    entity called NAME (any name or alias); ``--district NAME``: the entities in that
    district (transitively locatedIn / partOf / settledIn) and everything within ``--depth``
    links of them.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("haishu", label="海曙区", label_en="Haishu District", aliases=["海曙"], type="District")
>>> G.add_node("haishu_gov", label="海曙区人民政府", type="GovernmentBody")
>>> resolve(G, "海曙")
'haishu'
>>> resolve(G, "haishu district")
'haishu'
>>> resolve(G, "人民政府")
'haishu_gov'
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset

from ecokg.cli.main import register
from ecokg.dataset.namespaces import ID, PREFIXES, SOURCE
from ecokg.explore.explorer import (
    LAYOUT_THRESHOLD,
    explorer_html,
    node_districts,
    node_names,
    normalise_name,
    write_explorer,
)
from ecokg.io.writer import atomic_write
from ecokg.network.analysis import MEASURES

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


class UnknownName(LookupError):
    """A name that matches no entity (or several equally well)."""


def _local(term: Any, base: Any) -> str | None:
    s, b = str(term), str(base)
    return s[len(b) :] if s.startswith(b) else None


def annotate(G: nx.Graph, ds: Dataset) -> nx.Graph:
    """Add ``mentions`` (each node's sentences, ``{source, sentence}``) and ``G.graph["articles"]``.

    Returns ``G`` itself (changed in place).
    """
    mentions: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in ds.query(_MENTIONS_QUERY):
        e, sid = _local(row["e"], ID), _local(row["article"], SOURCE)  # type: ignore[index]
        if e in G and sid:
            mentions[e].add((sid, str(row["text"])))  # type: ignore[index]
    for n in G.nodes:
        G.nodes[n]["mentions"] = [{"source": s, "sentence": t} for s, t in sorted(mentions.get(n, ()))]
    articles = {}
    for row in ds.query(_ARTICLES_QUERY):
        sid = _local(row["article"], SOURCE)  # type: ignore[index]
        if sid:
            title, issued, year = row["title"], row["issued"], row["year"]  # type: ignore[index]
            articles[sid] = {"title": str(title), "date": str(issued), "year": None if year is None else int(year)}
    G.graph["articles"] = dict(sorted(articles.items()))
    return G


def resolve(G: nx.Graph, name: str) -> Any:
    """The node called ``name``: exact match on any name (label, English, alias, id; case and
    spaces ignored), else the single node with a name containing it. Raises :class:`UnknownName`.
    """
    key = normalise_name(name)
    exact: set[Any] = set()
    partial: set[Any] = set()
    for n, d in G.nodes(data=True):
        for nm in node_names(str(n), d):
            k = normalise_name(nm)
            if k == key:
                exact.add(n)
            elif key and key in k:
                partial.add(n)
    for found in (exact, partial):
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            listed = ", ".join(f"{G.nodes[n].get('label') or n} ({n})" for n in sorted(found, key=str)[:12])
            raise UnknownName(f"{name!r} names several entities: {listed}; use a fuller name or the id")
    every = sorted({nm for n, d in G.nodes(data=True) for nm in node_names(str(n), d)})
    close = difflib.get_close_matches(name, every, n=5, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownName(f"no entity is called {name!r}{hint}")


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


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        help="HTML page to write (default: the workspace's build/explorer.html; with --png only if given)",
    )
    p.add_argument("--png", type=Path, metavar="FILE", help="also (or instead) write a static PNG picture for reports")
    p.add_argument("--build", type=Path, help="build directory (default: the workspace's build/)")
    p.add_argument("--store", choices=("oxigraph", "memory"), default="oxigraph")
    view = p.add_mutually_exclusive_group()
    view.add_argument("--focus", metavar="NAME", help="show the neighbourhood of the entity with this name or alias")
    view.add_argument("--district", metavar="NAME", help="show one district: its entities and their neighbours")
    p.add_argument(
        "--depth", type=int, default=1, metavar="N", help="links from the focus / district members (default 1)"
    )
    p.add_argument(
        "--types", nargs="+", metavar="TYPE", help="keep only these ontology classes (superclasses select subclasses)"
    )
    p.add_argument("--exclude-types", nargs="+", default=[], metavar="TYPE", help="drop these ontology classes")
    p.add_argument(
        "--size-by",
        default="pagerank",
        choices=MEASURES,
        metavar="MEASURE",
        help=f"centrality that sizes the nodes: {', '.join(MEASURES)} (default pagerank)",
    )
    p.add_argument(
        "--physics",
        choices=("auto", "on", "off"),
        default="auto",
        help=f"force layout in the browser (auto: on up to {LAYOUT_THRESHOLD} nodes, else precomputed)",
    )
    p.add_argument("--title", help="page heading")


def _cmd_render(args: argparse.Namespace) -> int:
    from ecokg.network.analysis import centrality
    from ecokg.network.projection import project
    from ecokg.query.store import open_dataset

    if args.depth < 0:
        print("ecokg render: --depth must be 0 or more", file=sys.stderr)
        return 2
    build = args.build or args.project.build_dir
    ds = open_dataset(build / "ecosystem.trig", store=args.store)
    G = annotate(project(ds, types=args.types, exclude_types=args.exclude_types, directed=True), ds)
    sizes = centrality(G, measure=args.size_by)
    districts = node_districts(G)
    view, focus, heading = G, None, "ecokg explorer — the whole ecosystem"
    try:
        if args.focus:
            focus = resolve(G, args.focus)
            view = ego_view(G, focus, args.depth)
            heading = f"ecokg explorer — {G.nodes[focus].get('label') or focus}, {args.depth} step(s)"
        elif args.district:
            district = resolve(G.subgraph(n for n, t in G.nodes(data="type") if t == "District"), args.district)
            view = district_view(G, district, args.depth, districts)
            heading = f"ecokg explorer — {G.nodes[district].get('label') or district}"
    except UnknownName as exc:
        print(f"ecokg render: {exc}", file=sys.stderr)
        return 1
    heading = args.title or heading
    out = args.output if (args.output or args.png) else args.project.build_dir / "explorer.html"
    if args.png:
        from ecokg.explore.picture import draw_png
        from ecokg.explore.plotting import CJKFontMissing

        try:
            png = draw_png(view, sizes=sizes, size_by=args.size_by, title=heading)
        except CJKFontMissing as exc:
            print(f"ecokg render: {exc}", file=sys.stderr)
            return 1
        atomic_write(args.png, png)
        print(f"wrote {args.png}: {view.number_of_nodes()} nodes, {view.number_of_edges()} links")
    if out:
        physics = {"auto": None, "on": True, "off": False}[args.physics]
        labels = {x: G.nodes[x].get("label") or x for xs in districts.values() for x in xs}
        page = explorer_html(
            view,
            sizes=sizes,
            size_by=args.size_by,
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

__all__ = ["annotate", "district_view", "ego_view", "resolve", "UnknownName"]
