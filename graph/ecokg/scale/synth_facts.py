"""The synthetic region's less common structures, in the curated build's shapes.

:func:`ecokg.scale.synth.write_region` writes the backbone (areas, parks, sectors, programmes,
companies, people, figures); this module adds what the rest of the named query library asks
about, each the way :mod:`ecokg.dataset.build`, :mod:`ecokg.dataset.codelists` and
:mod:`ecokg.dataset.attribution` write it: GB/T 4754-2017 classes with the sectors' SKOS
mappings and the 战略性新兴产业 they belong to (``ekgg:codelist/gbt4754``), division codes
(``ekgg:codelist/divisions``), bylines, designations with their award statements, industry
clusters, events and meetings, products, target figures tied to the programmes an area
implements, and facts restated by a second article (corroborated: in both article graphs).

>>> import io
>>> from ecokg.scale.synth import write_region
>>> buf = io.StringIO()
>>> s = write_region(buf, size=6000, seed=2, ontology=False)
>>> text = buf.getvalue()
>>> all(f"ontology#{c}>" in text for c in ("Byline", "Designation", "IndustryCluster", "Event", "Product"))
True
>>> "<https://w3id.org/ecokg/graph/codelist/gbt4754>" in text
True
"""

from __future__ import annotations

import random

from rdflib.namespace import SKOS

from ecokg.dataset.codelists import DIVISION, DIVISIONS_GRAPH, GBT4754, INDUSTRY_GRAPH
from ecokg.dataset.iris import entity_nt as iri
from ecokg.dataset.iris import nt, observation_nt, post_nt
from ecokg.scale.synth_plan import (
    DESIGNATIONS,
    FIRM_WORDS,
    GBT_LEVELS,
    GIVEN_NAMES,
    PRODUCT_KINDS,
    SECTOR_GBT,
    SURNAMES,
    TITLES,
    YEARS,
)
from ecokg.scale.synth_writer import (
    DERIVED,
    IN_SCHEME,
    PREF_LABEL,
    TYPE,
    E,
    QuadWriter,
    decimal,
    integer,
    plain,
    xsd_date,
    zh,
)

NOTATION, CONCEPT, TOP_OF = nt(SKOS.notation), nt(SKOS.Concept), nt(SKOS.topConceptOf)
SKOS_BROADER = nt(SKOS.broader)
MATCH = {m: nt(SKOS[m]) for m in ("exactMatch", "broadMatch", "narrowMatch", "relatedMatch")}
GBT_G, DIV_G = nt(INDUSTRY_GRAPH), nt(DIVISIONS_GRAPH)


def industry_codes(w: QuadWriter, sectors: list[str], tops: int) -> None:
    """The GB/T 4754 classes the region's sectors map to (with their ancestors) and the mappings.

    Top-level sector ``i`` matches its 小类 exactly (even ``i``) or lies inside it (odd ``i``:
    ``skos:broadMatch``); every sub-sector lies inside its top sector's 小类.
    """
    industries: dict[str, set[str]] = {}
    names: dict[str, tuple[str, int, str | None]] = {}
    for chain, tops_of in SECTOR_GBT:
        for level, (code, name) in enumerate(chain):
            parent = chain[level + 1][0] if level + 1 < len(chain) else None
            names[code] = (name, level, parent)
            industries.setdefault(code, set()).update(tops_of)
    scheme = E.IndustryClassificationScheme
    for code in sorted(names):
        name, level, parent = names[code]
        node = nt(GBT4754[code])
        w.q(node, TYPE, CONCEPT, GBT_G)
        w.q(node, IN_SCHEME, scheme, GBT_G)
        w.q(node, NOTATION, plain(code), GBT_G)
        w.q(node, PREF_LABEL, zh(name), GBT_G)
        w.q(node, E.classificationLevel, zh(GBT_LEVELS[level]), GBT_G)
        w.q(node, SKOS_BROADER, nt(GBT4754[parent]), GBT_G) if parent else w.q(node, TOP_OF, scheme, GBT_G)
        for top in sorted(industries[code]):
            w.q(node, E.strategicEmergingIndustry, zh(top), GBT_G)
    for i, sec in enumerate(sectors):
        top_no = i if i < tops else (i - tops) % tops
        small = nt(GBT4754[SECTOR_GBT[top_no % len(SECTOR_GBT)][0][0][0]])
        w.q(iri(sec), MATCH["exactMatch" if i < tops and i % 2 == 0 else "broadMatch"], small, GBT_G)


def division_codes(w: QuadWriter, city: str, districts: list[str], labels: list[str]) -> None:
    """Synthetic division codes (``99xxxx``, outside the real 国家行政区划 range) for the city and
    its districts, as :func:`ecokg.dataset.codelists.division_triples` writes real ones."""
    scheme = E.DivisionScheme
    city_code = "990100"
    rows: list[tuple[str, str, str, str, str | None]] = [(city, city_code, "合成市", "prefecture", None)]
    rows += [(d, f"9901{k + 1:02d}", labels[k], "county", city_code) for k, d in enumerate(districts)]
    for local, code, name, level, parent in rows:
        node = nt(DIVISION[code])
        w.q(node, TYPE, CONCEPT, DIV_G)
        w.q(node, IN_SCHEME, scheme, DIV_G)
        w.q(node, NOTATION, plain(code), DIV_G)
        w.q(node, PREF_LABEL, zh(name), DIV_G)
        w.q(node, E.divisionLevel, plain(level), DIV_G)
        w.q(node, SKOS_BROADER, nt(DIVISION[parent]), DIV_G) if parent else w.q(node, TOP_OF, scheme, DIV_G)
        w.q(iri(local), E.divisionCode, plain(code), DIV_G)
        w.q(iri(local), E.division, node, DIV_G)
        if parent:
            w.q(iri(local), E.withinDivision, iri(rows[0][0]), DIV_G)


def byline(w: QuadWriter, reporters: int) -> None:
    """The current article's reporter credit (``eco:byline``), once per article."""
    k = w.article % reporters
    person = f"{w.prefix}_reporter{k}"
    name = SURNAMES[k % len(SURNAMES)] + GIVEN_NAMES[(7 * k) % len(GIVEN_NAMES)] + str(k)
    sent = w.sentence(f"记者 {name}")
    w.entity(iri(person), "Person", name, sent, again=w.article >= reporters)  # reporter k's first article is k
    node = iri(f"byline/{w.graph_id()}/{person}")
    w.q(w.src, E.byline, node)
    w.q(node, TYPE, E.Byline)
    w.q(node, E.contributor, iri(person))
    w.q(node, E.contributorRole, E.RoleReporter)
    w.q(node, DERIVED, sent)
    w.q(iri(person), E.authorOf, w.src)


def designations(w: QuadWriter, p: str, count: int, awarding: str) -> list[str]:
    """Designation entities (``skos:inScheme eco:DesignationScheme``) awarded by ``awarding``."""
    out = []
    for k in range(count):
        local = f"{p}_desig{k}"
        label = f"{DESIGNATIONS[k % len(DESIGNATIONS)]}（第{k // len(DESIGNATIONS) + 1}批）"
        sent = w.sentence(f"合成市公布{label}名单。")
        w.entity(iri(local), "Designation", label, sent)
        w.q(iri(local), IN_SCHEME, E.DesignationScheme)
        w.q(iri(local), PREF_LABEL, zh(label))
        w.q(iri(local), E.awardedBy, iri(awarding))
        out.append(local)
    return out


def clusters(w: QuadWriter, p: str, count: int, sectors: list[str], city: str, leader: str) -> list[str]:
    """Industry clusters targeting a top-level sector, led by ``leader``, located in ``city``."""
    out = []
    for k in range(count):
        local = f"{p}_cluster{k}"
        sec = sectors[k % min(10, len(sectors))]
        label = f"合成市{k + 1}号千亿级产业集群"
        sent = w.sentence(f"打造{label}，由龙头企业牵头。")
        w.entity(iri(local), "IndustryCluster", label, sent)
        w.relation(iri(local), "targetsSector", iri(sec), sent, local, sec)
        w.relation(iri(local), "ledBy", iri(leader), sent, local, leader)
        w.relation(iri(local), "locatedIn", iri(city), sent, local, city)
        out.append(local)
    return out


def event(w: QuadWriter, rng: random.Random, k: int, park: str, organiser: str, topic: str, year: int) -> str:
    """An event or meeting held at ``park``, organised by ``organiser``, about ``topic``."""
    local = f"{w.prefix}_event{k}"
    cls, kind = ("Meeting", "产业发展大会") if k % 2 else ("Event", "项目签约仪式")
    label = f"{year}合成{kind}{k}"
    sent = w.sentence(f"{label}在园区举行。")
    w.entity(iri(local), cls, label, sent)
    w.q(iri(local), E.heldOn, f'"{year}"^^<http://www.w3.org/2001/XMLSchema#gYear>')
    w.relation(iri(local), "heldAt", iri(park), sent, local, park)
    w.relation(iri(local), "organizedBy", iri(organiser), sent, local, organiser)
    w.relation(iri(local), "about", iri(topic), sent, local, topic)
    return local


def product(w: QuadWriter, k: int, maker: str, sector: str, sent: str) -> None:
    """A product, software system or platform developed by ``maker`` in ``sector``."""
    cls, word = PRODUCT_KINDS[k % len(PRODUCT_KINDS)]
    local = f"{w.prefix}_prod{k}"
    w.entity(iri(local), cls, f"合成{word}{k}号", sent)
    w.relation(iri(local), "developedBy", iri(maker), sent, local, maker)
    w.relation(iri(local), "inSector", iri(sector), sent, local, sector)


def figure(
    w: QuadWriter,
    key: str,
    area: str,
    ind: tuple,
    value: float,
    year: int,
    status: str,
    sector: str | None = None,
    prog: str | None = None,
) -> None:
    """A figure of ``area`` for indicator ``ind``; with ``prog``, the sentence also says that the area
    implements the programme (so the figure is the programme's target, linked by the sentence)."""
    _key, label, unit, mult, measure = ind
    reported = f"{value}{'亿元' if unit == 'unitCNY' else ('%' if unit == 'unitPercent' else '')}"
    sent = w.sentence(f"{'实施计划，到' if prog else ''}{year}年{label}{'达到' if prog else ''}{reported}。")
    if prog:
        st = w.relation(iri(area), "implements", iri(prog), sent, area, prog)
        w.q(st, E.year, integer(year - 4))
    node = observation_nt(w.graph_id(), key)
    w.q(node, TYPE, E.Observation)
    w.q(node, E.indicator, iri(f"{w.prefix}_ind_{_key}"))
    w.q(node, E.refArea, iri(area))
    if sector:
        w.q(node, E.sector, iri(sector))
    w.q(node, E.measure, E[measure])
    w.q(node, E.status, E[status])
    w.q(node, E.value, decimal(value))
    w.q(node, E.multiplier, decimal(mult))
    w.q(node, E.valueNormalized, decimal(value * mult if isinstance(value, int) else f"{value * mult:.1f}"))
    w.q(node, E.unit, E[unit])
    w.q(node, E.reportedValue, zh(reported))
    w.q(node, E.year, integer(year))
    w.q(node, DERIVED, sent)


def restate(w: QuadWriter, fact: tuple[str, str, str, str, str]) -> None:
    """State an earlier article's relation again in the current article (a corroborated fact)."""
    s_local, p, o_local, s_label, o_label = fact
    sent = w.sentence(f"另据报道，{s_label}与{o_label}相关。")
    w.q(iri(s_local), E.mentionedIn, w.src)
    w.relation(iri(s_local), p, iri(o_local), sent, s_local, o_local, again=True)
    w.stats.classes["Corroborated"] = w.stats.classes.get("Corroborated", 0) + 1


def pick(rng: random.Random, alphabet: str, k: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(k))


def person(w: QuadWriter, rng: random.Random, k: int, post_no: int, org: str, org_local: str, year: int) -> None:
    p = w.prefix
    name = pick(rng, SURNAMES, 1) + pick(rng, GIVEN_NAMES, rng.randint(1, 2))
    title = rng.choice(TITLES[:2])
    as_of = max(year, 2015) + rng.randint(0, 3)
    sent = w.sentence(f"{title}{name}表示，企业将加大研发投入。")
    node = iri(f"{p}_person{k}")
    w.entity(node, "Person", name, sent)
    pn = post_nt(f"{p}_{post_no}")
    w.q(pn, TYPE, E.Post)
    w.q(pn, E.holder, node)
    w.q(pn, E.postIn, org)
    w.q(pn, E.postTitle, zh(title))
    w.q(pn, E.asOf, xsd_date(f"{as_of}-06-01"))
    w.q(pn, E.year, integer(as_of))
    w.q(pn, DERIVED, sent)
    w.stats.classes["Post"] = w.stats.classes.get("Post", 0) + 1
    if k % 3 == 0:  # a later post: the same person, promoted (posts over time)
        later = TITLES[(TITLES.index(title) + 1) % 2]
        sent = w.sentence(f"{later}{name}介绍了企业发展情况。")
        pn = post_nt(f"{p}_{post_no}b")
        w.q(pn, TYPE, E.Post)
        w.q(pn, E.holder, node)
        w.q(pn, E.postIn, org)
        w.q(pn, E.postTitle, zh(later))
        w.q(pn, E.asOf, xsd_date(f"{as_of + 2}-06-01"))
        w.q(pn, E.year, integer(as_of + 2))
        w.q(pn, DERIVED, sent)
        w.stats.classes["Post"] += 1


def institute(w: QuadWriter, rng: random.Random, k: int, parks: list[str], districts: list[str], upto: int) -> None:
    p = w.prefix
    local = f"{p}_inst{k}"
    label = f"合成{pick(rng, FIRM_WORDS, 2)}研究院{k}"
    sent = w.sentence(f"{label}与多家企业开展产学研合作。")
    w.entity(iri(local), "ResearchInstitute", label, sent)
    # settled in district k mod n, in one of its parks (park j lies in district j mod n)
    n = len(districts)
    d = k % n
    park = parks[d + n * rng.randrange((len(parks) - d + n - 1) // n)]
    w.relation(iri(local), "locatedIn", iri(park), sent, local, park)
    st = w.relation(iri(local), "settledIn", iri(districts[d]), sent, local, districts[d])
    w.q(st, E.date, xsd_date(f"{YEARS[k % len(YEARS)]}-09-01"))
    for j in sorted({int(upto * rng.random() ** 1.5) for _ in range(3)}):
        w.relation(iri(local), "cooperatesWith", iri(f"{p}_c{j}"), sent, local, f"{p}_c{j}", symmetric=True)
        w.stats.partnerships += 1


__all__ = [
    "byline",
    "clusters",
    "designations",
    "division_codes",
    "event",
    "figure",
    "industry_codes",
    "product",
    "restate",
]
