"""A synthetic region in ecokg's own ontology, streamed to disk as N-Quads (or TriG).

The generator writes a realistic, SHACL-valid region graph of about ``size`` triples:
a city with districts, parks, government bodies, research institutes, a two-level sector
scheme, programmes, companies (located in parks, in a sector, founded on a date, with
power-law partnerships), people holding posts, and yearly figures per district and park; and,
through :mod:`ecokg.scale.synth_facts`, everything else the named query library asks about
(GB/T 4754 classes and the sectors' mappings, division codes, bylines, speakers, designations,
clusters, events, products, programme targets beside actual figures, brought-in firms, facts
restated by a second article), so that every named query finds rows at every size.

Everything follows the shape of the curated build (:mod:`ecokg.dataset.build`): entities carry one
``rdfs:label@zh``, ``eco:mentionedIn`` a synthetic source article and ``prov:wasDerivedFrom``
a synthetic sentence of it; every relation is a direct triple plus an ``eco:Statement``;
articles and sentences live in ``ekgg:sources`` and each article's facts in
``ekgg:source/<id>``, and every triple once more in the default graph, the asserted graph
(:mod:`ecokg.dataset.asserted`), which queries that name no graph read. The ontology is written
into ``ekgg:ontology`` (and the default graph) so that the region validates against
``ontology/shapes.ttl`` on its own.

Quads are produced one at a time and written line by line: memory stays flat from 10k to
20M triples (the generator keeps only small integer tables, never the graph). The output is
a pure function of ``(size, seed)``. This module is the generator; the sizes and the
vocabulary are planned in :mod:`ecokg.scale.synth_plan`, the quads written by
:class:`ecokg.scale.synth_writer.QuadWriter`.

>>> import io
>>> buf = io.StringIO()
>>> stats = write_region(buf, size=3000, seed=1)
>>> stats.triples >= 3000 and stats.companies > 0
True
>>> buf.getvalue().count("\\n") == stats.quads  # the named graphs' triples, and the default graph's
True
>>> other = io.StringIO()
>>> _ = write_region(other, size=3000, seed=1)
>>> other.getvalue() == buf.getvalue()
True
"""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path
from typing import IO

from ecokg.dataset.iris import entity_nt as iri
from ecokg.dataset.iris import observation_nt, post_nt
from ecokg.scale import synth_facts as facts
from ecokg.scale.synth_plan import (
    COMPANY_FORMS,
    ENTITIES_PER_ARTICLE,
    FIRM_WORDS,
    INDICATORS,
    SECTORS,
    SUB_SECTORS,
    SYLLABLES,
    YEARS,
    Plan,
    RegionStats,
)
from ecokg.scale.synth_writer import (
    ALT,
    BROADER,
    DERIVED,
    IN_SCHEME,
    ONTOLOGY,
    PREF_LABEL,
    TYPE,
    E,
    QuadWriter,
    decimal,
    integer,
    ontology_triples,
    xsd_date,
    zh,
)

__all__ = ["Plan", "RegionStats", "synth_to_file", "write_region"]


def _quads(w: QuadWriter, plan: Plan, rng: random.Random) -> None:
    """Emit the region (everything but the ontology) through ``w``."""
    st = w.stats
    p = w.prefix
    w.on_article = lambda: facts.byline(w, max(3, plan.companies // 2000))
    city, city_local = iri(f"{p}_city"), f"{p}_city"
    sent = w.sentence("合成市是一座以制造业为主的沿海城市。")
    w.entity(city, "City", "合成市", sent, "Synthetic City")
    gov_city = iri(f"{p}_gov_city")
    sent = w.sentence("合成市人民政府统筹全市产业发展。")
    w.entity(gov_city, "GovernmentBody", "合成市人民政府", sent)
    w.relation(gov_city, "locatedIn", city, sent, f"{p}_gov_city", city_local)

    # Sector scheme: top-level sectors and sub-sectors (skos:broader).
    sectors: list[str] = []
    for i in range(plan.sectors):
        local = f"{p}_sec{i}"
        node = iri(local)
        if i < len(SECTORS):
            label, en = SECTORS[i]
        else:
            top = (i - len(SECTORS)) % len(SECTORS)
            label, en = f"{SECTORS[top][0]}{SUB_SECTORS[i % len(SUB_SECTORS)]}{i}", None
        sent = w.sentence(f"重点发展{label}产业。")
        w.entity(node, "IndustrySector", label, sent, en)
        w.q(node, IN_SCHEME, E.SectorScheme)
        w.q(node, PREF_LABEL, zh(label))
        if i >= len(SECTORS):
            w.q(node, BROADER, iri(f"{p}_sec{(i - len(SECTORS)) % len(SECTORS)}"))
        sectors.append(local)
    st.sectors = plan.sectors
    facts.industry_codes(w, sectors, len(SECTORS))

    indicators = []
    for key, label, *_ in INDICATORS:
        node = iri(f"{p}_ind_{key}")
        sent = w.sentence(f"统计口径：{label}。")
        w.entity(node, "Indicator", label, sent)
        w.q(node, IN_SCHEME, E.IndicatorScheme)
        w.q(node, PREF_LABEL, zh(label))
        indicators.append(node)

    districts: list[str] = []
    labels: list[str] = []
    govs: list[str] = []
    for d in range(plan.districts):
        local = f"{p}_d{d}"
        label = f"{facts.pick(rng, SYLLABLES, 2)}{d}区"
        sent = w.sentence(f"{label}位于合成市。")
        w.entity(iri(local), "District", label, sent)
        w.relation(iri(local), "partOf", city, sent, local, city_local)
        gl = f"{p}_gov_d{d}"
        sent = w.sentence(f"{label}人民政府负责本区经济工作。")
        w.entity(iri(gl), "GovernmentBody", f"{label}人民政府", sent)
        w.relation(iri(gl), "locatedIn", iri(local), sent, gl, local)
        w.relation(iri(gl), "subOrganizationOf", gov_city, sent, gl, f"{p}_gov_city")
        districts.append(local)
        labels.append(label)
        govs.append(gl)
    st.districts = plan.districts
    facts.division_codes(w, city_local, districts, labels)
    desigs = facts.designations(w, p, max(3, plan.companies // 400), f"{p}_gov_city")

    parks: list[str] = []
    park_district: list[int] = []
    for k in range(plan.parks):
        local = f"{p}_park{k}"
        d = k % plan.districts
        label = f"{facts.pick(rng, SYLLABLES, 2)}{k}产业园"
        sent = w.sentence(f"{label}坐落于{districts[d]}。")
        w.entity(iri(local), "Park", label, sent)
        w.relation(iri(local), "locatedIn", iri(districts[d]), sent, local, districts[d])
        sec = sectors[rng.randrange(len(sectors))]
        w.relation(iri(local), "targetsSector", iri(sec), sent, local, sec)
        parks.append(local)
        park_district.append(d)
    st.parks = plan.parks

    programmes: list[str] = []
    for k in range(plan.programmes):
        local = f"{p}_prog{k}"
        label = f"“{facts.pick(rng, FIRM_WORDS, 2)}”专项行动计划{k}"
        sent = w.sentence(f"实施{label}，扶持重点企业。")
        w.entity(iri(local), "Programme", label, sent)
        gov = govs[k % len(govs)] if k % 3 else f"{p}_gov_city"
        w.relation(iri(local), "issuedBy", iri(gov), sent, local, gov)
        sec = sectors[rng.randrange(len(sectors))]
        w.relation(iri(local), "targetsSector", iri(sec), sent, local, sec)
        w.q(iri(local), E.launchedOn, xsd_date(f"{rng.choice(list(YEARS))}-03-01"))
        programmes.append(local)
    st.programmes = plan.programmes
    clusters = facts.clusters(w, p, max(1, plan.programmes // 3), sectors, city_local, f"{p}_c0")
    for k, cl in enumerate(clusters):
        builder = districts[k % len(districts)]
        sent = w.sentence(f"{builder}参与建设产业集群。")
        w.relation(iri(builder), "implements", iri(cl), sent, builder, cl)

    # Figures: a few indicators per district (and per 5th park), per year.
    obs = 0
    areas = [(d, i) for i, d in enumerate(districts)] + [(pk, i) for i, pk in enumerate(parks) if i % 5 == 0]
    for area, _i in areas:
        base = rng.uniform(100, 3000)
        for year in YEARS:
            picks = rng.sample(INDICATORS, 3)
            for key, label, unit, mult, measure in picks:
                value = round(base * rng.uniform(0.8, 1.3), 1) if unit == "unitCNY" else round(rng.uniform(1, 60), 1)
                if unit in ("unitCount", "unitPerson"):
                    value = int(value * 10)
                reported = f"{value}{'亿元' if unit == 'unitCNY' else ('%' if unit == 'unitPercent' else '')}"
                sent = w.sentence(f"{year}年，{area}{label}{reported}。")
                node = observation_nt(w.graph_id(), f"f{obs}")
                w.q(node, TYPE, E.Observation)
                w.q(node, E.indicator, iri(f"{p}_ind_{key}"))
                w.q(node, E.refArea, iri(area))
                w.q(node, E.measure, E[measure])
                w.q(node, E.status, E.Actual)
                w.q(node, E.value, decimal(value))
                w.q(node, E.multiplier, decimal(mult))
                w.q(
                    node,
                    E.valueNormalized,
                    decimal(value * mult if isinstance(value, int) else f"{value * mult:.1f}"),
                )
                w.q(node, E.unit, E[unit])
                w.q(node, E.reportedValue, zh(reported))
                w.q(node, E.year, integer(year))
                w.q(node, DERIVED, sent)
                obs += 1
        if _i < len(districts) and area in districts:
            # A target for the last year's first indicator, set by a programme the district
            # implements; every other district also has a sector's actual figure and target.
            ind, prog = picks[0], programmes[_i % len(programmes)]
            grow = round(rng.uniform(1.1, 1.6), 1)
            value = int(grow * 100) if ind[2] in ("unitCount", "unitPerson") else grow * 10
            facts.figure(w, f"t{obs}", area, ind, value, YEARS[-1] + 3, "Target", prog=prog)
            obs += 1
            if _i % 2 == 0:
                sec = sectors[_i % len(SECTORS)]
                facts.figure(w, f"f{obs}", area, ind, value, YEARS[-1], "Actual", sector=sec)
                prog2 = programmes[(_i + 1) % len(programmes)]
                facts.figure(w, f"t{obs + 1}", area, ind, value * 2, YEARS[-1] + 3, "Target", sec, prog2)
                obs += 2
    st.observations = obs

    # Companies, with institutes and people interleaved, until the size is reached.
    c = 0
    person = 0
    post = 0
    inst = 0
    events: list[str] = []
    told: tuple[int, tuple[str, str, str, str, str]] | None = None  # (article, fact) to corroborate
    while st.triples < plan.size or c < 6:
        local = f"{p}_c{c}"
        node = iri(local)
        pk = rng.randrange(len(parks)) if rng.random() < 0.7 else None
        d = park_district[pk] if pk is not None else rng.randrange(len(districts))
        name = f"宁波{facts.pick(rng, SYLLABLES, 1)}{facts.pick(rng, FIRM_WORDS, 2)}{rng.choice(COMPANY_FORMS)}"
        year = rng.randint(1985, 2024)
        sec = sectors[min(len(sectors) - 1, int(len(sectors) * rng.random() ** 2))]
        sent = w.sentence(f"{name}成立于{year}年，位于{'园区' if pk is not None else '城区'}，主营{sec}。")
        w.entity(node, "Company", name, sent)
        if c % 7 == 0:
            w.q(node, ALT, zh(name.replace("宁波", "").split("有限")[0]))
        w.q(node, E.foundedOn, xsd_date(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"))
        place = parks[pk] if pk is not None else districts[d]
        w.relation(node, "locatedIn", iri(place), sent, local, place)
        in_sector = w.relation(node, "inSector", iri(sec), sent, local, sec)
        if c % 12 == 0:  # the firm's boss says what it does (a speaker, in the post minted below)
            w.q(in_sector, E.statedBy, iri(f"{p}_person{person}"))
            w.q(in_sector, E.speakerPost, post_nt(f"{p}_{post}"))
        if told is not None and told[0] != w.article:
            facts.restate(w, told[1])
            told = None
        if told is None and c % 5 == 0:
            told = (w.article, (local, "locatedIn", place, name, place))
        if c == 0:  # the next firm opens a new article, which restates where the first one is
            w.in_article = w.per_article
        r = _FIRST_FIRMS.get(c, rng.random())  # the first firms hold one of each, at any size
        if r < 0.02:
            cl = clusters[rng.randrange(len(clusters))]
            w.relation(node, "memberOf", iri(cl), sent, local, cl)
        elif r < 0.06:
            dg = desigs[rng.randrange(len(desigs))]
            s2 = w.relation(node, "hasDesignation", iri(dg), sent, local, dg)
            w.q(s2, E.date, xsd_date(f"{max(year, 2016) + rng.randint(0, 3)}-12-01"))
        elif r < 0.07:
            s2 = w.relation(node, "broughtInBy", iri(districts[d]), sent, local, districts[d])
            w.q(s2, E.date, xsd_date(f"{max(year, 2016)}-05-01"))
        elif r < 0.10:
            facts.product(w, st.classes.get("Product", 0) + st.classes.get("SoftwareSystem", 0)
                          + st.classes.get("DigitalPlatform", 0), local, sec, sent)  # fmt: skip
        elif r < 0.12 and events:
            w.relation(node, "participatedIn", iri(events[-1]), sent, local, events[-1])
        if c % 400 == 3:
            ev_park = parks[rng.randrange(len(parks))]
            events.append(facts.event(w, rng, len(events), ev_park, govs[d], sec, rng.choice(list(YEARS))))
        if c > 0:
            # Power-law partnerships: the number of partners is Pareto-distributed and older
            # firms attract more of them (index drawn with density ~ j^-0.6).
            m = min(25, int(rng.paretovariate(1.6)))
            for j in sorted({int(c * rng.random() ** 2.5) for _ in range(m)}):
                if j != c:
                    w.relation(node, "cooperatesWith", iri(f"{p}_c{j}"), sent, local, f"{p}_c{j}", symmetric=True)
                    st.partnerships += 1
        if programmes and rng.random() < 0.08:
            prog = programmes[rng.randrange(len(programmes))]
            w.relation(iri(prog), "supports", node, sent, prog, local)
        if c % 12 == 0:
            facts.person(w, rng, person, post, node, local, year)
            person += 1
            post += 1
        if c % 150 == 0:
            facts.institute(w, rng, inst, parks, districts, c)
            inst += 1
        c += 1
    st.companies = c
    st.people = person
    st.institutes = inst


#: The first five firms' draws: a cluster member, a designation holder, a firm brought in, a product
#: maker and an event participant (so that even the smallest region has each).
_FIRST_FIRMS = {1: 0.01, 2: 0.03, 3: 0.065, 4: 0.08, 5: 0.11}


def write_region(out: IO[str], size: int, seed: int = 0, ontology: bool = True, trig: bool = False) -> RegionStats:
    """Write a synthetic region of about ``size`` triples to ``out`` as N-Quads lines.

    As the build does, every statement is in its named graph and its triple once more in the
    default graph (the asserted graph: :mod:`ecokg.dataset.asserted`), so ``out`` receives about
    ``2 * size`` lines (:attr:`RegionStats.quads`).

    Parameters
    ----------
    out
        A text stream; every line written is one N-Quads statement (with ``trig``, one TriG
        statement: ``<g> { s p o . }``, or ``s p o .`` in the default graph).
    size
        Target number of statements in the named graphs (the default graph's copies not
        counted); generation stops at the first entity boundary at or past it.
    seed
        Random seed; equal ``(size, seed)`` give byte-identical output.
    ontology
        Also write the ontology into ``ekgg:ontology`` (needed for SHACL ``sh:class`` checks
        and for ``rdfs:subClassOf*`` queries).
    trig
        Write TriG statements instead of N-Quads.

    Returns
    -------
    RegionStats
        Counts of what was written.

    Examples
    --------
    >>> import io
    >>> s = write_region(io.StringIO(), size=2000, seed=3, ontology=False)
    >>> s.districts, s.sectors >= 10
    (3, True)
    """
    stats = RegionStats()
    w = QuadWriter(out, seed, stats, trig)
    # articles of the curated graph's size (about 160 sentences) in small regions, at most
    # ENTITIES_PER_ARTICLE sentences in big ones; at least two articles (corroborated facts)
    w.per_article = max(25, min(ENTITIES_PER_ARTICLE, size // 150))
    if ontology:
        for triple in ontology_triples():
            w.put(triple, ONTOLOGY)
    rng = random.Random(seed)
    _quads(w, Plan.for_size(size), rng)
    w.flush()
    return stats


def synth_to_file(path: Path, size: int, seed: int = 0, ontology: bool = True) -> RegionStats:
    """Write a region to ``path``: ``.nq`` (N-Quads), ``.trig`` (TriG) or either plus ``.gz``.

    TriG is written one statement per line (``<g> { s p o . }``, and ``s p o .`` in the default
    graph), so it streams too.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> s = synth_to_file(d / "r.trig", 2000, seed=2, ontology=False)
    >>> (d / "r.trig").read_text(encoding="utf-8").count("\\n") == s.quads
    True
    """
    path = Path(path)
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    trig = name.endswith(".trig")
    tmp = path.with_name(path.name + ".part")
    raw: IO[str]
    if path.name.endswith(".gz"):
        raw = io.TextIOWrapper(gzip.open(tmp, "wb", compresslevel=3), encoding="utf-8", newline="\n")  # noqa: SIM115
    else:
        raw = open(tmp, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    with raw:
        stats = write_region(raw, size, seed, ontology, trig)
    tmp.replace(path)
    return stats
