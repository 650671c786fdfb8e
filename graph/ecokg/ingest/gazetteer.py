"""The gazetteer: every curated name (labels and aliases) and the national division names,
matched in one pass with Aho-Corasick (pyahocorasick), leftmost-longest; and entity linking.

A match of a curated name links to its id; a division name that no curated entity prints is a
place with no id yet.  Longest match keeps homonyms apart: 镇海炼化 (a company) is never read
as 镇海 (the district), 宁波工业互联网产业园 never as 宁波工业互联网研究院.

>>> from ecokg.ingest.knowledge import Known, Knowledge
>>> kb = Knowledge({"zhenhai": Known("zhenhai", "District", "镇海区", {"镇海区", "镇海"}),
...                 "zhenhai_refining": Known("zhenhai_refining", "Company", "镇海炼化", {"镇海炼化"})})
>>> gz = Gazetteer(kb, divisions=False)
>>> [(h.name, h.ids) for h in gz.match("镇海炼化位于镇海")]
[('镇海炼化', ('zhenhai_refining',)), ('镇海', ('zhenhai',))]
>>> gz.link("镇海炼化公司", "org")
('zhenhai_refining', '镇海炼化')
>>> gz.link("镇海区人民医院", "org") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from ecokg.ingest.knowledge import Knowledge, group_of
from ecokg.ingest.spans import flatten, leftmost_longest

# how a printed name may differ from the curated one and still be the same organisation
_ORG_SUFFIXES = (
    "集团股份有限公司",
    "股份有限公司",
    "集团有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
    "股份",
)
_PLACE_SUFFIXES = ("市", "区", "省", "县")


_QUOTES = str.maketrans("", "", "\"“”'‘’「」《》")


def unquote(name: str) -> str:
    """A name without its quotation marks (“全球智造创新之都” ~ "全球智造创新之都").

    >>> unquote('打造“全球智造创新之都”')
    '打造全球智造创新之都'
    """
    return name.translate(_QUOTES)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    name: str
    group: str
    ids: tuple[str, ...]  # curated ids printing this name (empty: a division name only)
    cls: str | None  # the class of a division name


def load_divisions() -> dict[str, str]:
    """``{name: class}`` of the national division names shipped with the package."""
    text = resources.files("ecokg.ingest").joinpath("data/divisions.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, cls = line.split("\t")
            out[name] = cls
    return out


class Gazetteer:
    """Aho-Corasick over the names of a :class:`Knowledge` (and the division names)."""

    def __init__(self, kb: Knowledge, divisions: bool = True):
        import ahocorasick

        self.kb = kb
        self.divisions = load_divisions() if divisions else {}
        self.names: dict[str, tuple[tuple[str, ...], str, str | None]] = {}
        for name, ids in kb.by_name.items():
            groups = sorted({kb.entities[i].group for i in ids})
            self.names[name] = (tuple(ids), groups[0], None)
        for name, cls in self.divisions.items():
            if name not in self.names:
                self.names[name] = ((), group_of(cls), cls)
        self._ids: dict[str, list[str]] = {}  # name without quotation marks -> ids
        for name, ids in kb.by_name.items():
            have = self._ids.setdefault(unquote(name), [])
            have.extend(i for i in ids if i not in have)
        self._by_ending: dict[tuple[str, str], list[str]] = {}
        for name, ids in kb.by_name.items():
            for g in sorted({kb.entities[i].group for i in ids}):
                self._by_ending.setdefault((g, unquote(name)[-2:]), []).append(name)
        self._auto = ahocorasick.Automaton()
        for name in self.names:
            if len(name) >= 2:
                self._auto.add_word(name, name)
        if len(self._auto):
            self._auto.make_automaton()

    def match(self, flat: str) -> list[Hit]:
        """Non-overlapping leftmost-longest matches in the flat text."""
        if not len(self._auto):
            return []
        hits = [(e + 1 - len(n), e + 1, n) for e, n in self._auto.iter(flat)]
        return [
            Hit(s, e, n, self.names[n][1], self.names[n][0], self.names[n][2]) for s, e, n in leftmost_longest(hits)
        ]

    def link(self, surface: str, group: str | None = None) -> tuple[str, str] | None:
        """The curated id a printed name refers to, with the alias that matched; None for a new entity.

        Exact names first; then the name without a company or area suffix (太平鸟集团有限公司 ->
        太平鸟).  An alias two entities share links only where the group decides between them.
        """
        name = unquote(flatten(surface))
        tries = [name]
        for suffixes in (_ORG_SUFFIXES, _PLACE_SUFFIXES):
            for suf in suffixes:
                if name.endswith(suf) and len(name) - len(suf) >= 2:
                    tries.append(name[: -len(suf)])
        for t in tries:
            ids = self._ids.get(t, [])
            if group is not None:
                same = [i for i in ids if self.kb.entities[i].group == group]
                ids = same or ([] if len(ids) != 1 or t != name else ids)
            if len(ids) == 1:
                return ids[0], t
        return self._close(name, group)

    def _close(self, name: str, group: str | None) -> tuple[str, str] | None:
        """A near-identical curated name of the same group and the same last two characters
        (宁波智能制造技术研究院 ~ 宁波市智能制造技术研究院); never across groups or endings, so
        homonyms such as 镇海区 / 镇海炼化 stay apart."""
        import difflib

        if group is None or len(name) < 5:
            return None
        bare = unquote(name)
        best: tuple[float, str, str] | None = None
        for known in self._by_ending.get((group, bare[-2:]), ()):
            r = difflib.SequenceMatcher(None, bare, unquote(known)).ratio()
            ids = [i for i in self.kb.by_name[known] if self.kb.entities[i].group == group]
            if r >= 0.88 and len(ids) == 1 and (best is None or r > best[0]):
                best = (r, ids[0], known)
        return (best[1], best[2]) if best else None
