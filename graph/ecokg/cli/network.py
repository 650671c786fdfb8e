"""Network-analysis commands: ``centrality``, ``communities``, ``path``, ``bridges``,
``fragility``, ``chain-leaders`` and ``analyze`` (writes ``build/centrality.csv`` and
``build/analysis.trig``).

Every command reads the build (``build/ecosystem.trig``), projects it with
:func:`ecokg.network.projection.project` (options ``--only-types``, ``--exclude-types``,
``--no-people``, ``--no-programmes``, ``--no-sectors``, ``--directed``, ``--weight``) and runs
the pure functions of :mod:`ecokg.network.centrality`, :mod:`ecokg.network.structure`,
:mod:`ecokg.network.communities`, :mod:`ecokg.network.paths` and :mod:`ecokg.network.chain_leaders`;
``analyze`` writes the files of :mod:`ecokg.network.export`.  Every entity given by name
(``path``, ``--avoid``, ``chain-leaders --sector``, ``fragility --node``) is found by
:mod:`ecokg.query.names`.  This module only parses arguments and prints.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset

from ecokg.cli.main import register
from ecokg.network import centrality as C
from ecokg.network import structure as S
from ecokg.network.order import node_key
from ecokg.query.names import NameLookupError, Names
from ecokg.query.results import FORMATS, format_rows
from ecokg.query.store import ANALYSIS_FILE

# ---------------------------------------------------------------------------- shared options


def _add_projection_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("projection (see queries/projection-edges.rq)")
    g.add_argument("--build", type=Path, metavar="DIR", help="build directory (default: ROOT/build)")
    g.add_argument(
        "--store",
        choices=("oxigraph", "memory"),
        default="oxigraph",
        help="embedded store (default: oxigraph; memory: rdflib's own)",
    )
    g.add_argument(
        "--only-types",
        metavar="CLASS,...",
        help="keep only entities of these classes (superclasses select subclasses; e.g. Organization,Place)",
    )
    g.add_argument("--exclude-types", metavar="CLASS,...", help="drop entities of these classes")
    g.add_argument("--no-people", action="store_true", help="leave out persons (and their posts)")
    g.add_argument(
        "--no-programmes", action="store_true", help="leave out programmes, campaigns, policies, reforms, strategies"
    )
    g.add_argument("--no-sectors", action="store_true", help="leave out industry sectors")
    g.add_argument("--directed", action="store_true", help="directed graph (subject -> object)")
    g.add_argument("--weight", choices=("corroboration", "none"), default="corroboration",
                   help="edge weight: number of articles stating the link (default) or 1")  # fmt: skip


def _add_sampling_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--k", type=int, default=None,
                   help=f"sample size for betweenness/closeness (default: exact up to {C.AUTO_SAMPLE_ABOVE} nodes, "
                        f"then {C.AUTO_SAMPLE_SIZE})")  # fmt: skip
    p.add_argument("--seed", type=int, default=0, help="seed for sampling and communities (default 0)")


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _trig_path(args: argparse.Namespace) -> Path:
    build = args.build or args.project.build_dir
    return build / "ecosystem.trig"


def _dataset(args: argparse.Namespace) -> Dataset:
    from ecokg.query.store import open_dataset

    return open_dataset(_trig_path(args), store=args.store)


def projection_from_args(args: argparse.Namespace, ds: Any = None) -> nx.Graph:
    """The projection the command-line options ask for."""
    from ecokg.network.projection import project

    ds = ds if ds is not None else _dataset(args)
    only = _split(args.only_types)
    return project(
        ds,
        types=only or None,
        exclude_types=_split(args.exclude_types),
        include_people=not args.no_people,
        include_programmes=not args.no_programmes,
        include_sectors=not args.no_sectors,
        directed=args.directed,
        weight=None if args.weight == "none" else args.weight,
    )


def _weight_attr(args: argparse.Namespace) -> str | None:
    return None if args.weight == "none" else "weight"


def _label(G: nx.Graph, n: Any) -> str:
    return str(G.nodes[n].get("label") or n)


def _note_sampling(G: nx.Graph, k: int | None, measures: Sequence[str], out: Any = sys.stderr) -> None:
    kk = C.sample_size(G, k)
    if kk is not None and any(m in ("betweenness", "closeness") for m in measures):
        print(f"note: betweenness/closeness estimated from k={kk} sampled nodes of {len(G)} (set --k)", file=out)


def _summary(text: str, fmt: str) -> None:
    """A closing line: under a table on stdout, else on stderr (stdout stays machine-readable)."""
    print(("\n" + text) if fmt == "table" else text, file=sys.stdout if fmt == "table" else sys.stderr)


def _fmt(v: float) -> str:
    return f"{v:.6f}"


# ---------------------------------------------------------------------------- centrality


def _configure_centrality(p: argparse.ArgumentParser) -> None:
    p.add_argument("--measure", choices=C.MEASURES, default="pagerank", help="centrality measure (default: pagerank)")
    p.add_argument("--show-types", metavar="CLASS,...",
                   help="show only the rows of these classes (superclasses select subclasses: Organization, Place, "
                        "Policy); ranks and scores still cover the whole projection (--only-types narrows that)")  # fmt: skip
    p.add_argument("--top", type=int, default=20, help="rows to show (0: all; default 20)")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    _add_sampling_options(p)
    _add_projection_options(p)


def _in_class(G: nx.Graph, n: Any, cls: str) -> bool:
    d = G.nodes[n]
    return cls == d.get("type") or cls in (d.get("classes") or ())


def _cmd_centrality(args: argparse.Namespace) -> int:
    G = projection_from_args(args)
    scores = C.centrality(G, args.measure, weight=_weight_attr(args), k=args.k, seed=args.seed)
    overall = C.ranks(scores)
    by_type = C.ranks(scores, group=lambda n: G.nodes[n].get("type"))
    nodes = list(G)
    if args.show_types:
        nodes = [n for n in G if any(_in_class(G, n, c) for c in _split(args.show_types))]
        if not nodes:
            print(f"ecokg centrality: no entity of class {args.show_types!r} in the projection", file=sys.stderr)
            return 1
    ranked = C.rank(scores, nodes)
    if args.top:
        ranked = ranked[: args.top]
    headers = ["rank", "type rank", "id", "label", "type", args.measure]
    rows = [[overall[n], by_type[n], n, _label(G, n), G.nodes[n].get("type"), _fmt(s)] for n, s in ranked]
    print(format_rows(headers, rows, args.format))
    _note_sampling(G, args.k, [args.measure])
    return 0


# ---------------------------------------------------------------------------- communities


def _configure_communities(p: argparse.ArgumentParser) -> None:
    p.add_argument("--top-members", type=int, default=5, help="members shown per community (by PageRank)")
    p.add_argument("--min-size", type=int, default=2, help="hide smaller communities (default 2: no singletons)")
    p.add_argument("--resolution", type=float, default=1.0, help="Louvain resolution (>1: smaller communities)")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--seed", type=int, default=0, help="Louvain seed (default 0)")
    _add_projection_options(p)


def _cmd_communities(args: argparse.Namespace) -> int:
    from ecokg.network.communities import communities, describe, modularity

    G = projection_from_args(args)
    w = _weight_attr(args)
    comms = communities(G, weight=w, resolution=args.resolution, seed=args.seed)
    pr = C.centrality(G, "pagerank", weight=w)
    desc = describe(G, comms, pr, top=args.top_members)
    shown = [d for d in desc if d["size"] >= args.min_size]
    headers = ["community", "size", "top members", "types", "dominant sectors"]
    rows = [
        [
            d["id"],
            d["size"],
            "、".join(_label(G, n) for n in d["members"]),
            ", ".join(f"{t} {c}" for t, c in d["types"][:3]),
            "、".join(f"{_label(G, s)} ({c})" for s, c in d["sectors"]),
        ]
        for d in shown
    ]
    print(format_rows(headers, rows, args.format))
    hidden = len(desc) - len(shown)
    summary = (
        f"{len(comms)} communities (Louvain, seed {args.seed}, resolution {args.resolution}); "
        f"modularity {modularity(G, comms, w):.4f}; {hidden} smaller than {args.min_size} not shown"
    )
    _summary(summary, args.format)
    return 0


# ---------------------------------------------------------------------------- path


def _configure_path(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="an entity: id, Chinese or English name, alias, or a part of a name only it has")
    p.add_argument("target", help="another entity")
    p.add_argument("--max-paths", type=int, default=5, help="shortest paths to show (default 5)")
    p.add_argument("--avoid", action="append", default=[], metavar="NAME",
                   help="an entity no path may pass through (repeatable), e.g. --avoid 海曙区")  # fmt: skip
    p.add_argument("--sentences", type=int, default=3, help="sentences shown per hop and predicate (default 3)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format (default: text)")
    _add_projection_options(p)


def _cmd_path(args: argparse.Namespace) -> int:
    from ecokg.network.paths import NoPath, format_paths, paths_as_data, shortest_paths
    from ecokg.network.rows import predicate_labels

    ds = _dataset(args)
    G = projection_from_args(args, ds)
    names = Names.from_graph(G)
    try:
        a, b = names.resolve(args.source), names.resolve(args.target)
        avoid = [names.resolve(x) for x in args.avoid]
    except NameLookupError as exc:
        print(f"ecokg path: {exc}", file=sys.stderr)
        return 1
    try:
        paths = shortest_paths(G, a, b, max_paths=args.max_paths, avoid=avoid)
    except NoPath:
        extra = f" avoiding {'、'.join(_label(G, x) for x in avoid)}" if avoid else ""
        print(
            f"ecokg path: {_label(G, a)} and {_label(G, b)} are not connected{extra} in this projection",
            file=sys.stderr,
        )
        return 1
    if args.format == "json":
        print(json.dumps(paths_as_data(G, paths), ensure_ascii=False, indent=2))
        return 0
    da, db = G.nodes[a], G.nodes[b]
    n = len(paths[0]) if paths else 0
    more = f" (the first {len(paths)}; --max-paths for more)" if len(paths) == args.max_paths else ""
    print(f"{da.get('label')} ({a}, {da.get('type')}) → {db.get('label')} ({b}, {db.get('type')}): "
          f"shortest paths of {n} hop{'s' if n != 1 else ''}, {len(paths)} shown{more}\n")  # fmt: skip
    print(format_paths(G, paths, sentences=args.sentences, labels=predicate_labels(ds)))
    return 0


# ---------------------------------------------------------------------------- bridges / fragility


def _configure_bridges(p: argparse.ArgumentParser) -> None:
    p.add_argument("--top", type=int, default=20, help="rows to show (0: all; default 20)")
    p.add_argument("--leaves", action="store_true", help="include bridges to a single entity (hidden by default)")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    _add_projection_options(p)


def _cmd_bridges(args: argparse.Namespace) -> int:
    G = projection_from_args(args)
    found = S.bridges(G)
    shown = found if args.leaves else [b for b in found if not b["leaf"]]
    if args.top:
        shown = shown[: args.top]
    headers = ["entity (larger side)", "entity (smaller side)", "predicate", "larger side", "smaller side"]
    rows = []
    for b in shown:
        u, v = b["u"], b["v"]
        e = G.edges[u, v] if G.has_edge(u, v) else G.edges[v, u]
        rows.append(
            [
                _label(G, u),
                _label(G, v),
                "/".join(e.get("predicates") or [e.get("predicate")]),
                b["side_u"],
                b["side_v"],
            ]
        )
    print(format_rows(headers, rows, args.format))
    leaves = sum(1 for b in found if b["leaf"])
    summary = f"{len(found)} bridges ({leaves} to a single entity{'' if args.leaves else ', not shown'})"
    _summary(summary, args.format)
    return 0


def _configure_fragility(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", choices=(*C.MEASURES, "articulation"), default="betweenness",
                   help="which nodes to remove: the top nodes by a centrality (default betweenness), or "
                        "every articulation point ranked by the entities it cuts off")  # fmt: skip
    p.add_argument("--top", type=int, default=15, help="nodes to test (0: all; default 15)")
    p.add_argument("--node", action="append", default=[], metavar="NAME",
                   help="test this entity (name, alias or id; repeatable) instead of the top ones")  # fmt: skip
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    _add_sampling_options(p)
    _add_projection_options(p)


def _cmd_fragility(args: argparse.Namespace) -> int:
    G = projection_from_args(args)
    try:
        names = Names.from_graph(G)
        chosen = [names.resolve(x) for x in args.node]
    except NameLookupError as exc:
        print(f"ecokg fragility: {exc}", file=sys.stderr)
        return 1
    cores = S.core_numbers(G)
    aps = set(S.articulation_points(G))
    if args.by == "articulation":
        frag = S.fragmentation(G, chosen or S.articulation_points(G))
        frag.sort(key=lambda f: (-f["cut_off"], -f["components_after"], node_key(f["node"])))
        score_col = ""
    else:
        scores = C.centrality(G, args.by, weight=_weight_attr(args), k=args.k, seed=args.seed)
        top = chosen or [n for n, _ in C.rank(scores)[: args.top or None]]
        frag = S.fragmentation(G, top)
        score_col = args.by
    if args.top and not chosen:
        frag = frag[: args.top]
    headers = ["id", "label", "type", *([] if args.by == "articulation" else [score_col]), "articulation", "core",
               "components before→after", "largest before→after", "cut off"]  # fmt: skip
    rows = [
        [
            f["node"],
            _label(G, f["node"]),
            G.nodes[f["node"]].get("type"),
            *([] if args.by == "articulation" else [_fmt(scores[f["node"]])]),
            "yes" if f["node"] in aps else "",
            cores[f["node"]],
            f"{f['components_before']}→{f['components_after']}",
            f"{f['largest_before']}→{f['largest_after']}",
            f["cut_off"],
        ]
        for f in frag
    ]
    print(format_rows(headers, rows, args.format))
    main_core = S.k_core(G)
    kmax = max(cores.values(), default=0)
    summary = (
        f"{len(aps)} articulation points; main core: k={kmax}, {len(main_core)} entities: "
        + "、".join(_label(G, n) for n in main_core[:30])
        + (" …" if len(main_core) > 30 else "")
    )
    _summary(summary, args.format)
    if args.by != "articulation":
        _note_sampling(G, args.k, [args.by])
    return 0


# ---------------------------------------------------------------------------- chain leaders


def _configure_chain_leaders(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sector", action="append", default=[], metavar="NAME",
                   help="a sector (name, alias or id; repeatable): show its candidates with the sentences")  # fmt: skip
    p.add_argument("--top", type=int, default=3, help="candidates per sector (0: all; default 3)")
    p.add_argument("--leader-types", metavar="CLASS,...",
                   help="classes that may lead a chain (default Company; e.g. Organization)")  # fmt: skip
    p.add_argument("--all", action="store_true", help="also list members without any anchor")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    _add_projection_options(p)


def _cmd_chain_leaders(args: argparse.Namespace) -> int:
    from ecokg.network.chain_leaders import LEADER_TYPES, SECTOR, chain_leaders, explain

    G = projection_from_args(args)
    try:
        names = Names.from_graph(G.subgraph(n for n, t in G.nodes(data="type") if t == SECTOR))
        sectors = [names.resolve(s) for s in args.sector] or None
    except NameLookupError as exc:
        print(f"ecokg chain-leaders: {exc}", file=sys.stderr)
        return 1
    types = _split(args.leader_types) or list(LEADER_TYPES)
    found = chain_leaders(G, sectors, leader_types=types)
    rows, data = [], []
    for s, items in found.items():
        items = [r for r in items if args.all or r["anchors"]]
        for r in items[: args.top or None]:
            rows.append([_label(G, s), r["rank"], _label(G, r["node"]), ", ".join(r["kinds"]), len(r["anchors"]),
                         r["articles"], explain(G, r)])  # fmt: skip
            data.append(r)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return 0
    headers = ["sector", "rank", "organisation", "anchor kinds", "anchors", "articles", "why"]
    print(format_rows(headers, rows, args.format))
    if sectors and args.format == "table":
        for r in data:
            print(f"\n{_label(G, r['node'])} — {_label(G, r['sector'])}")
            for reason in [*r["membership"], *r["reasons"]]:
                for h in reason["hops"]:
                    ev = h["evidence"][0] if h["evidence"] else {}
                    print(f"  {_label(G, h['from'])} —{'/'.join(h['predicates'])}— {_label(G, h['to'])}"
                          f"  [{ev.get('source', '')}] “{ev.get('sentence', '')}”")  # fmt: skip
    return 0


# ---------------------------------------------------------------------------- analyze


def _configure_analyze(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="output directory (default: the build directory)")
    _add_sampling_options(p)
    _add_projection_options(p)


def _cmd_analyze(args: argparse.Namespace) -> int:
    from ecokg.io.writer import atomic_write
    from ecokg.network.export import CENTRALITY_FILE, analysis_graph, analysis_trig, centrality_csv, score_table

    trig = _trig_path(args)
    G = projection_from_args(args)
    headers, rows, meta = score_table(G, weight=_weight_attr(args), k=args.k, seed=args.seed)
    sha = hashlib.sha256(trig.read_bytes()).hexdigest()
    out = args.output or trig.parent
    csv_bytes = centrality_csv(headers, rows)
    trig_bytes = analysis_trig(analysis_graph(headers, rows, meta, input_sha256=sha, weighting=args.weight), sha)
    atomic_write(out / CENTRALITY_FILE, csv_bytes)
    atomic_write(out / ANALYSIS_FILE, trig_bytes)
    sampling = f"sampled, k={meta['sampleSize']}" if meta["sampled"] else "exact"
    print(f"analysed {meta['nodes']} entities, {meta['edges']} links: {meta['components']} components "
          f"(largest {meta['largest']}, {meta['isolated']} isolated); betweenness/closeness {sampling}")  # fmt: skip
    print(f"  {meta['communities']} communities (modularity {meta['modularity']:.4f}), "
          f"{meta['articulation_points']} articulation points, {meta['bridges']} bridges")  # fmt: skip
    top = ", ".join(f"{r[1]} {r[4 + C.MEASURES.index('pagerank')]:.4f}" for r in rows[:5])
    print(f"  top PageRank: {top}")
    print(f"  -> {out / CENTRALITY_FILE}, {out / ANALYSIS_FILE}")
    return 0


register("centrality", "rank entities by a centrality measure (overall and within their type)",
         _configure_centrality, _cmd_centrality)  # fmt: skip
register("communities", "Louvain communities with their top members and dominant sectors",
         _configure_communities, _cmd_communities)  # fmt: skip
register("path", "shortest paths between two entities, each hop with its article and sentence",
         _configure_path, _cmd_path)  # fmt: skip
register("bridges", "links whose removal splits the network, with the size of each side",
         _configure_bridges, _cmd_bridges)  # fmt: skip
register("fragility", "what removing a top entity does: components and largest component before/after; k-core",
         _configure_fragility, _cmd_fragility)  # fmt: skip
register("chain-leaders", "链主 view: per industry sector, the organisations that tie it to institutes, parks and programmes",
         _configure_chain_leaders, _cmd_chain_leaders)  # fmt: skip
register("analyze", "write build/centrality.csv and build/analysis.trig (all scores, deterministic)",
         _configure_analyze, _cmd_analyze)  # fmt: skip
