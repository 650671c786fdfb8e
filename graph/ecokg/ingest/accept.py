"""``ecokg accept``: the accepted candidates become curated facts, after validation.

Accepted entities, relations, posts and figures go to ``data/facts/<source-id>.yaml`` in the
fact format; an entity that another article already declares in its own file becomes shared,
so its canonical type, label and English label move to ``data/entities.yaml``.  The result is
validated on a scratch copy of the project (the loader, then SHACL); nothing is written when
that fails, and an existing facts file is never overwritten.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ecokg.ingest import candidates as cfile
from ecokg.inputs.errors import InputError, InputErrors
from ecokg.project import Project

_ENTITY_KEEP = ("id", "type", "label", "alt", "en", "quote", "note", "broader")
_REFS = {"relations": ("s", "o"), "posts": ("person", "org"), "figures": ("indicator", "of", "sector")}


@dataclass
class Accepted:
    facts_file: Path
    counts: dict[str, int]
    shared: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _facts_doc(cand: Any, known: dict[str, Any]) -> tuple[dict[str, Any], list[str], list[str], list[tuple[str, int]]]:
    """The fact-format document of the accepted candidates, the ids to share, what was skipped, and
    each accepted fact's (section, candidates-file line)."""
    sid = cand["source"]
    ents: list[dict[str, Any]] = []
    origin: list[tuple[str, int]] = []  # (section, line in the candidates file) of every item written
    ids: set[str] = set()
    for it in cand.get("entities", []):
        if it["decision"] != "accepted" or it.get("id") in ids:
            continue
        f = cfile.fact_fields(it)
        f.pop("mention", None)
        if f["id"] in known:  # an existing entity: this article's names and quote only
            ent = known[f["id"]]
            out = {"id": f["id"]}
            alt = [a for a in f.get("alt", []) if a != ent.label]
            if "mention" in it and it["mention"] != ent.label and it["mention"] not in alt:
                alt.append(it["mention"])
            if alt:
                out["alt"] = alt
            out["quote"] = f["quote"]
        else:
            out = {k: f[k] for k in _ENTITY_KEEP if k in f}
        ents.append(out)
        origin.append(("entities", getattr(it, "line", 1)))
        ids.add(f["id"])
    ok = ids | set(known)
    doc: dict[str, Any] = {"source": sid, "entities": ents}
    skipped: list[str] = []
    for sec, refs in _REFS.items():
        doc[sec] = []
        for it in cand.get(sec, []):
            if it["decision"] != "accepted":
                continue
            missing = [it[r] for r in refs if r in it and it[r] not in ok]
            if missing:
                skipped.append(f"{sec[:-1]} {it['key']}: refers to {', '.join(missing)}, which is not accepted")
                continue
            item = cfile.fact_fields(it) | {}
            item.pop("mention", None)
            if sec == "figures":  # an explicit id: two figures of one sentence may share the loader's key
                item = {"id": "fig_" + it["key"].replace("-", "_").lower()} | item
            doc[sec].append(item)
            origin.append((sec, getattr(it, "line", 1)))
    shared = sorted(
        i for i in ids if i in known and not known[i].where.file.endswith("entities.yaml") and _other(known[i], sid)
    )
    return doc, shared, skipped, origin


def _dump(doc: dict[str, Any], origin: list[tuple[str, int]], header: str) -> tuple[str, list[tuple[int, int]]]:
    """The facts file's text, and (first line in it, line in the candidates file) of every item."""
    lines = header.count("\n")
    parts = [header, f"source: {doc['source']}\n"]
    lines += 1
    where: list[tuple[int, int]] = []
    k = 0
    for sec in cfile.SECTIONS:
        parts.append(f"{sec}:\n")
        lines += 1
        for item in doc[sec]:
            text = yaml.dump([item], Dumper=cfile._Dumper, allow_unicode=True, sort_keys=False, width=100000)
            where.append((lines + 1, origin[k][1]))
            k += 1
            parts.append(text)
            lines += text.count("\n")
    return "".join(parts), where


def _origin_line(where: list[tuple[int, int]], line: int) -> int:
    best = 1
    for first, cand_line in where:
        if first <= line:
            best = cand_line
    return best


def _other(ent, sid: str) -> bool:
    return any(m.source != sid for m in ent.mentions)


def _registry_entry(ent) -> str:
    item = {"id": ent.id, "type": ent.type, "label": ent.label}
    if ent.en:
        item["en"] = ent.en
    if ent.broader:
        item["broader"] = ent.broader
    text = yaml.dump([item], Dumper=cfile._Dumper, allow_unicode=True, sort_keys=False, width=100000)
    return "".join("  " + line + "\n" for line in text.splitlines())


def accept(root: Path, sid: str, shacl: bool = True) -> Accepted:
    """Validate and write the accepted candidates of ``sid``; raise :class:`InputErrors` (nothing written)."""
    from ecokg.dataset.pipeline import build, load_inputs

    cpath = root / "data" / "candidates" / f"{sid}.yaml"
    cand = cfile.read(cpath, f"data/candidates/{sid}.yaml")
    if cand["source"] != sid:
        raise InputErrors(
            [
                InputError(
                    f"data/candidates/{sid}.yaml", cand.line_of("source"), f"source is {cand['source']!r}, not {sid!r}"
                )
            ]
        )
    target = root / "data" / "facts" / f"{sid}.yaml"
    if target.exists():
        raise InputErrors(
            [
                InputError(
                    f"data/facts/{sid}.yaml",
                    1,
                    "exists: accept never overwrites curated facts (edit it, or move it away first)",
                )
            ]
        )
    facts = load_inputs(root)
    if sid not in facts.sources:
        raise InputErrors(
            [InputError(f"data/candidates/{sid}.yaml", 1, f"source {sid!r} is not registered (run `ecokg ingest`)")]
        )
    doc, shared, skipped, origin = _facts_doc(cand, facts.entities)
    header = (
        f"# Facts of {sid}, proposed by `ecokg ingest`, reviewed by a person and accepted with `ecokg accept`\n"
        f"# (candidates: data/candidates/{sid}.yaml).\n"
    )
    text, where = _dump(doc, origin, header)
    registry = root / "data" / "entities.yaml"
    reg_text = registry.read_text(encoding="utf-8") if registry.is_file() else "entities:\n"
    if shared:
        reg_text = (
            reg_text
            + ("" if reg_text.endswith("\n") else "\n")
            + "".join(_registry_entry(facts.entities[i]) for i in shared)
        )
    with tempfile.TemporaryDirectory(prefix="ecokg-accept-") as tmp:
        scratch = Project.of(root).copy_inputs(Path(tmp)).root
        (scratch / "data" / "facts" / f"{sid}.yaml").write_text(text, encoding="utf-8")
        (scratch / "data" / "entities.yaml").write_text(reg_text, encoding="utf-8")
        try:
            result = build(scratch, shacl=shacl)
        except InputErrors as exc:
            raise InputErrors([_to_candidates(e, sid, where) for e in exc.errors]) from None
        if result.violations:
            raise InputErrors(
                [_to_candidates(InputError(str(v.where).rsplit(":", 1)[0], _line(v.where), f"SHACL: {v.message}"), sid, where)
                 for v in result.violations]
            )  # fmt: skip
    target.write_text(text, encoding="utf-8")
    if shared:
        registry.write_text(reg_text, encoding="utf-8")
    counts = {sec: len(doc[sec]) for sec in cfile.SECTIONS}
    return Accepted(target, counts, shared, skipped)


def _to_candidates(e: InputError, sid: str, where: list[tuple[int, int]]) -> InputError:
    """An error in the facts file accept would write, told at the candidate it came from."""
    if e.file == f"data/facts/{sid}.yaml":
        return InputError(f"data/candidates/{sid}.yaml", _origin_line(where, e.line), e.message)
    return e


def _line(where: object) -> int:
    try:
        return int(str(where).rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 1
