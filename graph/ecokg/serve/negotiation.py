"""Content negotiation for the SPARQL endpoint: ``Accept`` first, ``format`` / ``output`` / ``results`` as hints.

What each query form is offered as (:func:`offered`; the first is the default):

* SELECT and ASK: SPARQL 1.1 results as ``application/sparql-results+json``, ``application/sparql-results+xml``,
  ``text/csv``, ``text/tab-separated-values`` (``application/json`` / ``application/xml`` / ``text/xml``
  accepted as aliases). ASK in CSV / TSV is written as Jena writes it: one column ``_askResult`` and
  one row ``true`` or ``false`` (the CSV/TSV results spec only describes SELECT).
* CONSTRUCT and DESCRIBE: ``text/turtle``, ``application/n-triples``, ``application/ld+json``,
  ``application/rdf+xml``; aliases ``application/x-turtle``, ``application/turtle``, ``text/n3``,
  ``application/n3``, ``text/rdf+n3`` (N3 asked for is answered with Turtle, which is N3),
  ``text/plain`` (N-Triples) and ``application/xml`` (RDF/XML). The answer's ``Content-Type`` is
  the type chosen, so a client asking only for ``text/n3`` gets ``text/n3``.

The rule (:func:`negotiate`):

1. ``Accept`` is read first (RFC 9110): each offered type gets the ``q`` of the most specific range
   that matches it (``text/csv`` over ``text/*`` over ``*/*``); the highest ``q`` wins, ties going to
   the four main types over the aliases, then to the range named first, then to the order above
   (SPARQLWrapper's Turtle ``Accept`` names ``application/turtle`` before ``text/turtle``).
2. A ``format`` / ``output`` / ``results`` parameter (any of the three, any number of values) is a
   *hint*, read for the query's form: a name (``json``, ``xml``, ``csv``, ``tsv``, ``turtle``,
   ``ttl``, ``n3``, ``nt``, ``ntriples``, ``json-ld``, ``jsonld``, ``rdf``, ``rdf+xml``, ``rdfxml``,
   ``srj``, ``srx``) or a media type (a comma-separated list too). ``xml`` is SPARQL XML results
   for SELECT / ASK and RDF/XML for CONSTRUCT / DESCRIBE; ``json`` is SPARQL JSON results or JSON-LD;
   ``rdf`` is RDF/XML. (SPARQLWrapper sends its return format under all three keys, and for TSV,
   JSON-LD and RDF/XML the media type as a second value; :data:`HINT_PARAMS`.)
3. The first hint that fits the form wins only where ``Accept`` states no preference among the
   offered types: when it is absent or empty, when its best match is by a wildcard (``*/*``,
   ``type/*``), when it ranks ``text/html`` above every offered type (a browser's address bar,
   whose ``Accept`` is the browser's, not the user's), or when it allows none of them. A hint
   ``Accept`` refuses outright (``q=0``) is not used.
4. A hint that does not fit the form (``format=csv`` on a CONSTRUCT, as SPARQLWrapper sends when
   asked for CSV) or names nothing known is ignored: a hint never causes a 406 or a 400 by itself.
5. Nothing fits: None, and the endpoint answers 406 with :func:`not_acceptable`, which lists what
   the form IS offered as.

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", "SELECT")
'application/sparql-results+json'
>>> negotiate("application/rdf+xml", "CONSTRUCT", ["xml"])  # SPARQLWrapper's XML for a CONSTRUCT
'application/rdf+xml'
>>> negotiate("*/*", "DESCRIBE", ["json"])  # SPARQLWrapper's JSON for a DESCRIBE: JSON-LD
'application/ld+json'
>>> negotiate("*/*", "CONSTRUCT", ["csv"])  # a hint that does not fit is ignored
'text/turtle'
>>> negotiate("text/csv", "SELECT", ["json"])  # a fitting hint does not override a stated type
'text/csv'
>>> negotiate("text/turtle", "SELECT") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
"""Media type -> results format, for SELECT and ASK (the first is the default)."""
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/n3": "turtle",
    "application/n3": "turtle",
    "text/rdf+n3": "turtle",
    "text/plain": "ntriples",
    "application/xml": "rdfxml",
}
"""Media type -> RDF format, for CONSTRUCT and DESCRIBE (the first is the default)."""
HINT_PARAMS = ("format", "output", "results")
"""The query parameters read as format hints (Virtuoso reads ``format``, Jena ``output``, ... ;
SPARQLWrapper sends all three)."""
_RESULT_HINTS = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_GRAPH_HINTS = {
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/n3",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "json": "application/ld+json",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "xml": "application/rdf+xml",
}
_BROWSER = "text/html"
_MAIN = 4
"""The first four types of each table are the main ones; the rest are aliases."""


def _is_graph(form: str | None) -> bool:
    return form in ("CONSTRUCT", "DESCRIBE")


def offered(form: str | None) -> dict[str, str]:
    """The media types a query of ``form`` is answered in (media type -> format), default first.

    >>> list(offered("ASK"))[:4]
    ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values']
    >>> offered("DESCRIBE")["text/n3"]
    'turtle'
    """
    return GRAPH_TYPES if _is_graph(form) else RESULT_TYPES


def hint_names(form: str | None) -> list[str]:
    """The hint names a query of ``form`` takes.

    >>> hint_names("SELECT")
    ['json', 'srj', 'xml', 'srx', 'csv', 'tsv']
    """
    return list(_GRAPH_HINTS if _is_graph(form) else _RESULT_HINTS)


def _ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their ``q`` (in the order given)."""
    out = []
    for part in accept.split(","):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if media == "*":  # an old spelling of */*
            media = "*/*"
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = min(1.0, max(0.0, float(b[2:])))
                except ValueError:
                    q = 0.0
        if "/" in media:
            out.append((media, q))
    return out


def _match(media: str, ranges: list[tuple[str, float]]) -> tuple[float, int, int] | None:
    """(q, specificity 2/1/0, index) of the most specific range matching ``media``, or None."""
    best: tuple[float, int, int] | None = None
    major = media.split("/")[0] + "/*"
    for i, (rng, q) in enumerate(ranges):
        spec = 2 if rng == media else 1 if rng == major else 0 if rng == "*/*" else -1
        if spec >= 0 and (best is None or spec > best[1]):
            best = (q, spec, i)
    return best


def hint_type(hints: Iterable[str], form: str | None) -> str | None:
    """The media type of the first hint that fits ``form`` (names and media types), or None.

    >>> hint_type(["tsv", "text/tab-separated-values"], "ASK")
    'text/tab-separated-values'
    >>> hint_type(["json-ld", "application/ld+json,application/x-json+ld"], "CONSTRUCT")
    'application/ld+json'
    >>> hint_type(["turtle"], "SELECT") is None
    True
    """
    names = _GRAPH_HINTS if _is_graph(form) else _RESULT_HINTS
    types = offered(form)
    for hint in hints:
        for value in hint.split(","):
            value = value.split(";")[0].strip().lower()
            if value in names:
                return names[value]
            if value in types:
                return value
    return None


def negotiate(accept: str | None, form: str | None, hints: Iterable[str] = ()) -> str | None:
    """The media type to answer a query of ``form`` with, or None (406); the rule is in the module.

    >>> negotiate(None, "CONSTRUCT")
    'text/turtle'
    >>> negotiate("application/*", "ASK")
    'application/sparql-results+json'
    >>> negotiate("text/csv", "ASK")
    'text/csv'
    >>> negotiate("application/turtle,text/turtle,text/rdf+n3,application/n-triples", "DESCRIBE")
    'text/turtle'
    >>> negotiate("text/n3", "DESCRIBE")
    'text/n3'
    >>> negotiate("image/png", "SELECT", ["csv"])  # Accept allows nothing offered: the hint
    'text/csv'
    >>> negotiate("text/csv;q=0, */*", "SELECT", ["csv"])  # refused outright: not used
    'application/sparql-results+json'
    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "SELECT", ["json"])
    'application/sparql-results+json'
    """
    types = list(offered(form))
    hinted = hint_type(hints, form)
    ranges = _ranges(accept or "")
    if not ranges:
        return hinted or types[0]
    scored = [(t, m) for t in types if (m := _match(t, ranges)) is not None and m[0] > 0]
    if not scored:  # Accept allows none of ours: a hint it does not refuse outright
        refused = hinted is not None and (m := _match(hinted, ranges)) is not None and m[0] == 0
        return None if refused else hinted
    rank = {t: (i >= _MAIN, i) for i, t in enumerate(types)}
    best_media, (best_q, best_spec, best_i) = min(
        scored, key=lambda s: (-s[1][0], rank[s[0]][0], s[1][2], rank[s[0]][1])
    )
    html = _match(_BROWSER, ranges)
    prefers_html = html is not None and html[1] == 2 and (html[0], -html[2]) > (best_q, -best_i)
    if hinted is not None and (best_spec < 2 or prefers_html):  # no stated preference among ours
        match = _match(hinted, ranges)
        if match is not None and match[0] > 0:
            return hinted
    return best_media


def not_acceptable(accept: str | None, form: str | None, hints: Iterable[str] = ()) -> str:
    """The 406 message: what was asked for and what a query of ``form`` IS answered in.

    >>> print(not_acceptable("image/png", "ASK"))  # doctest: +NORMALIZE_WHITESPACE
    cannot answer an ASK query as 'image/png'; an ASK query is answered as application/sparql-results+json,
    application/sparql-results+xml, text/csv, text/tab-separated-values (also as application/json,
    application/xml, text/xml): ask with Accept, or hint with format=json|srj|xml|srx|csv|tsv
    >>> print(not_acceptable("text/csv", "DESCRIBE", ["csv", "csv"]).split(";")[0])
    cannot answer a DESCRIBE query as 'text/csv' (format=csv does not fit a DESCRIBE query)
    """
    name = form or "SELECT"
    article = "an" if name[0] in "AEIOU" else "a"
    values = list(dict.fromkeys(h for h in hints if h))
    asked = repr(accept)
    if values:
        why = f"does not fit {article} {name} query" if hint_type(values, form) is None else "is refused by Accept"
        asked += f" (format={'/'.join(values)} {why})"
    types = list(offered(form))
    return (
        f"cannot answer {article} {name} query as {asked}; {article} {name} query is answered as "
        f"{', '.join(types[:_MAIN])} (also as {', '.join(types[_MAIN:])}): ask with Accept, "
        f"or hint with format={'|'.join(hint_names(form))}"
    )


def merged_hints(params: Mapping[str, list[str]]) -> list[str]:
    """Every hint value of the request's parameters, in :data:`HINT_PARAMS` order.

    >>> merged_hints({"query": ["ASK {}"], "output": ["csv"], "format": ["tsv", "text/tab-separated-values"]})
    ['tsv', 'text/tab-separated-values', 'csv']
    """
    return [v for key in HINT_PARAMS for v in params.get(key, [])]
