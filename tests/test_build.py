"""The build: deterministic bytes, round-trips, provenance, conventions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import CHECKOUT
from rdflib import RDFS, Dataset, Graph
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ecokg.inputs.sources import SourceText
from ecokg.namespaces import ECO, GRAPH, ID

OUTPUTS = ("ecosystem.trig", "ecosystem.ttl", "ecosystem.jsonld", "context.jsonld", "manifest.json")


def _build(out: Path, seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    r = subprocess.run(
        [sys.executable, "-m", "ecokg", "build", "--output", str(out), "--no-shacl"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr


def test_rebuild_is_byte_identical_across_hash_seeds(tmp_path: Path, build_dir: Path) -> None:
    _build(tmp_path / "a", "1")
    _build(tmp_path / "b", "4242")
    for name in OUTPUTS:
        a = (tmp_path / "a" / name).read_bytes()
        assert a == (tmp_path / "b" / name).read_bytes(), name
        assert a == (build_dir / name).read_bytes(), name


def test_trig_parses_back_isomorphic_per_graph(build_dir: Path, built: Dataset) -> None:
    mem = Dataset()
    mem.parse(build_dir / "ecosystem.trig", format="trig")
    names = {str(g.identifier) for g in mem.graphs() if len(g)}
    assert str(GRAPH["ontology"]) in names and str(GRAPH["sources"]) in names
    assert sum(1 for n in names if n.startswith(str(GRAPH["source/"]))) == 5
    union = Graph()
    for s, p, o, _ in mem.quads((None, None, None, None)):
        union.add((s, p, o))
    ttl = Graph().parse(build_dir / "ecosystem.ttl", format="turtle")
    assert isomorphic(union, ttl)
    jds = Dataset()
    jds.parse(build_dir / "ecosystem.jsonld", format="json-ld")
    for g in mem.graphs():
        if len(g):
            assert isomorphic(g, jds.graph(g.identifier)), g.identifier


def test_manifest_counts_and_hashes(build_dir: Path) -> None:
    man = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    assert set(man["sources"]) == {p.stem for p in (CHECKOUT.root / "data/facts").glob("*.yaml")}
    assert man["classes"]["Observation"] >= 100
    assert "data/sources/2019-05-haishu-246-clusters.txt" in man["inputs"]
    import hashlib

    for name in OUTPUTS[:4]:
        assert man["outputs"][name] == hashlib.sha256((build_dir / name).read_bytes()).hexdigest()


def test_every_quote_occurs_in_its_source(built: Dataset) -> None:
    texts = {}
    for path in (CHECKOUT.root / "data/sources").glob("*.txt"):
        texts[path.stem] = (path.read_text(encoding="utf-8"), SourceText(path.read_text(encoding="utf-8")))
    q = """SELECT ?s ?text ?start ?end ?src WHERE { ?s a eco:Sentence ; eco:text ?text ; eco:startOffset ?start ;
           eco:endOffset ?end ; eco:inSource ?src }"""
    rows = list(built.query(q))
    assert len(rows) > 300
    for row in rows:
        sid = str(row.src).rsplit("/", 1)[1]
        raw, _ = texts[sid]
        span = raw[int(row.start) : int(row.end)]
        assert span.replace("\n", "").replace("\r", "") == str(row.text)


def test_every_fact_points_to_a_sentence(built: Dataset) -> None:
    q = """SELECT (COUNT(?x) AS ?n) WHERE {
      { ?x a eco:Statement } UNION { ?x a eco:Post } UNION { ?x a eco:Observation } UNION { ?x eco:mentionedIn ?a }
      FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?s . ?s a eco:Sentence ; eco:text ?t } }"""
    assert int(next(iter(built.query(q))).n) == 0


def test_exactly_one_chinese_label_per_entity(built: Dataset) -> None:
    q = """SELECT ?e (COUNT(DISTINCT ?l) AS ?n) WHERE { ?e eco:mentionedIn ?src .
             OPTIONAL { ?e rdfs:label ?l FILTER(lang(?l) = "zh") } } GROUP BY ?e HAVING (COUNT(DISTINCT ?l) != 1)"""
    assert list(built.query(q)) == []


def test_iris_are_ascii(build_dir: Path) -> None:
    text = (build_dir / "ecosystem.ttl").read_text(encoding="utf-8")
    import re

    for iri in re.findall(r"<([^>]+)>", text):
        assert iri.isascii(), iri


def test_aliases_resolve_to_one_entity(built: Dataset) -> None:
    names = {"太平鸟", "太平鸟公司", "太平鸟集团有限公司"}
    q = """SELECT DISTINCT ?e ?name WHERE { { ?e rdfs:label ?n } UNION { ?e skos:altLabel ?n } FILTER(STR(?n) = ?name) }"""
    found = set()
    for name in names:
        found |= {row.e for row in built.query(q, initBindings={"name": __import__("rdflib").Literal(name)})}
    assert found == {ID["taiping_bird"]}


def test_years_are_integers_and_targets_are_not_actuals(built: Dataset) -> None:
    q = """SELECT ?y WHERE { ?o a eco:Observation ; eco:year ?y } LIMIT 500"""
    for row in built.query(q):
        assert row.y.datatype == __import__("rdflib").XSD.integer
    # 2.2万亿元 GDP is a target, never an actual result
    q2 = """SELECT ?st WHERE { ?o a eco:Observation ; eco:reportedValue ?r ; eco:status ?st FILTER(CONTAINS(STR(?r), "2.2万亿")) }"""
    statuses = {row.st for row in built.query(q2)}
    assert statuses and ECO.Actual not in statuses


def test_ontology_terms_match_the_closed_namespace() -> None:
    from ecokg.inputs.ontology import ONTOLOGY_FILE

    g = Graph().parse(ONTOLOGY_FILE)
    base = str(ECO._NS)
    defined = {str(s)[len(base) :] for s in g.subjects() if str(s).startswith(base)}
    assert defined == set(ECO.__annotations__)
    for term in defined:
        labels = {lit.language for lit in g.objects(ECO[term], RDFS.label)}
        assert {"zh", "en"} <= labels, term
        assert g.value(ECO[term], RDFS.comment) is not None, term


# A multi-line block scalar (the old writer indented its continuation lines inside the TriG),
# and a double-quoted scalar with the escapes a block scalar cannot hold (\r, and a tab, which the
# reader refuses raw).
NOTES = (
    "    note: |\n"
    "      第一行 \"double\" and 'single' quotes\n"
    "      a back\\slash and \\n (not a newline)\n"
    "        indented 第三行 with trailing space \n"
    "      \"\"\" and ''' and @prefix x: <y> .\n"
)
ESCAPED = '    note: "carriage\\rreturn\\ttab\\\\ \\u4e2d\\u6587 \\"q\\" end\\n"\n'


def test_literals_survive_every_output_byte_for_byte(project_copy: Path, tmp_path: Path) -> None:
    import yaml
    from rdflib import Literal

    from ecokg.dataset.pipeline import build
    from ecokg.io.writer import write_build

    path = project_copy / "data/facts/2020-03-haishu-five-industries.yaml"
    text = path.read_text(encoding="utf-8")
    old_zj = "    note: named only inside 浙江自贸区; elsewhere 全省 / 省 (省委, 省科技厅, 省领军团队)\n"
    anchor = "    quote: 连着云南、吉林等多个生产基地的制衣智能制造生产管理平台\n"
    assert old_zj in text and anchor in text
    text = text.replace(old_zj, NOTES, 1).replace(anchor, anchor + ESCAPED, 1)
    path.write_text(text, encoding="utf-8")
    expected = {yaml.safe_load(NOTES.replace("    note", "note"))["note"], yaml.safe_load(ESCAPED.strip())["note"]}
    assert any("\n" in e and "\\" in e for e in expected) and any("\r" in e and "\t" in e for e in expected)

    result = build(project_copy, shacl=False)
    ds = result.dataset
    write_build(ds, result.facts, project_copy, tmp_path)

    def notes(graph: Graph) -> set[str]:
        return {str(o) for o in graph.objects(None, ECO.note) if str(o) in expected}

    trig = Dataset()
    trig.parse(tmp_path / "ecosystem.trig", format="trig")
    jsonld = Dataset()
    jsonld.parse(tmp_path / "ecosystem.jsonld", format="json-ld")
    union = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    ttl = Graph().parse(tmp_path / "ecosystem.ttl", format="turtle")
    assert isomorphic(ttl, union)
    assert notes(ttl) == expected
    named = [g for g in ds.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID]
    assert len(named) == 9  # ontology, sources, five articles, the two code lists
    assert isomorphic(jsonld.graph(DATASET_DEFAULT_GRAPH_ID), union)  # the JSON-LD's merged graph
    every = [*named, ds.graph(DATASET_DEFAULT_GRAPH_ID)]  # and the default graph: the asserted graph
    for parsed in (trig, jsonld):
        assert {g.identifier for g in parsed.graphs() if len(g)} == {g.identifier for g in every}
        for g in every:
            assert isomorphic(parsed.graph(g.identifier), g), g.identifier
        found = {str(o) for _s, _p, o, _g in parsed.quads((None, ECO.note, None, None)) if str(o) in expected}
        assert found == expected
    # the literal objects themselves are exact: plain strings, no language, no datatype
    for note in expected:
        assert (None, ECO.note, Literal(note)) in ttl
