"""SHACL validation of the built graph, reported against the YAML it came from."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import RDF, Dataset, Graph, Namespace, URIRef

from graph.build import sentence_iri
from graph.namespaces import ECO, ID, SOURCE
from graph.ontology import SHAPES_FILE
from graph.records import Facts, Where

SH = Namespace("http://www.w3.org/ns/shacl#")


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
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def shacl_violations(ds: Dataset, facts: Facts) -> list[Violation]:
    """Run the SHACL shapes over the union of all graphs; return readable violations."""
    data = union_graph(ds)
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes, inference="none", advanced=True)
    if conforms:
        return []
    idx = provenance_index(facts)
    rel_idx = {(ID[r.s], ECO[r.p], ID[r.o]): r.where for r in facts.relations}
    out = []
    for res in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(res, SH.focusNode)
        path = report.value(res, SH.resultPath)
        value = report.value(res, SH.value)
        msg = report.value(res, SH.resultMessage)
        where = rel_idx.get((focus, path, value)) or idx.get(focus)  # type: ignore[arg-type]
        out.append(
            Violation(
                str(where) if where else "(generated)",
                _short(focus),
                _short(path) if path is not None else "",
                _short(value) if value is not None else "",
                str(msg),
            )
        )
    return sorted(set(out))
