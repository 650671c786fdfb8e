"""Article text seen whitespace-blind, cut into sentences, and curated mentions projected onto it.

The newspaper layout breaks names across lines and spaces characters out (``帅 特 龙``), so the
extractor works on the *flat* text: every whitespace character removed, with a map back to the
raw offsets.  A quote taken from the flat text is found again by
:meth:`ecokg.inputs.sources.SourceText.find`, which ignores whitespace the same way.

>>> doc = Doc("宁波工\\n业互联网研究院落户海曙。帅 特 龙也来了！")
>>> doc.flat
'宁波工业互联网研究院落户海曙。帅特龙也来了！'
>>> [doc.flat[s:e] for s, e in doc.sentences]
['宁波工业互联网研究院落户海曙。', '帅特龙也来了！']
>>> doc.line_of(4)
2

Curated facts become labelled spans: every printed name of every entity the article's facts
declare, found wherever it occurs (leftmost-longest, so 镇海炼化 is not read as 镇海 + 炼化).

>>> project(doc, {"nb_iii": ("org", ["宁波工业互联网研究院"]), "haishu": ("place", ["海曙"])})
[Span(start=0, end=10, key='nb_iii', group='org'), Span(start=12, end=14, key='haishu', group='place')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_WS = re.compile(r"\s")
# a sentence ends at 。！？ ; ! ? (full or half width)
_END = set("。！？；!?;")
_CLOSE = set('”"’）)')


@dataclass(frozen=True, order=True)
class Span:
    """A labelled stretch of the flat text: ``key`` is an entity id (or a surface), ``group`` its type group."""

    start: int
    end: int
    key: str
    group: str


class Doc:
    """An article: raw text, flat (whitespace-free) text, the offset map and the sentences."""

    def __init__(self, raw: str):
        self.raw = raw
        keep = [i for i, ch in enumerate(raw) if not _WS.match(ch)]
        self.positions = keep
        self.flat = "".join(raw[i] for i in keep)
        self.sentences = self._split(raw, keep)
        self._starts = [s for s, _ in self.sentences]

    @staticmethod
    def _split(raw: str, keep: list[int]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        start = 0
        for k, i in enumerate(keep):
            ch = raw[i]
            nxt = keep[k + 1] if k + 1 < len(keep) else len(raw)
            closes = ch in _CLOSE and k > 0 and raw[keep[k - 1]] in _END
            if (ch in _END and not (k + 1 < len(keep) and raw[nxt] in _CLOSE)) or closes:
                out.append((start, k + 1))
                start = k + 1
        if start < len(keep):
            out.append((start, len(keep)))
        return out

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding flat offset ``pos``."""
        import bisect

        if not self.sentences:
            return (0, 0)
        k = bisect.bisect_right(self._starts, pos) - 1
        return self.sentences[max(k, 0)]

    def line_of(self, pos: int) -> int:
        """The 1-based line of the raw text where flat offset ``pos`` is printed."""
        if not self.positions:
            return 1
        return self.raw.count("\n", 0, self.positions[min(pos, len(self.positions) - 1)]) + 1

    def verbatim(self, start: int, end: int) -> str:
        """The raw text of a flat span, line breaks removed (as the graph stores a sentence)."""
        if start >= end:
            return ""
        raw = self.raw[self.positions[start] : self.positions[end - 1] + 1]
        return re.sub(r"[\r\n]+", "", raw)


def flatten(text: str) -> str:
    """Remove every whitespace character (how quotes and names are compared).

    >>> flatten("帅 特\\n龙")
    '帅特龙'
    """
    return _WS.sub("", text)


def find_all(flat: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of every name in ``flat``, as (start, end, name); overlaps kept."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name in {flatten(n) for n in names}:
        if name:
            automaton.add_word(name, name)
    if len(automaton) == 0:
        return []
    automaton.make_automaton()
    return sorted((end + 1 - len(name), end + 1, name) for end, name in automaton.iter(flat))


def leftmost_longest(hits: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep non-overlapping hits, preferring the earliest start, then the longest.

    >>> leftmost_longest([(0, 2, "镇海"), (0, 4, "镇海炼化"), (3, 5, "化工")])
    [(0, 4, '镇海炼化')]
    """
    out: list[tuple[int, int, str]] = []
    taken_until = -1
    for s, e, name in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]), h[2])):
        if s >= taken_until:
            out.append((s, e, name))
            taken_until = e
    return out


def project(doc: Doc, entities: Mapping[str, tuple[str, Iterable[str]]]) -> list[Span]:
    """Label every occurrence of the given entities' names: ``{id: (group, names)}``."""
    owner: dict[str, tuple[str, str]] = {}
    for eid in sorted(entities):
        group, names = entities[eid]
        for n in names:
            f = flatten(n)
            # a name two entities share (rare) goes to the first id in sorted order, deterministically
            owner.setdefault(f, (eid, group))
    hits = leftmost_longest(find_all(doc.flat, owner))
    return [Span(s, e, owner[n][0], owner[n][1]) for s, e, n in hits]
