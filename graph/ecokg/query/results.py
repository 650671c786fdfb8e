"""Turning query results into rows and printing rows: readable cells, aligned tables, CSV, TSV, JSON, Markdown.

:func:`result_rows` makes the headers and readable cells of a SELECT result (prefixed IRIs,
canonical decimals); :func:`format_rows` prints any rows in one of :data:`FORMATS` (tables are
CJK-aware); :func:`format_result` does both for an rdflib query result of any form.

**One id spelling in data files.** CSV and TSV (:data:`ID_FORMATS`) name an entity by its bare
id (``taiping_bird``) and an article by its id, as ``centrality.csv``, every ``ecokg export`` file
and :func:`ecokg.to_frame` do (:func:`entity_id`), so they join; the table, JSON and Markdown show
the ``ekg:`` CURIE. Other IRIs are CURIEs (or whole) in every format.

>>> print(format_rows(["名称", "n"], [["太平鸟", 3], ["SupOS", 12]]))
名称    n
------  --
太平鸟  3
SupOS   12
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from rdflib import XSD, Literal, URIRef
from rdflib.query import Result

from ecokg.namespaces import PREFIXES

FORMATS = ("table", "csv", "tsv", "json", "markdown")
"""The formats :func:`format_rows` prints."""
ID_FORMATS = ("csv", "tsv")
"""The formats that name an entity by its bare id (:func:`entity_id`), as the export files do."""

_ID, _SOURCE = PREFIXES["ekg"], PREFIXES["src"]


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


def entity_id(iri: str) -> str:
    """The one id spelling of an entity or article: the bare local id; other IRIs as CURIEs.

    >>> entity_id("https://w3id.org/ecokg/id/sun_liming"), entity_id("http://example.org/x")
    ('sun_liming', 'http://example.org/x')
    >>> entity_id("https://w3id.org/ecokg/source/2024-haishu-excellent-district")
    '2024-haishu-excellent-district'
    >>> entity_id("https://w3id.org/ecokg/source/2024-haishu-excellent-district/span/0-12")
    'src:2024-haishu-excellent-district/span/0-12'
    >>> entity_id("https://w3id.org/ecokg/id/obs/2019-05-haishu-246-clusters/ind_x")
    'ekg:obs/2019-05-haishu-246-clusters/ind_x'
    """
    for ns in (_ID, _SOURCE):  # an entity or an article; deeper IRIs (figures, sentences) stay CURIEs
        if iri.startswith(ns) and "/" not in iri[len(ns) :]:
            return iri[len(ns) :]
    return short_iri(iri)


def cell(term: object, ids: bool = False) -> str:
    """A readable cell for a result term: prefixed IRI (with ``ids``, :func:`entity_id`), or a literal's text.

    Decimals are shown in their XSD 1.1 canonical form (as Oxigraph returns them), so every
    store prints the same figure.

    >>> from rdflib import Literal, URIRef, XSD
    >>> cell(Literal("120.0", datatype=XSD.decimal)), cell(Literal("0.50", datatype=XSD.decimal))
    ('120', '0.5')
    >>> bird = URIRef("https://w3id.org/ecokg/id/taiping_bird")
    >>> cell(bird), cell(bird, ids=True), cell(URIRef("https://w3id.org/ecokg/ontology#Company"), ids=True)
    ('ekg:taiping_bird', 'taiping_bird', 'eco:Company')
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return entity_id(str(term)) if ids else short_iri(str(term))
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        try:
            d = Decimal(str(term))
        except InvalidOperation:
            return str(term)
        return format(d.normalize(), "f") if d else "0"
    return str(term)


def result_rows(
    vars_: Iterable[object], rows: Iterable[Sequence[object]], ids: bool = False
) -> tuple[list[str], list[list[str]]]:
    """Headers and readable rows of a SELECT result (``ids``: entities by their bare id, :func:`cell`)."""
    return [str(v) for v in vars_], [[cell(v, ids) for v in row] for row in rows]


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _plain(v: Any) -> str:
    return "" if v is None else str(v)


def format_rows(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table") -> str:
    """Render ``rows`` under ``headers`` in one of :data:`FORMATS`."""
    cells = [[_plain(v) for v in row] for row in rows]
    if fmt == "table":
        widths = [display_width(h) for h in headers]
        for row in cells:
            widths = [max(w, display_width(c)) for w, c in zip(widths, row)]
        lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
        return "\n".join(lines)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(headers)
        w.writerows(cells)
        return buf.getvalue().rstrip("\n")
    if fmt == "json":
        return json.dumps([dict(zip(headers, row)) for row in rows], ensure_ascii=False, indent=2, default=str)
    if fmt == "markdown":
        esc = [[c.replace("|", "\\|").replace("\n", " ") for c in row] for row in cells]
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in esc]
        return "\n".join(lines)
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def format_result(result: Result, fmt: str = "table") -> tuple[str, int | None]:
    """The printed form of an rdflib query result, and its number of rows (None unless SELECT).

    ASK prints ``true`` / ``false`` (JSON: ``{"boolean": ...}``); CONSTRUCT and DESCRIBE print
    Turtle (JSON: JSON-LD) with the project's prefixes; SELECT prints :func:`format_rows`, in CSV
    and TSV with entities by their bare ids (:data:`ID_FORMATS`).
    """
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        return (json.dumps({"boolean": answer}) if fmt == "json" else str(answer).lower()), None
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        from ecokg.dataset.build import bind_prefixes

        assert result.graph is not None
        bind_prefixes(result.graph)
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle"), None
    selected = cast("list[Sequence[object]]", list(result))  # SELECT rows
    headers, rows = result_rows(result.vars or [], selected, ids=fmt in ID_FORMATS)
    return format_rows(headers, rows, fmt), len(rows)
