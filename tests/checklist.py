"""Entry types and checks for the per-article checklists (data in tests/checklists/*.py).

Each checklist module holds its source id and its facts as data (dataclass entries with the quote they
come from); tests/test_checklists.py runs the check below that fits each entry's type, for every
article. There are two families of entries:

* the Haishu articles (2019, 2020, 2024): ``Ent``, ``Same``, ``Apart``, ``Rel``, ``On``, ``Post``, ``Fig``,
  checked by ``check_entity``, ``check_same``, ``check_apart``, ``check_relation``, ``check_entity_date``,
  ``check_post``, ``check_figure`` against ``iris.source_graph(sid)``;
* the two 2022 smart-manufacturing articles: ``Named``, ``Stated``, ``Held``, ``Figure``, ``When``,
  ``Misprint``, ``Distinct``, checked by ``check_named``, ``check_stated``, ``check_held``,
  ``check_fig``, ``check_when``, ``check_misprint``, ``check_distinct``. Their entries carry an optional
  ``sid`` (another article's, for facts both articles state); without it the checking file's ``sid``
  applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CHECKOUT
from rdflib import Dataset, Literal

from ecokg.dataset import iris
from ecokg.namespaces import ECO, ID

SOURCES = CHECKOUT.sources_dir


def article(sid: str) -> Path:
    """The text file of source ``sid``."""
    return SOURCES / f"{sid}.txt"


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ============================================================================ the Haishu articles


@dataclass(frozen=True)
class Ent:
    """A thing the article names: ``name`` (label or alias) is an entity of class ``cls`` with this id."""

    name: str
    cls: str
    id: str
    quote: str


@dataclass(frozen=True)
class Same:
    """Several printed names (aliases, layout repairs) are one entity."""

    names: tuple[str, ...]
    id: str
    quote: str


@dataclass(frozen=True)
class Apart:
    """Two similar names are different entities."""

    a: str
    b: str
    quote: str


@dataclass(frozen=True)
class Rel:
    """``s p o`` is stated; ``when`` (``date``/``since``/``until``, ISO value) dates the statement."""

    s: str
    p: str
    o: str
    quote: str
    when: tuple[str, str] | None = None


@dataclass(frozen=True)
class On:
    """A date on an entity (``issuedOn``, ``heldOn``, ``openedOn`` …), relative words resolved."""

    id: str
    prop: str
    value: str
    quote: str


@dataclass(frozen=True)
class Post:
    """``person`` holds the post ``title`` in ``org`` in ``year``."""

    person: str
    title: str
    org: str
    year: int
    quote: str


@dataclass(frozen=True)
class Fig:
    """An observation: exact value, unit, multiplier, status and year (None = year unstated)."""

    indicator: str
    of: str
    measure: str
    status: str
    value: str
    unit: str
    year: int | None
    quote: str
    mult: str = "1"
    sector: str | None = None
    qual: str | None = None
    period: str | None = None


def entry_id(e: object) -> str:
    """A readable pytest id for a Haishu checklist entry."""
    if isinstance(e, Ent):
        return f"{e.id}:{e.cls}"
    if isinstance(e, Same):
        return f"{e.id}:{len(e.names)}names"
    if isinstance(e, Apart):
        return "apart:" + e.a + "|" + e.b
    if isinstance(e, Rel):
        return f"{e.s}-{e.p}-{e.o}" + (f"@{e.when[1]}" if e.when else "")
    if isinstance(e, On):
        return f"{e.id}.{e.prop}={e.value}"
    if isinstance(e, Post):
        return f"{e.person}@{e.org}:{e.year}"
    if isinstance(e, Fig):
        sec = f"[{e.sector}]" if e.sector else ""
        return f"{e.indicator}{sec}@{e.of}-{e.measure}-{e.status}-{e.year or 'unstated'}={e.value}"
    raise TypeError(e)


def of(checklist: list, kind: type) -> list:
    """The entries of ``checklist`` of type ``kind``, as pytest params with readable ids."""
    return [pytest.param(e, id=entry_id(e)) for e in checklist if isinstance(e, kind)]


def graph(sid: str) -> str:
    """The SPARQL IRI of source ``sid``'s named graph."""
    return f"<{iris.source_graph(sid)}>"


def resolve(built: Dataset, sid: str, name: str) -> set:
    """The entities of ``sid``'s graph with ``name`` as label or alias."""
    q = f"""SELECT DISTINCT ?e WHERE {{ GRAPH {graph(sid)} {{
              {{ ?e rdfs:label ?n }} UNION {{ ?e skos:altLabel ?n }} FILTER(STR(?n) = {Literal(name).n3()}) }} }}"""
    return {row.e for row in built.query(q)}


def ask(built: Dataset, sid: str, pattern: str) -> bool:
    """Whether ``pattern`` matches in ``sid``'s graph."""
    return bool(built.query(f"ASK {{ GRAPH {graph(sid)} {{ {pattern} }} }}").askAnswer)


def check_quotes(sid: str, checklist: list) -> None:
    """Every entry's quote is in the article (whitespace ignored)."""
    text = _norm(article(sid).read_text(encoding="utf-8"))
    for e in checklist:
        assert _norm(e.quote) in text, e


def check_entity(built: Dataset, sid: str, e: Ent) -> None:
    """The name denotes exactly the entity ``e.id``, which is an ``eco:<cls>``."""
    assert resolve(built, sid, e.name) == {ID[e.id]}, e.name
    assert ask(built, sid, f"<{ID[e.id]}> a <{ECO[e.cls]}>"), f"{e.id} is not an eco:{e.cls}"


def check_same(built: Dataset, sid: str, e: Same) -> None:
    """Each printed name denotes exactly the one entity ``e.id``."""
    for name in e.names:
        assert resolve(built, sid, name) == {ID[e.id]}, name


def check_apart(built: Dataset, sid: str, e: Apart) -> None:
    """Both names denote entities, and no entity is named by both."""
    a, b = resolve(built, sid, e.a), resolve(built, sid, e.b)
    assert a and b, (e.a, a, e.b, b)
    assert not a & b


def check_relation(built: Dataset, sid: str, e: Rel) -> None:
    """The triple is in the graph; if dated, its statement carries exactly that date and its year."""
    assert ask(built, sid, f"<{ID[e.s]}> <{ECO[e.p]}> <{ID[e.o]}>"), f"{e.s} {e.p} {e.o}"
    if e.when:
        key, value = e.when
        st = iris.statement(sid, e.s, e.p, e.o)
        rows = list(
            built.query(f"SELECT ?d ?y WHERE {{ GRAPH {graph(sid)} {{ <{st}> <{ECO[key]}> ?d ; eco:year ?y }} }}")
        )
        assert [(str(r.d), int(r.y)) for r in rows] == [(value, int(value[:4]))]


def check_entity_date(built: Dataset, sid: str, e: On) -> None:
    """The entity has exactly this one date under ``e.prop``."""
    rows = list(built.query(f"SELECT ?d WHERE {{ GRAPH {graph(sid)} {{ <{ID[e.id]}> <{ECO[e.prop]}> ?d }} }}"))
    assert [str(r.d) for r in rows] == [e.value]


def check_post(built: Dataset, sid: str, e: Post) -> None:
    """Exactly one such post, in ``e.year``."""
    q = f"""SELECT ?y WHERE {{ GRAPH {graph(sid)} {{ ?p a eco:Post ; eco:holder <{ID[e.person]}> ; eco:postIn <{ID[e.org]}> ;
              eco:postTitle {Literal(e.title, lang="zh").n3()} ; eco:year ?y }} }}"""
    assert [int(r.y) for r in built.query(q)] == [e.year]


def check_figure(built: Dataset, sid: str, e: Fig) -> None:
    """Exactly one observation with this value (and sector), with the given status, unit, year …"""
    q = f"""SELECT ?o ?status ?value ?unit ?mult ?year ?unstated ?qual ?sector ?period WHERE {{ GRAPH {graph(sid)} {{
              ?o a eco:Observation ; eco:indicator <{ID[e.indicator]}> ; eco:refArea <{ID[e.of]}> ;
                 eco:measure <{ECO[e.measure.capitalize()]}> ; eco:status ?status ; eco:value ?value ;
                 eco:unit ?unit ; eco:multiplier ?mult .
              OPTIONAL {{ ?o eco:year ?year }} OPTIONAL {{ ?o eco:yearUnstated ?unstated }}
              OPTIONAL {{ ?o eco:qualifier ?qual }} OPTIONAL {{ ?o eco:sector ?sector }}
              OPTIONAL {{ ?o eco:period ?period }} }} }}"""
    rows = list(built.query(q))
    sector = ID[e.sector] if e.sector else None
    same = [r for r in rows if r.sector == sector and Decimal(str(r.value)) == Decimal(e.value)]
    assert len(same) == 1, (
        f"{len(same)} figures match value {e.value}; candidates: {[(str(r.value), r.year) for r in rows]}"
    )
    r = same[0]
    assert r.status == ECO[e.status.capitalize()], r.status
    assert r.unit == ECO["unit" + (e.unit if e.unit == "CNY" else e.unit.capitalize())], r.unit
    assert Decimal(str(r.mult)) == Decimal(e.mult)
    if e.year is None:
        assert r.year is None and r.unstated is not None and r.unstated.toPython() is True
    else:
        assert r.year is not None and int(r.year) == e.year, r.year
    assert (str(r.qual) if r.qual is not None else None) == e.qual
    if e.period:
        assert str(r.period) == e.period


# markers of something not yet achieved: a figure whose sentence has one is never an actual result
NOT_ACTUAL = re.compile(r"力争|确保|预计|有望|预期|目标|计划全年|下一步")


def check_figures_dated(built: Dataset, sid: str, n_figures: int) -> None:
    """The graph has ``n_figures`` observations; each has a status and year xor yearUnstated, and actual
    results have a year and no target wording in their sentence."""
    q = f"""SELECT ?o ?status ?year ?unstated ?text WHERE {{ GRAPH {graph(sid)} {{
              ?o a eco:Observation ; eco:status ?status ; prov:wasDerivedFrom ?s .
              OPTIONAL {{ ?o eco:year ?year }} OPTIONAL {{ ?o eco:yearUnstated ?unstated }} }}
              ?s eco:text ?text }}"""
    rows = list(built.query(q))
    assert len(rows) == n_figures
    for r in rows:
        assert r.status in {ECO.Actual, ECO.Target, ECO.Plan, ECO.Forecast}, r.o
        assert (r.year is None) != (r.unstated is None), f"{r.o}: needs exactly one of year / yearUnstated"
        if r.status == ECO.Actual:
            assert r.year is not None, f"{r.o}: an actual result needs a year"
            assert not NOT_ACTUAL.search(str(r.text)), f"{r.o}: a target recorded as a result: {r.text}"


def check_caption(built: Dataset, sid: str, names: list) -> None:
    """Each ``(name, cls)`` of a photo caption names exactly one entity, an ``eco:<cls>``."""
    for name, cls in names:
        (ent,) = resolve(built, sid, name)
        assert ask(built, sid, f"<{ent}> a <{ECO[cls]}>"), name


# ============================================================================ the 2022 articles

PREFIXES = """
PREFIX eco: <https://w3id.org/ecokg/ontology#>
PREFIX ekg: <https://w3id.org/ecokg/id/>
PREFIX src: <https://w3id.org/ecokg/source/>
PREFIX ekgg: <https://w3id.org/ecokg/graph/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def g(sid: str) -> str:
    """The SPARQL IRI of source ``sid``'s named graph (spelled out)."""
    return f"<https://w3id.org/ecokg/graph/source/{sid}>"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@zh'


def local(term: object) -> str:
    """The local name of an IRI (after ``#`` or the last ``/``)."""
    s = str(term)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rsplit("/", 1)[-1]


def rows(ds: Dataset, query: str) -> list:
    """The result rows of ``query`` (with the project's prefixes)."""
    return list(ds.query(PREFIXES + query))


_TEXTS: dict[str, str] = {}


def _in_source(sid: str, quote: str) -> None:
    if sid not in _TEXTS:
        _TEXTS[sid] = _norm((CHECKOUT.root / "data/sources" / f"{sid}.txt").read_text(encoding="utf-8"))
    assert _norm(quote) in _TEXTS[sid], f"checklist quote not in {sid}: {quote}"


@dataclass(frozen=True)
class Named:
    """A name (label or alias) printed in the article denotes exactly this entity, of this type."""

    name: str
    id: str
    type: str
    quote: str
    label: str | None = None  # the canonical zh label, when it differs from the printed name
    sid: str | None = None  # another article's graph; None = the checking article's

    @property
    def key(self) -> str:
        return f"entity-{self.id}-{self.name}"


@dataclass(frozen=True)
class Stated:
    """``s p o`` is stated, by an ``eco:Statement`` with an optional date and time expression."""

    s: str
    p: str
    o: str
    quote: str
    date: str | None = None  # resolved date literal of the statement's eco:date
    expr: str | None = None  # the relative expression it was resolved from (昨天, 去年 …)
    sid: str | None = None

    @property
    def key(self) -> str:
        return f"rel-{self.s}-{self.p}-{self.o}"


@dataclass(frozen=True)
class Held:
    """``person`` holds the post ``title`` in ``org``, as of ``as_of``."""

    person: str
    title: str
    org: str
    quote: str
    as_of: str = "2022-04-21"
    sid: str | None = None

    @property
    def key(self) -> str:
        return f"post-{self.person}-{self.org}-{self.title}"


@dataclass(frozen=True)
class Figure:
    """An observation: exact value, unit, multiplier, status, year and optional qualifiers."""

    indicator: str
    of: str
    measure: str  # Level | Growth | Share | Rank | Count | Increase
    status: str  # Actual | Target | Plan | Forecast
    value: str
    unit: str  # unitCNY | unitPercent | unitCount | …
    year: int | None  # None = eco:yearUnstated
    quote: str
    multiplier: str = "1"
    sector: str | None = None
    scope: str | None = None
    qualifier: str | None = None
    expr: str | None = None  # eco:timeExpression (去年 / 今年)
    reported: str | None = None  # a substring of eco:reportedValue
    sid: str | None = None

    @property
    def key(self) -> str:
        return f"fig-{self.indicator}-{self.of}-{self.sector or ''}-{self.measure}-{self.value}"


@dataclass(frozen=True)
class When:
    """A date held on an entity (eco:heldOn, eco:launchedOn …)."""

    id: str
    prop: str
    value: str
    quote: str
    sid: str | None = None

    @property
    def key(self) -> str:
        return f"date-{self.id}-{self.prop}"


@dataclass(frozen=True)
class Misprint:
    """A misprint: the quote keeps it, the label corrects it, a note in the graph names it."""

    printed: str
    corrected: str
    quote: str
    id: str | None = None  # the entity whose label carries the correction
    label: str | None = None
    sid: str | None = None

    @property
    def key(self) -> str:
        return f"misprint-{self.printed}-{self.corrected}"


@dataclass(frozen=True)
class Distinct:
    """Two different things with related names stay two entities."""

    a: str
    name_a: str
    b: str
    name_b: str | None  # None: b is not mentioned in this article at all
    quote: str
    sid: str | None = None

    @property
    def key(self) -> str:
        return f"apart-{self.a}-{self.b}"


def keys(entries: list) -> list[str]:
    """The pytest ids of 2022 entries."""
    return [e.key for e in entries]


def check_named(ds: Dataset, sid: str, e: Named) -> None:
    """The name denotes exactly ``e.id`` (mentioned in the article), of type ``e.type``, with its zh label."""
    sid = e.sid or sid
    _in_source(sid, e.quote)
    found = rows(
        ds,
        f"SELECT DISTINCT ?e WHERE {{ GRAPH {g(sid)} {{ ?e rdfs:label|skos:altLabel {_lit(e.name)} ; eco:mentionedIn ?s }} }}",
    )
    assert {local(r.e) for r in found} == {e.id}, f"{e.name!r} names {[local(r.e) for r in found]}"
    found = rows(ds, f"SELECT ?t ?l WHERE {{ GRAPH {g(sid)} {{ ekg:{e.id} a ?t ; rdfs:label ?l }} }}")
    assert {local(r.t) for r in found} == {e.type}
    labels = {str(r.l) for r in found if r.l.language == "zh"}
    assert labels == {e.label or e.name}


def check_stated(ds: Dataset, sid: str, r: Stated) -> None:
    """The triple and its ``eco:Statement`` are in the graph, with the given date and expression."""
    sid = r.sid or sid
    _in_source(sid, r.quote)
    found = rows(
        ds,
        f"""SELECT ?st ?date ?expr WHERE {{ GRAPH {g(sid)} {{
              ekg:{r.s} eco:{r.p} ekg:{r.o} .
              ?st a eco:Statement ; rdf:subject ekg:{r.s} ; rdf:predicate eco:{r.p} ; rdf:object ekg:{r.o} .
              OPTIONAL {{ ?st eco:date ?date }} OPTIONAL {{ ?st eco:timeExpression ?expr }} }} }}""",
    )
    assert found, f"missing {r.s} {r.p} {r.o} in {sid}"
    if r.date is not None:
        assert {str(x.date) for x in found} == {r.date}
    if r.expr is not None:
        assert {str(x.expr) for x in found} == {r.expr}


def check_held(ds: Dataset, sid: str, p: Held) -> None:
    """Exactly one such post, as of ``p.as_of`` and in its year."""
    sid = p.sid or sid
    _in_source(sid, p.quote)
    found = rows(
        ds,
        f"""SELECT ?post ?asOf ?year WHERE {{ GRAPH {g(sid)} {{
              ?post a eco:Post ; eco:holder ekg:{p.person} ; eco:postIn ekg:{p.org} ;
                    eco:postTitle {_lit(p.title)} ; eco:asOf ?asOf ; eco:year ?year }} }}""",
    )
    assert len(found) == 1, f"{p.person} {p.title} at {p.org}: {len(found)} posts"
    assert str(found[0].asOf) == p.as_of
    assert int(found[0].year) == int(p.as_of[:4])


def check_fig(ds: Dataset, sid: str, f: Figure) -> None:
    """Exactly one observation with this value (and sector), with the given status, unit, year …"""
    sid = f.sid or sid
    _in_source(sid, f.quote)
    found = rows(
        ds,
        f"""SELECT ?obs ?value ?status ?unit ?mult ?year ?unstated ?scope ?qual ?reported ?expr ?sector
            WHERE {{ GRAPH {g(sid)} {{
              ?obs a eco:Observation ; eco:indicator ekg:{f.indicator} ; eco:refArea ekg:{f.of} ;
                   eco:measure eco:{f.measure} ; eco:value ?value ; eco:status ?status ; eco:unit ?unit ;
                   eco:multiplier ?mult ; eco:reportedValue ?reported .
              OPTIONAL {{ ?obs eco:year ?year }} OPTIONAL {{ ?obs eco:yearUnstated ?unstated }}
              OPTIONAL {{ ?obs eco:rankScope ?scope }} OPTIONAL {{ ?obs eco:qualifier ?qual }}
              OPTIONAL {{ ?obs eco:timeExpression ?expr }} OPTIONAL {{ ?obs eco:sector ?sector }} }} }}""",
    )
    hits = [
        r
        for r in found
        if Decimal(str(r.value)) == Decimal(f.value) and (local(r.sector) if r.sector else None) == f.sector
    ]
    assert len(hits) == 1, f"{len(hits)} observations of {f.indicator} for {f.of} = {f.value} in {sid}"
    h = hits[0]
    assert local(h.status) == f.status
    assert local(h.unit) == f.unit
    assert Decimal(str(h.mult)) == Decimal(f.multiplier)
    if f.year is None:
        assert h.year is None and h.unstated is not None and h.unstated.toPython() is True
    else:
        assert h.year is not None and int(h.year) == f.year and h.unstated is None
    assert (str(h.scope) if h.scope else None) == f.scope
    assert (str(h.qual) if h.qual else None) == f.qualifier
    if f.expr is not None:
        assert str(h.expr) == f.expr
    if f.reported is not None:
        assert f.reported in str(h.reported)


def check_when(ds: Dataset, sid: str, w: When) -> None:
    """The entity has exactly this date under ``w.prop``."""
    sid = w.sid or sid
    _in_source(sid, w.quote)
    found = rows(ds, f"SELECT ?d WHERE {{ GRAPH {g(sid)} {{ ekg:{w.id} eco:{w.prop} ?d }} }}")
    assert {str(r.d) for r in found} == {w.value}


def check_misprint(ds: Dataset, sid: str, m: Misprint) -> None:
    """No label keeps the misprint, a note names it, and the entity's label carries the correction."""
    sid = m.sid or sid
    _in_source(sid, m.quote)
    assert m.printed in _norm(m.quote)
    names = rows(ds, f"SELECT ?l WHERE {{ GRAPH {g(sid)} {{ ?e rdfs:label|skos:altLabel ?l }} }}")
    assert not [str(r.l) for r in names if m.printed in str(r.l)], "a label keeps the misprint"
    noted = rows(
        ds,
        f"""SELECT ?n ?text ?note WHERE {{
              GRAPH {g(sid)} {{ ?n prov:wasDerivedFrom ?sent ; eco:note ?note }}
              GRAPH ekgg:sources {{ ?sent eco:text ?text }} }}""",
    )
    assert any(m.printed in str(r.text) and m.printed in str(r.note) for r in noted), "no note on the misprint"
    if m.id is not None:
        found = rows(ds, f"SELECT ?l WHERE {{ GRAPH {g(sid)} {{ ekg:{m.id} rdfs:label ?l }} }}")
        assert m.label in {str(r.l) for r in found if r.l.language == "zh"}
        assert m.corrected in m.label


def check_distinct(ds: Dataset, sid: str, a: Distinct) -> None:
    """``a.a`` and ``a.b`` are two entities: own names, no owl:sameAs, no shared label."""
    sid = a.sid or sid
    _in_source(sid, a.quote)
    assert a.a != a.b
    check_name = "SELECT DISTINCT ?e WHERE {{ GRAPH {g} {{ ?e rdfs:label|skos:altLabel {n} ; eco:mentionedIn ?s }} }}"
    found = rows(ds, check_name.format(g=g(sid), n=_lit(a.name_a)))
    assert {local(r.e) for r in found} == {a.a}
    same = rows(
        ds,
        f"SELECT ?x WHERE {{ GRAPH {g(sid)} {{ {{ ekg:{a.a} owl:sameAs ?x }} UNION {{ ?x owl:sameAs ekg:{a.a} }} }} }}",
    )
    assert not same
    mentioned_b = rows(ds, f"SELECT ?s WHERE {{ GRAPH {g(sid)} {{ ekg:{a.b} eco:mentionedIn ?s }} }}")
    if a.name_b is None:
        assert not mentioned_b, f"{a.b} is not in the article"
        return
    assert mentioned_b
    found = rows(ds, check_name.format(g=g(sid), n=_lit(a.name_b)))
    assert {local(r.e) for r in found} == {a.b}
    la = rows(ds, f"SELECT ?l WHERE {{ GRAPH {g(sid)} {{ ekg:{a.a} rdfs:label|skos:altLabel ?l }} }}")
    lb = rows(ds, f"SELECT ?l WHERE {{ GRAPH {g(sid)} {{ ekg:{a.b} rdfs:label|skos:altLabel ?l }} }}")
    assert not ({str(r.l) for r in la} & {str(r.l) for r in lb})


CHECKERS = {
    Named: check_named,
    Stated: check_stated,
    Held: check_held,
    Figure: check_fig,
    When: check_when,
    Misprint: check_misprint,
    Distinct: check_distinct,
}


def check_corroborated(ds: Dataset, sid: str, other: str, pair: tuple) -> None:
    """A fact both articles state: the first entry holds in ``sid``'s graph, the second in ``other``'s."""
    here, there = pair
    assert (here.sid or sid) == sid and there.sid == other
    CHECKERS[type(here)](ds, sid, here)
    CHECKERS[type(there)](ds, sid, there)


def check_unique(checklist: list) -> None:
    """The checklist has at least 45 entries and no two share a key."""
    assert len(checklist) >= 45
    ks = [e.key for e in checklist]
    assert len(ks) == len(set(ks)), [k for k in ks if ks.count(k) > 1]


def check_every_figure(ds: Dataset, sid: str, figures: list) -> None:
    """The checklist covers every figure the graph records for ``sid`` (nothing invented)."""
    found = rows(ds, f"SELECT (COUNT(?o) AS ?n) WHERE {{ GRAPH {g(sid)} {{ ?o a eco:Observation }} }}")
    assert int(found[0].n) == len(figures)


def check_figure_statuses(ds: Dataset, sid: str, target_words: str) -> None:
    """Targets, plans and forecasts are never recorded as results; results always carry a year
    (at most 2022) and no ``target_words`` (a regex) in their reported value."""
    found = rows(
        ds,
        f"""SELECT ?o ?status ?year ?unstated ?reported WHERE {{ GRAPH {g(sid)} {{
              ?o a eco:Observation ; eco:status ?status ; eco:reportedValue ?reported .
              OPTIONAL {{ ?o eco:year ?year }} OPTIONAL {{ ?o eco:yearUnstated ?unstated }} }} }}""",
    )
    assert found
    for r in found:
        status = local(r.status)
        assert status in {"Actual", "Target", "Plan", "Forecast"}, r.o
        if status == "Actual":
            assert r.year is not None and r.unstated is None, f"actual without year: {r.o}"
            assert int(r.year) <= 2022, f"a result in the future: {r.o}"
            assert not re.search(target_words, str(r.reported)), f"target wording as a result: {r.o}"
        else:
            assert (r.year is None) != (r.unstated is None), f"year and yearUnstated: {r.o}"
