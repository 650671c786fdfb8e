"""SPARQLWrapper against `ecokg serve` and, with the same script, against a real Oxigraph server.

Every query form (SELECT, ASK, CONSTRUCT, DESCRIBE) in every return format SPARQLWrapper has for
it, sent by GET, by POST (form-encoded) and by POST directly (``application/sparql-query``).
SPARQLWrapper sends its return format both as ``Accept`` and as ``format`` / ``output`` /
``results`` parameters, and for a format that does not fit the form (JSON for a CONSTRUCT, CSV
for a DESCRIBE, Turtle for a SELECT) ``Accept: */*`` with the parameter: ecokg reads the
parameter as a hint for the query's form (:mod:`ecokg.serve.negotiation`), Oxigraph server ignores
it. The answers are checked against the build evaluated in-process by pyoxigraph.

Where Oxigraph server answers differently, the test says so explicitly: ASK as CSV / TSV is a bare
``true`` there (ecokg writes Jena's ``_askResult`` column), and a graph asked for with
``Accept: */*`` comes back as N-Quads, a type SPARQLWrapper does not convert (ecokg answers
JSON-LD for ``format=json``, RDF/XML for ``format=rdf``, Turtle otherwise).
"""

from __future__ import annotations

import csv
import io
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.query import Result
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from test_remote import OXIGRAPH, serving_oxigraph

from ecokg.serve.server import EndpointConfig, running

pytestmark = pytest.mark.server

P = """PREFIX ekg: <https://w3id.org/ecokg/id/>
PREFIX eco: <https://w3id.org/ecokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
LABELS = P + "SELECT DISTINCT ?l WHERE { ekg:taiping_bird rdfs:label ?l } ORDER BY ?l"
COUNTS = P + "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ekg:taiping_bird ?p ?o } } GROUP BY ?g ORDER BY ?g"
ASK_TRUE = P + 'ASK { ekg:taiping_bird rdfs:label "太平鸟"@zh }'
ASK_FALSE = P + 'ASK { ekg:taiping_bird rdfs:label "no such label"@zh }'
CONSTRUCT = P + "CONSTRUCT { ekg:taiping_bird ?p ?o } WHERE { ekg:taiping_bird ?p ?o }"
DESCRIBE = P + "DESCRIBE ekg:taiping_bird"
LABEL_TRIPLE = (
    URIRef("https://w3id.org/ecokg/id/taiping_bird"),
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
    Literal("太平鸟", lang="zh"),
)
METHODS = {"GET": (GET, URLENCODED), "POST": (POST, URLENCODED), "POST directly": (POST, POSTDIRECTLY)}


# ------------------------------------------------------------------ the two servers


@pytest.fixture(scope="module")
def ecokg_url(build_dir: Path) -> Iterator[str]:
    with running(EndpointConfig(trig=build_dir / "ecosystem.trig", port=0)) as server:
        yield server.url


@pytest.fixture(scope="module")
def oxigraph_url(build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oxigraph serve` over the build (loaded by `oxigraph load`; its default graph is the build's asserted graph)."""
    if not Path(OXIGRAPH).is_file():
        pytest.skip("the `oxigraph` server binary is missing (pip install oxigraph)")
    location = tmp_path_factory.mktemp("oxigraph-sparqlwrapper")
    subprocess.run(
        [OXIGRAPH, "load", "--location", str(location), "--file", str(build_dir / "ecosystem.trig")],
        check=True,
        capture_output=True,
    )
    with serving_oxigraph(location) as base:
        yield f"{base}/query"


@pytest.fixture(params=["ecokg", "oxigraph"])
def endpoint(request: pytest.FixtureRequest) -> tuple[str, str]:
    """(which server, its query URL)."""
    return request.param, request.getfixturevalue(f"{request.param}_url")


@pytest.fixture(scope="module")
def local(build_dir: Path) -> Any:
    """The build in an in-process pyoxigraph store: the answers both servers must give."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(build_dir / "ecosystem.trig"), format=ox.RdfFormat.TRIG)
    return store


def expected_rows(local: Any, query: str) -> list[tuple[str, ...]]:
    solutions = local.query(query, use_default_graph_as_union=True)
    names = solutions.variables
    return [tuple(sol[v].value for v in names) for sol in solutions]


def expected_graph(local: Any, query: str) -> set[tuple[Any, ...]]:
    import pyoxigraph as ox

    data = ox.serialize(list(local.query(query, use_default_graph_as_union=True)), format=ox.RdfFormat.N_TRIPLES)
    return set(Graph().parse(data=data.decode(), format="nt"))


# ------------------------------------------------------------------ the client


def ask_with(url: str, query: str, fmt: str, method: str, accept: str | None = None) -> tuple[str, Any, list[str]]:
    """Run one query through SPARQLWrapper: the answer's Content-Type, ``convert()`` and its warnings."""
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    http_method, request_method = METHODS[method]
    client.setMethod(http_method)
    client.setRequestMethod(request_method)
    if accept:
        client.addCustomHttpHeader("Accept", accept)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        answer = client.query()
        converted = answer.convert()
    ctype = answer.info()["content-type"].split(";")[0].strip()
    return ctype, converted, [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]


def rows_of(fmt: str, converted: Any) -> list[tuple[str, ...]]:
    """The rows of a SELECT answer as converted by SPARQLWrapper (dict, DOM or bytes)."""
    if fmt == JSON:
        doc = converted
        return [tuple(b[v]["value"] for v in doc["head"]["vars"] if v in b) for b in doc["results"]["bindings"]]
    if fmt == XML:
        return [
            tuple(next(n for n in b.childNodes if n.nodeType == n.ELEMENT_NODE).firstChild.data for b in bindings)
            for bindings in (r.getElementsByTagName("binding") for r in converted.getElementsByTagName("result"))
        ]
    if fmt == CSV:
        return [tuple(r) for r in list(csv.reader(io.StringIO(converted.decode("utf-8"))))[1:]]
    result = Result.parse(io.BytesIO(converted), format="tsv")  # TSV: RDF terms, Turtle-style
    return [tuple(str(t) for t in row) for row in result]  # type: ignore[union-attr]  # SELECT rows


# ------------------------------------------------------------------ SELECT


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize(
    ("fmt", "ctype"),
    [
        (JSON, "application/sparql-results+json"),
        (XML, "application/sparql-results+xml"),
        (CSV, "text/csv"),
        (TSV, "text/tab-separated-values"),
    ],
)
def test_select(endpoint: tuple[str, str], local: Any, fmt: str, ctype: str, method: str) -> None:
    _name, url = endpoint
    got_type, converted, warned = ask_with(url, LABELS, fmt, method)
    assert got_type == ctype and not warned
    assert rows_of(fmt, converted) == [("Peacebird",), ("太平鸟",)]
    got_type, converted, _ = ask_with(url, COUNTS, fmt, method)
    counts = expected_rows(local, COUNTS)
    assert len(counts) >= 2 and sum(int(n) for _g, n in counts) > 10  # the company is in several articles
    assert rows_of(fmt, converted) == counts


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDF, RDFXML, JSONLD])
def test_select_asked_for_in_a_graph_format_is_answered_in_json(endpoint: tuple[str, str], fmt: str) -> None:
    """SPARQLWrapper sends ``Accept: */*`` and ``format=turtle`` etc.: the hint does not fit a SELECT,
    so it is ignored (never a 406) and the answer is the default, SPARQL JSON, on both servers."""
    _name, url = endpoint
    got_type, converted, warned = ask_with(url, LABELS, fmt, "GET")
    assert got_type == "application/sparql-results+json"
    assert rows_of(JSON, converted) == [("Peacebird",), ("太平鸟",)]
    assert any("has been returned by the endpoint" in w for w in warned)  # SPARQLWrapper notices the change


# ------------------------------------------------------------------ ASK


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_ask(endpoint: tuple[str, str], fmt: str, method: str) -> None:
    name, url = endpoint
    for query, answer in ((ASK_TRUE, True), (ASK_FALSE, False)):
        got_type, converted, warned = ask_with(url, query, fmt, method)
        assert not warned
        word = "true" if answer else "false"
        if fmt == JSON:
            assert got_type == "application/sparql-results+json" and converted["boolean"] is answer
        elif fmt == XML:
            assert got_type == "application/sparql-results+xml"
            assert converted.getElementsByTagName("boolean")[0].firstChild.data == word
        elif name == "oxigraph":  # Oxigraph server: the bare boolean, no header line
            assert got_type == {CSV: "text/csv", TSV: "text/tab-separated-values"}[fmt]
            assert converted.decode().strip() == word
        elif fmt == CSV:  # ecokg: Jena's form
            assert got_type == "text/csv" and converted == f"_askResult\r\n{word}\r\n".encode()
        else:
            assert got_type == "text/tab-separated-values" and converted == f"?_askResult\n{word}\n".encode()


# ------------------------------------------------------------------ CONSTRUCT and DESCRIBE


def graph_of(ctype: str, converted: Any) -> set[tuple[Any, ...]]:
    """The triples of a graph answer as SPARQLWrapper converted it (a Graph, or the bytes)."""
    if isinstance(converted, Graph):
        return set(converted)
    text = converted.decode("utf-8")
    if ctype == "application/n-quads":  # Oxigraph server's answer to Accept: */*
        ds = Dataset()
        ds.parse(data=text, format="nquads")
        return {(s, p, o) for s, p, o, _g in ds.quads()}
    return set(Graph().parse(data=text, format={"text/turtle": "turtle", "application/n-triples": "nt"}[ctype]))


# SPARQLWrapper return format -> (Content-Type from ecokg, from Oxigraph server, SPARQLWrapper converts it)
GRAPH_FORMATS: dict[str, tuple[str, str, bool]] = {
    XML: ("application/rdf+xml", "application/rdf+xml", True),
    RDFXML: ("application/rdf+xml", "application/rdf+xml", True),
    TURTLE: ("text/turtle", "text/turtle", True),
    N3: ("text/turtle", "text/turtle", True),
    JSONLD: ("application/ld+json", "application/ld+json", True),
    # Accept: */* with format=json / format=rdf: ecokg reads the hint for the form, Oxigraph answers
    # N-Quads, which SPARQLWrapper does not know ("unknown response content type", raw bytes)
    JSON: ("application/ld+json", "application/n-quads", False),
    RDF: ("application/rdf+xml", "application/n-quads", False),
    # a results format for a graph: the hint does not fit, Accept */* decides (never a 406)
    CSV: ("text/turtle", "application/n-quads", False),
    TSV: ("text/turtle", "application/n-quads", False),
}


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("fmt", list(GRAPH_FORMATS))
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["CONSTRUCT", "DESCRIBE"])
def test_graph_forms(endpoint: tuple[str, str], local: Any, query: str, fmt: str, method: str) -> None:
    name, url = endpoint
    ecokg_type, oxigraph_type, clean = GRAPH_FORMATS[fmt]
    got_type, converted, warned = ask_with(url, query, fmt, method)
    assert got_type == (ecokg_type if name == "ecokg" else oxigraph_type)
    if name == "ecokg" or clean:
        assert not [w for w in warned if "unknown response content type" in w]
    else:
        assert any("unknown response content type 'application/n-quads'" in w for w in warned)
    triples = graph_of(got_type, converted)
    assert LABEL_TRIPLE in triples
    assert triples == expected_graph(local, query)


@pytest.mark.parametrize("method", list(METHODS))
def test_graph_forms_as_n_triples(endpoint: tuple[str, str], local: Any, method: str) -> None:
    """SPARQLWrapper has no N-Triples return format; N3 with ``Accept: application/n-triples`` asks for it."""
    _name, url = endpoint
    for query in (CONSTRUCT, DESCRIBE):
        got_type, converted, warned = ask_with(url, query, N3, method, accept="application/n-triples")
        assert got_type == "application/n-triples" and not warned
        assert graph_of(got_type, converted) == expected_graph(local, query)
