"""Registry rows: reading a CSV file record by record and checking single values.

:func:`read_rows` streams a CSV file as :class:`Row` objects (values by header name, first
line number, raw text and character span) or :class:`~ecokg.inputs.errors.InputError` (file
and line) for a row with the wrong number of fields or bytes not in the declared encoding, and
for a header with an empty or repeated column name. :data:`CHECKS` are the value checks a mapping may name:
18-character unified social credit codes with their GB 32100-2015 check digit, ISO dates and
decimals; each returns why a value is wrong, or None.

>>> check_credit_code("91330203MA2GQ1Y125") is None
True
>>> check_credit_code("91330203MA2GQ1Y123")
'unified credit code 91330203MA2GQ1Y123 fails its check digit (expected 5)'
>>> check_credit_code("9133020")
'unified credit code 9133020 has 7 characters, not 18'
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from ecokg.inputs.errors import InputError

_CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def credit_code_check_digit(first17: str) -> str:
    """The check character of a unified social credit code (GB 32100-2015).

    >>> credit_code_check_digit("91330203MA2GQ1Y12")
    '5'
    """
    total = sum(_CC_CHARS.index(c) * w for c, w in zip(first17, _CC_WEIGHTS, strict=True))
    return _CC_CHARS[(31 - total % 31) % 31]


def check_credit_code(code: str) -> str | None:
    """Return why ``code`` is not a valid unified social credit code, or None."""
    if len(code) != 18:
        return f"unified credit code {code} has {len(code)} characters, not 18"
    bad = sorted({c for c in code if c not in _CC_CHARS})
    if bad:
        return f"unified credit code {code} has invalid character(s) {''.join(bad)}"
    if not code[2:8].isdigit():
        return f"unified credit code {code}: characters 3-8 must be an administrative area code"
    want = credit_code_check_digit(code[:17])
    if code[17] != want:
        return f"unified credit code {code} fails its check digit (expected {want})"
    return None


def check_date(value: str) -> str | None:
    """Return why ``value`` is not an ISO date (YYYY-MM-DD), or None.

    >>> check_date("2019-02-30")
    'date 2019-02-30 is not a valid ISO date (YYYY-MM-DD)'
    >>> check_date("2019-02-28") is None
    True
    """
    if _ISO_DATE.match(value):
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"date {value} is not a valid ISO date (YYYY-MM-DD)"


def check_decimal(value: str) -> str | None:
    try:
        Decimal(value)
        return None
    except InvalidOperation:
        return f"{value!r} is not a decimal number"


CHECKS: dict[str, Callable[[str], str | None]] = {
    "credit_code": check_credit_code,
    "date": check_date,
    "decimal": check_decimal,
}


class _Lines:
    """Decodes a file line by line, keeping character offsets, physical line numbers and bad lines.

    Lines are read as bytes and decoded one at a time, so an undecodable byte is reported with
    its own line number (a GBK file read as UTF-8) instead of an exception from deep inside the
    text layer; the line is then decoded with replacement characters so the CSV reader goes on.
    """

    def __init__(self, f: BinaryIO, encoding: str):
        self.f = f
        self.encoding = encoding
        self.offset = 0  # characters decoded so far
        self.line = 0  # physical lines read so far
        self.bad: list[tuple[int, str]] = []  # (line, problem)

    def __iter__(self) -> Iterator[str]:
        codec = self.encoding
        for raw in self.f:
            self.line += 1
            try:
                line = raw.decode(codec)
            except UnicodeDecodeError as exc:
                line = raw.decode(codec, errors="replace")
                self.bad.append(
                    (
                        self.line,
                        f"byte 0x{raw[exc.start]:02x} at byte {exc.start + 1} is not {self.encoding} "
                        "(save the file as UTF-8, or set source.encoding in the mapping, e.g. gbk)",
                    )
                )
            if self.line == 1 and codec.replace("_", "-").lower() == "utf-8-sig":
                codec = "utf-8"  # the byte-order mark can only start the file
            self.offset += len(line)
            yield line


@dataclass
class Row:
    """One CSV record: its values, first line number, raw text and character span."""

    line: int
    values: dict[str, str]
    text: str
    start: int
    end: int


def header_problems(header: list[str]) -> list[str]:
    """Why a header cannot be read by name: empty or repeated column names.

    >>> header_problems(["name", "code", "name", ""])
    ['column name is empty (field 4)', 'column name repeats: name (fields 1 and 3)']
    """
    problems = [f"column name is empty (field {i})" for i, h in enumerate(header, 1) if not h]
    first: dict[str, int] = {}
    for i, h in enumerate(header, 1):
        if h and h in first:
            problems.append(f"column name repeats: {h} (fields {first[h]} and {i})")
        first.setdefault(h, i)
    return problems


def read_rows(path: Path, delimiter: str = ",", encoding: str = "utf-8-sig") -> Iterator[Row | InputError]:
    """Stream the records of a CSV file, or an error for a row that cannot be read.

    The first line is the header; a header with an empty or repeated column name is an error
    (line 1) and no rows follow. Yields :class:`Row` objects (values keyed by header name) and
    :class:`InputError` for a row with the wrong number of fields or bytes that are not in
    ``encoding``; a final sentinel row (``line == 0``) carries the header.
    """
    display = display_path(path)
    try:
        codecs.lookup(encoding)
    except LookupError:
        yield InputError(display, 1, f"unknown encoding {encoding!r} (the mapping's source.encoding)")
        return
    with open(path, "rb") as f:
        tracker = _Lines(f, encoding)
        lines = iter(tracker)
        buf: list[str] = []

        def source() -> Iterator[str]:
            for line in lines:
                buf.append(line)
                yield line

        reader = csv.reader(source(), delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            yield InputError(display, 1, "empty file (no header)")
            return
        except csv.Error as exc:
            yield InputError(display, 1, f"unreadable header: {exc}")
            return
        problems = [p for _line, p in tracker.bad] + header_problems(header)
        if problems:
            yield from (InputError(display, 1, p) for p in problems)
            return
        buf.clear()
        start = tracker.offset
        line_no = tracker.line + 1
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield InputError(display, line_no, f"unreadable CSV: {exc}")
                return
            text = "".join(buf).rstrip("\r\n")
            end = start + len(text)
            buf.clear()
            if tracker.bad:
                yield from (InputError(display, n, p) for n, p in tracker.bad)
                tracker.bad.clear()
            elif not any(v.strip() for v in rec):
                pass
            elif len(rec) != len(header):
                yield InputError(display, line_no, f"{len(rec)} fields, the header has {len(header)}")
            else:
                yield Row(line_no, {h: v.strip() for h, v in zip(header, rec, strict=True)}, text, start, end)
            start = tracker.offset
            line_no = tracker.line + 1
        yield Row(0, {h: "" for h in header}, "", 0, 0)  # sentinel carrying the header


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it (for error messages)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def write_sample_csv(path: Path, rows: int, seed: int = 0) -> Path:
    """Write a valid registry CSV of ``rows`` companies, the same bytes for the same arguments.

    For measuring and testing the import at scale: valid credit codes (check digit computed),
    six districts, 40 parks (half the rows have none), 30 sectors, a legal representative on
    half the rows.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = write_sample_csv(Path(tmp) / "r.csv", 3)
    ...     lines = p.read_text(encoding="utf-8").splitlines()
    >>> len(lines), check_credit_code(lines[1].split(",")[1]) is None
    (4, True)
    """
    import random

    rng = random.Random(seed)
    districts = ["海曙区", "江北区", "鄞州区", "北仑区", "镇海区", "奉化区"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "credit_code", "district", "park", "sector", "founded", "legal_rep", "capital_wan"])
        for i in range(rows):
            first17 = f"913302{rng.randint(0, 99):02d}{i:09d}"
            park = f"测试园区{rng.randint(1, 40)}" if rng.random() < 0.5 else ""
            founded = f"{rng.randint(1990, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            rep = f"法人{i}" if rng.random() < 0.5 else ""
            w.writerow([f"宁波测试{i}有限公司", first17 + credit_code_check_digit(first17), rng.choice(districts), park,
                        f"测试行业{rng.randint(1, 30)}", founded, rep, str(rng.randint(1, 99999))])  # fmt: skip
    return Path(path)
