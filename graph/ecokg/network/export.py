"""The analysis as files: the score table of every node, ``centrality.csv`` and the
``ekgg:analysis`` graph (``analysis.trig``) that ``ecokg analyze`` writes.

The analysis graph uses a small vocabulary of its own, ``https://w3id.org/ecokg/analysis#``
(prefix ``ana:``, the closed namespace :class:`ecokg.namespaces.ANA`), whose terms are
described (label, comment, range) inside the graph itself, so a SPARQL query can rank by the
scores:

>>> "pagerank" in ANALYSIS_TERMS and str(ANA.pagerank)
'https://w3id.org/ecokg/analysis#pagerank'
>>> sorted(ANALYSIS_TERMS) == sorted(ANA.__annotations__)  # every term described, none undescribed
True
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import networkx as nx
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from ecokg.namespaces import ANA, ANALYSIS_GRAPH, ID, PREFIXES
from ecokg.network import centrality as C
from ecokg.network import structure as S
from ecokg.network.report import Report, silent
from ecokg.query.store import ANALYSIS_HEADER as HEADER

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
SCORE_MEASURES = C.MEASURES


def score_table(
    G: nx.Graph, *, weight: str | None = "weight", k: int | None = None, seed: int = 0, report: Report = silent
) -> tuple[list[str], list[list[Any]], dict[str, Any]]:
    """Every node with every measure, its ranks (overall and within its type), core number,
    community, component size, articulation flag and cut-off count; plus run metadata.

    Rows are ordered by PageRank rank; numbers are Python values (see :func:`centrality_csv`).
    ``report`` is told each stage and the steps of those that iterate (:mod:`ecokg.network.report`).
    """
    from ecokg.network.communities import communities, membership, modularity

    scores = C.all_centralities(G, weight=weight, k=k, seed=seed, report=report)
    overall = {m: C.ranks(s) for m, s in scores.items()}
    typed = {m: C.ranks(s, group=lambda n: G.nodes[n].get("type")) for m, s in scores.items()}
    report("k-cores", 0, None)
    cores = S.core_numbers(G)
    report("communities", 0, None)
    comms = communities(G, weight=weight, seed=seed)
    member = membership(comms)
    report("components", 0, None)
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    comp_size = {n: len(c) for c in nx.connected_components(U) for n in c}
    report("articulation points", 0, None)
    aps = S.articulation_points(G)
    ap_set = set(aps)
    # Fragmentation costs a pass over the component per cut point: on large graphs only the
    # 100 cut points with the highest betweenness are measured (the others get no cut_off).
    aps_checked = aps if len(G) <= C.AUTO_SAMPLE_ABOVE else [n for n, _ in C.rank(scores["betweenness"], aps)[:100]]
    cut = {f["node"]: f["cut_off"] for f in S.fragmentation(G, aps_checked, report=report)}
    headers = ["id", "label", "label_en", "type", *SCORE_MEASURES,
               *(f"{m}_rank" for m in SCORE_MEASURES), *(f"{m}_type_rank" for m in SCORE_MEASURES),
               "core", "community", "component_size", "articulation_point", "cut_off"]  # fmt: skip
    rows = []
    for n, _ in C.rank(scores["pagerank"]):
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
    report("bridges and modularity", 0, None)
    summary = S.components_summary(G)
    meta = {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "components": summary["components"],
        "largest": summary["largest"],
        "isolated": summary["isolated"],
        "sampleSize": C.sample_size(G, k) or G.number_of_nodes(),
        "sampled": C.sample_size(G, k) is not None,
        "seed": seed,
        "communities": len(comms),
        "modularity": modularity(G, comms, weight),
        "articulation_points": len(aps),
        "bridges": len(S.bridges(G)),
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
    g = Graph(identifier=ANALYSIS_GRAPH)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("ana", str(ANA._NS))
    for term, (rng, en, zh, comment) in ANALYSIS_TERMS.items():
        t = getattr(ANA, term)  # a closed namespace: an unknown term raises AttributeError
        g.add((t, RDF.type, OWL.DatatypeProperty))
        g.add((t, RDFS.label, Literal(en, lang="en")))
        g.add((t, RDFS.label, Literal(zh, lang="zh")))
        g.add((t, RDFS.comment, Literal(comment, lang="en")))
        g.add((t, RDFS.range, rng))
        g.add((t, RDFS.isDefinedBy, URIRef(str(ANA._NS).rstrip("#"))))
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
        if key in meta:  # an engine that samples nothing (Spark) has no sampleSize or seed
            g.add((run, ANA[key], Literal(int(meta[key]))))
    if "modularity" in meta:
        g.add((run, ANA.modularity, _dec(float(meta["modularity"]))))
    col = {h: i for i, h in enumerate(headers)}
    integers = {"core": ANA.coreNumber, "community": ANA.community, "component_size": ANA.componentSize}
    for row in rows:
        node = ID[str(row[col["id"]])]
        for m in SCORE_MEASURES:
            if m in col:  # the columns the engine computed
                g.add((node, ANA[m], _dec(float(row[col[m]]))))
        for name, term in integers.items():
            if name in col:
                g.add((node, term, Literal(int(row[col[name]]))))
        if "articulation_point" in col:
            g.add((node, ANA.articulationPoint, Literal(bool(row[col["articulation_point"]]))))
        if "cut_off" in col and row[col["cut_off"]] is not None:
            g.add((node, ANA.cutOff, Literal(int(row[col["cut_off"]]))))
    return g


def analysis_trig(g: Graph, input_sha256: str) -> bytes:
    """TriG text of the analysis graph, sorted (rdflib's Turtle writer), hash line first.

    The triples are written twice: in ``ekgg:analysis`` and in the default graph, so that loaded
    beside the build they join its asserted graph (:mod:`ecokg.dataset.asserted`) and a query
    that names no graph sees each score once.
    """
    body = g.serialize(format="turtle")
    prefixes = [ln for ln in body.splitlines() if ln.startswith("@prefix")]
    lines = [ln for ln in body.splitlines() if not ln.startswith("@prefix")]
    text = "\n".join(("    " + ln) if ln else "" for ln in lines).strip("\n")
    out = (
        f"{HEADER}{input_sha256}\n"
        + "\n".join(sorted(prefixes))
        + f"\n\n<{g.identifier}> {{\n{text}\n}}\n\n# the same triples in the default graph\n{{\n{text}\n}}\n"
    )
    return out.encode("utf-8")


__all__ = [
    "score_table",
    "centrality_csv",
    "analysis_graph",
    "analysis_trig",
    "ANALYSIS_TERMS",
    "SCORE_MEASURES",
    "CENTRALITY_FILE",
]
