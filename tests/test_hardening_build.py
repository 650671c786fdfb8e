"""Issue 17, build inputs and outputs: ids, numbers and Turtle inputs refused with file:line; a build
that fails or is killed leaves the previous outputs usable, or is detected.

Each case reproduces a failure of the earlier code on a scratch copy of the project.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ecokg.dataset.pipeline import build, load_inputs
from ecokg.inputs.errors import InputErrors
from ecokg.io import writer
from ecokg.query.store import BuildMissing, open_dataset

FACTS = "data/facts/2019-05-haishu-246-clusters.yaml"


def _errors(root: Path) -> list[str]:
    with pytest.raises(InputErrors) as exc:
        load_inputs(root)
    return [str(e) for e in exc.value.errors]


def _replace(root: Path, rel: str, old: str, new: str) -> int:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def test_an_id_with_a_trailing_newline_is_refused(project_copy: Path) -> None:
    text = (project_copy / FACTS).read_text(encoding="utf-8")
    first = text[text.index("  - id: ") + len("  - id: ") :].split("\n", 1)[0]
    line = _replace(project_copy, FACTS, f"  - id: {first}\n", f'  - id: "{first}\\n"\n')
    assert any(e.startswith(f"{FACTS}:{line}") and "id" in e for e in _errors(project_copy))


@pytest.mark.parametrize("value", ["1e999999", "1e99999999", "1" * 80])
def test_a_huge_number_is_refused(project_copy: Path, value: str) -> None:
    text = (project_copy / FACTS).read_text(encoding="utf-8")
    at = text.index("    value: ")
    line = text.count("\n", 0, at) + 1
    end = text.index("\n", at)
    (project_copy / FACTS).write_text(text[:at] + f'    value: "{value}"' + text[end:], encoding="utf-8")
    assert any(
        e.startswith(f"{FACTS}:{line}: value") and "is out of range (at most 30 digits" in e
        for e in _errors(project_copy)
    )


@pytest.mark.parametrize("depth", [200, 5000])
def test_deeply_nested_turtle_is_parsed_or_refused_naming_the_file(project_copy: Path, depth: int) -> None:
    """200 levels used to end in a RecursionError traceback naming no file; they now parse, and what is
    too deep even for the raised limit is an error naming the file."""
    from ecokg.inputs.ontology import parse_turtle

    shapes = project_copy / "ontology" / "shapes.ttl"
    shapes.write_text(
        shapes.read_text(encoding="utf-8")
        + "\n<urn:x> <urn:p> "
        + "[ <urn:q> " * depth
        + "<urn:o> "
        + "] " * depth
        + ".\n"
    )
    if depth == 200:
        assert len(parse_turtle(shapes)) > 200
        return
    with pytest.raises(InputErrors) as exc:
        parse_turtle(shapes, "ontology/shapes.ttl")
    (err,) = exc.value.errors
    assert (err.file, err.message) == ("ontology/shapes.ttl", "nested too deeply for the Turtle parser")


def test_a_turtle_syntax_error_names_file_and_line(project_copy: Path) -> None:
    onto = project_copy / "ontology" / "ecokg.ttl"
    lines = onto.read_text(encoding="utf-8").splitlines()
    onto.write_text("\n".join([*lines, "eco:Broken a owl:Class , ."]) + "\n", encoding="utf-8")
    with pytest.raises(InputErrors) as exc:
        load_inputs(project_copy)
    (err,) = exc.value.errors
    assert err.file.endswith("ecokg.ttl") and err.line == len(lines) + 1 and "Turtle syntax" in err.message


def test_owl_imports_is_reported_not_followed(project_copy: Path) -> None:
    onto = project_copy / "ontology" / "ecokg.ttl"
    text = onto.read_text(encoding="utf-8")
    onto.write_text(text + "\n<https://w3id.org/ecokg/ontology> owl:imports <http://example.org/other.ttl> .\n")
    with pytest.raises(InputErrors) as exc:
        load_inputs(project_copy)
    (err,) = exc.value.errors
    assert (
        err.line == text.count("\n") + 2 and "owl:imports http://example.org/other.ttl is not followed" in err.message
    )


def _built(project: Path, out: Path) -> dict[str, bytes]:
    result = build(project, shacl=False)
    writer.write_build(result.dataset, result.facts, project, out)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_a_build_that_fails_while_writing_leaves_the_previous_outputs(
    project_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "build"
    before = _built(project_copy, out)
    _replace(project_copy, FACTS, "label: ", "label: 改过的名字 ")  # a different build
    real, calls = writer.stage, []

    def full_disk(path: Path, data: bytes) -> Path:
        calls.append(path.name)
        if len(calls) == 3:  # the third output: the disk is full
            raise OSError(28, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(writer, "stage", full_disk)
    result = build(project_copy, shacl=False)
    with pytest.raises(OSError, match="No space left"):
        writer.write_build(result.dataset, result.facts, project_copy, out)
    after = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}
    assert after == before  # byte-identical, and no temporary file left behind


def test_a_build_killed_between_renames_is_detected(project_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    _built(project_copy, out)
    open_dataset(out / "ecosystem.trig")  # consistent: opens
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (out / "ecosystem.trig").write_bytes((out / "ecosystem.trig").read_bytes() + b"\n")  # new TriG, old manifest
    assert manifest["outputs"]["ecosystem.trig"]
    with pytest.raises(BuildMissing, match="a build was interrupted"):
        open_dataset(out / "ecosystem.trig")
    os.remove(out / "manifest.json")  # a TriG without a manifest is a file of one's own: it opens
    open_dataset(out / "ecosystem.trig")
