"""Dates as the articles write them, resolved against each article's own date.

Relative expressions ("去年", "今年", "今年一季度", "昨天", "去年9月") are resolved against the
publication date of the article that uses them, so a fact keeps both the resolved value and
the words printed.

>>> art = When(2022, 4, 21)
>>> resolve("去年", art)
When(year=2021, month=None, day=None, expression='去年')
>>> resolve("昨天", art).iso()
'2022-04-20'
>>> resolve("去年6月", art).iso()
'2021-06'
>>> resolve("2019-05-10", art).iso()
'2019-05-10'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_YEAR_WORDS = {"前年": -2, "去年": -1, "上年": -1, "今年": 0, "本年": 0, "当年": 0, "明年": 1}
_DAY_WORDS = {"前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})$")
_REL_MONTH = re.compile(r"^(前年|去年|上年|今年|本年|明年)?(\d{1,2})月(?:(\d{1,2})日)?$")


@dataclass(frozen=True)
class When:
    """A point in time as precise as the text supports."""

    year: int
    month: int | None = None
    day: int | None = None
    expression: str | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


class DateError(ValueError):
    """A date expression that cannot be read or resolved."""


def parse_iso(text: str) -> When:
    """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (validated as a calendar date)."""
    m = _ISO.match(text.strip())
    if not m:
        raise DateError(f"not a date: {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = (int(x) if x else None for x in m.groups())
    assert y is not None
    try:
        dt.date(y, mo or 1, d or 1)
    except ValueError as exc:
        raise DateError(f"not a date: {text!r} ({exc})") from None
    return When(y, mo, d)


def resolve(text: str, article: When) -> When:
    """Resolve an absolute or relative date expression against the article's date."""
    t = text.strip()
    if t in _YEAR_WORDS:
        return When(article.year + _YEAR_WORDS[t], expression=t)
    if t in _DAY_WORDS:
        if article.precision != "day":
            raise DateError(f"{t!r} needs an article dated to the day (article: {article.iso()})")
        day = dt.date(article.year, article.month or 1, article.day or 1) + dt.timedelta(days=_DAY_WORDS[t])
        return When(day.year, day.month, day.day, expression=t)
    m = _REL_MONTH.match(t)
    if m:
        word, mo, d = m.groups()
        year = article.year + _YEAR_WORDS[word] if word else article.year
        when = parse_iso(f"{year:04d}-{int(mo):02d}" + (f"-{int(d):02d}" if d else ""))
        return When(when.year, when.month, when.day, expression=t)
    m = _MONTH_DAY.match(t)
    if m:
        when = parse_iso(f"{article.year:04d}-{m.group(1)}-{m.group(2)}")
        return When(when.year, when.month, when.day, expression=t)
    return parse_iso(t)
