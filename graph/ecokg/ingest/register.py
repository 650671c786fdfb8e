"""Registering a new article: its text copied verbatim into data/sources/, its entry appended to
sources.yaml, its date given or inferred from the text (and the inference written down, as for
the curated articles).

>>> infer_date("4月20日，我市召开推进大会。去年全市规上工业增加值增长11.2%，2021年实现产值3000亿元。今年……昨天的大会")[0].iso()
'2022-04-21'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ecokg.inputs.dates import When
from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.sources import load_registry
from ecokg.inputs.yamlio import read_text

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PAST_YEAR = re.compile(
    r"(?<![到至争计])((?:19|20)\d\d)\s*年(?!前|底前|末前)([^。；]{0,30}?)(实现|完成|达到?|增长|同比|获评|入选|成功|开园|开院|交出|首破)"
)
_FUTURE = re.compile(r"力争|目标|确保|争取|以上|预计|计划|将|要|到(?:19|20)\d\d|年是|之年|前$|未来|今后|十四五")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YESTERDAY = re.compile(r"昨天|昨日")


def infer_date(text: str) -> tuple[When, str]:
    """The publication date the text supports, and how it was inferred (raises ValueError when none)."""
    flat = re.sub(r"\s", "", text)
    past = []
    for m in _PAST_YEAR.finditer(flat):
        start = max(flat.rfind(p, 0, m.start()) for p in "。！？；") + 1
        end = min((i for i in (flat.find(p, m.end()) for p in "。！？；") if i >= 0), default=len(flat))
        if not _FUTURE.search(flat[start:end]):
            past.append(int(m.group(1)))
    notes: list[str] = []
    days = [(int(m.group(1)), int(m.group(2)), m.group(0)) for m in _MONTH_DAY.finditer(flat)]
    if not past:
        raise ValueError("the text states no past year to date it by; give --date YYYY[-MM[-DD]]")
    year = max(past)
    notes.append(f"the latest year reported as past is {year}")
    if "去年" in flat and not re.search(rf"{year}\s*年[^。]{{0,10}}(?:今年|以来)", flat):
        year += 1
        notes.append(f"去年 is used for past results, so the article is from the next year, {year}")
    if _YESTERDAY.search(flat) and days:
        mo, d, printed = days[0]
        day = dt.date(year, mo, d) + dt.timedelta(days=1)
        notes.append(f"it calls the event of {printed} 昨天, so it appeared the next day")
        return When(day.year, day.month, day.day), "; ".join(notes) + " (inferred by ecokg ingest)."
    return When(year), "; ".join(notes) + " (inferred by ecokg ingest)."


@dataclass(frozen=True)
class Registered:
    id: str
    text: str
    date: When
    new: bool  # False: the same text was already registered under this id


def _title(text: str) -> str:
    from ecokg.ingest.extract import byline_names

    for line in text.splitlines():
        if line.strip() and not byline_names(line):
            return line.strip().lstrip("#").strip()[:80]
    return "untitled"


def register(
    root: Path,
    article: Path,
    sid: str,
    area: str,
    date: When | None = None,
    title: str | None = None,
    reporters: list[str] | None = None,
    inferred: bool = False,
) -> Registered:
    """Copy ``article`` into ``root/data/sources/<sid>.txt`` and register it; idempotent for the same text."""
    errors: list[InputError] = []
    if not _ID.match(sid):
        raise InputErrors([InputError("--id", 1, f"source id {sid!r} must be lowercase ASCII letters, digits and -")])
    if not article.is_file():
        raise InputErrors([InputError(str(article), 1, "no such file")])
    text = read_text(article)
    if not text.strip():
        raise InputErrors([InputError(str(article), 1, "the article is empty")])
    sources_dir = root / "data" / "sources"
    registry = load_registry(sources_dir, display_root=root)
    dest = sources_dir / f"{sid}.txt"
    if sid in registry:
        have = registry[sid]
        if have.sha256 != hashlib.sha256(article.read_bytes()).hexdigest():
            errors.append(
                InputError(
                    "data/sources/sources.yaml", have.registry_line, f"source id {sid!r} exists with another text"
                )
            )
            raise InputErrors(errors)
        return Registered(sid, text, have.date, False)
    if dest.exists():
        raise InputErrors([InputError(f"data/sources/{sid}.txt", 1, "exists but is not registered in sources.yaml")])
    if inferred:
        how = infer_date(text)[1]
    elif date is None:
        try:
            date, how = infer_date(text)
        except ValueError as exc:
            raise InputErrors([InputError(str(article), 1, str(exc))]) from None
    else:
        how = "given on the command line (ecokg ingest --date)."
    if date is None:  # infer_date raises rather than return no date; this keeps the type honest
        raise InputErrors([InputError(str(article), 1, "no date found: give --date YYYY-MM-DD")])
    entry = (
        f"  - id: {sid}\n"
        f"    file: {sid}.txt\n"
        f"    title: {_yaml_str(title or _title(text))}\n"
        f"    date: {date.iso()}\n"
        f"    date_inference: {_yaml_str(how)}\n"
        f"    area: {area}\n"
        f"    reporters: [{', '.join(_yaml_str(r) for r in reporters or [])}]\n"
        f"    language: zh\n"
    )
    dest.write_bytes(article.read_bytes())
    reg = sources_dir / "sources.yaml"
    old = reg.read_text(encoding="utf-8")
    reg.write_text(old + ("" if old.endswith("\n") else "\n") + entry, encoding="utf-8")
    return Registered(sid, text, date, True)


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
