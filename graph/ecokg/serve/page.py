"""The offline query page of ``ecokg serve``: its static files and the named queries it offers as examples.

The page (``static/sparql.html``, ``sparql.js``, ``sparql.css``) loads nothing from outside the
endpoint; :data:`PAGE_CSP` is the Content-Security-Policy it is served with. The examples are the
library's named queries with their defaults bound (``/queries.json``).

>>> static_file("sparql.html")[:15]
b'<!doctype html>'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from ecokg.query.library import load_queries

STATIC = {"/static/sparql.js": ("sparql.js", "text/javascript"), "/static/sparql.css": ("sparql.css", "text/css")}
"""URL path -> (file in ``static/``, media type) of the page's assets."""
PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
"""The Content-Security-Policy of the page and its assets: nothing from elsewhere."""


def static_file(name: str) -> bytes:
    """A file of the offline query page (``ecokg/serve/static``)."""
    return resources.files("ecokg.serve").joinpath("static", name).read_bytes()


def examples(queries_dir: Path | None = None) -> list[dict[str, Any]]:
    """The named queries for the page: name, titles, description, parameters, text with defaults bound."""
    out = []
    for name, q in load_queries(queries_dir).items():
        try:
            text = q.bound()
        except Exception:  # a query whose defaults cannot be bound is shown unbound
            text = q.text
        params = [{"name": p.name, "type": p.kind, "default": p.default, "doc": p.doc} for p in q.params]
        out.append(
            {
                "name": name,
                "title": q.title,
                "title_en": q.title_en,
                "answers": q.answers,
                "params": params,
                "query": text,
            }
        )
    return out
