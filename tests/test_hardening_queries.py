"""Issue 17: bounded queries everywhere (token-level shape checks, CLI limits, worker memory,
orphaned workers, admission control), on the real build and a 1,500-hop chain."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import CHECKOUT

from ecokg.cli import main as cli
from ecokg.query.library import load_queries
from ecokg.query.safety import QueryTooComplex, check_query, check_shape
from ecokg.serve.server import EndpointConfig, SparqlServer, running
from ecokg.serve.workers import PoolBusy, QueryTimeout, WorkerPool

DEEP_COLLECTION = "SELECT * WHERE { ?s ?p " + "( " * 320 + "1 " + ") " * 320 + "}"
DEEP_BNODES = "SELECT * WHERE { ?s ?p " + "[ ?p " * 1000 + "1 " + "] " * 1000 + "}"
WIDE_GROUP = "SELECT * WHERE { " + " ".join(f"?s ?p ?o{i} ." for i in range(200)) + " }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MEMORY_HOG = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 10"
ASK = "ASK { ekg:haishu eco:partOf ekg:ningbo }"


def children_of(pid: int) -> set[int]:
    """Live processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry))
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# ------------------------------------------------------------------ shape checks before any parser


@pytest.mark.parametrize("query", [DEEP_COLLECTION, DEEP_BNODES, WIDE_GROUP], ids=["collections", "bnodes", "wide"])
def test_queries_that_make_the_parser_spin_are_refused_by_tokens(query: str) -> None:
    started = time.perf_counter()
    with pytest.raises(QueryTooComplex):
        check_query(query)
    assert time.perf_counter() - started < 0.5  # Oxigraph alone took over 10 s on each


def test_the_shape_limits_refuse_no_named_query_and_no_values_data() -> None:
    for name, q in load_queries().items():
        check_shape(q.bound()), name
    check_query("SELECT ?x WHERE { VALUES ?x { " + " ".join(map(str, range(2000))) + " } }")
    check_query("SELECT * WHERE { ?s ?p " + "( " * 30 + "1 " + ") " * 30 + "}")


def test_the_command_line_refuses_a_deep_query_at_once(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    assert cli.main(["query", "--build", str(build_dir), "--sparql", DEEP_COLLECTION]) == 1
    assert time.perf_counter() - started < 2
    assert "nests ( [ { 33 deep" in capsys.readouterr().err


# ------------------------------------------------------------------ the command line's limits


def test_the_command_line_stops_a_runaway_query(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = children_of(os.getpid())
    started = time.perf_counter()
    assert cli.main(["query", "--build", str(build_dir), "--sparql", CARTESIAN, "--timeout", "1"]) == 1
    assert time.perf_counter() - started < 6  # worker start-up plus the 1 s limit; it ran past 100 s before
    assert "ran longer than the 1 s limit (--timeout to change it)" in capsys.readouterr().err
    assert children_of(os.getpid()) <= before  # its worker is gone


def test_the_command_line_caps_rows(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["query", "--build", str(build_dir), "--sparql", "SELECT * { ?s ?p ?o }", "-f", "csv",
                     "--max-rows", "7"]) == 0  # fmt: skip
    out = capsys.readouterr()
    assert len(out.out.strip().splitlines()) == 1 + 7
    assert "results cut at 7 rows (--max-rows to change it)" in out.err


def test_the_command_line_bounds_memory(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.perf_counter()
    assert cli.main(["query", "--build", str(build_dir), "--sparql", MEMORY_HOG, "--max-memory", "0.5"]) == 1
    err = capsys.readouterr().err
    assert "needed more than 0.5 GB of memory" in err and "Traceback" not in err
    assert time.perf_counter() - started < 30


def test_the_memory_store_turns_a_recursion_error_into_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chain = tmp_path / "chain.trig"
    lines = ["@prefix ex: <http://example.org/> .", "{"]  # the default graph, which queries read
    lines += [f"ex:n{i} ex:p ex:n{i + 1} ." for i in range(1500)]
    chain.write_text("\n".join([*lines, "}"]) + "\n", encoding="utf-8")
    query = "PREFIX ex: <http://example.org/> SELECT (COUNT(*) AS ?n) WHERE { ex:n0 (ex:p|^ex:p)* ?x }"
    assert cli.main(["query", "--build", str(chain), "--store", "memory", "--sparql", query, "--timeout", "60"]) == 1
    err = capsys.readouterr().err
    assert "recursed too deeply" in err and "--store oxigraph" in err and "Traceback" not in err
    assert cli.main(["query", "--build", str(chain), "--sparql", query, "-f", "csv"]) == 0  # Oxigraph copes
    assert capsys.readouterr().out.split() == ["n", "1501"]


# ------------------------------------------------------------------ workers: memory, orphans, admission


@pytest.fixture(scope="module")
def srv(build_dir: Path) -> Iterator[SparqlServer]:
    config = EndpointConfig(trig=build_dir / "ecosystem.trig", port=0, workers=2, timeout=4, max_memory_gb=0.5,
                            queries_dir=CHECKOUT.root / "queries")  # fmt: skip
    with running(config) as server:
        yield server


def get(server: SparqlServer, query: str) -> tuple[int, bytes]:
    url = server.url + "?" + urlencode({"query": query})
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_an_endpoint_worker_is_bounded_in_memory(srv: SparqlServer) -> None:
    status, body = get(srv, MEMORY_HOG)  # reached 6 GB in 5.6 s before
    assert status == 503 and b"needed more than 0.5 GB of memory" in body
    assert get(srv, ASK) == (200, b'{"head": {}, "boolean": true}')


def test_the_endpoint_refuses_a_deep_query_without_a_worker(srv: SparqlServer) -> None:
    busy_before = srv.pool.busy
    started = time.perf_counter()
    status, body = get(srv, DEEP_BNODES)
    assert status == 413 and b"deep" in body and time.perf_counter() - started < 3  # generous: a shared machine
    assert srv.pool.busy == busy_before


def test_heavy_queries_do_not_starve_a_light_one(srv: SparqlServer) -> None:
    heavy = [threading.Thread(target=get, args=(srv, CARTESIAN)) for _ in range(2)]
    for t in heavy:
        t.start()
    deadline = time.monotonic() + 10
    while srv.pool.busy < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert srv.pool.busy == 2  # both warm workers are taken
    while len(srv.pool.pids()) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)  # the spare started when the last warm worker was taken
    started = time.perf_counter()
    assert get(srv, ASK)[0] == 200  # answered by a spare: before, it waited 10 s for a 503
    assert time.perf_counter() - started < 1.5
    for t in heavy:
        t.join(30)


def test_one_client_cannot_hold_every_worker(build_dir: Path) -> None:
    pool = WorkerPool(build_dir / "ecosystem.trig", size=1, timeout=3, max_size=2)
    try:
        assert pool.client_cap == 1

        def heavy() -> None:
            with pytest.raises(QueryTimeout):
                pool.run(CARTESIAN, "text/csv", client="10.0.0.1")

        t = threading.Thread(target=heavy, daemon=True)
        t.start()
        deadline = time.monotonic() + 10
        while pool.busy < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        with pytest.raises(PoolBusy, match="10.0.0.1 already runs 1 queries") as err:
            pool.run(ASK, "text/csv", client="10.0.0.1")
        assert err.value.status == 429
        assert pool.run(ASK, "text/csv", client="10.0.0.2").status == 200  # another client is served
        t.join(10)
    finally:
        pool.close()


def test_workers_die_with_their_parent(build_dir: Path, tmp_path: Path) -> None:
    """A parent holding a pool (workers started from a thread that ends) is killed with -9 mid-query."""
    script = textwrap.dedent(f"""
        import sys, threading, time
        from ecokg.serve.workers import WorkerPool
        pools = []
        t = threading.Thread(target=lambda: pools.append(WorkerPool({str(build_dir / "ecosystem.trig")!r}, size=2,
                             timeout=60)))
        t.start(); t.join()
        pool = pools[0]
        threading.Thread(target=pool.run, args=({CARTESIAN!r}, "text/csv"), daemon=True).start()
        while pool.busy < 1:
            time.sleep(0.02)
        print(" ".join(map(str, pool.pids())), flush=True)
        time.sleep(600)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert len(pids) >= 2 and all(alive(p) for p in pids)
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 5
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(p) for p in pids)  # a busy worker kept burning CPU here before
