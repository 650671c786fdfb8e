"""`ecokg serve`: the SPARQL 1.1 endpoint, through real SPARQL clients and raw HTTP.

Two servers run on free 127.0.0.1 ports for the module: ``server`` with the default limits and
``small`` with a 1.5 s timeout, a 5-row cap, a 2000-character query cap and one allowed CORS origin.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

import pytest
from conftest import CHECKOUT
from rdflib import Graph, Literal, URIRef
from rdflib.query import Result
from test_asserted import analysed_nodes, check_issue_examples, manifest, protocol_runner, scores_once
from test_remote import same_results
from test_sparql_safety import SERVICE_VARIANTS, UPDATES, Listener

from ecokg.query import remote
from ecokg.query.library import load_queries
from ecokg.serve.server import EndpointConfig, SparqlServer, running

pytestmark = pytest.mark.server

EKG = "https://w3id.org/ecokg/id/"
LABEL_QUERY = "SELECT DISTINCT ?l WHERE { ekg:taiping_bird rdfs:label ?l } ORDER BY ?l"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(build_dir: Path) -> Iterator[SparqlServer]:
    config = EndpointConfig(trig=build_dir / "ecosystem.trig", port=0, queries_dir=CHECKOUT.root / "queries")
    with running(config) as srv:
        yield srv


@pytest.fixture(scope="module")
def small(build_dir: Path) -> Iterator[SparqlServer]:
    config = EndpointConfig(
        trig=build_dir / "ecosystem.trig", port=0, timeout=1.5, max_rows=5, max_query_chars=2000, workers=2,
        cors_origins=("http://allowed.example",), queries_dir=CHECKOUT.root / "queries",
    )  # fmt: skip
    with running(config) as srv:
        yield srv


def http(
    url: str,
    *,
    method: str = "GET",
    query: str | None = None,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any, bytes]:
    """Status, headers and body of one request (errors included)."""
    if query is not None and method == "GET":
        url += "?" + urlencode({"query": query})
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def form(query: str, key: str = "query") -> bytes:
    return urlencode({key: query}).encode()


def json_rows(body: bytes) -> list[dict[str, str]]:
    doc = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def count_triples(server: SparqlServer) -> int:
    status, _, body = http(server.url, query="SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200
    return int(json_rows(body)[0]["n"])


# ------------------------------------------------------------------ protocol


def test_get_post_form_and_post_query_give_the_same_answer(server: SparqlServer) -> None:
    answers = [
        http(server.url, query=LABEL_QUERY),
        http(
            server.url,
            method="POST",
            data=form(LABEL_QUERY),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        http(
            server.url, method="POST", data=LABEL_QUERY.encode(), headers={"Content-Type": "application/sparql-query"}
        ),
    ]
    for status, headers, body in answers:
        assert status == 200
        assert headers["Content-Type"].startswith("application/sparql-results+json")
        assert json_rows(body) == [{"l": "Peacebird"}, {"l": "太平鸟"}]


def test_named_queries_answer_as_on_the_embedded_store(server: SparqlServer, built: Any) -> None:
    for name in ("orgs-in-area", "posts", "figures", "corroborated", "neighbourhood", "article-facts", "programmes"):
        text = load_queries()[name].bound()
        assert same_results(built.query(text), remote.query(server.url, text), text), name


def test_the_issue_examples_give_each_fact_once(server: SparqlServer, build_dir: Path) -> None:
    """Issue 14 on the endpoint: its default graph is the build's asserted graph, never a union."""
    check_issue_examples(protocol_runner(server.url), manifest(build_dir)["classes"]["Company"])


def test_a_fresh_analysis_is_served_once_in_the_default_graph(analyzed: Path) -> None:
    with running(EndpointConfig(trig=analyzed / "ecosystem.trig", port=0, workers=1)) as srv:
        scores_once(protocol_runner(srv.url), analysed_nodes(analyzed))


def test_sparqlwrapper_client(server: SparqlServer) -> None:
    from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(server.url)
    client.setQuery(LABEL_QUERY)
    client.setReturnFormat(JSON)
    assert [b["l"]["value"] for b in client.query().convert()["results"]["bindings"]] == ["Peacebird", "太平鸟"]

    client.setMethod("POST")
    client.setReturnFormat(XML)
    doc = client.query().convert()  # an xml.dom document
    assert sorted(n.firstChild.data for n in doc.getElementsByTagName("literal")) == ["Peacebird", "太平鸟"]

    client.setQuery(
        "CONSTRUCT { ?o <http://example.org/locatedIn> ?a } WHERE { ?o eco:locatedIn ?a . VALUES ?o { ekg:taiping_bird } }"
    )
    client.setReturnFormat(TURTLE)
    g = Graph().parse(data=client.query().convert(), format="turtle")
    assert (URIRef(EKG + "taiping_bird"), URIRef("http://example.org/locatedIn"), URIRef(EKG + "haishu")) in g

    client.setQuery("ASK { ekg:haishu eco:partOf ekg:ningbo }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True

    client.setQuery("SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(QueryBadFormed, match="syntax error at line 1, column"):
        client.query()


def test_rdflib_sparqlstore_client(server: SparqlServer) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.url)  # GET, SPARQL XML results
    rows = list(
        store.query(
            'SELECT DISTINCT ?name WHERE { ?p eco:holder ekg:sun_liming ; eco:postTitle ?name FILTER(LANG(?name) = "zh") }'
        )
    )
    assert [str(r[0]) for r in rows] == ["区委书记"]
    assert rows[0][0] == Literal("区委书记", lang="zh")


@pytest.mark.parametrize(
    ("accept", "ctype", "check"),
    [
        ("text/csv", "text/csv", lambda b: b.decode().split("\r\n")[:3] == ["l", "Peacebird", "太平鸟"]),
        ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.decode().splitlines()[:3] == ["?l", '"Peacebird"@en', '"太平鸟"@zh']),
        ("application/sparql-results+xml", "application/sparql-results+xml",
         lambda b: sorted(str(r[0]) for r in Result.parse(io.BytesIO(b), format="xml")) == ["Peacebird", "太平鸟"]),
        ("text/csv;q=0.2, application/sparql-results+json", "application/sparql-results+json", lambda b: len(json_rows(b)) == 2),
        ("*/*", "application/sparql-results+json", lambda b: len(json_rows(b)) == 2),
    ],
)  # fmt: skip
def test_select_results_are_negotiated(server: SparqlServer, accept: str, ctype: str, check: Any) -> None:
    status, headers, body = http(server.url, query=LABEL_QUERY, headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].split(";")[0] == ctype
    assert check(body)


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_and_describe_are_negotiated(server: SparqlServer, accept: str, rdf_format: str) -> None:
    for query in (
        "CONSTRUCT { ekg:taiping_bird rdfs:label ?l } WHERE { ekg:taiping_bird rdfs:label ?l }",
        "DESCRIBE ekg:taiping_bird",
    ):
        status, headers, body = http(server.url, query=query, headers={"Accept": accept})
        assert status == 200 and headers["Content-Type"].split(";")[0] == accept
        g = Graph().parse(data=body.decode(), format=rdf_format)
        assert (
            URIRef(EKG + "taiping_bird"),
            URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("太平鸟", lang="zh"),
        ) in g


def test_unsupported_accept_is_406_with_what_the_form_is_offered_as(server: SparqlServer) -> None:
    for query, accept, offered, not_offered in (
        (LABEL_QUERY, "image/png", "text/csv", "text/turtle"),
        ("ASK { ?s ?p ?o }", "text/turtle", "text/csv", "text/turtle"),
        ("DESCRIBE ekg:haishu", "application/sparql-results+json", "application/ld+json", "text/csv"),
    ):
        status, _, body = http(server.url, query=query, headers={"Accept": accept})
        message = body.decode()
        assert status == 406 and repr(accept) in message, message
        listed = message.split("is answered as ")[1]
        assert offered in listed and not_offered not in listed
        status, headers, _ = http(server.url, query=query, headers={"Accept": offered})
        assert status == 200 and headers["Content-Type"].split(";")[0] == offered  # what it lists, it gives


def test_ask_as_csv_and_tsv_in_jenas_form(server: SparqlServer) -> None:
    for query, word in (
        ("ASK { ekg:haishu eco:partOf ekg:ningbo }", "true"),
        ("ASK { ekg:ningbo eco:partOf ekg:haishu }", "false"),
    ):
        assert http(server.url, query=query, headers={"Accept": "text/csv"})[2] == f"_askResult\r\n{word}\r\n".encode()
        status, headers, body = http(server.url, query=query, headers={"Accept": "text/tab-separated-values"})
        assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
        assert body == f"?_askResult\n{word}\n".encode()


@pytest.mark.parametrize(
    ("query", "accept", "hints", "ctype"),
    [
        # a hint that fits overrides an absent or wildcard Accept, or one that allows none of ours
        (LABEL_QUERY, None, {"format": "csv"}, "text/csv"),
        (LABEL_QUERY, "*/*", {"output": "tsv"}, "text/tab-separated-values"),
        (LABEL_QUERY, "image/png", {"format": "csv"}, "text/csv"),
        (LABEL_QUERY, "application/*", {"results": "xml"}, "application/sparql-results+xml"),
        # a browser's address bar: its Accept prefers text/html
        (LABEL_QUERY, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", {"format": "json"},
         "application/sparql-results+json"),
        (LABEL_QUERY, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", {}, "application/xml"),
        # a stated type wins over a hint; a hint refused outright is not used
        (LABEL_QUERY, "text/csv", {"format": "json"}, "text/csv"),
        (LABEL_QUERY, "text/csv;q=0, */*", {"format": "csv"}, "application/sparql-results+json"),
        # read for the form: xml and json mean RDF/XML and JSON-LD for a graph
        ("DESCRIBE ekg:haishu", "*/*", {"format": "xml"}, "application/rdf+xml"),
        ("DESCRIBE ekg:haishu", None, {"format": "json"}, "application/ld+json"),
        ("DESCRIBE ekg:haishu", "*/*", {"format": "n3"}, "text/n3"),
        # a hint that does not fit the form, or names nothing, is ignored: never a 406 or 400
        ("DESCRIBE ekg:haishu", "*/*", {"format": "csv"}, "text/turtle"),
        ("DESCRIBE ekg:haishu", "text/n3", {"format": "csv"}, "text/n3"),
        ("ASK { ?s ?p ?o }", None, {"format": "turtle"}, "application/sparql-results+json"),
        (LABEL_QUERY, None, {"format": "yaml"}, "application/sparql-results+json"),
    ],
)  # fmt: skip
def test_format_parameters_are_hints(
    server: SparqlServer, query: str, accept: str | None, hints: dict[str, str], ctype: str
) -> None:
    status, headers, body = http(
        server.url + "?" + urlencode({"query": query, **hints}), headers={"Accept": accept} if accept else {}
    )
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] == ctype


def test_a_bad_query_is_400_with_the_parsers_message(server: SparqlServer) -> None:
    status, _, body = http(server.url, query="SELECT ?x\nWHERE {\n  ?x ?y }")
    assert status == 400
    assert body.decode().startswith("syntax error at line 3, column ")
    assert http(server.url)[0] == 400  # no query at all
    assert http(server.url + "?" + urlencode([("query", LABEL_QUERY), ("query", LABEL_QUERY)]))[0] == 400


# ------------------------------------------------------------------ read-only, no outbound fetch, no file read


def test_updates_are_refused_in_every_form(server: SparqlServer) -> None:
    before = count_triples(server)
    for update in UPDATES.values():
        for status, _, body in (
            http(server.url, query=update),  # an update sent as a query
            http(
                server.url,
                method="POST",
                data=form(update),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
            http(
                server.url,
                method="POST",
                data=form(update, "update"),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
            http(
                server.url, method="POST", data=update.encode(), headers={"Content-Type": "application/sparql-update"}
            ),
            http(server.url + "?" + urlencode({"update": update})),
        ):
            assert status == 403, update
            assert b"read-only" in body
    for method in ("PUT", "DELETE", "PATCH"):
        status, headers, _ = http(
            server.url, method=method, data=b"<a:b> <a:c> <a:d> .", headers={"Content-Type": "application/n-triples"}
        )
        assert status == 405 and "GET" in headers["Allow"]
    assert count_triples(server) == before


def test_service_is_refused_and_nothing_is_fetched(server: SparqlServer) -> None:
    listener = Listener()
    try:
        for name, query in SERVICE_VARIANTS.items():
            query = query.replace("http://example.org/sparql", f"http://127.0.0.1:{listener.port}/sparql")
            status, _, body = http(
                server.url,
                method="POST",
                data=form(query),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            assert status == 403, name
            assert b"SERVICE is not allowed" in body, name
    finally:
        listener.close()
    assert listener.connections == 0


def test_from_and_dataset_parameters_are_refused(server: SparqlServer, build_dir: Path) -> None:
    secret = (build_dir / "manifest.json").as_uri()
    for query in (
        f"SELECT * FROM <{secret}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{secret}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ):
        status, _, body = http(server.url, query=query)
        assert status == 403 and b"FROM / FROM NAMED is not allowed" in body
        assert b"sha256" not in body
    for key in ("default-graph-uri", "named-graph-uri"):
        status, _, body = http(server.url + "?" + urlencode({"query": LABEL_QUERY, key: secret}))
        assert status == 403 and key.encode() in body


# ------------------------------------------------------------------ limits


def test_row_cap_with_a_truncation_notice(small: SparqlServer) -> None:
    status, headers, body = http(small.url, query="SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 } }")
    assert status == 200 and len(json_rows(body)) == 5 and headers["X-Ecokg-Truncated"] is None
    assert "truncated" not in json.loads(body) and "link" not in json.loads(body)["head"]
    status, headers, body = http(small.url, query="SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 6 } }")
    assert status == 200 and [r["x"] for r in json_rows(body)] == ["1", "2", "3", "4", "5"]
    assert headers["X-Ecokg-Truncated"] == "results truncated at 5 rows"
    status, headers, body = http(
        small.url, query="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", headers={"Accept": "application/n-triples"}
    )
    assert status == 200 and headers["X-Ecokg-Truncated"]
    lines = body.decode().strip().splitlines()
    assert lines[0] == "# results truncated at 5 triples" and len(lines) == 6
    assert len(Graph().parse(data=body.decode(), format="nt")) == 5


def test_a_truncated_body_says_so_where_the_format_allows(small: SparqlServer) -> None:
    import pyoxigraph as ox

    six = "SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 6 } }"
    doc = json.loads(http(small.url, query=six)[2])
    assert doc["truncated"] == {"limit": 5, "message": "results truncated at 5 rows"}
    assert list(doc) == ["head", "truncated", "results"]  # before the rows, as Oxigraph's parser needs
    assert [unquote(link) for link in doc["head"]["link"]] == [
        "data:text/plain;charset=utf-8,results truncated at 5 rows"
    ]
    body = http(small.url, query=six, headers={"Accept": "application/sparql-results+xml"})[2]
    assert b'<link href="data:text/plain;charset=utf-8,results%20truncated%20at%205%20rows"/></head>' in body
    for raw, fmt in ((json.dumps(doc).encode(), ox.QueryResultsFormat.JSON), (body, ox.QueryResultsFormat.XML)):
        assert len(list(ox.parse_query_results(raw, format=fmt))) == 5  # still SPARQL results to a strict parser
    for accept in ("text/csv", "text/tab-separated-values"):  # no room for a note: the header only
        status, headers, body = http(small.url, query=six, headers={"Accept": accept})
        assert headers["X-Ecokg-Truncated"] and b"truncated" not in body and len(body.decode().splitlines()) == 6
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    for accept, rdf_format in (
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ):
        status, headers, body = http(small.url, query=everything, headers={"Accept": accept})
        assert status == 200 and headers["X-Ecokg-Truncated"]
        assert (b"results truncated at 5 triples" in body) == (rdf_format != "json-ld")
        assert len(Graph().parse(data=body.decode(), format=rdf_format)) == 5


def test_query_size_cap(small: SparqlServer) -> None:
    long = LABEL_QUERY + " #" + "x" * 2000
    assert http(small.url, query=long)[0] == 413
    status, _, body = http(
        small.url, method="POST", data=long.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 413 and b"limit is 2000" in body


def test_a_runaway_query_is_stopped_while_another_client_is_answered(small: SparqlServer) -> None:
    workers_before = set(small.pool.pids())
    outcome: dict[str, Any] = {}

    def runaway() -> None:
        outcome["reply"] = http(small.url, query=RUNAWAY)

    thread = threading.Thread(target=runaway)
    thread.start()
    deadline = time.monotonic() + 30
    while small.pool.busy == 0 and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    # a second client, while the runaway query occupies one worker
    status, _, body = http(small.url, query=LABEL_QUERY)
    runaway_still_running = thread.is_alive()
    assert status == 200 and json_rows(body)[1]["l"] == "太平鸟"
    assert runaway_still_running, "the second client had to wait for the runaway query"
    thread.join(60)
    status, _, body = outcome["reply"]
    assert status == 503 and b"ran longer than the 1.5 s limit" in body
    killed = small.pool.killed[-1]
    assert killed in workers_before
    with pytest.raises(ProcessLookupError):
        os.kill(killed, 0)  # the process that evaluated it is gone, not merely abandoned
    deadline = time.monotonic() + 60
    while len(small.pool.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(small.pool.pids()) == 2 and killed not in small.pool.pids()
    assert http(small.url, query=LABEL_QUERY)[0] == 200


# ------------------------------------------------------------------ CORS and the page


def test_no_cors_unless_an_origin_is_allowed(server: SparqlServer, small: SparqlServer) -> None:
    _, headers, _ = http(server.url, query=LABEL_QUERY, headers={"Origin": "http://evil.example"})
    assert headers["Access-Control-Allow-Origin"] is None
    status, headers, _ = http(
        server.url, method="OPTIONS", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert status == 405 and headers["Access-Control-Allow-Origin"] is None
    _, headers, _ = http(small.url, query=LABEL_QUERY, headers={"Origin": "http://allowed.example"})
    assert headers["Access-Control-Allow-Origin"] == "http://allowed.example"
    _, headers, _ = http(small.url, query=LABEL_QUERY, headers={"Origin": "http://other.example"})
    assert headers["Access-Control-Allow-Origin"] is None


def test_the_query_page_is_self_contained(server: SparqlServer) -> None:
    base = server.url.removesuffix("/sparql")
    status, headers, page = http(base + "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    html = page.decode()
    refs = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert refs and all(r.startswith("/") and not r.startswith("//") for r in refs)
    for ref in refs:
        assert http(base + ref)[0] == 200
    script = http(base + "/static/sparql.js")[2].decode()
    assert set(re.findall(r"fetch\(\"([^\"]+)\"", script)) == {"/bind", "/sparql", "/queries.json", "/prefixes.json"}
    assert "innerHTML" not in script  # results are written as text (all scripts: test_query_page.py)
    status, _, body = http(base + "/queries.json")
    examples = {q["name"]: q for q in json.loads(body)}
    assert {n for n, q in load_queries().items() if q.title} <= set(examples)
    assert "VALUES ?area { <https://w3id.org/ecokg/id/haishu> }" in examples["orgs-in-area"]["query"]
    status, _, body = http(server.url, query=examples["orgs-in-area"]["query"])
    assert status == 200 and any(r["label"] == "太平鸟" for r in json_rows(body))
    assert http(base + "/nothing-here")[0] == 404
    assert http(server.url, headers={"Accept": "text/html"})[2] == page  # the page at /sparql for browsers


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium is not installed")
def test_the_query_page_runs_a_named_query_in_a_browser(server: SparqlServer, tmp_path: Path) -> None:
    from bench.browser import Chromium

    base = server.url.removesuffix("/sparql")
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>")
    with Chromium() as chromium:
        page = chromium.open(blank)
        page.events.clear()
        page.navigate(base + "/")
        page.wait_for("document.querySelectorAll('#examples option').length > 20")
        page.evaluate(
            "(() => { const s = document.getElementById('examples');"
            " s.value = [...s.options].find(o => o.textContent.includes('(orgs-in-area)')).value;"
            " s.dispatchEvent(new Event('change')); document.getElementById('run').click(); })()"
        )
        cells = page.wait_for("[...document.querySelectorAll('#results td')].map(td => td.textContent).join('|')")
        assert "太平鸟" in cells and "宁波工业互联网研究院" in cells
        page.settle()
        assert page.console_errors() == []
        assert all(url.startswith(base) for url in page.requests())


def test_ecokg_serve_from_the_command_line(build_dir: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "ecokg", "serve", "--build", str(build_dir), "--port", "0", "--quiet", "--timeout", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline() if proc.stdout else ""  # printed once the workers are up
        url = re.search(r"(http://127\.0\.0\.1:\d+/sparql)", first)
        assert url, first + (proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        status, _, body = http(url.group(1), query=LABEL_QUERY)
        assert status == 200 and json_rows(body)[1]["l"] == "太平鸟"
    finally:
        proc.terminate()  # SIGTERM stops the server and its workers
        assert proc.wait(30) == 0
