"""The offline query page of ``ecokg serve``: its static files, the named queries it offers and the
binding of their parameters.

The page (``static/sparql.html`` and its scripts and stylesheet) loads nothing from outside the
endpoint; :data:`PAGE_CSP` is the Content-Security-Policy it is served with (no inline script or
style, no ``eval``). It is written for this endpoint rather than vendoring YASGUI: YASGUI 4.6
(``@zazuko/yasgui``, 1 MB of minified script) runs under this policy only with a hash exemption
for the stylesheet its column resizer injects, and its table fixes column widths with ellipses,
which is what squeezed the Chinese labels; it also flags the endpoint's predeclared prefixes as
errors. The page's own editor highlights SPARQL in an overlay of the text area
(``static/highlight.js``).

Three JSON routes serve it: ``/queries.json`` (:func:`examples`: each named query's titles,
description, documented parameters, its text and its text with the defaults bound),
``/prefixes.json`` (:data:`ecokg.namespaces.PREFIXES`, which the endpoint predeclares) and
``POST /bind`` (:meth:`Binder.bind`: a named query's parameters, filled in on the page, bound by
:func:`ecokg.query.library.prepare_query`, so a name such as 太平鸟 is resolved to its entity as
``ecokg query NAME -p KEY=VALUE`` does). The page then runs the bound text at ``/sparql``.

>>> static_file("sparql.html")[:15]
b'<!doctype html>'
>>> query_body("# title: t\\n# param: ?x iri -- x\\n\\nSELECT * {}\\n")
'SELECT * {}\\n'
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from ecokg.namespaces import PREFIXES
from ecokg.query.library import load_queries, prepare_query
from ecokg.query.names import NameLookupError

_JS, _CSS = "text/javascript", "text/css"
STATIC = {
    "/static/sparql.js": ("sparql.js", _JS),
    "/static/highlight.js": ("highlight.js", _JS),
    "/static/results.js": ("results.js", _JS),
    "/static/sparql.css": ("sparql.css", _CSS),
}
"""URL path -> (file in ``static/``, media type) of the page's assets."""
PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
"""The Content-Security-Policy of the page and its assets: nothing from elsewhere."""


def static_file(name: str) -> bytes:
    """A file of the offline query page (``ecokg/serve/static``)."""
    return resources.files("ecokg.serve").joinpath("static", name).read_bytes()


def query_body(text: str) -> str:
    """A query file's text without its header (the leading ``#`` lines and the blank lines after them)."""
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        i += 1
    if i == 0:
        return text
    while i < len(lines) and not lines[i].strip():
        i += 1
    return "".join(lines[i:])


def examples(queries_dir: Path | None = None) -> list[dict[str, Any]]:
    """The named queries for the page: name, titles, description, parameters, their text (``text``,
    header removed) and that text with the defaults bound (``query``)."""
    out = []
    for name, q in load_queries(queries_dir).items():
        try:
            bound = q.bound()
        except Exception:  # a query whose defaults cannot be bound is shown unbound
            bound = q.text
        params = [{"name": p.name, "type": p.kind, "default": p.default, "doc": p.doc} for p in q.params]
        out.append(
            {
                "name": name,
                "title": q.title,
                "title_en": q.title_en,
                "answers": q.answers,
                "params": params,
                "text": query_body(q.text),
                "query": bound,
            }
        )
    return out


def prefixes_json() -> bytes:
    """The predeclared prefixes (``/prefixes.json``), as ``{"eco": "https://…#", …}``.

    >>> json.loads(prefixes_json())["ekg"]
    'https://w3id.org/ecokg/id/'
    """
    return json.dumps({k: str(v) for k, v in PREFIXES.items()}).encode("utf-8")


class BindError(ValueError):
    """A ``/bind`` request that cannot be answered; ``status`` is the HTTP status to send."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class Binder:
    """Binds the parameters of the page's queries (``POST /bind``); the names of the build's
    entities are indexed on the first request that gives a value, from ``trig`` loaded once into
    the server process (the workers evaluate; this only resolves names)."""

    def __init__(self, trig: Path, queries_dir: Path | None = None) -> None:
        self.trig = trig
        self.queries_dir = queries_dir
        self._lock = threading.Lock()
        self._indexes: Mapping[str, Any] | None = None

    def indexes(self) -> Mapping[str, Any]:
        """The name indexes of the build (:func:`ecokg.query.names.term_indexes`), built once."""
        with self._lock:
            if self._indexes is None:
                from ecokg.query.names import term_indexes
                from ecokg.query.store import open_dataset  # imported here: it loads the build pipeline

                self._indexes = term_indexes(open_dataset(self.trig))
            return self._indexes

    def bind(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """Answer a ``/bind`` request: ``{"name": …, "query": …, "params": {…}}`` (``name`` or
        ``query``, or both) -> ``{"query": bound text, "bound": [how each value was read]}``.

        A named query whose text is sent unchanged (or not sent) binds its declared parameters, the
        defaults filling the rest; an edited text, or a text without a name, binds each value by
        what it is (:func:`ecokg.query.params.adhoc_value`, as ``ecokg query --sparql TEXT -p``).
        Empty values are left out (a named query's default then applies). Raises
        :class:`BindError` with the message for the page.
        """
        name, text, params = request.get("name"), request.get("query"), request.get("params") or {}
        if name is not None and not isinstance(name, str):
            raise BindError('"name" must be a string')
        if text is not None and not isinstance(text, str):
            raise BindError('"query" must be a string')
        if not isinstance(params, Mapping) or not all(isinstance(v, str) for v in params.values()):
            raise BindError('"params" must be an object of strings')
        given = {str(k): v for k, v in params.items() if v.strip()}
        if not name and text is None:
            raise BindError('give "name" (a named query) or "query" (a query text)')
        named = None
        if name:
            named = load_queries(self.queries_dir).get(name)
            if named is None:
                raise BindError(f"no query named {name!r} (GET /queries.json lists them)", 404)
            if text is not None and text not in (named.text, query_body(named.text)):
                named = None  # edited on the page: bound as a query text
        data = self.indexes() if given else {}
        try:
            if named is not None:
                prepared = prepare_query(str(named.path), params=given, data=data)
            else:
                prepared = prepare_query(sparql=text or "", params=given, data=data)
        except (ValueError, NameLookupError) as exc:
            raise BindError(str(exc)) from None
        bound = prepared.text
        if named is not None and text != named.text:
            bound = query_body(bound)  # the page shows the text without its header: keep lines aligned
        return {"query": bound, "bound": [str(b) for b in prepared.bound], "named": named is not None}


def parse_bind_request(body: bytes) -> Mapping[str, Any]:
    """The JSON object of a ``/bind`` request body (a :class:`BindError` if it is none).

    >>> parse_bind_request(b'{"name": "posts"}')
    {'name': 'posts'}
    >>> parse_bind_request(b'[1]')
    Traceback (most recent call last):
    ...
    ecokg.serve.page.BindError: the request body must be a JSON object
    """
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BindError(f"the request body is not JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise BindError("the request body must be a JSON object")
    return doc
