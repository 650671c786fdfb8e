"""The README's commands work as written, on a fresh copy of the workspace.

Every ``ecokg …`` line in a README code block (fenced, or indented by four spaces) and every
``python`` block is either run here, in the order the README gives, in a scratch copy of the checkout's
workspace, with the virtualenv's ``bin`` first on ``PATH`` (what ``source .venv/bin/activate`` does), or
listed in :data:`NOT_RUN` with the reason and the test that covers it instead. A command passes when it
exits 0, prints no traceback, and writes nothing outside ``build/`` (the README's examples must not drop
files in the checkout or overwrite the explorer). A new README line that is neither run nor listed fails
the test, so the README and this list cannot drift apart.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHECKOUT

README = CHECKOUT.root / "README.md"
BIN = Path(sys.executable).parent
#: What ``make`` runs before a reader types the README's commands (the Makefile's ``build`` target).
MAKE_BUILD = ("ecokg build", "ecokg analyze", "ecokg render")
#: README command lines (by their start) not run here, each with why and where it is tested instead.
NOT_RUN = {
    "ecokg serve": "starts a server that runs until stopped (tests/test_endpoint.py drives it)",
    "ecokg push  --endpoint http://HOST": "needs the reader's store at HOST (tests/test_remote*.py push to a real Oxigraph)",
    "ecokg query --endpoint http://HOST": "needs the reader's store at HOST (tests/test_remote*.py)",
    "ecokg ingest article.txt": "needs the reader's article (tests/test_ingest*.py run the same on fixtures)",
    "ecokg review": "interactive, after `ecokg ingest` (tests/test_ingest_review.py drives it in a pty)",
    "ecokg accept": "after `ecokg review` (tests/test_ingest*.py)",
}
_COMMENT = re.compile(r"\s+#\s.*$")


def readme_blocks(text: str) -> list[tuple[str, list[str]]]:
    """The README's code blocks in order, as ``(kind, lines)``; kind is the fence's language, or
    ``"indented"`` for a block indented by four spaces.

    >>> readme_blocks("Run:\\n\\n    ecokg build\\n\\n```python\\nimport ecokg\\n```\\n")
    [('indented', ['ecokg build']), ('python', ['import ecokg'])]
    """
    blocks: list[tuple[str, list[str]]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            kind, body = line[3:].strip() or "text", []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            blocks.append((kind, body))
        elif line.startswith("    ") and (i == 0 or not lines[i - 1].strip()):
            body = []
            while i < len(lines) and lines[i].startswith("    "):
                body.append(lines[i][4:])
                i += 1
            blocks.append(("indented", body))
            continue
        i += 1
    return blocks


def readme_commands(text: str) -> list[tuple[str, str]]:
    """The README's runnable shell: ``("script", text)`` for a fenced ``sh`` block (run whole, so its
    ``cd`` holds), ``("line", command)`` for each ``ecokg`` line of an indented block, comments removed.
    The block of ``make`` commands is what the fixture and the suite themselves run, so it is left out.

    >>> readme_commands("    ecokg queries            # the named queries\\n    neo4j-admin import\\n")
    [('line', 'ecokg queries')]
    """
    out: list[tuple[str, str]] = []
    for kind, body in readme_blocks(text):
        if kind in ("sh", "bash") and not any(line.startswith("make") for line in body):
            out.append(("script", "\n".join(body)))
        elif kind == "indented":
            out += [("line", _COMMENT.sub("", line).strip()) for line in body if line.startswith("ecokg ")]
    return out


def _reason(command: str) -> str | None:
    return next((why for start, why in NOT_RUN.items() if command.startswith(start)), None)


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file outside ``build/`` under ``root``: its size and modification time."""
    seen = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if path.is_file() and rel.parts[0] not in ("build", ".cache") and "__pycache__" not in rel.parts:
            st = path.stat()
            seen[str(rel)] = (st.st_size, st.st_mtime_ns)
    return seen


def _run(command: str, cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the README's own commands
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A scratch copy of the checkout's workspace, after what ``make`` runs, and the reader's environment."""
    if not (BIN / "ecokg").is_file():
        pytest.fail(f"no `ecokg` entry point in {BIN}: the tests run from the virtualenv `make` creates")
    root = tmp_path_factory.mktemp("readme")
    for part in ("ecokg.toml", "data", "ontology", "queries", "docs", "README.md"):
        src = CHECKOUT.root / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / part)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECOKG_")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", HOME=str(root / "home"), COLUMNS="120")
    (root / "home").mkdir()
    for command in MAKE_BUILD:
        done = _run(command, root, env)
        assert done.returncode == 0, f"`{command}` (what make runs) failed:\n{done.stderr}"
    return root, env


def test_every_excuse_names_a_readme_line() -> None:
    commands = [c for kind, c in readme_commands(README.read_text(encoding="utf-8")) if kind == "line"]
    assert len(commands) >= 20, "the README's command lines were not found"
    unused = [start for start in NOT_RUN if not any(c.startswith(start) for c in commands)]
    assert not unused, f"NOT_RUN names lines the README no longer has: {unused}"


def test_readme_commands_work_as_written(workspace: tuple[Path, dict[str, str]]) -> None:
    root, env = workspace
    failures = []
    ran = 0
    for kind, command in readme_commands(README.read_text(encoding="utf-8")):
        if kind == "line" and _reason(command):
            continue
        before = _snapshot(root)
        done = _run(("set -e\n" if kind == "script" else "") + command, root, env)
        ran += 1
        after = _snapshot(root)
        written = sorted(k for k in after if before.get(k) != after[k] and not k.startswith("home/"))
        if done.returncode != 0 or "Traceback" in done.stderr or written:
            failures.append(
                f"$ {command}\n  exit {done.returncode}; wrote outside build/: {written}\n{done.stderr[-800:]}"
            )
    assert ran >= 18
    assert not failures, "\n".join(failures)


def test_readme_python_examples_run(workspace: tuple[Path, dict[str, str]]) -> None:
    root, env = workspace
    blocks = [body for kind, body in readme_blocks(README.read_text(encoding="utf-8")) if kind == "python"]
    assert len(blocks) >= 2
    for body in blocks:
        before = _snapshot(root)
        done = subprocess.run(  # noqa: S603 - the README's own example
            [str(BIN / "python"), "-c", "\n".join(body)], cwd=root, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"README example failed:\n{chr(10).join(body)}\n{done.stderr[-1500:]}"
        assert done.stdout.strip() or "print(" not in "\n".join(body)
        assert _snapshot(root) == before
