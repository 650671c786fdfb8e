"""A synthetic region in ecokg's own ontology, streamed to disk as N-Quads (or TriG).

The generator writes a realistic, SHACL-valid region graph of about ``size`` triples:
a city with districts, parks, government bodies, research institutes, a two-level sector
scheme, programmes, companies (located in parks, in a sector, founded on a date, with
power-law partnerships), people holding posts, and yearly figures per district and park.

Everything follows the shape of the curated build (:mod:`ecokg.dataset.build`): entities carry one
``rdfs:label@zh``, ``eco:mentionedIn`` a synthetic source article and ``prov:wasDerivedFrom``
a synthetic sentence of it; every relation is a direct triple plus an ``eco:Statement``;
articles and sentences live in ``ekgg:sources`` and each article's facts in
``ekgg:source/<id>``. The ontology is written into ``ekgg:ontology`` so that the union
graph validates against ``ontology/shapes.ttl`` on its own.

Quads are produced one at a time and written line by line: memory stays flat from 10k to
10M triples (the generator keeps only small integer tables, never the graph). The output is
a pure function of ``(size, seed)``.

>>> import io
>>> buf = io.StringIO()
>>> stats = write_region(buf, size=3000, seed=1)
>>> stats.triples >= 3000 and stats.companies > 0
True
>>> buf.getvalue().count("\\n") == stats.triples
True
>>> other = io.StringIO()
>>> _ = write_region(other, size=3000, seed=1)
>>> other.getvalue() == buf.getvalue()
True
"""

from __future__ import annotations

import gzip
import io
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from rdflib import Graph

from ecokg.dataset.namespaces import BASE, ECO
from ecokg.dataset.ontology import ONTOLOGY_FILE

_ECO = str(ECO._NS)
_ID = BASE + "id/"
_SRC = BASE + "source/"
_GRAPH = BASE + "graph/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PROV = "http://www.w3.org/ns/prov#"
_DCT = "http://purl.org/dc/terms/"

TYPE = f"<{_RDF}type>"
LABEL = f"<{_RDFS}label>"
ALT = f"<{_SKOS}altLabel>"
DERIVED = f"<{_PROV}wasDerivedFrom>"
MENTIONED = f"<{_ECO}mentionedIn>"

#: Rough number of triples one company contributes (used to size the backbone).
TRIPLES_PER_COMPANY = 34
#: Entities per synthetic article (one article = one named facts graph).
ENTITIES_PER_ARTICLE = 2000

_SYL = "海江宁鄞奉慈余象镇北仑明州甬东望春石碶鼓楼月湖天一高新梅山杭湾前湾临港"
_FIRM = "智创科锐恒瑞泰华盛达通远博信诚联合精工新材电子数控光电汽配装备医药纺织模具轴承"
_FORM = ["科技有限公司", "股份有限公司", "集团有限公司", "制造有限公司", "电子有限公司", "新材料有限公司"]
_SURNAME = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志"
_SECTORS = [
    ("智能制造", "Smart manufacturing"),
    ("新材料", "New materials"),
    ("数字经济", "Digital economy"),
    ("生物医药", "Biomedicine"),
    ("汽车及零部件", "Automobiles and parts"),
    ("时尚纺织服装", "Fashion and textiles"),
    ("绿色石化", "Green petrochemicals"),
    ("集成电路", "Integrated circuits"),
    ("现代服务业", "Modern services"),
    ("节能环保", "Energy saving"),
]
_SUB = ["装备", "材料", "软件", "器件", "服务", "系统", "零部件", "平台"]
# (suffix, zh label, unit local name, multiplier, measure)
_INDICATORS = [
    ("gdp", "地区生产总值", "unitCNY", 100_000_000, "Level"),
    ("industrial_output", "规上工业总产值", "unitCNY", 100_000_000, "Level"),
    ("industrial_va", "规上工业增加值", "unitCNY", 100_000_000, "Level"),
    ("gdp_growth", "地区生产总值增速", "unitPercent", 1, "Growth"),
    ("digital_share", "数字经济核心产业占比", "unitPercent", 1, "Share"),
    ("firms", "规上工业企业数", "unitCount", 1, "Count"),
    ("hightech_firms", "高新技术企业数", "unitCount", 1, "Count"),
    ("rd_staff", "研发人员数", "unitPerson", 1, "Count"),
]
_YEARS = range(2016, 2025)
_TITLES = ["董事长", "总经理", "院长", "主任", "党委书记", "区长"]


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def iri(local: str) -> str:
    """An ``ekg:`` IRI in N-Triples syntax.

    >>> iri("syn1_c7")
    '<https://w3id.org/ecokg/id/syn1_c7>'
    """
    return f"<{_ID}{local}>"


def eco(local: str) -> str:
    """An ``eco:`` IRI in N-Triples syntax."""
    return f"<{_ECO}{local}>"


def zh(text: str) -> str:
    """A Chinese language-tagged literal.

    >>> zh('宁波"港"')
    '"宁波\\\\"港\\\\""@zh'
    """
    return f'"{_esc(text)}"@zh'


def typed(value: object, dtype: str) -> str:
    """A typed literal, ``dtype`` being an XSD local name.

    >>> typed(2020, "integer")
    '"2020"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    return f'"{value}"^^<{_XSD}{dtype}>'


def plain(text: str) -> str:
    return f'"{_esc(text)}"'


@dataclass
class RegionStats:
    """What :func:`write_region` wrote."""

    triples: int = 0
    companies: int = 0
    people: int = 0
    institutes: int = 0
    districts: int = 0
    parks: int = 0
    sectors: int = 0
    programmes: int = 0
    observations: int = 0
    partnerships: int = 0
    articles: int = 0
    sentences: int = 0
    classes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """Backbone sizes derived from the requested number of triples.

    >>> p = Plan.for_size(1_000_000)
    >>> p.districts, p.parks >= p.districts, p.companies > 20_000
    (10, True, True)
    """

    size: int
    companies: int
    districts: int
    parks: int
    sectors: int
    programmes: int
    institutes: int

    @classmethod
    def for_size(cls, size: int) -> Plan:
        n = max(20, size // TRIPLES_PER_COMPANY)
        districts = max(3, min(60, round(math.sqrt(n) / 17)))
        return cls(
            size=size,
            companies=n,
            districts=districts,
            parks=max(districts + 1, min(2000, n // 250)),
            sectors=max(len(_SECTORS) + 4, min(400, n // 400)),
            programmes=max(3, min(1000, n // 800)),
            institutes=max(2, n // 150),
        )


class _Writer:
    """Mints sentences and articles; counts quads; hands lines to the sink."""

    def __init__(self, out: TextIO, seed: int, stats: RegionStats):
        self.out = out
        self.seed = seed
        self.stats = stats
        self.prefix = f"syn{seed}"
        self.article = -1
        self.in_article = ENTITIES_PER_ARTICLE
        self.offset = 0
        self.line = 0
        self.graph = ""
        self.src = ""
        self.buf: list[str] = []

    def q(self, s: str, p: str, o: str, g: str | None = None) -> None:
        self.buf.append(f"{s} {p} {o} {g or self.graph} .\n")
        self.stats.triples += 1
        if len(self.buf) >= 4096:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.buf))
        self.buf.clear()

    def _new_article(self) -> None:
        self.article += 1
        self.in_article = 0
        self.offset = 0
        self.line = 0
        sid = f"{self.prefix}-a{self.article:05d}"
        self.src = f"<{_SRC}{sid}>"
        self.graph = f"<{_GRAPH}source/{sid}>"
        meta = f"<{_GRAPH}sources>"
        year = 2016 + self.article % 9
        self.q(self.src, TYPE, eco("SourceArticle"), meta)
        self.q(self.src, f"<{_DCT}title>", zh(f"合成区域产业报道（第{self.article + 1}篇）"), meta)
        self.q(self.src, f"<{_DCT}issued>", typed(f"{year}-06-01", "date"), meta)
        self.q(self.src, eco("year"), typed(year, "integer"), meta)
        self.q(self.src, eco("datePrecision"), plain("day"), meta)
        self.q(self.src, eco("factsGraph"), self.graph, meta)
        self.q(self.src, f"<{_DCT}language>", plain("zh"), meta)
        self.q(self.src, eco("sourceFile"), plain(f"synthetic/{sid}.txt"), meta)
        self.q(self.src, eco("area"), iri(f"{self.prefix}_city"), meta)
        self.stats.articles += 1

    def sentence(self, text: str) -> str:
        """Mint the next sentence of the current article and return its IRI."""
        if self.in_article >= ENTITIES_PER_ARTICLE:
            self._new_article()
        self.in_article += 1
        start, end = self.offset, self.offset + len(text)
        self.offset = end + 1
        self.line += 1
        sid = f"{self.prefix}-a{self.article:05d}"
        node = f"<{_SRC}{sid}/span/{start}-{end}>"
        meta = f"<{_GRAPH}sources>"
        self.q(node, TYPE, eco("Sentence"), meta)
        self.q(node, eco("text"), zh(text), meta)
        self.q(node, eco("inSource"), self.src, meta)
        self.q(node, eco("startOffset"), typed(start, "integer"), meta)
        self.q(node, eco("endOffset"), typed(end, "integer"), meta)
        self.q(node, eco("lineNumber"), typed(self.line, "integer"), meta)
        self.q(node, eco("sentenceNumber"), typed(self.line, "integer"), meta)
        self.stats.sentences += 1
        return node

    def entity(self, node: str, cls: str, label: str, sent: str, en: str | None = None) -> None:
        self.q(node, TYPE, eco(cls))
        self.q(node, LABEL, zh(label))
        if en:
            self.q(node, LABEL, f'"{_esc(en)}"@en')
        self.q(node, MENTIONED, self.src)
        self.q(node, DERIVED, sent)
        self.stats.classes[cls] = self.stats.classes.get(cls, 0) + 1

    def relation(self, s: str, p: str, o: str, sent: str, s_local: str, o_local: str, symmetric: bool = False) -> None:
        pi = eco(p)
        self.q(s, pi, o)
        if symmetric:
            self.q(o, pi, s)
        st = iri(f"stmt/{self.graph_id()}/{s_local}--{p}--{o_local}")
        self.q(st, TYPE, eco("Statement"))
        self.q(st, f"<{_RDF}subject>", s)
        self.q(st, f"<{_RDF}predicate>", pi)
        self.q(st, f"<{_RDF}object>", o)
        self.q(st, DERIVED, sent)

    def graph_id(self) -> str:
        return f"{self.prefix}-a{self.article:05d}"


def _ontology_lines() -> Iterator[str]:
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    gname = f"<{_GRAPH}ontology>"
    for line in sorted(g.serialize(format="nt").splitlines()):
        if line.strip():
            yield f"{line[:-2].rstrip()} {gname} .\n"


def _name(rng: random.Random, alphabet: str, k: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(k))


def _quads(w: _Writer, plan: Plan, rng: random.Random) -> None:
    """Emit the region (everything but the ontology) through ``w``."""
    st = w.stats
    p = w.prefix
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
        if i < len(_SECTORS):
            label, en = _SECTORS[i]
        else:
            top = (i - len(_SECTORS)) % len(_SECTORS)
            label, en = f"{_SECTORS[top][0]}{_SUB[i % len(_SUB)]}{i}", None
        sent = w.sentence(f"重点发展{label}产业。")
        w.entity(node, "IndustrySector", label, sent, en)
        w.q(node, f"<{_SKOS}inScheme>", eco("SectorScheme"))
        w.q(node, f"<{_SKOS}prefLabel>", zh(label))
        if i >= len(_SECTORS):
            w.q(node, f"<{_SKOS}broader>", iri(f"{p}_sec{(i - len(_SECTORS)) % len(_SECTORS)}"))
        sectors.append(local)
    st.sectors = plan.sectors

    indicators = []
    for key, label, *_ in _INDICATORS:
        node = iri(f"{p}_ind_{key}")
        sent = w.sentence(f"统计口径：{label}。")
        w.entity(node, "Indicator", label, sent)
        w.q(node, f"<{_SKOS}inScheme>", eco("IndicatorScheme"))
        w.q(node, f"<{_SKOS}prefLabel>", zh(label))
        indicators.append(node)

    districts: list[str] = []
    govs: list[str] = []
    for d in range(plan.districts):
        local = f"{p}_d{d}"
        label = f"{_name(rng, _SYL, 2)}{d}区"
        sent = w.sentence(f"{label}位于合成市。")
        w.entity(iri(local), "District", label, sent)
        w.relation(iri(local), "partOf", city, sent, local, city_local)
        gl = f"{p}_gov_d{d}"
        sent = w.sentence(f"{label}人民政府负责本区经济工作。")
        w.entity(iri(gl), "GovernmentBody", f"{label}人民政府", sent)
        w.relation(iri(gl), "locatedIn", iri(local), sent, gl, local)
        w.relation(iri(gl), "subOrganizationOf", gov_city, sent, gl, f"{p}_gov_city")
        districts.append(local)
        govs.append(gl)
    st.districts = plan.districts

    parks: list[str] = []
    park_district: list[int] = []
    for k in range(plan.parks):
        local = f"{p}_park{k}"
        d = k % plan.districts
        label = f"{_name(rng, _SYL, 2)}{k}产业园"
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
        label = f"“{_name(rng, _FIRM, 2)}”专项行动计划{k}"
        sent = w.sentence(f"实施{label}，扶持重点企业。")
        w.entity(iri(local), "Programme", label, sent)
        gov = govs[k % len(govs)] if k % 3 else f"{p}_gov_city"
        w.relation(iri(local), "issuedBy", iri(gov), sent, local, gov)
        sec = sectors[rng.randrange(len(sectors))]
        w.relation(iri(local), "targetsSector", iri(sec), sent, local, sec)
        w.q(iri(local), eco("launchedOn"), typed(f"{rng.choice(list(_YEARS))}-03-01", "date"))
        programmes.append(local)
    st.programmes = plan.programmes

    # Figures: a few indicators per district (and per 5th park), per year.
    obs = 0
    areas = [(d, i) for i, d in enumerate(districts)] + [(pk, i) for i, pk in enumerate(parks) if i % 5 == 0]
    for area, _i in areas:
        base = rng.uniform(100, 3000)
        for year in _YEARS:
            for key, label, unit, mult, measure in rng.sample(_INDICATORS, 3):
                value = round(base * rng.uniform(0.8, 1.3), 1) if unit == "unitCNY" else round(rng.uniform(1, 60), 1)
                if unit in ("unitCount", "unitPerson"):
                    value = int(value * 10)
                reported = f"{value}{'亿元' if unit == 'unitCNY' else ('%' if unit == 'unitPercent' else '')}"
                sent = w.sentence(f"{year}年，{area}{label}{reported}。")
                node = iri(f"obs/{w.graph_id()}/f{obs}")
                w.q(node, TYPE, eco("Observation"))
                w.q(node, eco("indicator"), iri(f"{p}_ind_{key}"))
                w.q(node, eco("refArea"), iri(area))
                w.q(node, eco("measure"), eco(measure))
                w.q(node, eco("status"), eco("Actual"))
                w.q(node, eco("value"), typed(value, "decimal"))
                w.q(node, eco("multiplier"), typed(mult, "decimal"))
                w.q(
                    node,
                    eco("valueNormalized"),
                    typed(value * mult if isinstance(value, int) else f"{value * mult:.1f}", "decimal"),
                )
                w.q(node, eco("unit"), eco(unit))
                w.q(node, eco("reportedValue"), zh(reported))
                w.q(node, eco("year"), typed(year, "integer"))
                w.q(node, DERIVED, sent)
                obs += 1
    st.observations = obs

    # Companies, with institutes and people interleaved, until the size is reached.
    c = 0
    person = 0
    post = 0
    inst = 0
    while st.triples < plan.size or c < 3:
        local = f"{p}_c{c}"
        node = iri(local)
        pk = rng.randrange(len(parks)) if rng.random() < 0.7 else None
        d = park_district[pk] if pk is not None else rng.randrange(len(districts))
        name = f"宁波{_name(rng, _SYL, 1)}{_name(rng, _FIRM, 2)}{rng.choice(_FORM)}"
        year = rng.randint(1985, 2024)
        sec = sectors[min(len(sectors) - 1, int(len(sectors) * rng.random() ** 2))]
        sent = w.sentence(f"{name}成立于{year}年，位于{'园区' if pk is not None else '城区'}，主营{sec}。")
        w.entity(node, "Company", name, sent)
        if c % 7 == 0:
            w.q(node, ALT, zh(name.replace("宁波", "").split("有限")[0]))
        w.q(node, eco("foundedOn"), typed(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "date"))
        place = parks[pk] if pk is not None else districts[d]
        w.relation(node, "locatedIn", iri(place), sent, local, place)
        w.relation(node, "inSector", iri(sec), sent, local, sec)
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
            _person(w, rng, person, post, node, local, year)
            person += 1
            post += 1
        if c % 150 == 0:
            _institute(w, rng, inst, parks, c)
            inst += 1
        c += 1
    st.companies = c
    st.people = person
    st.institutes = inst


def _person(w: _Writer, rng: random.Random, k: int, post_no: int, org: str, org_local: str, year: int) -> None:
    p = w.prefix
    name = _name(rng, _SURNAME, 1) + _name(rng, _GIVEN, rng.randint(1, 2))
    title = rng.choice(_TITLES[:2])
    as_of = max(year, 2015) + rng.randint(0, 3)
    sent = w.sentence(f"{title}{name}表示，企业将加大研发投入。")
    node = iri(f"{p}_person{k}")
    w.entity(node, "Person", name, sent)
    pn = iri(f"post/{p}_{post_no}")
    w.q(pn, TYPE, eco("Post"))
    w.q(pn, eco("holder"), node)
    w.q(pn, eco("postIn"), org)
    w.q(pn, eco("postTitle"), zh(title))
    w.q(pn, eco("asOf"), typed(f"{as_of}-06-01", "date"))
    w.q(pn, eco("year"), typed(as_of, "integer"))
    w.q(pn, DERIVED, sent)
    w.stats.classes["Post"] = w.stats.classes.get("Post", 0) + 1


def _institute(w: _Writer, rng: random.Random, k: int, parks: list[str], upto: int) -> None:
    p = w.prefix
    local = f"{p}_inst{k}"
    label = f"合成{_name(rng, _FIRM, 2)}研究院{k}"
    sent = w.sentence(f"{label}与多家企业开展产学研合作。")
    w.entity(iri(local), "ResearchInstitute", label, sent)
    park = parks[rng.randrange(len(parks))]
    w.relation(iri(local), "locatedIn", iri(park), sent, local, park)
    for j in sorted({int(upto * rng.random() ** 1.5) for _ in range(3)}):
        w.relation(iri(local), "cooperatesWith", iri(f"{p}_c{j}"), sent, local, f"{p}_c{j}", symmetric=True)
        w.stats.partnerships += 1


def write_region(out: TextIO, size: int, seed: int = 0, ontology: bool = True) -> RegionStats:
    """Write a synthetic region of about ``size`` triples to ``out`` as N-Quads lines.

    Parameters
    ----------
    out
        A text stream; every line written is one N-Quads statement.
    size
        Target number of quads; generation stops at the first entity boundary at or past it.
    seed
        Random seed; equal ``(size, seed)`` give byte-identical output.
    ontology
        Also write the ontology into ``ekgg:ontology`` (needed for SHACL ``sh:class`` checks
        and for ``rdfs:subClassOf*`` queries).

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
    w = _Writer(out, seed, stats)
    if ontology:
        for line in _ontology_lines():
            w.buf.append(line)
            stats.triples += 1
    rng = random.Random(seed)
    _quads(w, Plan.for_size(size), rng)
    w.flush()
    return stats


def synth_to_file(path: Path, size: int, seed: int = 0, ontology: bool = True) -> RegionStats:
    """Write a region to ``path``: ``.nq`` (N-Quads), ``.trig`` (TriG) or either plus ``.gz``.

    TriG is written one quad per line (``<g> { s p o . }``), so it streams too.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> s = synth_to_file(d / "r.trig", 2000, seed=2, ontology=False)
    >>> (d / "r.trig").read_text(encoding="utf-8").count("\\n") == s.triples
    True
    """
    path = Path(path)
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    trig = name.endswith(".trig")
    tmp = path.with_name(path.name + ".part")
    raw: TextIO
    if path.name.endswith(".gz"):
        raw = io.TextIOWrapper(gzip.open(tmp, "wb", compresslevel=3), encoding="utf-8", newline="\n")  # noqa: SIM115
    else:
        raw = open(tmp, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    with raw:
        sink: TextIO = _TrigSink(raw) if trig else raw
        stats = write_region(sink, size, seed, ontology)
    tmp.replace(path)
    return stats


class _TrigSink(io.TextIOBase):
    """Turns N-Quads lines into one-quad TriG blocks (``<g> { s p o . }``)."""

    def __init__(self, raw: TextIO):
        self.raw = raw

    def write(self, text: str) -> int:  # type: ignore[override]
        out = []
        for line in text.splitlines():
            body, g = line[:-2].rsplit(" ", 1)
            out.append(f"{g} {{ {body} . }}\n")
        self.raw.write("".join(out))
        return len(text)
