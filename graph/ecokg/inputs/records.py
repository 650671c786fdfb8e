"""Loading the curated facts: every facts file and the entity registry, then the cross-checks.

``load_facts`` reads every ``data/facts/*.yaml`` file strictly, checks each field, each id
reference and each quote, and returns a :class:`Facts` bundle -- or raises
:class:`~ecokg.inputs.errors.InputErrors` listing *every* problem with its file and line.
The record types are in :mod:`ecokg.inputs.model`, the per-file reader in
:mod:`ecokg.inputs.facts_reader` and figures in :mod:`ecokg.inputs.figures`.
"""

from __future__ import annotations

from pathlib import Path

from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.facts_reader import FileReader, closest, read_entity, read_post, read_relation
from ecokg.inputs.figures import read_figure
from ecokg.inputs.model import ID_RE, REGISTRY_FIELDS, Entity, Facts, Figure, Post, Ref, Relation, Where
from ecokg.inputs.ontology import Ontology, load_ontology
from ecokg.inputs.sources import Source, _display
from ecokg.inputs.yamlio import YList, YMap, load

__all__ = ["load_facts"]


def load_facts(root: Path, sources: dict[str, Source], onto: Ontology | None = None) -> Facts:
    """Read and validate ``root/data/facts/*.yaml`` against the ontology and the sources.

    Raises :class:`InputErrors` with every problem found, each naming file and line.
    """
    onto = onto or load_ontology()
    facts_dir = root / "data" / "facts"
    files = sorted(facts_dir.glob("*.yaml"))
    errors: list[InputError] = []
    entities: dict[str, Entity] = {}
    relations: list[Relation] = []
    posts: list[Post] = []
    figures: list[Figure] = []
    refs: list[Ref] = []

    registry = root / "data" / "entities.yaml"
    if registry.is_file():
        read_registry(registry, _display(registry, root), onto, entities, refs, errors)
    for path in files:
        name = _display(path, root)
        try:
            doc = load(path, name)
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        if not isinstance(doc, YMap):
            errors.append(InputError(name, 1, "a facts file is a mapping with 'source:' and lists"))
            continue
        for key in doc:
            if key not in {"source", "entities", "relations", "posts", "figures"}:
                errors.append(InputError(name, doc.line_of(key), f"unknown top-level key {key!r}"))
        sid = doc.get("source")
        if sid not in sources:
            errors.append(
                InputError(name, doc.line_of("source"), f"unknown source {sid!r} (see data/sources/sources.yaml)")
            )
            continue
        if path.stem != sid:
            errors.append(InputError(name, doc.line_of("source"), f"file name must be the source id {sid!r}.yaml"))
        r = FileReader(name, sources[sid], onto, errors)
        sections = {k: doc.get(k) for k in ("entities", "relations", "posts", "figures")}
        for sec, items in sections.items():
            if items is not None and not isinstance(items, YList):
                r.err(doc.line_of(sec), f"{sec!r} must be a list")
                sections[sec] = None
        for item in sections["entities"] or []:
            read_entity(r, sid, item, entities, refs)
        for item in sections["relations"] or []:
            if (rel := read_relation(r, sid, item, refs)) is not None:
                relations.append(rel)
        for item in sections["posts"] or []:
            if (post := read_post(r, sid, item, refs)) is not None:
                posts.append(post)
        fig_ids: dict[str, int] = {}
        for item in sections["figures"] or []:
            if (fig := read_figure(r, sid, item, refs)) is not None:
                if fig.id in fig_ids:
                    r.err(
                        fig.where.line,
                        f"figure {fig.id!r} has the same key as the figure at line {fig_ids[fig.id]}: give one an explicit 'id:'",
                    )
                else:
                    fig_ids[fig.id] = fig.where.line
                    figures.append(fig)

    for eid, role, file, line, cls in refs:
        ent = entities.get(eid)
        if ent is None:
            hint = closest(eid, set(entities))
            errors.append(
                InputError(file, line, f"{role}: unknown id {eid!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
            )
        elif cls and not onto.is_a(ent.type, cls):
            errors.append(InputError(file, line, f"{role}: {eid!r} is a {ent.type}, expected a {cls}"))
    if errors:
        raise InputErrors(errors)
    return Facts(sources, entities, relations, posts, figures, files)


def read_registry(
    path: Path, name: str, onto: Ontology, entities: dict[str, Entity], refs: list[Ref], errors: list[InputError]
) -> None:
    """Read ``data/entities.yaml``: canonical type, label and English label of shared entities."""
    try:
        doc = load(path, name)
    except InputErrors as exc:
        errors.extend(exc.errors)
        return
    items = doc.get("entities") if isinstance(doc, YMap) else None
    if not isinstance(items, YList):
        errors.append(InputError(name, getattr(doc, "line", 1), "expected an 'entities:' list"))
        return
    for item in items:
        if not isinstance(item, YMap):
            errors.append(InputError(name, getattr(item, "line", 1), "each entity must be a mapping"))
            continue
        bad = [k for k in item if k not in REGISTRY_FIELDS]
        for k in bad:
            errors.append(InputError(name, item.line_of(k), f"unknown field {k!r} in the entity registry"))
        missing = [k for k in ("id", "type", "label") if k not in item]
        if missing:
            errors.append(InputError(name, item.line, f"registry entity lacks {', '.join(missing)}"))
        if bad or missing:
            continue
        eid, etype = item["id"], item["type"]
        if not isinstance(eid, str) or not ID_RE.fullmatch(eid):
            errors.append(
                InputError(name, item.line_of("id"), f"{eid!r} is not an id (lowercase ASCII letters, digits, _)")
            )
            continue
        if eid in entities:
            errors.append(
                InputError(name, item.line_of("id"), f"duplicate id {eid!r} (first at {entities[eid].where})")
            )
            continue
        if etype not in onto.entity_classes:
            errors.append(InputError(name, item.line_of("type"), f"unknown type {etype!r}"))
            continue
        entities[eid] = Entity(
            eid, etype, item["label"].strip(), item.get("en"), item.get("broader"), Where(name, item.line)
        )
        if item.get("broader"):
            refs.append((item["broader"], "broader", name, item.line_of("broader"), "IndustrySector"))
