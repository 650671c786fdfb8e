"""Network-analysis commands: ``centrality``, ``communities``, ``path``, ``bridges``,
``fragility``, ``chain-leaders`` and ``analyze`` (writes ``build/centrality.csv`` and
``build/analysis.trig``).

Every command reads the build (``build/ecosystem.trig``), projects it with
:func:`ecokg.network.projection.project` (options ``--only-types``, ``--exclude-types``,
``--no-people``, ``--no-programmes``, ``--no-sectors``, ``--directed``, ``--weight``) and runs
the pure functions of :mod:`ecokg.network.analysis`, :mod:`ecokg.network.communities`, :mod:`ecokg.network.explain`
and :mod:`ecokg.network.chain_leaders`.

The analysis named graph (``ekgg:analysis``) uses a small vocabulary of its own,
``https://w3id.org/ecokg/analysis#`` (prefix ``ana:``), whose terms are described (label,
comment, range) inside the graph itself, so a SPARQL query can rank by the scores:

>>> "pagerank" in ANALYSIS_TERMS and str(ANA.pagerank)
'https://w3id.org/ecokg/analysis#pagerank'
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import OWL, RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef

from ecokg.cli.main import register
from ecokg.network import analysis as A
from ecokg.query.store import ANALYSIS_FILE
from ecokg.query.store import ANALYSIS_HEADER as HEADER
from ecokg.query.tables import FORMATS, format_rows

ANA = Namespace("https://w3id.org/ecokg/analysis#")
CENTRALITY_FILE = "centrality.csv"

#: term -> (range, English label, Chinese label, comment)
ANALYSIS_TERMS: dict[str, tuple[URIRef, str, str, str]] = {
    "degree": (XSD.decimal, "degree centrality", "度中心性",
               "Number (weighted: total weight) of the entity's links divided by n-1, in the projection "
               "defined by queries/projection-edges.rq."),
    "betweenness": (XSD.decimal, "betweenness centrality", "中介中心性",
                    "Share of shortest paths between other entities that pass through this one (normalised; "
                    "distance 1/weight). Estimated from ana:sampleSize sources on large graphs."),
    "closeness": (XSD.decimal, "closeness centrality", "接近中心性",
                  "Wasserman-Faust closeness: inverse mean distance to the reachable entities, scaled by the "
                  "fraction of the graph reachable."),
    "pagerank": (XSD.decimal, "PageRank", "PageRank 值",
                 "PageRank with damping 0.85 (edge weight = number of articles stating the link)."),
    "eigenvector": (XSD.decimal, "eigenvector centrality", "特征向量中心性",
                    "Principal-eigenvector centrality computed per connected component and scaled by the "
                    "component's share of the nodes (isolated entities: 0)."),
    "coreNumber": (XSD.integer, "k-core number", "k 核数",
                   "The largest k such that the entity belongs to the k-core of the projection."),
    "community": (XSD.integer, "community", "社区编号",
                  "Louvain community number (fixed seed; 1 = largest community)."),
    "componentSize": (XSD.integer, "component size", "所在连通分量规模",
                      "Number of entities in the entity's connected component."),
    "articulationPoint": (XSD.boolean, "articulation point", "割点",
                          "True when removing the entity disconnects its component."),
    "cutOff": (XSD.integer, "entities cut off", "移除后断开的实体数",
               "How many entities lose their connection to the rest of the component when this "
               "articulation point is removed."),
    "sampleSize": (XSD.integer, "sample size", "抽样规模",
                   "Number of source nodes behind betweenness and closeness (= number of nodes when exact)."),
    "seed": (XSD.integer, "seed", "随机种子", "Seed of the sampling and of the Louvain communities."),
    "weighting": (XSD.string, "weighting", "边权方式",
                  "'corroboration' (edge weight = number of articles) or 'none'."),
    "nodes": (XSD.integer, "nodes", "节点数", "Number of entities in the projection."),
    "edges": (XSD.integer, "edges", "边数", "Number of links in the projection."),
    "components": (XSD.integer, "connected components", "连通分量数", "Number of connected components."),
    "modularity": (XSD.decimal, "modularity", "模块度", "Modularity of the community partition."),
    "inputSha256": (XSD.string, "input hash", "输入文件哈希", "SHA-256 of the ecosystem.trig analysed."),
}  # fmt: skip
SCORE_MEASURES = A.MEASURES


# ---------------------------------------------------------------------------- shared options


def _add_projection_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("projection (see queries/projection-edges.rq)")
    g.add_argument("--build", type=Path, help="build directory (default: ./build)")
    g.add_argument("--store", choices=("oxigraph", "memory"), default="oxigraph")
    g.add_argument(
        "--only-types", metavar="CLASS,...", help="keep only entities of these classes (e.g. Organization,Place)"
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
                   help=f"sample size for betweenness/closeness (default: exact up to {A.AUTO_SAMPLE_ABOVE} nodes, "
                        f"then {A.AUTO_SAMPLE_SIZE})")  # fmt: skip
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
    kk = A.sample_size(G, k)
    if kk is not None and any(m in ("betweenness", "closeness") for m in measures):
        print(f"note: betweenness/closeness estimated from k={kk} sampled nodes of {len(G)} (set --k)", file=out)


def _fmt(v: float) -> str:
    return f"{v:.6f}"


# ---------------------------------------------------------------------------- centrality


def _configure_centrality(p: argparse.ArgumentParser) -> None:
    p.add_argument("--measure", choices=A.MEASURES, default="pagerank")
    p.add_argument("--type", dest="only_class", metavar="CLASS",
                   help="rank only entities of this class (or a superclass: Organization, Place, Policy)")  # fmt: skip
    p.add_argument("--top", type=int, default=20, help="rows to show (0: all; default 20)")
    p.add_argument("--format", choices=FORMATS, default="table")
    _add_sampling_options(p)
    _add_projection_options(p)


def _in_class(G: nx.Graph, n: Any, cls: str) -> bool:
    d = G.nodes[n]
    return cls == d.get("type") or cls in (d.get("classes") or ())


def _cmd_centrality(args: argparse.Namespace) -> int:
    G = projection_from_args(args)
    scores = A.centrality(G, args.measure, weight=_weight_attr(args), k=args.k, seed=args.seed)
    overall = A.ranks(scores)
    by_type = A.ranks(scores, group=lambda n: G.nodes[n].get("type"))
    nodes = list(G)
    if args.only_class:
        nodes = [n for n in G if _in_class(G, n, args.only_class)]
        if not nodes:
            print(f"ecokg centrality: no entity of class {args.only_class!r} in the projection", file=sys.stderr)
            return 1
    ranked = A.rank(scores, nodes)
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
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--seed", type=int, default=0, help="Louvain seed (default 0)")
    _add_projection_options(p)


def _cmd_communities(args: argparse.Namespace) -> int:
    from ecokg.network.communities import communities, describe, modularity

    G = projection_from_args(args)
    w = _weight_attr(args)
    comms = communities(G, weight=w, resolution=args.resolution, seed=args.seed)
    pr = A.centrality(G, "pagerank", weight=w)
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
    print(
        ("\n" + summary) if args.format == "table" else summary,
        file=sys.stdout if args.format == "table" else sys.stderr,
    )
    return 0


# ---------------------------------------------------------------------------- path


def _configure_path(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="an entity: Chinese or English name, alias or id")
    p.add_argument("target", help="another entity")
    p.add_argument("--max-paths", type=int, default=5, help="shortest paths to show (default 5)")
    p.add_argument("--avoid", action="append", default=[], metavar="NAME",
                   help="an entity no path may pass through (repeatable), e.g. --avoid 海曙区")  # fmt: skip
    p.add_argument("--sentences", type=int, default=3, help="sentences shown per hop and predicate (default 3)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _add_projection_options(p)


def _cmd_path(args: argparse.Namespace) -> int:
    from ecokg.network.explain import NameLookupError, NoPath, format_paths, paths_as_data, resolve, shortest_paths
    from ecokg.network.projection import predicate_labels

    ds = _dataset(args)
    G = projection_from_args(args, ds)
    try:
        a, b = resolve(G, args.source), resolve(G, args.target)
        avoid = [resolve(G, x) for x in args.avoid]
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
    p.add_argument("--format", choices=FORMATS, default="table")
    _add_projection_options(p)


def _cmd_bridges(args: argparse.Namespace) -> int:
    G = projection_from_args(args)
    found = A.bridges(G)
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
    print(
        ("\n" + summary) if args.format == "table" else summary,
        file=sys.stdout if args.format == "table" else sys.stderr,
    )
    return 0


def _configure_fragility(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", choices=(*A.MEASURES, "articulation"), default="betweenness",
                   help="which nodes to remove: the top nodes by a centrality (default betweenness), or "
                        "every articulation point ranked by the entities it cuts off")  # fmt: skip
    p.add_argument("--top", type=int, default=15, help="nodes to test (0: all; default 15)")
    p.add_argument("--format", choices=FORMATS, default="table")
    _add_sampling_options(p)
    _add_projection_options(p)


def _cmd_fragility(args: argparse.Namespace) -> int:
    G = projection_from_args(args)
    cores = A.core_numbers(G)
    aps = set(A.articulation_points(G))
    if args.by == "articulation":
        frag = A.fragmentation(G, A.articulation_points(G))
        frag.sort(key=lambda f: (-f["cut_off"], -f["components_after"], A.node_key(f["node"])))
        score_col = ""
    else:
        scores = A.centrality(G, args.by, weight=_weight_attr(args), k=args.k, seed=args.seed)
        top = [n for n, _ in A.rank(scores)[: args.top or None]]
        frag = A.fragmentation(G, top)
        score_col = args.by
    if args.top:
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
    main_core = A.k_core(G)
    kmax = max(cores.values(), default=0)
    summary = (
        f"{len(aps)} articulation points; main core: k={kmax}, {len(main_core)} entities: "
        + "、".join(_label(G, n) for n in main_core[:30])
        + (" …" if len(main_core) > 30 else "")
    )
    print(
        ("\n" + summary) if args.format == "table" else summary,
        file=sys.stdout if args.format == "table" else sys.stderr,
    )
    if args.by != "articulation":
        _note_sampling(G, args.k, [args.by])
    return 0


# ---------------------------------------------------------------------------- chain leaders


def _configure_chain_leaders(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sector", action="append", default=[], metavar="NAME",
                   help="a sector (name, alias or id; repeatable): show its candidates with the sentences")  # fmt: skip
    p.add_argument("--top", type=int, default=3, help="candidates per sector (0: all; default 3)")
    p.add_argument("--leader-type", action="append", default=[], metavar="CLASS",
                   help="classes that may lead a chain (default Company; e.g. Organization)")  # fmt: skip
    p.add_argument("--all", action="store_true", help="also list members without any anchor")
    p.add_argument("--format", choices=FORMATS, default="table")
    _add_projection_options(p)


def _cmd_chain_leaders(args: argparse.Namespace) -> int:
    from ecokg.network.chain_leaders import LEADER_TYPES, chain_leaders, explain
    from ecokg.network.explain import NameLookupError, resolve

    G = projection_from_args(args)
    try:
        sectors = [resolve(G, s) for s in args.sector] or None
    except NameLookupError as exc:
        print(f"ecokg chain-leaders: {exc}", file=sys.stderr)
        return 1
    types = args.leader_type or list(LEADER_TYPES)
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
    p.add_argument("--out", type=Path, help="output directory (default: the build directory)")
    _add_sampling_options(p)
    _add_projection_options(p)


def score_table(
    G: nx.Graph, *, weight: str | None = "weight", k: int | None = None, seed: int = 0
) -> tuple[list[str], list[list[Any]], dict[str, Any]]:
    """Every node with every measure, its ranks (overall and within its type), core number,
    community, component size, articulation flag and cut-off count; plus run metadata.

    Rows are ordered by PageRank rank; numbers are Python values (see :func:`centrality_csv`).
    """
    from ecokg.network.communities import communities, membership, modularity

    scores = A.all_centralities(G, weight=weight, k=k, seed=seed)
    overall = {m: A.ranks(s) for m, s in scores.items()}
    typed = {m: A.ranks(s, group=lambda n: G.nodes[n].get("type")) for m, s in scores.items()}
    cores = A.core_numbers(G)
    comms = communities(G, weight=weight, seed=seed)
    member = membership(comms)
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    comp_size = {n: len(c) for c in nx.connected_components(U) for n in c}
    aps = A.articulation_points(G)
    ap_set = set(aps)
    # Fragmentation costs a pass over the component per cut point: on large graphs only the
    # 100 cut points with the highest betweenness are measured (the others get no cut_off).
    aps_checked = aps if len(G) <= A.AUTO_SAMPLE_ABOVE else [n for n, _ in A.rank(scores["betweenness"], aps)[:100]]
    cut = {f["node"]: f["cut_off"] for f in A.fragmentation(G, aps_checked)}
    headers = ["id", "label", "label_en", "type", *SCORE_MEASURES,
               *(f"{m}_rank" for m in SCORE_MEASURES), *(f"{m}_type_rank" for m in SCORE_MEASURES),
               "core", "community", "component_size", "articulation_point", "cut_off"]  # fmt: skip
    rows = []
    for n, _ in A.rank(scores["pagerank"]):
        d = G.nodes[n]
        rows.append(
            [
                n,
                d.get("label"),
                d.get("label_en"),
                d.get("type"),
                *(scores[m][n] for m in SCORE_MEASURES),
                *(overall[m][n] for m in SCORE_MEASURES),
                *(typed[m][n] for m in SCORE_MEASURES),
                cores[n],
                member[n],
                comp_size[n],
                n in ap_set,
                cut.get(n),
            ]  # fmt: skip
        )
    summary = A.components_summary(G)
    meta = {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "components": summary["components"],
        "largest": summary["largest"],
        "isolated": summary["isolated"],
        "sampleSize": A.sample_size(G, k) or G.number_of_nodes(),
        "sampled": A.sample_size(G, k) is not None,
        "seed": seed,
        "communities": len(comms),
        "modularity": modularity(G, comms, weight),
        "articulation_points": len(aps),
        "bridges": len(A.bridges(G)),
    }
    return headers, rows, meta


def _csv_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:.10f}"
    return str(v)


def centrality_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """``centrality.csv``: header row, then one row per node; floats with 10 decimals."""
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    for row in rows:
        w.writerow([_csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


def _dec(v: float) -> Literal:
    return Literal(Decimal(f"{v:.12f}"), datatype=XSD.decimal)


def analysis_graph(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], meta: Mapping[str, Any], *, input_sha256: str, weighting: str
) -> Graph:
    """The ``ekgg:analysis`` graph: the vocabulary, the run's parameters and every node's scores."""
    from ecokg.dataset.namespaces import ANALYSIS_GRAPH, ID, PREFIXES

    g = Graph(identifier=ANALYSIS_GRAPH)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("ana", ANA)
    for term, (rng, en, zh, comment) in ANALYSIS_TERMS.items():
        t = ANA[term]
        g.add((t, RDF.type, OWL.DatatypeProperty))
        g.add((t, RDFS.label, Literal(en, lang="en")))
        g.add((t, RDFS.label, Literal(zh, lang="zh")))
        g.add((t, RDFS.comment, Literal(comment, lang="en")))
        g.add((t, RDFS.range, rng))
        g.add((t, RDFS.isDefinedBy, URIRef(str(ANA).rstrip("#"))))
    run = ANALYSIS_GRAPH
    g.add((run, RDFS.label, Literal("ecokg 网络分析结果", lang="zh")))
    g.add((run, RDFS.label, Literal("ecokg network analysis", lang="en")))
    g.add((run, RDFS.comment, Literal(
        "Scores of `ecokg analyze` on the projection defined by queries/projection-nodes.rq and "
        "queries/projection-edges.rq; rank with e.g. SELECT ?e ?s { ?e ana:pagerank ?s } ORDER BY DESC(?s).",
        lang="en")))  # fmt: skip
    g.add((run, ANA.inputSha256, Literal(input_sha256)))
    g.add((run, ANA.weighting, Literal(weighting)))
    for key in ("nodes", "edges", "components", "sampleSize", "seed"):
        g.add((run, ANA[key], Literal(int(meta[key]))))
    g.add((run, ANA.modularity, _dec(float(meta["modularity"]))))
    col = {h: i for i, h in enumerate(headers)}
    for row in rows:
        node = ID[str(row[col["id"]])]
        for m in SCORE_MEASURES:
            g.add((node, ANA[m], _dec(float(row[col[m]]))))
        g.add((node, ANA.coreNumber, Literal(int(row[col["core"]]))))
        g.add((node, ANA.community, Literal(int(row[col["community"]]))))
        g.add((node, ANA.componentSize, Literal(int(row[col["component_size"]]))))
        g.add((node, ANA.articulationPoint, Literal(bool(row[col["articulation_point"]]))))
        if row[col["cut_off"]] is not None:
            g.add((node, ANA.cutOff, Literal(int(row[col["cut_off"]]))))
    return g


def analysis_trig(g: Graph, input_sha256: str) -> bytes:
    """TriG text of the analysis graph, sorted (rdflib's Turtle writer), hash line first."""
    body = g.serialize(format="turtle")
    prefixes = [ln for ln in body.splitlines() if ln.startswith("@prefix")]
    lines = [ln for ln in body.splitlines() if not ln.startswith("@prefix")]
    text = "\n".join(("    " + ln) if ln else "" for ln in lines).strip("\n")
    out = f"{HEADER}{input_sha256}\n" + "\n".join(sorted(prefixes)) + f"\n\n<{g.identifier}> {{\n{text}\n}}\n"
    return out.encode("utf-8")


def _cmd_analyze(args: argparse.Namespace) -> int:
    from ecokg.io.writer import atomic_write

    trig = _trig_path(args)
    G = projection_from_args(args)
    headers, rows, meta = score_table(G, weight=_weight_attr(args), k=args.k, seed=args.seed)
    sha = hashlib.sha256(trig.read_bytes()).hexdigest()
    out = args.out or trig.parent
    csv_bytes = centrality_csv(headers, rows)
    trig_bytes = analysis_trig(analysis_graph(headers, rows, meta, input_sha256=sha, weighting=args.weight), sha)
    atomic_write(out / CENTRALITY_FILE, csv_bytes)
    atomic_write(out / ANALYSIS_FILE, trig_bytes)
    sampling = f"sampled, k={meta['sampleSize']}" if meta["sampled"] else "exact"
    print(f"analysed {meta['nodes']} entities, {meta['edges']} links: {meta['components']} components "
          f"(largest {meta['largest']}, {meta['isolated']} isolated); betweenness/closeness {sampling}")  # fmt: skip
    print(f"  {meta['communities']} communities (modularity {meta['modularity']:.4f}), "
          f"{meta['articulation_points']} articulation points, {meta['bridges']} bridges")  # fmt: skip
    top = ", ".join(f"{r[1]} {r[4 + A.MEASURES.index('pagerank')]:.4f}" for r in rows[:5])
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
