"""Benchmark workers for the scale back ends: a disk-backed Oxigraph store, Virtuoso, Spark GraphX.

Each runs in its own process (:mod:`bench.workers` dispatches to it) and prints JSON lines.

* ``disk``: ``pyoxigraph.Store(path)`` + ``bulk_load`` of the region (the way a Ningbo-sized
  region is held: on disk, not in memory), then the named query library on it.
* ``virtuoso``: :class:`ecokg.scale.virtuoso.VirtuosoServer` bulk-loads the region, the named
  queries run through :func:`ecokg.scale.virtuoso_sparql.query`, each answer compared with the
  embedded store's on the same region (:func:`same_answer`: rows as sorted tuples of lexical
  forms, the lists a query declares unordered as their items sorted).
* ``spark``: :func:`ecokg.scale.spark.graphx_measures` against the in-process PageRank
  (``ecokg.network.centrality``, fast backend) and networkx's connected components, on the same
  projection: time, max |diff| of PageRank, same components, same degrees.

>>> _rows_key([("a", None), ("b", "1")])
[('a', ''), ('b', '1')]
>>> _rows_key([("x", "b / a")], {1: " / "})
[('x', 'a / b')]
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.workers import emit, maxrss_mb, open_engine, timed


def _rows_key(rows: Sequence[tuple[Any, ...]], lists: Mapping[int, str] | None = None) -> list[tuple[str, ...]]:
    """Rows as sorted tuples of lexical forms (unbound: ``""``); a cell of a column in ``lists``
    (index -> separator) with its items sorted."""
    lists = lists or {}

    def cell(i: int, x: Any) -> str:
        text = "" if x is None else str(x)
        return lists[i].join(sorted(text.split(lists[i]))) if i in lists else text

    return sorted(tuple(cell(i, x) for i, x in enumerate(row)) for row in rows)


def _ox_rows(store: Any, text: str) -> tuple[list[str], list[tuple[str | None, ...]]]:
    """The embedded store's answer: its variables and rows of lexical forms."""
    res = store.query(text)  # the default graph: the region's asserted graph
    names = [v.value for v in res.variables]
    return names, [tuple(None if s[n] is None else s[n].value for n in names) for s in res]


def same_answer(
    got: Sequence[tuple[Any, ...]], want: Sequence[tuple[Any, ...]], names: Sequence[str], text: str
) -> tuple[bool, list[str]]:
    """Whether two answers (rows over ``names``) to query ``text`` are the same, the lists the query
    declares unordered (:func:`ecokg.query.library.unordered_lists`) compared as their items in any
    order; and, when they differ only in the order of the items of other GROUP_CONCAT lists, which.

    >>> q = 'SELECT ?a (GROUP_CONCAT(?x; separator=",") AS ?xs) { ?a ?p ?x } GROUP BY ?a'
    >>> same_answer([("1", "b,a")], [("1", "a,b")], ["a", "xs"], q)
    (False, ['xs'])
    >>> same_answer([("1", "b,a")], [("1", "a,b")], ["a", "xs"], "# answers: listed in no particular order\\n" + q)
    (True, [])
    """
    from ecokg.query.library import group_concat_columns, unordered_lists

    def key(columns: Mapping[str, str], a: Sequence[tuple[Any, ...]]) -> list[tuple[str, ...]]:
        return _rows_key(a, {names.index(c): sep for c, sep in columns.items() if c in names})

    unordered, every = unordered_lists(text), group_concat_columns(text)
    if key(unordered, got) == key(unordered, want):
        return True, []
    if key(every, got) != key(every, want):
        return False, []

    def in_order_differs(column: str) -> bool:  # compared as written, the other lists as items
        rest = {c: sep for c, sep in every.items() if c != column}
        return key(rest, got) != key(rest, want)

    return False, [c for c in every if c not in unordered and c in names and in_order_differs(c)]


def _cpu() -> float:
    t = os.times()  # the whole process: Oxigraph's loader threads included
    return t.user + t.system


def task_disk(a: dict[str, Any]) -> None:
    """Bulk-load the region's file into a disk-backed Store, then time the named queries on it.

    The load timed is ``Store.bulk_load(path=...)`` of the N-Quads file the synth already wrote
    (generation is timed apart, by :mod:`bench.run`), with its CPU seconds (all of Oxigraph's
    threads) and the machine's load average beside it, since the machine is shared. With
    ``keep`` the store stays in that directory for the centrality worker to open read-only.
    """
    import signal

    import pyoxigraph as ox

    from bench.workers import QueryTimeout, _alarm

    keep, reuse = a.get("keep"), a.get("reuse")
    with tempfile.TemporaryDirectory(prefix="ecokg-ox-", dir=a.get("tmp")) as d:
        if reuse:  # the queries only, on the store an earlier disk worker kept
            store = ox.Store.read_only(reuse)
        else:
            where = keep or d
            load_avg, c0, t0 = os.getloadavg()[0], _cpu(), time.perf_counter()
            store = ox.Store(path=where)
            store.bulk_load(path=a["path"], format=ox.RdfFormat.N_QUADS)
            store.flush()
            dt, cpu = time.perf_counter() - t0, _cpu() - c0
            emit(seconds=dt, cpu_seconds=cpu, load_avg=[load_avg, os.getloadavg()[0]], quads=len(store),
                 disk_mb=sum(f.stat().st_size for f in Path(where).rglob("*") if f.is_file()) / 2**20,
                 maxrss_mb=maxrss_mb())  # fmt: skip
        limit = float(a.get("query_timeout") or 0)
        signal.signal(signal.SIGALRM, _alarm)
        for name, text in (a.get("queries") or {}).items():
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                times, rows = timed(
                    lambda t=text: sum(1 for _ in store.query(t)),
                    a["repeat"],
                    a["budget"],
                )
                if rows:
                    emit(query=name, times=times, rows=rows)
                else:  # an empty answer measures nothing: an error, not a figure
                    emit(query=name, rows=0, error="returned no rows")
            except QueryTimeout:
                emit(query=name, error=f"timed out after {limit:g} s", timeout_s=limit)
            except Exception as exc:  # noqa: BLE001 -- a failing query is reported, not fatal
                emit(query=name, error=f"{type(exc).__name__}: {str(exc)[:200]}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        emit(load_avg_end=os.getloadavg()[0])


def task_virtuoso(a: dict[str, Any]) -> None:
    """Virtuoso's bulk loader and the named queries over HTTP, beside the embedded store."""
    from ecokg.scale.virtuoso import VirtuosoServer
    from ecokg.scale.virtuoso_sparql import KNOWN_WRONG, VirtuosoError, query

    try:
        VirtuosoServer.binaries()
    except VirtuosoError as exc:
        emit(skipped=str(exc))
        return
    embedded = open_engine("pyoxigraph", a["path"])
    with tempfile.TemporaryDirectory(prefix="ecokg-virtuoso-") as d, VirtuosoServer(Path(d)) as server:
        t0 = time.perf_counter()
        counts = server.bulk_load(Path(a["path"]))
        emit(load_seconds=time.perf_counter() - t0, quads=sum(counts.values()))
        graphs = list(counts)
        for name, text in a["queries"].items():
            try:
                times, result = timed(
                    lambda t=text: query(server.sparql_url, t, graphs, timeout=a.get("query_timeout", 60)),
                    a["repeat"],
                    a["budget"],
                )
                names, want = _ox_rows(embedded, text)
                there = [str(v) for v in result.vars]
                got = [tuple(dict(zip(there, row, strict=True)).get(n) for n in names) for row in result]
                same, order_only = same_answer(got, want, names, text)
                emit(query=name, times=times, rows=len(got), embedded_rows=len(want), same=same,
                     list_order_only=order_only or None, known_wrong=KNOWN_WRONG.get(name))  # fmt: skip
            except Exception as exc:  # noqa: BLE001 -- a failing query is reported, not fatal
                emit(query=name, error=f"{type(exc).__name__}: {str(exc)[:200]}")


def task_spark(a: dict[str, Any]) -> None:
    """GraphX PageRank / components / degrees against the in-process path on the same projection."""
    import networkx as nx

    from bench.workers import _projection
    from ecokg.network import centrality as A
    from ecokg.scale.spark import SparkUnavailable, graphx_measures

    if shutil.which("java") is None:
        emit(skipped="no Java runtime (java) on PATH")
        return
    G = _projection(a["path"])
    emit(nodes=G.number_of_nodes(), edges=G.number_of_edges())
    t0 = time.perf_counter()
    pr = A.centrality(G, "pagerank", backend="fast")
    comps = {frozenset(c) for c in nx.connected_components(G)}
    emit(inprocess_seconds=time.perf_counter() - t0)
    try:
        t0 = time.perf_counter()
        res = graphx_measures(G)
        dt = time.perf_counter() - t0
    except SparkUnavailable as exc:
        emit(skipped=str(exc))
        return
    groups: dict[int, set[Any]] = {}
    for v, c in res.component.items():
        groups.setdefault(c, set()).add(v)
    emit(
        spark_seconds=dt,
        max_diff=max((abs(pr[v] - res.pagerank[v]) for v in G), default=0.0),
        same_components={frozenset(g) for g in groups.values()} == comps,
        same_degrees=all(res.degree[v] == G.degree(v) for v in G),
    )
