"""From the RDF knowledge graph to a networkx graph of entities and their relations.

The projection is defined by two SPARQL queries that users can read and change -- there is
no other definition: :mod:`ecokg.network.rows` runs them on the build (directly on the
``pyoxigraph.Store`` when the Dataset is Oxigraph-backed) and :func:`assemble` turns the answers
into networkx:

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

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from rdflib import Dataset

from ecokg.inputs.ontology import load_ontology
from ecokg.namespaces import ID
from ecokg.network.rows import edge_rows, figure_rows, node_values, superclasses
from ecokg.query.names import UnknownName

#: Classes dropped by ``include_people=False``, ``include_programmes=False`` and
#: ``include_sectors=False`` (subclasses included).
PEOPLE = ("Person",)
PROGRAMMES = ("Policy",)  # Programme, Campaign, PolicyDocument, Reform, Strategy
SECTORS = ("IndustrySector",)

#: Weighting schemes: ``"corroboration"`` -- weight = number of distinct articles stating the
#: edge; ``None`` (or ``"none"``) -- every edge weighs 1.
WEIGHTS = ("corroboration", "none")

_ID = str(ID)


def most_specific(types: Iterable[str], supers: Mapping[str, frozenset[str]]) -> str:
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


def node_rows(data: Any, query: str | None = None) -> dict[str, dict[str, Any]]:
    """Entities and their attributes, as selected by ``queries/projection-nodes.rq``."""
    return node_attributes(node_values(data, query), superclasses(data))


def node_attributes(raw: Mapping[str, Mapping[str, set[str]]], supers: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Node attributes from the values collected per entity (``type``, ``label``, ``label_en``,
    ``alias``, ``source``, ``broader``; see :func:`ecokg.network.rows.node_values`).

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


# ---------------------------------------------------------------------------- class names


class UnknownClass(UnknownName):
    """A class name (``--only-types`` and the like) that is no entity class of the ontology."""

    def __str__(self) -> str:
        return str(self.args[0])


def entity_classes(supers: Mapping[str, Iterable[str]] | None = None) -> set[str]:
    """The classes an entity may have: ``Entity`` and its subclasses in the package's ontology
    (:mod:`ecokg.inputs.ontology`) and in ``supers`` (a build's closure, which may add some).

    >>> {"Organization", "Company", "Entity"} <= entity_classes() and "Post" not in entity_classes()
    True
    """
    extra = {c for c, ups in (supers or {}).items() if "Entity" in ups}
    return {"Entity"} | set(load_ontology().entity_classes) | extra


def check_types(names: Iterable[str], known: Iterable[str], option: str = "types") -> list[str]:
    """The class names, each checked against ``known``; an unknown one raises :class:`UnknownClass`
    naming the closest classes.

    >>> check_types(["Company"], entity_classes())
    ['Company']
    >>> check_types(["Organisation"], entity_classes(), "--only-types")
    Traceback (most recent call last):
    ...
    ecokg.network.projection.UnknownClass: --only-types: no class 'Organisation' in the ontology; did you mean Organization?
    """
    names, known = list(names), sorted(set(known))
    folded = {k.casefold(): k for k in known}
    for name in names:
        if name in known:
            continue
        close = difflib.get_close_matches(name.casefold(), sorted(folded), n=3, cutoff=0.75)
        near = list(dict.fromkeys([folded[c] for c in close if c == name.casefold()] + [folded[c] for c in close]))
        hint = f"did you mean {' or '.join(near)}?" if near else f"the classes: {', '.join(known)}"
        raise UnknownClass(
            name, [(c, c, "class") for c in near], f"{option}: no class {name!r} in the ontology; {hint}"
        )
    return names


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
    ds: Dataset | Any,
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
    ds : rdflib.Dataset or pyoxigraph.Store
        The build (e.g. from :func:`ecokg.query.store.open_dataset`); an Oxigraph-backed
        Dataset or a Store is queried on Oxigraph directly (see :mod:`ecokg.network.rows`).
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

    Raises
    ------
    UnknownClass
        A name in ``types`` or ``exclude_types`` is no entity class of the ontology.

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
    supers = superclasses(ds)
    types = None if types is None else list(types)
    exclude_types = list(exclude_types)
    if types or exclude_types:
        known = entity_classes(supers)
        check_types(types or (), known, "types")
        check_types(exclude_types, known, "exclude_types")
    return assemble(
        node_attributes(node_values(ds), supers),
        figure_rows(ds),
        edge_rows(ds, ordered=False),
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
            key = (u, v) if directed or u < v else (v, u)
            merged[key].append(r)
    for u, v in sorted(merged):
        evid = merged[u, v]
        predicates = sorted({r["predicate"] for r in evid})
        labels = sorted({r["label"] for r in evid if r["label"]})
        articles = len({r["source"] for r in evid})
        evidence = [
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
        ]
        if len(evidence) > 1:  # most edges have one piece of evidence
            evidence.sort(key=lambda d: tuple("" if x is None else str(x) for x in d.values()))
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


def node_iri(node: str) -> str:
    """The IRI of a projected node.

    >>> node_iri("taiping_bird")
    'https://w3id.org/ecokg/id/taiping_bird'
    """
    return _ID + node


__all__ = [
    "project",
    "check_types",
    "entity_classes",
    "UnknownClass",
    "assemble",
    "node_rows",
    "node_attributes",
    "most_specific",
    "node_iri",
    "PEOPLE",
    "PROGRAMMES",
    "SECTORS",
    "WEIGHTS",
]
