"""The package's layout holds: imports flow one way through the stages; every module says its job and
stays small.

Stages, in data-flow order (a stage may import from itself and from earlier stages only; the stages
of one brace set are peers and do not import each other)::

    top-level modules (ecokg/*.py) -> inputs -> dataset -> io -> query -> {serve, network}
        -> {explore, scale, ingest} -> cli

``cli`` may import everything; ``ecokg/__main__.py`` is the ``python -m ecokg`` entry point and runs
``ecokg.cli``; ``ecokg/__init__.py`` may expose the API lazily (imports inside functions). Imports
inside functions count like any other (the code imports lazily to start quickly).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "graph" / "ecokg"
TOP = "(top-level)"
RANK = {TOP: 0, "inputs": 1, "dataset": 2, "io": 3, "query": 4, "serve": 5, "network": 5,
        "explore": 6, "scale": 6, "ingest": 6, "cli": 7}  # fmt: skip
MAX_LINES = 400

# Today's offenders, being split or documented by other work on issue 12. This list only shrinks:
# the test fails for a module listed here that no longer offends, so delete its line then.
TOO_LONG: set[str] = set()
# Imports against the order today (file: imported module); the same rule: delete a line once it is fixed.
BACKWARD: set[str] = set()
NO_DOCSTRING: set[str] = set()


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def stage_of(relpath: str) -> str:
    """``query/store.py`` -> ``query``; ``__init__.py`` -> the top level."""
    head, sep, _ = relpath.partition("/")
    return head if sep else TOP


def module_name(relpath: str) -> str:
    parts = ["ecokg", *relpath.removesuffix(".py").split("/")]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    """Whether the dotted ``ecokg.…`` name is a module or package of the source tree."""
    parts = name.split(".")
    if parts[0] != "ecokg":
        return False
    path = PACKAGE.joinpath(*parts[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(relpath: str, text: str) -> list[tuple[int, str, bool]]:
    """``(line, absolute module name, inside a function)`` of every ``ecokg`` import in the module
    ``relpath`` (``from X import name`` also yields ``X.name`` when that is a module)."""
    tree = ast.parse(text)
    name = module_name(relpath)
    package = name if relpath.endswith("__init__.py") else name.rpartition(".")[0]
    found: list[tuple[int, str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((child.lineno, a.name, inside) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                found.append((child.lineno, target, inside))
                found.extend(
                    (child.lineno, f"{target}.{a.name}", inside)
                    for a in child.names
                    if _is_module(f"{target}.{a.name}")
                )
            visit(child, inside)

    visit(tree, False)
    return [(line, name, inside) for line, name, inside in found if name == "ecokg" or name.startswith("ecokg.")]


def target_stage(name: str) -> str | None:
    """The stage an ``ecokg.…`` name belongs to (None for ``X.name`` that is not a module or stage)."""
    parts = name.split(".")
    if len(parts) == 1:
        return TOP
    if parts[1] in RANK:
        return parts[1]
    if (PACKAGE / f"{parts[1]}.py").is_file():
        return TOP
    return None  # a name imported from the top-level package, e.g. ``from ecokg import build``


def violations(relpath: str, text: str) -> list[str]:
    """``file:line: ...`` for each import of the module ``relpath`` (source ``text``) against the order."""
    source = stage_of(relpath)
    out = []
    for line, name, inside in imported_modules(relpath, text):
        target = target_stage(name)
        if target is None or target == source or source == "cli":
            continue
        if relpath == "__main__.py" and target == "cli":
            continue  # the entry point
        if relpath == "__init__.py" and inside:
            continue  # the lazily exposed API
        if RANK[target] >= RANK[source]:
            kind = "a peer" if RANK[target] == RANK[source] else "a later stage"
            out.append(f"{relpath}:{line}: {source} imports {name} ({kind}: {target})")
    return out


def _key(violation: str) -> str:
    """``inputs/records.py:16: inputs imports ecokg.inputs.ontology (...)`` -> ``inputs/records.py: ecokg.inputs.ontology``."""
    where, _, rest = violation.partition(": ")
    return f"{where.rsplit(':', 1)[0]}: {rest.split(' imports ')[1].split(' (')[0]}"


@pytest.mark.parametrize("path", modules(), ids=rel)
def test_imports_flow_one_way(path: Path) -> None:
    assert stage_of(rel(path)) in RANK, f"{rel(path)}: not in a known stage ({', '.join(RANK)})"
    found = violations(rel(path), path.read_text(encoding="utf-8"))
    assert [v for v in found if _key(v) not in BACKWARD] == []
    allowed = {b for b in BACKWARD if b.startswith(f"{rel(path)}: ")}
    assert allowed <= {_key(v) for v in found}, f"fixed: delete {allowed - {_key(v) for v in found}} from BACKWARD"


def test_the_checker_sees_lazy_relative_and_from_imports() -> None:
    """The checker itself, on modules written to break each rule once."""
    dataset = (
        '"""Probe."""\n'
        "from ecokg.inputs import records\n"  # an earlier stage: fine
        "from ..query import store\n"  # a later stage, relative
        "import ecokg.cli.main\n"  # a later stage
        "def f():\n"
        "    from ecokg.network.centrality import centrality\n"  # a later stage, inside a function
        "    from . import build\n"  # the same stage
    )
    assert violations("dataset/probe.py", dataset) == [
        "dataset/probe.py:3: dataset imports ecokg.query (a later stage: query)",
        "dataset/probe.py:3: dataset imports ecokg.query.store (a later stage: query)",
        "dataset/probe.py:4: dataset imports ecokg.cli.main (a later stage: cli)",
        "dataset/probe.py:6: dataset imports ecokg.network.centrality (a later stage: network)",
    ]
    peer = "def f():\n    from ecokg.network import centrality\n    import ecokg.query.store\n"
    assert violations("serve/probe.py", peer) == [
        "serve/probe.py:2: serve imports ecokg.network (a peer: network)",
        "serve/probe.py:2: serve imports ecokg.network.centrality (a peer: network)",
    ]
    lazy_api = "def __getattr__(name):\n    from ecokg.cli import main\n"
    assert violations("__init__.py", lazy_api) == []
    assert violations("__init__.py", "from ecokg.query import store\n") == [
        "__init__.py:1: (top-level) imports ecokg.query (a later stage: query)",
        "__init__.py:1: (top-level) imports ecokg.query.store (a later stage: query)",
    ]
    assert _key("inputs/records.py:16: inputs imports ecokg.inputs.ontology (a later stage: dataset)") == (
        "inputs/records.py: ecokg.inputs.ontology"
    )
    assert violations("cli/x.py", "from ecokg.explore import explorer\n") == []


@pytest.mark.parametrize("path", modules(), ids=rel)
def test_module_has_a_docstring(path: Path) -> None:
    has = bool(ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))))
    if rel(path) in NO_DOCSTRING:
        assert not has, f"{rel(path)} has a docstring now: delete it from NO_DOCSTRING"
    else:
        assert has, f"{rel(path)}: the module docstring should say the module's job"


@pytest.mark.parametrize("path", modules(), ids=rel)
def test_module_is_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if rel(path) in TOO_LONG:
        assert lines > MAX_LINES, f"{rel(path)} has {lines} lines now: delete it from TOO_LONG"
    else:
        assert lines <= MAX_LINES, f"{rel(path)}: {lines} lines; split it (one job per module)"


def test_allow_lists_name_existing_modules() -> None:
    names = {rel(p) for p in modules()}
    assert names >= TOO_LONG and names >= NO_DOCSTRING


@pytest.mark.parametrize("path", modules(), ids=rel)
def test_every_type_ignore_says_why(path: Path) -> None:
    """A ``# type: ignore[code]`` carries its reason after it (mypy's warn_unused_ignores finds stale ones)."""
    bare = [
        f"{rel(path)}:{n}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "# type: ignore" in line and not re.search(r"# type: ignore\[[a-z,-]+\]  # \S", line)
    ]
    assert bare == []
