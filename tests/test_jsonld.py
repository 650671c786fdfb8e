"""build/ecosystem.jsonld: a context made from the ontology, each entity once, the articles' graphs after.

Read back with rdflib and with pyoxigraph (two JSON-LD processors) and compared as graphs with the
TriG; the context is compared with the ontology it is generated from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ecokg.namespaces import ECO, ID, ONTOLOGY_GRAPH


@pytest.fixture(scope="module")
def doc(build_dir: Path) -> dict[str, Any]:
    return json.loads((build_dir / "ecosystem.jsonld").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def trig(build_dir: Path) -> Dataset:
    ds = Dataset()
    ds.parse(build_dir / "ecosystem.trig", format="trig")
    return ds


@pytest.fixture(scope="module")
def distinct(trig: Dataset) -> Graph:
    """The distinct triples of every graph of the TriG."""
    out = Graph()
    for s, p, o, _g in trig.quads((None, None, None, None)):
        out.add((s, p, o))
    return out


def _merged_nodes(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in doc["@graph"] if "@graph" not in n]


def test_context_has_a_term_for_every_class_and_property_of_the_ontology(build_dir: Path, trig: Dataset) -> None:
    ctx = json.loads((build_dir / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    doc = json.loads((build_dir / "ecosystem.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == ctx  # one context: embedded, and the file beside it
    onto = trig.graph(ONTOLOGY_GRAPH)
    base = str(ECO._NS)
    local = {
        kind: {str(s)[len(base) :] for s in onto.subjects(RDF.type, kind) if str(s).startswith(base)}
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    }
    assert local[OWL.Class] and local[OWL.ObjectProperty] and local[OWL.DatatypeProperty]
    for name in local[OWL.Class]:
        assert ctx[name] == "eco:" + name
    for name in local[OWL.ObjectProperty]:
        assert ctx[name] == {"@id": "eco:" + name, "@type": "@id"}
    for name in local[OWL.DatatypeProperty]:
        ranges = [str(r) for r in onto.objects(ECO[name], RDFS.range)]
        term = ctx[name]
        assert term["@id"] == "eco:" + name
        if ranges == [str(RDF.langString)]:
            assert term["@container"] == "@language"
        elif len(ranges) == 1 and ranges[0].startswith(ctx["xsd"]) and not ranges[0].endswith("#string"):
            assert term["@type"] == "xsd:" + ranges[0][len(ctx["xsd"]) :]
        else:
            assert set(term) == {"@id"}
    assert {"xsd:integer", "xsd:decimal", "xsd:boolean"} <= {
        t.get("@type") for t in ctx.values() if isinstance(t, dict)
    }
    assert ctx["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert ctx["id"] == "@id" and ctx["type"] == "@type"


def test_default_graph_is_each_fact_once_and_named_graphs_are_the_trigs(
    build_dir: Path, trig: Dataset, distinct: Graph
) -> None:
    parsed = Dataset()
    parsed.parse(build_dir / "ecosystem.jsonld", format="json-ld")
    assert isomorphic(parsed.graph(DATASET_DEFAULT_GRAPH_ID), distinct)
    named = {g.identifier for g in trig.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID}
    assert {g.identifier for g in parsed.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID} == named
    for ident in named:
        assert isomorphic(parsed.graph(ident), trig.graph(ident)), ident


def test_pyoxigraph_reads_the_same_quads(build_dir: Path) -> None:
    quads = set(ox.parse(path=str(build_dir / "ecosystem.trig"), format=ox.RdfFormat.TRIG))
    read = set(ox.parse(path=str(build_dir / "ecosystem.jsonld"), format=ox.RdfFormat.JSON_LD))
    named = {q for q in quads if q.graph_name != ox.DefaultGraph()}
    assert {q for q in read if q.graph_name != ox.DefaultGraph()} == named
    assert {q.triple for q in read if q.graph_name == ox.DefaultGraph()} == {q.triple for q in quads}


def test_an_entity_is_one_node_object_with_all_its_names(doc: dict[str, Any], distinct: Graph) -> None:
    merged = _merged_nodes(doc)
    ids = [n["id"] for n in merged]
    assert len(ids) == len(set(ids))  # every subject once
    [bird] = [n for n in merged if n["id"] == "ekg:taiping_bird"]
    labels: dict[str, set[str]] = {}
    for lit in distinct.objects(ID.taiping_bird, RDFS.label):
        labels.setdefault(lit.language, set()).add(str(lit))
    assert set(labels) >= {"zh", "en"}
    assert {lang: {v} if isinstance(v, str) else set(v) for lang, v in bird["label"].items()} == labels
    alts = {str(a) for a in distinct.objects(ID.taiping_bird, SKOS.altLabel)}
    got = bird["altLabel"]["zh"]
    assert len(alts) >= 2 and set(got) == alts
    assert bird["type"] == "Company"
    articles = {str(o) for o in distinct.objects(ID.taiping_bird, ECO.mentionedIn)}
    assert len(articles) >= 2 and len(bird["mentionedIn"]) == len(articles)  # merged across the articles
    assert all(":" not in key for key in bird)  # every key a term of the context
    # and in each article's graph, the article's own view of it
    per_article = [n for g in doc["@graph"] if "@graph" in g for n in g["@graph"] if n["id"] == "ekg:taiping_bird"]
    assert len(per_article) == len(articles)


def test_literals_are_written_through_the_context(doc: dict[str, Any]) -> None:
    sentence = next(n for n in _merged_nodes(doc) if n.get("type") == "Sentence")
    assert isinstance(sentence["startOffset"], str) and sentence["startOffset"].isdigit()  # coerced by xsd:integer
    assert set(sentence["text"]) == {"zh"}  # rdf:langString: a language map
    typed = [n for n in _merged_nodes(doc) if isinstance(n.get("inSource"), str)]
    assert typed and all(n["inSource"].startswith("src:") for n in typed)  # @id coercion, a CURIE


def test_context_without_an_ontology_keeps_prefixes_and_the_common_terms() -> None:
    from ecokg.io.jsonld import OTHER_TERMS, context

    ctx = context(Graph())
    assert set(OTHER_TERMS) <= set(ctx) and ctx["ekg"] == str(ID)
    onto = Graph()
    onto.add((URIRef(str(ECO._NS) + "label"), RDF.type, OWL.DatatypeProperty))  # a workspace's own eco:label
    onto.add((URIRef(str(ECO._NS) + "type"), RDF.type, OWL.ObjectProperty))  # would shadow the alias
    ctx = context(onto)
    assert ctx["label"] == {"@id": "eco:label"} and ctx["type"] == "@type"


def test_an_empty_first_value_is_not_replaced_by_the_next() -> None:
    # rdflib's converter keeps a key's first value only when it is truthy; "" first was lost
    from rdflib import Literal

    from ecokg.io.jsonld import context, document
    from ecokg.namespaces import GRAPH

    g = GRAPH["source/a"]
    quads = [(ID.a, ECO.note, Literal(""), g), (ID.a, ECO.note, Literal("x"), g), (ID.a, RDFS.label, Literal("", lang="zh"), g),
             (ID.a, RDFS.label, Literal("甲", lang="zh"), g)]  # fmt: skip
    parsed = Dataset()
    parsed.parse(data=document(quads, context(Graph())).decode("utf-8"), format="json-ld")
    for ident in (g, DATASET_DEFAULT_GRAPH_ID):
        assert set(parsed.graph(ident)) == {(s, p, o) for s, p, o, _g in quads}, ident
