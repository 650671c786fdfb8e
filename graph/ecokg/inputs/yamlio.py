"""Strict YAML reading: no implicit typing, no duplicate keys, no tabs, UTF-8 only.

PyYAML's ``safe_load`` applies YAML 1.1 typing (``0571`` becomes 377, ``no`` becomes
False, ``1.10`` becomes 1.1) and silently keeps the last of duplicate keys.  ecokg's facts
are read with the *base* resolver instead, so every scalar stays the string the curator
wrote, and every mapping and list remembers the line it came from.

>>> doc = loads("a: 0571\\nb: no\\nc: [1.10]\\n", "x.yaml")
>>> doc["a"], doc["b"], doc["c"][0]
('0571', 'no', '1.10')
>>> doc.line_of("b")
2
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ecokg.inputs.errors import InputError, InputErrors


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


def _convert(node: yaml.Node, file: str, errors: list[InputError]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        out = YList(_convert(n, file, errors) for n in node.value)
        out.line = node.start_mark.line + 1
        out.item_lines = [n.start_mark.line + 1 for n in node.value]
        return out
    if isinstance(node, yaml.MappingNode):
        out = YMap()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                errors.append(InputError(file, knode.start_mark.line + 1, "mapping keys must be plain strings"))
                continue
            key = knode.value
            kline = knode.start_mark.line + 1
            if key in out:
                errors.append(InputError(file, kline, f"duplicate key {key!r} (first at line {out.key_lines[key]})"))
                continue
            out[key] = _convert(vnode, file, errors)
            out.key_lines[key] = kline
        return out
    raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover


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
    for i, line in enumerate(text.splitlines(), 1):
        if "\t" in line:
            errors.append(InputError(file, i, "tab character (indent with spaces)"))
    if errors:
        raise InputErrors(errors)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise InputErrors([InputError(file, line, f"YAML syntax: {exc.problem or exc}")]) from None
    if node is None:
        return YMap()
    doc = _convert(node, file, errors)
    if errors:
        raise InputErrors(errors)
    return doc


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 text file; a bad byte is an error naming the file and its line."""
    name = display or str(path)
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputErrors([InputError(name, line, f"not UTF-8 (byte 0x{data[exc.start]:02x})")]) from None


def load(path: Path, display: str | None = None) -> Any:
    """Read and parse one YAML file strictly."""
    name = display or str(path)
    return loads(read_text(path, name), name)
