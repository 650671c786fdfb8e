"""The read-only safety checks: a query must not read files, call out to the network or change data.

:func:`check_query` refuses SERVICE in any spelling, FROM / FROM NAMED and every update form before
evaluation, by three independent checks: a SPARQL tokenizer (strings, comments and IRIs are not
keywords), a parse by Oxigraph itself (no evaluation) and a walk of rdflib's parse tree. It also caps
the size of a query and names the line and column of a syntax error. The refusals are
:class:`QueryError` subclasses whose ``status`` is the HTTP status the endpoint answers with.

>>> check_query("SELECT * WHERE { ?s ?p ?o }").form
'SELECT'
>>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
ecokg.query.safety.QueryRefused: SERVICE is not allowed: ecokg never calls out to other endpoints (line 1, column 18)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ecokg.namespaces import PREFIXES

# ---------------------------------------------------------------------------------------- errors

MAX_QUERY_CHARS = 32_768
"""Default cap on the size of a query, in characters."""
MAX_NESTING = 32
"""Deepest nesting of ``( [ {`` accepted. Oxigraph 0.5's parser and optimiser get slow fast on nested
collections and blank-node lists (measured: 32 deep 0.05 s, 64 deep 0.5 s, 160 deep 8-14 s)."""
MAX_GROUP_TERMS = 200
"""Most RDF terms accepted directly inside one ``{ }`` group (VALUES data excluded). Oxigraph 0.5
plans one basic graph pattern in time that grows about as the 4th power of its triple patterns
(measured: 100 patterns 0.7 s, 200 patterns 15 s); the library's largest group has 71 terms."""


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


class QueryTooComplex(QueryError):
    """The query nests too deeply or puts too many terms in one group to be planned quickly."""

    status = 413


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


QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
"""The four query forms, as keywords."""
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
"""Keywords that start a SPARQL Update operation (``INSERT DATA`` etc. start with the first two)."""
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
        if tok.kind == "word" and (word in UPDATE_WORDS or word.startswith(("INSERT", "DELETE"))):
            raise QueryRefused(f"{word} is an update: this endpoint is read-only and never changes the data ({where})")
        if form is None and tok.kind == "word" and word in QUERY_FORMS:
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
            stack.extend(cur)  # type: ignore[arg-type]  # pyparsing's ParseResults is iterable but untyped


_TERM_KINDS = frozenset({"iri", "pname", "var", "bnode", "string", "number"})


def check_shape(text: str, *, max_nesting: int = MAX_NESTING, max_group_terms: int = MAX_GROUP_TERMS) -> None:
    """Refuse, by tokens only, a query nested deeper than ``max_nesting`` or with a huge group.

    Runs before any parser sees the query (parsers recurse, and Oxigraph's planner is
    super-linear in the triple patterns of a group), in time linear in the query's length.

    >>> check_shape("SELECT * WHERE { ?s ?p " + "( " * 40 + "1" + " )" * 40 + " }")
    Traceback (most recent call last):
    ...
    ecokg.query.safety.QueryTooComplex: the query nests ( [ { 33 deep at line 1, column 86; the limit is 32
    >>> check_shape("SELECT * WHERE { VALUES ?x { " + "1 " * 500 + "} }")  # VALUES data is not a pattern
    """
    depth = 0
    groups: list[list[int]] = []  # [terms so far, is VALUES data] per open brace
    values_pending = False
    for tok in tokenize(text):
        kind, t = tok.kind, tok.text
        if kind == "op" and t in "([{":
            depth += 1
            if depth > max_nesting:
                raise QueryTooComplex(
                    f"the query nests ( [ {{ {depth} deep at {_position(text, tok.pos)}; the limit is {max_nesting}"
                )
            if t == "{":
                groups.append([0, int(values_pending)])
                values_pending = False
        elif kind == "op" and t in ")]}":
            depth = max(0, depth - 1)
            if t == "}" and groups:
                groups.pop()
        elif kind == "word" and t.upper() == "VALUES":
            values_pending = True
        elif groups and not groups[-1][1] and (kind in _TERM_KINDS or (kind == "word" and t == "a")):
            groups[-1][0] += 1
            if groups[-1][0] > max_group_terms:
                raise QueryTooComplex(
                    f"a {{ }} group has more than {max_group_terms} terms ({_position(text, tok.pos)}): "
                    "split it with OPTIONAL / UNION / sub-queries, or use VALUES for data"
                )


def precheck(text: str, *, max_chars: int = MAX_QUERY_CHARS) -> str | None:
    """The fast, token-level part of :func:`check_query`: size, shape, updates, SERVICE, FROM.

    Scans the text and its ``\\u``-unescaped form; returns the query form found (or None).
    Linear in the query's length, so the endpoint runs it before handing a query to a worker and
    :func:`check_query` runs it before any parser.

    >>> precheck("PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:p 'SERVICE' }")
    'SELECT'
    """
    if len(text) > max_chars:
        raise QueryTooLarge(f"the query has {len(text)} characters; the limit is {max_chars}")
    form = _scan(text)
    expanded = expand_unicode_escapes(text)
    check_shape(expanded)
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
    ecokg.query.safety.QueryRefused: FROM / FROM NAMED is not allowed: queries run on the ecokg dataset only, never on graphs loaded from an IRI or a file (line 1, column 10)
    >>> check_query("SELECT ?x WHERE { ?x ?y }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ecokg.query.safety.QuerySyntaxError: syntax error at line 1, column 26: expected one of ...
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
            if word in QUERY_FORMS:
                return word
            if word in UPDATE_WORDS or word.startswith(("INSERT", "DELETE")):
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
            return word in UPDATE_WORDS or word.startswith(("INSERT", "DELETE"))
    return False
