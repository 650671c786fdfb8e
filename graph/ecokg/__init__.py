"""ecokg: a knowledge graph of an industrial ecosystem, built from news articles with sentence-level provenance.

Stages, in data-flow order: :mod:`ecokg.inputs` -> :mod:`ecokg.dataset` -> :mod:`ecokg.io` ->
:mod:`ecokg.query` -> :mod:`ecokg.serve` | :mod:`ecokg.network` -> :mod:`ecokg.explore` |
:mod:`ecokg.scale` | :mod:`ecokg.ingest` -> :mod:`ecokg.cli`; :mod:`ecokg.project` is the workspace
and :mod:`ecokg.namespaces` the one definition of every IRI namespace.
"""

from typing import Any

__all__ = ["to_frame"]


def __getattr__(name: str) -> Any:
    """The API, imported on first use (``import ecokg`` stays quick and needs no pandas).

    ``ecokg.to_frame`` is :func:`ecokg.query.frames.to_frame`.
    """
    if name == "to_frame":
        from ecokg.query.frames import to_frame

        return to_frame
    raise AttributeError(f"module 'ecokg' has no attribute {name!r}")
