"""Network-analysis commands ``centrality``, ``communities`` and ``analyze`` (writes
``build/centrality.csv`` and ``build/analysis.trig``; ``--engine spark`` computes PageRank,
components and degree on Spark's GraphX, :mod:`ecokg.scale.spark`).

Every command reads the build, projects it (:mod:`ecokg.cli.projection_args`) and runs the pure
functions of :mod:`ecokg.network.centrality`, :mod:`ecokg.network.structure` and
:mod:`ecokg.network.communities`; ``analyze`` writes the files of :mod:`ecokg.network.export`.
This module only parses arguments and prints; stages and steps go to stderr as progress
(:mod:`ecokg.cli.progress`).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

from ecokg.cli.main import register
from ecokg.cli.progress import add_progress_options, progress
from ecokg.cli.projection_args import (
    add_projection_options,
    add_sampling_options,
    in_class,
    node_label,
    note_sampling,
    print_summary,
    projection_from_args,
    score_text,
    split_list,
    trig_path,
    weight_attr,
)
from ecokg.network import centrality as C
from ecokg.query.results import FORMATS, format_rows
from ecokg.query.store import ANALYSIS_FILE

# ---------------------------------------------------------------------------- centrality


def _configure_centrality(p: argparse.ArgumentParser) -> None:
    p.add_argument("--measure", choices=C.MEASURES, default="pagerank", help="centrality measure (default: pagerank)")
    p.add_argument("--show-types", metavar="CLASS,...",
                   help="show only the rows of these classes (superclasses select subclasses: Organization, Place, "
                        "Policy); ranks and scores still cover the whole projection (--only-types narrows that)")  # fmt: skip
    p.add_argument("--top", type=int, default=20, help="rows to show (0: all; default 20)")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    add_sampling_options(p)
    add_progress_options(p)
    add_projection_options(p)


def _cmd_centrality(args: argparse.Namespace) -> int:
    with progress(args) as report:
        G = projection_from_args(args, report=report)
        scores = C.centrality(G, args.measure, weight=weight_attr(args), k=args.k, seed=args.seed, report=report)
    overall = C.ranks(scores)
    by_type = C.ranks(scores, group=lambda n: G.nodes[n].get("type"))
    nodes = list(G)
    if args.show_types:
        nodes = [n for n in G if any(in_class(G, n, c) for c in split_list(args.show_types))]
        if not nodes:
            print(f"ecokg centrality: no entity of class {args.show_types!r} in the projection", file=sys.stderr)
            return 1
    ranked = C.rank(scores, nodes)
    if args.top:
        ranked = ranked[: args.top]
    headers = ["rank", "type rank", "id", "label", "type", args.measure]
    rows = [[overall[n], by_type[n], n, node_label(G, n), G.nodes[n].get("type"), score_text(s)] for n, s in ranked]
    print(format_rows(headers, rows, args.format))
    note_sampling(G, args.k, [args.measure])
    return 0


# ---------------------------------------------------------------------------- communities


def _configure_communities(p: argparse.ArgumentParser) -> None:
    p.add_argument("--top-members", type=int, default=5, help="members shown per community (by PageRank)")
    p.add_argument("--min-size", type=int, default=2, help="hide smaller communities (default 2: no singletons)")
    p.add_argument("--resolution", type=float, default=1.0, help="Louvain resolution (>1: smaller communities)")
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--seed", type=int, default=0, help="Louvain seed (default 0)")
    add_progress_options(p)
    add_projection_options(p)


def _cmd_communities(args: argparse.Namespace) -> int:
    from ecokg.network.communities import communities, describe, modularity

    with progress(args) as report:
        G = projection_from_args(args, report=report)
        w = weight_attr(args)
        report("communities", 0, None)
        comms = communities(G, weight=w, resolution=args.resolution, seed=args.seed)
        pr = C.centrality(G, "pagerank", weight=w, report=report)
        report("describe", 0, None)
        desc = describe(G, comms, pr, top=args.top_members)
        report("modularity", 0, None)
        q = modularity(G, comms, w)
    shown = [d for d in desc if d["size"] >= args.min_size]
    headers = ["community", "size", "top members", "types", "dominant sectors"]
    rows = [
        [
            d["id"],
            d["size"],
            "、".join(node_label(G, n) for n in d["members"]),
            ", ".join(f"{t} {c}" for t, c in d["types"][:3]),
            "、".join(f"{node_label(G, s)} ({c})" for s, c in d["sectors"]),
        ]
        for d in shown
    ]
    print(format_rows(headers, rows, args.format))
    hidden = len(desc) - len(shown)
    summary = (
        f"{len(comms)} communities (Louvain, seed {args.seed}, resolution {args.resolution}); "
        f"modularity {q:.4f}; {hidden} smaller than {args.min_size} not shown"
    )
    print_summary(summary, args.format)
    return 0


# ---------------------------------------------------------------------------- analyze


def _configure_analyze(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="output directory (default: the build directory)")
    p.add_argument("--engine", choices=("local", "spark"), default="local",
                   help="local: every measure in this process (networkx, igraph); spark: PageRank, components and "
                        "degree on Spark's GraphX (unweighted; needs the spark extra and Java)")  # fmt: skip
    p.add_argument("--master", default="local[2]", metavar="URL",
                   help="Spark master with --engine spark (default: local[2]; e.g. spark://host:7077)")  # fmt: skip
    add_sampling_options(p)
    add_progress_options(p)
    add_projection_options(p)


def _spark_table(args: argparse.Namespace, G: Any) -> tuple[list[str], list[list[Any]], dict[str, Any]]:
    from ecokg.scale.spark import graphx_measures, spark_table

    print(f"computing PageRank, components and degree on Spark ({args.master}); Spark takes ~25 s to start",
          file=sys.stderr)  # fmt: skip
    return spark_table(G, graphx_measures(G, master=args.master))


def _cmd_analyze(args: argparse.Namespace) -> int:
    from ecokg.io.writer import atomic_write
    from ecokg.network.export import CENTRALITY_FILE, analysis_graph, analysis_trig, centrality_csv, score_table

    trig = trig_path(args)
    with progress(args) as report:
        G = projection_from_args(args, report=report)
        if args.engine == "spark":
            from ecokg.scale.spark import SparkUnavailable

            report("", 0, None)  # no bar: Spark prints its own lines
            try:
                headers, rows, meta = _spark_table(args, G)
            except SparkUnavailable as exc:
                print(f"ecokg analyze: {exc}", file=sys.stderr)
                return 1
            weighting = "none"  # GraphX's PageRank and degree ignore edge weights
        else:
            headers, rows, meta = score_table(G, weight=weight_attr(args), k=args.k, seed=args.seed, report=report)
            weighting = args.weight
        report("write", 0, None)
        sha = hashlib.sha256(trig.read_bytes()).hexdigest()
        out = args.output or trig.parent
        csv_bytes = centrality_csv(headers, rows)
        trig_bytes = analysis_trig(analysis_graph(headers, rows, meta, input_sha256=sha, weighting=weighting), sha)
        atomic_write(out / CENTRALITY_FILE, csv_bytes)
        atomic_write(out / ANALYSIS_FILE, trig_bytes)
    if args.engine == "spark":
        top = ", ".join(f"{r[1]} {r[5]:.4f}" for r in rows[:5])
        print(f"analysed {meta['nodes']} entities, {meta['edges']} links on Spark: {meta['components']} components")
        print(f"  top PageRank (unweighted): {top}")
        print(f"  -> {out / CENTRALITY_FILE}, {out / ANALYSIS_FILE}")
        return 0
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
register("analyze", "write build/centrality.csv and build/analysis.trig (all scores, deterministic)",
         _configure_analyze, _cmd_analyze)  # fmt: skip
