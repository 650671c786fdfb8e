"""The named-query library: ``queries/*.rq`` files, their headers, and turning a request into a query text.

Each file starts with a header of comment lines::

    # title: 区域内的机构（按类型）
    # title-en: Organisations in a park or district, by type
    # answers: Which organisations are located in an area ...
    #   (an indented comment line continues the previous field)
    # param: ?area iri = ekg:haishu -- the park, zone or district

A ``param`` line names a variable of the query, its type (``iri``, ``iri(src)``, ``string``,
``integer``, ``decimal``; :mod:`ecokg.query.params`) and, after ``=``, its default; a parameter
without a default is optional and left unbound (the query then answers for all values).

SPARQL leaves the order of a ``GROUP_CONCAT``'s items open. A query whose ``answers`` says its
lists come "in no particular order" declares its ``GROUP_CONCAT`` columns unordered lists
(:func:`unordered_lists`): answers from two stores are the same when those cells hold the same
items in any order; any other column is compared as written.

>>> q = load_queries()["orgs-in-area"]
>>> q.title_en, [p.name for p in q.params]
('Organisations in a park or district, by type', ['area'])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib.term import Node

from ecokg.project import Project
from ecokg.query.names import Names, term_indexes
from ecokg.query.params import Bound, Param, ParamError, adhoc_value, bind, check_value, split_type, term_text
from ecokg.query.safety import tokenize


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
        """The declared parameter called ``name`` (a :class:`ParamError` names the known ones)."""
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


#: The words by which a query's ``answers`` declares its GROUP_CONCAT lists unordered.
UNORDERED = "in no particular order"


def group_concat_columns(text: str) -> dict[str, str]:
    """Variable -> separator for each ``(GROUP_CONCAT(...) AS ?var)`` of a query (a space when it
    names none, as SPARQL says).

    >>> group_concat_columns('SELECT (GROUP_CONCAT(DISTINCT ?l; separator=" / ") AS ?names) '
    ...                      '(GROUP_CONCAT(STR(?g)) AS ?gs) { ?s ?p ?l }')
    {'names': ' / ', 'gs': ' '}
    """
    toks = [t for t in tokenize(text) if t.kind not in ("ws", "comment")]
    out: dict[str, str] = {}
    for i, tok in enumerate(toks):
        if not (tok.kind == "word" and tok.text.upper() == "GROUP_CONCAT"):
            continue
        depth, j, sep = 0, i + 1, " "
        while j < len(toks):
            t = toks[j]
            if t.kind == "op" and t.text in "()":
                depth += 1 if t.text == "(" else -1
            elif (
                t.kind == "word"
                and t.text.lower() == "separator"
                and j + 2 < len(toks)
                and toks[j + 2].kind == "string"
            ):
                sep = _string_value(toks[j + 2].text)
            j += 1
            if depth == 0:
                break
        if j + 1 < len(toks) and toks[j].text.upper() == "AS" and toks[j + 1].kind == "var":
            out[toks[j + 1].text[1:]] = sep
    return out


def _string_value(token: str) -> str:
    r"""The value of a SPARQL string token (quotes off, ``\`` escapes applied)."""
    body = token[3:-3] if token[:3] in ('"""', "'''") else token[1:-1]
    escapes = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), body)


def unordered_lists(text: str) -> dict[str, str]:
    """The GROUP_CONCAT columns (variable -> separator) that a query's header declares unordered:
    all of them when its ``answers`` says its lists come :data:`UNORDERED`, else none.

    >>> q = "SELECT ?s (GROUP_CONCAT(?g) AS ?gs) { ?s ?p ?g } GROUP BY ?s"
    >>> unordered_lists("# title: t\\n# answers: Each subject and its graphs (in no particular order).\\n" + q)
    {'gs': ' '}
    >>> unordered_lists("# title: t\\n# answers: Each subject and its graphs.\\n" + q)
    {}
    """
    try:
        answers = " ".join(parse_header(text).get("answers", []))
    except ValueError:
        return {}
    return group_concat_columns(text) if UNORDERED in answers else {}


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
    split_type(p.kind)
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


@dataclass(frozen=True)
class Prepared:
    """A query ready to run: its text with the parameters bound, and how each given one was read."""

    text: str
    query: NamedQuery | None
    bound: tuple[Bound, ...]


Indexes = Mapping[str, Names]


def _indexes_of(data: Any, project: Project | str | Path | None) -> Indexes | None:
    """The name indexes to check values against: given, built from ``data``, else the project's build."""
    if data is None:
        trig = Project.of(project).build_dir / "ecosystem.trig"
        if not trig.is_file():
            return None
        stat = trig.stat()
        return _build_indexes(str(trig), stat.st_mtime_ns, stat.st_size)
    if isinstance(data, Mapping):
        return data
    return term_indexes(data)


@lru_cache(maxsize=2)
def _build_indexes(trig: str, mtime_ns: int, size: int) -> Indexes:
    from ecokg.query.store import open_dataset

    return term_indexes(open_dataset(Path(trig)))


def variables(text: str) -> list[str]:
    """The variables a query text uses, in order of first use.

    >>> variables("SELECT ?l WHERE { $e rdfs:label ?l }")
    ['l', 'e']
    """
    return list(dict.fromkeys(t.text[1:] for t in tokenize(text) if t.kind == "var"))


def prepare_query(
    name: str | None = None,
    *,
    sparql: str | None = None,
    params: Mapping[str, str] | None = None,
    project: Project | str | Path | None = None,
    data: Any = None,
) -> Prepared:
    """:func:`resolve_query` with the record of how each given parameter was read (:class:`Prepared`).

    Values that name entities are checked against ``data``: a Dataset (or anything with
    ``.query``, such as a remote endpoint's adapter), the indexes of
    :func:`~ecokg.query.names.term_indexes`, or by default the project's build when there is one
    (without one, values are bound as written, unchecked).
    """
    given = dict(params or {})
    named: NamedQuery | None = None
    if sparql is not None:
        if name:
            raise ValueError("give a query name, a file or --sparql, not several")
        text = sparql
    elif name:
        path = Path(name)
        if name.endswith(".rq") and path.is_file():
            named = load_query(path)
        else:
            library = load_queries(queries_dir(project))
            if name not in library:
                close = [n for n in library if name in n]
                hint = f" (did you mean {', '.join(close)}?)" if close else " (`ecokg queries` lists them)"
                raise ValueError(f"no query named {name!r} in {queries_dir(project)}{hint}")
            named = library[name]
        text = named.text
    else:
        raise ValueError("give a query name, a .rq file or --sparql TEXT")
    declared = named is not None and (bool(named.params) or bool(named.title))
    if named is not None and declared:
        if given and not named.params:
            raise ParamError(f"query {named.name!r} has no parameters (it takes no --param)")
        for key in given:
            named.param(key)
    else:
        used = variables(text)
        for key in given:
            if key not in used:
                known = ", ".join("?" + v for v in used) or "none"
                raise ParamError(f"the query has no variable ?{key} to bind (its variables: {known})")
    if named is not None and declared:
        needs = any(split_type(named.param(k).kind)[0] == "iri" for k in given)
        indexes = _indexes_of(data, project) if needs else None
        bound = [check_value(k, v, named.param(k).kind, indexes) for k, v in given.items()]
        terms = named.bindings() | {b.name: b.term for b in bound}  # defaults, then the given values
        terms = {p.name: terms[p.name] for p in named.params if p.name in terms}
    else:
        indexes = _indexes_of(data, project) if given else None
        bound = [adhoc_value(k, v, indexes) for k, v in given.items()]
        terms = {b.name: b.term for b in bound}
    return Prepared(bind(text, terms), named, tuple(bound))


def resolve_query(
    name: str | None = None,
    *,
    sparql: str | None = None,
    params: Mapping[str, str] | None = None,
    project: Project | str | Path | None = None,
    data: Any = None,
) -> str:
    """The query text to run, parameters bound: a named query, a ``.rq`` file or a query text.

    A named query (or a file with a header) binds its declared parameters, defaults filling the
    rest; an ``iri`` parameter takes an entity's id, IRI, CURIE or any of its names, checked against
    the build (see :func:`prepare_query` for ``data``). A text without declared parameters types
    each value with :func:`~ecokg.query.params.adhoc_value` and binds only variables it uses.
    Raises :class:`ValueError` for a usage error (unknown query, both a name and a text, nothing),
    :class:`~ecokg.query.params.ParamError` (also a ValueError) for an unknown parameter or a bad
    value and :class:`~ecokg.query.names.NameLookupError` for a name that matches no entity.

    >>> print(resolve_query(sparql="SELECT ?n WHERE { ?s eco:year ?n }", params={"n": "2021"}))
    SELECT ?n WHERE { VALUES ?n { "2021"^^<http://www.w3.org/2001/XMLSchema#integer> } ?s eco:year ?n }
    >>> resolve_query("orgs-in-are")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: no query named 'orgs-in-are' in .../queries (did you mean orgs-in-area?)
    >>> resolve_query("posts", params={"colour": "red"})
    Traceback (most recent call last):
    ...
    ecokg.query.params.ParamError: query 'posts' has no parameter 'colour' (its parameters: person, org)
    """
    return prepare_query(name, sparql=sparql, params=params, project=project, data=data).text


_MENTIONS = "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE {{ {{ ?st <{s}> {e} }} UNION {{ ?st <{o}> {e} }} }}"


def explain_empty(prepared: Prepared, data: Any) -> str | None:
    """Why an answer may be empty: how each given parameter was read (an entity: in how many
    stated relations it appears; a string: the entity names it is close to); None when no
    parameter was given. ``data`` is what the query ran on (anything with ``.query``)."""
    if not prepared.bound:
        return None
    from rdflib import RDF

    lines = []
    for b in prepared.bound:
        line = f"  {b}"
        if b.id is not None and b.names is not None and b.names.prefix == "ekg":
            count = _MENTIONS.format(s=RDF.subject, o=RDF.object, e=term_text(b.term))  # a checked term
            n = int(next(iter(data.query(count)))[0])
            line += ", which appears in no stated relation" if n == 0 else f", in {n} stated relation(s)"
        elif b.id is None and b.names is not None:
            near = [b.names.describe(n) for n in b.names.similar(b.raw, 3)]
            line += f"; near: {', '.join(near)}" if near else ""
        lines.append(line)
    return "the parameters were read as:\n" + "\n".join(lines)
