"""The workspace: finding it (upwards, --project, ECOKG_PROJECT), `ecokg init`, and every command
using the workspace's own inputs, shapes, queries and build rather than the checkout's."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHECKOUT
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from tiny_corpus import COMPANY, SOURCE_ID, add_article

from ecokg.cli import main as cli
from ecokg.namespaces import GRAPH
from ecokg.project import ENV_VAR, MARKER, Project, ProjectError, package_path
from ecokg.workspace_init import init_workspace


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    """A workspace made by `ecokg init` holding the one-article corpus (not yet built)."""
    root = tmp_path / "tiny"
    assert cli.main(["init", str(root), "--name", "tiny"]) == 0
    add_article(root)
    return root


def _stats(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    capsys.readouterr()
    assert cli.main([*argv, "stats", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


# ------------------------------------------------------------------------------- finding it


def test_found_from_a_subdirectory(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tiny / "data" / "facts")
    assert Project.find() == Project.open(tiny)
    assert Project.find().name == "tiny"
    assert cli.main(["build"]) == 0
    assert (tiny / "build" / "ecosystem.trig").is_file()  # the workspace's build/, not ./build
    assert not (tiny / "data" / "facts" / "build").exists()


def test_project_option(tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert cli.main(["--project", str(tiny), "build"]) == 0
    assert _stats(capsys, "--project", str(tiny))["totals"]["entities"] == 2
    assert not (elsewhere / "build").exists()


def test_environment_variable_and_precedence(tiny: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    empty = init_workspace(tmp_path / "empty").root
    assert cli.main(["--project", str(tiny), "build"]) == 0
    assert cli.main(["--project", str(empty), "build"]) == 0
    monkeypatch.chdir(CHECKOUT.root)  # ECOKG_PROJECT wins over the directory ...
    monkeypatch.setenv(ENV_VAR, str(tiny))
    assert Project.find().root == tiny.resolve()
    assert _stats(capsys)["sources"].keys() == {SOURCE_ID}
    # ... and --project over ECOKG_PROJECT, as git's --git-dir over GIT_DIR
    assert _stats(capsys, "--project", str(empty))["sources"] == {}


def test_no_workspace_is_a_clear_error(tmp_path: Path) -> None:
    assert not any((d / MARKER).exists() for d in (tmp_path, *tmp_path.parents))
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    r = subprocess.run([sys.executable, "-m", "ecokg", "stats"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"no ecokg workspace in {tmp_path.resolve()} or any directory above it" in r.stderr
    assert "ecokg init" in r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "ecokg", "--project", str(tmp_path), "validate"], capture_output=True, text=True, env=env
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{tmp_path.resolve()} is not an ecokg workspace (has no {MARKER})" in r.stderr


def test_bad_environment_variable_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(ProjectError, match=rf"^{ENV_VAR}: .*nowhere is not an ecokg workspace \(does not exist\)"):
        Project.find(CHECKOUT.root)


def test_synth_needs_no_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["synth", "--size", "2k", "-o", "region.nq"]) == 0
    assert (tmp_path / "region.nq").stat().st_size > 0


def test_bad_marker_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / MARKER).write_text('# a workspace\nname = "x"\ncolour = "blue"\n', encoding="utf-8")
    with pytest.raises(ProjectError, match=r"ecokg\.toml: unknown key\(s\) colour"):
        Project.open(tmp_path)
    (tmp_path / MARKER).write_text('# a workspace\nname = "unclosed\n', encoding="utf-8")
    with pytest.raises(ProjectError, match=r"ecokg\.toml: .*line 2"):
        Project.open(tmp_path)


def test_the_checkout_is_a_workspace_with_its_own_resources() -> None:
    assert CHECKOUT.name == "ningbo"
    assert CHECKOUT.ontology_file == CHECKOUT.root / "ontology" / "ecokg.ttl"
    assert CHECKOUT.shapes_file == CHECKOUT.root / "ontology" / "shapes.ttl"
    assert CHECKOUT.queries_dir == CHECKOUT.root / "queries"
    assert CHECKOUT.registry_mapping == CHECKOUT.root / "data" / "mappings" / "company-registry.yaml"


# ---------------------------------------------------------------------------------- ecokg init


def test_init_refuses_to_overwrite(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.read_bytes() for p in tiny.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert cli.main(["init", str(tiny)]) == 1
    assert "already an ecokg workspace" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in tiny.rglob("*") if p.is_file()} == before
    # nor over the files it would write, in a directory that is not yet a workspace
    (tiny / MARKER).unlink()
    with pytest.raises(ProjectError, match="already has data/sources/sources.yaml, data/entities.yaml"):
        init_workspace(tiny)
    assert not (tiny / MARKER).exists()


def test_init_uses_the_package_resources_unless_copied(tmp_path: Path) -> None:
    plain = init_workspace(tmp_path / "plain")
    assert plain.ontology_file == package_path("ontology", "ecokg.ttl")
    assert plain.queries_dir == package_path("queries")
    assert plain.registry_mapping == package_path("mappings", "company-registry.yaml")
    assert (plain.root / ".gitignore").read_text(encoding="utf-8") == "build/\n"
    copied = init_workspace(tmp_path / "copied", name="甬江", copy_ontology=True, copy_queries=True)
    assert copied.name == "甬江" and copied.own_ontology
    for f in ("ecokg.ttl", "shapes.ttl"):
        assert (copied.root / "ontology" / f).read_bytes() == package_path("ontology", f).read_bytes()
    assert copied.queries_dir == copied.root / "queries"
    assert sorted(p.name for p in copied.queries_dir.glob("*.rq")) == sorted(
        p.name for p in package_path("queries").glob("*.rq")
    )


def test_empty_workspace_builds_and_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = init_workspace(tmp_path / "empty")
    assert cli.main(["--project", str(ws.root), "validate"]) == 0
    assert "valid: 0 sources, 0 entities" in capsys.readouterr().out
    assert cli.main(["--project", str(ws.root), "build"]) == 0
    man = json.loads((ws.build_dir / "manifest.json").read_text(encoding="utf-8"))
    assert man["sources"] == {} and man["graphs"] == [str(GRAPH["ontology"])]
    assert man["inputs"] == {
        "data/sources/sources.yaml": hashlib.sha256(ws.registry_file.read_bytes()).hexdigest(),
        "data/entities.yaml": hashlib.sha256((ws.data_dir / "entities.yaml").read_bytes()).hexdigest(),
        "package:ontology/ecokg.ttl": hashlib.sha256(package_path("ontology", "ecokg.ttl").read_bytes()).hexdigest(),
        "package:ontology/shapes.ttl": hashlib.sha256(package_path("ontology", "shapes.ttl").read_bytes()).hexdigest(),
    }
    ds = Dataset()
    ds.parse(ws.build_dir / "ecosystem.trig", format="trig")
    assert isomorphic(ds.graph(GRAPH["ontology"]), Graph().parse(package_path("ontology", "ecokg.ttl")))
    assert _stats(capsys, "--project", str(ws.root))["totals"].get("entities", 0) == 0


# ------------------------------------------------- every command uses the workspace (regressions)

_NEEDS_ENGLISH = """
ecosh:TestCompanyNeedsEnglish a sh:NodeShape ;
    sh:targetClass eco:Company ;
    sh:property [ sh:path rdfs:label ; sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ;
        sh:qualifiedMinCount 1 ; sh:message "test: a company needs an English label" ] .
"""


def test_validate_uses_the_workspace_shapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--root X validate` used to check X's data against the checkout's shapes."""
    ws = init_workspace(tmp_path / "own", copy_ontology=True)
    add_article(ws.root)
    assert cli.main(["--project", str(ws.root), "validate"]) == 0
    with (ws.root / "ontology" / "shapes.ttl").open("a", encoding="utf-8") as fh:
        fh.write(_NEEDS_ENGLISH)
    capsys.readouterr()
    assert cli.main(["--project", str(ws.root), "validate"]) == 1
    out = capsys.readouterr().out
    assert "test: a company needs an English label" in out and "1 SHACL violation(s)." in out
    assert "yongjiang_demo_equipment" in out  # the company has no `en:`; the district has one
    assert cli.main(["--project", str(ws.root), "build"]) == 1  # nothing written
    assert not ws.build_dir.exists()


def test_manifest_records_the_shapes_that_were_used(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "own", copy_ontology=True)
    add_article(ws.root)
    with (ws.root / "ontology" / "shapes.ttl").open("a", encoding="utf-8") as fh:
        fh.write("# this workspace's own copy\n")
    assert cli.main(["--project", str(ws.root), "build"]) == 0
    man = json.loads((ws.build_dir / "manifest.json").read_text(encoding="utf-8"))
    own = (ws.root / "ontology" / "shapes.ttl").read_bytes()
    assert man["inputs"]["ontology/shapes.ttl"] == hashlib.sha256(own).hexdigest()
    assert not any(k.startswith("package:") for k in man["inputs"])


def test_stats_reads_the_workspace_build(tiny: Path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`--root X stats` used to read the checkout's build/."""
    assert cli.main(["--project", str(tiny), "build"]) == 0
    monkeypatch.chdir(CHECKOUT.root)
    s = _stats(capsys, "--project", str(tiny))
    assert s["totals"]["entities"] == 2
    assert dict(s["types"]) == {"Company": 1, "District": 1}
    assert list(s["sources"]) == [SOURCE_ID]


def test_query_render_and_analyze_use_the_workspace(tiny: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tiny)
    assert cli.main(["build"]) == 0
    capsys.readouterr()
    assert cli.main(["query", "orgs-in-area", "-p", "area=ekg:jiangbei_demo", "-f", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows == [
        "typeLabel,org,label,place,placeLabel",
        f"企业,yongjiang_demo_equipment,{COMPANY},jiangbei_demo,江北区",
    ]
    assert cli.main(["render"]) == 0
    assert (tiny / "build" / "explorer.html").is_file()
    assert "wrote" in capsys.readouterr().out
    assert cli.main(["analyze"]) == 0
    assert (tiny / "build" / "analysis.trig").is_file()


def test_a_workspace_queries_directory_replaces_the_library(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tiny / "queries").mkdir()
    (tiny / "queries" / "companies.rq").write_text(
        "# title: 企业\n# title-en: Companies\n# answers: Every company.\n"
        "PREFIX eco: <https://w3id.org/ecokg/ontology#>\nSELECT ?c WHERE { ?c a eco:Company }\n",
        encoding="utf-8",
    )
    assert cli.main(["--project", str(tiny), "build"]) == 0
    capsys.readouterr()
    assert cli.main(["--project", str(tiny), "queries", "-f", "csv"]) == 0
    assert [r.split(",")[0] for r in capsys.readouterr().out.splitlines()[1:]] == ["companies"]
    assert cli.main(["--project", str(tiny), "query", "companies", "-f", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["c", "yongjiang_demo_equipment"]
    assert cli.main(["--project", str(tiny), "query", "orgs-in-area"]) == 2  # not in this library


def test_import_registry_uses_the_workspace_mapping(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = CHECKOUT.root / "tests" / "fixtures" / "company-registry.csv"
    assert cli.main(["--project", str(tiny), "import-registry", str(csv), "--check"]) == 0  # the package's mapping
    own = tiny / "data" / "mappings" / "company-registry.yaml"
    own.parent.mkdir(parents=True)
    text = package_path("mappings", "company-registry.yaml").read_text(encoding="utf-8")
    assert text.count("\ncolumns:\n") == 1
    own.write_text(text.replace("\ncolumns:\n", "\ncolumns:\n  licence_no: {required: true}\n"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["--project", str(tiny), "import-registry", str(csv), "--check"]) == 1
    assert "company-registry.csv:1: header lacks required column(s) licence_no" in capsys.readouterr().err
