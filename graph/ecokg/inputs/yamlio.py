"""Strict YAML reading: no implicit typing, no duplicate keys, no tabs, UTF-8 only, bounded.

PyYAML's ``safe_load`` applies YAML 1.1 typing (``0571`` becomes 377, ``no`` becomes
False, ``1.10`` becomes 1.1) and silently keeps the last of duplicate keys.  ecokg's facts
are read with the *base* resolver instead, so every scalar stays the string the curator
wrote, and every mapping and list remembers the line it came from.

>>> doc = loads("a: 0571\\nb: no\\nc: [1.10]\\n", "x.yaml")
>>> doc["a"], doc["b"], doc["c"][0]
('0571', 'no', '1.10')
>>> doc.line_of("b")
2

Only the core schema's tags are accepted (``!!python/...`` and every other tag is refused, since
nothing here may construct objects); aliases are limited in number and in expanded size (a YAML
"billion laughs" bomb is refused at once); NUL, other control characters and lone surrogates are
refused in every scalar; a leading byte-order mark is dropped before lines and offsets are counted.

>>> loads("a: !!python/name:os.system ''", "x.yaml")
Traceback (most recent call last):
...
ecokg.inputs.errors.InputErrors: x.yaml:1: tag '!!python/name:os.system' is not allowed (only plain YAML: strings, lists, mappings)
1 error; nothing was written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ecokg.inputs.errors import InputError, InputErrors

#: Tags of YAML's core schema; every value is still read as a string (see the module docstring).
CORE_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))
#: At most this many alias uses (``*name``) in one file; the curated files use none.
MAX_ALIASES = 100
#: At most this many nodes once aliases are expanded (a curated fact file has about 10,000).
MAX_NODES = 1_000_000
#: Nesting deeper than this is refused before PyYAML's recursive composer could overflow.
MAX_DEPTH = 100
#: Characters refused in any scalar: NUL and C0/C1 controls except tab, line feed and carriage
#: return, and lone UTF-16 surrogates (which cannot be written as UTF-8).
_BAD_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class YMap(dict):
    """A mapping that knows the line of itself and of each key (1-based)."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A sequence that knows its line and the line of each item (1-based)."""

    line: int
    item_lines: list[int]


class _Converter:
    """Node tree -> YMap / YList / str, with the limits above; problems collect in ``errors``."""

    def __init__(self, file: str, errors: list[InputError]):
        self.file, self.errors = file, errors
        self.seen: set[int] = set()
        self.open: set[int] = set()  # collections being converted: an alias to one is a cycle
        self.aliases = 0
        self.nodes = 0

    def _fail(self, node: yaml.Node, message: str) -> None:
        raise InputErrors([*self.errors, InputError(self.file, node.start_mark.line + 1, message)])

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._fail(node, f"document expands to more than {MAX_NODES:,} nodes (aliases?)")
        if depth > MAX_DEPTH:
            self._fail(node, f"nested more than {MAX_DEPTH} levels deep")
        if node.tag not in CORE_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self._fail(node, f"tag {tag!r} is not allowed (only plain YAML: strings, lists, mappings)")
        if isinstance(node, yaml.ScalarNode):
            bad = _BAD_CHAR.search(node.value)
            if bad:
                self._fail(node, f"control character or lone surrogate U+{ord(bad.group()):04X} in a value")
            return node.value
        if id(node) in self.open:
            self._fail(node, "an alias refers to a list or mapping that contains it")
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                self._fail(node, f"more than {MAX_ALIASES} aliases")
        self.seen.add(id(node))
        self.open.add(id(node))
        try:
            return self._collection(node, depth)
        finally:
            self.open.discard(id(node))

    def _collection(self, node: yaml.Node, depth: int) -> Any:
        if isinstance(node, yaml.SequenceNode):
            out = YList(self.convert(n, depth + 1) for n in node.value)
            out.line = node.start_mark.line + 1
            out.item_lines = [n.start_mark.line + 1 for n in node.value]
            return out
        if isinstance(node, yaml.MappingNode):
            m = YMap()
            m.line = node.start_mark.line + 1
            m.key_lines = {}
            for knode, vnode in node.value:
                if not isinstance(knode, yaml.ScalarNode):
                    self.errors.append(
                        InputError(self.file, knode.start_mark.line + 1, "mapping keys must be plain strings")
                    )
                    continue
                key = self.convert(knode, depth + 1)
                kline = knode.start_mark.line + 1
                if key in m:
                    self.errors.append(
                        InputError(self.file, kline, f"duplicate key {key!r} (first at line {m.key_lines[key]})")
                    )
                    continue
                m[key] = self.convert(vnode, depth + 1)
                m.key_lines[key] = kline
            return m
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover


def _depth_ok(text: str) -> int | None:
    """The line of the first flow collection nested deeper than MAX_DEPTH, or None.

    PyYAML's composer recurses once per level, so ``[[[[...`` thousands deep would overflow the
    stack before any check on the node tree; this scan bounds flow nesting first (block nesting is
    bounded by indentation and line length, and checked on the tree).
    """
    depth, line, quote = 0, 1, ""
    for ch in text:
        if ch == "\n":
            line += 1
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif ch in "]}":
            depth = max(0, depth - 1)
    return None


def _compose(text: str) -> yaml.Node | None:
    """Parse to a node tree with libyaml when available, else (or on any error) with PyYAML.

    Both build the same tree with the base resolver; errors always come from the pure-Python
    parser, so their wording does not depend on whether libyaml is installed.
    """
    fast = getattr(yaml, "CBaseLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.BaseLoader)


def loads(text: str, file: str) -> Any:
    """Parse YAML text strictly; raise :class:`InputErrors` naming ``file`` and lines."""
    errors: list[InputError] = []
    text = text.removeprefix("\ufeff")
    for i, line in enumerate(text.splitlines(), 1):
        if "\t" in line:
            errors.append(InputError(file, i, "tab character (indent with spaces)"))
    if errors:
        raise InputErrors(errors)
    deep = _depth_ok(text)
    if deep is not None:
        raise InputErrors([InputError(file, deep, f"nested more than {MAX_DEPTH} levels deep")])
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = mark.line + 1 if mark else 1
        raise InputErrors([InputError(file, at, f"YAML syntax: {exc.problem or exc}")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a raw NUL
        at = text.count("\n", 0, exc.position) + 1
        raise InputErrors([InputError(file, at, f"character U+{exc.character:04X} is not allowed in YAML")]) from None
    except RecursionError:
        raise InputErrors([InputError(file, 1, "nested too deeply")]) from None
    if node is None:
        return YMap()
    doc = _Converter(file, errors).convert(node)
    if errors:
        raise InputErrors(errors)
    return doc


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 text file; a bad byte is an error naming the file and its line.

    A leading byte-order mark is dropped, so offsets and lines count from the first character
    of the text itself.
    """
    name = display or str(path)
    data = path.read_bytes()
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputErrors([InputError(name, line, f"not UTF-8 (byte 0x{data[exc.start]:02x})")]) from None


def load(path: Path, display: str | None = None) -> Any:
    """Read and parse one YAML file strictly."""
    name = display or str(path)
    return loads(read_text(path, name), name)
