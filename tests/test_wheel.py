"""The built wheel works anywhere: installed into a fresh virtualenv, away from the checkout,
``ecokg init`` / ``build`` / ``query`` / ``render`` run on a new one-article workspace with the
ontology, shapes and queries shipped as package data; an editable install reads them from the
source tree's top-level directories.

The fresh venv (``python -m venv --without-pip``) gets the wheel installed by this interpreter's
pip (``pip --python``) and reaches the dependencies through one ``.pth`` line naming this
interpreter's site-packages: a directory listed in a ``.pth`` file is not itself scanned for
``.pth`` files, so the checkout's editable install (a ``.pth`` there) stays out.  The test
asserts that: ``ecokg`` imports from the venv and no checkout directory is on ``sys.path``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import CHECKOUT
from tiny_corpus import COMPANY, add_article

pytestmark = pytest.mark.slow

# What the wheel is built from (copied, so the build writes nothing into the checkout).
SOURCES = ("pyproject.toml", "README.md", "graph/ecokg", "ontology", "queries", "data/mappings")


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert r.returncode == 0, f"{cmd} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}"
    return r


def _pip(*args: str) -> None:
    cmd = [sys.executable, "-m", "pip", *args]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:  # no index to fetch the build backend from: use the installed setuptools
        _run([*cmd, "--no-build-isolation"])


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the package is built from."""
    src = tmp_path_factory.mktemp("src")
    for part in SOURCES:
        if (CHECKOUT.root / part).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(CHECKOUT.root / part, src / part, ignore=ignore)
        else:
            shutil.copyfile(CHECKOUT.root / part, src / part)
    return src


@pytest.fixture(scope="module")
def wheel(src: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    _pip("wheel", "-q", "--no-deps", "-w", str(dist), str(src))
    (whl,) = dist.glob("ecokg-*.whl")
    return whl


def _venv(where: Path) -> tuple[Path, Path]:
    """A fresh venv whose dependencies are this interpreter's; returns (python, site-packages)."""
    _run([sys.executable, "-m", "venv", "--without-pip", str(where)])
    py = where / "bin" / "python"
    purelib = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    deps = Path(sysconfig.get_path("purelib"))
    assert (deps / "rdflib").is_dir()
    (purelib / "_ecokg_test_deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    return py, purelib


ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ECOKG_PROJECT", "PYTHONHOME")}
PROBE = "import ecokg, json, sys; print(json.dumps([ecokg.__file__, sys.path]))"


def test_wheel_holds_every_module_and_the_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(CHECKOUT.root / "graph").as_posix() for p in (CHECKOUT.root / "graph/ecokg").rglob("*.py")}
    assert modules - names == set(), "packages missing from pyproject.toml's [tool.setuptools] packages"
    shipped = {
        **{f"ecokg/resources/ontology/{f}": CHECKOUT.root / "ontology" / f for f in ("ecokg.ttl", "shapes.ttl")},
        **{f"ecokg/resources/queries/{p.name}": p for p in (CHECKOUT.root / "queries").glob("*.rq")},
        "ecokg/resources/mappings/company-registry.yaml": CHECKOUT.root / "data/mappings/company-registry.yaml",
        **{f"ecokg/serve/static/{p.name}": p for p in (CHECKOUT.root / "graph/ecokg/serve/static").iterdir()},
    }
    assert set(shipped) <= names
    with zipfile.ZipFile(wheel) as z:
        assert all(z.read(name) == path.read_bytes() for name, path in shipped.items())


def test_installed_wheel_runs_a_new_workspace(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    py, purelib = _venv(venv)
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index", str(wheel)])

    env = ENV
    work = tmp_path / "work"
    work.mkdir()
    where, path = json.loads(_run([str(py), "-c", PROBE], cwd=work, env=env).stdout)
    assert Path(where).is_relative_to(purelib), where  # the wheel's copy, not the checkout's
    checkouts = {str(CHECKOUT.root), str(CHECKOUT.root / "graph")}
    assert not checkouts & {str(Path(p).resolve()) for p in path if p}

    ecokg = str(venv / "bin" / "ecokg")
    _run([ecokg, "init", "corpus"], cwd=work, env=env)
    ws = work / "corpus"
    add_article(ws)
    built = _run([ecokg, "build"], cwd=ws / "data", env=env)  # found from a subdirectory
    assert "2 entities, 1 relations" in built.stdout
    man = json.loads((ws / "build" / "manifest.json").read_text(encoding="utf-8"))
    assert {"package:ontology/ecokg.ttl", "package:ontology/shapes.ttl"} <= set(man["inputs"])
    q = _run([ecokg, "query", "orgs-in-area", "-p", "area=ekg:jiangbei_demo", "-f", "csv"], cwd=ws, env=env)
    assert q.stdout.splitlines() == [
        "typeLabel,org,label,place,placeLabel",
        f"企业,yongjiang_demo_equipment,{COMPANY},jiangbei_demo,江北区",
    ]
    page = work / "explorer.html"
    _run([ecokg, "--project", str(ws), "render", "-o", str(page)], cwd=work, env=env)
    html = page.read_text(encoding="utf-8")
    assert COMPANY in html and "江北区" in html


def test_editable_install_reads_the_source_tree(src: Path, tmp_path: Path) -> None:
    """`pip install -e .`: the resources are the source tree's top-level directories."""
    venv = tmp_path / "venv"
    py, _purelib = _venv(venv)
    _pip("--python", str(py), "install", "-q", "--no-deps", "-e", str(src))
    where, _path = json.loads(_run([str(py), "-c", PROBE], cwd=tmp_path, env=ENV).stdout)
    assert Path(where) == src / "graph" / "ecokg" / "__init__.py"
    probe = (
        "from ecokg.project import package_path as p; print(p('ontology', 'shapes.ttl'), p('queries'), p('mappings'))"
    )
    out = _run([str(py), "-c", probe], cwd=tmp_path, env=ENV).stdout.split()
    assert out == [str(src / "ontology" / "shapes.ttl"), str(src / "queries"), str(src / "data" / "mappings")]
    ecokg = str(venv / "bin" / "ecokg")
    _run([ecokg, "init", "corpus"], cwd=tmp_path, env=ENV)
    add_article(tmp_path / "corpus")
    assert "valid: 1 sources, 2 entities" in _run([ecokg, "validate"], cwd=tmp_path / "corpus", env=ENV).stdout
