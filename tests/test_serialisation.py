"""The build's serialisation and speed paths.

* ``ecokg.io.writer.serialize_all`` (pyoxigraph): TriG, Turtle and JSON-LD parse back to the
  same graphs as the in-memory Dataset, on a dataset of awkward terms; the bytes do not
  depend on the order the store yields the quads;
* the libyaml composer against PyYAML's pure-Python one;
* ``ecokg build`` not importing the modules it does not need, and not pySHACL when its
  validation cache is warm.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import rdflib
import yaml
from conftest import CHECKOUT
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ecokg.inputs.yamlio import _Converter
from ecokg.io.writer import serialize_all
from ecokg.namespaces import ECO, GRAPH, ID, SOURCE


def _awkward() -> Dataset:
    """Terms that exercise every branch of the writers' term rendering and ordering."""
    ds = Dataset()
    g1, g2 = ds.graph(GRAPH["source/a"]), ds.graph(GRAPH["source/b"])
    a, b, c = ID.a, ID["b_(1)"], ID["c%2F"]
    odd = [
        URIRef("https://w3id.org/ecokg/source/x/span/1-2"),  # cannot be split: written <...>
        URIRef("https://w3id.org/ecokg/id/"),  # a namespace itself
        URIRef("http://xmlns.com/foaf/0.1/Person"),  # rdflib's own default prefixes
        URIRef("http://example.org/unbound#thing"),
        ID["100%25"],
        RDF.nil,
    ]
    literals = [
        Literal(7), Literal(-3), Literal("0042", datatype=rdflib.XSD.integer), Literal(True), Literal(False),
        Literal(Decimal("1.50")), Literal(Decimal("100000000.0")), Literal(2.5), Literal(float("inf")),
        Literal("s", datatype=rdflib.XSD.string), Literal("2021-06", datatype=rdflib.XSD.gYearMonth),
        Literal("x", datatype=URIRef("http://example.org/dt#custom")), Literal("abc", datatype=rdflib.XSD.decimal),
        Literal('quote " and \\ backslash'), Literal("line\nbreak"), Literal("tab\there"),
        Literal("sep\u2028line"), Literal("中文", lang="zh"), Literal("English", lang="en-GB"), Literal(""),
        Literal("'''"), Literal('"""'), Literal("@prefix x: <y> ."),
    ]  # fmt: skip
    for i, lit in enumerate(literals):
        (g1 if i % 2 else g2).add((a, ECO.note, lit))
        g1.add((c, ECO.value, lit))
    for node in odd:
        g1.add((a, ECO.about, node))
        g2.add((node, RDFS.label, Literal("odd")))
        g2.add((b, RDFS.seeAlso, node))
    g1.add((a, ECO.note, Literal("case", lang="en")))  # equal to the next under rdflib's ==
    g2.add((b, ECO.note, Literal("case", lang="EN")))
    g1.add((b, RDF.type, Literal("literal type", lang="en")))
    g2.add((c, RDF.type, Literal("literal type", lang="EN")))
    g1.add((a, RDF.type, RDFS.Class))
    g1.add((ID.z, RDF.type, RDFS.Class))
    g1.add((a, RDF.type, ECO.Company))
    g1.add((b, RDF.type, ECO.Company))
    g1.add((a, RDFS.label, Literal("A", lang="en")))
    g1.add((b, ECO.partOf, a))
    g2.add((c, ECO.partOf, a))
    g2.add((c, ECO.partOf, b))
    g2.add((SOURCE.s, ECO.year, Literal(2020)))
    g2.add((SOURCE.s, RDF.type, ECO.SourceArticle))
    return ds


def _rdf11(graph: Graph) -> Graph:
    """``graph`` in RDF 1.1 terms: ``"s"^^xsd:string`` is ``"s"``, and language tags are
    case-insensitive (pyoxigraph writes them in lower case); rdflib tells both apart."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == rdflib.XSD.string:
            o = Literal(str(o))
        elif isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def _assert_round_trip(ds: Dataset) -> dict[str, bytes]:
    """All three outputs of ``ds`` parse back (with rdflib) to graphs isomorphic to ``ds``'s: the TriG
    its graphs, the Turtle their union, the JSON-LD the union as its default graph and then the graphs."""
    out = serialize_all(ds)
    named = {g.identifier: _rdf11(g) for g in ds.graphs() if len(g)}
    union = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    in_jsonld = {**named, DATASET_DEFAULT_GRAPH_ID: _rdf11(union)}
    for name, fmt, expected in (("ecosystem.trig", "trig", named), ("ecosystem.jsonld", "json-ld", in_jsonld)):
        parsed = Dataset()
        parsed.parse(data=out[name].decode("utf-8"), format=fmt)
        assert {g.identifier for g in parsed.graphs() if len(g)} == set(expected), name
        for ident, g in expected.items():
            assert isomorphic(_rdf11(parsed.graph(ident)), g), (name, ident)
    assert isomorphic(_rdf11(Graph().parse(data=out["ecosystem.ttl"].decode("utf-8"), format="turtle")), _rdf11(union))
    return out


@pytest.mark.filterwarnings("ignore:Serializing weird numerical:UserWarning")  # an xsd:decimal 'abc' on purpose
def test_awkward_dataset_round_trips() -> None:
    _assert_round_trip(_awkward())


def test_bytes_do_not_depend_on_insertion_order() -> None:
    ds = _awkward()
    quads = list(ds.quads((None, None, None, None)))
    backwards = Dataset()
    for s, p, o, g in reversed(sorted(quads, key=lambda q: tuple(map(str, q)))):
        backwards.graph(g).add((s, p, o))
    assert serialize_all(backwards) == serialize_all(ds)


def test_falsy_repeated_values_survive_json_ld() -> None:
    # rdflib's JSON-LD serializer keeps only the last of false, 0 and "" under one key
    ds = Dataset()
    g = ds.graph(GRAPH["source/a"])
    for lit in (Literal(False), Literal(0), Literal(""), Literal(0.0)):
        g.add((ID.a, ECO.note, lit))
    out = _assert_round_trip(ds)
    parsed = Dataset()
    parsed.parse(data=out["ecosystem.jsonld"].decode("utf-8"), format="json-ld")
    assert len(parsed.graph(GRAPH["source/a"])) == len(parsed.graph(DATASET_DEFAULT_GRAPH_ID)) == 4
    assert json.loads(out["ecosystem.jsonld"])  # one JSON document


@pytest.mark.filterwarnings("ignore:Serializing weird numerical:UserWarning")  # an xsd:decimal 'abc' on purpose
@pytest.mark.parametrize(
    "extra",
    [
        (ID.a, ECO.note, BNode()),  # blank nodes
        (BNode(), ECO.partOf, ID.a),
        (ID.a, URIRef("http://example.org/unbound#p"), ID.b),  # a namespace without a prefix
    ],
)
def test_other_terms_round_trip(extra: tuple[Any, Any, Any]) -> None:
    ds = _awkward()
    ds.graph(GRAPH["source/a"]).add(extra)
    _assert_round_trip(ds)


def test_iri_ending_in_a_dot_round_trips_through_pyoxigraph() -> None:
    # written ekg:ends\. (valid Turtle, PN_LOCAL_ESC); rdflib 7.6's parser rejects that escape, so
    # this one is read back with pyoxigraph (the build's own IRIs never end with a dot)
    import pyoxigraph as ox

    from ecokg.io.writer import sorted_quads

    ds = _awkward()
    ds.graph(GRAPH["source/a"]).add((ID.a, ECO.about, URIRef("https://w3id.org/ecokg/id/ends.")))
    out = serialize_all(ds)
    assert b"ekg:ends\\." in out["ecosystem.trig"]
    quads = set(sorted_quads(ds))
    triples = {q.triple for q in quads}
    assert set(ox.parse(out["ecosystem.trig"], format=ox.RdfFormat.TRIG)) == quads
    in_jsonld = set(ox.parse(out["ecosystem.jsonld"], format=ox.RdfFormat.JSON_LD))
    assert {q for q in in_jsonld if q.graph_name != ox.DefaultGraph()} == quads
    assert {q.triple for q in in_jsonld if q.graph_name == ox.DefaultGraph()} == triples  # the merged graph
    assert {q.triple for q in ox.parse(out["ecosystem.ttl"], format=ox.RdfFormat.TURTLE)} == triples


def test_an_invalid_iri_is_refused_by_name() -> None:
    ds = _awkward()
    ds.graph(GRAPH["source/a"]).add((ID["c%zz"], ECO.note, Literal("x")))
    with pytest.raises(ValueError, match="%zz"):
        serialize_all(ds)


def test_turtle_uses_the_project_prefixes() -> None:
    ttl = serialize_all(_awkward())["ecosystem.ttl"].decode("utf-8")
    assert "@prefix eco: <https://w3id.org/ecokg/ontology#> ." in ttl
    assert "ekg:a a " in ttl and "<http://example.org/unbound#thing>" in ttl


def _same_tree(a: Any, b: Any) -> None:
    assert type(a) is type(b)
    if isinstance(a, dict):
        assert (a.line, a.key_lines, list(a)) == (b.line, b.key_lines, list(b))
        for k in a:
            _same_tree(a[k], b[k])
    elif isinstance(a, list):
        assert (a.line, a.item_lines, len(a)) == (b.line, b.item_lines, len(b))
        for x, y in zip(a, b):
            _same_tree(x, y)
    else:
        assert a == b


TRICKY_YAML = [
    "a: 0571\nb: no\nc: [1.10, '', ~]\nd: |\n  two\n  lines\ne: >\n  folded\n  text\n",
    "- &x {k: v}\n- *x\n- ? complex\n  : key\n",
    "key: 'single ''quoted'''\nother: \"double \\u4e2d\"\n# comment\n",
    "中文键: 值\nlist:\n- 1\n-\n  - nested\n",
]


@pytest.mark.skipif(not hasattr(yaml, "CBaseLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize(
    "text", [p.read_text(encoding="utf-8") for p in sorted((CHECKOUT.root / "data").rglob("*.yaml"))] + TRICKY_YAML
)
def test_libyaml_composes_like_pyyaml(text: str) -> None:
    fast = _Converter("x.yaml", []).convert(yaml.compose(text, Loader=yaml.CBaseLoader))
    slow = _Converter("x.yaml", []).convert(yaml.compose(text, Loader=yaml.BaseLoader))
    _same_tree(fast, slow)


def test_build_does_not_import_heavy_modules(tmp_path: Path) -> None:
    code = (
        "import sys; from ecokg.cli.main import main; rc = main(['build', '--output', sys.argv[1]]); "
        "heavy = [m for m in ('pyshacl', 'networkx', 'scipy', 'pyvis', 'matplotlib') if m in sys.modules]; "
        "print(rc, heavy)"
    )

    def run() -> str:
        r = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=CHECKOUT.root
        )
        assert r.returncode == 0, r.stderr
        return r.stdout.strip().splitlines()[-1]

    assert run() == "0 ['pyshacl']"  # a first build validates
    assert (tmp_path / ".cache/shacl.json").is_file()
    assert run() == "0 []"  # nothing changed: the cached validation holds, pyshacl is not even imported
