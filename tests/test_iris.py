"""The IRI scheme (ecokg.dataset.iris): the build, the synthetic region and the registry import
all mint their instance IRIs there, and the three forms of each IRI agree."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, URIRef

from ecokg.dataset import iris
from ecokg.dataset.build import build_dataset
from ecokg.dataset.iris import TermForms, nt
from ecokg.namespaces import ECO, SOURCES_GRAPH
from ecokg.scale.registry_import import import_registry
from ecokg.scale.synth import write_region

FIXTURE = Path(__file__).parent / "fixtures" / "company-registry.csv"

KINDS = [
    ("entity", ("taiping_bird",), "https://w3id.org/ecokg/id/taiping_bird"),
    ("statement", ("s1", "a", "locatedIn", "b"), "https://w3id.org/ecokg/id/stmt/s1/a--locatedIn--b"),
    ("post", ("p--o--2022-04-20--0a1b2c3d",), "https://w3id.org/ecokg/id/post/p--o--2022-04-20--0a1b2c3d"),
    ("observation", ("s1", "gdp--haishu"), "https://w3id.org/ecokg/id/obs/s1/gdp--haishu"),
    ("source", ("s1",), "https://w3id.org/ecokg/source/s1"),
    ("sentence", ("s1", 3, 17), "https://w3id.org/ecokg/source/s1/span/3-17"),
    ("source_graph", ("s1",), "https://w3id.org/ecokg/graph/source/s1"),
]


@pytest.mark.parametrize(("kind", "args", "expected"), KINDS, ids=[k for k, _a, _e in KINDS])
def test_three_forms_of_each_iri_agree(kind: str, args: tuple, expected: str) -> None:
    term = getattr(iris, kind)(*args)
    assert isinstance(term, URIRef) and term == URIRef(expected)
    assert getattr(iris, f"{kind}_str")(*args) == expected
    assert getattr(iris, f"{kind}_nt")(*args) == f"<{expected}>"


def test_term_forms_are_closed_and_cached() -> None:
    E = TermForms(ECO, nt)
    assert E.mentionedIn == "<https://w3id.org/ecokg/ontology#mentionedIn>"
    assert "mentionedIn" in vars(E)  # kept after the first look-up
    assert E["Company"] == E.Company == nt(ECO.Company)
    with pytest.raises(AttributeError):
        E.mentionedln  # noqa: B018 -- a typo
    with pytest.raises(AttributeError):
        E["Compnay"]
    N = TermForms(RDF, ox.NamedNode)
    assert N.type == ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def test_the_build_mints_exactly_the_scheme_s_iris(facts) -> None:
    ds = build_dataset(facts)

    def typed(cls: URIRef) -> set:
        return {s for s, _p, _o, _g in ds.quads((None, RDF.type, cls, None))}

    assert typed(ECO.Statement) == {iris.statement(r.source, r.s, r.p, r.o) for r in facts.relations}
    assert typed(ECO.Post) == {iris.post(p.id) for p in facts.posts}
    assert typed(ECO.Observation) == {iris.observation(f.source, f.id) for f in facts.figures}
    assert typed(ECO.SourceArticle) == {iris.source(sid) for sid in facts.sources}
    spans = [(m.source, m.span) for e in facts.entities.values() for m in e.mentions]
    spans += [(r.source, r.span) for r in [*facts.relations, *facts.posts, *facts.figures]]
    assert typed(ECO.Sentence) == {iris.sentence(sid, sp.start, sp.end) for sid, sp in spans}
    named = {g.identifier for g in ds.graphs() if str(g.identifier).startswith(iris.SOURCE_GRAPH_PREFIX)}
    assert named == {iris.source_graph(sid) for sid in facts.sources}


_STMT = re.compile(r"^<https://w3id\.org/ecokg/id/stmt/([^/>]+)/([^>]+)--([A-Za-z]+)--([^>]+)> ")


def test_synthetic_statements_follow_the_scheme() -> None:
    buf = io.StringIO()
    write_region(buf, 3000, seed=4, ontology=False)
    lines = buf.getvalue().splitlines()
    statements = {ln.split(" ", 1)[0] for ln in lines if f" {nt(RDF.type)} {nt(ECO.Statement)} " in ln}
    assert statements
    for st in statements:
        m = _STMT.match(st + " ")
        assert m, st
        sid, s, p, o = m.groups()
        assert st == iris.statement_nt(sid, s, p, o)
        # the reified triple is written, in the article's own graph
        assert f"{iris.entity_nt(s)} {nt(ECO[p])} {iris.entity_nt(o)} {iris.source_graph_nt(sid)} ." in lines


def test_registry_import_mints_the_same_scheme() -> None:
    store = ox.Store()
    import_registry(FIXTURE, store, as_of=date(2024, 6, 30))
    sid = "registry-company-registry"
    meta = ox.NamedNode(str(SOURCES_GRAPH))
    assert ox.Quad(ox.NamedNode(iris.source_str(sid)), ox.NamedNode(ECO.factsGraph),
                   ox.NamedNode(iris.source_graph_str(sid)), meta) in store  # fmt: skip
    rdf_type, statement = ox.NamedNode(RDF.type), ox.NamedNode(ECO.Statement)
    asserted = ox.DefaultGraph()  # every fact once (its quad in the registry's graph is the same fact)
    stmts = [q.subject for q in store.quads_for_pattern(None, rdf_type, statement, asserted)]
    assert len(stmts) > 12

    def one(node: ox.NamedNode, prop: URIRef) -> str:
        (q,) = store.quads_for_pattern(node, ox.NamedNode(prop), None, asserted)
        return q.object.value

    for st in stmts:
        s, p, o = (one(st, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        local = iris.entity_str("")
        assert s.startswith(local) and o.startswith(local) and p.startswith(str(ECO._NS))
        assert st.value == iris.statement_str(sid, s[len(local) :], p[len(str(ECO._NS)) :], o[len(local) :])
    sentences = [
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF.type), ox.NamedNode(ECO.Sentence), asserted)
    ]
    assert len(sentences) == 12 and all(v.startswith(iris.source_str(sid) + "/span/") for v in sentences)
