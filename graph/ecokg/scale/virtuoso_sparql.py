"""Querying Virtuoso 7 as the embedded store answers: the build's dataset only, its SPARQL quirks worked round.

Virtuoso's default graph is the union of *every* graph it holds, including its own system graphs
(``http://www.openlinksw.com/schemas/virtrdf#``, ``http://www.w3.org/ns/ldp#``, …), and a union
repeats a fact once per article graph that states it. So the build's default graph, its asserted
graph (each fact once; :mod:`ecokg.dataset.asserted`), is loaded into Virtuoso as the named graph
``ekgg:asserted`` (:data:`~ecokg.namespaces.ASSERTED_GRAPH`: Virtuoso takes no triples into a
default graph of its own), and ecokg's queries name the dataset explicitly: :func:`dataset_params`
gives the ``default-graph-uri`` (``ekgg:asserted``) and ``named-graph-uri`` (the build's named
graphs) parameters of the SPARQL 1.1 Protocol, so patterns outside ``GRAPH`` see each fact once and
``GRAPH ?g`` the article graphs, nothing of Virtuoso's own; :func:`virtuoso_dialect` works round
what Virtuoso gets wrong in standard SPARQL; :data:`KNOWN_WRONG` lists what cannot be worked
round. :func:`push_gsp` sends small builds by the Graph Store Protocol with Digest authentication.

>>> dataset_params(["https://w3id.org/ecokg/graph/sources"])
[('default-graph-uri', 'https://w3id.org/ecokg/graph/asserted'), ('named-graph-uri', 'https://w3id.org/ecokg/graph/sources')]
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from rdflib.query import Result
from rdflib.term import Node

from ecokg.namespaces import ASSERTED_GRAPH
from ecokg.query.safety import QUERY_FORMS, Token, tokenize

#: The graph that holds the build's default graph (its asserted graph) in Virtuoso.
ASSERTED = str(ASSERTED_GRAPH)


class VirtuosoError(RuntimeError):
    """Virtuoso is missing, did not start, refused a command or died; the message says what to do."""


#: Virtuoso's own graphs, present in every database and part of its default graph.
SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localhost",
    "http://localuriqaserver",
)


def dataset_params(graphs: Iterable[str]) -> list[tuple[str, str]]:
    """SPARQL 1.1 Protocol parameters making ``graphs`` the whole dataset of a query, as on the
    embedded store: ``ekgg:asserted`` is the default graph (patterns outside ``GRAPH`` see each
    fact once), the other ``graphs`` the named graphs (``GRAPH ?g`` sees them and nothing of
    Virtuoso's own).
    """
    gs = sorted(set(graphs) - {ASSERTED})
    return [("default-graph-uri", ASSERTED)] + [("named-graph-uri", g) for g in gs]


def stored_name(graph: str | None) -> str:
    """The Virtuoso graph a build's graph goes to: its own name, or ``ekgg:asserted`` for the default graph.

    >>> stored_name(None)
    'https://w3id.org/ecokg/graph/asserted'
    """
    return ASSERTED if graph is None else graph


def gsp_url(base: str, graph: str) -> str:
    """Virtuoso's authenticated Graph Store Protocol URL for one graph.

    >>> gsp_url("http://127.0.0.1:8890", "https://w3id.org/ecokg/graph/sources")
    'http://127.0.0.1:8890/sparql-graph-crud-auth?graph-uri=https%3A%2F%2Fw3id.org%2Fecokg%2Fgraph%2Fsources'
    """
    return f"{base.rstrip('/')}/sparql-graph-crud-auth?graph-uri={quote(graph, safe='')}"


#: What else Virtuoso 7 gets wrong in standard SPARQL, and how :func:`virtuoso_dialect` works round it:
#: a non-ASCII GROUP_CONCAT separator comes back as ``?`` (an ASCII placeholder is sent and put
#: back in the results), and a non-ASCII simple literal bound in ``VALUES`` or ``BIND`` never
#: matches data strings (``"x"^^xsd:string``, the same RDF 1.1 term, does).
_SEPARATOR = re.compile(r'(separator\s*=\s*)"((?:[^"\\]|\\.)*)"', re.I)
_VALUES = re.compile(r"(VALUES\s*(?:\?\w+|\([^)]*\))\s*\{)([^}]*)(\})", re.I)
_SIMPLE = re.compile(r'"((?:[^"\\\n]|\\.)*)"(?!\s*(?:@|\^\^))')
_XSD_STRING = "<http://www.w3.org/2001/XMLSchema#string>"


#: Named queries Virtuoso 7.2.5 answers wrongly even through :func:`query`, and why (checked against
#: the embedded store by tests/test_virtuoso.py, which fails the day these answer right). None now:
#: ``orgs-in-area``, ``area-strategic-emerging`` and ``sector-players`` were wrong through Virtuoso's
#: closure fault (:data:`MAX_INLINED`), which :func:`inline_closures` works round.
KNOWN_WRONG: dict[str, str] = {}


def virtuoso_dialect(text: str) -> tuple[str, dict[str, str]]:
    """The query as Virtuoso 7 answers it correctly, and the placeholders to put back in results.

    >>> q, back = virtuoso_dialect('SELECT (GROUP_CONCAT(?l; separator="、") AS ?x) { VALUES ?n { "研究院" 1 } }')
    >>> q
    'SELECT (GROUP_CONCAT(?l; separator="~ecokg-sep-0~") AS ?x) { VALUES ?n { "研究院"^^<http://www.w3.org/2001/XMLSchema#string> 1 } }'
    >>> back
    {'~ecokg-sep-0~': '、'}
    """
    back: dict[str, str] = {}

    def separator(m: re.Match[str]) -> str:
        if m.group(2).isascii():
            return m.group(0)
        key = back.setdefault(m.group(2), f"~ecokg-sep-{len(back)}~")
        return f'{m.group(1)}"{key}"'

    def values(m: re.Match[str]) -> str:
        return m.group(1) + _SIMPLE.sub(lambda s: f'"{s.group(1)}"^^{_XSD_STRING}', m.group(2)) + m.group(3)

    text = _VALUES.sub(values, _SEPARATOR.sub(separator, text))
    return text, {key: sep for sep, key in back.items()}


# ------------------------------------------------------------------------------ closures inlined


class _Unread(Exception):
    """The query has a construct the pattern reader does not follow; nothing is inlined."""


class _Patterns:
    """Reads a query's WHERE clause far enough to find the closures of its top-level group (each
    triple ``S P* O`` or ``S P+ O``: one path element, possibly inverse or a group of alternatives,
    under ``*`` or ``+``) and that group's one-row ``VALUES`` (the bound parameters,
    :func:`ecokg.query.params.bind`).

    Nested groups (``OPTIONAL``, ``UNION``, ``MINUS``, ``GRAPH``, ``EXISTS``, subqueries) are read
    through, not into: Virtuoso 7.2.5 mishandles a ``VALUES`` block inside one (in a ``UNION``
    branch it matched nothing, in ``MINUS`` and ``EXISTS`` it kept the wrong rows, and over a
    variable of the enclosing group its compiler failed: SP031), so a closure there is left to it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = [t for t in tokenize(text) if t.kind not in ("ws", "comment")]
        self.blocks: list[_Block] = []
        self.params: dict[str, str] = {}
        self.depth = 0

    # -------------------------------------------------------------- tokens
    def tok(self, i: int) -> Token:
        if i >= len(self.toks):
            raise _Unread("the query ends inside a pattern")
        return self.toks[i]

    def op(self, i: int, text: str) -> bool:
        return i < len(self.toks) and self.toks[i].kind == "op" and self.toks[i].text == text

    def next(self, i: int) -> int:
        self.tok(i)
        return i + 1

    def word(self, i: int) -> str:
        tok = self.toks[i] if i < len(self.toks) else None
        return tok.text.upper() if tok is not None and tok.kind == "word" else ""

    def span(self, a: int, b: int) -> str:
        """The query's text from token ``a`` to token ``b - 1``, as written."""
        last = self.toks[b - 1]
        return self.text[self.toks[a].pos : last.pos + len(last.text)]

    # -------------------------------------------------------------- groups
    def where(self) -> None:
        from ecokg.query.params import where_brace

        at = where_brace(self.text) - 1
        self.group(next(i for i, t in enumerate(self.toks) if t.pos == at))

    def group(self, i: int) -> int:
        """The group opening at token ``i``; the token after its ``}``."""
        if not self.op(i, "{"):
            raise _Unread("a group should open here")
        self.depth += 1
        try:
            if self.word(i + 1) == "SELECT":
                i = self.subselect(i + 1)
                if not self.op(i, "}"):
                    raise _Unread("a subquery should end here")
                return i + 1
            return self.group_body(i + 1)
        finally:
            self.depth -= 1

    def group_body(self, i: int) -> int:
        while True:
            w = self.word(i)
            if self.op(i, "}"):
                return i + 1
            if self.op(i, "{"):
                i = self.group(i)
            elif self.op(i, ".") or w == "UNION":
                i += 1
            elif w in ("OPTIONAL", "MINUS"):
                i = self.group(i + 1)
            elif w == "GRAPH":
                i = self.group(i + 2)
            elif w == "SERVICE":
                i = self.group(i + (3 if self.word(i + 1) == "SILENT" else 2))
            elif w == "FILTER":
                i = self.constraint(i + 1)
            elif w == "BIND":
                i = self.expression(i + 1)
            elif w == "VALUES":
                end = self.values(i + 1)
                if self.depth == 1:
                    self.bound(i + 1, end)
                i = end
            else:
                i = self.triples(i)

    def subselect(self, i: int) -> int:
        """From a subquery's SELECT to the ``}`` that closes it (not consumed)."""
        while not self.op(i, "{"):  # the projection
            i = self.expression(i) if self.op(i, "(") else self.next(i)
        i = self.group(i)
        while not self.op(i, "}"):  # GROUP BY, HAVING, ORDER BY, LIMIT, VALUES
            if self.op(i, "("):
                i = self.expression(i)
            elif self.word(i) == "VALUES":
                i = self.values(i + 1)
            else:
                i = self.next(i)
        return i

    def expression(self, i: int) -> int:
        """A parenthesised expression (its ``EXISTS`` groups read too); the token after its ``)``."""
        if not self.op(i, "("):
            raise _Unread("an expression should open here")
        depth = 0
        while True:
            tok = self.tok(i)
            if self.word(i) == "EXISTS":
                i = self.group(i + 1)
                continue
            if tok.kind == "op" and tok.text in "{}":
                raise _Unread("a brace inside an expression")
            if tok.kind == "op" and tok.text in "()":
                depth += 1 if tok.text == "(" else -1
                if depth == 0:
                    return i + 1
            i += 1

    def constraint(self, i: int) -> int:
        if self.op(i, "("):
            return self.expression(i)
        if self.word(i) == "EXISTS":
            return self.group(i + 1)
        if self.word(i) == "NOT" and self.word(i + 1) == "EXISTS":
            return self.group(i + 2)
        if self.tok(i).kind in ("word", "pname", "iri") and self.op(i + 1, "("):
            return self.expression(i + 1)
        raise _Unread("a FILTER this reader does not follow")

    def values(self, i: int) -> int:
        """A VALUES block from its variables; the token after its ``}``."""
        while not self.op(i, "{"):
            i = self.next(i)
        i += 1
        while not self.op(i, "}"):
            if self.op(i, "{"):
                raise _Unread("a brace inside VALUES")
            i = self.next(i)
        return i + 1

    def bound(self, i: int, end: int) -> None:
        """Record a top-level VALUES block of one row: variable -> the term's text."""
        names: list[str] = []
        while not self.op(i, "{"):
            if self.tok(i).kind == "var":
                names.append(self.toks[i].text)
            i += 1
        terms: list[str | None] = []
        i += 1
        while i < end - 1:
            if self.op(i, "(") or self.op(i, ")"):
                i += 1
            elif self.word(i) == "UNDEF":
                terms.append(None)
                i += 1
            else:
                after = self.term(i)
                terms.append(self.span(i, after))
                i = after
        if len(terms) == len(names):  # one row
            self.params.update({n: t for n, t in zip(names, terms, strict=True) if t is not None})

    # -------------------------------------------------------------- triples
    def term(self, i: int) -> int:
        tok = self.tok(i)
        if tok.kind == "string":
            if i + 1 < len(self.toks) and self.toks[i + 1].kind == "lang":
                return i + 2
            return i + 3 if self.op(i + 1, "^^") else i + 1
        if tok.kind in ("var", "iri", "pname", "bnode", "number") or self.word(i) in ("TRUE", "FALSE"):
            return i + 1
        if tok.kind == "op" and tok.text in "+-" and self.tok(i + 1).kind == "number":
            return i + 2
        raise _Unread(f"not a term: {tok.text!r}")

    def node(self, i: int) -> tuple[int, bool]:
        """A subject or object: the token after it, and whether it is one term (no blank node)."""
        for open_, close in (("[", "]"), ("(", ")")):
            if self.op(i, open_):
                depth = 0
                while True:
                    if self.op(i, "{") or self.op(i, "}"):
                        raise _Unread("a brace inside a blank node or collection")
                    if self.op(i, open_):
                        depth += 1
                    elif self.op(i, close):
                        depth -= 1
                    i = self.next(i)
                    if depth == 0:
                        return i, False
        return self.term(i), self.tok(i).kind != "bnode"

    def verb_starts(self, i: int) -> bool:
        if i >= len(self.toks):
            return False
        tok = self.toks[i]
        return (
            tok.kind in ("var", "iri", "pname")
            or tok.text == "a"
            or self.op(i, "^")
            or self.op(i, "(")
            or self.op(i, "!")
        )

    def path(self, i: int) -> tuple[int, bool]:
        """A property path: the token after it, and whether it is one element under ``*`` or ``+``."""
        i, closure = self.sequence(i)
        while self.op(i, "|"):
            i, _ = self.sequence(i + 1)
            closure = False
        return i, closure

    def sequence(self, i: int) -> tuple[int, bool]:
        i, closure = self.element(i)
        while self.op(i, "/"):
            i, _ = self.element(i + 1)
            closure = False
        return i, closure

    def element(self, i: int) -> tuple[int, bool]:
        if self.op(i, "^"):
            i += 1
        tok = self.tok(i)
        if tok.kind in ("iri", "pname") or tok.text == "a":
            i += 1
        elif self.op(i, "!"):
            i = self.node(i + 1)[0] if self.op(i + 1, "(") else i + (3 if self.op(i + 1, "^") else 2)
        elif self.op(i, "("):
            i, _ = self.path(i + 1)
            if not self.op(i, ")"):
                raise _Unread("a path group should close here")
            i += 1
        else:
            raise _Unread(f"not a path: {tok.text!r}")
        if i < len(self.toks) and self.toks[i].kind == "op" and self.toks[i].text in ("*", "+", "?"):
            return i + 1, self.toks[i].text != "?"
        return i, False

    def triples(self, i: int) -> int:
        """The triples of one subject (``S p o , o ; p o``); the token after them."""
        start = i
        i, simple = self.node(i)
        block = _Block(start, (start, i))
        while self.verb_starts(i):
            verb = i
            i, closure = (i + 1, False) if self.tok(i).kind == "var" else self.path(i)
            objects = []
            while True:
                first = i
                i, one = self.node(i)
                objects.append((first, i, one))
                if not self.op(i, ","):
                    break
                i += 1
            block.verbs.append(((verb, objects[0][0]), closure, objects))
            if not self.op(i, ";"):
                break
            while self.op(i, ";"):
                i += 1
        block.end = i
        if simple and self.depth == 1 and any(closure for _v, closure, _o in block.verbs):
            self.blocks.append(block)
        return i


class _Block:
    """The triples of one subject that hold a closure: token spans of its subject, verbs and objects."""

    def __init__(self, start: int, subject: tuple[int, int]) -> None:
        self.start, self.end = start, start
        self.subject = subject
        self.verbs: list[tuple[tuple[int, int], bool, list[tuple[int, int, bool]]]] = []


def inline_closures(text: str, ask: Callable[[str], list[Node] | None]) -> str:
    """The query with each closure of its top-level group whose one end is fixed replaced by
    ``VALUES`` of its answer.

    A closure is a triple ``S P* O`` or ``S P+ O`` (:class:`_Patterns`); an end is fixed when it is
    an IRI or literal, or a variable the top-level ``VALUES`` binds to one term (a parameter). For
    ``?x P* <c>`` ``ask`` is given ``SELECT DISTINCT ?x WHERE { ?x P* <c> }`` (after the query's
    prologue) and returns the terms, or ``None`` to leave that triple as it is. The triple becomes
    ``VALUES ?x { ... }``: the same solutions (a path's answer is a set), joined with the rest of
    the group the same way. With both ends fixed it becomes ``{}`` (one empty solution) if the
    path holds, else ``{ FILTER(false) }`` (none). Closures in nested groups (see
    :class:`_Patterns`), with no end fixed, or with a blank node at an end are left, and so is a
    query the reader does not follow.

    >>> from rdflib import URIRef
    >>> q = 'SELECT ?s ?n { VALUES ?top { ekg:a } ?s skos:broader* ?top ; rdfs:label ?n }'
    >>> inline_closures(q, lambda sub: print(sub) or [URIRef("urn:x:a"), URIRef("urn:x:b")])
    SELECT DISTINCT ?s WHERE { ?s skos:broader* ekg:a }
    'SELECT ?s ?n { VALUES ?top { ekg:a } VALUES ?s { <urn:x:a> <urn:x:b> } . ?s rdfs:label ?n }'
    """
    from ecokg.query.params import ParamError

    reader = _Patterns(text)
    try:
        reader.where()
    except (_Unread, ParamError, StopIteration):
        return text
    form = next((t for t in reader.toks if t.kind == "word" and t.text.upper() in QUERY_FORMS), None)
    prologue = text[: form.pos] if form is not None else ""
    edits = []
    for block in reader.blocks:
        items, changed = [], False
        for verb, closure, objects in block.verbs:
            kept = []
            for first, after, one in objects:
                inlined = _inlined(reader, block, verb, (first, after), prologue, ask) if closure and one else None
                if inlined is None:
                    kept.append(reader.span(first, after))
                else:
                    items.append(inlined)
                    changed = True
            if kept:
                items.append(f"{reader.span(*block.subject)} {reader.span(*verb)} {' , '.join(kept)}")
        if changed:
            edits.append((reader.toks[block.start].pos, reader.toks[block.end - 1], " . ".join(items)))
    for start, last, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + replacement + text[last.pos + len(last.text) :]
    return text


def _inlined(
    reader: _Patterns,
    block: _Block,
    verb: tuple[int, int],
    obj: tuple[int, int],
    prologue: str,
    ask: Callable[[str], list[Node] | None],
) -> str | None:
    """What stands for the closure from the block's subject to ``obj`` (``VALUES ?x { ... }``; with
    both ends fixed, ``{}`` if it holds, else ``{ FILTER(false) }``), or ``None`` to leave it."""
    from ecokg.query.params import ParamError, term_text

    ends = [_end(reader, block, *block.subject), _end(reader, block, *obj)]
    free = [text for fixed, text in ends if not fixed]
    if len(free) > 1:
        return None
    head = f"DISTINCT {free[0]}" if free else "DISTINCT (1 AS ?holds)"
    found = ask(f"{prologue}SELECT {head} WHERE {{ {ends[0][1]} {reader.span(*verb)} {ends[1][1]} }}")
    if found is None:
        return None
    if not free:
        return "{}" if found else "{ FILTER(false) }"
    try:
        terms = [term_text(t) for t in found]
    except ParamError:  # a blank node cannot be written in VALUES
        return None
    return f"VALUES {free[0]} {{ {' '.join(terms)} }}"


def _end(reader: _Patterns, block: _Block, first: int, after: int) -> tuple[bool, str]:
    """One end of a closure: (fixed, the term's text) or (free, its variable)."""
    tok = reader.toks[first]
    if tok.kind != "var":
        return True, reader.span(first, after)
    if tok.text in reader.params:
        return True, reader.params[tok.text]
    return False, tok.text


#: Virtuoso 7.2.5 answers a ``*`` or ``+`` property path wrongly when both its ends are bound as it
#: comes to the path (by ``VALUES``, a constant, or the patterns joined before it): the bound end is
#: not checked, and the path yields a row for each node it reaches from its other end:
#: ``VALUES ?s { :c } ?s :broader* :a`` gives ``?s = :c`` twice (once per node of ``:a``'s closure,
#: ``:a`` and ``:b``) where the answer is empty. Which end Virtuoso binds first depends on its plan,
#: so a query that joins a closure to other patterns is wrong in some regions and right in others
#: (``sector-players``: an extra row at 100k; ``orgs-in-area``: 1 row for 63 at 10k). Alone, with
#: one end fixed, Virtuoso answers such a path right, so :func:`inline_closures` asks it each closure
#: with a fixed end on its own and puts the answer in the query as ``VALUES``, unless the closure has
#: more than this many members (then Virtuoso evaluates the path itself).
MAX_INLINED = 50_000

#: Virtuoso's ``MaxSortedTopRows``: the most rows its in-memory sort (``ORDER BY`` with ``LIMIT`` or
#: ``OFFSET``) takes; 10,000 unless the ini says otherwise (ecokg's ini says so explicitly).
SORTED_TOP_ROWS = 10_000
_SR319 = re.compile(r"SR319: Max row length is exceeded when trying to store a string of (\d+) chars")


def query(endpoint: str, text: str, graphs: Iterable[str], *, timeout: float = 60.0) -> Result:
    """Run a query on Virtuoso's ``/sparql`` over exactly ``graphs``, as the embedded store would.

    Closures are inlined first (:func:`inline_closures`). An ``ORDER BY`` over rows longer than
    Virtuoso's sort table holds (SR319: a row over about 4 KB, a long ``GROUP_CONCAT`` say) is
    sorted in memory instead (:func:`sorted_in_memory`), which holds :data:`SORTED_TOP_ROWS` rows.
    """
    from ecokg.query import remote

    params = dataset_params(graphs)

    def ask(closure: str) -> list[Node] | None:
        sent, _restore = virtuoso_dialect(closure)
        rows = list(remote.query(endpoint, sent, timeout=timeout, params=params))
        if len(rows) > MAX_INLINED:
            return None
        return [row[0] for row in rows]  # type: ignore[index]  # rdflib ResultRow

    sent, restore = virtuoso_dialect(inline_closures(text, ask))
    try:
        return remote.query(endpoint, sent, timeout=timeout, params=params, restore=restore)
    except remote.RemoteError as exc:
        long = _SR319.search(str(exc))
        if long is None:
            raise
        cannot = (
            f"Virtuoso cannot sort or store rows this long: a value of {long.group(1)} bytes (SR319) is "
            "more than a row of its temporary tables holds (about 4 KB: a long GROUP_CONCAT list, say)"
        )
        retry = sorted_in_memory(sent)
        if retry is None:
            raise VirtuosoError(
                f"{cannot}, and the query is not one whose ORDER BY ecokg can move to Virtuoso's in-memory "
                "sort (a top-level ORDER BY without LIMIT or OFFSET)"
            ) from None
        try:
            result = remote.query(endpoint, retry, timeout=timeout, params=params, restore=restore)
        except remote.RemoteError as again:
            raise VirtuosoError(f"{cannot}; sorted in memory instead, it failed too: {again}") from None
        if len(result) >= SORTED_TOP_ROWS:
            raise VirtuosoError(
                f"{cannot}, so ecokg sorted it with Virtuoso's in-memory sort (ORDER BY ... LIMIT "
                f"{SORTED_TOP_ROWS}, its MaxSortedTopRows), but the answer has {SORTED_TOP_ROWS:,} rows, as many "
                "as that sort holds, so it may be cut short: ask for fewer rows or shorter values, or leave out ORDER BY"
            ) from None
        return result


def sorted_in_memory(text: str) -> str | None:
    """The query with ``LIMIT`` :data:`SORTED_TOP_ROWS` after its top-level ``ORDER BY``, so that
    Virtuoso sorts its rows in memory rather than in a temporary table; ``None`` if the query has no
    top-level ``ORDER BY`` or already has a ``LIMIT`` or ``OFFSET`` (a trailing ``VALUES`` too).

    >>> sorted_in_memory("SELECT ?s { ?s ?p ?o } ORDER BY ?s  # last")
    'SELECT ?s { ?s ?p ?o } ORDER BY ?s  # last\\nLIMIT 10000'
    >>> sorted_in_memory("SELECT ?s { { SELECT ?s { ?s ?p ?o } ORDER BY ?s } } LIMIT 5") is None
    True
    """
    depth = 0
    words = set()
    for tok in tokenize(text):
        if tok.kind == "op" and tok.text in "{}":
            depth += 1 if tok.text == "{" else -1
        elif tok.kind == "word" and depth == 0:
            words.add(tok.text.upper())
    if "ORDER" not in words or words & {"LIMIT", "OFFSET", "VALUES"}:
        return None
    return f"{text}\nLIMIT {SORTED_TOP_ROWS}"


def push_gsp(
    base: str, build_file: Path | Sequence[Path], password: str, *, user: str = "dba", timeout: float = 120.0
) -> dict[str, int]:
    """PUT each graph of a build (and of its ``analysis.trig``, when given) to Virtuoso's Graph Store
    Protocol (HTTP Digest); triples sent per graph.

    For small builds; a graph is replaced as a whole by each PUT. Virtuoso refuses ``PUT ?default``,
    so the default graph (the asserted graph) goes to ``ekgg:asserted`` (:func:`stored_name`).
    """
    from ecokg.query.remote import graphs_of

    files = (build_file,) if isinstance(build_file, Path) else tuple(build_file)

    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, base, user, password)  # whatever realm Virtuoso names ("SPARQL")
    digest = urllib.request.HTTPDigestAuthHandler(passwords)
    opener = urllib.request.build_opener(digest)
    # Virtuoso answers an unauthenticated PUT with 401 and closes the connection while a large body is
    # still being sent (a broken pipe on the client). So the Digest challenge is fetched once with a
    # bodiless request, and every PUT carries its Authorization from the start (the stdlib handler's
    # own get_authorization computes it; nothing of Digest is re-implemented here).
    probe = "urn:ecokg:probe"
    challenge = _digest_challenge(gsp_url(base, probe), timeout)
    sent: dict[str, int] = {}

    def send(method: str, graph: str, data: bytes | None = None) -> None:
        headers = {"Content-Type": "application/n-triples"} if data is not None else {}
        req = urllib.request.Request(gsp_url(base, graph), data=data, method=method, headers=headers)
        if challenge is not None:
            authorization = digest.get_authorization(req, challenge)
            if authorization:
                req.add_unredirected_header("Authorization", f"Digest {authorization}")
        try:
            with opener.open(req, timeout=timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            if method == "GET" and exc.code == 404:
                return  # let in; the probe graph does not exist
            done = ", ".join(sent) or "none"
            raise VirtuosoError(
                f"{method} {graph}: HTTP {exc.code} {exc.reason}; graphs already replaced: {done}"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            raise VirtuosoError(f"{method} {graph}: cannot connect to {base}: {getattr(exc, 'reason', exc)}") from None

    # A wrong password is found by a bodiless request: Virtuoso resets a connection whose large body
    # it will not read, so a refused PUT would show as a reset rather than as 401.
    send("GET", probe)
    graphs = graphs_of(*files)
    for name in sorted(graphs, key=lambda g: g is None):  # the named graphs, then the asserted graph
        graph = stored_name(name)
        send("PUT", graph, graphs[name])
        sent[graph] = graphs[name].count(b"\n")
    return sent


def _digest_challenge(url: str, timeout: float) -> dict[str, str] | None:
    """The Digest challenge (realm, nonce, qop, …) a GET of ``url`` is answered with, if any."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=timeout) as resp:  # noqa: S310
            resp.read()
        return None  # no authentication asked for
    except urllib.error.HTTPError as exc:
        header = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        exc.read()
    except (urllib.error.URLError, OSError) as exc:
        raise VirtuosoError(f"cannot connect to {url}: {getattr(exc, 'reason', exc)}") from None
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "digest":
        return None
    return urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))


def build_graphs(build_file: Path | None) -> list[str]:
    """The named graphs of a build (from its manifest, else its TriG) and of its fresh
    ``analysis.trig``: the named graphs of a Virtuoso query (its default graph: ``ekgg:asserted``)."""
    import json

    from ecokg.query.remote import graphs_of
    from ecokg.query.store import build_files

    if build_file is None:
        raise VirtuosoError("--dialect virtuoso needs the build that was pushed (--build)")
    build, *analysis = build_files(build_file) if build_file.is_file() else (build_file,)
    try:
        found = set(json.loads((build.parent / "manifest.json").read_text(encoding="utf-8"))["graphs"])
    except (OSError, ValueError, KeyError):
        found = set()
    try:
        for path in analysis if found else [build, *analysis]:
            found.update(g for g in graphs_of(path) if g)
    except (OSError, SyntaxError) as exc:
        raise VirtuosoError(f"cannot read the build's graphs from {build_file}: {exc}") from None
    return sorted(found)


def push_virtuoso(
    build_file: Path | Sequence[Path],
    *,
    endpoint: str | None = None,
    server_dir: Path | None = None,
    password_file: Path | None = None,
    timeout: float = 120.0,
) -> dict[str, int]:
    """``ecokg push --to virtuoso``: bulk-load into a server ecokg started (``server_dir``), or send
    the graphs to any Virtuoso by the Graph Store Protocol (``endpoint`` + ``password_file``).
    ``build_file``: the build's TriG, or it and its ``analysis.trig``."""
    if server_dir is not None:
        from ecokg.scale.virtuoso import VirtuosoServer

        return VirtuosoServer.attach(server_dir).bulk_load(build_file)
    if endpoint is None or password_file is None:
        raise VirtuosoError("--to virtuoso needs --server-dir DIR, or --endpoint URL with --password-file FILE")
    try:
        password = password_file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise VirtuosoError(f"cannot read {password_file}: {exc.strerror}") from None
    return push_gsp(endpoint, build_file, password, timeout=timeout)
