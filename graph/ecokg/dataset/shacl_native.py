"""A small SHACL Core checker for the constructs ``ontology/shapes.ttl`` uses.

pyshacl spends about a second on the built graph, most of it in rdflib store look-ups.
This checker reads the shapes graph into plain objects, indexes the data triples in dicts
once and evaluates the same constraints with pyshacl's semantics:

* targets: ``sh:targetClass`` (instances of the class and of its ``rdfs:subClassOf*``
  subclasses, as found in the data graph), ``sh:targetNode``, ``sh:targetSubjectsOf``,
  ``sh:targetObjectsOf``;
* node and property shapes whose ``sh:path`` is a single predicate, ``sh:property``;
* ``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:languageIn``,
  ``sh:uniqueLang``, ``sh:in``, ``sh:hasValue``, ``sh:or``, ``sh:not``,
  ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount``;
* ``sh:message`` (else a message worded like pyshacl's).

Any other SHACL term in the shapes graph (``sh:severity``, ``sh:node``, ``sh:pattern``,
SPARQL constraints, complex paths, implicit class targets, ...) raises
:class:`UnsupportedShapes`, and :func:`ecokg.dataset.validate.shacl_violations` then runs pyshacl
instead, so every shape is always checked.  ``tests/test_shacl_native.py`` checks that both
engines report the same results on the real graph and on broken ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")

_TYPE = RDF.type
_SUBCLASS = RDFS.subClassOf
_LITERAL, _DATATYPE, _LANG_STRING, _STRING = RDFS.Literal, RDFS.Datatype, RDF.langString, XSD.string
_SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
# Predicates a shape node may carry: what the checker evaluates plus non-validating annotations.
_HANDLED = _TARGETS | {
    RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description, SH.message, SH.property, SH.path,
    SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.languageIn, SH.uniqueLang, SH["in"],
    SH.hasValue, SH["or"], SH["not"], SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
}  # fmt: skip
_SINGLE = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.languageIn, SH.uniqueLang, SH["in"], SH["not"],
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
}  # fmt: skip


class UnsupportedShapes(ValueError):
    """The shapes graph uses SHACL this checker does not implement (use pyshacl)."""


@dataclass(frozen=True)
class ShaclResult:
    """One validation result, as pyshacl's report states it."""

    focus: Node
    path: Node | None
    value: Node | None
    component: URIRef
    message: str


@dataclass
class Shape:
    """A node or property shape, with its parameters read from the shapes graph."""

    node: Node
    path: URIRef | None = None
    messages: list[str] = field(default_factory=list)
    target_classes: list[Node] = field(default_factory=list)
    target_nodes: list[Node] = field(default_factory=list)
    target_subjects_of: list[Node] = field(default_factory=list)
    target_objects_of: list[Node] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    min_count: int | None = None
    max_count: int | None = None
    classes: list[Node] = field(default_factory=list)
    datatype: Node | None = None
    languages: frozenset[str] | None = None
    language_list: Node | None = None
    unique_lang: bool = False
    in_values: list[Node] | None = None
    has_values: list[Node] = field(default_factory=list)
    ors: list[list[Shape]] = field(default_factory=list)
    not_shape: Shape | None = None
    qualified: Shape | None = None
    qualified_min: int | None = None
    qualified_max: int | None = None

    @property
    def has_targets(self) -> bool:
        return bool(self.target_classes or self.target_nodes or self.target_subjects_of or self.target_objects_of)


def _int(value: Node) -> int:
    if not isinstance(value, Literal) or not isinstance(value.value, int) or isinstance(value.value, bool):
        raise UnsupportedShapes(f"expected an integer, got {value!r}")
    return value.value


class ShapesGraph:
    """The shapes of a SHACL graph, parsed once; raises :class:`UnsupportedShapes` if need be."""

    def __init__(self, sg: Graph) -> None:
        self.graph = sg
        self._shapes: dict[Node, Shape] = {}
        roots = {s for s, p, o in sg if p in _TARGETS or (p == _TYPE and o in _SHAPE_TYPES)}
        for node in sorted(roots, key=str):
            self._shape(node)
        self._check_all_read()
        self.targeted = [s for s in self._shapes.values() if s.has_targets]

    def _items(self, node: Node) -> list[Node]:
        if node != RDF.nil and (node, RDF.first, None) not in self.graph:
            raise UnsupportedShapes(f"expected an RDF list, got {node!r}")
        return list(Collection(self.graph, node))

    def _shape(self, node: Node) -> Shape:
        if node in self._shapes:
            return self._shapes[node]
        shape = self._shapes[node] = Shape(node)
        values: dict[Node, list[Node]] = {}
        for p, o in self.graph.predicate_objects(node):
            if p not in _HANDLED:
                raise UnsupportedShapes(f"{p} on shape {node}")
            values.setdefault(p, []).append(o)
        for p, objs in values.items():
            if p in _SINGLE and len(objs) > 1:
                raise UnsupportedShapes(f"more than one {p} on shape {node}")
        for cls in values.get(_TYPE, []):
            if cls not in _SHAPE_TYPES:  # rdfs:Class / owl:Class shapes have implicit class targets
                raise UnsupportedShapes(f"shape {node} is typed {cls}")
        get = values.get
        if SH.path in values:
            path = values[SH.path][0]
            if not isinstance(path, URIRef):
                raise UnsupportedShapes(f"complex path on shape {node}")
            shape.path = path
        shape.messages = sorted(str(m) for m in get(SH.message, []))
        shape.target_classes = get(SH.targetClass, [])
        shape.target_nodes = get(SH.targetNode, [])
        shape.target_subjects_of = get(SH.targetSubjectsOf, [])
        shape.target_objects_of = get(SH.targetObjectsOf, [])
        shape.properties = [self._shape(p) for p in get(SH.property, [])]
        if any(p.path is None for p in shape.properties):
            raise UnsupportedShapes(f"sh:property without sh:path on shape {node}")
        if SH.minCount in values:
            shape.min_count = _int(values[SH.minCount][0])
        if SH.maxCount in values:
            shape.max_count = _int(values[SH.maxCount][0])
        shape.classes = get(SH["class"], [])
        if SH.datatype in values:
            shape.datatype = values[SH.datatype][0]
        if SH.languageIn in values:
            shape.language_list = values[SH.languageIn][0]
            langs = self._items(shape.language_list)
            if not all(isinstance(x, Literal) and isinstance(x.value, str) for x in langs):
                raise UnsupportedShapes(f"sh:languageIn members must be strings on shape {node}")
            shape.languages = frozenset(str(x.value).lower() for x in langs)
        if SH.uniqueLang in values:
            flag = values[SH.uniqueLang][0]
            if not isinstance(flag, Literal) or not isinstance(flag.value, bool) or shape.path is None:
                raise UnsupportedShapes(f"bad sh:uniqueLang on shape {node}")
            shape.unique_lang = flag.value
        if SH["in"] in values:
            shape.in_values = self._items(values[SH["in"]][0])
        shape.has_values = get(SH.hasValue, [])
        shape.ors = [[self._shape(m) for m in self._items(lst)] for lst in get(SH["or"], [])]
        if SH["not"] in values:
            shape.not_shape = self._shape(values[SH["not"]][0])
        if SH.qualifiedValueShape in values:
            shape.qualified = self._shape(values[SH.qualifiedValueShape][0])
        if SH.qualifiedMinCount in values:
            shape.qualified_min = _int(values[SH.qualifiedMinCount][0])
        if SH.qualifiedMaxCount in values:
            shape.qualified_max = _int(values[SH.qualifiedMaxCount][0])
        if (shape.qualified is None) != (shape.qualified_min is None and shape.qualified_max is None):
            raise UnsupportedShapes(f"incomplete qualified value shape on shape {node}")
        return shape

    def _check_all_read(self) -> None:
        """Every SHACL statement must belong to a shape read here (lists aside)."""
        for s, p, _o in self.graph:
            if p in (RDF.first, RDF.rest):
                continue
            if (str(p).startswith(str(SH)) or p in _TARGETS) and s not in self._shapes:
                raise UnsupportedShapes(f"{p} on {s}, which is not a shape the checker reads")

    def describe(self, node: Node) -> str:
        """A short text for a shapes-graph node, for default messages."""
        if isinstance(node, BNode):
            if (node, RDF.first, None) in self.graph:
                return "( " + " ".join(self.describe(x) for x in self._items(node)) + " )"
            parts = sorted(f"{self.describe(p)} {self.describe(o)}" for p, o in self.graph.predicate_objects(node))
            return "[ " + " ; ".join(parts) + " ]"
        if isinstance(node, Literal):
            return f'Literal("{node}")'
        return node.n3(self.graph.namespace_manager)


class DataIndex:
    """The data graph's triples in dicts: subject -> predicate -> objects, and class lookups."""

    def __init__(self, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        out: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in triples:
            props = out.get(s)
            if props is None:
                props = out[s] = {}
            objs = props.get(p)
            if objs is None:
                props[p] = [o]
            elif o not in objs:
                objs.append(o)
        self.out = out
        self._instances: dict[Node, list[Node]] | None = None
        self._subclasses: dict[Node, list[Node]] | None = None
        self._supers: dict[Node, frozenset[Node]] = {}
        self._names = Graph().namespace_manager  # like pyshacl, which names data nodes by the data graph's prefixes

    def values(self, focus: Node, path: Node) -> list[Node]:
        props = self.out.get(focus)
        return props.get(path, []) if props else []

    def _inverse(self, predicate: Node) -> dict[Node, list[Node]]:
        inv: dict[Node, list[Node]] = {}
        for s, props in self.out.items():
            for o in props.get(predicate, ()):
                inv.setdefault(o, []).append(s)
        return inv

    def instances(self, cls: Node) -> set[Node]:
        """Instances of ``cls`` or of a class below it by ``rdfs:subClassOf*``."""
        if self._instances is None:
            self._instances = self._inverse(_TYPE)
            self._subclasses = self._inverse(_SUBCLASS)
        assert self._subclasses is not None
        found: set[Node] = set()
        seen = {cls}
        stack = [cls]
        while stack:
            c = stack.pop()
            found.update(self._instances.get(c, ()))
            for sub in self._subclasses.get(c, ()):
                if sub not in seen:
                    seen.add(sub)
                    stack.append(sub)
        return found

    def superclasses(self, cls: Node) -> frozenset[Node]:
        """``cls`` and every class above it by ``rdfs:subClassOf*``."""
        hit = self._supers.get(cls)
        if hit is None:
            seen = {cls}
            stack = [cls]
            while stack:
                for sup in self.values(stack.pop(), _SUBCLASS):
                    if sup not in seen:
                        seen.add(sup)
                        stack.append(sup)
            hit = self._supers[cls] = frozenset(seen)
        return hit

    def is_instance(self, node: Node, cls: Node) -> bool:
        if isinstance(node, Literal):
            return False
        return any(cls in self.superclasses(t) for t in self.values(node, _TYPE))

    def subjects_of(self, predicate: Node) -> set[Node]:
        return {s for s, props in self.out.items() if predicate in props}

    def objects_of(self, predicate: Node) -> set[Node]:
        return {o for props in self.out.values() for o in props.get(predicate, ())}

    def name(self, node: Node) -> str:
        if isinstance(node, URIRef):
            try:
                return node.n3(self._names)
            except Exception:
                return str(node)
        return str(node)


# pyshacl's check that a literal's Python value fits its datatype (other datatypes pass).
_PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}  # fmt: skip


def _actual_datatype(value: Literal, datatype: Node) -> bool:
    kind = _PYTHON_TYPES.get(datatype)
    return True if kind is None else isinstance(value.value, kind)


def datatype_matches(v: Node, datatype: Node) -> bool:
    """``sh:datatype`` as pyshacl evaluates it (ill-typed literals fail)."""
    if not isinstance(v, Literal):
        return False
    if v.datatype == datatype:
        return getattr(v, "ill_typed", None) is not True and _actual_datatype(v, datatype)
    if datatype == _LITERAL:
        return True
    if datatype == _DATATYPE and v.datatype:
        return True
    if v.datatype is None and v.language is None and datatype == _STRING:
        return _actual_datatype(v, datatype)
    if datatype == _LANG_STRING and v.language:
        return _actual_datatype(v, datatype)
    return False


def language_matches(v: Node, languages: frozenset[str]) -> bool:
    """``sh:languageIn``: a literal whose tag, or its first subtag, is listed (or ``*``)."""
    if not isinstance(v, Literal) or not v.language:
        return False
    lang = str(v.language).lower()
    return "*" in languages or lang in languages or lang.split("-")[0] in languages


class Checker:
    """Evaluate a :class:`ShapesGraph` on a :class:`DataIndex`."""

    def __init__(self, shapes: ShapesGraph, data: DataIndex) -> None:
        self.shapes = shapes
        self.data = data

    def focus_nodes(self, shape: Shape) -> set[Node]:
        data = self.data
        found: set[Node] = set(shape.target_nodes)
        for cls in shape.target_classes:
            found |= data.instances(cls)
        for p in shape.target_subjects_of:
            found |= data.subjects_of(p)
        for p in shape.target_objects_of:
            found |= data.objects_of(p)
        return found

    def run(self) -> list[ShaclResult]:
        results: list[ShaclResult] = []
        for shape in self.shapes.targeted:
            for focus in self.focus_nodes(shape):
                results.extend(self.validate(shape, focus))
        return results

    def conforms(self, shape: Shape, focus: Node) -> bool:
        return not self.validate(shape, focus, messages=False)

    def validate(self, shape: Shape, focus: Node, messages: bool = True) -> list[ShaclResult]:
        """The results of ``shape`` on one focus node (nested shapes report only conformance)."""
        data = self.data
        path = shape.path
        values: Sequence[Node] = data.values(focus, path) if path is not None else [focus]
        found: list[tuple[URIRef, Node | None, dict[str, Any]]] = []

        def fail(component: URIRef, value: Node | None = None, **info: Any) -> None:
            found.append((component, value, info))

        if shape.min_count is not None and len(values) < shape.min_count:
            fail(SH.MinCountConstraintComponent, n=shape.min_count)
        if shape.max_count is not None and len(values) > shape.max_count:
            fail(SH.MaxCountConstraintComponent, n=shape.max_count)
        for cls in shape.classes:
            for v in values:
                if not data.is_instance(v, cls):
                    fail(SH.ClassConstraintComponent, v, cls=cls)
        if shape.datatype is not None:
            for v in values:
                if not datatype_matches(v, shape.datatype):
                    fail(SH.DatatypeConstraintComponent, v)
        if shape.languages is not None:
            for v in values:
                if not language_matches(v, shape.languages):
                    fail(SH.LanguageInConstraintComponent, v)
        if shape.unique_lang:
            seen: set[str] = set()
            duplicated: set[str] = set()
            for v in values:
                if isinstance(v, Literal) and v.language:
                    lang = str(v.language).lower()
                    (duplicated if lang in seen else seen).add(lang)
            for _lang in sorted(duplicated):
                fail(SH.UniqueLangConstraintComponent)
        if shape.in_values is not None:
            allowed = set(shape.in_values)
            for v in values:
                if v not in allowed:
                    fail(SH.InConstraintComponent, v)
        for hv in shape.has_values:
            if hv not in values:
                fail(SH.HasValueConstraintComponent)
        for members in shape.ors:
            for v in values:
                if not any(self.conforms(m, v) for m in members):
                    fail(SH.OrConstraintComponent, v, members=members)
        if shape.not_shape is not None:
            for v in values:
                if self.conforms(shape.not_shape, v):
                    fail(SH.NotConstraintComponent, v)
        if shape.qualified is not None:
            count = sum(1 for v in values if self.conforms(shape.qualified, v))
            if shape.qualified_min is not None and count < shape.qualified_min:
                fail(SH.QualifiedMinCountConstraintComponent)
            if shape.qualified_max is not None and count > shape.qualified_max:
                fail(SH.QualifiedMaxCountConstraintComponent)
        out = [
            ShaclResult(focus, path, value, comp, self._message(shape, comp, focus, value, info) if messages else "")
            for comp, value, info in found
        ]
        for prop in shape.properties:
            for v in values:
                out.extend(self.validate(prop, v, messages))
                if out and not messages:
                    return out
        return out

    def _message(self, shape: Shape, component: URIRef, focus: Node, value: Node | None, info: dict) -> str:
        """The shape's ``sh:message``, else a default worded like pyshacl's."""
        if shape.messages:
            return shape.messages[0]
        d, s = self.data.name, self.shapes.describe
        on = f"{d(focus)}->{s(shape.path)}" if shape.path is not None else d(focus)
        texts = {
            SH.MinCountConstraintComponent: lambda: f"Less than {info.get('n')} values on {on}",
            SH.MaxCountConstraintComponent: lambda: f"More than {info.get('n')} values on {on}",
            SH.ClassConstraintComponent: lambda: f"Value does not have class {s(info['cls'])}",
            SH.DatatypeConstraintComponent: lambda: f"Value is not Literal with datatype {s(shape.datatype)}",
            SH.LanguageInConstraintComponent: lambda: f"String language is not in {s(shape.language_list)}",
            SH.UniqueLangConstraintComponent: lambda: "More than one String shares the same Language",
            SH.InConstraintComponent: lambda: f"Value {d(value)} not in list {[s(x) for x in shape.in_values or []]}",
            SH.HasValueConstraintComponent: lambda: (
                f"Node {on} does not contain a value in the set: {[s(x) for x in shape.has_values]}"
            ),
            SH.OrConstraintComponent: lambda: (
                f"Node {d(value)} must conform to one or more shapes in "
                + " , ".join(s(m.node) for m in info["members"])
            ),
            SH.NotConstraintComponent: lambda: (
                f"Node {d(value)} must not conform to shape {s(shape.not_shape.node)}"  # type: ignore[union-attr]
            ),
            SH.QualifiedMinCountConstraintComponent: lambda: (
                f"Focus node does not conform to shape MinCount {shape.qualified_min}: " + s(shape.qualified.node)  # type: ignore[union-attr]
            ),
            SH.QualifiedMaxCountConstraintComponent: lambda: (
                f"Focus node does not conform to shape MaxCount {shape.qualified_max}: " + s(shape.qualified.node)  # type: ignore[union-attr]
            ),
        }
        return texts[component]()


def native_results(shapes: ShapesGraph, triples: Iterable[tuple[Any, Any, Any]]) -> list[ShaclResult]:
    """Validate the data graph made of ``triples`` against ``shapes``."""
    return Checker(shapes, DataIndex(triples)).run()
