"""Which curated entities are isolated: linked to no other entity in the built graph.

An entity is *linked* when it is the subject or object of a stated relation (an ``eco:Statement``),
the holder or organisation of a post, the area, indicator or sector of a figure, the subject or
object of ``skos:broader`` between two entities, an area placed in another by the code lists
(``eco:withinDivision``), or a person credited in an article's byline (``eco:authorOf``).
Everything else is isolated; each isolated entity must carry an ``eco:note`` saying why its
sentence links it to nothing (tests/test_isolation.py).

>>> from rdflib import Dataset, RDF, URIRef
>>> from ecokg.namespaces import ECO, ID
>>> ds = Dataset()
>>> g = ds.graph(URIRef("urn:g"))
>>> _ = g.add((ID.a, RDF.type, ECO.Company)); _ = g.add((ID.b, RDF.type, ECO.Park))
>>> isolated_entities(ds)
['a', 'b']
"""

from __future__ import annotations

from rdflib import RDF, SKOS, Dataset

from ecokg.namespaces import ECO, ID, ONTOLOGY_GRAPH

_NOT_ENTITIES = {ECO.Observation, ECO.Sentence, ECO.Statement, ECO.Post, ECO.SourceArticle, ECO.Byline}
_LINKS = (
    (ECO.holder, ECO.postIn),
    (ECO.refArea, ECO.indicator, ECO.sector),
)


def isolation_summary(ds: Dataset) -> dict:
    """For the manifest: how many curated entities, how many isolated, and which."""
    ids = isolated_entities(ds)
    return {"entities": len(_entities(ds)), "isolated": len(ids), "ids": ids}


def _entities(ds: Dataset) -> set:
    base, eco = str(ID), str(ECO._NS)
    return {
        s
        for s, _p, o, g in ds.quads((None, RDF.type, None, None))
        if g != ONTOLOGY_GRAPH and o not in _NOT_ENTITIES and str(s).startswith(base) and str(o).startswith(eco)
    }


def isolated_entities(ds: Dataset) -> list[str]:
    """The ids of the entities linked to no other entity, sorted."""
    base = str(ID)
    entities = _entities(ds)
    linked: set = set()
    for _s, _p, o, _g in ds.quads((None, RDF.subject, None, None)):
        linked.add(o)
    for _s, _p, o, _g in ds.quads((None, RDF.object, None, None)):
        linked.add(o)
    for group in _LINKS:
        for p in group:
            for _s, _p, o, _g in ds.quads((None, p, None, None)):
                linked.add(o)
    for p in (SKOS.broader, ECO.withinDivision):
        for s, _p, o, _g in ds.quads((None, p, None, None)):
            if s in entities and o in entities:
                linked.update((s, o))
    for s, _p, _o, _g in ds.quads((None, ECO.authorOf, None, None)):
        linked.add(s)
    return sorted(str(e)[len(base) :] for e in entities - linked)
