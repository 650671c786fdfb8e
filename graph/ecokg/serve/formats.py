"""Result serialisation for the SPARQL endpoint (what :mod:`ecokg.serve.negotiation` chose).

The ``serialize_*`` functions write pyoxigraph results: SPARQL 1.1 JSON / XML / CSV / TSV results
for SELECT and ASK (ASK in CSV / TSV as Jena writes it: ``_askResult`` then ``true`` / ``false``),
Turtle / N-Triples / JSON-LD / RDF/XML for CONSTRUCT and DESCRIBE.

A result cut at the row cap says so in its body where the format has room for it, besides the
endpoint's ``X-Ecokg-Truncated`` header (:func:`truncation_note`):

* SPARQL JSON: ``head.link`` holds a ``data:`` IRI whose text is the note (the spec's place for
  metadata about results), and a top-level ``"truncated": {"limit": N, "message": ...}`` member
  that comes before ``results``, so a streaming reader sees it before the rows (Oxigraph's JSON
  results parser refuses any member after ``results``; none is written there);
* SPARQL XML: ``<link href="data:..."/>`` in ``<head>``;
* Turtle, N3, N-Triples: a ``#`` comment as the first line; RDF/XML: an XML comment after the
  XML declaration;
* CSV, TSV and JSON-LD have no place for it: the header only.

>>> serialize_boolean(True, "csv")
b'_askResult\\r\\ntrue\\r\\n'
>>> doc = json.loads(serialize_solutions(["x"], [[None]], "json", truncated_at=1))
>>> list(doc), doc["truncated"]
(['head', 'truncated', 'results'], {'limit': 1, 'message': 'results truncated at 1 rows'})
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from rdflib import RDF, XSD

from ecokg.namespaces import PREFIXES
from ecokg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES, negotiate

__all__ = [
    "GRAPH_TYPES",
    "RESULTS_XMLNS",
    "RESULT_TYPES",
    "negotiate",
    "serialize_boolean",
    "serialize_solutions",
    "serialize_triples",
    "truncation_note",
]

RESULTS_XMLNS = "http://www.w3.org/2005/sparql-results#"
"""The XML namespace of SPARQL 1.1 Query Results XML."""
_PLAIN_DATATYPES = frozenset({str(XSD.string), str(RDF.langString)})
"""Datatypes that SPARQL results leave implicit (a plain or language-tagged string)."""


def truncation_note(limit: int, unit: str = "rows") -> tuple[str, str]:
    """The note a truncated result carries in its body, and the same as a ``data:`` IRI.

    >>> truncation_note(5)
    ('results truncated at 5 rows', 'data:text/plain;charset=utf-8,results%20truncated%20at%205%20rows')
    """
    message = f"results truncated at {limit} {unit}"
    return message, "data:text/plain;charset=utf-8," + quote(message)


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


def serialize_solutions(
    variables: list[str], rows: Iterable[Any], fmt: str, *, truncated_at: int | None = None
) -> bytes:
    """SPARQL 1.1 JSON, XML, CSV or TSV results for SELECT solutions (pyoxigraph terms).

    ``truncated_at``: the row cap, when the rows were cut there (noted in JSON and XML bodies).
    """
    rows = list(rows)
    note = truncation_note(truncated_at) if truncated_at is not None else None
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        doc: dict[str, Any] = {"head": {"vars": variables}}
        if note:
            doc["head"]["link"] = [note[1]]
            doc["truncated"] = {"limit": truncated_at, "message": note[0]}  # before "results": see the module
        doc["results"] = {"bindings": bindings}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{RESULTS_XMLNS}">']
        link = f"<link href={quoteattr(note[1])}/>" if note else ""
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + link + "</head>")
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
    """SPARQL 1.1 JSON or XML results for ASK; CSV and TSV as Jena writes them.

    >>> serialize_boolean(False, "tsv")
    b'?_askResult\\nfalse\\n'
    """
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{word}\n".encode()
    if fmt == "xml":
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{RESULTS_XMLNS}">'
            f"<head/><boolean>{word}</boolean></sparql>"
        ).encode()
    raise ValueError(f"unknown results format {fmt!r}")


def serialize_triples(triples: list[Any], fmt: str, *, truncated_at: int | None = None) -> bytes:
    """Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT / DESCRIBE triples (pyoxigraph).

    ``truncated_at``: the triple cap, when the triples were cut there (a comment in Turtle,
    N-Triples and RDF/XML).
    """
    import pyoxigraph as ox

    rdf = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[fmt]
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    body = ox.serialize(triples, format=rdf, prefixes=prefixes) or b""
    if truncated_at is None or fmt == "jsonld":
        return body
    message = truncation_note(truncated_at, "triples")[0].encode()
    if fmt == "rdfxml":
        decl, _, rest = body.partition(b"\n")
        return decl + b"\n<!-- " + message + b" -->\n" + rest
    return b"# " + message + b"\n" + body
