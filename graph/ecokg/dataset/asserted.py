"""The asserted graph: every fact of the build once, as the dataset's default graph.

Each article's named graph (``ekgg:source/<id>``) holds what that article states, so a fact stated
by four articles is in four graphs, and a store whose default graph is the *union* of the named
graphs (Oxigraph's ``use_default_graph_as_union``, rdflib's ``default_union``, Virtuoso's own
default graph) answers it four times. So the build also writes the union once, deduplicated: the
**asserted graph** is the set of the triples of every named graph (ontology, sources, articles,
code lists), and it is the default graph of ``build/ecosystem.trig``. A query pattern outside
``GRAPH`` reads it and sees each fact once; ``GRAPH ?g`` patterns read the named graphs, where a
fact stated by two articles is still in both, so corroboration stays countable.

This module is its one definition; everything else reads it as the default graph, never a union:

* :func:`add_asserted` fills it in the build (:func:`ecokg.dataset.pipeline.build`), so the TriG,
  the JSON-LD and the in-memory Dataset carry it; ``ecosystem.ttl`` is this graph alone;
* :func:`with_asserted` adds it to quads made as a stream (``ecokg import-registry``); the
  synthetic region writer (:mod:`ecokg.scale.synth_writer`) writes each fact once into it too;
* ``analysis.trig`` (``ecokg analyze``) carries its triples in its default graph as well as in
  ``ekgg:analysis``, so loaded beside the build they join the asserted graph;
* a store whose default graph cannot be written or named (Virtuoso) holds it as the named graph
  :data:`~ecokg.namespaces.ASSERTED_GRAPH` (``ekgg:asserted``) and queries name it as their
  default graph (``default-graph-uri``; :mod:`ecokg.scale.virtuoso_sparql`).

>>> from rdflib import Dataset, Literal, URIRef
>>> ds = Dataset()
>>> for g in ("urn:article1", "urn:article2"):
...     _ = ds.graph(URIRef(g)).add((URIRef("urn:firm"), URIRef("urn:locatedIn"), URIRef("urn:park")))
>>> len(add_asserted(ds)), len(ds.graph(URIRef("urn:article1")))
(1, 1)
>>> list(ds.query("SELECT ?p WHERE { ?s ?p ?o }")) == [(URIRef("urn:locatedIn"),)]  # once, not twice
True
>>> len(list(ds.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")))  # still stated by two articles
2
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

__all__ = ["add_asserted", "with_asserted"]


def add_asserted(ds: Dataset) -> Graph:
    """Make the default graph of ``ds`` the distinct union of its named graphs; that graph.

    Triples already in the default graph stay (a graph is a set: each triple is there once).
    """
    default = ds.graph(DATASET_DEFAULT_GRAPH_ID)
    triples = [(s, p, o) for s, p, o, g in ds.quads((None, None, None, None)) if g != DATASET_DEFAULT_GRAPH_ID]
    default.addN((s, p, o, default) for s, p, o in triples)
    return default


def with_asserted(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """``quads`` followed by the triple of each named-graph quad in the default graph.

    For quads made as a stream, which cannot be held whole: a triple that several calls (or a
    store the quads join) already have is deduplicated by the store, whose default graph is a set.

    >>> q = ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"), ox.NamedNode("urn:g"))
    >>> [str(x) for x in with_asserted([q])]
    ['<urn:s> <urn:p> "o" <urn:g>', '<urn:s> <urn:p> "o"']
    """
    named = list(quads)
    default = ox.DefaultGraph()
    return named + [
        ox.Quad(q.subject, q.predicate, q.object, default)
        for q in named
        if not isinstance(q.graph_name, ox.DefaultGraph)
    ]
