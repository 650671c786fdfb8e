"""Query parameters: typed values, checked terms and the ``VALUES`` block that binds them.

A parameter has a type (``iri``, ``iri(src)``, ``string``, ``integer``, ``decimal``; see
:data:`PARAM_TYPES`). Parameters are bound with a SPARQL 1.1 ``VALUES`` block placed at the start of
the query's top-level ``WHERE`` group. The value is never pasted as text: it is first converted to a
typed RDF term (an IRI is checked against the ``IRIREF`` grammar, a number against its lexical form),
written in canonical N-Triples form, and that form is parsed back by a SPARQL parser and compared with
the term before the query is run. The same bound text therefore runs unchanged on the embedded store
and on any remote SPARQL 1.1 store.

>>> q = "SELECT ?label WHERE { ?e rdfs:label ?label }"
>>> print(bind(q, {"e": parse_value("taiping_bird", "iri")}))
SELECT ?label WHERE { VALUES ?e { <https://w3id.org/ecokg/id/taiping_bird> } ?e rdfs:label ?label }
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from ecokg.namespaces import PREFIXES
from ecokg.query.names import Names
from ecokg.query.safety import QUERY_FORMS, tokenize


class ParamError(ValueError):
    """A parameter value that does not fit its declared type, or an unknown parameter."""


PARAM_TYPES = ("iri", "string", "integer", "decimal")
"""The base types a parameter may declare (``iri(PREFIX)`` reads a bare id in another namespace)."""
_IRI_OK = re.compile(r"[^<>\"{}|^`\\\x00-\x20]*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_LANG = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")


def split_type(kind: str) -> tuple[str, str]:
    """Check a parameter type; return its base type and the prefix a bare IRI id is read in.

    >>> split_type("iri"), split_type("iri(src)"), split_type("integer")
    (('iri', 'ekg'), ('iri', 'src'), ('integer', 'ekg'))
    >>> split_type("date")
    Traceback (most recent call last):
    ...
    ecokg.query.params.ParamError: unknown parameter type 'date' (choose from iri, string, integer, decimal, iri(PREFIX))
    """
    m = re.fullmatch(r"(\w+)(?:\((\w+)\))?", kind)
    if not m or m.group(1) not in PARAM_TYPES or (m.group(2) and m.group(1) != "iri"):
        raise ParamError(f"unknown parameter type {kind!r} (choose from {', '.join(PARAM_TYPES)}, iri(PREFIX))")
    ns = m.group(2) or "ekg"
    if ns not in PREFIXES:
        raise ParamError(f"unknown prefix {ns!r} in parameter type {kind!r}")
    return m.group(1), ns


def parse_value(raw: str, kind: str = "iri") -> Node:
    """Turn a command-line value into the RDF term a parameter of type ``kind`` expects.

    ``iri`` accepts a bare id (``haishu``, in ``ekg:``, or in the namespace named as ``iri(src)``),
    a prefixed name of the project (``ekg:haishu``, ``src:…``) or an absolute IRI (``<…>`` optional).

    >>> parse_value("haishu")
    rdflib.term.URIRef('https://w3id.org/ecokg/id/haishu')
    >>> parse_value("2019-05-haishu-246-clusters", "iri(src)")
    rdflib.term.URIRef('https://w3id.org/ecokg/source/2019-05-haishu-246-clusters')
    >>> parse_value("2021", "integer")
    rdflib.term.Literal('2021', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> parse_value("x> } ; DROP ALL #", "iri")
    Traceback (most recent call last):
    ...
    ecokg.query.params.ParamError: not an IRI: 'x> } ; DROP ALL #' (spaces and <>"{}|^`\\ are not allowed)
    """
    base, ns = split_type(kind)
    if base == "iri":
        value = raw.strip()
        if not value:
            raise ParamError("an empty value is not an IRI")
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1]
        elif ":" in value and value.split(":", 1)[0] in PREFIXES:
            prefix, local = value.split(":", 1)
            value = PREFIXES[prefix] + local
        elif not _SCHEME.match(value):
            value = PREFIXES[ns] + value
        if not value or not _IRI_OK.fullmatch(value):
            raise ParamError(f'not an IRI: {raw!r} (spaces and <>"{{}}|^`\\ are not allowed)')
        return URIRef(value)
    if base == "integer":
        if not _INTEGER.fullmatch(raw.strip()):
            raise ParamError(f"not an integer: {raw!r}")
        return Literal(raw.strip(), datatype=XSD.integer)
    if base == "decimal":
        try:
            Decimal(raw.strip())
        except InvalidOperation:
            raise ParamError(f"not a decimal number: {raw!r}") from None
        if not _DECIMAL.fullmatch(raw.strip()):
            raise ParamError(f"not a decimal number: {raw!r}")
        return Literal(raw.strip(), datatype=XSD.decimal)
    if any(ord(c) < 0x20 and c not in "\t\n\r" for c in raw):
        raise ParamError(f"control characters are not allowed in a string parameter: {raw!r}")
    return Literal(raw)


def infer_value(raw: str) -> Node:
    """Type a parameter of an ad-hoc query (no header): integer, decimal, IRI or else string.

    >>> infer_value("42"), infer_value("ekg:haishu"), infer_value("太平鸟")
    (rdflib.term.Literal('42', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')), rdflib.term.URIRef('https://w3id.org/ecokg/id/haishu'), rdflib.term.Literal('太平鸟'))
    """
    s = raw.strip()
    if _INTEGER.fullmatch(s):
        return parse_value(s, "integer")
    if _DECIMAL.fullmatch(s):
        return parse_value(s, "decimal")
    if (s.startswith("<") and s.endswith(">")) or (":" in s and s.split(":", 1)[0] in PREFIXES):
        return parse_value(s, "iri")
    if re.match(r"(https?|urn|file):", s):
        return parse_value(s, "iri")
    return parse_value(raw, "string")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def term_text(term: Node) -> str:
    """A term in canonical N-Triples form, for a VALUES block (validated, never pasted).

    >>> term_text(Literal('say "hi"\\n', lang="zh"))
    '"say \\\\"hi\\\\"\\\\n"@zh'
    >>> term_text(Literal("7", datatype=XSD.integer))
    '"7"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    if isinstance(term, URIRef):
        if not _IRI_OK.fullmatch(str(term)) or not _SCHEME.match(str(term)):
            raise ParamError(f"not an absolute IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        lex = str(term)
        if any(ord(c) < 0x20 and c not in _ESCAPES for c in lex):
            raise ParamError(f"control characters are not allowed in a literal: {lex!r}")
        body = '"' + "".join(_ESCAPES.get(c, c) for c in lex) + '"'
        if term.language:
            if not _LANG.fullmatch(term.language):
                raise ParamError(f"bad language tag {term.language!r}")
            return f"{body}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{body}^^{term_text(URIRef(term.datatype))}"
        return body
    raise ParamError(f"cannot bind {term!r}: only IRIs and literals")


def _roundtrip(names: Sequence[str], terms: Sequence[Node], block: str) -> None:
    """Parse the VALUES block back (rdflib's parser, no evaluation) and compare with the terms."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    algebra = translateQuery(parseQuery(f"SELECT * WHERE {{ {block} }}")).algebra
    found = []
    stack = [algebra]
    while stack:
        node = stack.pop()
        if getattr(node, "name", None) == "values":
            found = node.res
            break
        if hasattr(node, "values"):
            stack.extend(v for v in node.values() if hasattr(v, "values"))
    expected = [{f"{n}": t for n, t in zip(names, terms, strict=True)}]
    got = [{str(k): v for k, v in row.items()} for row in found]
    if got != expected or any(type(got[0][k]) is not type(v) for k, v in expected[0].items()):
        raise ParamError(f"binding check failed: {block!r} does not read back as {expected!r}")


def values_block(bindings: Mapping[str, Node]) -> str:
    """The ``VALUES`` block binding each variable to one term (checked by reading it back).

    >>> values_block({"year": Literal(2021)})
    'VALUES ?year { "2021"^^<http://www.w3.org/2001/XMLSchema#integer> }'
    """
    names = list(bindings)
    for n in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
            raise ParamError(f"bad parameter name {n!r}")
    terms = [bindings[n] for n in names]
    texts = [term_text(t) for t in terms]
    if len(names) == 1:
        block = f"VALUES ?{names[0]} {{ {texts[0]} }}"
    else:
        block = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(texts) + ") }"
    _roundtrip(names, terms, block)
    return block


def where_brace(text: str) -> int:
    """Offset just after the ``{`` that opens the query's top-level WHERE group.

    >>> q = 'CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }'
    >>> q[where_brace(q):]
    ' ?s ?p ?o }'
    """
    toks = [t for t in tokenize(text) if t.kind not in ("ws", "comment")]
    depth = parens = 0
    form = None
    for i, tok in enumerate(toks):
        word = tok.text.upper() if tok.kind == "word" else ""
        if form is None:
            if word in QUERY_FORMS:
                form = word
            continue
        if tok.text == "(":
            parens += 1
        elif tok.text == ")":
            parens -= 1
        elif depth == 0 and parens == 0 and word == "WHERE":
            if form == "CONSTRUCT" and toks[i - 1].text.upper() == "CONSTRUCT":
                raise ParamError("parameters need the long form CONSTRUCT { template } WHERE { pattern }")
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is None or nxt.text != "{":
                break
            return nxt.pos + 1
        elif tok.text == "{":
            if depth == 0 and parens == 0 and form in ("SELECT", "ASK", "DESCRIBE"):
                return tok.pos + 1
            depth += 1
        elif tok.text == "}":
            depth -= 1
    raise ParamError("cannot find the query's WHERE { ... } group to bind parameters in")


def bind(text: str, bindings: Mapping[str, Node]) -> str:
    """The query with a VALUES block for ``bindings`` at the start of its top-level WHERE group.

    Bind only variables used in the top-level group (a subquery does not see the outer VALUES).
    """
    if not bindings:
        return text
    at = where_brace(text)
    return f"{text[:at]} {values_block(bindings)}{text[at:]}"


@dataclass(frozen=True)
class Param:
    """A declared parameter of a named query (a variable bound with VALUES)."""

    name: str
    kind: str
    default: str | None
    doc: str

    def value(self, raw: str) -> Node:
        """The term for a raw value of this parameter's type."""
        return parse_value(raw, self.kind)


@dataclass(frozen=True)
class Bound:
    """One given parameter as bound: the term and, for messages and ``--show``, how it was read."""

    name: str
    raw: str
    term: Node
    how: str
    #: the index and id of the entity (article, ontology term) the value names, if it names one
    names: Names | None = None
    id: str | None = None

    def __str__(self) -> str:
        return f"{self.name}={self.raw}: {self.how}"


def _reference(raw: str, indexes: Mapping[str, Names]) -> tuple[Names, str] | None:
    """The index and local id of a value spelled as a reference to an indexed namespace."""
    for idx in indexes.values():
        ref = idx.reference(raw)
        if ref is not None:
            return idx, ref
    return None


def _found(name: str, raw: str, idx: Names, node: str, by: str) -> Bound:
    return Bound(name, raw, URIRef(PREFIXES[idx.prefix] + node), f"{by} {idx.describe(node)}", idx, node)


def check_value(name: str, raw: str, kind: str, indexes: Mapping[str, Names] | None) -> Bound:
    """A declared parameter's value, checked: an ``iri`` value must name an entity of the build.

    ``iri`` (entities) takes an id, IRI, ``ekg:`` CURIE, a label, alias or a unique part of one
    (:meth:`Names.resolve`); ``iri(src)`` and ``iri(eco)`` take an id or a whole name (title,
    label). A miss raises :class:`~ecokg.query.names.UnknownName` with near names; an IRI in
    another namespace, or any value without ``indexes``, is bound as written (unchecked).

    >>> idx = {"ekg": Names([("haishu", ["海曙区", "海曙"])])}
    >>> print(check_value("area", "海曙", "iri", idx))
    area=海曙: the entity ekg:haishu (海曙区)
    >>> check_value("area", "ekg:haishuu", "iri", idx)
    Traceback (most recent call last):
    ...
    ecokg.query.names.UnknownName: no entity has the id ekg:haishuu; did you mean:
      海曙区  (haishu, )
    """
    base, ns = split_type(kind)
    if base != "iri" or not indexes or ns not in indexes:
        term = parse_value(raw, kind)
        return Bound(name, raw, term, "not checked (no build to check it against)" if base == "iri" else base)
    ref = _reference(raw, indexes)
    if ref is None and _foreign(raw):
        return Bound(name, raw, parse_value(raw, kind), "an IRI outside the build's namespaces (not checked)")
    idx = ref[0] if ref else indexes[ns]
    node = idx.resolve(raw, partial=idx.prefix == "ekg")
    return _found(name, raw, idx, str(node), f"the {idx.noun}")


def _foreign(raw: str) -> bool:
    """True for an IRI spelled in full (``<…>``, ``http:``) or a CURIE of another prefix."""
    s = raw.strip()
    return (
        (s.startswith("<") and s.endswith(">"))
        or bool(re.match(r"(https?|urn|file):", s))
        or (":" in s and s.split(":", 1)[0] in PREFIXES)
    )


def adhoc_value(name: str, raw: str, indexes: Mapping[str, Names] | None) -> Bound:
    """A parameter of an ad-hoc query (no declared type), typed by its value.

    ``"…"`` is a string; an integer or decimal is a number; ``<IRI>``, a CURIE or an ``http:``
    IRI is an IRI (an ``ekg:``, ``src:`` or ``eco:`` one must exist); else a value that is an
    entity's id or whole name (label, alias; no part) is that entity's IRI, and anything else a
    string (:func:`infer_value` without ``indexes``).

    >>> idx = {"ekg": Names([("zeekr", ["极氪智能科技"])])}
    >>> [str(adhoc_value("e", v, idx)) for v in ("zeekr", "极氪", '"zeekr"', "7")]
    ['e=zeekr: the entity ekg:zeekr (极氪智能科技)', 'e=极氪: a string (no entity has this id or name)', 'e="zeekr": a string', 'e=7: a number']
    """
    s = raw.strip()
    if len(s) >= 2 and s[0] == s[-1] == '"':
        return Bound(name, raw, parse_value(s[1:-1], "string"), "a string")
    if not indexes:
        term = infer_value(raw)
        how = (
            "a number"
            if isinstance(term, Literal) and term.datatype
            else "an IRI"
            if isinstance(term, URIRef)
            else "a string"
        )
        return Bound(name, raw, term, how + " (not checked: no build to check names against)")
    if _INTEGER.fullmatch(s) or _DECIMAL.fullmatch(s):
        return Bound(name, raw, infer_value(s), "a number")
    ref = _reference(s, indexes)
    if ref is not None:
        return _found(name, raw, ref[0], str(ref[0].resolve(s, partial=False)), f"the {ref[0].noun}")
    term = infer_value(raw)
    if isinstance(term, URIRef):
        return Bound(name, raw, term, "an IRI outside the build's namespaces (not checked)")
    entities = indexes.get("ekg")
    node = entities.exact(s) if entities is not None else None
    if entities is not None and node is not None:
        return _found(name, raw, entities, str(node), "the entity")
    return Bound(name, raw, term, "a string (no entity has this id or name)", entities)


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """Read ``key=value`` assignments (``ecokg query --param``); a leading ``?`` or ``$`` is dropped.

    >>> parse_assignments(["?area=haishu", "year=2021", "q=a=b"])
    {'area': 'haishu', 'year': '2021', 'q': 'a=b'}
    >>> parse_assignments(["year"])
    Traceback (most recent call last):
    ...
    ecokg.query.params.ParamError: --param takes key=value, not 'year'
    """
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ParamError(f"--param takes key=value, not {item!r}")
        out[key.strip().lstrip("?$")] = value
    return out
