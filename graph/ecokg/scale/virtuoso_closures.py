"""Virtuoso 7.2.5 does not check a ``*``/``+`` path whose two ends are both bound: the closures of a
query's top-level group with a fixed end are asked on their own (Virtuoso gets that right) and their
answers put back into the query as ``VALUES`` (:func:`inline_closures`). Used by
:mod:`ecokg.scale.virtuoso_sparql`.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib.term import Node

from ecokg.query.safety import QUERY_FORMS, Token, tokenize


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
