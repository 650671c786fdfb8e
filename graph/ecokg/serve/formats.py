"""Content negotiation and result serialisation for the SPARQL endpoint.

:func:`negotiate` picks the media type of the answer from ``Accept`` (or a ``format=`` parameter,
:data:`FORMAT_PARAM`): SPARQL 1.1 JSON / XML / CSV / TSV results for SELECT and ASK, Turtle /
N-Triples / JSON-LD / RDF/XML for CONSTRUCT and DESCRIBE, None (406) when nothing fits. The
``serialize_*`` functions write pyoxigraph results in the chosen format.

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", "SELECT")
'application/sparql-results+json'
>>> negotiate("text/turtle", "SELECT") is None
True
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from rdflib import RDF, XSD

from ecokg.namespaces import PREFIXES

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
RESULTS_XMLNS = "http://www.w3.org/2005/sparql-results#"
"""The XML namespace of SPARQL 1.1 Query Results XML."""
_PLAIN_DATATYPES = frozenset({str(XSD.string), str(RDF.langString)})
"""Datatypes that SPARQL results leave implicit (a plain or language-tagged string)."""


def negotiate(accept: str | None, form: str) -> str | None:
    """The media type to answer a query of ``form`` with, or None (406) if ``accept`` allows none.

    >>> negotiate(None, "CONSTRUCT")
    'text/turtle'
    >>> negotiate("application/*", "ASK")
    'application/sparql-results+json'
    >>> negotiate("text/csv", "ASK") is None
    True
    """
    if form in ("SELECT", "ASK"):
        offered = list(RESULT_TYPES)
        if form == "ASK":
            offered = [t for t in offered if RESULT_TYPES[t] in ("json", "xml")]
    else:
        offered = list(GRAPH_TYPES)
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, i, media))
    for _q, _i, media in sorted(ranges):
        if media in ("*/*", "*"):
            return offered[0]
        if media.endswith("/*"):
            for t in offered:
                if t.startswith(media[:-1]):
                    return t
        elif media in offered:
            return media
    return None


# ------------------------------------------------------------------------------- serialisation


def _lit_parts(term: Any) -> tuple[str, str | None, str | None]:
    lang = term.language or None
    dt = term.datatype.value if term.datatype is not None else None
    if lang or dt in _PLAIN_DATATYPES:
        dt = None
    return term.value, lang, dt


def _json_term(term: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value, lang, dt = _lit_parts(term)
        out: dict[str, Any] = {"type": "literal", "value": value}
        if lang:
            out["xml:lang"] = lang
        elif dt:
            out["datatype"] = dt
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def _xml_term(term: Any) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        value, lang, dt = _lit_parts(term)
        attr = f" xml:lang={quoteattr(lang)}" if lang else f" datatype={quoteattr(dt)}" if dt else ""
        return f"<literal{attr}>{escape(value)}</literal>"
    parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
    return f"<triple>{parts}</triple>"


def _csv_cell(term: Any) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def serialize_solutions(variables: list[str], rows: Iterable[Any], fmt: str) -> bytes:
    """SPARQL 1.1 JSON, XML, CSV or TSV results for SELECT solutions (pyoxigraph terms)."""
    rows = list(rows)
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{RESULTS_XMLNS}">']
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>")
        out.append("<results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out += ["</results>", "</sparql>"]
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_cell(t) for t in row] for row in rows)
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """SPARQL 1.1 JSON or XML results for ASK."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{RESULTS_XMLNS}">'
        f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>"
    ).encode()


def serialize_triples(triples: list[Any], fmt: str) -> bytes:
    """Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT / DESCRIBE triples (pyoxigraph)."""
    import pyoxigraph as ox

    rdf = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[fmt]
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    return ox.serialize(triples, format=rdf, prefixes=prefixes) or b""
