"""Issue 14: names and parameters are checked, no silent empty answers (ecokg.query.library,
ecokg.query.params, ecokg.network.projection's class check), on the real build.

Each example of the issue is here; on the code before the fix each ran with exit 0 and printed
an empty table (or ignored the parameter).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, URIRef

from ecokg.cli import main as cli
from ecokg.namespaces import ID, SOURCE
from ecokg.network.projection import UnknownClass, entity_classes, project
from ecokg.query.library import explain_empty, prepare_query, resolve_query
from ecokg.query.names import UnknownName, term_indexes
from ecokg.query.params import ParamError

ECO = "https://w3id.org/ecokg/ontology#"


def ecokg(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


def csv_rows(out: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(out)))


@pytest.fixture(scope="module")
def indexes(built: Dataset) -> Any:
    return term_indexes(built)


# ------------------------------------------------------------------ entity parameters of named queries


def test_a_label_names_the_entity(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the 2019 map lists 中星中东欧新材料研究院 in Haishu ("located in", legend item 13)
    b = ["--build", str(build_dir)]
    code, out, err = ecokg(capsys, "query", "entity-relations", *b, "-f", "csv", "-p", "entity=中星中东欧新材料研究院")
    assert code == 0, err
    rows = csv_rows(out)
    assert rows[0][:3] == ["direction", "relation", "other"]
    assert ["→", "locatedIn", "haishu"] in [r[:3] for r in rows[1:]]  # CSV: the bare id, as the exports
    by_id = ecokg(
        capsys, "query", "entity-relations", *b, "-f", "csv", "-p", "entity=zhongxing_cee_materials_institute"
    )
    assert by_id[1] == out
    code, out, _ = ecokg(capsys, "query", "entity-relations", *b, "--show", "-p", "entity=中星中东欧新材料研究院")
    assert out.startswith("# ?entity=中星中东欧新材料研究院: the entity ekg:zhongxing_cee_materials_institute (")
    assert f"VALUES ?entity {{ <{ID}zhongxing_cee_materials_institute> }}" in out


def test_an_unknown_id_is_an_error_with_near_ids(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    b = ["--build", str(build_dir)]
    code, out, err = ecokg(capsys, "query", "entity-relations", *b, "-p", "entity=ekg:nonexistent")
    assert (code, out) == (1, "")
    assert err.startswith("ecokg query: no entity has the id ekg:nonexistent")
    code, _, err = ecokg(capsys, "query", "entity-relations", *b, "-p", "entity=ekg:taiping_brd")
    assert code == 1 and "did you mean:" in err and "(taiping_bird, Company)" in err
    # a misspelt label: "did you mean" the entity, not a silent empty table
    code, _, err = ecokg(capsys, "query", "posts", *b, "-p", "person=孙黎明明")
    assert code == 1 and "no entity is called '孙黎明明'; did you mean:" in err and "(sun_liming, Person)" in err


def test_articles_and_ontology_terms_are_checked_too(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    b = ["--build", str(build_dir), "--show"]
    code, out, _ = ecokg(capsys, "query", "programmes", *b, "-p", "type=政策文件")
    assert code == 0 and f"VALUES ?type {{ <{ECO}PolicyDocument> }}" in out
    code, _, err = ecokg(capsys, "query", "programmes", *b, "-p", "type=Reforms")
    assert code == 1 and "no ontology term is called 'Reforms'; did you mean:" in err and "(Reform, Class)" in err
    code, _, err = ecokg(capsys, "query", "article-facts", *b, "-p", "source=2022-04-ningbo-smart-conference")
    assert code == 1 and "no article is called" in err
    assert "(2022-04-ningbo-smart-manufacturing-conference, SourceArticle)" in err


def test_without_a_build_show_binds_as_written_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ecokg(
        capsys, "query", "orgs-in-area", "--build", str(tmp_path), "--show", "-p", "area=lingkong_zone"
    )
    assert code == 0 and out.startswith("# ?area=lingkong_zone: not checked (no build to check it against)\n")
    code, _, err = ecokg(capsys, "query", "orgs-in-area", "--build", str(tmp_path), "-p", "area=lingkong_zone")
    assert code == 1 and "run `ecokg build` first" in err


# ------------------------------------------------------------------ ad-hoc queries


LABELS = "SELECT DISTINCT ?l WHERE { ?e rdfs:label ?l FILTER(LANG(?l) = 'zh') }"


def test_an_adhoc_value_that_is_an_entity_id_or_name_is_its_iri(
    build_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b = ["--build", str(build_dir)]
    for value in ("zeekr", "极氪智能科技", "ekg:zeekr"):
        code, out, err = ecokg(capsys, "query", *b, "--sparql", LABELS, "-f", "csv", "-p", f"e={value}")
        assert (code, out.split()) == (0, ["l", "极氪智能科技"]), (value, err)
    code, out, _ = ecokg(capsys, "query", *b, "--sparql", LABELS, "--show", "-p", "e=zeekr")
    assert out.startswith("# ?e=zeekr: the entity ekg:zeekr (极氪智能科技, Company)\n")
    # quoted: a string, whatever it spells; numbers stay numbers
    code, out, _ = ecokg(capsys, "query", *b, "--sparql", LABELS, "--show", "-p", 'e="zeekr"')
    assert '# ?e="zeekr": a string\n' in out and 'VALUES ?e { "zeekr" }' in out
    code, out, _ = ecokg(
        capsys, "query", *b, "--sparql", "SELECT ?s WHERE { ?s eco:year ?y }", "--show", "-p", "y=2019"
    )
    assert "# ?y=2019: a number" in out
    # an ekg: CURIE must exist, as for a named query
    code, _, err = ecokg(capsys, "query", *b, "--sparql", LABELS, "-p", "e=ekg:zeekrr")
    assert code == 1 and "no entity has the id ekg:zeekrr; did you mean:" in err and "(zeekr, Company)" in err


def test_a_parameter_the_query_does_not_use_is_an_error(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    b = ["--build", str(build_dir)]
    code, out, err = ecokg(capsys, "query", *b, "--sparql", LABELS, "-p", "x=zeekr")
    assert (code, out) == (2, "")
    assert "the query has no variable ?x to bind (its variables: ?l, ?e)" in err
    code, _, err = ecokg(capsys, "query", *b, "class-counts", "-p", "x=1")
    assert code == 2 and "query 'class-counts' has no parameters" in err
    code, _, err = ecokg(capsys, "query", *b, "entity-relations", "-p", "entiy=taiping_bird")
    assert code == 2 and "has no parameter 'entiy' (its parameters: entity)" in err


# ------------------------------------------------------------------ empty answers are explained


def test_an_empty_answer_says_how_each_parameter_was_read(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    b = ["--build", str(build_dir)]
    code, out, err = ecokg(capsys, "query", *b, "--sparql", LABELS, "-p", "e=zeekrr")
    assert code == 0 and out.split() == ["l", "-"]
    assert "an empty answer" in err and "e=zeekrr: a string (no entity has this id or name); near: ekg:zeekr" in err
    # an indicator is an entity that no stated relation mentions
    code, _, err = ecokg(capsys, "query", *b, "entity-relations", "-p", "entity=地区生产总值")
    assert code == 0
    assert (
        "entity=地区生产总值: the entity ekg:ind_gdp (地区生产总值, Indicator), which appears in no stated relation"
        in err
    )
    # a company is no person: the entity is fine, the query finds no post for it
    code, _, err = ecokg(capsys, "query", *b, "posts", "-p", "person=taiping_bird")
    assert code == 0 and "person=taiping_bird: the entity ekg:taiping_bird (太平鸟, Company), in " in err
    # answers with rows, or without parameters, print no such note
    assert "empty answer" not in ecokg(capsys, "query", *b, "posts", "-p", "person=孙黎明")[2]


# ------------------------------------------------------------------ the library API (notebooks, the endpoint)


def test_resolve_query_checks_for_notebooks_too(built: Dataset, indexes: Any) -> None:
    text = resolve_query("entity-relations", params={"entity": "中星中东欧新材料研究院"}, data=built)
    assert f"<{ID}zhongxing_cee_materials_institute>" in text
    assert text == resolve_query("entity-relations", params={"entity": "中星中东欧新材料研究院"}, data=indexes)
    assert list(built.query(text))
    with pytest.raises(UnknownName, match="no entity has the id ekg:nonexistent"):
        resolve_query("entity-relations", params={"entity": "ekg:nonexistent"}, data=indexes)
    with pytest.raises(ParamError, match=r"no variable \?x"):
        resolve_query(sparql=LABELS, params={"x": "zeekr"}, data=indexes)
    prepared = prepare_query(sparql=LABELS, params={"e": "zeekr"}, data=indexes)
    assert [(b.name, b.term, b.id) for b in prepared.bound] == [("e", URIRef(ID["zeekr"]), "zeekr")]
    assert explain_empty(prepare_query("class-counts", data=indexes), built) is None
    source = prepare_query("article-facts", params={"source": "2019-05-haishu-246-clusters"}, data=indexes)
    assert source.bound[0].term == URIRef(SOURCE["2019-05-haishu-246-clusters"])


# ------------------------------------------------------------------ class names


@pytest.mark.parametrize(
    "args",
    [
        ["centrality", "--only-types", "Organisation"],
        ["centrality", "--show-types", "Organisation"],
        ["communities", "--exclude-types", "Organisation"],
        ["chain-leaders", "--leader-types", "Organisation"],
        ["render", "-o", "{tmp}/x.html", "--only-types", "Organisation"],
    ],
)
def test_an_unknown_class_is_an_error_with_the_near_name(
    args: list[str], build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = ecokg(capsys, argv[0], "--build", str(build_dir), *argv[1:])
    option = next(a for a in argv if a.endswith("-types"))
    assert (code, out) == (1, "")
    assert err == f"ecokg {argv[0]}: {option}: no class 'Organisation' in the ontology; did you mean Organization?\n"
    assert not (tmp_path / "x.html").exists()


def test_project_checks_class_names(built: Dataset) -> None:
    with pytest.raises(UnknownClass, match="did you mean Company"):
        project(built, types=["company"])
    with pytest.raises(UnknownClass, match="no class 'Post'"):
        project(built, exclude_types=["Post"])  # a post is no entity (it is a node attribute)
    G = project(built, types=iter(["Organization"]))  # an iterator is read once, checked and used
    assert len(G) and all("Organization" in d["classes"] for _, d in G.nodes(data=True))
    assert {"Company", "Organization", "Place", "Person", "Entity"} <= entity_classes()
