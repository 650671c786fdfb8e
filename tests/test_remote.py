"""`ecokg push` / `ecokg query --endpoint` against a real Oxigraph server (the `oxigraph` binary).

The server runs on a free loopback port with its default graph a graph of its own (no
``--union-default-graph``); the build is pushed through the Graph Store Protocol (its named graphs,
and its asserted graph into the default graph), then every named query runs with its default
parameters on the server and on the embedded store and the answers are compared.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from rdflib import XSD, Literal

from ecokg.cli import main as cli
from ecokg.query import remote
from ecokg.query.library import group_concat_columns, load_queries

pytestmark = pytest.mark.server

XSD_STRING = XSD.string
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
needs_oxigraph = pytest.mark.skipif(
    not Path(OXIGRAPH).is_file(), reason="the `oxigraph` server binary is missing (pip install oxigraph)"
)


def same_results(local: Any, other: Any, text: str) -> bool:
    """Equal answers as multisets of rows; GROUP_CONCAT cells compared as sets of their parts.

    SPARQL leaves the order of GROUP_CONCAT's parts (and of rows without ORDER BY ties) open;
    rdflib reads a plain literal from SPARQL JSON without the xsd:string datatype oxrdflib gives it.
    """
    if local.type != other.type:
        return False
    if local.type == "ASK":
        return bool(local.askAnswer) == bool(other.askAnswer)
    if local.type in ("CONSTRUCT", "DESCRIBE"):
        return set(local.graph) == set(other.graph)
    separators = group_concat_columns(text)
    names = [str(v) for v in local.vars]
    if names != [str(v) for v in other.vars]:
        return False

    def norm(result: Any) -> Counter[tuple[Any, ...]]:
        rows = []
        for row in result:
            cells: list[Any] = []
            for name, value in zip(names, row, strict=True):
                if name in separators and isinstance(value, Literal):
                    cells.append(frozenset(str(value).split(separators[name])))
                elif isinstance(value, Literal) and value.datatype == XSD_STRING:
                    cells.append(Literal(str(value)))  # RDF 1.1: a simple literal is an xsd:string
                else:
                    cells.append(value)
            rows.append(tuple(cells))
        return Counter(rows)

    return norm(local) == norm(other)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving_oxigraph(location: Path) -> Iterator[str]:
    """`oxigraph serve` over the store at ``location`` on a free 127.0.0.1 port (no union default
    graph: the build's default graph is its asserted graph); its base URL, until the block ends."""
    port = free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            try:
                with urllib.request.urlopen(f"{base}/query?{urlencode({'query': 'ASK {}'})}", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An `oxigraph serve` process on a free 127.0.0.1 port; its base URL (stopped after the module)."""
    if not Path(OXIGRAPH).is_file():
        pytest.skip("the `oxigraph` server binary is missing (pip install oxigraph)")
    with serving_oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="module")
def pushed(oxigraph_server: str, build_dir: Path) -> str:
    """The server with the build pushed by `ecokg push`; the SPARQL query URL."""
    assert cli.main(["push", "--endpoint", f"{oxigraph_server}/store", "--build", str(build_dir)]) == 0
    return f"{oxigraph_server}/query"


GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DEFAULT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def counts(data: Any) -> dict[str, int]:
    """Triples per named graph, and in the default graph (key ``(default graph)``), of a store."""
    out = {str(g): int(n) for g, n in data.query(GRAPH_COUNTS)}
    out["(default graph)"] = int(next(iter(data.query(DEFAULT_COUNT)))[0])
    return out


class _Remote:
    def __init__(self, url: str) -> None:
        self.url = url

    def query(self, text: str) -> Any:
        return remote.query(self.url, text)


@needs_oxigraph
def test_push_loads_every_graph_and_is_idempotent(
    pushed: str, oxigraph_server: str, build_dir: Path, built: Any
) -> None:
    local = counts(built)
    assert len(local) >= 8 and local["(default graph)"] == len(built)
    assert counts(_Remote(pushed)) == local
    remote.push(f"{oxigraph_server}/store", build_dir / "ecosystem.trig")  # again: graphs replaced, not doubled
    assert counts(_Remote(pushed)) == local


@needs_oxigraph
@pytest.mark.parametrize("name", list(load_queries()))
def test_every_named_query_answers_the_same_on_the_server(name: str, pushed: str, built: Any) -> None:
    text = load_queries()[name].bound()
    local = built.query(text)
    there = remote.query(pushed, text)
    local_rows = list(local)
    assert local_rows, f"{name} returns nothing with its defaults, so the comparison would prove nothing"
    assert same_results(local, there, text)


@needs_oxigraph
def test_the_issue_examples_give_each_fact_once_after_push(pushed: str, build_dir: Path) -> None:
    """Issue 14 on a real Oxigraph server: the push put the asserted graph into its default graph."""
    from test_asserted import check_issue_examples, manifest, protocol_runner

    check_issue_examples(protocol_runner(pushed), manifest(build_dir)["classes"]["Company"])


@needs_oxigraph
def test_push_sends_a_fresh_analysis_into_the_default_graph_once(
    oxigraph_server: str, analyzed: Path, build_dir: Path
) -> None:
    from test_asserted import analysed_nodes, protocol_runner, scores_once

    try:
        assert cli.main(["push", "--endpoint", f"{oxigraph_server}/store", "--build", str(analyzed)]) == 0
        scores_once(protocol_runner(f"{oxigraph_server}/query"), analysed_nodes(analyzed))
    finally:  # the module's other tests compare the server with the build alone
        assert cli.main(["push", "--endpoint", f"{oxigraph_server}/store", "--build", str(build_dir)]) == 0
        _drop(oxigraph_server, "https://w3id.org/ecokg/graph/analysis")


def _drop(base: str, graph: str) -> None:
    """Delete one named graph through the Graph Store Protocol."""
    req = urllib.request.Request(remote.graph_url(f"{base}/store", graph), method="DELETE")
    with urllib.request.urlopen(req, timeout=30):
        pass


@needs_oxigraph
def test_query_endpoint_from_the_command_line(pushed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["query", "--endpoint", pushed, "posts", "-p", "person=sun_liming", "-f", "tsv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t")[:3] == ["person", "name", "title"] and out[1].split("\t")[1:3] == ["孙黎明", "区委书记"]
    assert cli.main(["query", "--endpoint", pushed, "--sparql", "SELECT ?x WHERE { ?x ?y }"]) == 1
    assert "HTTP 400" in capsys.readouterr().err


def test_unreachable_endpoint_and_missing_build(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = f"http://127.0.0.1:{free_port()}/query"
    assert cli.main(["query", "--endpoint", dead, "posts"]) == 1
    assert "cannot connect" in capsys.readouterr().err
    assert cli.main(["push", "--endpoint", dead, "--build", str(build_dir)]) == 1
    assert "cannot connect" in capsys.readouterr().err
    assert cli.main(["push", "--endpoint", dead, "--build", str(tmp_path)]) == 1
    assert "run `ecokg build` first" in capsys.readouterr().err


class _Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str | None, str | None, int]] = []

    def do_PUT(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(
            (self.command, self.path, self.headers.get("Authorization"), self.headers.get("Content-Type"), len(body))
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_push_uses_the_graph_store_protocol_with_basic_auth(build_dir: Path, built: Any) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _Recorder.seen.clear()
        url = f"http://ann:s3cr%40t@127.0.0.1:{server.server_address[1]}/ds/data"
        sent = remote.push(url, build_dir / "ecosystem.trig")
    finally:
        server.shutdown()
        server.server_close()
    graphs = {str(g) for g, _n in built.query(GRAPH_COUNTS)}
    assert set(sent) == graphs | {"(default graph)"} and sent["(default graph)"] == len(built)
    assert {unquote_graph(path) for _m, path, *_ in _Recorder.seen} == graphs | {None}
    for method, path, auth, ctype, size in _Recorder.seen:
        assert method == "PUT"
        assert path == "/ds/data?default" or path.startswith("/ds/data?graph=https%3A%2F%2Fw3id.org%2Fecokg%2Fgraph%2F")
        assert auth == "Basic YW5uOnMzY3JAdA=="  # ann:s3cr@t
        assert ctype.startswith("application/n-triples") and size > 0


def unquote_graph(path: str) -> str | None:
    from urllib.parse import parse_qs, urlsplit

    query = urlsplit(path).query
    return None if query == "default" else parse_qs(query)["graph"][0]


@needs_oxigraph
def test_ad_hoc_queries_get_the_predeclared_prefixes_on_the_server(
    pushed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Oxigraph server predeclares nothing: `ecokg query --endpoint` declares what the query uses."""
    labels = "SELECT DISTINCT ?l WHERE { ekg:taiping_bird rdfs:label ?l } ORDER BY ?l"
    assert cli.main(["query", "--endpoint", pushed, "--sparql", labels, "-f", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["l", "Peacebird", "太平鸟"]
    based = "BASE <https://w3id.org/ecokg/id/>\nASK { <taiping_bird> rdfs:label 'ekg:x', \"太平鸟\"@zh }"
    assert remote.query(pushed, based).askAnswer is False  # 'ekg:x' is a string: the query runs, and is false
    assert remote.query(pushed, based.replace("'ekg:x', ", "")).askAnswer is True
    own = "PREFIX ekg: <http://example.org/> ASK { ekg:taiping_bird ?p ?o }"  # its own ekg: is kept
    assert remote.query(pushed, own).askAnswer is False and remote.query(pushed, own.split("> ", 1)[1]).askAnswer
    assert remote.declare_prefixes("ASK { ?e ana:pagerank ?s }").startswith(
        "PREFIX ana: <https://w3id.org/ecokg/analysis#> ASK"
    )
    # the declarations go on line 1: the server's syntax error names the query's own line
    assert cli.main(["query", "--endpoint", pushed, "--sparql", "SELECT ?l WHERE {\n  ekg:taiping_bird ?l }"]) == 1
    assert "error at 2:" in capsys.readouterr().err
