"""SHACL validation of the built graph, reported against the YAML it came from.

Two engines check the union of all graphs against ``ontology/shapes.ttl``:

* ``native`` (the default) -- :mod:`ecokg.dataset.shacl_native`, which implements exactly the SHACL
  constructs the shapes use and is some 30 times faster; if the shapes ever use anything
  else it hands over to pyshacl, so every shape is always checked;
* ``pyshacl`` -- the reference implementation (``ecokg validate --engine pyshacl``).

Tests check that both report the same results.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal as Choice

from rdflib import RDF, Dataset, Graph, URIRef

from ecokg.dataset.build import sentence_iri
from ecokg.dataset.namespaces import ECO, ID, SOURCE
from ecokg.dataset.ontology import SHAPES_FILE
from ecokg.dataset.shacl_native import SH, ShaclResult, ShapesGraph, UnsupportedShapes, native_results
from ecokg.dataset.triples import union_triples
from ecokg.inputs.records import Facts, Where

Engine = Choice["native", "pyshacl"]
ENGINES: tuple[str, ...] = ("native", "pyshacl")

__all__ = ["SH", "ENGINES", "Violation", "shacl_results", "shacl_violations", "provenance_index", "union_graph"]


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
        idx[ID[ent.id]] = ent.where
    for r in facts.relations:
        idx.setdefault(ID[f"stmt/{r.source}/{r.s}--{r.p}--{r.o}"], r.where)
    for p in facts.posts:
        idx.setdefault(ID[f"post/{p.id}"], p.where)
    for f in facts.figures:
        idx[ID[f"obs/{f.source}/{f.id}"]] = f.where
        idx.setdefault(sentence_iri(f.source, f.span), f.where)
    for sid, src in facts.sources.items():
        idx[SOURCE[sid]] = Where("data/sources/sources.yaml", src.registry_line)
    return idx


def _short(term: object) -> str:
    s = str(term)
    for prefix, ns in (("eco:", str(ECO._NS)), ("ekg:", str(ID)), ("src:", str(SOURCE))):
        if s.startswith(ns):
            return prefix + s[len(ns) :]
    return s


def union_graph(ds: Dataset) -> Graph:
    """All triples of ``ds`` in one graph (what the shapes are checked against)."""
    g = Graph()
    for t in union_triples(ds):
        g.add(t)
    return g


def _shapes_graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@lru_cache(maxsize=4)
def _native_shapes(path: Path, mtime_ns: int) -> ShapesGraph:
    """The parsed shapes (re-read when the file changes)."""
    return ShapesGraph(_shapes_graph(path))


def _pyshacl_results(ds: Dataset, shapes_file: Path) -> list[ShaclResult]:
    from pyshacl import validate as shacl_validate  # heavy: imported only for this engine

    data = union_graph(ds)
    conforms, report, _ = shacl_validate(
        data, shacl_graph=_shapes_graph(shapes_file), inference="none", advanced=True, inplace=True
    )
    if conforms:
        return []
    out = []
    for res in report.subjects(RDF.type, SH.ValidationResult):
        msg = report.value(res, SH.resultMessage)
        out.append(
            ShaclResult(
                report.value(res, SH.focusNode),  # type: ignore[arg-type]
                report.value(res, SH.resultPath),
                report.value(res, SH.value),
                report.value(res, SH.sourceConstraintComponent),  # type: ignore[arg-type]
                str(msg),
            )
        )
    return out


def shacl_results(ds: Dataset, engine: Engine = "native", shapes_file: Path = SHAPES_FILE) -> list[ShaclResult]:
    """Every SHACL validation result for the union of all graphs of ``ds``."""
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r} (expected one of {', '.join(ENGINES)})")
    if engine == "native":
        try:
            shapes = _native_shapes(shapes_file, shapes_file.stat().st_mtime_ns)
        except UnsupportedShapes:
            engine = "pyshacl"
        else:
            return native_results(shapes, union_triples(ds))
    return _pyshacl_results(ds, shapes_file)


def shacl_violations(
    ds: Dataset, facts: Facts, engine: Engine = "native", shapes_file: Path = SHAPES_FILE
) -> list[Violation]:
    """Run the SHACL shapes over the union of all graphs; return readable violations."""
    results = shacl_results(ds, engine, shapes_file)
    if not results:
        return []
    idx = provenance_index(facts)
    rel_idx = {(ID[r.s], ECO[r.p], ID[r.o]): r.where for r in facts.relations}
    out = []
    for r in results:
        where = rel_idx.get((r.focus, r.path, r.value)) or idx.get(r.focus)  # type: ignore[arg-type]
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
