"""Typed records: the curated YAML facts, validated against the ontology and the sources.

``load_facts`` reads every ``data/facts/*.yaml`` file strictly, checks each field, each id
reference and each quote, and returns a :class:`Facts` bundle -- or raises
:class:`~ecokg.inputs.errors.InputErrors` listing *every* problem with its file and line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ecokg.dataset.ontology import Ontology, load_ontology
from ecokg.inputs.dates import DateError, When, resolve
from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.sources import Source, Span, _display
from ecokg.inputs.yamlio import YList, YMap, load

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

STATUSES = {"actual": "Actual", "target": "Target", "plan": "Plan", "forecast": "Forecast"}
MEASURES = {
    "level": "Level", "growth": "Growth", "share": "Share", "rank": "Rank", "count": "Count", "increase": "Increase",
}  # fmt: skip
UNITS = {
    "CNY": "unitCNY", "percent": "unitPercent", "count": "unitCount", "person": "unitPerson",
    "tonne": "unitTonne", "trips": "unitTrips", "times": "unitTimes", "rank": "unitRank",
    "day": "unitDay", "year": "unitYear", "mu": "unitMu", "index": "unitIndex",
}  # fmt: skip
MULTIPLIER_WORDS = {"万": "1e4", "亿": "1e8", "万亿": "1e12", "千": "1e3", "百": "1e2"}
DATE_FIELDS = {
    "opened": "openedOn", "founded": "foundedOn", "launched": "launchedOn",
    "unveiled": "unveiledOn", "held": "heldOn", "issued": "issuedOn",
}  # fmt: skip
QUALIFIERS = ("about", "at_least", "more_than", "at_most", "less_than", "exactly")

ENTITY_FIELDS = {"id", "type", "label", "alt", "en", "quote", "note", "broader", *DATE_FIELDS}
RELATION_FIELDS = {"s", "p", "o", "quote", "date", "since", "until", "role", "note"}
POST_FIELDS = {"id", "person", "title", "title_en", "org", "as_of", "quote", "note"}
FIGURE_FIELDS = {
    "id", "indicator", "of", "measure", "status", "value", "unit", "multiplier", "reported",
    "year", "period", "scope", "sector", "compared_to", "qualifier", "quote", "note",
}  # fmt: skip


@dataclass(frozen=True)
class Where:
    """The file and line a record came from."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Mention:
    """One article's declaration of an entity."""

    source: str
    span: Span
    alt: tuple[str, ...]
    note: str | None
    dates: dict[str, When]
    where: Where


@dataclass
class Entity:
    id: str
    type: str
    label: str
    en: str | None
    broader: str | None
    where: Where
    mentions: list[Mention] = field(default_factory=list)

    @property
    def alt_labels(self) -> list[str]:
        names = {a for m in self.mentions for a in m.alt} - {self.label}
        return sorted(names)


@dataclass
class Relation:
    source: str
    s: str
    p: str
    o: str
    span: Span
    qualifiers: dict[str, When]
    role: str | None
    note: str | None
    where: Where


@dataclass
class Post:
    source: str
    id: str
    person: str
    title: str
    title_en: str | None
    org: str
    as_of: When
    span: Span
    note: str | None
    where: Where


@dataclass
class Figure:
    source: str
    id: str
    indicator: str
    of: str
    measure: str
    status: str
    value: Decimal
    unit: str
    multiplier: Decimal
    reported: str
    year: When | None
    period: str | None
    scope: str | None
    sector: str | None
    compared_to: str | None
    qualifier: str | None
    span: Span
    note: str | None
    where: Where


@dataclass
class Facts:
    """Everything curated, validated and cross-checked."""

    sources: dict[str, Source]
    entities: dict[str, Entity]
    relations: list[Relation]
    posts: list[Post]
    figures: list[Figure]
    files: list[Path]


class _FileReader:
    """Validates one facts file; appends problems to a shared error list."""

    def __init__(self, path: str, source: Source, onto: Ontology, errors: list[InputError]):
        self.path, self.source, self.onto, self.errors = path, source, onto, errors

    def err(self, line: int, msg: str) -> None:
        self.errors.append(InputError(self.path, line, msg))

    def fields(self, item: YMap, allowed: set[str], required: tuple[str, ...], what: str) -> bool:
        ok = True
        for key in item:
            if key not in allowed:
                hint = _closest(key, allowed)
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
        if isinstance(v, str) and ID_RE.match(v):
            return v
        if isinstance(v, str):
            self.err(item.line_of(key), f"{key}: {v!r} is not an id (lowercase ASCII letters, digits, _)")
        return None


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    m = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return m[0] if m else None


def _decimal(text: str) -> Decimal | None:
    try:
        d = Decimal(text.replace(",", ""))
    except (InvalidOperation, AttributeError):
        return None
    return d if d.is_finite() else None


_NUM = r"[\d一二两三四五六七八九十百千万亿]"


def _qualifier_from_wording(reported: str) -> str | None:
    """Derive how a value is bounded from its printed wording, next to the number only.

    >>> [_qualifier_from_wording(w) for w in ("约110亿元", "6%以上", "超10亿元", "50余家", "签约23个", "节约20天")]
    ['about', 'at_least', 'more_than', 'more_than', None, None]

    A curator's explicit ``qualifier:`` always wins (e.g. ``50个5000万元以上项目`` is exactly 50).
    """
    if re.search(rf"(?<![签节大])约{_NUM}|{_NUM}[^，。；]{{0,3}}左右|近{_NUM}", reported):
        return "about"
    if re.search(r"[\d%％个家名人元项座]以上|至少|不少于", reported):
        return "at_least"
    if re.search(rf"(超过?|突破|逾){_NUM}|{_NUM}(余|多)", reported):
        return "more_than"
    if re.search(r"[\d%％个家名人元项]以下|不超过|以内", reported):
        return "at_most"
    return None


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
    refs: list[tuple[str, str, str, int, str | None]] = []  # (id, role, file, line, required class)

    registry = root / "data" / "entities.yaml"
    if registry.is_file():
        _read_registry(registry, _display(registry, root), onto, entities, refs, errors)
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
        r = _FileReader(name, sources[sid], onto, errors)
        sections = {k: doc.get(k) for k in ("entities", "relations", "posts", "figures")}
        for sec, items in sections.items():
            if items is not None and not isinstance(items, YList):
                r.err(doc.line_of(sec), f"{sec!r} must be a list")
                sections[sec] = None
        for item in sections["entities"] or []:
            _read_entity(r, sid, item, entities, refs)
        for item in sections["relations"] or []:
            if (rel := _read_relation(r, sid, item, refs)) is not None:
                relations.append(rel)
        for item in sections["posts"] or []:
            if (post := _read_post(r, sid, item, refs)) is not None:
                posts.append(post)
        fig_ids: dict[str, int] = {}
        for item in sections["figures"] or []:
            if (fig := _read_figure(r, sid, item, refs)) is not None:
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
            hint = _closest(eid, set(entities))
            errors.append(
                InputError(file, line, f"{role}: unknown id {eid!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
            )
        elif cls and not onto.is_a(ent.type, cls):
            errors.append(InputError(file, line, f"{role}: {eid!r} is a {ent.type}, expected a {cls}"))
    if errors:
        raise InputErrors(errors)
    return Facts(sources, entities, relations, posts, figures, files)


REGISTRY_FIELDS = {"id", "type", "label", "en", "note", "broader"}


def _read_registry(
    path: Path, name: str, onto: Ontology, entities: dict[str, Entity], refs: list, errors: list[InputError]
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
        if not isinstance(eid, str) or not ID_RE.match(eid):
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


def _read_entity(r: _FileReader, sid: str, item: object, entities: dict[str, Entity], refs: list) -> None:
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
        hint = _closest(etype, set(r.onto.entity_classes))
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


def _read_relation(r: _FileReader, sid: str, item: object, refs: list) -> Relation | None:
    if not isinstance(item, YMap):
        r.err(getattr(item, "line", 1), "each relation must be a mapping with s, p, o, quote")
        return None
    if not r.fields(item, RELATION_FIELDS, ("s", "p", "o", "quote"), "relation"):
        return None
    s, o = r.ident(item, "s"), r.ident(item, "o")
    p = item["p"]
    span = r.quote(item)
    if p not in r.onto.relation_properties:
        hint = _closest(p, set(r.onto.relation_properties))
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


def _read_post(r: _FileReader, sid: str, item: object, refs: list) -> Post | None:
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
    if "id" in item and not ID_RE.match(pid):
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


def _read_figure(r: _FileReader, sid: str, item: object, refs: list) -> Figure | None:
    if not isinstance(item, YMap):
        r.err(getattr(item, "line", 1), "each figure must be a mapping")
        return None
    required = ("indicator", "of", "measure", "status", "value", "unit", "reported", "year", "quote")
    if not r.fields(item, FIGURE_FIELDS, required, "figure"):
        return None
    ok = True
    ind, of = r.ident(item, "indicator"), r.ident(item, "of")
    sector = r.ident(item, "sector") if "sector" in item else None
    span = r.quote(item)
    measure, status, unit = item["measure"], item["status"], item["unit"]
    if measure not in MEASURES:
        r.err(item.line_of("measure"), f"measure {measure!r} must be one of {', '.join(MEASURES)}")
        ok = False
    if status not in STATUSES:
        r.err(item.line_of("status"), f"status {status!r} must be one of {', '.join(STATUSES)}")
        ok = False
    if unit not in UNITS:
        r.err(item.line_of("unit"), f"unit {unit!r} must be one of {', '.join(UNITS)}")
        ok = False
    value = _decimal(item["value"])
    if value is None:
        r.err(item.line_of("value"), f"value {item['value']!r} is not a number")
        ok = False
    mult_text = item.get("multiplier", "1")
    multiplier = _decimal(MULTIPLIER_WORDS.get(mult_text, mult_text))
    if multiplier is None or multiplier <= 0:
        r.err(item.line_of("multiplier"), f"multiplier {mult_text!r} is not a positive number (1e4, 1e8, 1e12)")
        ok = False
    year: When | None = None
    if item["year"] != "unstated":
        year = r.when(item, "year")
        if year is None:
            ok = False
    elif status == "actual":
        r.err(item.line_of("year"), "an actual figure needs its year")
        ok = False
    qualifier = item.get("qualifier") or _qualifier_from_wording(item["reported"])
    if qualifier is not None and qualifier not in QUALIFIERS:
        r.err(item.line_of("qualifier"), f"qualifier {qualifier!r} must be one of {', '.join(QUALIFIERS)}")
        ok = False
    if measure == "rank" and "scope" not in item:
        r.err(item.line, "a rank needs its 'scope' (全市, 全省, 全国 …)")
        ok = False
    if not ok or ind is None or of is None or span is None or value is None or multiplier is None:
        return None
    refs.append((ind, "indicator", r.path, item.line_of("indicator"), "Indicator"))
    refs.append((of, "of", r.path, item.line_of("of"), None))
    if sector:
        refs.append((sector, "sector", r.path, item.line_of("sector"), "IndustrySector"))
    if "id" in item:
        fid = item["id"]
        if not ID_RE.match(fid):
            r.err(item.line_of("id"), f"figure id {fid!r} must be lowercase ASCII")
            return None
    else:
        parts = [
            ind,
            of,
            sector or "",
            measure,
            status,
            year.iso() if year else "unstated",
            item.get("period", ""),
            item.get("scope", ""),
        ]
        fid = "--".join(_ascii(p) for p in parts)
    return Figure(
        sid, fid, ind, of, measure, status, value, unit, multiplier, item["reported"], year,
        item.get("period"), item.get("scope"), sector, item.get("compared_to"), qualifier, span,
        item.get("note"), Where(r.path, item.line),
    )  # fmt: skip


_SCOPES = {"全市": "city", "全省": "province", "全国": "country", "全区": "district", "全球": "world"}


def _ascii(part: str) -> str:
    """Make a key part IRI-safe ASCII (scopes have fixed names; anything else is hex-encoded)."""
    if part in _SCOPES:
        return _SCOPES[part]
    if re.fullmatch(r"[A-Za-z0-9_.-]*", part):
        return part
    return "x" + part.encode("utf-8").hex()
