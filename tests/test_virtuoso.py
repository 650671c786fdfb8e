"""Virtuoso Open Source 7 as the scale store: bulk load, Graph Store push, the whole query library.

A real ``virtuoso-t`` (Debian's virtuoso-opensource-7-bin, installed by ``make system``) runs in a
temporary directory on free loopback ports. On CI a missing Virtuoso is a failure, not a skip.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from rdflib import XSD, Literal, Variable
from rdflib.query import Result
from test_remote import same_results

from ecokg.query import remote
from ecokg.query.library import load_queries
from ecokg.scale.virtuoso import VirtuosoServer
from ecokg.scale.virtuoso_sparql import (
    ASSERTED,
    KNOWN_WRONG,
    SYSTEM_GRAPH_PREFIXES,
    VirtuosoError,
    dataset_params,
    push_gsp,
    virtuoso_dialect,
)
from ecokg.scale.virtuoso_sparql import query as virtuoso_query

pytestmark = pytest.mark.server

HAVE_VIRTUOSO = bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))
if not HAVE_VIRTUOSO and os.environ.get("CI"):
    raise RuntimeError("CI must install virtuoso-opensource-7-bin (scripts/install-system-deps.sh)")
needs_virtuoso = pytest.mark.skipif(not HAVE_VIRTUOSO, reason="virtuoso-opensource-7-bin is not installed")

GRAPH_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def stored_counts(built: Any) -> dict[str, int]:
    """Triples per graph as Virtuoso should hold the build: its named graphs, and its default graph
    (the asserted graph) as ``ekgg:asserted``."""
    return {**{str(g): int(n) for g, n in built.query(GRAPH_COUNTS)}, ASSERTED: len(built)}


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Any:
    if not HAVE_VIRTUOSO:
        pytest.skip("virtuoso-opensource-7-bin is not installed")
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def loaded(virtuoso: VirtuosoServer, build_dir: Path) -> dict[str, int]:
    return virtuoso.bulk_load(build_dir / "ecosystem.trig")


@needs_virtuoso
def test_bulk_load_gives_every_graph_with_its_triples(loaded: dict[str, int], built: Any) -> None:
    local = stored_counts(built)
    assert len(local) >= 8
    assert loaded == local


@needs_virtuoso
def test_bulk_load_twice_replaces_rather_than_doubles(
    virtuoso: VirtuosoServer, loaded: dict[str, int], build_dir: Path
) -> None:
    assert virtuoso.bulk_load(build_dir / "ecosystem.trig") == loaded


@needs_virtuoso
def test_the_default_graph_holds_system_graphs_which_the_dataset_params_exclude(
    virtuoso: VirtuosoServer, loaded: dict[str, int]
) -> None:
    everything = {str(g) for g, _n in remote.query(virtuoso.sparql_url, GRAPH_COUNTS)}
    assert any(g.startswith(SYSTEM_GRAPH_PREFIXES) for g in everything)  # why the parameters are needed
    scoped = {str(g) for g, _n in remote.query(virtuoso.sparql_url, GRAPH_COUNTS, params=dataset_params(loaded))}
    assert scoped == set(loaded) - {ASSERTED}  # ekgg:asserted is the default graph, not a named one


def booleans_as_integers(result: Any) -> Any:
    """The rows with every xsd:boolean as the xsd:integer 1 or 0, as Virtuoso stores and returns them."""
    if result.type != "SELECT":
        return result
    out = Result("SELECT")
    out.vars = result.vars
    out.bindings = [
        {
            Variable(k): Literal(int(v.toPython()), datatype=XSD.integer)
            if isinstance(v, Literal) and v.datatype == XSD.boolean
            else v
            for k, v in row.asdict().items()
        }
        for row in result
    ]
    return out


@needs_virtuoso
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[n])) if n in KNOWN_WRONG else n
        for n in load_queries()
    ],
)
def test_every_named_query_answers_the_same_on_virtuoso(
    name: str, virtuoso: VirtuosoServer, loaded: dict[str, int], built: Any
) -> None:
    text = load_queries()[name].bound()
    local = built.query(text)
    assert list(local), f"{name} returns nothing with its defaults, so the comparison would prove nothing"
    there = virtuoso_query(virtuoso.sparql_url, text, loaded)
    assert same_results(booleans_as_integers(local), there, text)


@needs_virtuoso
def test_ask_is_read_as_a_boolean(virtuoso: VirtuosoServer, loaded: dict[str, int]) -> None:
    params = dataset_params(loaded)
    yes = remote.query(virtuoso.sparql_url, "ASK { ?s a ?c }", params=params)
    no = remote.query(virtuoso.sparql_url, "ASK { ?s a <urn:nothing> }", params=params)
    assert (yes.type, yes.askAnswer, no.askAnswer) == ("ASK", True, False)


@needs_virtuoso
def test_graph_store_push_with_digest_auth(virtuoso: VirtuosoServer, build_dir: Path, built: Any) -> None:
    sent = push_gsp(virtuoso.base_url, build_dir / "ecosystem.trig", virtuoso.password)
    local = stored_counts(built)
    assert sent == local
    assert virtuoso.graph_counts(local) == local
    with pytest.raises(VirtuosoError, match="HTTP 401"):
        push_gsp(virtuoso.base_url, build_dir / "ecosystem.trig", "wrong-password")


@needs_virtuoso
def test_a_dataset_of_many_graphs_is_counted(virtuoso: VirtuosoServer, loaded: dict[str, int]) -> None:
    # Virtuoso echoes each default-graph-uri / named-graph-uri as a response header; with 60 more
    # graphs (absent, so they count nothing) the answer has over 100 header lines, which http.client
    # refused ("got more than 100 headers": the 1M-triple region's 73 graphs failed so)
    absent = [f"urn:ecokg:test:absent-{i}" for i in range(60)]
    assert virtuoso.graph_counts([*loaded, *absent]) == loaded


class EchoingEndpoint(http.server.BaseHTTPRequestHandler):
    """A SPARQL endpoint that, like Virtuoso, echoes every dataset parameter as a response header."""

    def do_POST(self) -> None:  # noqa: N802 -- http.server's name
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        graphs = form.get("default-graph-uri", []) + form.get("named-graph-uri", [])
        body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
            {"n": {"type": "literal", "value": str(len(graphs))}}]}}).encode()  # fmt: skip
        self.send_response(200)
        for g in form.get("default-graph-uri", []):
            self.send_header("X-SPARQL-default-graph", g)
        for g in form.get("named-graph-uri", []):
            self.send_header("X-SPARQL-named-graph", g)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_an_answer_with_a_header_per_dataset_parameter_is_read() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoingEndpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        graphs = [f"https://w3id.org/ecokg/graph/source/syn0-a{i:05d}" for i in range(150)]
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        result = virtuoso_query(url, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", graphs)  # 151 echoed headers
        assert [int(row[0]) for row in result] == [151]  # ekgg:asserted as the default graph, 150 named  # type: ignore[index]  # rdflib ResultRow
    finally:
        server.shutdown()
        server.server_close()


def test_missing_virtuoso_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(VirtuosoError, match="apt-get install virtuoso-opensource-7-bin"):
        VirtuosoServer(tmp_path / "db").start()


@needs_virtuoso
def test_a_server_that_cannot_start_is_reported(tmp_path: Path) -> None:
    first = VirtuosoServer(tmp_path / "a").start()
    try:
        clash = VirtuosoServer(tmp_path / "b", http_port=first.http_port, sql_port=first.sql_port)
        with pytest.raises(VirtuosoError, match=f"port {first.http_port} on 127.0.0.1 is in use"):
            clash.start(timeout=30)
    finally:
        first.stop()
    assert first.process is not None and first.process.poll() is not None


@needs_virtuoso
def test_a_server_killed_mid_run_gives_a_clear_error(tmp_path: Path, build_dir: Path) -> None:
    server = VirtuosoServer(tmp_path / "k").start()
    server.kill()
    with pytest.raises(VirtuosoError):
        server.isql("SELECT 1;", timeout=20)
    with pytest.raises(remote.RemoteError, match="cannot connect"):
        remote.query(server.sparql_url, "ASK {}", timeout=5)


@needs_virtuoso
def test_the_issue_examples_give_each_fact_once_after_push(
    virtuoso: VirtuosoServer, loaded: dict[str, int], build_dir: Path
) -> None:
    """Issue 14 on Virtuoso: its default graph is the union of every graph it holds, so the queries
    name ``ekgg:asserted`` as theirs (the dataset parameters)."""
    from test_asserted import check_issue_examples, manifest, protocol_runner

    run = protocol_runner(virtuoso.sparql_url, dataset_params(loaded), prepare=lambda t: virtuoso_dialect(t)[0])
    check_issue_examples(run, manifest(build_dir)["classes"]["Company"])


@needs_virtuoso
def test_push_sends_a_fresh_analysis_into_the_asserted_graph_once(
    virtuoso: VirtuosoServer, build_dir: Path, analyzed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_asserted import SCORES, analysed_nodes

    from ecokg.cli.main import main

    nodes = analysed_nodes(analyzed)
    try:
        assert (
            main(["push", "--to", "virtuoso", "--server-dir", str(virtuoso.directory), "--build", str(analyzed)]) == 0
        )
        assert "https://w3id.org/ecokg/graph/analysis: " in capsys.readouterr().out
        args = ["query", "--endpoint", virtuoso.sparql_url, "--dialect", "virtuoso", "--build", str(analyzed)]
        assert main([*args, "--sparql", SCORES, "-f", "csv"]) == 0
        assert capsys.readouterr().out.splitlines()[1:] == [f"{nodes},{nodes}"]
    finally:  # the module's other tests compare Virtuoso with the build alone
        virtuoso.isql("SPARQL CLEAR GRAPH <https://w3id.org/ecokg/graph/analysis>;")
        virtuoso.bulk_load(build_dir / "ecosystem.trig")


@needs_virtuoso
def test_cli_push_to_virtuoso_and_query_with_its_dialect(
    virtuoso: VirtuosoServer, build_dir: Path, built: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ecokg.cli.main import main

    local = stored_counts(built)
    assert main(["push", "--to", "virtuoso", "--server-dir", str(virtuoso.directory), "--build", str(build_dir)]) == 0
    assert f"pushed {sum(local.values())} triples in {len(local)} graphs to Virtuoso" in capsys.readouterr().out
    secret = tmp_path / "pw"
    secret.write_text(virtuoso.password + "\n")
    assert (
        main(
            [
                "push",
                "--to",
                "virtuoso",
                "--endpoint",
                virtuoso.base_url,
                "--password-file",
                str(secret),
                "--build",
                str(build_dir),
            ]
        )  # fmt: skip
        == 0
    )
    capsys.readouterr()
    args = ["query", "posts", "-p", "person=sun_liming", "-f", "tsv", "--build", str(build_dir)]
    assert main([*args, "--endpoint", virtuoso.sparql_url, "--dialect", "virtuoso"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t")[:3] == ["person", "name", "title"] and out[1].split("\t")[1:3] == ["孙黎明", "区委书记"]
    assert main(["push", "--to", "virtuoso", "--build", str(build_dir)]) == 1
    assert "needs --server-dir DIR, or --endpoint URL with --password-file FILE" in capsys.readouterr().err
    assert main(["push", "--to", "virtuoso", "--server-dir", str(tmp_path), "--build", str(build_dir)]) == 1
    assert "is not a Virtuoso directory made by ecokg" in capsys.readouterr().err
