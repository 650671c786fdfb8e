"""SHACL validation of the built graph (pySHACL), reported against the YAML it came from.

pySHACL checks the union of all graphs against ``ontology/shapes.ttl`` -- SHACL Core only
(``inference="none"``, no SHACL-AF: the shapes use neither rules nor SPARQL targets), on a
plain :class:`~rdflib.Graph`.  Each result is mapped back to the file and line of the fact,
entity or source that produced its focus node (:func:`shacl_violations`).

A run takes about a second, so :func:`cache_record` describes what a validation depends
on -- the sha256 of every input (as the build manifest records them), of the shapes and the
ontology the build loads, of the code that turns inputs into triples, and the pyshacl and
rdflib versions.  ``ecokg build``
stores that record after a successful validation and skips SHACL while it still matches
(:func:`cache_matches`); a missing, corrupt or stale record just means validating again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, cast

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ecokg.dataset import iris
from ecokg.inputs.model import Facts, Where
from ecokg.inputs.ontology import SHAPES_FILE, parse_turtle
from ecokg.namespaces import ECO, ID, SOURCE
from ecokg.project import Project

__all__ = [
    "SHACL_CACHE",
    "ShaclResult",
    "Violation",
    "cache_matches",
    "cache_record",
    "input_hashes",
    "provenance_index",
    "shacl_results",
    "shacl_violations",
    "union_graph",
]

#: Where ``ecokg build`` keeps the record of its last successful validation, under the build directory.
SHACL_CACHE = Path(".cache") / "shacl.json"

# The code that turns inputs into triples: a change there can change the graph.
_CODE_DIRS = ("", "inputs", "dataset")  # "" = the top-level modules (namespaces, project)


@dataclass(frozen=True)
class ShaclResult:
    """One validation result, as pySHACL's report states it."""

    focus: Node
    path: Node | None
    value: Node | None
    component: URIRef
    message: str


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result, with where the offending node was written."""

    where: str
    focus: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.focus} {self.path} {self.value!s}: {self.message}".replace("  ", " ")


def provenance_index(facts: Facts) -> dict[URIRef, Where]:
    """Map every minted IRI to the file and line that produced it."""
    idx: dict[URIRef, Where] = {}
    for ent in facts.entities.values():
        idx[iris.entity(ent.id)] = ent.where
    for r in facts.relations:
        idx.setdefault(iris.statement(r.source, r.s, r.p, r.o), r.where)
    for p in facts.posts:
        idx.setdefault(iris.post(p.id), p.where)
    for f in facts.figures:
        idx[iris.observation(f.source, f.id)] = f.where
        idx.setdefault(iris.sentence(f.source, f.span.start, f.span.end), f.where)
    for sid, src in facts.sources.items():
        idx[iris.source(sid)] = Where("data/sources/sources.yaml", src.registry_line)
    return idx


def _short(term: object) -> str:
    s = str(term)
    for prefix, ns in (("eco:", str(ECO._NS)), ("ekg:", str(ID)), ("src:", str(SOURCE))):
        if s.startswith(ns):
            return prefix + s[len(ns) :]
    return s


def union_graph(ds: Dataset) -> Graph:
    """All triples of ``ds`` in one plain graph (what the shapes are checked against).

    >>> from rdflib import Literal
    >>> ds = Dataset()
    >>> for g in ("urn:g1", "urn:g2"):
    ...     _ = ds.graph(URIRef(g)).add((URIRef("urn:a"), URIRef("urn:p"), Literal(1)))
    >>> len(union_graph(ds))
    1
    """
    g = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def shacl_results(ds: Dataset, shapes_file: Path = SHAPES_FILE) -> list[ShaclResult]:
    """Every pySHACL validation result for the union of all graphs of ``ds``."""
    from pyshacl import validate  # heavy: imported only when SHACL actually runs

    shapes = parse_turtle(shapes_file)
    conforms, report, _text = validate(union_graph(ds), shacl_graph=shapes, inference="none", inplace=True)
    if conforms:
        return []
    return [
        ShaclResult(
            report.value(res, SH.focusNode),
            report.value(res, SH.resultPath),
            report.value(res, SH.value),
            report.value(res, SH.sourceConstraintComponent),
            str(report.value(res, SH.resultMessage)),
        )
        for res in report.subjects(RDF.type, SH.ValidationResult)
    ]


def shacl_violations(ds: Dataset, facts: Facts, shapes_file: Path = SHAPES_FILE) -> list[Violation]:
    """Run the SHACL shapes over the union of all graphs; return readable violations."""
    results = shacl_results(ds, shapes_file)
    if not results:
        return []
    idx = provenance_index(facts)
    rel_idx: dict[tuple[Any, Any, Any], Where] = {
        (iris.entity(r.s), ECO[r.p], iris.entity(r.o)): r.where for r in facts.relations
    }
    out = []
    for r in results:
        where = rel_idx.get((r.focus, r.path, r.value)) or idx.get(cast(URIRef, r.focus))
        out.append(
            Violation(
                str(where) if where else "(generated)",
                _short(r.focus),
                _short(r.path) if r.path is not None else "",
                _short(r.value) if r.value is not None else "",
                r.message,
            )
        )
    return sorted(set(out))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_hashes(facts: Facts, project: Project) -> dict[str, str]:
    """The sha256 of every input file, named as the manifest lists them (:meth:`Project.display`)."""
    inputs = {*facts.files, *(s.file for s in facts.sources.values()), project.registry_file,
              project.ontology_file, project.shapes_file}  # fmt: skip
    for extra in ("entities.yaml", "attribution.yaml", "expectations.yaml"):
        if (project.data_dir / extra).is_file():
            inputs.add(project.data_dir / extra)
    inputs.update(p for p in (project.data_dir / "reference").glob("*") if p.is_file())
    return {project.display(p): _sha(p) for p in sorted(inputs)}


def cache_record(facts: Facts, project: Project) -> dict[str, Any]:
    """Everything a validation's outcome depends on: inputs, shapes, graph-making code, versions."""
    package = Path(__file__).resolve().parents[1]
    code = hashlib.sha256()
    for d in _CODE_DIRS:
        for path in sorted((package / d).glob("*.py")):
            code.update(f"{d}/{path.name}\0".encode() + path.read_bytes() + b"\0")
    return {
        "inputs": input_hashes(facts, project),
        "shapes": _sha(project.shapes_file),
        "ontology": _sha(project.ontology_file),
        "code": code.hexdigest(),
        "pyshacl": version("pyshacl"),
        "rdflib": version("rdflib"),
    }


def cache_matches(path: Path, record: dict[str, Any]) -> bool:
    """Whether the validation record stored at ``path`` is ``record`` (unreadable: no)."""
    try:
        return json.loads(path.read_text(encoding="utf-8")) == record
    except (OSError, ValueError):
        return False
