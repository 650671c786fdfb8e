"""Turtle text for graphs of IRIs and literals, byte-identical to rdflib's Turtle serializer.

rdflib's :class:`~rdflib.plugins.serializers.turtle.TurtleSerializer` looks every subject
up in the store again and recomputes the text of every term each time it writes it, which
makes it the slowest part of a build.  :class:`TurtleWriter` groups the triples in plain
dicts once and renders each distinct term once -- with rdflib's own functions
(``compute_qname``, ``Literal._literal_n3``), so the text of a term is the same -- and it
follows the serializer's layout and order exactly:

* ``@prefix`` lines for the prefixes the graph uses, sorted by prefix;
* ``rdfs:Class`` instances first, then subjects by (times used as an object, IRI);
* ``rdf:type`` (written ``a``) and ``rdfs:label`` first, then the other predicates sorted;
  objects sorted with rdflib's term ordering.

Graphs it cannot reproduce exactly -- blank nodes (which rdflib nests or labels) or a
predicate in a namespace without a prefix (rdflib would invent ``ns1:``) -- raise
:class:`Unsupported`; callers then fall back to rdflib.

>>> from rdflib import Literal, URIRef
>>> from rdflib.namespace import RDF, RDFS
>>> a = URIRef("https://w3id.org/ecokg/id/a")
>>> print(TurtleWriter().turtle([(a, RDF.type, RDFS.Class), (a, RDFS.label, Literal("A", lang="en"))]), end="")
@prefix ekg: <https://w3id.org/ecokg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<BLANKLINE>
ekg:a a rdfs:Class ;
    rdfs:label "A"@en .
<BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ecokg.dataset.build import bind_prefixes

Triple = tuple[Any, Any, Any]
TermText = tuple[str, tuple[tuple[str, str], ...]]

_TYPE, _LABEL, _CLASS, _NIL = RDF.type, RDFS.label, RDFS.Class, RDF.nil

# The serializer's escape for a '%' not followed by two hex digits in a local name.
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SUBJECT_INDENT = ""
_PREDICATE_SEP = " ;\n    "
_OBJECT_SEP = ",\n        "


def _key(node: Node) -> Any:
    """A cache key for a term's text: rdflib's literal equality ignores the case of language tags."""
    return (node, node.language) if type(node) is Literal else node


class Unsupported(ValueError):
    """The graph needs a serializer feature this writer does not reproduce (use rdflib)."""


class TurtleWriter:
    """Render graphs as rdflib would, with the prefixes of :data:`ecokg.dataset.namespaces.PREFIXES`.

    One writer may render several graphs; the text of each term is computed once.
    """

    def __init__(self) -> None:
        self._graph = Graph()
        bind_prefixes(self._graph)
        self._nm = self._graph.namespace_manager
        # node -> (text, prefixes the serializer registers for it), as subject/object and as predicate
        self._nodes: dict[Node, TermText] = {}
        self._predicates: dict[Node, TermText] = {}

    def _pname(self, uri: URIRef, predicate: bool) -> tuple[str, str, str] | None:
        """``TurtleSerializer.get_pname``: (prefixed name, prefix, namespace) or None."""
        try:
            prefix, namespace, local = self._nm.compute_qname(uri, generate=False)
        except KeyError:
            if predicate:  # rdflib would generate (and bind) a prefix such as ns1
                raise Unsupported(f"no prefix for the namespace of predicate {uri}") from None
            return self._namespace_itself(uri)
        except Exception:
            return self._namespace_itself(uri)
        local = local.replace("(", r"\(").replace(")", r"\)")
        local = _PERCENT.sub("\\%", local)
        if local.endswith("."):
            return None
        if prefix.startswith("_"):
            raise Unsupported(f"prefix {prefix!r} would be rewritten")
        return f"{prefix}:{local}", prefix, str(namespace)

    def _namespace_itself(self, uri: URIRef) -> tuple[str, str, str] | None:
        pfx = self._graph.store.prefix(uri)
        if pfx is None:
            return None
        if pfx.startswith("_"):
            raise Unsupported(f"prefix {pfx!r} would be rewritten")
        return f"{pfx}:", pfx, str(uri)

    def term(self, node: Node, predicate: bool = False) -> TermText:
        """The text of ``node`` and the (prefix, namespace) pairs rdflib registers for it."""
        cache = self._predicates if predicate else self._nodes
        key = _key(node)
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = self._render(node, predicate)
        return hit

    def _render(self, node: Node, predicate: bool) -> TermText:
        if isinstance(node, BNode):
            raise Unsupported("blank node")
        used: list[tuple[str, str]] = []
        if predicate and node == _TYPE:
            text = "a"  # a keyword: the serializer registers no prefix for it
        elif isinstance(node, Literal):
            dt_name = None
            if node.datatype is not None:
                found = self._pname(node.datatype, False)
                if found:
                    dt_name = found[0]
                    used.append(found[1:])
            text = node._literal_n3(use_plain=True, qname_callback=lambda _dt: dt_name)
        elif isinstance(node, URIRef):
            found = self._pname(node, predicate)
            if found:
                used.append(found[1:])
            fallback = found[0] if found else node.n3()
            text = "()" if node == _NIL else fallback
        else:
            raise Unsupported(f"unexpected term {node!r}")
        return text, tuple(used)

    def turtle(self, triples: Iterable[Triple]) -> str:
        """The Turtle document for ``triples`` (distinct triples), as ``Graph.serialize`` returns it."""
        by_subject: dict[Any, dict[Any, list[Any]]] = {}
        refs: dict[Any, int] = {}
        for s, p, o in triples:
            props = by_subject.get(s)
            if props is None:
                props = by_subject[s] = {}
            objs = props.get(p)
            if objs is None:
                props[p] = [o]
            else:
                objs.append(o)
            refs[o] = refs.get(o, 0) + 1
        nodes, predicates = self._nodes, self._predicates
        used: set[tuple[str, str]] = set()
        for node in by_subject.keys() | refs.keys():
            used.update(self.term(node)[1])
        for p in {p for props in by_subject.values() for p in props}:
            used.update((predicates.get(p) or self.term(p, True))[1])
        out = [f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(used)]
        for s in self._subject_order(by_subject, refs):
            out.append("\n" + _SUBJECT_INDENT + nodes[s][0])
            out.append(self._predicate_list(by_subject[s]))
            out.append(" .\n")
        out.append("\n")
        # rdflib writes through an encoder with errors="replace"
        return "".join(out).encode("utf-8", "replace").decode("utf-8")

    @staticmethod
    def _subject_order(by_subject: dict[Any, dict[Any, list[Any]]], refs: dict[Any, int]) -> list[Any]:
        """``RecursiveSerializer.orderSubjects``: rdfs:Class instances, then (references, IRI)."""
        if any(type(s) is not URIRef for s in by_subject):
            raise Unsupported("subjects must be plain IRIs")
        classes = sorted(s for s, props in by_subject.items() if _CLASS in props.get(_TYPE, ()))
        seen = set(classes)
        rest = [(refs.get(s, 0), str(s), s) for s in by_subject if s not in seen]
        rest.sort(key=lambda r: (r[0], r[1]))
        return classes + [s for _r, _k, s in rest]

    def _predicate_list(self, props: dict[Any, list[Any]]) -> str:
        nodes, predicates = self._nodes, self._predicates
        if len(props) == 1:
            order = list(props)
        else:
            order = [p for p in (_TYPE, _LABEL) if p in props]
            order += sorted(p for p in props if p != _TYPE and p != _LABEL)
        parts = []
        sep = " "
        for p in order:
            objs = props[p]
            parts.append(sep + predicates[p][0] + " ")
            sep = _PREDICATE_SEP
            if len(objs) == 1:
                parts.append(nodes[_key(objs[0])][0])
            else:
                parts.append(_OBJECT_SEP.join([nodes[_key(o)][0] for o in sorted(objs)]))
        return "".join(parts)
