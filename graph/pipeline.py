"""The build pipeline: sources + facts + ontology -> records -> Dataset -> files.

>>> from graph.pipeline import load_inputs, PROJECT_ROOT
>>> facts = load_inputs(PROJECT_ROOT)
>>> len(facts.sources)
5
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from graph.attribution import add_attribution
from graph.build import build_dataset
from graph.codelists import add_codelists
from graph.errors import InputError, InputErrors
from graph.ontology import load_ontology
from graph.records import Facts, load_facts
from graph.sources import load_registry
from graph.validate import Engine, Violation, shacl_violations

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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

    ``engine`` picks the SHACL implementation (see :mod:`graph.validate`).
    """
    facts = load_inputs(root)
    ds = build_dataset(facts, load_ontology())
    add_codelists(ds, root, facts.entities)  # issue 15: national code lists (graph/codelists.py)
    add_attribution(ds, facts, root)  # issue 15: speakers and bylines (graph/attribution.py)
    violations = shacl_violations(ds, facts, engine) if shacl else []
    return BuildResult(facts, ds, violations)
