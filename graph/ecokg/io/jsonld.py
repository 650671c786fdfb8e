"""The build's JSON-LD: a context generated from the ontology, and each entity once.

:func:`context` makes the one JSON-LD context of the build from the ontology graph
(``ekgg:ontology``): the prefixes of :data:`ecokg.namespaces.PREFIXES`, ``id`` / ``type`` for
``@id`` / ``@type``, a term per ``eco:`` class (``"Company"``), per object property
(``{"@id": "eco:partOf", "@type": "@id"}``) and per datatype property, typed by its declared
``rdfs:range`` (``xsd:integer``, ``xsd:decimal``, ...; an ``rdf:langString`` range is a language
map), and the few other vocabularies' terms every entity uses (:data:`OTHER_TERMS`: ``label`` and
``altLabel`` as language maps, ``wasDerivedFrom``, ...). The build writes it as
``build/context.jsonld`` and embeds it in ``build/ecosystem.jsonld``, which therefore needs no
network and no document loader.

:func:`document` writes that dataset document: the top-level ``@graph`` holds first the merged
graph -- the distinct triples of every graph, one node object per subject (``ekg:taiping_bird``
once, with all its labels) -- and then each named graph (``{"id": "ekgg:ontology", "@graph":
[...]}``), so the per-article provenance is in the same file, as in the TriG. Node objects are
compacted by rdflib's JSON-LD serializer (its term selection, IRI shortening and type coercion);
:class:`_Compactor` corrects two of its slips (a falsy first value such as ``false``, ``0`` or
``""`` replaced by the next one under the same key; a literal ``rdf:type`` put under ``@type``).
Literals keep their lexical form (no native JSON numbers or booleans, so ``"0042"`` and ``INF``
survive). Nodes are sorted by ``id``, keys and values canonically, one node per line, so equal
graphs give equal bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, cast

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.jsonld import Converter
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.plugins.shared.jsonld.keys import LANG

from ecokg.namespaces import ECO, PREFIXES

_PREFIXES = dict(sorted(PREFIXES.items()))
_XSD = PREFIXES["xsd"]

#: Terms of other vocabularies that the build uses on every entity, sentence and code.
OTHER_TERMS: dict[str, dict[str, str]] = {
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "comment": {"@id": "rdfs:comment", "@container": "@language"},
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
    "broader": {"@id": "skos:broader", "@type": "@id"},
    "notation": {"@id": "skos:notation"},
}
_ALIASES = {"id": "@id", "type": "@type"}
_TYPE, _FIRST, _DEFAULT = str(RDF.type), str(RDF.first), str(DATASET_DEFAULT_GRAPH_ID)  # compared as str: fast


def _term(prop: URIRef, ontology: Graph) -> dict[str, str]:
    """The term definition of one ``eco:`` property: ``@id`` coercion, a datatype or a language map."""
    out = {"@id": "eco:" + prop[len(ECO._NS) :]}
    kinds = set(ontology.objects(prop, RDF.type))
    ranges = sorted(str(r) for r in ontology.objects(prop, RDFS.range))
    if OWL.ObjectProperty in kinds:
        out["@type"] = "@id"
    elif len(ranges) == 1 and ranges[0] == str(RDF.langString):
        out["@container"] = "@language"
    elif len(ranges) == 1 and ranges[0].startswith(_XSD) and ranges[0] != _XSD + "string":
        out["@type"] = "xsd:" + ranges[0][len(_XSD) :]  # a plain string is xsd:string already
    return out


def context(ontology: Graph) -> dict[str, Any]:
    """The JSON-LD context for the build, from the ontology graph (its ``eco:`` classes and properties).

    An ontology term whose name is taken (a prefix, ``id``, ``type``) is left out, and its IRIs
    are written as ``eco:`` CURIEs; an ontology term wins over one of :data:`OTHER_TERMS`.

    >>> from rdflib import XSD
    >>> onto = Graph()
    >>> _ = onto.add((ECO.Company, RDF.type, OWL.Class)).add((ECO.partOf, RDF.type, OWL.ObjectProperty))
    >>> _ = onto.add((ECO.year, RDF.type, OWL.DatatypeProperty)).add((ECO.year, RDFS.range, XSD.integer))
    >>> ctx = context(onto)
    >>> ctx["Company"], ctx["partOf"], ctx["year"], ctx["id"]
    ('eco:Company', {'@id': 'eco:partOf', '@type': '@id'}, {'@id': 'eco:year', '@type': 'xsd:integer'}, '@id')
    >>> ctx["label"], ctx["eco"]
    ({'@id': 'rdfs:label', '@container': '@language'}, 'https://w3id.org/ecokg/ontology#')
    """
    base = str(ECO._NS)
    terms: dict[str, Any] = {}
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef) and cls.startswith(base):
            terms[cls[len(base) :]] = "eco:" + cls[len(base) :]
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if isinstance(prop, URIRef) and prop.startswith(base):
                terms[prop[len(base) :]] = _term(prop, ontology)
    taken = set(_PREFIXES) | set(_ALIASES)
    merged = {**OTHER_TERMS, **{name: t for name, t in terms.items() if name and name not in taken}}
    return {**_PREFIXES, **_ALIASES, **dict(sorted(merged.items()))}


class _Triples:
    """The three look-ups rdflib's JSON-LD converter makes, on plain dictionaries (a store's
    ``triples()`` costs ten times as much), for one graph's triples."""

    def __init__(self, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        self.po: dict[Any, list[tuple[Any, Any]]] = {}
        self._first: dict[tuple[Any, Any], Any] = {}
        self._refs: dict[Any, list[Any]] = {}
        for s, p, o in triples:
            self.po.setdefault(s, []).append((p, o))
            if str(p) == _FIRST:  # the converter asks only for rdf:first (lists)
                self._first.setdefault((s, p), o)
            if isinstance(o, BNode):
                self._refs.setdefault(o, []).append(s)

    def subjects(self, predicate: Any = None, object: Any = None) -> Iterator[Any]:  # noqa: A002  # rdflib's name
        assert predicate is None
        return iter(list(self.po) if object is None else self._refs.get(object, []))

    def predicate_objects(self, subject: Any) -> Iterator[tuple[Any, Any]]:
        return iter(self.po.get(subject, []))

    def value(self, subject: Any, predicate: Any) -> Any:
        assert str(predicate) == _FIRST
        return self._first.get((subject, predicate))


class _Compactor(Converter):
    """rdflib's converter, one triple at a time into a fresh node, merged here (see the module doc)."""

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx, False, False)
        self.use_native_types = False  # lexical forms, never JSON numbers or booleans
        self._memo: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._maps = {name for name, t in ctx.terms.items() if LANG in t.container}

    def add_to_node(self, graph: Any, s: Any, p: Any, o: Any, s_node: dict[str, Any], nodemap: Any) -> None:
        key: tuple[Any, ...] | None = None
        if not isinstance(o, BNode):  # an IRI or a literal is written alike in every graph
            key = (p, o, o.language) if isinstance(o, Literal) else (p, o)  # "x"@en == "x"@EN in rdflib
            one = self._memo.get(key)
            if one is not None:
                self._merge(s_node, one)
                return
        one = {}
        self.use_rdf_type = str(p) == _TYPE and not isinstance(o, URIRef)  # a literal type is no @type
        super().add_to_node(graph, s, p, o, one, nodemap)
        if key is not None:
            self._memo[key] = one
        self._merge(s_node, one)

    def _merge(self, node: dict[str, Any], one: dict[str, Any]) -> None:
        for k, v in one.items():
            if k in self._maps:
                lang_map = node.setdefault(k, {})
                for lang, text in v.items():
                    text = list(text) if isinstance(text, list) else text
                    lang_map[lang] = _more(lang_map[lang], text) if lang in lang_map else text
            elif k in node:
                node[k] = _more(node[k], v)
            else:
                node[k] = list(v) if isinstance(v, list) else v  # never the memo's own list


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _more(old: Any, new: Any) -> list[Any]:
    out = old if isinstance(old, list) else [old]
    out.append(new)
    return out


def _canonical(node: dict[str, Any]) -> dict[str, Any]:
    """``id`` and ``type`` first, then the other keys sorted; every list (of values) sorted."""

    def order(v: Any) -> Any:
        if isinstance(v, list):
            return sorted((order(x) for x in v), key=_dumps)
        if isinstance(v, dict):
            return {k: order(v[k]) for k in sorted(v)}
        return str(v) if isinstance(v, str) else v  # a Literal is written as its lexical form

    head = [k for k in ("id", "type") if k in node]
    return {k: order(node[k]) for k in head + sorted(k for k in node if k not in head)}


def _nodes(conv: _Compactor, triples: Iterable[tuple[Any, Any, Any]]) -> list[str]:
    nodes = [_canonical(n) for n in conv.from_graph(cast(Graph, _Triples(triples)))]
    return [_dumps(n) for n in sorted(nodes, key=lambda n: str(n["id"]))]


def document(quads: Iterable[tuple[Any, Any, Any, Any]], ctx: dict[str, Any]) -> bytes:
    """The dataset as one JSON-LD document: ``ctx`` embedded, the merged graph, then each named graph.

    >>> from rdflib import Literal
    >>> from ecokg.namespaces import GRAPH, ID
    >>> a, b = GRAPH["source/a"], GRAPH["source/b"]
    >>> quads = [(ID.x, RDFS.label, Literal("甲", lang="zh"), a), (ID.x, RDFS.label, Literal("X", lang="en"), b),
    ...          (ID.x, RDFS.label, Literal("甲", lang="zh"), b)]
    >>> print(document(quads, context(Graph())).decode().split("\\n", 1)[1])
    "@graph":[
    {"id":"ekg:x","label":{"en":"X","zh":"甲"}},
    {"id":"https://w3id.org/ecokg/graph/source/a","@graph":[
    {"id":"ekg:x","label":{"zh":"甲"}}
    ]},
    {"id":"https://w3id.org/ecokg/graph/source/b","@graph":[
    {"id":"ekg:x","label":{"en":"X","zh":"甲"}}
    ]}
    ]}
    <BLANKLINE>
    """
    conv = _Compactor(Context(ctx))
    merged: dict[tuple[Any, Any, Any], None] = {}
    named: dict[Any, list[tuple[Any, Any, Any]]] = {}
    for s, p, o, g in quads:
        merged[(s, p, o)] = None
        if str(g) != _DEFAULT:
            named.setdefault(g, []).append((s, p, o))
    parts = _nodes(conv, merged)
    for g in sorted(named, key=str):
        head = _dumps({"id": conv.context.shrink_iri(g)})[:-1]
        parts.append(head + ',"@graph":[\n' + ",\n".join(_nodes(conv, named[g])) + "\n]}")
    text = '{"@context":' + _dumps(ctx) + ',\n"@graph":[\n' + ",\n".join(parts) + "\n]}\n"
    return text.encode("utf-8")
