"""The read-only safety checks and the parameter binding (ecokg.query.safety, ecokg.query.params), on small hand-checked inputs.

The end-to-end refusals through the HTTP endpoint are in test_endpoint.py.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from ecokg.cli import main as cli
from ecokg.query import params, safety
from ecokg.query.params import ParamError, bind, parse_value, values_block, where_brace
from ecokg.query.safety import (
    QueryRefused,
    QuerySyntaxError,
    QueryTooLarge,
    check_query,
    is_update,
    query_form,
    tokenize,
)

EKG = "https://w3id.org/ecokg/id/"


# ------------------------------------------------------------------ a loopback listener


class Listener:
    """A TCP server on 127.0.0.1 that counts connections: proof that nothing called out."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


# ------------------------------------------------------------------ tokenizer


def test_tokenizer_keeps_strings_comments_and_iris_whole() -> None:
    q = 'SELECT * { ?s <http://e/SERVICE#x> \'it\'\'s\' . ?s ex:p """a\n}""" } # SERVICE <x> {}\nLIMIT 1'
    kinds = [(t.kind, t.text) for t in tokenize(q) if t.kind != "ws"]
    assert ("iri", "<http://e/SERVICE#x>") in kinds
    assert ("string", '"""a\n}"""') in kinds
    assert ("comment", "# SERVICE <x> {}") in kinds
    assert ("word", "LIMIT") in kinds
    assert not any(k == "word" and t.upper() == "SERVICE" for k, t in kinds)


def test_tokenizer_does_not_let_an_escaped_hash_start_a_comment() -> None:
    q = "SELECT * WHERE { ?s ex:a\\#b ?o . SERVICE <http://x> {} }"
    assert ("pname", "ex:a\\#b") in [(t.kind, t.text) for t in tokenize(q)]
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query(q)


def test_an_unterminated_string_hides_nothing() -> None:
    toks = [t.text for t in tokenize('SELECT * { ?s ?p "abc\n SERVICE <x> {} }') if t.kind == "word"]
    assert "SERVICE" in toks


# ------------------------------------------------------------------ refusals

SERVICE_VARIANTS = {
    "plain": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "mixed case": "SELECT * WHERE { SeRvIcE <http://example.org/sparql> { ?s ?p ?o } }",
    "silent": "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
    "comment before the IRI": "SELECT * WHERE { SERVICE # who?\n <http://example.org/sparql> { ?s ?p ?o } }",
    "newline before the IRI": "SELECT * WHERE { SERVICE\n\n<http://example.org/sparql> { ?s ?p ?o } }",
    "in OPTIONAL": "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }",
    "in a subquery": "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } } } }",
    "in MINUS inside UNION": "SELECT * WHERE { { ?a ?b ?c } UNION { ?a ?b ?c MINUS { SERVICE <http://x/> { ?a ?b ?c } } } }",
    "a variable endpoint": "SELECT * WHERE { ?x ?y ?svc SERVICE ?svc { ?s ?p ?o } }",
    "a prefixed endpoint glued on": "PREFIX : <http://example.org/> SELECT * WHERE { SERVICE:sparql { ?s ?p ?o } }",
    "SILENT glued on (Oxigraph accepts it)": "SELECT * WHERE { SERVICESILENT<http://example.org/> { ?s ?p ?o } }",
    "unicode escape": "SELECT * WHERE { SERV\\u0049CE <http://example.org/sparql> { ?s ?p ?o } }",
    "in ASK": "ASK { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "in CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "in DESCRIBE": "DESCRIBE ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "in EXISTS": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x/> { ?s ?p ?o } } }",
}


@pytest.mark.parametrize("query", SERVICE_VARIANTS.values(), ids=SERVICE_VARIANTS.keys())
def test_service_is_refused_in_every_spelling(query: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
        check_query(query)


FROM_VARIANTS = {
    "file": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "named file": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "http": "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    "lower case, glued": "select*from<file:///etc/hosts>where{?s ?p ?o}",
    "ASK": "ASK FROM <file:///etc/passwd> { ?s ?p ?o }",
    "CONSTRUCT": "CONSTRUCT { ?s ?p ?o } FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "DESCRIBE": "DESCRIBE ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "glued to ASK (Oxigraph accepts it)": "ASKFROM<file:///etc/passwd>{ ?s ?p ?o }",
}


@pytest.mark.parametrize("query", FROM_VARIANTS.values(), ids=FROM_VARIANTS.keys())
def test_from_is_refused_with_any_iri(query: str) -> None:
    with pytest.raises(QueryRefused, match="FROM / FROM NAMED is not allowed"):
        check_query(query)


UPDATES = {
    "INSERT DATA": "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "DELETE WHERE": "DELETE WHERE { ?s ?p ?o }",
    "DELETE/INSERT": "PREFIX ex: <http://e/> DELETE { ?s ex:p ?o } INSERT { ?s ex:q ?o } WHERE { ?s ex:p ?o }",
    "WITH": "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD": "LOAD <file:///etc/passwd> INTO GRAPH <http://e/g>",
    "CLEAR": "CLEAR ALL",
    "DROP": "DROP GRAPH <https://w3id.org/ecokg/graph/sources>",
    "CREATE": "CREATE GRAPH <http://e/g>",
    "ADD": "ADD DEFAULT TO <http://e/g>",
    "MOVE": "MOVE <http://e/a> TO <http://e/b>",
    "COPY": "COPY <http://e/a> TO <http://e/b>",
    "lower case": "insert data { <http://e/a> <http://e/b> <http://e/c> }",
}


@pytest.mark.parametrize("update", UPDATES.values(), ids=UPDATES.keys())
def test_every_update_form_is_refused(update: str) -> None:
    assert is_update(update)
    assert query_form(update) is None
    with pytest.raises(QueryRefused, match="update: this endpoint is read-only"):
        check_query(update)


ALLOWED = {
    "SERVICE in a string": 'SELECT ?s WHERE { ?s ?p "SERVICE <http://example.org/> { }" }',
    "SERVICE in a long string": "SELECT ?s WHERE { ?s ?p '''FROM <file:///etc/passwd>\nSERVICE <x> {}''' }",
    "SERVICE in a comment": "SELECT ?s WHERE { ?s ?p ?o } # SERVICE <http://example.org/> { }",
    "FROM in a comment": "# FROM <file:///etc/passwd>\nSELECT ?s WHERE { ?s ?p ?o }",
    "SERVICE in an IRI": "SELECT ?s WHERE { ?s ?p <http://example.org/SERVICE> }",
    "variables named service and from": "SELECT ?service ?from WHERE { ?service ?p ?from }",
    "a local name SERVICE": "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:SERVICE ex:FROM }",
    "words that merely contain them in a string": 'SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "FROM")) }',
}


@pytest.mark.parametrize("query", ALLOWED.values(), ids=ALLOWED.keys())
def test_lookalikes_are_not_refused(query: str) -> None:
    assert check_query(query).form == "SELECT"


def test_a_syntax_error_names_line_and_column() -> None:
    with pytest.raises(QuerySyntaxError) as err:
        check_query("SELECT ?x\nWHERE {\n  ?x ?y ?z .\n  FILTER(?x = ) }")
    message = str(err.value)
    assert message.startswith("syntax error at line 4, column ")
    assert "FILTER(?x = ) }" in message  # the offending line is shown


def test_the_size_cap_and_the_reserved_variable() -> None:
    with pytest.raises(QueryTooLarge, match="limit is 100"):
        check_query("SELECT * WHERE { ?s ?p ?o }" + " " * 100, max_chars=100)
    with pytest.raises(QueryRefused, match="reserved"):
        check_query(f"SELECT ?{safety.RESERVED_VARIABLE} WHERE {{ ?{safety.RESERVED_VARIABLE} ?p ?o }}")


def test_the_oxigraph_parse_check_evaluates_nothing(listener: Listener) -> None:
    """The parse-only step alone, given a SERVICE query (the tokenizer would refuse it first)."""
    safety._oxigraph_parse(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}", None)
    safety._oxigraph_parse(f"ASK {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}", None)
    listener.close()
    assert listener.connections == 0


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_the_command_line_refuses_service_and_from_before_evaluating(
    store: str, build_dir: Path, listener: Listener, capsys: pytest.CaptureFixture[str]
) -> None:
    service = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    assert cli.main(["query", "--build", str(build_dir), "--store", store, "--sparql", service]) == 1
    assert "SERVICE is not allowed" in capsys.readouterr().err
    secret = build_dir / "manifest.json"
    from_file = f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}"
    assert cli.main(["query", "--build", str(build_dir), "--store", store, "--sparql", from_file]) == 1
    assert "FROM / FROM NAMED is not allowed" in capsys.readouterr().err
    listener.close()
    assert listener.connections == 0


# ------------------------------------------------------------------ parameters


def test_iri_values_are_checked_not_pasted() -> None:
    assert parse_value("haishu") == URIRef(EKG + "haishu")
    assert parse_value("ekg:haishu") == URIRef(EKG + "haishu")
    assert parse_value("<https://example.org/x>") == URIRef("https://example.org/x")
    assert parse_value("src:2019-05-haishu-246-clusters") == URIRef(
        "https://w3id.org/ecokg/source/2019-05-haishu-246-clusters"
    )
    for bad in ["haishu> } ; DROP ALL #", "a b", 'x"y', "x{y", "<x> <y>", ""]:
        with pytest.raises(ParamError):
            parse_value(bad, "iri")
    for bad, kind in [("12a", "integer"), ("1e9", "integer"), ("one", "decimal"), ("1.5", "integer")]:
        with pytest.raises(ParamError):
            parse_value(bad, kind)
    with pytest.raises(ParamError):
        parse_value("x", "date")


def test_a_hostile_string_binds_as_exactly_that_string() -> None:
    hostile = '"} ; DROP ALL ; SERVICE <http://x/> { # \\ \n \t 太平鸟'
    q = bind('SELECT ?hit WHERE { BIND(?name = "x" AS ?hit) }', {"name": Literal(hostile)})
    check_query(q)  # still one read-only query: nothing escaped the string
    import pyoxigraph as ox

    rows = list(ox.Store().query(q.replace('BIND(?name = "x" AS ?hit)', "BIND(?name AS ?hit)")))
    assert [r["hit"].value for r in rows] == [hostile]


def test_the_values_block_is_read_back_before_use(monkeypatch: pytest.MonkeyPatch) -> None:
    assert values_block({"a": URIRef(EKG + "x"), "b": Literal(3)}) == (
        'VALUES (?a ?b) { (<https://w3id.org/ecokg/id/x> "3"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    )
    monkeypatch.setattr(params, "term_text", lambda term: '"tampered"')
    with pytest.raises(ParamError, match="does not read back"):
        values_block({"a": URIRef(EKG + "x")})


def test_where_brace_finds_the_top_level_group() -> None:
    cases = {
        'CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }': " ?s ?p ?o }",
        "SELECT (EXISTS { ?a ?b ?c } AS ?e) { ?s ?p ?o }": " ?s ?p ?o }",
        "# { WHERE {\nSELECT ?x WHERE { { SELECT ?x WHERE { ?x ?y ?z } } }": " { SELECT ?x WHERE { ?x ?y ?z } } }",
        "PREFIX ex: <http://e/{}> ASK { ?s ex:p ?o }": " ?s ex:p ?o }",
        "DESCRIBE ?s WHERE { ?s ?p ?o }": " ?s ?p ?o }",
    }
    for q, rest in cases.items():
        assert q[where_brace(q) :] == rest, q
    with pytest.raises(ParamError, match="long form"):
        where_brace("CONSTRUCT WHERE { ?s ?p ?o }")


def test_a_bound_parameter_filters_and_an_omitted_one_does_not(built) -> None:  # noqa: ANN001 - rdflib Dataset
    q = "SELECT DISTINCT ?label WHERE { ?e a eco:Company ; rdfs:label ?label . FILTER(LANG(?label) = 'zh') }"
    everything = {str(r[0]) for r in built.query(q)}
    one = {str(r[0]) for r in built.query(bind(q, {"e": URIRef(EKG + "taiping_bird")}))}
    assert one == {"太平鸟"}
    assert one < everything


def test_the_parse_tree_check_stands_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the token scan switched off, rdflib's parse tree still catches SERVICE and FROM."""
    monkeypatch.setattr(safety, "_scan", lambda text: "SELECT")
    for query in (SERVICE_VARIANTS["in a subquery"], SERVICE_VARIANTS["comment before the IRI"]):
        with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
            check_query(query)
    with pytest.raises(QueryRefused, match="FROM / FROM NAMED is not allowed"):
        check_query(FROM_VARIANTS["named file"])
