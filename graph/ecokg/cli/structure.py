"""Structure commands: ``path``, ``bridges``, ``fragility`` and ``chain-leaders``.

They read the build, project it (:mod:`ecokg.cli.projection_args`) and run the pure functions of
:mod:`ecokg.network.paths`, :mod:`ecokg.network.structure` and :mod:`ecokg.network.chain_leaders`.
Every entity given by name (``path``, ``--avoid``, ``chain-leaders --sector``, ``fragility --node``)
is found by :mod:`ecokg.query.names`. This module only parses arguments and prints; stages and steps
go to stderr as progress (:mod:`ecokg.cli.progress`).
"""

from __future__ import annotations

import argparse
import json
import sys

from ecokg.cli.main import register
from ecokg.cli.progress import add_progress_options, progress
from ecokg.cli.projection_args import (
    add_projection_options,
    add_sampling_options,
    node_label,
    note_sampling,
    open_build,
    print_summary,
    projection_from_args,
    score_text,
    split_list,
    weight_attr,
)
from ecokg.network import centrality as C
from ecokg.network import structure as S
from ecokg.network.order import node_key
from ecokg.query.names import NameLookupError, Names
from ecokg.query.results import FORMATS, format_rows

# ---------------------------------------------------------------------------- path


def _configure_path(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="an entity: id, Chinese or English name, alias, or a part of a name only it has")
    p.add_argument("target", help="another entity")
    p.add_argument("--max-paths", type=int, default=5, help="shortest paths to show (default 5)")
    p.add_argument("--avoid", action="append", default=[], metavar="NAME",
                   help="an entity no path may pass through (repeatable), e.g. --avoid 海曙区")  # fmt: skip
    p.add_argument("--sentences", type=int, default=3, help="sentences shown per hop and predicate (default 3)")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text", help="output format (default: text)")
    add_progress_options(p)
    add_projection_options(p)


def _cmd_path(args: argparse.Namespace) -> int:
    from ecokg.network.paths import NoPath, format_paths, paths_as_data, shortest_paths
    from ecokg.network.rows import predicate_labels

    with progress(args) as report:
        report("load the build", 0, None)
        ds = open_build(args)
        G = projection_from_args(args, ds, report)
        report("names", 0, None)
        names = Names.from_graph(G)
        try:
            a, b = names.resolve(args.source), names.resolve(args.target)
            avoid = [names.resolve(x) for x in args.avoid]
        except NameLookupError as exc:
            report("", 0, None)
            print(f"ecokg path: {exc}", file=sys.stderr)
            return 1
        report("shortest paths", 0, None)
        labels: dict[str, str] = {}
        try:
            paths = shortest_paths(G, a, b, max_paths=args.max_paths, avoid=avoid)
        except NoPath:
            paths = None
        if paths is not None and args.format != "json":
            report("predicate labels", 0, None)
            labels = predicate_labels(ds)
    if paths is None:
        extra = f" avoiding {'、'.join(node_label(G, x) for x in avoid)}" if avoid else ""
        print(
            f"ecokg path: {node_label(G, a)} and {node_label(G, b)} are not connected{extra} in this projection",
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
    print(format_paths(G, paths, sentences=args.sentences, labels=labels))
    return 0


# ---------------------------------------------------------------------------- bridges / fragility


def _configure_bridges(p: argparse.ArgumentParser) -> None:
    p.add_argument("--top", type=int, default=20, help="rows to show (0: all; default 20)")
    p.add_argument("--leaves", action="store_true", help="include bridges to a single entity (hidden by default)")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    add_progress_options(p)
    add_projection_options(p)


def _cmd_bridges(args: argparse.Namespace) -> int:
    with progress(args) as report:
        G = projection_from_args(args, report=report)
        report("bridges", 0, None)
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
                node_label(G, u),
                node_label(G, v),
                "/".join(e.get("predicates") or [e.get("predicate")]),
                b["side_u"],
                b["side_v"],
            ]
        )
    print(format_rows(headers, rows, args.format))
    leaves = sum(1 for b in found if b["leaf"])
    summary = f"{len(found)} bridges ({leaves} to a single entity{'' if args.leaves else ', not shown'})"
    print_summary(summary, args.format)
    return 0


def _configure_fragility(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", choices=(*C.MEASURES, "articulation"), default="betweenness",
                   help="which nodes to remove: the top nodes by a centrality (default betweenness), or "
                        "every articulation point ranked by the entities it cuts off")  # fmt: skip
    p.add_argument("--top", type=int, default=15, help="nodes to test (0: all; default 15)")
    p.add_argument("--node", action="append", default=[], metavar="NAME",
                   help="test this entity (name, alias or id; repeatable) instead of the top ones")  # fmt: skip
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    add_sampling_options(p)
    add_progress_options(p)
    add_projection_options(p)


def _cmd_fragility(args: argparse.Namespace) -> int:
    with progress(args) as report:
        G = projection_from_args(args, report=report)
        try:
            names = Names.from_graph(G)
            chosen = [names.resolve(x) for x in args.node]
        except NameLookupError as exc:
            report("", 0, None)
            print(f"ecokg fragility: {exc}", file=sys.stderr)
            return 1
        report("k-cores", 0, None)
        cores = S.core_numbers(G)
        report("articulation points", 0, None)
        aps = set(S.articulation_points(G))
        if args.by == "articulation":
            frag = S.fragmentation(G, chosen or S.articulation_points(G), report=report)
            frag.sort(key=lambda f: (-f["cut_off"], -f["components_after"], node_key(f["node"])))
            score_col = ""
        else:
            scores = C.centrality(G, args.by, weight=weight_attr(args), k=args.k, seed=args.seed, report=report)
            top = chosen or [n for n, _ in C.rank(scores)[: args.top or None]]
            frag = S.fragmentation(G, top, report=report)
            score_col = args.by
        report("main core", 0, None)
        main_core = S.k_core(G)
    if args.top and not chosen:
        frag = frag[: args.top]
    headers = ["id", "label", "type", *([] if args.by == "articulation" else [score_col]), "articulation", "core",
               "components before→after", "largest before→after", "cut off"]  # fmt: skip
    rows = [
        [
            f["node"],
            node_label(G, f["node"]),
            G.nodes[f["node"]].get("type"),
            *([] if args.by == "articulation" else [score_text(scores[f["node"]])]),
            "yes" if f["node"] in aps else "",
            cores[f["node"]],
            f"{f['components_before']}→{f['components_after']}",
            f"{f['largest_before']}→{f['largest_after']}",
            f["cut_off"],
        ]
        for f in frag
    ]
    print(format_rows(headers, rows, args.format))
    kmax = max(cores.values(), default=0)
    summary = (
        f"{len(aps)} articulation points; main core: k={kmax}, {len(main_core)} entities: "
        + "、".join(node_label(G, n) for n in main_core[:30])
        + (" …" if len(main_core) > 30 else "")
    )
    print_summary(summary, args.format)
    if args.by != "articulation":
        note_sampling(G, args.k, [args.by])
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
    add_progress_options(p)
    add_projection_options(p)


def _cmd_chain_leaders(args: argparse.Namespace) -> int:
    from ecokg.network.chain_leaders import LEADER_TYPES, SECTOR, chain_leaders, explain

    with progress(args) as report:
        G = projection_from_args(args, report=report)
        try:
            names = Names.from_graph(G.subgraph(n for n, t in G.nodes(data="type") if t == SECTOR))
            sectors = [names.resolve(s) for s in args.sector] or None
        except NameLookupError as exc:
            report("", 0, None)
            print(f"ecokg chain-leaders: {exc}", file=sys.stderr)
            return 1
        types = split_list(args.leader_types) or list(LEADER_TYPES)
        report("chain leaders", 0, None)
        found = chain_leaders(G, sectors, leader_types=types)
    rows, data = [], []
    for s, items in found.items():
        items = [r for r in items if args.all or r["anchors"]]
        for r in items[: args.top or None]:
            rows.append([node_label(G, s), r["rank"], node_label(G, r["node"]), ", ".join(r["kinds"]), len(r["anchors"]),
                         r["articles"], explain(G, r)])  # fmt: skip
            data.append(r)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return 0
    headers = ["sector", "rank", "organisation", "anchor kinds", "anchors", "articles", "why"]
    print(format_rows(headers, rows, args.format))
    if sectors and args.format == "table":
        for r in data:
            print(f"\n{node_label(G, r['node'])} — {node_label(G, r['sector'])}")
            for reason in [*r["membership"], *r["reasons"]]:
                for h in reason["hops"]:
                    ev = h["evidence"][0] if h["evidence"] else {}
                    print(f"  {node_label(G, h['from'])} —{'/'.join(h['predicates'])}— {node_label(G, h['to'])}"
                          f"  [{ev.get('source', '')}] “{ev.get('sentence', '')}”")  # fmt: skip
    return 0


register("path", "shortest paths between two entities, each hop with its article and sentence",
         _configure_path, _cmd_path)  # fmt: skip
register("bridges", "links whose removal splits the network, with the size of each side",
         _configure_bridges, _cmd_bridges)  # fmt: skip
register("fragility", "what removing a top entity does: components and largest component before/after; k-core",
         _configure_fragility, _cmd_fragility)  # fmt: skip
register("chain-leaders", "链主 view: per industry sector, the organisations that tie it to institutes, parks and programmes",
         _configure_chain_leaders, _cmd_chain_leaders)  # fmt: skip
