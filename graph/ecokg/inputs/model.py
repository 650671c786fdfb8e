"""The record types of the curated facts, and the vocabularies their fields are checked against.

A :class:`Facts` bundle holds the validated sources, entities (each with its per-article
:class:`Mention`), relations, posts and figures; every record keeps the :class:`Where` (file
and line) it was written at. The constants name the fields each kind of record may have and
map the YAML spellings of statuses, measures, units and dates onto ontology terms.

>>> str(Where("data/facts/a1.yaml", 12))
'data/facts/a1.yaml:12'
>>> UNITS["CNY"], DATE_FIELDS["founded"]
('unitCNY', 'foundedOn')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ecokg.inputs.dates import When
from ecokg.inputs.sources import Source, Span

ID_RE = re.compile(r"[a-z][a-z0-9_]*")  # used with fullmatch: a trailing newline is not an id

STATUSES = {"actual": "Actual", "target": "Target", "plan": "Plan", "forecast": "Forecast"}
MEASURES = {
    "level": "Level", "growth": "Growth", "share": "Share", "rank": "Rank", "count": "Count", "increase": "Increase",
}  # fmt: skip
UNITS = {
    "CNY": "unitCNY", "percent": "unitPercent", "count": "unitCount", "person": "unitPerson",
    "tonne": "unitTonne", "trips": "unitTrips", "times": "unitTimes", "rank": "unitRank",
    "day": "unitDay", "year": "unitYear", "mu": "unitMu", "index": "unitIndex",
}  # fmt: skip
MULTIPLIER_WORDS = {"万": "1e4", "亿": "1e8", "万亿": "1e12", "千": "1e3", "百": "1e2"}
DATE_FIELDS = {
    "opened": "openedOn", "founded": "foundedOn", "launched": "launchedOn",
    "unveiled": "unveiledOn", "held": "heldOn", "issued": "issuedOn",
}  # fmt: skip
QUALIFIERS = ("about", "at_least", "more_than", "at_most", "less_than", "exactly")

ENTITY_FIELDS = {"id", "type", "label", "alt", "en", "quote", "note", "broader", *DATE_FIELDS}
RELATION_FIELDS = {"s", "p", "o", "quote", "date", "since", "until", "role", "note"}
POST_FIELDS = {"id", "person", "title", "title_en", "org", "as_of", "quote", "note"}
FIGURE_FIELDS = {
    "id", "indicator", "of", "measure", "status", "value", "unit", "multiplier", "reported",
    "year", "period", "scope", "sector", "compared_to", "qualifier", "quote", "note",
}  # fmt: skip
REGISTRY_FIELDS = {"id", "type", "label", "en", "note", "broader"}

#: A reference to check once every file is read: (id, role, file, line, required class or None).
Ref = tuple[str, str, str, int, str | None]


@dataclass(frozen=True)
class Where:
    """The file and line a record came from."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Mention:
    """One article's declaration of an entity."""

    source: str
    span: Span
    alt: tuple[str, ...]
    note: str | None
    dates: dict[str, When]
    where: Where


@dataclass
class Entity:
    id: str
    type: str
    label: str
    en: str | None
    broader: str | None
    where: Where
    mentions: list[Mention] = field(default_factory=list)

    @property
    def alt_labels(self) -> list[str]:
        names = {a for m in self.mentions for a in m.alt} - {self.label}
        return sorted(names)


@dataclass
class Relation:
    source: str
    s: str
    p: str
    o: str
    span: Span
    qualifiers: dict[str, When]
    role: str | None
    note: str | None
    where: Where


@dataclass
class Post:
    source: str
    id: str
    person: str
    title: str
    title_en: str | None
    org: str
    as_of: When
    span: Span
    note: str | None
    where: Where


@dataclass
class Figure:
    source: str
    id: str
    indicator: str
    of: str
    measure: str
    status: str
    value: Decimal
    unit: str
    multiplier: Decimal
    reported: str
    year: When | None
    period: str | None
    scope: str | None
    sector: str | None
    compared_to: str | None
    qualifier: str | None
    span: Span
    note: str | None
    where: Where


@dataclass
class Facts:
    """Everything curated, validated and cross-checked."""

    sources: dict[str, Source]
    entities: dict[str, Entity]
    relations: list[Relation]
    posts: list[Post]
    figures: list[Figure]
    files: list[Path]
