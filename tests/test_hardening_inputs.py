"""Issue 17, inputs: hostile or broken YAML and source texts give file:line errors, quickly.

Each case reproduces a failure of the earlier loader (a file outside the workspace published into
the graph, an alias bomb running to a MemoryError, ``!!python`` tags accepted or crashing, NUL
and lone surrogates reaching the writers, a BOM shifting every offset) on a scratch copy of the
project, and checks the error names the file and the line.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ecokg.dataset.pipeline import load_inputs
from ecokg.inputs.errors import InputErrors
from ecokg.inputs.sources import load_registry

REGISTRY = "data/sources/sources.yaml"
FACTS = "data/facts/2019-05-haishu-246-clusters.yaml"
SID = "2019-05-haishu-246-clusters"


def _errors(root: Path) -> list[str]:
    with pytest.raises(InputErrors) as exc:
        load_inputs(root)
    return [str(e) for e in exc.value.errors]


def _replace(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the first ``old`` in ``rel`` by ``new``; return the 1-based line where it was."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


@pytest.mark.parametrize("target", ["../../../../../../../../etc/passwd", "/etc/passwd"])
def test_source_file_outside_the_workspace_is_refused(project_copy: Path, target: str) -> None:
    line = _replace(project_copy, REGISTRY, f"file: {SID}.txt", f"file: {target}")
    errs = _errors(project_copy)
    assert f"{REGISTRY}:{line}: source file {target!r} is outside sources/" in errs


def test_source_file_behind_a_symlink_out_is_refused(project_copy: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("作为我市核心区之一，海曙", encoding="utf-8")
    (project_copy / "data/sources/link.txt").symlink_to(outside)
    line = _replace(project_copy, REGISTRY, f"file: {SID}.txt", "file: link.txt")
    assert f"{REGISTRY}:{line}: source file 'link.txt' is outside sources/" in _errors(project_copy)


def test_alias_bomb_is_refused_at_once(project_copy: Path) -> None:
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
    )
    (project_copy / FACTS).write_text(f"source: {SID}\n" + bomb, encoding="utf-8")
    started = time.perf_counter()
    errs = _errors(project_copy)
    assert time.perf_counter() - started < 5  # the old loader ran ~55 s to a MemoryError
    assert any(e.startswith(f"{FACTS}:") and "more than 100 aliases" in e for e in errs)


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        (FACTS, "label: ", "label: !!python/name:os.system "),
        (FACTS, "label: ", "label: !!python/str "),
        (REGISTRY, "language: zh", "language: !!python/object/apply:os.system [echo]"),
        ("data/entities.yaml", 'label: "机器换人"', "label: !!python/object/apply:os.system [echo]"),
    ],
)
def test_python_tags_are_refused(project_copy: Path, rel: str, old: str, new: str) -> None:
    line = _replace(project_copy, rel, old, new)
    errs = _errors(project_copy)
    assert any(e.startswith(f"{rel}:{line}: tag '!!python/") and "is not allowed" in e for e in errs), errs


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"测试\\0公司"', "control character or lone surrogate U+0000 in a value"),
        ('"测试\\ud800公司"', "control character or lone surrogate U+D800 in a value"),
        ("测试\x00公司", "character U+0000 is not allowed in YAML"),
    ],
)
def test_nul_and_lone_surrogates_are_refused(project_copy: Path, value: str, message: str) -> None:
    path = project_copy / FACTS
    text = path.read_text(encoding="utf-8")
    at = text.index("label: ")
    line = text.count("\n", 0, at) + 1
    end = text.index("\n", at)
    path.write_text(text[:at] + "label: " + value + text[end:], encoding="utf-8")
    assert f"{FACTS}:{line}: {message}" in _errors(project_copy)


def test_deep_nesting_is_refused_without_recursion_error(project_copy: Path) -> None:
    (project_copy / FACTS).write_text(f"source: {SID}\nnotes: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert f"{FACTS}:2: nested more than 100 levels deep" in _errors(project_copy)


def test_source_id_with_a_trailing_newline_is_refused(project_copy: Path) -> None:
    line = _replace(project_copy, REGISTRY, f"id: {SID}", f'id: "{SID}\\n"')
    assert any(e.startswith(f"{REGISTRY}:{line}: source id") for e in _errors(project_copy))


def test_non_string_source_field_is_an_error_not_a_traceback(project_copy: Path) -> None:
    line = _replace(project_copy, REGISTRY, f"file: {SID}.txt", "file: [a, b]")
    assert f"{REGISTRY}:{line}: file must be a single string" in _errors(project_copy)


def test_a_bom_does_not_shift_offsets(project_copy: Path) -> None:
    sources = project_copy / "data/sources"
    before = load_registry(sources)[SID].text.find("作为我市核心区之一")
    path = sources / f"{SID}.txt"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    after = load_registry(sources)[SID].text.find("作为我市核心区之一")
    assert before is not None and after == before
