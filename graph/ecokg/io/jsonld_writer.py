"""Compacted JSON-LD for a dataset of IRIs and literals, the same data rdflib's serializer makes.

``Dataset.serialize(format="json-ld", context=..., auto_compact=True)`` walks the store
once per subject and per value; :func:`dataset_jsonld` builds the same JSON structure
(graphs, nodes, keys and values) from plain triples instead, using rdflib's own
:class:`~rdflib.plugins.shared.jsonld.context.Context` to compact IRIs.  Only contexts of
plain prefixes are handled: a context term naming a predicate (type coercion, containers),
blank nodes, RDF lists, triples in the default graph or graphs named by blank nodes raise
:class:`~ecokg.io.turtle_writer.Unsupported`, and callers fall back to rdflib.

>>> from rdflib import Literal, URIRef
>>> a = URIRef("https://w3id.org/ecokg/id/a")
>>> doc = dataset_jsonld([(URIRef("https://w3id.org/ecokg/graph/g"), [(a, a, Literal(1))])],
...                      {"ekg": "https://w3id.org/ecokg/id/", "ekgg": "https://w3id.org/ecokg/graph/"})
>>> doc["@id"], doc["@graph"]
('ekgg:g', [{'@id': 'ekg:a', 'ekg:a': 1}])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from rdflib import RDF, XSD, BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.shared.jsonld.context import Context

from ecokg.io.turtle_writer import Triple, Unsupported

PredicateObjects = Callable[[Any], Iterable[tuple[Any, Any]]]

# rdflib.plugins.serializers.jsonld.PLAIN_LITERAL_TYPES: written as native JSON values
_NATIVE = {XSD.boolean, XSD.integer, XSD.double, XSD.string}


class _Converter:
    """The parts of rdflib's JSON-LD ``Converter`` that a prefix-only context reaches."""

    def __init__(self, context: Context) -> None:
        self.ctx = context
        self._iri: dict[str, str] = {}
        self._sym: dict[str, Any] = {}
        self._term_ids = {key[0] for key in context._lookup}
        self._keys: dict[Any, Any] = {}
        self._values: dict[Any, Any] = {}

    def shrink(self, iri: str) -> str:
        hit = self._iri.get(iri)
        if hit is None:
            hit = self._iri[iri] = self.ctx.shrink_iri(iri)
        return hit

    def symbol(self, iri: str) -> Any:
        hit = self._sym.get(iri)
        if hit is None:
            hit = self._sym[iri] = self.ctx.to_symbol(iri)
        return hit

    def raw_value(self, o: Any) -> Any:
        """``Converter.to_raw_value`` for an IRI or a literal."""
        if o == RDF.nil:  # the empty list
            return {self.ctx.list_key: []}
        if isinstance(o, URIRef):
            return {self.ctx.id_key: self.shrink(o)}
        if not isinstance(o, Literal):
            raise Unsupported(f"unexpected term {o!r}")
        native = o.datatype in _NATIVE
        v = o.toPython() if native else str(o)
        if native and not isinstance(v, bool | int | float | str):
            raise Unsupported(f"ill-typed literal {o!r}")
        if o.datatype:
            if native:
                return v
            return {self.ctx.type_key: self.symbol(o.datatype), self.ctx.value_key: v}
        if o.language and o.language != self.ctx.language:
            return {self.ctx.lang_key: o.language, self.ctx.value_key: v}
        if self.ctx.language and not o.language:
            return {self.ctx.value_key: v}
        return v

    def nodes(self, triples: Iterable[Triple], in_store_order: PredicateObjects | None) -> list[dict[str, Any]]:
        """``Converter.from_graph``: one node object per subject.

        rdflib gathers repeated values of a key in a list, except that a falsy first value
        (``false``, ``0``, ``""``) is replaced by the next one, so the result depends on the
        order of the values.  The few subjects where that happens are redone with their
        values in rdflib's order, from ``in_store_order`` (without it: :class:`Unsupported`).
        """
        ctx = self.ctx
        nodemap: dict[str, dict[str, Any]] = {}
        current: dict[Any, dict[str, Any] | None] = {}
        order_matters: dict[Any, None] = {}
        for s, p, o in triples:
            if s in current:
                node = current[s]
            else:
                if not isinstance(s, URIRef):
                    raise Unsupported("blank nodes")
                node_id = self.shrink(s)
                node = None if node_id in nodemap else {ctx.id_key: node_id}
                if node is not None:
                    nodemap[node_id] = node
                current[s] = node
            if node is None:  # an IRI that compacts like an earlier subject: rdflib skips it
                continue
            if not self._add(node, p, o):
                order_matters[s] = None
        for s in order_matters:
            if in_store_order is None:
                raise Unsupported("falsy values among repeated values")
            node = current[s]
            assert node is not None
            node_id = node[ctx.id_key]
            node.clear()
            node[ctx.id_key] = node_id
            for p, o in in_store_order(s):
                self._add(node, p, o)
        return list(nodemap.values())

    def _add(self, node: dict[str, Any], p: Any, o: Any) -> bool:
        """``Converter.add_to_node``; False when the result depends on the order of the values."""
        p_key = self._keys.get(p)
        if p_key is None:
            p_key = self._keys[p] = self._key(p)
        value_node = self._values.get(self._value_key(p_key, o))
        if value_node is None:
            value_node = self._value(p_key, o)
        if p_key not in node:
            node[p_key] = value_node
            return True
        value = node[p_key]
        if not value:  # rdflib replaces a falsy value by the next one
            node[p_key] = value_node
            return False
        if not isinstance(value, list):
            node[p_key] = value = [value]
        value.append(value_node)
        return bool(value_node)

    def _key(self, p: Any) -> Any:
        """The key of predicate ``p`` in a node object, when no context term matches ``p``."""
        if not isinstance(p, URIRef) or p == RDF.first:
            raise Unsupported("RDF lists")
        if str(p) in self._term_ids:
            raise Unsupported(f"context term for {p}")
        if p == RDF.type:
            return self.ctx.type_key
        p_key = self.symbol(p)
        key_term = self.ctx.terms.get(p_key)
        if key_term and (key_term.type or key_term.container):
            p_key = p
        return p_key

    def _value_key(self, p_key: Any, o: Any) -> Any:
        """The cache key for the JSON value of ``o`` under key ``p_key``."""
        # rdflib's literal equality ignores the case of language tags; the JSON does not
        key = (o, o.language) if isinstance(o, Literal) else o
        return (p_key, key) if p_key == self.ctx.type_key else key

    def _value(self, p_key: Any, o: Any) -> Any:
        """The JSON value for object ``o`` (cached: it does not depend on the subject)."""
        if isinstance(o, BNode):
            raise Unsupported("blank nodes")
        as_type = p_key == self.ctx.type_key and isinstance(o, URIRef)  # rdf:type values are bare symbols
        value_node = self.symbol(o) if as_type else self.raw_value(o)
        self._values[self._value_key(p_key, o)] = value_node
        return value_node


def dataset_jsonld(
    graphs: Sequence[tuple[Any, Sequence[Triple]]],
    context_data: dict[str, str],
    in_store_order: Callable[[Any, Any], Iterable[tuple[Any, Any]]] | None = None,
) -> Any:
    """The JSON-LD document rdflib writes for a dataset whose named graphs are ``graphs``.

    ``graphs`` pairs each graph's identifier with its (distinct) triples; the default graph
    must be empty.  ``in_store_order(graph, subject)`` gives a subject's (predicate, object)
    pairs in the order rdflib reads them, for the rare nodes where that order matters (see
    :meth:`_Converter.nodes`).  Key and array order may differ from rdflib's, so canonicalise
    before comparing or writing.
    """
    ctx = Context(context_data, base=None)
    conv = _Converter(ctx)
    objs: list[dict[str, Any]] = []
    for ident, triples in graphs:
        if ident == DATASET_DEFAULT_GRAPH_ID:
            if triples:
                raise Unsupported("triples in the default graph")
            continue
        if not isinstance(ident, URIRef):
            raise Unsupported(f"graph named by {ident!r}")
        graphname = conv.shrink(ident)
        order = None if in_store_order is None else partial(in_store_order, ident)
        nodes = conv.nodes(triples, order)
        if not nodes:
            continue
        obj = {ctx.id_key: graphname, ctx.graph_key: nodes}
        if objs and objs[0].get(ctx.get_key("@id")) == graphname:
            objs[0].update(obj)
        else:
            objs.append(obj)
    result: Any = objs[0] if len(objs) == 1 else {ctx.get_key("@graph"): objs}
    result["@context"] = context_data
    return result
