"""Network measures on Spark: GraphX's own PageRank, connected components and degrees.

For a region too large for one Python process, the projection's edges are handed to Spark and
the measures are computed by GraphX, Spark's graph library, not re-implemented here:

1. nodes get dense integer ids (in :func:`ecokg.network.centrality.node_key` order, so runs are
   deterministic) and the edges are written as **Parquet** (``src``, ``dst`` and the node ids),
   which other Spark jobs, DuckDB or pandas can read too;
2. Spark reads the Parquet, GraphX builds the graph (every node a vertex, isolated ones too; an
   undirected edge becomes one edge each way) and runs ``PageRank.runUntilConvergence``,
   ``ConnectedComponents.run`` and ``GraphOps.outDegrees`` through PySpark's JVM gateway;
3. the results come back as plain ``{node: value}`` dicts, the shape ``ecokg analyze`` writes
   into ``build/centrality.csv`` and the ``ana:`` graph.

GraphX's PageRank sums to the number of vertices; it is divided by that number so it reads on
networkx's scale (sum 1). Dangling vertices (isolated nodes here) are handled by GraphX as of
Spark 2.2; agreement with the igraph/networkx PageRank is within GraphX's convergence tolerance,
which tests/test_spark.py measures on a synthetic region.

Needs the ``spark`` extra (``pip install 'ecokg[spark]'``: pyspark, which ships Spark and GraphX)
and a Java runtime (Debian's OpenJDK 17: ``JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64``).
Spark takes about 25 s to start, so below about a million edges the in-process igraph path is
faster; switch when a region no longer fits one machine's memory (``--master spark://…``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

DEFAULT_MASTER = "local[2]"
JAVA_CANDIDATES = ("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/default-java")
#: GraphX stops when no vertex's rank (summing to N) moves by more than this; about networkx's 1e-6 * N in L1.
TOLERANCE = 1e-6
RESET_PROBABILITY = 0.15  # = 1 - networkx's alpha 0.85


class SparkUnavailable(RuntimeError):
    """pyspark or Java is missing, or Spark did not start; the message says what to install."""


@dataclass(frozen=True)
class SparkResult:
    """What GraphX computed, keyed by the projection's node ids."""

    pagerank: dict[Hashable, float]
    component: dict[Hashable, int]  # smallest integer id in the component, as GraphX labels it
    degree: dict[Hashable, int]
    iterations: int | None = None


def java_home() -> str:
    """``JAVA_HOME`` if set, else Debian's OpenJDK 17; :class:`SparkUnavailable` if neither has java."""
    for home in (os.environ.get("JAVA_HOME"), *JAVA_CANDIDATES):
        if home and Path(home, "bin", "java").exists():
            return home
    if shutil.which("java"):
        return str(Path(shutil.which("java") or "").resolve().parent.parent)
    raise SparkUnavailable("no Java runtime: install Debian's openjdk-17-jre-headless or set JAVA_HOME")


@contextmanager
def session(master: str = DEFAULT_MASTER, app: str = "ecokg") -> Iterator[Any]:
    """A SparkSession on ``master`` for the ``with`` block (quiet logs, loopback only when local)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("pyspark is not installed: pip install 'ecokg[spark]'") from None
    os.environ.setdefault("JAVA_HOME", java_home())
    builder = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
    )
    if master.startswith("local"):
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # py4j / JVM start-up failures have many types
        raise SparkUnavailable(f"Spark did not start on {master}: {str(exc).strip()[:500]}") from None
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()


def write_edges(G: nx.Graph, directory: Path, spark: Any) -> tuple[list[Hashable], Path, Path]:
    """Nodes (index = GraphX vertex id) and the Parquet files of vertices and edges.

    An undirected edge is written once each way, as GraphX graphs are directed.
    """
    from ecokg.network.order import node_key

    nodes = sorted(G.nodes, key=node_key)
    index = {n: i for i, n in enumerate(nodes)}
    pairs: list[tuple[int, int]] = []
    for u, v in G.edges():
        pairs.append((index[u], index[v]))
        if not G.is_directed():
            pairs.append((index[v], index[u]))
    vertices, edges = directory / "vertices.parquet", directory / "edges.parquet"
    spark.createDataFrame([(i, str(n)) for i, n in enumerate(nodes)], "id long, node string").write.mode(
        "overwrite"
    ).parquet(str(vertices))
    spark.createDataFrame(sorted(pairs), "src long, dst long").write.mode("overwrite").parquet(str(edges))
    return nodes, vertices, edges


def graphx_measures(
    G: nx.Graph, *, master: str = DEFAULT_MASTER, workdir: Path | None = None, spark: Any = None
) -> SparkResult:
    """PageRank, connected components and degree of ``G``, computed by GraphX on ``master``.

    ``spark``: an active SparkSession to use (one is started on ``master`` and stopped if not).

    >>> import networkx as nx
    >>> r = graphx_measures(nx.path_graph(3))  # doctest: +SKIP
    >>> r.component, r.degree  # doctest: +SKIP
    ({0: 0, 1: 0, 2: 0}, {0: 1, 1: 2, 2: 1})
    """
    if G.number_of_nodes() == 0:
        return SparkResult({}, {}, {})
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="ecokg-spark-")) if workdir is None else workdir
    try:
        with contextlib.nullcontext(spark) if spark is not None else session(master) as active:
            nodes, vertices, edges = write_edges(G, work, active)
            ranks, components, degrees = _run_graphx(active, vertices, edges, work)
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    n = len(nodes)
    total = sum(ranks.values()) or 1.0
    return SparkResult(
        pagerank={nodes[i]: ranks.get(i, 0.0) / total for i in range(n)},
        component={nodes[i]: components.get(i, i) for i in range(n)},
        degree={nodes[i]: degrees.get(i, 0) for i in range(n)},
    )


def spark_table(G: nx.Graph, result: SparkResult) -> tuple[list[str], list[list[Any]], dict[str, Any]]:
    """The rows ``ecokg analyze --engine spark`` writes: the score table's columns GraphX computed.

    Degree is divided by n-1, as networkx's degree centrality is; ranks are overall and within the
    node's type, as in :func:`ecokg.network.export.score_table`.

    >>> G = nx.path_graph(["a", "b", "c"])
    >>> r = SparkResult({"a": 0.25, "b": 0.5, "c": 0.25}, {"a": 0, "b": 0, "c": 0}, {"a": 1, "b": 2, "c": 1})
    >>> headers, rows, meta = spark_table(G, r)
    >>> rows[0][:6], meta["components"]
    (['b', None, None, None, 1.0, 0.5], 1)
    """
    from ecokg.network.centrality import rank, ranks

    n = G.number_of_nodes()
    degree = {v: d / (n - 1) if n > 1 else 0.0 for v, d in result.degree.items()}
    scores = {"degree": degree, "pagerank": result.pagerank}
    overall = {m: ranks(s) for m, s in scores.items()}
    typed = {m: ranks(s, group=lambda v: G.nodes[v].get("type")) for m, s in scores.items()}
    size: dict[int, int] = {}
    for label in result.component.values():
        size[label] = size.get(label, 0) + 1
    headers = ["id", "label", "label_en", "type", "degree", "pagerank", "degree_rank", "pagerank_rank",
               "degree_type_rank", "pagerank_type_rank", "component_size"]  # fmt: skip
    rows = [
        [
            v,
            G.nodes[v].get("label"),
            G.nodes[v].get("label_en"),
            G.nodes[v].get("type"),
            degree[v],
            result.pagerank[v],
            overall["degree"][v],
            overall["pagerank"][v],
            typed["degree"][v],
            typed["pagerank"][v],
            size[result.component[v]],
        ]  # fmt: skip
        for v, _ in rank(result.pagerank)
    ]
    meta = {"nodes": n, "edges": G.number_of_edges(), "components": len(size), "engine": "spark"}
    return headers, rows, meta


def _run_graphx(
    spark: Any, vertices: Path, edges: Path, work: Path
) -> tuple[dict[int, float], dict[int, int], dict[int, int]]:
    """Build the GraphX graph from the Parquet files and run its algorithms through the JVM."""
    jvm = spark.sparkContext._jvm
    jspark = spark._jsparkSession
    enc = jvm.org.apache.spark.sql.Encoders
    tags = _module(jvm.scala.reflect, "ClassTag")
    storage = jvm.org.apache.spark.storage.StorageLevel.MEMORY_ONLY()
    graphx = jvm.org.apache.spark.graphx

    # vertices: RDD[(VertexId, Int)] from the Parquet ids; edges: RDD[Edge[Int]] via GraphX's loader
    vdf = spark.read.parquet(str(vertices)).selectExpr("id AS _1", "CAST(0 AS INT) AS _2")._jdf
    vrdd = getattr(vdf, "as")(enc.tuple(enc.LONG(), enc.INT()))  # Dataset[(Long, Int)]
    text = work / "edges.txt"
    spark.read.parquet(str(edges)).selectExpr("concat(src, ' ', dst) AS value").write.mode("overwrite").text(str(text))
    loaded = graphx.GraphLoader.edgeListFile(jspark.sparkContext(), str(text), False, -1, storage, storage)
    graph = _module(graphx, "Graph").apply(vrdd.rdd(), loaded.edges(), 0, storage, storage, tags.Int(), tags.Int())
    ops = _module(graphx, "Graph").graphToGraphOps(graph, tags.Int(), tags.Int())

    ranks = graphx.lib.PageRank.runUntilConvergence(graph, TOLERANCE, RESET_PROBABILITY, tags.Int(), tags.Int())
    components = graphx.lib.ConnectedComponents.run(graph, tags.Int(), tags.Int())
    return (
        {int(k): float(v) for k, v in _pairs(spark, ranks.vertices(), work / "ranks")},
        {int(k): int(v) for k, v in _pairs(spark, components.vertices(), work / "components")},
        {int(k): int(v) for k, v in _pairs(spark, ops.outDegrees(), work / "degrees")},
    )


def _module(package: Any, name: str) -> Any:
    """A Scala ``object``'s singleton (``name$.MODULE$``) through the py4j gateway."""
    return getattr(getattr(package, name + "$"), "MODULE$")


def _pairs(spark: Any, jrdd: Any, path: Path) -> list[tuple[str, str]]:
    """A JVM RDD of (id, value) tuples, saved as text by Spark and read back here."""
    jrdd.saveAsTextFile(str(path))
    out: list[tuple[str, str]] = []
    for part in sorted(path.glob("part-*")):
        for line in part.read_text().splitlines():
            k, _, v = line.strip("()").partition(",")
            out.append((k, v))
    return out
