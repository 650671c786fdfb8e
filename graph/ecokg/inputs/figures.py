"""Figures: reading one curated figure, its value, multiplier and qualifier, and its key.

:func:`read_figure` checks a ``figures:`` item (measure, status, unit, value, multiplier,
year, qualifier, scope) and returns a :class:`~ecokg.inputs.model.Figure`. A figure without
an explicit ``id`` is keyed by what it measures (indicator, area, sector, measure, status,
year, period, scope), made IRI-safe ASCII by :func:`ascii_key`. How a value is bounded
(about, at least, more than...) is read from its printed wording when the curator does not
say (:func:`qualifier_from_wording`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ecokg.inputs.dates import When
from ecokg.inputs.facts_reader import FileReader
from ecokg.inputs.model import (
    FIGURE_FIELDS,
    ID_RE,
    MEASURES,
    MULTIPLIER_WORDS,
    QUALIFIERS,
    STATUSES,
    UNITS,
    Figure,
    Ref,
    Where,
)
from ecokg.inputs.yamlio import YMap

#: A figure's value has at most this many digits and a decimal exponent within ±MAX_EXPONENT: a
#: "1e999999" would otherwise be written out as a million-digit literal.
MAX_DIGITS = 30
MAX_EXPONENT = 30


def parse_decimal(text: str) -> Decimal | None:
    """A finite, bounded decimal from a figure's value text (thousands commas allowed), or None.

    >>> parse_decimal("1,200.5"), parse_decimal("NaN"), parse_decimal("多"), parse_decimal("1e999999")
    (Decimal('1200.5'), None, None, None)
    >>> parse_decimal("1e99999999") is None and parse_decimal("2.2e12") == Decimal("2.2e12")
    True
    """
    if not isinstance(text, str) or len(text) > 4 * MAX_DIGITS:
        return None
    try:
        d = Decimal(text.replace(",", ""))
    except (InvalidOperation, AttributeError, ValueError):
        return None
    if not d.is_finite() or len(d.as_tuple().digits) > MAX_DIGITS or abs(d.adjusted()) > MAX_EXPONENT:
        return None
    return d


def _is_number(text: object) -> bool:
    """Whether ``text`` is a number at all (parse_decimal may still refuse it as too large)."""
    try:
        return isinstance(text, str) and Decimal(text.replace(",", "")).is_finite()
    except (InvalidOperation, ValueError):
        return False


_NUM = r"[\d一二两三四五六七八九十百千万亿]"


def qualifier_from_wording(reported: str) -> str | None:
    """Derive how a value is bounded from its printed wording, next to the number only.

    >>> [qualifier_from_wording(w) for w in ("约110亿元", "6%以上", "超10亿元", "50余家", "签约23个", "节约20天")]
    ['about', 'at_least', 'more_than', 'more_than', None, None]

    A curator's explicit ``qualifier:`` always wins (e.g. ``50个5000万元以上项目`` is exactly 50).
    """
    if re.search(rf"(?<![签节大])约{_NUM}|{_NUM}[^，。；]{{0,3}}左右|近{_NUM}", reported):
        return "about"
    if re.search(r"[\d%％个家名人元项座]以上|至少|不少于", reported):
        return "at_least"
    if re.search(rf"(超过?|突破|逾){_NUM}|{_NUM}(余|多)", reported):
        return "more_than"
    if re.search(r"[\d%％个家名人元项]以下|不超过|以内", reported):
        return "at_most"
    return None


def read_figure(r: FileReader, sid: str, item: object, refs: list[Ref]) -> Figure | None:
    if not isinstance(item, YMap):
        r.err(getattr(item, "line", 1), "each figure must be a mapping")
        return None
    required = ("indicator", "of", "measure", "status", "value", "unit", "reported", "year", "quote")
    if not r.fields(item, FIGURE_FIELDS, required, "figure"):
        return None
    ok = True
    ind, of = r.ident(item, "indicator"), r.ident(item, "of")
    sector = r.ident(item, "sector") if "sector" in item else None
    span = r.quote(item)
    measure, status, unit = item["measure"], item["status"], item["unit"]
    if measure not in MEASURES:
        r.err(item.line_of("measure"), f"measure {measure!r} must be one of {', '.join(MEASURES)}")
        ok = False
    if status not in STATUSES:
        r.err(item.line_of("status"), f"status {status!r} must be one of {', '.join(STATUSES)}")
        ok = False
    if unit not in UNITS:
        r.err(item.line_of("unit"), f"unit {unit!r} must be one of {', '.join(UNITS)}")
        ok = False
    value = parse_decimal(item["value"])
    if value is None:
        bounds = f"at most {MAX_DIGITS} digits, exponent within ±{MAX_EXPONENT}"
        why = f"out of range ({bounds})" if _is_number(item["value"]) else "not a number"
        r.err(item.line_of("value"), f"value {item['value']!r} is {why}")
        ok = False
    mult_text = item.get("multiplier", "1")
    multiplier = parse_decimal(MULTIPLIER_WORDS.get(mult_text, mult_text))
    if multiplier is None or multiplier <= 0:
        r.err(item.line_of("multiplier"), f"multiplier {mult_text!r} is not a positive number (1e4, 1e8, 1e12)")
        ok = False
    year: When | None = None
    if item["year"] != "unstated":
        year = r.when(item, "year")
        if year is None:
            ok = False
    elif status == "actual":
        r.err(item.line_of("year"), "an actual figure needs its year")
        ok = False
    qualifier = item.get("qualifier") or qualifier_from_wording(item["reported"])
    if qualifier is not None and qualifier not in QUALIFIERS:
        r.err(item.line_of("qualifier"), f"qualifier {qualifier!r} must be one of {', '.join(QUALIFIERS)}")
        ok = False
    if measure == "rank" and "scope" not in item:
        r.err(item.line, "a rank needs its 'scope' (全市, 全省, 全国 …)")
        ok = False
    if not ok or ind is None or of is None or span is None or value is None or multiplier is None:
        return None
    refs.append((ind, "indicator", r.path, item.line_of("indicator"), "Indicator"))
    refs.append((of, "of", r.path, item.line_of("of"), None))
    if sector:
        refs.append((sector, "sector", r.path, item.line_of("sector"), "IndustrySector"))
    if "id" in item:
        fid = item["id"]
        if not ID_RE.fullmatch(fid):
            r.err(item.line_of("id"), f"figure id {fid!r} must be lowercase ASCII")
            return None
    else:
        parts = [
            ind,
            of,
            sector or "",
            measure,
            status,
            year.iso() if year else "unstated",
            item.get("period", ""),
            item.get("scope", ""),
        ]
        fid = "--".join(ascii_key(p) for p in parts)
    return Figure(
        sid, fid, ind, of, measure, status, value, unit, multiplier, item["reported"], year,
        item.get("period"), item.get("scope"), sector, item.get("compared_to"), qualifier, span,
        item.get("note"), Where(r.path, item.line),
    )  # fmt: skip


_SCOPES = {"全市": "city", "全省": "province", "全国": "country", "全区": "district", "全球": "world"}


def ascii_key(part: str) -> str:
    """Make a key part IRI-safe ASCII (scopes have fixed names; anything else is hex-encoded)."""
    if part in _SCOPES:
        return _SCOPES[part]
    if re.fullmatch(r"[A-Za-z0-9_.-]*", part):
        return part
    return "x" + part.encode("utf-8").hex()
