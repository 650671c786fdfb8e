"""ecokg: a knowledge graph of an industrial ecosystem, built from news articles with sentence-level provenance.

Stages, in data-flow order: :mod:`ecokg.inputs` -> :mod:`ecokg.dataset` -> :mod:`ecokg.io` ->
:mod:`ecokg.query` -> :mod:`ecokg.serve` | :mod:`ecokg.network` -> :mod:`ecokg.explore` |
:mod:`ecokg.scale` | :mod:`ecokg.ingest` -> :mod:`ecokg.cli`; :mod:`ecokg.project` is the workspace
and :mod:`ecokg.namespaces` the one definition of every IRI namespace.
"""
