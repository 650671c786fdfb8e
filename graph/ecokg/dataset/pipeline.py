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

from rdflib import Dataset

from ecokg.dataset.build import build_dataset
from ecokg.dataset.ontology import load_ontology
from ecokg.dataset.validate import Engine, Violation, shacl_violations
from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.records import Facts, load_facts
from ecokg.inputs.sources import load_registry
from ecokg.project import Project


@dataclass
class BuildResult:
    facts: Facts
    dataset: Dataset
    violations: list[Violation]


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


def build(project: Project | str | Path | None = None, shacl: bool = True, engine: Engine = "native") -> BuildResult:
    """Load, validate and build the knowledge graph in memory (nothing is written).

    ``engine`` picks the SHACL implementation (see :mod:`ecokg.dataset.validate`); the
    ontology and the shapes are the workspace's (its own copies, else the package's).
    """
    project = Project.of(project)
    facts = load_inputs(project)
    ds = build_dataset(facts, load_ontology(project.ontology_file))
    violations = shacl_violations(ds, facts, engine, project.shapes_file) if shacl else []
    return BuildResult(facts, ds, violations)
