"""Plain-Python views of an rdflib Dataset's triples, read once for the writers and checkers.

>>> from rdflib import Dataset, Literal, URIRef
>>> ds = Dataset()
>>> a = URIRef("urn:a")
>>> _ = ds.graph(URIRef("urn:g1")).add((a, a, Literal(1)))
>>> _ = ds.graph(URIRef("urn:g2")).add((a, a, Literal(1)))
>>> [(str(g), len(ts)) for g, ts in graph_triples(ds)], len(union_triples(ds))
([('urn:g1', 1), ('urn:g2', 1), ('urn:x-rdflib:default', 0)], 1)
"""

from __future__ import annotations

from typing import Any

from rdflib import Dataset
from rdflib.plugins.stores.memory import Memory

Triple = tuple[Any, Any, Any]


def graph_triples(ds: Dataset) -> list[tuple[Any, list[Triple]]]:
    """Every graph of ``ds`` (the default graph too) with its triples, in identifier order."""
    out = [(g.identifier, list(g.triples((None, None, None)))) for g in ds.graphs()]
    out.sort(key=lambda item: str(item[0]))
    return out


def union_triples(ds: Dataset) -> list[Triple]:
    """The distinct triples of all graphs of ``ds`` together."""
    if type(ds.store) is Memory:  # its index holds each triple once, whatever its graphs
        return [t for t, _ctx in ds.store.triples((None, None, None), None)]
    return list({(s, p, o) for s, p, o, _g in ds.quads((None, None, None, None))})
