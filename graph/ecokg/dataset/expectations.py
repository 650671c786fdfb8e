"""Quality expectations on a build (``data/expectations.yaml``), in the spirit of KG-Hub's
``qc_expect.yaml``: minimum counts per class, per source and per relation property, and a maximum
share of isolated entities, checked against the manifest on every ``ecokg build`` so that a
silently dropped block of facts fails the build (and nothing is written).

>>> man = {"classes": {"Company": 30}, "sources": {"a": {"relations": 5, "figures": 2}},
...        "relations": {"locatedIn": 3}, "isolated": {"entities": 100, "isolated": 4}}
>>> exp = {"classes": {"Company": 25, "Person": 1}, "sources": {"a": {"relations": 6}},
...        "relations": {"locatedIn": 3}, "max_isolated_share": 0.03}
>>> for line in check(man, exp):
...     print(line)
classes.Person: expected at least 1, found 0
sources.a.relations: expected at least 6, found 5
isolated entities: 4 of 100 (4.0%) exceeds the maximum share 3.0%
>>> check(man, {"classes": {"Company": 30}})
[]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.yamlio import load as load_yaml

FILE = "data/expectations.yaml"


def check(manifest: dict[str, Any], expectations: dict[str, Any]) -> list[str]:
    """The failed expectations, one message each (empty when the build meets them all)."""
    out: list[str] = []
    for cls, n in sorted(expectations.get("classes", {}).items()):
        got = manifest.get("classes", {}).get(cls, 0)
        if got < int(n):
            out.append(f"classes.{cls}: expected at least {n}, found {got}")
    for sid, mins in sorted(expectations.get("sources", {}).items()):
        counts = manifest.get("sources", {}).get(sid)
        if counts is None:
            out.append(f"sources.{sid}: the source is missing from the build")
            continue
        for key, n in sorted(mins.items()):
            got = counts.get(key, 0)
            if got < int(n):
                out.append(f"sources.{sid}.{key}: expected at least {n}, found {got}")
    for prop, n in sorted(expectations.get("relations", {}).items()):
        got = manifest.get("relations", {}).get(prop, 0)
        if got < int(n):
            out.append(f"relations.{prop}: expected at least {n}, found {got}")
    if "max_isolated_share" in expectations:
        iso = manifest.get("isolated", {})
        total, n = iso.get("entities", 0), iso.get("isolated", 0)
        limit = float(expectations["max_isolated_share"])
        if total == 0 or n / total > limit:
            share = n / total if total else 1.0
            out.append(f"isolated entities: {n} of {total} ({share:.1%}) exceeds the maximum share {limit:.1%}")
    return out


def load(root: Path) -> dict[str, Any] | None:
    """The expectations of the project at ``root`` (None when it has no expectations file)."""
    path = root / FILE
    if not path.exists():
        return None
    return load_yaml(path, FILE)  # strict: strings (compared as numbers below), file:line errors


def enforce(manifest: dict[str, Any], root: Path) -> None:
    """Raise :class:`InputErrors` naming every failed expectation."""
    exp = load(root)
    if exp is None:
        return
    failures = check(manifest, exp)
    if failures:
        raise InputErrors([InputError(FILE, 0, f"expectation failed: {m}") for m in failures])
