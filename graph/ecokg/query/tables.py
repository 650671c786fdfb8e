"""Printing rows for people and programs: aligned tables (CJK-aware), CSV, TSV, JSON, Markdown.

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
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "csv", "tsv", "json", "markdown")


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _cell(v: Any) -> str:
    return "" if v is None else str(v)


def format_rows(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table") -> str:
    """Render ``rows`` under ``headers`` in one of :data:`FORMATS`."""
    cells = [[_cell(v) for v in row] for row in rows]
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
