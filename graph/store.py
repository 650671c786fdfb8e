"""Opening a built graph for querying: Oxigraph-backed rdflib Dataset by default.

rdflib's memory store answers named-graph queries 100-1000x slower than Oxigraph
(oxrdflib); it stays selectable with ``store="memory"``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from graph.build import bind_prefixes
from graph.pipeline import PROJECT_ROOT

DEFAULT_BUILD = PROJECT_ROOT / "build"
STORES = ("oxigraph", "memory")


class BuildMissing(FileNotFoundError):
    """The build output a command needs is not there yet."""


def open_dataset(path: Path | None = None, store: str = "oxigraph") -> Dataset:
    """Load ``build/ecosystem.trig`` into a Dataset whose default graph is the union."""
    path = path or DEFAULT_BUILD / "ecosystem.trig"
    if not path.is_file():
        raise BuildMissing(f"{path} not found: run `ecokg build` first")
    if store == "oxigraph":
        ds = Dataset(store="Oxigraph", default_union=True)
        ds.parse(path, format="ox-trig")
    elif store == "memory":
        ds = Dataset(default_union=True)
        ds.parse(path, format="trig")
    else:
        raise ValueError(f"unknown store {store!r} (choose from {', '.join(STORES)})")
    bind_prefixes(ds)
    return ds
