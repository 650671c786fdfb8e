"""The build pipeline: sources + facts + ontology -> records -> Dataset -> files.

>>> from ecokg.dataset.pipeline import load_inputs, PROJECT_ROOT
>>> facts = load_inputs(PROJECT_ROOT)
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
from ecokg.inputs.model import Facts
from ecokg.inputs.records import load_facts
from ecokg.inputs.sources import load_registry

PROJECT_ROOT = Path(__file__).resolve().parents[3]


@dataclass
class BuildResult:
    facts: Facts
    dataset: Dataset
    violations: list[Violation]


def load_inputs(root: Path = PROJECT_ROOT) -> Facts:
    """Read and validate every input; raise :class:`InputErrors` listing all problems."""
    sources = load_registry(root / "data" / "sources", display_root=root)
    facts = load_facts(root, sources, load_ontology())
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


def build(root: Path = PROJECT_ROOT, shacl: bool = True, engine: Engine = "native") -> BuildResult:
    """Load, validate and build the knowledge graph in memory (nothing is written).

    ``engine`` picks the SHACL implementation (see :mod:`ecokg.dataset.validate`).
    """
    facts = load_inputs(root)
    ds = build_dataset(facts, load_ontology())
    violations = shacl_violations(ds, facts, engine) if shacl else []
    return BuildResult(facts, ds, violations)
