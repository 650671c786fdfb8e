"""The source registry and the article texts: where every quote is found.

Quotes are matched against the article text with all whitespace ignored (the newspaper
layout splits names across lines and spaces characters out), and the graph keeps the
source span itself, with line breaks removed, as the sentence text.

>>> text = SourceText("宁波工\\n业互联网研究院。帅 特 龙也融合")
>>> span = text.find("宁波工业互联网研究院")
>>> span.text, span.start, span.end, span.line
('宁波工业互联网研究院', 0, 11, 1)
>>> text.find("帅特龙").text
'帅 特 龙'
>>> text.find("帅特龙").sentence
2
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ecokg.inputs.dates import DateError, When, parse_iso
from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.yamlio import YList, YMap, load, read_text

_WS = re.compile(r"\s")
_SENTENCE_END = re.compile(r"[。！？!?]|\n\s*\n")


@dataclass(frozen=True)
class Span:
    """A verbatim span of a source text."""

    text: str
    start: int
    end: int
    line: int
    sentence: int


class SourceText:
    """An article's text with a whitespace-blind index for quote lookup."""

    def __init__(self, text: str):
        self.text = text
        keep = [i for i, ch in enumerate(text) if not _WS.match(ch)]
        self._positions = keep
        self._squeezed = "".join(text[i] for i in keep)
        self._sentence_starts = [m.end() for m in _SENTENCE_END.finditer(text)]

    def find(self, quote: str) -> Span | None:
        """Return the first span matching ``quote`` (whitespace ignored), or None."""
        q = _WS.sub("", quote)
        if not q:
            return None
        i = self._squeezed.find(q)
        if i < 0:
            return None
        start = self._positions[i]
        end = self._positions[i + len(q) - 1] + 1
        raw = self.text[start:end]
        verbatim = re.sub(r"[\r\n]+", "", raw)
        line = self.text.count("\n", 0, start) + 1
        sentence = 1 + sum(1 for s in self._sentence_starts if s <= start)
        return Span(verbatim, start, end, line, sentence)


@dataclass(frozen=True)
class Source:
    """One article of the corpus, as registered in ``data/sources/sources.yaml``."""

    id: str
    file: Path
    title: str
    date: When
    date_inference: str
    area: str
    reporters: tuple[str, ...]
    language: str
    registry_line: int
    text: SourceText = field(repr=False, compare=False)
    sha256: str = field(repr=False, compare=False, default="")


_ID = re.compile(r"[a-z0-9][a-z0-9-]*")  # used with fullmatch: no trailing newline slips through
_FIELDS = {"id", "file", "title", "date", "date_inference", "area", "reporters", "language"}


def load_registry(sources_dir: Path, display_root: Path | None = None) -> dict[str, Source]:
    """Read the source registry and every article text it names."""
    reg_path = sources_dir / "sources.yaml"
    name = _display(reg_path, display_root)
    doc = load(reg_path, name)
    errors: list[InputError] = []
    out: dict[str, Source] = {}
    items = doc.get("sources") if isinstance(doc, YMap) else None
    if not isinstance(items, YList):
        raise InputErrors([InputError(name, getattr(doc, "line", 1), "expected a 'sources:' list")])
    for item, line in zip(items, items.item_lines):
        if not isinstance(item, YMap):
            errors.append(InputError(name, line, "each source must be a mapping"))
            continue
        for key in item:
            if key not in _FIELDS:
                errors.append(InputError(name, item.line_of(key), f"unknown field {key!r} in a source"))
        missing = sorted(k for k in _FIELDS if k not in item)
        if missing:
            errors.append(InputError(name, line, f"source lacks {', '.join(missing)}"))
            continue
        not_text = [k for k in sorted(_FIELDS - {"reporters"}) if not isinstance(item[k], str)]
        if not_text:
            errors.extend(InputError(name, item.line_of(k), f"{k} must be a single string") for k in not_text)
            continue
        sid = item["id"]
        if not _ID.fullmatch(sid):
            errors.append(InputError(name, item.line_of("id"), f"source id {sid!r} must be lowercase ASCII"))
            continue
        if sid in out:
            errors.append(InputError(name, item.line_of("id"), f"duplicate source id {sid!r}"))
            continue
        try:
            date = parse_iso(item["date"])
        except (DateError, AttributeError) as exc:
            errors.append(InputError(name, item.line_of("date"), str(exc)))
            continue
        reporters = item["reporters"]
        if not isinstance(reporters, YList) or not all(isinstance(r, str) for r in reporters):
            errors.append(InputError(name, item.line_of("reporters"), "reporters must be a list of names"))
            continue
        path = sources_dir / item["file"]
        if not _inside(path, sources_dir):
            errors.append(
                InputError(name, item.line_of("file"), f"source file {item['file']!r} is outside {sources_dir.name}/")
            )
            continue
        if not path.is_file():
            errors.append(InputError(name, item.line_of("file"), f"source file {item['file']!r} not found"))
            continue
        try:
            raw = read_text(path, _display(path, display_root))
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        out[sid] = Source(
            id=sid,
            file=path,
            title=item["title"],
            date=date,
            date_inference=" ".join(item["date_inference"].split()),
            area=item["area"],
            reporters=tuple(reporters),
            language=item["language"],
            registry_line=line,
            text=SourceText(raw),
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        )
    if errors:
        raise InputErrors(errors)
    return out


def _inside(path: Path, directory: Path) -> bool:
    """Whether ``path`` lies inside ``directory`` once ``..`` and symlinks are resolved.

    >>> import tempfile; d = Path(tempfile.mkdtemp())
    >>> _inside(d / "a.txt", d), _inside(d / "../etc/passwd", d), _inside(Path("/etc/passwd"), d)
    (True, False, False)
    """
    return path.resolve().is_relative_to(directory.resolve())


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)
