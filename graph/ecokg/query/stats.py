"""Counts over a built graph: per type, and per article with corroboration.

Pure functions: a Dataset in, plain data out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from rdflib import Dataset

from ecokg.namespaces import ECO, GRAPH, PREFIXES

_PREFIXES = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())

_ENTITY_TYPES = (
    _PREFIXES
    + """
SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
  GRAPH ?g { ?e a ?type ; eco:mentionedIn ?src . }
} GROUP BY ?type ORDER BY DESC(?n) ?type
"""
)

_ITEMS = (
    _PREFIXES
    + """
SELECT ?g ?kind ?key WHERE {
  {
    GRAPH ?g { ?key eco:mentionedIn ?src . }  BIND("entities" AS ?kind)
  } UNION {
    GRAPH ?g { ?st a eco:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . }
    BIND("relations" AS ?kind) BIND(CONCAT(STR(?s), " ", STR(?p), " ", STR(?o)) AS ?key)
  } UNION {
    GRAPH ?g { ?key a eco:Post . }  BIND("posts" AS ?kind)
  } UNION {
    GRAPH ?g { ?obs a eco:Observation ; eco:indicator ?i ; eco:refArea ?a ; eco:measure ?m ;
                   eco:status ?st2 ; eco:valueNormalized ?v .
               OPTIONAL { ?obs eco:year ?y } OPTIONAL { ?obs eco:sector ?sec } }
    BIND("figures" AS ?kind)
    BIND(CONCAT(STR(?i), " ", STR(?a), " ", COALESCE(STR(?sec), ""), " ", STR(?m), " ", STR(?st2), " ",
                COALESCE(STR(?y), "-"), " ", STR(?v)) AS ?key)
  }
}
"""
)

KINDS = ("entities", "relations", "posts", "figures")


def count_by_type(ds: Dataset) -> list[tuple[str, int]]:
    """Distinct entities per ontology class, most frequent first."""
    out = []
    for row in ds.query(_ENTITY_TYPES):
        t = str(row.type)  # type: ignore[union-attr]  # rdflib types a result row as tuple | bool | ResultRow; a SELECT row is a ResultRow
        if t.startswith(str(ECO._NS)):
            out.append((t[len(str(ECO._NS)) :], int(row.n)))  # type: ignore[union-attr]  # rdflib types a result row as tuple | bool | ResultRow; a SELECT row is a ResultRow
    return out


def per_source(ds: Dataset) -> dict[str, dict[str, dict[str, int]]]:
    """For each article: how many entities, relations, posts and figures it states, and how
    many of each are also stated by another article (corroborated).

    Figures count as corroborated when another article gives the same indicator, area,
    sector, measure, status, year and normalised value.
    """
    prefix = str(GRAPH["source/"])
    by_key: dict[tuple[str, str], set[str]] = defaultdict(set)
    items: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in ds.query(_ITEMS):
        g = str(row.g)  # type: ignore[union-attr]  # rdflib types a result row as tuple | bool | ResultRow; a SELECT row is a ResultRow
        if not g.startswith(prefix):
            continue
        sid = g[len(prefix) :]
        kind, key = str(row.kind), str(row.key)  # type: ignore[union-attr]  # rdflib types a result row as tuple | bool | ResultRow; a SELECT row is a ResultRow
        items[sid][kind].add(key)
        by_key[(kind, key)].add(sid)
    out: dict[str, dict[str, dict[str, int]]] = {}
    for sid in sorted(items):
        out[sid] = {
            kind: {
                "stated": len(items[sid][kind]),
                "corroborated": sum(1 for k in items[sid][kind] if len(by_key[(kind, k)]) > 1),
            }
            for kind in KINDS
        }
    return out


def summary(ds: Dataset) -> dict[str, Any]:
    """Everything ``ecokg stats`` prints, as data."""
    types = count_by_type(ds)
    totals: Counter[str] = Counter()
    for row in ds.query(
        _PREFIXES
        + """
        SELECT (COUNT(DISTINCT ?e) AS ?ents) (COUNT(DISTINCT ?o) AS ?figs) WHERE {
          { GRAPH ?g { ?e eco:mentionedIn ?s } } UNION { GRAPH ?g2 { ?o a eco:Observation } } }"""
    ):
        totals["entities"] = int(row.ents)  # type: ignore[union-attr]  # rdflib types a result row as tuple | bool | ResultRow; a SELECT row is a ResultRow
        totals["figures"] = int(row.figs)  # type: ignore[union-attr]  # rdflib types a result row as tuple | bool | ResultRow; a SELECT row is a ResultRow
    return {"types": types, "sources": per_source(ds), "totals": dict(totals)}
