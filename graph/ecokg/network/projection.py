"""From the RDF knowledge graph to a networkx graph of entities and their relations.

The projection is defined by two SPARQL queries that users can read and change:

* ``queries/projection-nodes.rq`` -- which entities are nodes, with their type and names;
* ``queries/projection-edges.rq`` -- which relations are edges: every stated relation
  (``eco:Statement``) and every post (person, title, organisation, date), each with its
  article and verbatim sentence.

Figures (``eco:Observation``) and posts are attached to nodes as attributes; sentences and
articles are edge attributes (``evidence``).  Nothing but entities becomes a node.

Node attributes
    ``label`` (zh), ``label_en`` (or None), ``type`` (most specific ontology class, local
    name), ``classes`` (the type and all its ontology superclasses, sorted), ``aliases``
    (sorted), ``sources`` (sorted ids of the articles mentioning it), ``broader`` (sectors:
    sorted ids of broader sectors), ``figures`` (list of dicts: ``indicator``, ``value`` as
    reported, ``year``, ``status``, ``sector``, ``source``, ``sentence``) and ``posts`` (for
    people and organisations: ``title``, ``person``, ``person_id``, ``org``, ``org_id``,
    ``as_of``, ``source``, ``sentence``).

Edge attributes
    ``predicate`` (local name; when several predicates link the pair, the first of the sorted
    ``predicates``), ``predicates`` (sorted list), ``label`` (zh label of the predicate(s);
    for a post, the post title), ``articles`` (distinct articles stating any of it),
    ``weight`` and ``evidence``: a sorted list of dicts with ``source``, ``title``, ``date``
    (the article's), ``sentence`` (verbatim text), ``sentence_iri``, ``predicate``,
    ``subject``, ``object`` (the direction as stated) and ``when`` (a qualifier such as
    ``"since 2018"``, or None).

An empty dataset projects to an empty graph:

>>> from rdflib import Dataset
>>> G = project(Dataset())
>>> (G.number_of_nodes(), G.number_of_edges(), G.is_directed())
(0, 0, False)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset

from ecokg.dataset.namespaces import ECO, ID, PREFIXES
from ecokg.project import package_path

QUERIES_DIR = package_path("queries")  # the package's definition of the projection
EDGES_QUERY = QUERIES_DIR / "projection-edges.rq"
NODES_QUERY = QUERIES_DIR / "projection-nodes.rq"

#: Classes dropped by ``include_people=False``, ``include_programmes=False`` and
#: ``include_sectors=False`` (subclasses included).
PEOPLE = ("Person",)
PROGRAMMES = ("Policy",)  # Programme, Campaign, PolicyDocument, Reform, Strategy
SECTORS = ("IndustrySector",)

#: Weighting schemes: ``"corroboration"`` -- weight = number of distinct articles stating the
#: edge; ``None`` (or ``"none"``) -- every edge weighs 1.
WEIGHTS = ("corroboration", "none")

_ECO = str(ECO._NS)
_ID = str(ID)
_SPARQL_PREFIXES = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())

_CLASSES_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT ?c ?sup WHERE { GRAPH ekgg:ontology { ?c rdfs:subClassOf ?sup } }
"""
)

_FIGURES_QUERY = (
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

_LABELS_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT DISTINCT ?e ?label WHERE {
  GRAPH ?g { ?e eco:mentionedIn ?m ; rdfs:label ?label . FILTER(LANG(?label) = "zh") }
}
"""
)


# ---------------------------------------------------------------------------- queries


def load_query(path: Path) -> str:
    """The text of a SPARQL query file (``queries/*.rq``)."""
    return Path(path).read_text(encoding="utf-8")


def _local(term: Any, base: str) -> str | None:
    if term is None:
        return None
    s = str(term)
    return s[len(base) :] if s.startswith(base) else None


def _str(term: Any) -> str | None:
    return None if term is None else str(term)


def _superclasses(ds: Dataset) -> dict[str, frozenset[str]]:
    """Reflexive-transitive superclasses of each ontology class, read from the build."""
    direct: dict[str, set[str]] = defaultdict(set)
    for row in ds.query(_CLASSES_QUERY):
        c, sup = _local(row["c"], _ECO), _local(row["sup"], _ECO)  # type: ignore[index]
        if c and sup:
            direct[c].add(sup)
    out: dict[str, frozenset[str]] = {}
    for c in list(direct):
        seen, stack = {c}, [c]
        while stack:
            for s in direct.get(stack.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    stack.append(s)
        out[c] = frozenset(seen)
    return out


def most_specific(types: Iterable[str], supers: dict[str, frozenset[str]]) -> str:
    """The most specific of ``types``: one that is no other's superclass (ties: alphabetical).

    >>> supers = {"Company": frozenset({"Company", "Organization", "Entity"}),
    ...           "Organization": frozenset({"Organization", "Entity"})}
    >>> most_specific(["Organization", "Company"], supers)
    'Company'
    """
    ts = sorted(set(types))
    for t in ts:
        if not any(t != o and t in supers.get(o, {o}) for o in ts):
            return t
    return ts[0]


# ---------------------------------------------------------------------------- rows


def node_rows(ds: Dataset, query: str | None = None) -> dict[str, dict[str, Any]]:
    """Entities and their attributes, as selected by ``queries/projection-nodes.rq``."""
    supers = _superclasses(ds)
    raw: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in ds.query(query or load_query(NODES_QUERY)):
        e = _local(row["e"], _ID)  # type: ignore[index]
        key, value = _str(row["key"]), row["value"]  # type: ignore[index]
        if e is None or key is None or value is None:
            continue
        if key == "type":
            v = _local(value, _ECO)
        elif key == "broader":
            v = _local(value, _ID)
        else:
            v = str(value)
        if v:
            raw[e][key].add(v)
    return node_attributes(raw, supers)


def node_attributes(raw: Mapping[str, Mapping[str, set[str]]], supers: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Node attributes from the values collected per entity (``type``, ``label``, ``label_en``,
    ``alias``, ``source``, ``broader``); shared by the SPARQL and the Oxigraph-scan paths.

    >>> node_attributes({"a": {"type": {"Company"}, "label": {"甲"}}}, {})["a"]["type"]
    'Company'
    """
    nodes: dict[str, dict[str, Any]] = {}
    for e in sorted(raw):
        a = raw[e]
        types = a.get("type") or {"Entity"}
        label = min(a["label"]) if a.get("label") else e
        nodes[e] = {
            "label": label,
            "label_en": min(a["label_en"]) if a.get("label_en") else None,
            "type": most_specific(types, supers),
            "classes": sorted(set().union(*(supers.get(x, {x}) for x in types))),
            "aliases": sorted(a.get("alias", set()) - {label}),
            "sources": sorted(a.get("source", ())),
            "broader": sorted(a.get("broader", ())),
            "figures": [],
            "posts": [],
        }
    return nodes


def _when(row: Any) -> str | None:
    parts = [f"{k} {row[k]}" for k in ("date", "since", "until") if row[k] is not None]
    return ", ".join(parts) or None


def edge_rows(ds: Dataset, query: str | None = None) -> list[dict[str, Any]]:
    """One dict per piece of edge evidence, as selected by ``queries/projection-edges.rq``.

    Keys: ``s``, ``o`` (entity ids), ``predicate``, ``label``, ``symmetric``, ``kind``
    (``"relation"`` or ``"post"``), ``source``, ``title``, ``date``, ``sentence``,
    ``sentence_iri``, ``when`` and (posts) ``as_of``.  Sorted, duplicates removed.
    """
    seen: set[tuple] = set()
    out = []
    for row in ds.query(query or load_query(EDGES_QUERY)):
        s, o = _local(row["s"], _ID), _local(row["o"], _ID)  # type: ignore[index]
        if not s or not o:
            continue
        rec = {
            "s": s,
            "o": o,
            "predicate": str(row["predicate"]),  # type: ignore[index]
            "label": _str(row["label"]),  # type: ignore[index]
            "symmetric": row["symmetric"] is not None and bool(row["symmetric"].toPython()),  # type: ignore[index]
            "kind": _str(row["kind"]),  # type: ignore[index]
            "source": _str(row["source"]),  # type: ignore[index]
            "title": _str(row["title"]),  # type: ignore[index]
            "date": _str(row["issued"]),  # type: ignore[index]
            "sentence": _str(row["text"]),  # type: ignore[index]
            "sentence_iri": _str(row["sentence"]),  # type: ignore[index]
            "when": _when(row),
            "as_of": _str(row["asOf"]),  # type: ignore[index]
        }
        key = tuple(rec.values())
        if key not in seen:
            seen.add(key)
            out.append(rec)
    out.sort(key=lambda r: tuple("" if v is None else str(v) for v in r.values()))
    return out


def figure_rows(ds: Dataset) -> dict[str, list[dict[str, Any]]]:
    """Figures per entity (``eco:refArea``), as node attributes; sorted."""
    labels: dict[str, str] = {}
    for row in ds.query(_LABELS_QUERY):
        e = _local(row["e"], _ID)  # type: ignore[index]
        if e and (e not in labels or str(row["label"]) < labels[e]):  # type: ignore[index]
            labels[e] = str(row["label"])  # type: ignore[index]
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in ds.query(_FIGURES_QUERY):
        area = _local(row["area"], _ID)  # type: ignore[index]
        if not area:
            continue
        ind = _local(row["i"], _ID) or ""  # type: ignore[index]
        sec = _local(row["sec"], _ID)  # type: ignore[index]
        year = row["year"]  # type: ignore[index]
        out[area].append(
            {
                "indicator": labels.get(ind, ind),
                "value": _str(row["reported"]),  # type: ignore[index]
                "year": None if year is None else int(year.toPython()),
                "status": _str(row["status"]),  # type: ignore[index]
                "sector": None if sec is None else labels.get(sec, sec),
                "source": _str(row["source"]),  # type: ignore[index]
                "sentence": _str(row["text"]),  # type: ignore[index]
            }
        )
    for figs in out.values():
        figs.sort(key=lambda f: tuple("" if v is None else str(v) for v in f.values()))
    return dict(out)


# ---------------------------------------------------------------------------- projection


def _selected(classes: Iterable[str], names: Iterable[str]) -> bool:
    cs = set(classes)
    return any(n in cs for n in names)


def _weight_scheme(weight: str | None) -> str | None:
    if weight in (None, "none"):
        return None
    if weight == "corroboration":
        return weight
    raise ValueError(f"unknown weight {weight!r} (choose from {', '.join(WEIGHTS)})")


def project(
    ds: Dataset,
    *,
    types: Iterable[str] | None = None,
    exclude_types: Iterable[str] = (),
    include_people: bool = True,
    include_programmes: bool = True,
    include_sectors: bool = True,
    directed: bool = False,
    weight: str | None = "corroboration",
) -> nx.Graph | nx.DiGraph:
    """Project the knowledge graph onto a simple networkx graph of entities.

    Parameters
    ----------
    ds : rdflib.Dataset
        The build (e.g. from :func:`ecokg.query.store.open_dataset`).
    types : iterable of str, optional
        Keep only entities of these ontology classes (local names; a superclass such as
        ``"Organization"``, ``"Place"`` or ``"Policy"`` selects all its subclasses).
    exclude_types : iterable of str
        Drop entities of these classes (and subclasses).
    include_people, include_programmes, include_sectors : bool
        Keep persons (``Person``), policies (``Policy``: Programme, Campaign, PolicyDocument,
        Reform, Strategy) and industry sectors (``IndustrySector``).
    directed : bool
        A :class:`networkx.DiGraph` with edges subject -> object (symmetric properties both
        ways; a post person -> organisation); otherwise an undirected :class:`networkx.Graph`.
    weight : {"corroboration", None}
        Edge ``weight``: the number of distinct articles stating the edge, or 1.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Nodes are entity ids (e.g. ``"taiping_bird"``) inserted in sorted order; all evidence
        for a node pair is merged into one edge.  Self-loops are dropped.  See the module
        docstring for the attributes.

    Examples
    --------
    >>> from rdflib import Dataset
    >>> project(Dataset(), directed=True).is_directed()
    True
    >>> project(Dataset(), weight="votes")
    Traceback (most recent call last):
    ...
    ValueError: unknown weight 'votes' (choose from corroboration, none)
    """
    return assemble(
        node_rows(ds),
        figure_rows(ds),
        edge_rows(ds),
        types=types,
        exclude_types=exclude_types,
        include_people=include_people,
        include_programmes=include_programmes,
        include_sectors=include_sectors,
        directed=directed,
        weight=weight,
    )


def assemble(
    nodes: dict[str, dict[str, Any]],
    figures: dict[str, list[dict[str, Any]]],
    rows: list[dict[str, Any]],
    *,
    types: Iterable[str] | None = None,
    exclude_types: Iterable[str] = (),
    include_people: bool = True,
    include_programmes: bool = True,
    include_sectors: bool = True,
    directed: bool = False,
    weight: str | None = "corroboration",
) -> nx.Graph | nx.DiGraph:
    """The networkx graph from node, figure and edge rows, with :func:`project`'s options.

    Shared by :func:`project` (rows from SPARQL) and :func:`ecokg.network.fast_projection.project_store`
    (rows from Oxigraph pattern scans), so both paths filter, merge and attribute alike.
    ``nodes`` is updated in place (posts and figures are attached).

    >>> G = assemble({}, {}, [], directed=True)
    >>> G.is_directed(), len(G)
    (True, 0)
    """
    scheme = _weight_scheme(weight)
    drop: list[str] = list(exclude_types)
    if not include_people:
        drop += PEOPLE
    if not include_programmes:
        drop += PROGRAMMES
    if not include_sectors:
        drop += SECTORS
    keep_types = None if types is None else list(types)

    def kept(attrs: dict[str, Any]) -> bool:
        if keep_types is not None and not _selected(attrs["classes"], keep_types):
            return False
        return not _selected(attrs["classes"], drop)

    # Posts are node attributes of both ends, whether or not the edge survives the filters.
    for r in rows:
        if r["kind"] != "post" or r["s"] not in nodes or r["o"] not in nodes:
            continue
        post = {
            "title": r["label"],
            "person": nodes[r["s"]]["label"],
            "person_id": r["s"],
            "org": nodes[r["o"]]["label"],
            "org_id": r["o"],
            "as_of": r["as_of"],
            "source": r["source"],
            "sentence": r["sentence"],
        }
        nodes[r["s"]]["posts"].append(post)
        nodes[r["o"]]["posts"].append(post)
    for e, attrs in nodes.items():
        attrs["figures"] = figures.get(e, [])
        attrs["posts"].sort(key=lambda p: tuple("" if v is None else str(v) for v in p.values()))

    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from((e, a) for e, a in nodes.items() if kept(a))

    merged: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        s, o = r["s"], r["o"]
        if s == o or s not in G or o not in G:
            continue
        ends = [(s, o)]
        if directed and r["symmetric"]:
            ends.append((o, s))
        for u, v in ends:
            key = (u, v) if directed else tuple(sorted((u, v)))
            merged[key].append(r)  # type: ignore[index]
    for (u, v), evid in sorted(merged.items()):
        predicates = sorted({r["predicate"] for r in evid})
        labels = sorted({r["label"] for r in evid if r["label"]})
        articles = len({r["source"] for r in evid})
        evidence = sorted(
            (
                {
                    "source": r["source"],
                    "title": r["title"],
                    "date": r["date"],
                    "sentence": r["sentence"],
                    "sentence_iri": r["sentence_iri"],
                    "predicate": r["predicate"],
                    "subject": r["s"],
                    "object": r["o"],
                    "when": r["when"],
                }
                for r in evid
            ),
            key=lambda d: tuple("" if x is None else str(x) for x in d.values()),
        )
        G.add_edge(
            u,
            v,
            predicate=predicates[0],
            predicates=predicates,
            label="；".join(labels) if labels else predicates[0],
            articles=articles,
            weight=float(articles) if scheme == "corroboration" else 1.0,
            evidence=evidence,
        )
    return G


_PREDICATE_LABELS_QUERY = (
    _SPARQL_PREFIXES
    + """
SELECT ?p ?label WHERE {
  GRAPH ekgg:ontology { ?p a owl:ObjectProperty ; rdfs:label ?label . FILTER(LANG(?label) = "zh") }
}
"""
)


def predicate_labels(ds: Dataset) -> dict[str, str]:
    """Chinese labels of the ontology's object properties (local name -> label), from the build.

    ``holdsPost`` (the projection's name for a post) is labelled 任职.
    """
    out = {"holdsPost": "任职"}
    for row in ds.query(_PREDICATE_LABELS_QUERY):
        p = _local(row["p"], _ECO)  # type: ignore[index]
        if p and (p not in out or str(row["label"]) < out[p]):  # type: ignore[index]
            out[p] = str(row["label"])  # type: ignore[index]
    return dict(sorted(out.items()))


def node_iri(node: str) -> str:
    """The IRI of a projected node.

    >>> node_iri("taiping_bird")
    'https://w3id.org/ecokg/id/taiping_bird'
    """
    return _ID + node


__all__ = [
    "project",
    "node_rows",
    "edge_rows",
    "figure_rows",
    "predicate_labels",
    "load_query",
    "most_specific",
    "node_iri",
    "EDGES_QUERY",
    "NODES_QUERY",
    "PEOPLE",
    "PROGRAMMES",
    "SECTORS",
    "WEIGHTS",
]
