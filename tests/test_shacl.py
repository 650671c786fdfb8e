"""pySHACL on the real graph and on broken ones; violations point at the YAML they came from."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Dataset, Graph, Literal
from rdflib.namespace import DCTERMS, PROV, SH, SKOS

import ecokg.dataset.pipeline as pipeline
from ecokg.dataset.build import build_dataset
from ecokg.dataset.pipeline import build, load_inputs
from ecokg.dataset.validate import SHACL_CACHE, shacl_results
from ecokg.inputs.ontology import SHAPES_FILE, load_ontology
from ecokg.io.writer import write_build
from ecokg.namespaces import ECO, ID, SOURCE, SOURCES_GRAPH

FACT_FILE = "data/facts/2020-03-haishu-five-industries.yaml"
BAD_RELATION = "  - s: haishu_digital_economy_3yr_plan\n    p: targetsSector\n    o: taiping_bird\n    quote: 太平鸟\n"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build_dataset(load_inputs(), load_ontology())


def _copy(ds: Dataset) -> Dataset:
    out = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.graph(g).add((s, p, o))
    return out


def _found(results: list) -> set:
    return {(r.focus, r.path, r.component) for r in results}


def test_real_graph_conforms(dataset: Dataset) -> None:
    assert shacl_results(dataset) == []


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


def _expected(ds: Dataset, name: str) -> set:
    """What each breaker breaks, shape by shape (the comments in the breakers above)."""
    tb, new_company, new_uni, new_thing = ID.taiping_bird, ID.new_company, ID.new_uni, ID.new_thing
    if name == "entities":
        return {
            (tb, RDFS.label, SH.QualifiedMaxCountConstraintComponent),
            (tb, RDFS.label, SH.UniqueLangConstraintComponent),
            (tb, SKOS.altLabel, SH.LanguageInConstraintComponent),
            (tb, SKOS.altLabel, SH.DatatypeConstraintComponent),
            (new_company, RDFS.label, SH.QualifiedMinCountConstraintComponent),
            (new_company, PROV.wasDerivedFrom, SH.MinCountConstraintComponent),
            (new_company, ECO.mentionedIn, SH.MinCountConstraintComponent),
            (new_uni, PROV.wasDerivedFrom, SH.ClassConstraintComponent),
            (new_uni, ECO.mentionedIn, SH.ClassConstraintComponent),
            (tb, ECO.subsidiaryOf, SH.ClassConstraintComponent),
            (ID.haishu, ECO.subOrganizationOf, SH.ClassConstraintComponent),
            (new_thing, ECO.implements, SH.OrConstraintComponent),
            (new_thing, ECO.targetsSector, SH.ClassConstraintComponent),
            (new_thing, ECO.locatedIn, SH.ClassConstraintComponent),
            (new_thing, ECO.participatedIn, SH.ClassConstraintComponent),
            (new_thing, ECO.hasDesignation, SH.ClassConstraintComponent),
        }
    if name == "observations":
        a, b, c, d = sorted(_all_subjects(ds, ECO.Observation))[:4]
        return {
            (a, None, SH.OrConstraintComponent),
            (b, None, SH.OrConstraintComponent),
            (c, ECO.measure, SH.InConstraintComponent),
            (c, ECO.value, SH.DatatypeConstraintComponent),
            (c, ECO.year, SH.DatatypeConstraintComponent),
            (d, ECO.multiplier, SH.DatatypeConstraintComponent),
            (d, ECO.valueNormalized, SH.MaxCountConstraintComponent),
            (d, ECO.indicator, SH.MinCountConstraintComponent),
            (d, ECO.sector, SH.ClassConstraintComponent),
            (d, ECO.unit, SH.ClassConstraintComponent),
            (d, ECO.reportedValue, SH.DatatypeConstraintComponent),
        }
    if name == "issue15":
        first = sorted(_all_subjects(ds, ECO.Statement))[0]
        soft, byline, place = ID.sector_software, ID.new_byline, ID.new_place
        return {
            (ID.haishu, None, SH.NotConstraintComponent),  # an area never targetsSector
            (tb, ECO.setsGoal, SH.ClassConstraintComponent),  # a goal is a Strategy
            (soft, None, SH.OrConstraintComponent),  # who sets a goal is a person or an organisation
            (tb, ECO.cultivates, SH.ClassConstraintComponent),  # what is cultivated is a Designation
            (tb, None, SH.ClassConstraintComponent),  # countsHoldersOf belongs to an Indicator
            (tb, ECO.developsSector, SH.ClassConstraintComponent),  # a sector
            (first, ECO.statedBy, SH.ClassConstraintComponent),  # a speaker is a Person ...
            (first, ECO.speakerPost, SH.MinCountConstraintComponent),  # ... speaking in a post
            (byline, PROV.wasDerivedFrom, SH.MinCountConstraintComponent),  # a byline has its sentence,
            (byline, ECO.contributor, SH.OrConstraintComponent),  # a person or group as contributor,
            (byline, ECO.contributorRole, SH.InConstraintComponent),  # and one of the roles
            (place, None, SH.ClassConstraintComponent),  # only an administrative area has a division code
            (place, ECO.division, SH.MinCountConstraintComponent),  # and with it the division
        }
    post = sorted(_all_subjects(ds, ECO.Post))[0]
    st = sorted(_all_subjects(ds, ECO.Statement))[0]
    sentence = sorted(_all_subjects(ds, ECO.Sentence))[0]
    src = SOURCE["2019-05-haishu-246-clusters"]
    return {
        (post, ECO.holder, SH.ClassConstraintComponent),
        (post, ECO.postTitle, SH.DatatypeConstraintComponent),
        (post, ECO.year, SH.DatatypeConstraintComponent),
        (st, RDF.predicate, SH.MinCountConstraintComponent),
        (st, PROV.wasDerivedFrom, SH.MinCountConstraintComponent),
        (st, RDF.object, SH.ClassConstraintComponent),
        (sentence, ECO.text, SH.DatatypeConstraintComponent),
        (sentence, ECO.startOffset, SH.DatatypeConstraintComponent),
        (src, DCTERMS.title, SH.MinCountConstraintComponent),
        (src, ECO.year, SH.DatatypeConstraintComponent),
    }


@pytest.mark.parametrize("name", sorted(BREAKERS))
def test_broken_graphs_report_what_was_broken(dataset: Dataset, name: str) -> None:
    ds = _copy(dataset)
    BREAKERS[name](ds, ds.graph(SOURCES_GRAPH))
    expected = _expected(ds, name)
    results = shacl_results(ds)
    found = _found(results)
    assert expected <= found, expected - found
    # nothing else is reported: every result is on a node the breaker touched
    assert {r.focus for r in results} == {focus for focus, _p, _c in expected}


def test_allowed_values_are_not_reported(dataset: Dataset) -> None:
    ds = _copy(dataset)
    _break_entities(ds, ds.graph(SOURCES_GRAPH))
    values = {r.value for r in shacl_results(ds)}
    assert Literal("zh-Hans", lang="zh-Hans") not in values  # its first subtag is allowed
    assert Literal("fr", lang="fr") in values


def test_messages_are_the_shapes_own_else_pyshacls(dataset: Dataset) -> None:
    ds = _copy(dataset)
    _break_entities(ds, ds.graph(SOURCES_GRAPH))
    messages = {str(m) for m in Graph().parse(SHAPES_FILE).objects(None, SH.message)}
    by_key = {(r.focus, r.path, r.component): r.message for r in shacl_results(ds)}
    assert by_key[(ID.new_company, RDFS.label, SH.QualifiedMinCountConstraintComponent)] in messages
    assert by_key[(ID.new_company, ECO.mentionedIn, SH.MinCountConstraintComponent)].startswith("Less than 1 values")


def test_every_constraint_component_is_exercised(dataset: Dataset) -> None:
    ds = _copy(dataset)
    for breaker in BREAKERS.values():
        breaker(ds, ds.graph(SOURCES_GRAPH))
    components = {r.component for r in shacl_results(ds)}
    used = {p for _s, p, _o in Graph().parse(SHAPES_FILE) if str(p).startswith(str(SH))}
    expected = {
        SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent, SH.ClassConstraintComponent,
        SH.DatatypeConstraintComponent, SH.LanguageInConstraintComponent, SH.UniqueLangConstraintComponent,
        SH.InConstraintComponent, SH.OrConstraintComponent, SH.QualifiedMinCountConstraintComponent,
        SH.QualifiedMaxCountConstraintComponent,
    }  # fmt: skip
    assert expected <= components, expected - components
    assert SH["or"] in used and SH["not"] in used and SH.hasValue in used


def _add_bad_relation(root: Path) -> int:
    path = root / FACT_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("relations:\n", "relations:\n" + BAD_RELATION, 1), encoding="utf-8")
    return text.splitlines().index("relations:") + 2  # the line after "relations:"


def test_yaml_fixture_violations_name_file_and_line(project_copy: Path) -> None:
    line = _add_bad_relation(project_copy)
    violations = build(project_copy, shacl=True).violations
    assert violations
    assert {v.where for v in violations} == {f"{FACT_FILE}:{line}"}
    assert {(v.focus, v.path, v.value) for v in violations} >= {
        ("ekg:haishu_digital_economy_3yr_plan", "eco:targetsSector", "ekg:taiping_bird")
    }


def test_any_shacl_construct_in_the_shapes_is_checked(tmp_path: Path, dataset: Dataset) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        SHAPES_FILE.read_text(encoding="utf-8")
        + "\necosh:Pattern a sh:NodeShape ; sh:targetClass eco:Company ;\n"
        + '    sh:property [ sh:path rdfs:label ; sh:pattern "^A" ] .\n',
        encoding="utf-8",
    )
    results = shacl_results(dataset, shapes_file=shapes)
    assert results and {r.component for r in results} == {SH.PatternConstraintComponent}


def test_cli_validate_has_no_engine_option(project_copy: Path) -> None:
    cmd = [sys.executable, "-m", "ecokg", "--project", str(project_copy), "validate"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "SHACL conforms" in r.stdout
    r = subprocess.run([*cmd, "--engine", "pyshacl"], capture_output=True, text=True)
    assert r.returncode == 2 and "unrecognized arguments: --engine" in r.stderr


# ---------------------------------------------------------------- the validation cache


@pytest.fixture()
def count_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the SHACL runs of :func:`ecokg.dataset.pipeline.build`."""
    runs: list[int] = []
    real = pipeline.shacl_violations

    def counted(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "shacl_violations", counted)
    return runs


def _build_and_write(root: Path, out: Path) -> pipeline.BuildResult:
    result = build(root, shacl=True, shacl_cache=out / SHACL_CACHE)
    if not result.violations:
        write_build(result.dataset, result.facts, root, out, result.shacl_record)
    return result


def test_unchanged_inputs_skip_shacl(project_copy: Path, tmp_path: Path, count_runs: list[int]) -> None:
    out = tmp_path / "out"
    _build_and_write(project_copy, out)
    assert len(count_runs) == 1
    record = json.loads((out / SHACL_CACHE).read_text(encoding="utf-8"))
    assert set(record["inputs"]) == set(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["inputs"])
    assert record["pyshacl"] == __import__("importlib.metadata").metadata.version("pyshacl")
    result = _build_and_write(project_copy, out)
    assert len(count_runs) == 1 and result.violations == [] and result.shacl_record == record
    build(project_copy, shacl=True)  # without a cache file (ecokg validate): always runs
    assert len(count_runs) == 2


def test_changed_input_runs_shacl_again(project_copy: Path, tmp_path: Path, count_runs: list[int]) -> None:
    out = tmp_path / "out"
    _build_and_write(project_copy, out)
    line = _add_bad_relation(project_copy)
    result = _build_and_write(project_copy, out)
    assert len(count_runs) == 2
    assert result.violations and {v.where for v in result.violations} == {f"{FACT_FILE}:{line}"}
    assert result.shacl_record is None


@pytest.mark.parametrize("damage", ["{not json", "", '{"inputs": {}}', "[]"])
def test_corrupt_or_stale_cache_is_ignored(
    project_copy: Path, tmp_path: Path, count_runs: list[int], damage: str
) -> None:
    out = tmp_path / "out"
    _build_and_write(project_copy, out)
    (out / SHACL_CACHE).write_text(damage, encoding="utf-8")
    _build_and_write(project_copy, out)
    assert len(count_runs) == 2
    assert json.loads((out / SHACL_CACHE).read_text(encoding="utf-8"))["inputs"]  # rewritten


def test_other_pyshacl_version_runs_shacl_again(project_copy: Path, tmp_path: Path, count_runs: list[int]) -> None:
    out = tmp_path / "out"
    _build_and_write(project_copy, out)
    record = json.loads((out / SHACL_CACHE).read_text(encoding="utf-8"))
    (out / SHACL_CACHE).write_text(json.dumps({**record, "pyshacl": "0.0.1"}), encoding="utf-8")
    _build_and_write(project_copy, out)
    assert len(count_runs) == 2


def test_no_shacl_writes_no_cache(project_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-m", "ecokg", "--project", str(project_copy), "build", "--no-shacl", "--output", str(out)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert (out / "manifest.json").is_file() and not (out / SHACL_CACHE).exists()
