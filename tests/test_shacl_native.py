"""The native SHACL checker reports what pyshacl reports, on the real graph and on broken ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Dataset, Graph, Literal
from rdflib.namespace import DCTERMS, PROV, SKOS

from graph.build import build_dataset
from graph.namespaces import ECO, ID, SOURCE, SOURCES_GRAPH
from graph.ontology import SHAPES_FILE, load_ontology
from graph.pipeline import build, load_inputs
from graph.shacl_native import SH, ShapesGraph, UnsupportedShapes
from graph.validate import shacl_results

FACT_FILE = "data/facts/2020-03-haishu-five-industries.yaml"


def _key(results: list) -> Counter:
    return Counter((r.focus, r.path, r.value, r.component) for r in results)


def _worded(results: list) -> Counter:
    # pyshacl words sh:in messages with the list in set order, which varies from run to run
    return Counter(
        (r.focus, r.path, r.value, r.component, "" if r.component == SH.InConstraintComponent else r.message)
        for r in results
    )


def _assert_same(ds: Dataset) -> list:
    native = shacl_results(ds, "native")
    reference = shacl_results(ds, "pyshacl")
    assert _key(native) == _key(reference)
    assert _worded(native) == _worded(reference)  # the shapes' sh:message, else pyshacl's wording
    return native


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build_dataset(load_inputs(), load_ontology())


def _copy(ds: Dataset) -> Dataset:
    out = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.graph(g).add((s, p, o))
    return out


def test_real_graph_conforms_in_both_engines(dataset: Dataset) -> None:
    assert shacl_results(dataset, "native") == []
    assert shacl_results(dataset, "pyshacl") == []


def _break_entities(ds: Dataset, g: Graph) -> None:
    tb, haishu = ID.taiping_bird, ID.haishu
    g.add((tb, RDFS.label, Literal("第二个", lang="zh")))  # qualified max, uniqueLang
    g.add((tb, RDFS.label, Literal("x", lang="en")))
    g.add((tb, RDFS.label, Literal("y", lang="EN")))  # same language, other case
    g.add((tb, SKOS.altLabel, Literal("fr", lang="fr")))  # languageIn
    g.add((tb, SKOS.altLabel, Literal("plain")))  # languageIn and datatype
    g.add((tb, SKOS.altLabel, Literal("zh-Hans", lang="zh-Hans")))  # allowed: first subtag
    g.add((ID.new_company, RDF.type, ECO.Company))  # no label, no sentence, no source
    g.add((ID.new_company, RDFS.label, Literal("no language")))
    g.add((ID.new_uni, RDF.type, ECO.University))  # entity via a deeper subclass
    g.add((ID.new_uni, RDFS.label, Literal("大学", lang="zh")))
    g.add((ID.new_uni, PROV.wasDerivedFrom, haishu))  # not a Sentence
    g.add((ID.new_uni, ECO.mentionedIn, Literal("article")))  # a literal has no class
    g.add((tb, ECO.subsidiaryOf, haishu))  # range and domain
    g.add((haishu, ECO.subOrganizationOf, Literal("x")))
    g.add((ID.new_thing, ECO.implements, tb))  # or inside a property shape
    g.add((ID.new_thing, ECO.targetsSector, tb))
    g.add((ID.new_thing, ECO.locatedIn, ID.new_uni))
    g.add((ID.new_thing, ECO.participatedIn, ID.new_company))
    g.add((ID.new_thing, ECO.hasDesignation, haishu))
    g.add((ID.new_thing, ECO.campusOf, ID.new_uni))


def _break_observations(ds: Dataset, g: Graph) -> None:
    observations = sorted(_all_subjects(ds, ECO.Observation))
    a, b, c, d = observations[:4]
    for o in (a, b):
        for ctx in ds.graphs():
            ctx.remove((o, ECO.year, None))
            ctx.remove((o, ECO.yearUnstated, None))
    g.add((a, ECO.status, ECO.Actual))  # actual without year; second status (maxCount)
    g.add((b, ECO.yearUnstated, Literal(False)))  # hasValue true fails
    g.add((c, ECO.measure, ECO.Actual))  # not in the list
    g.add((c, ECO.value, Literal("abc", datatype=rdflib.XSD.decimal)))  # ill-typed
    g.add((c, ECO.year, Literal("2020")))  # string, not integer; second year
    g.add((d, ECO.multiplier, Literal(5)))  # integer, not decimal
    g.add((d, ECO.valueNormalized, Literal(Decimal("1.5"))))
    g.add((d, ECO.unit, ECO.Actual))
    g.add((d, ECO.sector, ID.taiping_bird))
    g.add((d, ECO.reportedValue, Literal("no language")))
    for ctx in ds.graphs():
        ctx.remove((d, ECO.indicator, None))


def _all_subjects(ds: Dataset, cls) -> set:
    return {s for s, _p, _o, _g in ds.quads((None, RDF.type, cls, None))}


def _break_others(ds: Dataset, g: Graph) -> None:
    post = sorted(_all_subjects(ds, ECO.Post))[0]
    g.add((post, ECO.holder, ID.haishu))
    g.add((post, ECO.postTitle, Literal("title")))
    g.add((post, ECO.year, Literal("2020", datatype=rdflib.XSD.gYear)))
    st = sorted(_all_subjects(ds, ECO.Statement))[0]
    for ctx in ds.graphs():
        ctx.remove((st, RDF.predicate, None))
        ctx.remove((st, PROV.wasDerivedFrom, None))
    g.add((st, RDF.object, Literal("x")))
    sentence = sorted(_all_subjects(ds, ECO.Sentence))[0]
    g.add((sentence, ECO.text, Literal("another")))
    g.add((sentence, ECO.startOffset, Literal("7")))
    src = SOURCE["2019-05-haishu-246-clusters"]
    meta = ds.graph(SOURCES_GRAPH)
    meta.remove((src, DCTERMS.title, None))
    meta.add((src, ECO.year, Literal(2019.5)))


def _break_issue15(ds: Dataset, g: Graph) -> None:
    """The shapes added for issue 15: an area as targetsSector subject (sh:not), goal and designation
    ranges, speakers, bylines, division codes."""
    haishu, tb = ID.haishu, ID.taiping_bird
    g.add((haishu, ECO.targetsSector, ID.sector_software))  # sh:not AdministrativeArea
    g.add((tb, ECO.setsGoal, haishu))  # not a Strategy
    g.add((ID.sector_software, ECO.setsGoal, ID.global_smart_manufacturing_capital))  # subject not an agent
    g.add((tb, ECO.cultivates, haishu))  # not a Designation
    g.add((tb, ECO.countsHoldersOf, ID.single_champion))  # subject not an Indicator
    g.add((tb, ECO.developsSector, haishu))  # not a sector
    st = sorted(_all_subjects(ds, ECO.Statement))[0]
    g.add((st, ECO.statedBy, haishu))  # not a Person, and no speakerPost
    g.add((ID.new_byline, RDF.type, ECO.Byline))  # no contributor, role or sentence
    g.add((ID.new_byline, ECO.contributorRole, ECO.Actual))
    g.add((ID.new_byline, ECO.contributor, ID.sector_software))
    g.add((ID.new_place, ECO.divisionCode, Literal("330203")))  # not an area, no eco:division


BREAKERS: dict[str, Callable[[Dataset, Graph], None]] = {
    "entities": _break_entities,
    "observations": _break_observations,
    "others": _break_others,
    "issue15": _break_issue15,
}


@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_broken_graphs_same_results(dataset: Dataset, name: str) -> None:
    ds = _copy(dataset)
    BREAKERS[name](ds, ds.graph(SOURCES_GRAPH))
    results = _assert_same(ds)
    assert len(results) >= 8, results


def test_every_constraint_component_is_exercised(dataset: Dataset) -> None:
    ds = _copy(dataset)
    for breaker in BREAKERS.values():
        breaker(ds, ds.graph(SOURCES_GRAPH))
    components = {r.component for r in _assert_same(ds)}
    used = {p for _s, p, _o in Graph().parse(SHAPES_FILE) if str(p).startswith(str(SH))}
    expected = {
        SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent, SH.ClassConstraintComponent,
        SH.DatatypeConstraintComponent, SH.LanguageInConstraintComponent, SH.UniqueLangConstraintComponent,
        SH.InConstraintComponent, SH.OrConstraintComponent, SH.QualifiedMinCountConstraintComponent,
        SH.QualifiedMaxCountConstraintComponent,
    }  # fmt: skip
    assert expected <= components, expected - components
    assert SH["or"] in used and SH["not"] in used and SH.hasValue in used


def test_yaml_fixture_same_violations(project_copy: Path) -> None:
    path = project_copy / FACT_FILE
    text = path.read_text(encoding="utf-8")
    block = (
        "  - s: haishu_digital_economy_3yr_plan\n    p: targetsSector\n    o: taiping_bird\n    quote: 太平鸟\n"
        "  - s: taiping_bird\n    p: subsidiaryOf\n    o: haishu_digital_economy_3yr_plan\n    quote: 太平鸟\n"
    )
    path.write_text(text.replace("relations:\n", "relations:\n" + block, 1), encoding="utf-8")
    native = build(project_copy, shacl=True, engine="native").violations
    reference = build(project_copy, shacl=True, engine="pyshacl").violations
    assert native and native == reference  # same YAML lines, nodes, paths, values and messages
    assert all(v.where.startswith(FACT_FILE + ":") for v in native)


def test_unsupported_shapes_fall_back_to_pyshacl(tmp_path: Path, dataset: Dataset) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        SHAPES_FILE.read_text(encoding="utf-8")
        + "\necosh:Pattern a sh:NodeShape ; sh:targetClass eco:Company ;\n"
        + '    sh:property [ sh:path rdfs:label ; sh:pattern "^A" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(UnsupportedShapes):
        ShapesGraph(Graph().parse(shapes))
    results = shacl_results(dataset, "native", shapes_file=shapes)  # runs pyshacl instead
    assert results and {r.component for r in results} == {SH.PatternConstraintComponent}


def test_cli_validate_engines(project_copy: Path) -> None:
    import subprocess
    import sys

    for engine in ("native", "pyshacl"):
        r = subprocess.run(
            [sys.executable, "-m", "graph", "--root", str(project_copy), "validate", "--engine", engine],
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr
        assert "SHACL conforms" in r.stdout
