"""The candidates file, ``data/candidates/<source-id>.yaml``: proposed facts awaiting review.

It is the fact format (docs/fact-format.md) with, on every item, ``key`` (stable across reruns),
``decision`` (``pending`` / ``accepted`` / ``rejected``), ``confidence`` and ``method``; every
entity also says how it was linked: ``link: {id: <curated id>, alias: <name that matched>}`` or
``link: new``.  A reviewer may edit the file by hand; :func:`read` checks it strictly (file and
line in every error).

>>> doc = {"source": "x", "entities": [{"key": "e1", "decision": "pending", "id": "haishu", "quote": "海曙"}]}
>>> from ecokg.inputs.yamlio import loads
>>> back = loads(dumps(doc), "x.yaml")
>>> back["entities"][0]["id"], back.line_of("entities")
('haishu', 5)
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.yamlio import YList, YMap, load

SECTIONS = ("entities", "relations", "posts", "figures")
DECISIONS = ("pending", "accepted", "rejected")
REVIEW_FIELDS = {"key", "decision", "confidence", "method", "link"}
HEADER = (
    "# Candidate facts proposed by `ecokg ingest`; nothing here is in the graph yet.\n"
    "# Review with `ecokg review {sid}` (or edit: set decision to accepted / rejected, fix ids,\n"
    "# labels, types), then `ecokg accept {sid}` moves the accepted ones to data/facts/{sid}.yaml.\n"
)


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # quote every string: the loader reads without YAML 1.1 typing, and quoting keeps "1e8", "no" as written
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


def _map(dumper: yaml.SafeDumper, value: dict) -> yaml.MappingNode:
    pairs = [
        (yaml.ScalarNode("tag:yaml.org,2002:str", str(k)), dumper.represent_data(v)) for k, v in value.items()
    ]  # keys plain (they are field names), values quoted
    return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dict, _map)
_Dumper.add_representer(YMap, _map)
_Dumper.add_representer(YList, yaml.SafeDumper.represent_list)


def dumps(doc: dict[str, Any]) -> str:
    """Candidates as YAML text (deterministic: keys in the order given, strings double-quoted)."""
    head = HEADER.format(sid=doc.get("source", "SOURCE-ID"))
    body = yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
    return head + body


def write(path: Path, doc: dict[str, Any]) -> None:
    """Write atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(dumps(doc))
    os.replace(tmp, path)


def read(path: Path, display: str | None = None) -> YMap:
    """Read and check a candidates file; raise :class:`InputErrors` naming file and line."""
    name = display or str(path)
    if not path.is_file():
        raise InputErrors([InputError(name, 1, "no candidates file (run `ecokg ingest` first)")])
    doc = load(path, name)
    errors: list[InputError] = []
    if not isinstance(doc, YMap) or "source" not in doc:
        raise InputErrors([InputError(name, getattr(doc, "line", 1), "a candidates file is a mapping with 'source:'")])
    keys: dict[str, int] = {}
    for sec in SECTIONS:
        items = doc.get(sec, YList())
        if not isinstance(items, YList):
            errors.append(InputError(name, doc.line_of(sec), f"{sec!r} must be a list"))
            continue
        for item, line in zip(items, items.item_lines):
            if not isinstance(item, YMap):
                errors.append(InputError(name, line, f"each of {sec} must be a mapping"))
                continue
            key, decision = item.get("key"), item.get("decision")
            if not isinstance(key, str) or not key:
                errors.append(InputError(name, line, "candidate lacks 'key'"))
            elif key in keys:
                errors.append(
                    InputError(name, item.line_of("key"), f"duplicate key {key!r} (first at line {keys[key]})")
                )
            else:
                keys[key] = item.line_of("key")
            if decision not in DECISIONS:
                errors.append(
                    InputError(
                        name, item.line_of("decision"), f"decision {decision!r} must be one of {', '.join(DECISIONS)}"
                    )
                )
            if not isinstance(item.get("quote"), str):
                errors.append(InputError(name, line, "candidate lacks 'quote'"))
    if errors:
        raise InputErrors(errors)
    return doc


def items(doc: YMap) -> list[tuple[str, YMap]]:
    """Every candidate as (section, item), in file order."""
    return [(sec, it) for sec in SECTIONS for it in doc.get(sec, [])]


def fact_fields(item: dict[str, Any]) -> dict[str, Any]:
    """The fact-format fields of a candidate (review bookkeeping removed)."""
    return {k: v for k, v in item.items() if k not in REVIEW_FIELDS}
