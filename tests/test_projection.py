"""The RDF -> networkx projection: a hand-written miniature build, then invariants on the real one,
then one projection from two SPARQL engines (Oxigraph directly, rdflib's own) on the real build
and on a synthetic region."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from ecokg.namespaces import PREFIXES
from ecokg.network import rows
from ecokg.network.projection import project
from ecokg.network.rows import edge_rows, predicate_labels, select, store_of
from ecokg.scale.synth import write_region

# A miniature build in the same shape as graph/build.py writes:
#   two articles (a1, a2); a company `co` located in district `dist` (stated by both articles),
#   `co` cooperates with institute `lab` (symmetric) and is in sector `sec`; `lab` is also
#   located in `dist`; a programme `plan` is issued by `dist`; a person `boss` holds a post
#   in `co`; a figure about `co`; an indicator `ind` (never a node) and an entity `lonely`
#   without relations.
MINI = """
<https://w3id.org/ecokg/graph/ontology> {
  eco:Entity a owl:Class .
  eco:Place rdfs:subClassOf eco:Entity .
  eco:District rdfs:subClassOf eco:Place .
  eco:Organization rdfs:subClassOf eco:Entity .
  eco:Company rdfs:subClassOf eco:Organization .
  eco:ResearchInstitute rdfs:subClassOf eco:Organization .
  eco:Person rdfs:subClassOf eco:Entity .
  eco:Policy rdfs:subClassOf eco:Entity .
  eco:Programme rdfs:subClassOf eco:Policy .
  eco:IndustrySector rdfs:subClassOf eco:Entity .
  eco:Indicator rdfs:subClassOf eco:Entity .
  eco:locatedIn a owl:ObjectProperty ; rdfs:label "位于"@zh , "located in"@en .
  eco:cooperatesWith a owl:ObjectProperty , owl:SymmetricProperty ; rdfs:label "合作"@zh .
  eco:inSector a owl:ObjectProperty ; rdfs:label "所属产业"@zh .
  eco:issuedBy a owl:ObjectProperty ; rdfs:label "发布"@zh .
  eco:supports a owl:ObjectProperty ; rdfs:label "支持"@zh .
}
<https://w3id.org/ecokg/graph/sources> {
  src:a1 a eco:SourceArticle ; dcterms:title "文章一"@zh ; dcterms:issued "2019-05"^^xsd:gYearMonth .
  src:a2 a eco:SourceArticle ; dcterms:title "文章二"@zh ; dcterms:issued "2020-03-01"^^xsd:date .
  <https://w3id.org/ecokg/source/a1/span/0-9> a eco:Sentence ; eco:text "甲公司位于乙区"@zh ; eco:inSource src:a1 .
  <https://w3id.org/ecokg/source/a1/span/10-20> a eco:Sentence ; eco:text "甲公司与丙院合作"@zh ; eco:inSource src:a1 .
  <https://w3id.org/ecokg/source/a1/span/30-40> a eco:Sentence ; eco:text "甲公司董事长丁"@zh ; eco:inSource src:a1 .
  <https://w3id.org/ecokg/source/a1/span/50-60> a eco:Sentence ; eco:text "营收10亿元"@zh ; eco:inSource src:a1 .
  <https://w3id.org/ecokg/source/a2/span/0-9> a eco:Sentence ; eco:text "乙区的甲公司"@zh ; eco:inSource src:a2 .
  <https://w3id.org/ecokg/source/a2/span/10-20> a eco:Sentence ; eco:text "乙区发布戊计划，支持甲公司"@zh ; eco:inSource src:a2 .
  <https://w3id.org/ecokg/source/a2/span/20-30> a eco:Sentence ; eco:text "丙院落在乙区，甲公司做纺织"@zh ; eco:inSource src:a2 .
}
<https://w3id.org/ecokg/graph/source/a1> {
  ekg:co a eco:Company ; rdfs:label "甲公司"@zh , "Jia Co"@en ; skos:altLabel "甲"@zh ; eco:mentionedIn src:a1 .
  ekg:dist a eco:District ; rdfs:label "乙区"@zh ; eco:mentionedIn src:a1 .
  ekg:lab a eco:ResearchInstitute ; rdfs:label "丙院"@zh ; eco:mentionedIn src:a1 .
  ekg:boss a eco:Person ; rdfs:label "丁"@zh ; eco:mentionedIn src:a1 .
  ekg:ind a eco:Indicator ; rdfs:label "营业收入"@zh ; eco:mentionedIn src:a1 .
  ekg:lonely a eco:Company ; rdfs:label "孤独公司"@zh ; eco:mentionedIn src:a1 .
  ekg:co eco:locatedIn ekg:dist .
  ekg:co eco:cooperatesWith ekg:lab . ekg:lab eco:cooperatesWith ekg:co .
  ekg:stmt_1 a eco:Statement ; rdf:subject ekg:co ; rdf:predicate eco:locatedIn ; rdf:object ekg:dist ;
      prov:wasDerivedFrom <https://w3id.org/ecokg/source/a1/span/0-9> .
  ekg:stmt_2 a eco:Statement ; rdf:subject ekg:co ; rdf:predicate eco:cooperatesWith ; rdf:object ekg:lab ;
      prov:wasDerivedFrom <https://w3id.org/ecokg/source/a1/span/10-20> ; eco:since "2018"^^xsd:gYear .
  ekg:post_1 a eco:Post ; eco:holder ekg:boss ; eco:postIn ekg:co ; eco:postTitle "董事长"@zh , "Chairman"@en ;
      eco:asOf "2019-05"^^xsd:gYearMonth ; prov:wasDerivedFrom <https://w3id.org/ecokg/source/a1/span/30-40> .
  ekg:obs_1 a eco:Observation ; eco:indicator ekg:ind ; eco:refArea ekg:co ; eco:status eco:Actual ;
      eco:reportedValue "营收10亿元"@zh ; eco:year 2018 ;
      prov:wasDerivedFrom <https://w3id.org/ecokg/source/a1/span/50-60> .
}
<https://w3id.org/ecokg/graph/source/a2> {
  ekg:co a eco:Company ; rdfs:label "甲公司"@zh ; skos:altLabel "甲企业"@zh ; eco:mentionedIn src:a2 .
  ekg:dist a eco:District ; rdfs:label "乙区"@zh ; eco:mentionedIn src:a2 .
  ekg:lab a eco:ResearchInstitute ; rdfs:label "丙院"@zh ; eco:mentionedIn src:a2 .
  ekg:plan a eco:Programme ; rdfs:label "戊计划"@zh ; eco:mentionedIn src:a2 .
  ekg:sec a eco:IndustrySector ; rdfs:label "纺织"@zh ; skos:broader ekg:sec_top ; eco:mentionedIn src:a2 .
  ekg:sec_top a eco:IndustrySector ; rdfs:label "制造业"@zh ; eco:mentionedIn src:a2 .
  ekg:stmt_3 a eco:Statement ; rdf:subject ekg:co ; rdf:predicate eco:locatedIn ; rdf:object ekg:dist ;
      prov:wasDerivedFrom <https://w3id.org/ecokg/source/a2/span/0-9> .
  ekg:stmt_4 a eco:Statement ; rdf:subject ekg:plan ; rdf:predicate eco:issuedBy ; rdf:object ekg:dist ;
      prov:wasDerivedFrom <https://w3id.org/ecokg/source/a2/span/10-20> .
  ekg:stmt_5 a eco:Statement ; rdf:subject ekg:plan ; rdf:predicate eco:supports ; rdf:object ekg:co ;
      prov:wasDerivedFrom <https://w3id.org/ecokg/source/a2/span/10-20> .
  ekg:stmt_6 a eco:Statement ; rdf:subject ekg:lab ; rdf:predicate eco:locatedIn ; rdf:object ekg:dist ;
      prov:wasDerivedFrom <https://w3id.org/ecokg/source/a2/span/20-30> .
  ekg:stmt_7 a eco:Statement ; rdf:subject ekg:co ; rdf:predicate eco:inSector ; rdf:object ekg:sec ;
      prov:wasDerivedFrom <https://w3id.org/ecokg/source/a2/span/20-30> .
  ekg:stmt_8 a eco:Statement ; rdf:subject ekg:dist ; rdf:predicate eco:supports ; rdf:object ekg:co ;
      prov:wasDerivedFrom <https://w3id.org/ecokg/source/a2/span/10-20> .
}
"""


def mini_dataset(store: str = "Oxigraph") -> Dataset:
    head = "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items())
    ds = Dataset(store=store, default_union=True)
    ds.parse(data=head + MINI, format="ox-trig" if store == "Oxigraph" else "trig")
    return ds


@pytest.fixture(scope="module", params=["Oxigraph", "default"])
def mini(request: pytest.FixtureRequest) -> Dataset:
    return mini_dataset(request.param)


def test_nodes_are_entities_with_names_types_and_sources(mini: Dataset) -> None:
    G = project(mini)
    # the indicator is not a node; the entity without relations is one (isolated)
    assert sorted(G) == ["boss", "co", "dist", "lab", "lonely", "plan", "sec", "sec_top"]
    assert G.degree("lonely") == 0
    co = G.nodes["co"]
    assert (co["label"], co["label_en"], co["type"]) == ("甲公司", "Jia Co", "Company")
    assert co["classes"] == ["Company", "Entity", "Organization"]
    assert co["aliases"] == ["甲", "甲企业"]
    assert co["sources"] == ["a1", "a2"]
    assert G.nodes["dist"]["label_en"] is None
    assert G.nodes["sec"]["broader"] == ["sec_top"]


def test_figures_and_posts_are_attributes(mini: Dataset) -> None:
    G = project(mini)
    assert G.nodes["co"]["figures"] == [
        {"indicator": "营业收入", "value": "营收10亿元", "year": 2018, "status": "Actual", "sector": None,
         "source": "a1", "sentence": "营收10亿元"}
    ]  # fmt: skip
    post = {"title": "董事长", "person": "丁", "person_id": "boss", "org": "甲公司", "org_id": "co",
            "as_of": "2019-05", "source": "a1", "sentence": "甲公司董事长丁"}  # fmt: skip
    assert G.nodes["boss"]["posts"] == [post]
    assert G.nodes["co"]["posts"] == [post]
    assert G.nodes["dist"]["figures"] == [] and G.nodes["dist"]["posts"] == []


def test_edges_merge_evidence_and_count_articles(mini: Dataset) -> None:
    G = project(mini)
    # co-dist: locatedIn stated by a1 and a2, supports stated by a2 -> one edge, 2 articles
    e = G.edges["co", "dist"]
    assert e["predicates"] == ["locatedIn", "supports"]
    assert e["predicate"] == "locatedIn"
    assert e["label"] == "位于；支持"
    assert e["articles"] == 2 and e["weight"] == 2.0
    # sorted by source, title, date, then sentence text ("发" U+53D1 < "的" U+7684)
    assert [(x["source"], x["predicate"], x["subject"], x["sentence"]) for x in e["evidence"]] == [
        ("a1", "locatedIn", "co", "甲公司位于乙区"),
        ("a2", "supports", "dist", "乙区发布戊计划，支持甲公司"),
        ("a2", "locatedIn", "co", "乙区的甲公司"),
    ]
    assert e["evidence"][0]["title"] == "文章一" and e["evidence"][0]["date"] == "2019-05"
    assert e["evidence"][0]["sentence_iri"] == "https://w3id.org/ecokg/source/a1/span/0-9"
    # qualifiers travel with the evidence
    (coop,) = G.edges["co", "lab"]["evidence"]
    assert coop["when"] == "since 2018"
    # single-article edges weigh 1
    assert G.edges["lab", "dist"]["articles"] == 1 and G.edges["lab", "dist"]["weight"] == 1.0


def test_a_post_is_a_labelled_person_organisation_edge(mini: Dataset) -> None:
    G = project(mini)
    e = G.edges["boss", "co"]
    assert (e["predicate"], e["label"], e["articles"]) == ("holdsPost", "董事长", 1)
    assert e["evidence"][0]["sentence"] == "甲公司董事长丁"
    D = project(mini, directed=True)
    assert D.has_edge("boss", "co") and not D.has_edge("co", "boss")


def test_edge_count_and_weighting(mini: Dataset) -> None:
    G = project(mini)
    # co-dist, co-lab, co-sec, co-plan, plan-dist, lab-dist, boss-co
    assert G.number_of_edges() == 7
    U = project(mini, weight=None)
    assert {d["weight"] for *_, d in U.edges(data=True)} == {1.0}
    assert U.edges["co", "dist"]["articles"] == 2
    with pytest.raises(ValueError, match="unknown weight"):
        project(mini, weight="loud")


def test_directed_keeps_statement_direction_and_doubles_symmetric(mini: Dataset) -> None:
    D = project(mini, directed=True)
    assert D.is_directed()
    assert D.has_edge("co", "dist") and D.has_edge("dist", "co")  # locatedIn one way, supports the other
    assert D.edges["co", "dist"]["predicates"] == ["locatedIn"]
    assert D.edges["dist", "co"]["predicates"] == ["supports"]
    assert D.has_edge("co", "lab") and D.has_edge("lab", "co")  # cooperatesWith is symmetric
    assert D.has_edge("plan", "dist") and not D.has_edge("dist", "plan")


def test_type_options(mini: Dataset) -> None:
    assert "boss" not in project(mini, include_people=False)
    assert "plan" not in project(mini, include_programmes=False)  # Programme is a Policy
    assert {"sec", "sec_top"}.isdisjoint(project(mini, include_sectors=False))
    assert sorted(project(mini, types=["Organization"])) == ["co", "lab", "lonely"]
    assert sorted(project(mini, types=["Place", "Company"], exclude_types=["Company"])) == ["dist"]
    G = project(mini, include_people=False)
    # the post is still an attribute of the organisation when the person is left out
    assert G.nodes["co"]["posts"][0]["person"] == "丁"


def test_the_edge_query_file_defines_the_edges(mini: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = rows.EDGES_QUERY.read_text(encoding="utf-8")
    anchor = "BIND(STRAFTER(STR(?p), STR(eco:)) AS ?predicate)"
    assert anchor in text
    edited = tmp_path / "edges.rq"
    edited.write_text(text.replace(anchor, anchor + "\n    FILTER(?p NOT IN (eco:locatedIn))"), encoding="utf-8")
    monkeypatch.setattr(rows, "EDGES_QUERY", edited)
    G = project(mini)
    assert not G.has_edge("lab", "dist")  # only locatedIn linked them
    assert G.edges["co", "dist"]["predicates"] == ["supports"]


def test_predicate_labels(mini: Dataset) -> None:
    labels = predicate_labels(mini)
    assert labels["locatedIn"] == "位于" and labels["holdsPost"] == "任职"


def test_empty_dataset() -> None:
    G = project(Dataset())
    assert G.number_of_nodes() == 0 and not G.is_directed()


# ---------------------------------------------------------------------------- the real graph


@pytest.fixture(scope="module")
def real(built: Dataset) -> nx.Graph:
    return project(built)


def _count(ds: Dataset, query: str) -> int:
    head = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())
    return int(next(iter(ds.query(head + query)))[0])  # type: ignore[index]


def test_real_nodes_are_all_non_indicator_entities(built: Dataset, real: nx.Graph) -> None:
    n = _count(
        built,
        """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
        GRAPH ?g { ?e eco:mentionedIn ?s } FILTER NOT EXISTS { GRAPH ?h { ?e a eco:Indicator } } }""",
    )
    assert real.number_of_nodes() == n > 300
    for node, d in real.nodes(data=True):
        assert d["label"] and d["type"] and d["sources"], node
        assert d["type"] in d["classes"] and "Entity" in d["classes"], node


def test_real_every_statement_and_post_is_an_edge(built: Dataset, real: nx.Graph) -> None:
    rows = edge_rows(built)
    # an indicator is no node (projection-nodes.rq), so its statements (countsHoldersOf) are no edges
    statements = _count(
        built,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?st a eco:Statement ; rdf:subject ?s "
        "FILTER NOT EXISTS { ?s a eco:Indicator } } }",
    )
    # one row per post title: two posts with the same person, organisation and date share an IRI
    posts = _count(
        built,
        """SELECT (COUNT(*) AS ?n) WHERE {
        GRAPH ?g { ?p a eco:Post ; eco:postTitle ?t FILTER(LANG(?t) = "zh") } }""",
    )
    assert Counter(r["kind"] for r in rows) == {"relation": statements, "post": posts}
    for r in rows:
        assert real.has_edge(r["s"], r["o"]) or r["s"] == r["o"], r
        assert r["predicate"] in real.edges[r["s"], r["o"]]["predicates"]


def test_real_edges_carry_evidence_from_sentences(built: Dataset, real: nx.Graph) -> None:
    texts = {
        str(row[0]): str(row[1])  # type: ignore[index]
        for row in built.query(
            "PREFIX eco: <https://w3id.org/ecokg/ontology#> SELECT ?s ?t WHERE { GRAPH ?g { ?s a eco:Sentence ; eco:text ?t } }"
        )
    }
    for u, v, d in real.edges(data=True):
        ev = d["evidence"]
        assert ev, (u, v)
        assert d["articles"] == len({e["source"] for e in ev})
        assert d["predicates"] == sorted({e["predicate"] for e in ev})
        assert d["weight"] == float(d["articles"])
        for e in ev:
            assert {e["subject"], e["object"]} == {u, v}
            assert texts[e["sentence_iri"]] == e["sentence"]
            assert e["source"] in real.nodes[e["subject"]]["sources"]


def test_real_projection_is_deterministic(built: Dataset, real: nx.Graph) -> None:
    again = project(built)
    assert list(again.nodes(data=True)) == list(real.nodes(data=True))
    assert list(again.edges(data=True)) == list(real.edges(data=True))


# ---------------------------------------------------------------------------- one projection, two engines


def _same(A: nx.Graph, B: nx.Graph) -> None:
    assert list(A.nodes) == list(B.nodes)
    assert set(A.edges) == set(B.edges)
    for e in A.edges:
        assert A.edges[e] == B.edges[e], e
    for n in A.nodes:
        assert A.nodes[n] == B.nodes[n], n


def test_oxigraph_is_queried_directly_and_memory_through_rdflib(mini: Dataset) -> None:
    store = store_of(mini)
    assert (store is None) == (mini.store.__class__.__name__ == "Memory")
    q = "PREFIX eco: <https://w3id.org/ecokg/ontology#> SELECT ?e WHERE { GRAPH ?g { ?e a eco:District } }"
    assert list(select(mini, q)) == [{"e": "https://w3id.org/ecokg/id/dist"}] * 2  # stated in a1 and a2


def test_the_real_build_projects_alike_on_both_engines(build_dir: Path, built: Dataset) -> None:
    memory = Dataset(default_union=True)
    memory.parse(build_dir / "ecosystem.trig", format="trig")
    assert store_of(memory) is None and store_of(built) is not None
    _same(project(memory), project(built))


@pytest.mark.parametrize("opts", [{}, {"directed": True, "include_people": False, "weight": None}])
def test_a_synthetic_region_projects_alike_on_both_engines(opts: dict) -> None:
    buf = io.StringIO()
    write_region(buf, 3000, seed=8)
    ox_ds = Dataset(store="Oxigraph", default_union=True)
    ox_ds.parse(data=buf.getvalue(), format="ox-nquads")
    memory = Dataset(default_union=True)
    memory.parse(data=buf.getvalue(), format="nquads")
    G = project(ox_ds, **opts)
    assert G.number_of_nodes() > 20 and G.number_of_edges() > 20
    assert any(d["evidence"] for *_, d in G.edges(data=True))
    _same(project(memory, **opts), G)
    _same(project(store_of(ox_ds), **opts), G)  # a bare pyoxigraph Store (the benchmarks' engine)
