"""Opening a built graph for querying: Oxigraph-backed rdflib Dataset by default.

rdflib's memory store answers named-graph queries 100-1000x slower than Oxigraph
(oxrdflib); it stays selectable with ``store="memory"``.

The default graph is the build's asserted graph (:mod:`ecokg.dataset.asserted`): every fact once,
whatever number of articles state it; ``GRAPH ?g`` reads the named graphs (one per article).
No store here is asked for a union of the named graphs, which would repeat a fact per article.

When ``analysis.trig`` (written by ``ecokg analyze``) lies next to ``ecosystem.trig`` and was
computed from this very file (its first line records the file's SHA-256), it is loaded too: its
named graph ``ekgg:analysis`` and the same triples in its default graph, so queries can rank by
the scores; a stale one is skipped with a warning.
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

from rdflib import Dataset

from ecokg.dataset.build import bind_prefixes
from ecokg.project import Project

STORES = ("oxigraph", "memory")
ANALYSIS_FILE = "analysis.trig"
#: First line of analysis.trig, followed by the SHA-256 of the ecosystem.trig it analysed.
ANALYSIS_HEADER = "# ecokg analysis of ecosystem.trig sha256="


class BuildMissing(FileNotFoundError):
    """The build output a command needs is not there yet."""


def open_dataset(
    path: str | Path | None = None, store: str = "oxigraph", project: Project | str | Path | None = None
) -> Dataset:
    """Load ``path`` (a str or Path; default: the workspace's ``build/ecosystem.trig``) into a
    Dataset whose default graph is the asserted graph (each fact once).

    >>> open_dataset("no/such/ecosystem.trig")
    Traceback (most recent call last):
    ...
    ecokg.query.store.BuildMissing: no/such/ecosystem.trig not found: run `ecokg build` first
    """
    path = Path(path) if path is not None else Project.of(project).build_dir / "ecosystem.trig"
    if not path.is_file():
        raise BuildMissing(f"{path} not found: run `ecokg build` first")
    _check_against_manifest(path)
    if store == "oxigraph":
        ds = Dataset(store="Oxigraph")
        ds.parse(path, format="ox-trig")
    elif store == "memory":
        ds = Dataset()
        ds.parse(path, format="trig")
    else:
        raise ValueError(f"unknown store {store!r} (choose from {', '.join(STORES)})")
    analysis = fresh_analysis(path, stacklevel=3)
    if analysis is not None:
        ds.parse(analysis, format="ox-trig" if store == "oxigraph" else "trig")
    bind_prefixes(ds)
    return ds


def _check_against_manifest(path: Path) -> None:
    """A build's TriG must be the one its manifest lists (else a build was killed between renames)."""
    import hashlib
    import json

    manifest = path.with_name("manifest.json")
    if path.name != "ecosystem.trig" or not manifest.is_file():
        return  # a TriG of one's own, or a build from before manifests listed their outputs
    try:
        want = json.loads(manifest.read_text(encoding="utf-8"))["outputs"][path.name]
    except (OSError, ValueError, KeyError, TypeError):
        return
    if hashlib.sha256(path.read_bytes()).hexdigest() != want:
        raise BuildMissing(
            f"{path} is not the one {manifest.name} lists (a build was interrupted or the file was edited): "
            "run `ecokg build` again"
        )


def build_files(path: Path, stacklevel: int = 2) -> tuple[Path, ...]:
    """What a store loads for the build ``path``: the file, then its fresh ``analysis.trig`` if any
    (``ecokg query``, ``ecokg serve`` and ``ecokg push`` load the same)."""
    analysis = fresh_analysis(path, stacklevel=stacklevel + 1)
    return (path,) if analysis is None else (path, analysis)


def fresh_analysis(path: Path, stacklevel: int = 2) -> Path | None:
    """``analysis.trig`` next to ``path`` if it was computed from this very file (else None, with a
    warning when a stale one lies there)."""
    analysis = path.parent / ANALYSIS_FILE
    if not analysis.is_file():
        return None
    with analysis.open("rb") as fh:
        first = fh.readline().decode("utf-8", "replace").strip()
    if first == ANALYSIS_HEADER + hashlib.sha256(path.read_bytes()).hexdigest():
        return analysis
    warnings.warn(
        f"{analysis} was computed from another {path.name}; not loaded (run `ecokg analyze`)", stacklevel=stacklevel
    )
    return None
