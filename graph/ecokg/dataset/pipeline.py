"""The build pipeline: sources + facts + ontology -> records -> Dataset -> files.

The workspace (:class:`ecokg.project.Project`) gives the inputs, the ontology and the shapes;
``None`` finds it from the current directory.

>>> from ecokg.dataset.pipeline import load_inputs
>>> facts = load_inputs()
>>> len(facts.sources)
5
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset

from ecokg.dataset.asserted import add_asserted
from ecokg.dataset.attribution import add_attribution
from ecokg.dataset.build import build_dataset
from ecokg.dataset.codelists import add_codelists
from ecokg.dataset.validate import Violation, cache_matches, cache_record, shacl_violations
from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.model import Facts
from ecokg.inputs.ontology import load_ontology
from ecokg.inputs.records import load_facts
from ecokg.inputs.sources import load_registry
from ecokg.project import Project


@dataclass
class BuildResult:
    facts: Facts
    dataset: Dataset
    violations: list[Violation]
    #: What the SHACL validation depended on, when it ran (or was skipped as unchanged) and passed.
    shacl_record: dict[str, Any] | None = None


def load_inputs(project: Project | str | Path | None = None) -> Facts:
    """Read and validate every input; raise :class:`InputErrors` listing all problems."""
    project = Project.of(project)
    sources = load_registry(project.sources_dir, display_root=project.root)
    facts = load_facts(project.root, sources, load_ontology(project.ontology_file))
    errors: list[InputError] = []
    for sid, src in sources.items():
        if src.area not in facts.entities:
            errors.append(
                InputError(
                    "data/sources/sources.yaml", src.registry_line, f"area {src.area!r} of {sid} is not an entity"
                )
            )
    if errors:
        raise InputErrors(errors)
    return facts


def build(
    project: Project | str | Path | None = None, shacl: bool = True, shacl_cache: Path | None = None
) -> BuildResult:
    """Load, validate and build the knowledge graph in memory (nothing is written).

    The Dataset holds one named graph per article (and the ontology, sources and code-list graphs)
    and, as its default graph, every triple of them once (:mod:`ecokg.dataset.asserted`).

    The ontology and the shapes are the workspace's (its own copies, else the package's). With
    ``shacl_cache`` (a file written by :func:`ecokg.io.writer.write_build`), SHACL is skipped when
    the record there shows that nothing it depends on changed since the last successful
    validation (see :mod:`ecokg.dataset.validate`).
    """
    project = Project.of(project)
    facts = load_inputs(project)
    ds = build_dataset(facts, load_ontology(project.ontology_file))
    add_codelists(ds, project.root, facts.entities)  # national code lists: data/reference/
    add_attribution(ds, facts, project.root)  # speakers and bylines: data/attribution.yaml
    add_asserted(ds)  # the default graph: every triple of the named graphs once
    if not shacl:
        return BuildResult(facts, ds, [])
    record = cache_record(facts, project)
    if shacl_cache is not None and cache_matches(shacl_cache, record):
        return BuildResult(facts, ds, [], record)
    violations = shacl_violations(ds, facts, project.shapes_file)
    return BuildResult(facts, ds, violations, None if violations else record)
