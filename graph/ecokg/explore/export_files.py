"""The projection as files other tools open: GraphML, GEXF (Gephi), a Gephi CSV pair, Neo4j
import CSVs and Parquet (``ecokg export``).

**One id spelling.** A node is named by its bare local id (``taiping_bird``, the local name of
``https://w3id.org/ecokg/id/taiping_bird``) in every file written here, in ``centrality.csv``
(:mod:`ecokg.network.export`) and in :func:`ecokg.to_frame`'s answers, so they all join on it;
articles likewise by their bare id (``2019-05-haishu-246-clusters``).

Every node carries ``label`` (Chinese), ``label_en``, ``type`` (most specific class),
``classes``, ``aliases``, ``sources`` (the articles mentioning it), ``districts`` (the
District(s) it lies in, :func:`ecokg.explore.views.node_districts`), the scores of ``ecokg
analyze`` (:func:`ecokg.network.export.score_table`: the five centralities of
:func:`ecokg.network.centrality.all_centralities`, ``core`` and ``community``); every edge
``predicate``, ``predicates``, ``label``, ``weight``, ``articles`` (how many state it) and
``sources`` (which). An undirected edge is written in the direction its first statement
gives (subject -> object).

List attributes are kept as lists in Parquet; GraphML, GEXF and the CSVs carry them
``;``-joined (:data:`SEPARATOR`, Neo4j's array delimiter), so networkx's own writers
(``nx.write_graphml``, ``nx.write_gexf``) write them.  GEXF files record the day they were
written (networkx's ``lastmodifieddate``); the other formats are byte-identical across runs.

>>> G = nx.Graph()
>>> G.add_node("a", label="甲", type="Company", classes=["Company", "Organization"], sources=["s1"])
>>> G.add_node("b", label="乙", type="District", classes=["District", "Place"], sources=["s1"])
>>> G.add_edge("a", "b", predicate="locatedIn", predicates=["locatedIn"], label="位于", articles=1,
...            weight=1.0, evidence=[{"source": "s1", "predicate": "locatedIn", "subject": "a", "object": "b"}])
>>> t = tables(G, districts={"a": ["b"], "b": ["b"]})
>>> t.nodes[0]["id"], t.nodes[0]["districts"], t.edges[0]["source"], t.edges[0]["sources"]
('a', ['b'], 'a', ['s1'])
>>> flat_graph(t).nodes["a"]["classes"]
'Company;Organization'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from ecokg.io.writer import atomic_write
from ecokg.network.export import SCORE_MEASURES, score_table

FORMATS = ("graphml", "gexf", "csv", "neo4j", "parquet")
#: Joins list attributes in GraphML, GEXF and the CSVs (Neo4j's default array delimiter).
SEPARATOR = ";"
NODE_LISTS = ("classes", "aliases", "sources", "districts")
EDGE_LISTS = ("predicates", "sources")
SCORES = (*SCORE_MEASURES, "core", "community")
#: Default file (graphml, gexf) or directory (csv, neo4j, parquet) name under ``build/export/``.
DEFAULT_NAMES = {"graphml": "ecosystem.graphml", "gexf": "ecosystem.gexf", "csv": "gephi", "neo4j": "neo4j",
                 "parquet": "parquet"}  # fmt: skip


class ExportError(RuntimeError):
    """An export that cannot be written (e.g. Parquet without pyarrow)."""


@dataclass(frozen=True)
class Tables:
    """The projection as rows: one dict per node (sorted by id) and per edge, lists as lists."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    directed: bool


def districts_of(ds: Any) -> dict[str, list[str]]:
    """The District(s) of every entity, from the whole projection of ``ds`` (so a filtered export
    still knows the district of a company whose park it leaves out)."""
    from ecokg.explore.views import node_districts
    from ecokg.network.projection import project

    return node_districts(project(ds))


def _stated(G: nx.Graph, u: Any, v: Any, d: Mapping[str, Any]) -> tuple[Any, Any]:
    """The edge's direction: the graph's, or for an undirected graph its first statement's."""
    if G.is_directed():
        return u, v
    evidence = d.get("evidence") or []
    for ev in evidence:
        if ev.get("predicate") == d.get("predicate") and {ev.get("subject"), ev.get("object")} == {u, v}:
            return ev["subject"], ev["object"]
    return u, v


def tables(
    G: nx.Graph,
    *,
    districts: Mapping[Any, Sequence[str]] | None = None,
    weight: str | None = "weight",
    k: int | None = None,
    seed: int = 0,
) -> Tables:
    """Nodes and edges of ``G`` with their attributes and scores (``weight``, ``k`` and ``seed``
    as ``ecokg analyze`` takes them); ``districts`` defaults to those found in ``G`` itself."""
    if districts is None:
        from ecokg.explore.views import node_districts

        districts = node_districts(G)
    headers, rows, _ = score_table(G, weight=weight, k=k, seed=seed)
    col = {h: i for i, h in enumerate(headers)}
    scores = {r[col["id"]]: {m: r[col[m]] for m in SCORES} for r in rows}
    nodes = []
    for n in sorted(G):
        d = G.nodes[n]
        nodes.append(
            {"id": n, "label": d.get("label") or n, "label_en": d.get("label_en"), "type": d.get("type"),
             "classes": list(d.get("classes") or []), "aliases": list(d.get("aliases") or []),
             "sources": list(d.get("sources") or []), "districts": list(districts.get(n, [])), **scores[n]}
        )  # fmt: skip
    edges = []
    for u, v, d in G.edges(data=True):
        s, t = _stated(G, u, v, d)
        predicate = d.get("predicate") or ""
        edges.append(
            {"source": s, "target": t, "predicate": predicate, "predicates": list(d.get("predicates") or [predicate]),
             "label": d.get("label") or predicate, "weight": float(d.get("weight", 1.0)),
             "articles": int(d.get("articles") or 0),
             "sources": sorted({ev["source"] for ev in d.get("evidence") or [] if ev.get("source")})}
        )  # fmt: skip
    edges.sort(key=lambda e: (e["source"], e["target"], e["predicate"]))
    return Tables(nodes, edges, G.is_directed())


def _flat(v: Any) -> Any:
    return SEPARATOR.join(map(str, v)) if isinstance(v, list) else v


def flat_graph(t: Tables) -> nx.Graph:
    """A networkx graph of the tables with list attributes ``;``-joined and unknown values left
    out: what ``nx.write_graphml`` and ``nx.write_gexf`` accept."""
    H: nx.Graph = nx.DiGraph() if t.directed else nx.Graph()
    for n in t.nodes:
        H.add_node(n["id"], **{k: _flat(v) for k, v in n.items() if k != "id" and v is not None})
    for e in t.edges:
        attrs = {k: _flat(v) for k, v in e.items() if k not in ("source", "target") and v is not None}
        H.add_edge(e["source"], e["target"], **attrs)
    return H


def _xml(write: Callable[[nx.Graph, io.BytesIO], None], t: Tables) -> bytes:
    buf = io.BytesIO()
    write(flat_graph(t), buf)
    return buf.getvalue()


def graphml_bytes(t: Tables) -> bytes:
    """GraphML, written by ``nx.write_graphml``."""
    return _xml(lambda H, fh: nx.write_graphml(H, fh, encoding="utf-8"), t)


def gexf_bytes(t: Tables) -> bytes:
    """GEXF 1.2 (Gephi's own format), written by ``nx.write_gexf``."""
    return _xml(lambda H, fh: nx.write_gexf(H, fh, encoding="utf-8"), t)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    return str(_flat(v))


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([_cell(v) for v in row] for row in rows)
    return buf.getvalue().encode("utf-8")


def _node_keys(t: Tables) -> list[str]:
    return [k for k in t.nodes[0] if k not in ("id", "label")] if t.nodes else []


def gephi_csv(t: Tables) -> dict[str, bytes]:
    """Gephi's spreadsheet import: ``nodes.csv`` (``Id``, ``Label``, ...) and ``edges.csv``
    (``Source``, ``Target``, ``Type``, ``Label``, ``Weight``, ...)."""
    keys = _node_keys(t)
    nodes = _csv(["Id", "Label", *keys], [[n["id"], n["label"], *(n[k] for k in keys)] for n in t.nodes])
    kind = "Directed" if t.directed else "Undirected"
    extra = ["predicate", "predicates", "articles", "sources"]
    edges = _csv(["Source", "Target", "Type", "Label", "Weight", *extra],
                 [[e["source"], e["target"], kind, e["label"], e["weight"], *(e[k] for k in extra)]
                  for e in t.edges])  # fmt: skip
    return {"nodes.csv": nodes, "edges.csv": edges}


_NEO4J_TYPES = {**dict.fromkeys(SCORE_MEASURES, "double"), "core": "int", "community": "int",
                "weight": "double", "articles": "int"}  # fmt: skip


def _neo4j_header(key: str, lists: Sequence[str]) -> str:
    if key in lists:
        return f"{key}:string[]"
    return f"{key}:{_NEO4J_TYPES[key]}" if key in _NEO4J_TYPES else key


def neo4j_csv(t: Tables) -> dict[str, bytes]:
    """``neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv``:
    headers ``id:ID``, ``:LABEL`` (the node's classes) and ``:START_ID``, ``:END_ID``, ``:TYPE``
    (the predicate), typed properties (``pagerank:double``, ``sources:string[]``)."""
    keys = [k for k in t.nodes[0] if k != "id"] if t.nodes else []
    nodes = _csv(["id:ID", ":LABEL", *(_neo4j_header(k, NODE_LISTS) for k in keys)],
                 [[n["id"], n["classes"] or [n["type"] or "Entity"], *(n[k] for k in keys)] for n in t.nodes])  # fmt: skip
    extra = ["label", "predicates", "weight", "articles", "sources"]
    rels = _csv([":START_ID", ":END_ID", ":TYPE", *(_neo4j_header(k, EDGE_LISTS) for k in extra)],
                [[e["source"], e["target"], e["predicate"], *(e[k] for k in extra)] for e in t.edges])  # fmt: skip
    return {"nodes.csv": nodes, "relationships.csv": rels}


def frames(t: Tables) -> tuple[Any, Any]:
    """The node and edge tables as pandas DataFrames (lists kept as lists)."""
    from ecokg.query.frames import require_pandas

    pandas = require_pandas()
    node_cols = list(t.nodes[0]) if t.nodes else ["id"]
    edge_cols = list(t.edges[0]) if t.edges else ["source", "target"]
    return pandas.DataFrame(t.nodes, columns=node_cols), pandas.DataFrame(t.edges, columns=edge_cols)


def parquet_files(t: Tables) -> dict[str, bytes]:
    """``nodes.parquet`` and ``edges.parquet`` (pandas + pyarrow), list attributes as lists."""
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise ExportError(
            "Parquet needs pyarrow and pandas, optional dependencies: pip install 'ecokg[export]'"
        ) from exc
    out = {}
    for name, df in zip(("nodes.parquet", "edges.parquet"), frames(t)):
        buf = io.BytesIO()
        df.to_parquet(buf, engine="pyarrow", index=False)
        out[name] = buf.getvalue()
    return out


def export(t: Tables, fmt: str, path: Path) -> list[Path]:
    """Write ``t`` in format ``fmt``: a file at ``path`` (graphml, gexf) or files in the
    directory ``path`` (csv, neo4j, parquet). Returns the paths written."""
    if fmt == "graphml":
        files = {path: graphml_bytes(t)}
    elif fmt == "gexf":
        files = {path: gexf_bytes(t)}
    elif fmt in ("csv", "neo4j", "parquet"):
        if path.is_file():
            raise ExportError(f"{path} is a file; --format {fmt} writes a directory of files")
        make = {"csv": gephi_csv, "neo4j": neo4j_csv, "parquet": parquet_files}[fmt]
        files = {path / name: data for name, data in make(t).items()}
    else:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    for p, data in files.items():
        atomic_write(p, data)
    return list(files)


__all__ = [
    "DEFAULT_NAMES",
    "ExportError",
    "FORMATS",
    "SEPARATOR",
    "Tables",
    "districts_of",
    "export",
    "flat_graph",
    "frames",
    "gephi_csv",
    "gexf_bytes",
    "graphml_bytes",
    "neo4j_csv",
    "parquet_files",
    "tables",
]
