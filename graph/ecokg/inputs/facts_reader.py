"""The per-file reader of curated facts: field, id, quote and date checks, and the entity,
relation and post sections.

A :class:`FileReader` validates the records of one ``data/facts/<source>.yaml`` file against
the ontology and its source article, appending every problem (file and line) to a shared
list instead of stopping at the first; the ``read_*`` functions turn one YAML item into a
record (or ``None`` when it is wrong) and note the ids it refers to for the final cross-check.
Figures have their own module, :mod:`ecokg.inputs.figures`.

>>> closest("locatdIn", {"locatedIn", "partOf"})
'locatedIn'
"""

from __future__ import annotations

import difflib
import hashlib

from ecokg.inputs.dates import DateError, When, resolve
from ecokg.inputs.errors import InputError
from ecokg.inputs.model import (
    DATE_FIELDS,
    ENTITY_FIELDS,
    ID_RE,
    POST_FIELDS,
    RELATION_FIELDS,
    Entity,
    Mention,
    Post,
    Ref,
    Relation,
    Where,
)
from ecokg.inputs.ontology import Ontology
from ecokg.inputs.sources import Source, Span
from ecokg.inputs.yamlio import YList, YMap


class FileReader:
    """Validates one facts file; appends problems to a shared error list."""

    def __init__(self, path: str, source: Source, onto: Ontology, errors: list[InputError]):
        self.path, self.source, self.onto, self.errors = path, source, onto, errors

    def err(self, line: int, msg: str) -> None:
        self.errors.append(InputError(self.path, line, msg))

    def fields(self, item: YMap, allowed: set[str], required: tuple[str, ...], what: str) -> bool:
        ok = True
        for key in item:
            if key not in allowed:
                hint = closest(key, allowed)
                self.err(
                    item.line_of(key),
                    f"unknown field {key!r} in {what}" + (f" (did you mean {hint!r}?)" if hint else ""),
                )
                ok = False
        for key in required:
            if key not in item or item[key] in ("", None):
                self.err(item.line, f"{what} lacks {key!r}")
                ok = False
        for key, value in item.items():
            if key in ("alt",):
                continue
            if not isinstance(value, str):
                self.err(
                    item.line_of(key),
                    f"{key!r} must be a single value, not a {'list' if isinstance(value, list) else 'mapping'}",
                )
                ok = False
        return ok

    def quote(self, item: YMap) -> Span | None:
        q = item.get("quote")
        if not isinstance(q, str) or not q.strip():
            return None
        span = self.source.text.find(q)
        if span is None:
            self.err(item.line_of("quote"), f"quote not found in {self.source.file.name}: {q!r}")
        return span

    def when(self, item: YMap, key: str) -> When | None:
        try:
            when = resolve(item[key], self.source.date)
        except DateError as exc:
            self.err(item.line_of(key), f"{key}: {exc}")
            return None
        if not 1900 <= when.year <= 2100:
            self.err(item.line_of(key), f"{key}: year {item[key]!r} is outside 1900-2100")
            return None
        return when

    def ident(self, item: YMap, key: str) -> str | None:
        v = item.get(key)
        if isinstance(v, str) and ID_RE.fullmatch(v):
            return v
        if isinstance(v, str):
            self.err(item.line_of(key), f"{key}: {v!r} is not an id (lowercase ASCII letters, digits, _)")
        return None


def closest(word: str, options: set[str]) -> str | None:
    """The option most like ``word`` (for "did you mean" hints), or None."""
    m = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return m[0] if m else None


def read_entity(r: FileReader, sid: str, item: object, entities: dict[str, Entity], refs: list[Ref]) -> None:
    if not isinstance(item, YMap):
        r.err(getattr(item, "line", 1), "each entity must be a mapping")
        return
    if not r.fields(item, ENTITY_FIELDS, ("id", "quote"), "entity"):
        return
    eid = r.ident(item, "id")
    span = r.quote(item)
    if eid is None:
        return
    alt = item.get("alt", YList())
    if isinstance(alt, str):
        alt = [alt]
    if not isinstance(alt, list) or not all(isinstance(a, str) and a.strip() for a in alt):
        r.err(item.line_of("alt"), "alt must be a list of names")
        alt = []
    etype, label = item.get("type"), item.get("label")
    if etype is not None and etype not in r.onto.entity_classes:
        hint = closest(etype, set(r.onto.entity_classes))
        r.err(item.line_of("type"), f"unknown type {etype!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
        return
    where = Where(r.path, item.line)
    ent = entities.get(eid)
    if ent is None:
        if etype is None or label is None:
            r.err(item.line, f"entity {eid!r} is declared here first and needs 'type' and 'label'")
            return
        ent = Entity(eid, etype, label.strip(), item.get("en"), None, where)
        entities[eid] = ent
    else:
        for key, have in (("type", ent.type), ("label", ent.label), ("en", ent.en)):
            new = item.get(key)
            if new is not None and have is not None and new.strip() != have:
                r.err(item.line_of(key), f"{key} {new!r} of {eid!r} disagrees with {have!r} at {ent.where}")
        if ent.en is None and item.get("en"):
            ent.en = item["en"]
    if "broader" in item and (b := r.ident(item, "broader")) is not None:
        if ent.broader is not None and ent.broader != b:
            r.err(item.line_of("broader"), f"broader {b!r} of {eid!r} disagrees with {ent.broader!r}")
        ent.broader = b
        refs.append((b, "broader", r.path, item.line_of("broader"), "IndustrySector"))
    dates = {}
    for key in DATE_FIELDS:
        if key in item and (w := r.when(item, key)) is not None:
            dates[key] = w
    if span is not None:
        ent.mentions.append(Mention(sid, span, tuple(a.strip() for a in alt), item.get("note"), dates, where))


def read_relation(r: FileReader, sid: str, item: object, refs: list[Ref]) -> Relation | None:
    if not isinstance(item, YMap):
        r.err(getattr(item, "line", 1), "each relation must be a mapping with s, p, o, quote")
        return None
    if not r.fields(item, RELATION_FIELDS, ("s", "p", "o", "quote"), "relation"):
        return None
    s, o = r.ident(item, "s"), r.ident(item, "o")
    p = item["p"]
    span = r.quote(item)
    if p not in r.onto.relation_properties:
        hint = closest(p, set(r.onto.relation_properties))
        r.err(item.line_of("p"), f"unknown relation {p!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
        return None
    quals = {}
    for key in ("date", "since", "until"):
        if key in item and (w := r.when(item, key)) is not None:
            quals[key] = w
    if s is None or o is None or span is None:
        return None
    refs.append((s, "s", r.path, item.line_of("s"), None))
    refs.append((o, "o", r.path, item.line_of("o"), None))
    return Relation(sid, s, p, o, span, quals, item.get("role"), item.get("note"), Where(r.path, item.line))


def read_post(r: FileReader, sid: str, item: object, refs: list[Ref]) -> Post | None:
    if not isinstance(item, YMap):
        r.err(getattr(item, "line", 1), "each post must be a mapping")
        return None
    if not r.fields(item, POST_FIELDS, ("person", "title", "org", "quote"), "post"):
        return None
    person, org = r.ident(item, "person"), r.ident(item, "org")
    span = r.quote(item)
    as_of_text = item.get("as_of", "article")
    as_of = r.source.date if as_of_text == "article" else r.when(item, "as_of")
    if person is None or org is None or span is None or as_of is None:
        return None
    refs.append((person, "person", r.path, item.line_of("person"), "Person"))
    refs.append((org, "org", r.path, item.line_of("org"), None))
    # one post = one title held by one person in one organisation as of one date: the title is
    # part of the id (as a short hash, ids being ASCII), so two titles in one sentence are two posts
    title_key = hashlib.sha1(item["title"].strip().encode("utf-8")).hexdigest()[:8]
    pid = item.get("id") or f"{person}--{org}--{as_of.iso()}--{title_key}"
    if "id" in item and not ID_RE.fullmatch(pid):
        r.err(item.line_of("id"), f"post id {pid!r} must be lowercase ASCII")
        return None
    return Post(
        sid,
        pid,
        person,
        item["title"].strip(),
        item.get("title_en"),
        org,
        as_of,
        span,
        item.get("note"),
        Where(r.path, item.line),
    )
