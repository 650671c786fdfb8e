"""Shared fixtures: the real graph, built once per test session into a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecokg.dataset.pipeline import build
from ecokg.io.writer import write_build
from ecokg.project import MARKER, Project
from ecokg.query.store import open_dataset

#: This checkout, the Ningbo corpus's workspace (found from the tests' own directory).
CHECKOUT = Project.find(Path(__file__).parent, environ={})


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh build of the real inputs (SHACL-validated), written to a temporary directory."""
    out = tmp_path_factory.mktemp("build")
    result = build(CHECKOUT, shacl=True)
    assert not result.violations, "\n".join(map(str, result.violations))
    write_build(result.dataset, result.facts, CHECKOUT, out)
    return out


@pytest.fixture(scope="session")
def built(build_dir: Path):
    """The built graph loaded into the default (Oxigraph) store, default graph = union."""
    return open_dataset(build_dir / "ecosystem.trig")


@pytest.fixture(scope="session")
def analyzed(build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session build (TriG and manifest) with ``ecokg analyze``'s outputs beside it."""
    import shutil

    from ecokg.cli.main import main

    out = tmp_path_factory.mktemp("analyzed")
    for name in ("ecosystem.trig", "manifest.json"):
        shutil.copy(build_dir / name, out / name)
    assert main(["analyze", "--build", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def facts():
    from ecokg.dataset.pipeline import load_inputs

    return load_inputs(CHECKOUT)


@pytest.fixture()
def project_copy(tmp_path: Path) -> Path:
    """A scratch workspace: a copy of the checkout's marker and inputs (sources, facts, ontology)
    to break on purpose."""
    import shutil

    for part in ("data", "ontology"):
        shutil.copytree(CHECKOUT.root / part, tmp_path / part)
    shutil.copyfile(CHECKOUT.root / MARKER, tmp_path / MARKER)
    return tmp_path
