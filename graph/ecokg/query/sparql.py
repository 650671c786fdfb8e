"""Named SPARQL queries, safe parameter binding and the read-only safety checks.

The query library lives in ``queries/*.rq``. Each file starts with a header of comment lines::

    # title: 区域内的机构（按类型）
    # title-en: Organisations in a park or district, by type
    # answers: Which organisations are located in an area ...
    #   (an indented comment line continues the previous field)
    # param: ?area iri = ekg:haishu -- the park, zone or district

A ``param`` line names a variable of the query, its type (``iri``, ``iri(src)``, ``string``,
``integer``, ``decimal``) and, after ``=``, its default; a parameter without a default is optional
and left unbound (the query then answers for all values).

Parameters are bound with a SPARQL 1.1 ``VALUES`` block placed at the start of the query's top-level
``WHERE`` group. The value is never pasted as text: it is first converted to a typed RDF term
(an IRI is checked against the ``IRIREF`` grammar, a number against its lexical form), written in
canonical N-Triples form, and that form is parsed back by a SPARQL parser and compared with the term
before the query is run. The same bound text therefore runs unchanged on the embedded store and on
any remote SPARQL 1.1 store.

>>> q = "SELECT ?label WHERE { ?e rdfs:label ?label }"
>>> print(bind(q, {"e": parse_value("taiping_bird", "iri")}))
SELECT ?label WHERE { VALUES ?e { <https://w3id.org/ecokg/id/taiping_bird> } ?e rdfs:label ?label }

Safety (:func:`check_query`): a query must not read files, call out to the network or change data.
SERVICE in any spelling, FROM / FROM NAMED and every update form are refused before evaluation, by
three independent checks: a SPARQL tokenizer (strings, comments and IRIs are not keywords), a parse by
Oxigraph itself (no evaluation) and a walk of rdflib's parse tree.

>>> check_query("SELECT * WHERE { ?s ?p ?o }").form
'SELECT'
>>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
ecokg.query.sparql.QueryRefused: SERVICE is not allowed: ecokg never calls out to other endpoints (line 1, column 18)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from ecokg.dataset.namespaces import PREFIXES
from ecokg.project import Project

_XSD = PREFIXES["xsd"]
XSD_INTEGER = URIRef(_XSD + "integer")
XSD_DECIMAL = URIRef(_XSD + "decimal")
XSD_STRING = URIRef(_XSD + "string")

# ---------------------------------------------------------------------------------------- errors

MAX_QUERY_CHARS = 32_768
"""Default cap on the size of a query, in characters."""


class QueryError(Exception):
    """A query that cannot be run; ``status`` is the HTTP status the endpoint answers with."""

    status = 400


class QuerySyntaxError(QueryError):
    """The query does not parse; the message names the line and column."""


class QueryRefused(QueryError):
    """The query parses but asks for something ecokg never does (update, SERVICE, FROM)."""

    status = 403


class QueryTooLarge(QueryError):
    """The query is longer than the configured cap."""

    status = 413


class ParamError(ValueError):
    """A parameter value that does not fit its declared type, or an unknown parameter."""


# ------------------------------------------------------------------------------------- tokenizer

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CH = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PREFIX = rf"(?:[{_BASE}](?:[{_CH}.]*[{_CH}])?)?"
_LOCAL = rf"(?:(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CH}.:]|{_PLX})*(?:[{_CH}:]|{_PLX}))?)"
_ECHAR = r"\\."

_TOKEN_RE = re.compile(
    "|".join(
        [
            r"(?P<ws>\s+)",
            r"(?P<comment>#[^\r\n]*)",
            r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
            rf"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''"
            rf'|"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*"""'
            rf"|'(?:[^'\\\n\r]|{_ECHAR})*'"
            rf'|"(?:[^"\\\n\r]|{_ECHAR})*")',
            rf"(?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)",
            rf"(?P<bnode>_:[{_U}0-9](?:[{_CH}.]*[{_CH}])?)",
            rf"(?P<pname>{_PREFIX}:{_LOCAL}?)",
            r"(?P<word>[A-Za-z][A-Za-z0-9_]*)",
            r"(?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
            r"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)",
            r"(?P<op>\^\^|&&|\|\||!=|<=|>=|.)",
        ]
    ),
    re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One SPARQL token: ``kind`` is ws, comment, iri, string, var, bnode, pname, word, lang, number or op."""

    kind: str
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """Split a query into SPARQL tokens (whitespace and comments included).

    A quote or ``<`` that does not start a well-formed string or IRI becomes a one-character
    token, so nothing after it is hidden from the keyword checks.

    >>> [t.text for t in tokenize('SELECT ?s { ?s ex:p "a # b" } # SERVICE') if t.kind != "ws"]
    ['SELECT', '?s', '{', '?s', 'ex:p', '"a # b"', '}', '# SERVICE']
    """
    return [Token(m.lastgroup or "op", m.group(), m.start()) for m in _TOKEN_RE.finditer(text)]


_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def expand_unicode_escapes(text: str) -> str:
    r"""Apply SPARQL's ``\uXXXX`` / ``\UXXXXXXXX`` escapes (some engines do so before parsing).

    >>> expand_unicode_escapes(r"SERV\u0049CE")
    'SERVICE'
    """

    def repl(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()

    return _UNICODE_ESCAPE.sub(repl, text)


def _position(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
RESERVED_VARIABLE = "ecokg_parse_only_a8f3c1"
"""A variable name queries may not use (the Oxigraph parse-only check substitutes it)."""


@dataclass(frozen=True)
class QueryInfo:
    """What the checks learnt about an accepted query."""

    form: str
    text: str


def _scan(text: str) -> str | None:
    """Refuse updates, SERVICE and FROM by token; return the query form (or None if none found)."""
    form = None
    for tok in tokenize(text):
        if tok.kind == "var" and tok.text[1:] == RESERVED_VARIABLE:
            raise QueryRefused(f"the variable name ?{RESERVED_VARIABLE} is reserved ({_position(text, tok.pos)})")
        if tok.kind == "pname":
            word = tok.text.split(":", 1)[0].upper()
        elif tok.kind == "word":
            word = tok.text.upper()
        else:
            continue
        where = _position(text, tok.pos)
        if "SERVICE" in word:
            raise QueryRefused(f"SERVICE is not allowed: ecokg never calls out to other endpoints ({where})")
        if "FROM" in word:
            raise QueryRefused(
                f"FROM / FROM NAMED is not allowed: queries run on the ecokg dataset only, "
                f"never on graphs loaded from an IRI or a file ({where})"
            )
        if tok.kind == "word" and (word in _UPDATE_WORDS or word.startswith(("INSERT", "DELETE"))):
            raise QueryRefused(f"{word} is an update: this endpoint is read-only and never changes the data ({where})")
        if form is None and tok.kind == "word" and word in _FORMS:
            form = word
    return form


def syntax_message(text: str, message: str) -> str:
    """Oxigraph's ``error at L:C: ...`` as a message that names and shows the line.

    >>> print(syntax_message("SELECT ?x\\nWHERE { ?x }", "error at 2:12: expected [_]"))
    syntax error at line 2, column 12: expected [_]
      2 | WHERE { ?x }
    """
    m = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if not m:
        return f"syntax error: {message}"
    line, col, rest = int(m.group(1)), int(m.group(2)), " ".join(m.group(3).split())
    lines = text.splitlines()
    shown = f"\n  {line} | {lines[line - 1]}" if 0 < line <= len(lines) else ""
    return f"syntax error at line {line}, column {col}: {rest}{shown}"


def _oxigraph_parse(text: str, prefixes: Mapping[str, str] | None) -> None:
    """Parse with Oxigraph without evaluating (a substitution of an unprojected variable fails first)."""
    import pyoxigraph as ox

    try:
        ox.Store().query(
            text,
            prefixes=dict(prefixes) if prefixes else None,
            substitutions={ox.Variable(RESERVED_VARIABLE): ox.Literal("")},
        )
    except SyntaxError as exc:
        raise QuerySyntaxError(syntax_message(text, str(exc))) from None
    except RuntimeError as exc:
        if RESERVED_VARIABLE in str(exc):
            return
        raise QuerySyntaxError(str(exc)) from None
    raise QueryRefused(f"the query uses the reserved variable ?{RESERVED_VARIABLE}")  # pragma: no cover


def _rdflib_tree(text: str) -> object:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(text)
    except ParseException as exc:
        raise QuerySyntaxError(
            f"ecokg's safety check cannot parse this query: {exc.msg} (line {exc.lineno}, column {exc.col})"
        ) from None
    except RecursionError:
        raise QueryRefused("the query is nested too deeply to check") from None


def _tree_names(node: object, out: set[str]) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        cur = stack.pop()
        if isinstance(cur, CompValue):
            out.add(cur.name)
            stack.extend(cur.values())
        elif isinstance(cur, dict):
            stack.extend(cur.values())
        elif isinstance(cur, (list, tuple)) or type(cur).__name__ == "ParseResults":
            stack.extend(cur)  # type: ignore[arg-type]


def precheck(text: str, *, max_chars: int = MAX_QUERY_CHARS) -> str | None:
    """The fast, token-level part of :func:`check_query`: size, updates, SERVICE, FROM.

    Scans the text and its ``\\u``-unescaped form; returns the query form found (or None).
    Linear in the query's length, so the endpoint runs it before handing a query to a worker.

    >>> precheck("PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:p 'SERVICE' }")
    'SELECT'
    """
    if len(text) > max_chars:
        raise QueryTooLarge(f"the query has {len(text)} characters; the limit is {max_chars}")
    form = _scan(text)
    expanded = expand_unicode_escapes(text)
    if expanded != text:
        form = _scan(expanded) or form
    return form


def check_query(text: str, *, max_chars: int = MAX_QUERY_CHARS, prefixes: Mapping[str, str] | None = None) -> QueryInfo:
    """Accept a read-only query over the ecokg dataset, or raise a :class:`QueryError`.

    Checks, in order: size; tokens of the text and of its ``\\u``-unescaped form (updates, SERVICE,
    FROM, the reserved variable); an Oxigraph parse (syntax errors name line and column); a walk of
    rdflib's parse tree for SERVICE patterns and dataset clauses. Nothing is evaluated.

    >>> check_query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    ecokg.query.sparql.QueryRefused: FROM / FROM NAMED is not allowed: queries run on the ecokg dataset only, never on graphs loaded from an IRI or a file (line 1, column 10)
    >>> check_query("SELECT ?x WHERE { ?x ?y }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ecokg.query.sparql.QuerySyntaxError: syntax error at line 1, column 26: expected one of ...
    """
    form = precheck(text, max_chars=max_chars)
    if not text.strip():
        raise QuerySyntaxError("empty query")
    _oxigraph_parse(text, prefixes if prefixes is not None else PREFIXES)
    names: set[str] = set()
    _tree_names(_rdflib_tree(text), names)
    if "ServiceGraphPattern" in names:
        raise QueryRefused("SERVICE is not allowed: ecokg never calls out to other endpoints")
    if "DatasetClause" in names:
        raise QueryRefused("FROM / FROM NAMED is not allowed: queries run on the ecokg dataset only")
    if form is None:  # pragma: no cover - a parsed query always has a form keyword
        raise QuerySyntaxError("not a SELECT, CONSTRUCT, DESCRIBE or ASK query")
    return QueryInfo(form, text)


def query_form(text: str) -> str | None:
    """The query form (SELECT, CONSTRUCT, DESCRIBE, ASK) by token, or None for an update or nothing.

    >>> query_form("PREFIX ex: <http://example.org/select#> ask { ?s ex:p 1 }")
    'ASK'
    """
    for tok in tokenize(text):
        if tok.kind == "word":
            word = tok.text.upper()
            if word in _FORMS:
                return word
            if word in _UPDATE_WORDS or word.startswith(("INSERT", "DELETE")):
                return None
    return None


def is_update(text: str) -> bool:
    """True when the text is a SPARQL Update request (its first keyword after the prologue).

    >>> is_update("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }"), is_update("SELECT * {}")
    (True, False)
    """
    for tok in tokenize(expand_unicode_escapes(text)):
        if tok.kind == "word":
            word = tok.text.upper()
            if word in ("PREFIX", "BASE"):
                continue
            return word in _UPDATE_WORDS or word.startswith(("INSERT", "DELETE"))
    return False


# ---------------------------------------------------------------------------------- parameters

PARAM_TYPES = ("iri", "string", "integer", "decimal")
_IRI_OK = re.compile(r"[^<>\"{}|^`\\\x00-\x20]*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_LANG = re.compile(r"[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")


def _split_type(kind: str) -> tuple[str, str]:
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
    ecokg.query.sparql.ParamError: not an IRI: 'x> } ; DROP ALL #' (spaces and <>"{}|^`\\ are not allowed)
    """
    base, ns = _split_type(kind)
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
        return Literal(raw.strip(), datatype=XSD_INTEGER)
    if base == "decimal":
        try:
            Decimal(raw.strip())
        except InvalidOperation:
            raise ParamError(f"not a decimal number: {raw!r}") from None
        if not _DECIMAL.fullmatch(raw.strip()):
            raise ParamError(f"not a decimal number: {raw!r}")
        return Literal(raw.strip(), datatype=XSD_DECIMAL)
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
    >>> term_text(Literal("7", datatype=XSD_INTEGER))
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
        if term.datatype and term.datatype != XSD_STRING:
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
            if word in _FORMS:
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


# ------------------------------------------------------------------------------- named queries


@dataclass(frozen=True)
class Param:
    """A parameter of a named query (a variable bound with VALUES)."""

    name: str
    kind: str
    default: str | None
    doc: str

    def value(self, raw: str) -> Node:
        return parse_value(raw, self.kind)


@dataclass(frozen=True)
class NamedQuery:
    """One ``queries/*.rq`` file: its header fields and its text."""

    name: str
    path: Path
    title: str
    title_en: str
    answers: str
    params: tuple[Param, ...]
    text: str
    extra: dict[str, str] = field(default_factory=dict)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParamError(f"query {self.name!r} has no parameter {name!r} (its parameters: {known})")

    def bindings(self, given: Mapping[str, str] | None = None) -> dict[str, Node]:
        """Typed terms for the given raw values, defaults filling the rest (unset optionals stay unbound)."""
        given = dict(given or {})
        out: dict[str, Node] = {}
        for name in given:
            self.param(name)
        for p in self.params:
            raw = given.get(p.name, p.default)
            if raw is not None and raw != "":
                out[p.name] = p.value(raw)
        return out

    def bound(self, given: Mapping[str, str] | None = None) -> str:
        """The query text with its parameters bound (defaults unless given)."""
        return bind(self.text, self.bindings(given))


_HEADER_KEYS = {"title", "title-en", "answers", "param"}
_PARAM_LINE = re.compile(
    r"\?(?P<name>[A-Za-z_]\w*)\s+(?P<kind>[\w()]+)(?:\s*=\s*(?P<default>\"[^\"]*\"|\S+))?\s+--\s+(?P<doc>.+)"
)


def parse_header(text: str, where: str = "<query>") -> dict[str, list[str]]:
    """The header fields of a query file (leading ``#`` lines): key -> list of values.

    A header that does not start with ``# title:`` is free text: it becomes the ``answers`` field.

    >>> parse_header("# title: 标题\\n# answers: one\\n#   two\\nSELECT * {}")
    {'title': ['标题'], 'answers': ['one two']}
    >>> parse_header("# The edges.\\n#\\n# One row per edge.\\nSELECT * {}")
    {'answers': ['The edges. One row per edge.']}
    """
    if not text.startswith("# title:"):
        lines = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            lines.append(line[1:].strip())
        free = " ".join(x for x in lines if x)
        return {"answers": [free]} if free else {}
    fields: dict[str, list[str]] = {}
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:]
        m = re.match(r" (\w[\w-]*):\s*(.*)$", body)
        if m and m.group(1) in _HEADER_KEYS:
            last = m.group(1)
            fields.setdefault(last, []).append(m.group(2).strip())
        elif body.startswith("  ") and last is not None and body.strip():
            fields[last][-1] = (fields[last][-1] + " " + body.strip()).strip()
        elif body.strip():
            raise ValueError(f"{where}: header line not understood: {line!r}")
        else:
            last = None
    return fields


def parse_param(line: str, where: str = "<query>") -> Param:
    """Read a ``param:`` header value.

    >>> parse_param('?area iri = ekg:haishu -- the district')
    Param(name='area', kind='iri', default='ekg:haishu', doc='the district')
    >>> parse_param('?name string = "太平 鸟" -- a name').default
    '太平 鸟'
    """
    m = _PARAM_LINE.fullmatch(line.strip())
    if not m:
        raise ValueError(f"{where}: bad param line {line!r} (expected: ?name type [= default] -- description)")
    default = m.group("default")
    if default is not None and default.startswith('"'):
        default = default[1:-1]
    p = Param(m.group("name"), m.group("kind"), default, m.group("doc").strip())
    _split_type(p.kind)
    if p.default is not None:
        p.value(p.default)
    return p


def _first_sentence(text: str, limit: int = 90) -> str:
    """The first sentence of a free-text header, shortened.

    >>> _first_sentence("The edges of the projection (see ecokg.network.projection). One row per edge.")
    'The edges of the projection (see ecokg.network.projection).'
    """
    first = re.split(r"(?<=[.:])\s", text, maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def load_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file with its header."""
    text = path.read_text(encoding="utf-8")
    fields = parse_header(text, str(path))
    params = tuple(parse_param(v, str(path)) for v in fields.get("param", []))

    def one(key: str) -> str:
        vals = fields.get(key, [])
        return vals[0] if vals else ""

    title_en = one("title-en") or _first_sentence(one("answers"))
    return NamedQuery(path.stem, path, one("title"), title_en, one("answers"), params, text)


def queries_dir(project: Project | str | Path | None = None) -> Path:
    """The workspace's named queries (its own ``queries/``, else the package's)."""
    return Project.of(project).queries_dir


def load_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query in ``queries/`` (sorted by name)."""
    directory = directory or queries_dir()
    return {p.stem: load_query(p) for p in sorted(directory.glob("*.rq"))}


# ----------------------------------------------------------------------------------- rendering


def short_iri(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """Compact an IRI with the project's prefixes (longest namespace wins).

    >>> short_iri("https://w3id.org/ecokg/id/haishu")
    'ekg:haishu'
    """
    best = ""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(prefixes.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(prefixes[best]) :]}" if best else iri


def cell(term: object) -> str:
    """A readable cell for a result term: prefixed IRI, or a literal's text.

    Decimals are shown in their XSD 1.1 canonical form (as Oxigraph returns them), so every
    store prints the same figure.

    >>> from rdflib import Literal, XSD
    >>> cell(Literal("120.0", datatype=XSD.decimal)), cell(Literal("0.50", datatype=XSD.decimal))
    ('120', '0.5')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return short_iri(str(term))
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        try:
            d = Decimal(str(term))
        except InvalidOperation:
            return str(term)
        return format(d.normalize(), "f") if d else "0"
    return str(term)


def result_rows(vars_: Iterable[object], rows: Iterable[Sequence[object]]) -> tuple[list[str], list[list[str]]]:
    """Headers and readable rows of a SELECT result."""
    return [str(v) for v in vars_], [[cell(v) for v in row] for row in rows]


DOCS_START = "<!-- queries:start (generated by `ecokg queries --write-docs`; do not edit by hand) -->"
DOCS_END = "<!-- queries:end -->"


def docs_markdown(queries: Mapping[str, NamedQuery]) -> str:
    """The generated part of ``docs/queries.md``: a table, then one section per named query.

    Files without a ``# title:`` header (the network projection's definitions) are only named.
    """
    library = {n: q for n, q in queries.items() if q.title}
    others = [n for n, q in queries.items() if not q.title]
    out = ["| query | 问题 | question | parameters |", "|---|---|---|---|"]
    for q in library.values():
        params = ", ".join(f"`{p.name}`" for p in q.params)
        out.append(f"| [`{q.name}`](#{q.name}) | {q.title} | {q.title_en} | {params} |")
    if others:
        names = ", ".join(f"`{n}`" for n in others)
        out += ["", f"Also in `queries/`, documented in their own header comments: {names}."]
    for q in library.values():
        out += ["", f"### {q.name}", "", f"**{q.title}** — {q.title_en}", "", q.answers, ""]
        if q.params:
            out += ["| parameter | type | default | meaning |", "|---|---|---|---|"]
            for p in q.params:
                default = f"`{p.default}`" if p.default is not None else "(all)"
                out.append(f"| `{p.name}` | {p.kind} | {default} | {p.doc} |")
            out.append("")
        example = " ".join(f"--param {p.name}={p.default}" for p in q.params if p.default is not None)
        out += ["```sh", f"ecokg query {q.name} {example}".rstrip(), "```", ""]
        body = "\n".join(line for line in q.text.splitlines() if not line.startswith("#")).strip()
        out += ["<details><summary>SPARQL</summary>", "", "```sparql", body, "```", "", "</details>"]
    return "\n".join(out) + "\n"


def splice_docs(document: str, generated: str) -> str:
    """Replace the text between the docs markers with ``generated``."""
    start, end = document.find(DOCS_START), document.find(DOCS_END)
    if start < 0 or end < start:
        raise ValueError(f"the document lacks the markers {DOCS_START!r} ... {DOCS_END!r}")
    return document[: start + len(DOCS_START)] + "\n\n" + generated + "\n" + document[end:]
