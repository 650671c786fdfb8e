"""The project workspace: where a corpus, its build and its resources live.

A workspace is a directory with a marker file ``ecokg.toml`` at its root (as a git repository
has ``.git``); it holds

* ``data/`` -- ``sources/`` (``sources.yaml`` and the article texts), ``facts/``,
  ``entities.yaml``, ``candidates/`` and ``mappings/``;
* ``ontology/`` -- ``ecokg.ttl`` and ``shapes.ttl``, *optional*;
* ``queries/`` -- the named SPARQL queries, *optional*;
* ``build/`` -- what ``ecokg build`` writes.

Each resource is the workspace's own copy when it has one, otherwise the copy shipped with the
package: the ontology, the shapes, the named queries (a workspace's ``queries/`` directory
replaces the whole library) and the company-registry mapping.

:meth:`Project.find` looks for the workspace like git looks for its repository: from a
directory (default: the current one) upwards, unless ``ECOKG_PROJECT`` names it.

>>> import tempfile
>>> from ecokg.workspace_init import init_workspace
>>> with tempfile.TemporaryDirectory() as tmp:
...     ws = init_workspace(Path(tmp) / "corpus", name="demo")
...     (Path(tmp) / "corpus" / "data" / "facts" / "drafts").mkdir()
...     found = Project.find(Path(tmp) / "corpus" / "data" / "facts" / "drafts", environ={})
...     (found.name, found.root == ws.root, found.build_dir.relative_to(found.root).as_posix())
...     (found.own_ontology, found.ontology_file == package_path("ontology", "ecokg.ttl"))
('demo', True, 'build')
(False, True)

This module is the earliest stage of the package and imports nothing from ``ecokg``.
"""

from __future__ import annotations

import importlib.resources
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: The file that marks a workspace's root.
MARKER = "ecokg.toml"
#: The environment variable naming the workspace (like ``GIT_DIR``).
ENV_VAR = "ECOKG_PROJECT"
#: Keys ``ecokg.toml`` may hold.
CONFIG_KEYS = frozenset({"name"})

# Where each shipped resource lives: in an installed wheel under ``ecokg/resources/`` (package
# data, see pyproject.toml), in a source checkout (editable install or PYTHONPATH=graph) at
# the checkout's top level -- the one copy in the source tree.
_SHIPPED = {"ontology": "ontology", "queries": "queries", "mappings": "data/mappings"}


class ProjectError(Exception):
    """No usable workspace: the message says where ecokg looked and what to do."""


def package_path(resource: str, *parts: str) -> Path:
    """The package's own copy of a shipped resource (``ontology``, ``queries``, ``mappings``).

    >>> package_path("ontology", "shapes.ttl").name
    'shapes.ttl'
    >>> package_path("queries").is_dir()
    True
    """
    if resource not in _SHIPPED:
        raise ValueError(f"unknown resource {resource!r} (one of {', '.join(_SHIPPED)})")
    pkg = Path(str(importlib.resources.files("ecokg")))
    shipped = pkg / "resources" / resource
    if not shipped.is_dir():  # a source checkout: graph/ecokg -> the checkout's top level
        shipped = pkg.parents[1] / _SHIPPED[resource]
    return shipped.joinpath(*parts)


@dataclass(frozen=True)
class Project:
    """One workspace (see the module docstring); ``root`` is absolute."""

    root: Path
    name: str

    # ------------------------------------------------------------------------------- finding

    @classmethod
    def open(cls, root: str | Path) -> Project:
        """The workspace whose root is ``root`` (it must hold ``ecokg.toml``)."""
        root = Path(root).expanduser().resolve()
        marker = root / MARKER
        if not marker.is_file():
            what = "does not exist" if not root.exists() else f"has no {MARKER}"
            raise ProjectError(f"{root} is not an ecokg workspace ({what}); create one with `ecokg init {root}`")
        return cls(root, _read_config(marker).get("name") or root.name)

    @classmethod
    def find(cls, start: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Project:
        """The workspace named by ``ECOKG_PROJECT``, else the first directory from ``start``
        (default: the current directory) upwards that holds ``ecokg.toml``."""
        environ = os.environ if environ is None else environ
        if environ.get(ENV_VAR):
            try:
                return cls.open(environ[ENV_VAR])
            except ProjectError as exc:
                raise ProjectError(f"{ENV_VAR}: {exc}") from None
        here = Path(start or Path.cwd()).expanduser().resolve()
        for d in (here, *here.parents):
            if (d / MARKER).is_file():
                return cls.open(d)
        raise ProjectError(
            f"no ecokg workspace in {here} or any directory above it (looked for {MARKER}); "
            f"create one with `ecokg init DIR`, or name one with --project DIR or {ENV_VAR}"
        )

    @classmethod
    def of(cls, project: Project | str | Path | None = None) -> Project:
        """What API functions accept: a Project, a workspace root, or None (:meth:`find`)."""
        if isinstance(project, Project):
            return project
        return cls.find() if project is None else cls.open(project)

    # ------------------------------------------------------------------------------ the data

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def sources_dir(self) -> Path:
        return self.data_dir / "sources"

    @property
    def registry_file(self) -> Path:
        """``data/sources/sources.yaml``, the source registry."""
        return self.sources_dir / "sources.yaml"

    @property
    def facts_dir(self) -> Path:
        return self.data_dir / "facts"

    @property
    def entities_file(self) -> Path:
        return self.data_dir / "entities.yaml"

    @property
    def candidates_dir(self) -> Path:
        return self.data_dir / "candidates"

    @property
    def mappings_dir(self) -> Path:
        return self.data_dir / "mappings"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    # --------------------------------------------------- resources: own copy, else the package's

    @property
    def own_ontology(self) -> bool:
        """True when the workspace has its own ``ontology/ecokg.ttl``."""
        return (self.root / "ontology" / "ecokg.ttl").is_file()

    @property
    def ontology_file(self) -> Path:
        return self._own_or_shipped(self.root / "ontology" / "ecokg.ttl", "ontology", "ecokg.ttl")

    @property
    def shapes_file(self) -> Path:
        return self._own_or_shipped(self.root / "ontology" / "shapes.ttl", "ontology", "shapes.ttl")

    @property
    def queries_dir(self) -> Path:
        """The workspace's ``queries/`` if it has one (it replaces the library), else the package's."""
        own = self.root / "queries"
        return own if own.is_dir() else package_path("queries")

    @property
    def registry_mapping(self) -> Path:
        """The company-registry mapping ``ecokg import-registry`` uses by default."""
        return self._own_or_shipped(self.mappings_dir / "company-registry.yaml", "mappings", "company-registry.yaml")

    @staticmethod
    def _own_or_shipped(own: Path, resource: str, name: str) -> Path:
        return own if own.is_file() else package_path(resource, name)

    def copy_inputs(self, dest: Path) -> Project:
        """A scratch workspace at ``dest`` with this one's inputs (marker, data/, its own ontology/ and
        queries/ if it has them), to try a change on before anything real is touched."""
        import shutil

        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.root / MARKER, dest / MARKER)
        for part in ("data", "ontology", "queries"):
            if (self.root / part).is_dir():
                shutil.copytree(self.root / part, dest / part, dirs_exist_ok=True)
        return Project.open(dest)

    def display(self, path: Path) -> str:
        """How reports and the manifest name ``path``: relative to the root, or ``package:...``."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            pass
        for resource in _SHIPPED:
            try:
                return f"package:{resource}/{path.resolve().relative_to(package_path(resource).resolve()).as_posix()}"
            except ValueError:
                continue
        return str(path)


def _read_config(marker: Path) -> dict[str, str]:
    """Read ``ecokg.toml``; errors name the file and line."""
    try:
        data = tomllib.loads(marker.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProjectError(f"{marker}: {exc}") from None
    unknown = sorted(set(data) - CONFIG_KEYS)
    if unknown:
        raise ProjectError(f"{marker}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(CONFIG_KEYS))})")
    if "name" in data and not isinstance(data["name"], str):
        raise ProjectError(f"{marker}: name must be a string")
    return data
