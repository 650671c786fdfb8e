"""The projection's rows: its SPARQL queries run on the build, answers as plain Python values.

:func:`select` runs a query on whatever holds the build -- a ``pyoxigraph.Store``, an rdflib
``Dataset(store="Oxigraph")`` (the default of :func:`ecokg.query.store.open_dataset`) or
rdflib's memory store -- and yields each solution as a dict of strings (an IRI, or a
literal's lexical form) or None.  On Oxigraph the query runs on the ``pyoxigraph.Store``
itself: rdflib's query path would turn every solution into rdflib terms, which costs more
than evaluating the query.  Only the memory store is queried through rdflib's own engine.

Measured on a synthetic region of 100k triples (``ecokg.scale.synth.write_region(.., 100_000,
seed=1)``: 2,539 nodes, 10,025 edges; best of 3-5 runs on a shared 2-core machine, quiet / under
load): :func:`ecokg.network.projection.project` with the queries run through rdflib's query path
on oxrdflib took 1.20 s / 3.3 s; the hand-written pyoxigraph pattern scans this replaces
(``fast_projection``, a second definition of the same projection) 0.46 s / 1.2 s; the queries run
on the ``pyoxigraph.Store`` 0.33 s / 0.9-1.3 s -- the same graph (every node, edge and attribute
compared), from the one definition.

:func:`node_values`, :func:`edge_rows` and :func:`figure_rows` turn the answers of
``queries/projection-nodes.rq``, ``queries/projection-edges.rq`` and the figures query into
the rows :func:`ecokg.network.projection.assemble` builds the graph from.

>>> import pyoxigraph as ox
>>> st = ox.Store()
>>> st.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("甲"), ox.NamedNode("urn:g")))
>>> list(select(st, "SELECT ?s ?o ?none WHERE { GRAPH ?g { ?s ?p ?o } }"))
[{'s': 'urn:a', 'o': '甲', 'none': None}]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import RDFS, Graph, URIRef

from ecokg.inputs.ontology import superclass_closure
from ecokg.namespaces import ECO, ID, PREFIXES
from ecokg.project import package_path
from ecokg.query.library import load_query

#: The projection's definition: which entities are nodes, which relations are edges.
NODES_QUERY = package_path("queries", "projection-nodes.rq")  # the package's definition of the projection
EDGES_QUERY = package_path("queries", "projection-edges.rq")

_ECO = str(ECO._NS)
_ID = str(ID)
_SPARQL_PREFIXES = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())

CLASSES_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT ?c ?sup WHERE { GRAPH ekgg:ontology { ?c rdfs:subClassOf ?sup } }
"""
)

FIGURES_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT DISTINCT ?area ?i ?reported ?year ?status ?sec ?source ?text WHERE {
  GRAPH ?g {
    ?obs a eco:Observation ; eco:refArea ?area ; eco:indicator ?i ; eco:reportedValue ?reported ;
         eco:status ?st ; prov:wasDerivedFrom ?sentence .
  }
  {
    SELECT ?sentence ?text ?source WHERE {
      GRAPH ekgg:sources { ?sentence eco:text ?text ; eco:inSource ?article . }
      BIND(STRAFTER(STR(?article), STR(src:)) AS ?source)
    }
  }
  OPTIONAL { GRAPH ?g { ?obs eco:year ?year } }
  OPTIONAL { GRAPH ?g { ?obs eco:sector ?sec } }
  BIND(STRAFTER(STR(?st), STR(eco:)) AS ?status)
}
"""
)

LABELS_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT DISTINCT ?e ?label WHERE {
  GRAPH ?g { ?e eco:mentionedIn ?m ; rdfs:label ?label . FILTER(LANG(?label) = "zh") }
}
"""
)

PREDICATE_LABELS_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT ?p ?label WHERE {
  GRAPH ekgg:ontology { ?p a owl:ObjectProperty ; rdfs:label ?label . FILTER(LANG(?label) = "zh") }
}
"""
)


# ---------------------------------------------------------------------------- running queries


def store_of(data: Any) -> ox.Store | None:
    """The ``pyoxigraph.Store`` behind ``data`` (a Store or an oxrdflib Dataset), else None.

    >>> from rdflib import Dataset
    >>> store_of(ox.Store()).__class__.__name__, store_of(Dataset())
    ('Store', None)
    """
    if isinstance(data, ox.Store):
        return data
    # oxrdflib keeps its pyoxigraph Store as ``OxigraphStore._inner`` (a property; there is no
    # public accessor in oxrdflib 0.5).
    inner = getattr(getattr(data, "store", None), "_inner", None)
    return inner if isinstance(inner, ox.Store) else None


def select(data: Any, query: str) -> Iterator[dict[str, str | None]]:
    """The solutions of a SELECT ``query`` on ``data``: variable -> IRI / lexical form / None.

    Runs on the ``pyoxigraph.Store`` when there is one (its default graph: the build's asserted
    graph, as in :func:`ecokg.query.store.open_dataset`), else through rdflib's ``query``.
    """
    store = store_of(data)
    if store is not None:
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]  # pyoxigraph types Store.query as solutions | boolean | triples; a SELECT gives QuerySolutions
        for sol in solutions:  # type: ignore[union-attr]  # pyoxigraph types Store.query as solutions | boolean | triples; a SELECT gives QuerySolutions
            yield {n: None if (t := sol[i]) is None else t.value for i, n in enumerate(names)}
        return
    result = data.query(query)
    names = [str(v) for v in result.vars]
    for row in result:
        yield {n: None if (t := row[i]) is None else str(t) for i, n in enumerate(names)}


def _local(value: str | None, base: str) -> str | None:
    if value is None:
        return None
    return value[len(base) :] if value.startswith(base) else None


# ---------------------------------------------------------------------------- rows


def superclasses(data: Any) -> dict[str, frozenset[str]]:
    """Reflexive-transitive superclasses of each ontology class of the build (``ekgg:ontology``)."""
    sub = Graph()
    for row in select(data, CLASSES_QUERY):
        if row["c"] and row["sup"]:
            sub.add((URIRef(row["c"]), RDFS.subClassOf, URIRef(row["sup"])))
    return superclass_closure(sub)


def node_values(data: Any, query: str | None = None) -> dict[str, dict[str, set[str]]]:
    """Per entity, the values of each attribute (``type``, ``label``, ``label_en``, ``alias``,
    ``source``, ``broader``) answered by the nodes query (default :data:`NODES_QUERY`)."""
    raw: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select(data, query or load_query(NODES_QUERY).text):
        e = _local(row["e"], _ID)
        key, value = row["key"], row["value"]
        if e is None or key is None or value is None:
            continue
        if key == "type":
            v = _local(value, _ECO)
        elif key == "broader":
            v = _local(value, _ID)
        else:
            v = value
        if v:
            raw[e][key].add(v)
    return raw


def _when(row: dict[str, str | None]) -> str | None:
    parts = [f"{k} {row[k]}" for k in ("date", "since", "until") if row.get(k) is not None]
    return ", ".join(parts) or None


def edge_rows(data: Any, query: str | None = None, *, ordered: bool = True) -> list[dict[str, Any]]:
    """One dict per piece of edge evidence, as answered by the edges query (default
    :data:`EDGES_QUERY`, read when called: edit the file and the projection follows).

    Keys: ``s``, ``o`` (entity ids), ``predicate``, ``label``, ``symmetric``, ``kind``
    (``"relation"`` or ``"post"``), ``source``, ``title``, ``date``, ``sentence``,
    ``sentence_iri``, ``when`` and (posts) ``as_of``.  Duplicates removed; sorted unless
    ``ordered=False`` (:func:`ecokg.network.projection.project` orders what it builds itself,
    and skipping this sort saved about 5 s of 38 s on a 4M-triple region).
    """
    seen: set[tuple] = set()
    out = []
    for row in select(data, query or load_query(EDGES_QUERY).text):
        s, o = _local(row["s"], _ID), _local(row["o"], _ID)
        if not s or not o:
            continue
        rec = {
            "s": s,
            "o": o,
            "predicate": str(row["predicate"]),
            "label": row["label"],
            "symmetric": row["symmetric"] in ("true", "1"),
            "kind": row["kind"],
            "source": row["source"],
            "title": row["title"],
            "date": row["issued"],
            "sentence": row["text"],
            "sentence_iri": row["sentence"],
            "when": _when(row),
            "as_of": row["asOf"],
        }
        key = tuple(rec.values())
        if key not in seen:
            seen.add(key)
            out.append(rec)
    if ordered:
        out.sort(key=lambda r: tuple("" if v is None else str(v) for v in r.values()))
    return out


def figure_rows(data: Any) -> dict[str, list[dict[str, Any]]]:
    """Figures per entity (``eco:refArea``), as node attributes; sorted."""
    labels: dict[str, str] = {}
    for row in select(data, LABELS_QUERY):
        e, label = _local(row["e"], _ID), str(row["label"])
        if e and (e not in labels or label < labels[e]):
            labels[e] = label
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in select(data, FIGURES_QUERY):
        area = _local(row["area"], _ID)
        if not area:
            continue
        ind = _local(row["i"], _ID) or ""
        sec = _local(row["sec"], _ID)
        year = row["year"]
        out[area].append(
            {
                "indicator": labels.get(ind, ind),
                "value": row["reported"],
                "year": None if year is None else int(year),
                "status": row["status"],
                "sector": None if sec is None else labels.get(sec, sec),
                "source": row["source"],
                "sentence": row["text"],
            }
        )
    for figs in out.values():
        figs.sort(key=lambda f: tuple("" if v is None else str(v) for v in f.values()))
    return dict(out)


def predicate_labels(data: Any) -> dict[str, str]:
    """Chinese labels of the ontology's object properties (local name -> label), from the build.

    ``holdsPost`` (the projection's name for a post) is labelled 任职.

    >>> predicate_labels(ox.Store())
    {'holdsPost': '任职'}
    """
    out = {"holdsPost": "任职"}
    for row in select(data, PREDICATE_LABELS_QUERY):
        p, label = _local(row["p"], _ECO), str(row["label"])
        if p and (p not in out or label < out[p]):
            out[p] = label
    return dict(sorted(out.items()))


__all__ = [
    "select",
    "store_of",
    "superclasses",
    "node_values",
    "edge_rows",
    "figure_rows",
    "predicate_labels",
    "CLASSES_QUERY",
    "FIGURES_QUERY",
    "LABELS_QUERY",
    "PREDICATE_LABELS_QUERY",
    "NODES_QUERY",
    "EDGES_QUERY",
]
