"""From an article's text to proposed facts: mentions, links, relations, posts, figures.

:func:`train` learns a model from some curated articles (the gazetteer of their names and the
CRF); :func:`extract` runs it on a text and returns a :class:`Proposal`, everything it proposes
carrying its sentence, its confidence and the method that proposed it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from ecokg.ingest.figures import read_figures
from ecokg.ingest.gazetteer import Gazetteer
from ecokg.ingest.knowledge import Knowledge, Mention, class_for, gold_entities
from ecokg.ingest.ner import Tagger, lac_words
from ecokg.ingest.relations import PostMatch, RelationMatch, implicit_locations, posts, relations
from ecokg.ingest.spans import Doc, project

_CREDIT = re.compile(r"(?:记者|通讯员|摄影|摄|制图)\s*([\u4e00-\u9fff]{2,3})(?=[\s）)]|$)")
_IND_TAIL = re.compile(
    r"(?:同比|比上年)?(?:增长|增加|提高|下降)?(?:约|超过|超|突破|达到|达|为|近|逾|共|累计|新增|有|了)*$"
)
_IND_VERB = re.compile(r"实现|达到|完成|共有|拥有|累计|其中|全年|突破|超过|已|建立|引进|培育|新建|整治提升|推进|打造")


GAZ_MIN = 2  # shortest curated name proposed on a gazetteer match alone
_LAC_GROUP = {"PER": "person", "ORG": "org"}


@dataclass
class Model:
    """What :func:`extract` needs: the gazetteer, the CRF, and the areas' parent (district -> city)."""

    kb: Knowledge
    gazetteer: Gazetteer
    tagger: Tagger
    parents: dict[str, str] = field(default_factory=dict)


def train(facts, sources: list[str] | None = None, iterations: int = 80) -> Model:
    """Train on ``sources`` (default: every curated article) of a :class:`~ecokg.inputs.records.Facts`."""
    sources = sorted(facts.sources) if sources is None else sorted(sources)
    examples = []
    for sid in sources:
        doc = Doc(facts.sources[sid].text.text)
        others = [s for s in sources if s != sid]
        examples.append((doc, project(doc, gold_entities(facts, sid)), Gazetteer(Knowledge.from_facts(facts, others))))
    kb = Knowledge.from_facts(facts, sources)
    parents = {r.s: r.o for r in facts.relations if r.p == "partOf" and r.s in kb.entities and r.o in kb.entities}
    return Model(kb, Gazetteer(kb), Tagger.train(examples, iterations), parents)


@dataclass
class EntityProposal:
    ref: str
    type: str
    label: str
    names: list[str]
    start: int
    confidence: float
    method: str
    link: tuple[str, str] | None  # (curated id, alias that matched); None: a proposed new entity


@dataclass
class FigureProposal:
    fields: dict[str, str]
    start: int
    end: int
    confidence: float


@dataclass
class Proposal:
    doc: Doc
    reporters: list[str]
    mentions: list[Mention]
    entities: list[EntityProposal]
    relations: list[RelationMatch]
    posts: list[PostMatch]
    figures: list[FigureProposal]
    area: str | None = None


def new_id(label: str) -> str:
    """A stable ASCII id for a proposed entity (the reviewer may rename it).

    >>> new_id("宁波某某新材料有限公司")
    'new_f485ecd4f7'
    """
    return "new_" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:10]


def byline_names(line: str) -> list[str]:
    """The names of a byline (a line of 2-3 character names; 李 婷 spaced out is one name).

    >>> byline_names(" 王晓明 李 婷")
    ['王晓明', '李婷']
    >>> byline_names("海曙：智能工厂跑出转型加速度")
    []
    """
    if not re.fullmatch(r"\s*(?:记者|本报记者|通讯员)?[\u4e00-\u9fff\s]{2,30}", line):
        return []
    tokens = line.replace("本报记者", " ").replace("记者", " ").replace("通讯员", " ").split()
    names: list[str] = []
    for t in tokens:
        if len(t) == 1 and names and len(names[-1]) == 1:
            names[-1] += t
        else:
            names.append(t)
    return names if len(tokens) >= 2 and all(2 <= len(n) <= 3 for n in names) else []


def bylines(doc: Doc) -> list[tuple[int, int, str]]:
    """Reporters' names: a first line of 2-3 character names, and 记者 / 摄 credits (flat offsets)."""
    out: list[tuple[int, int, str]] = []
    first = next((ln for ln in doc.raw.splitlines() if ln.strip()), "")
    names = byline_names(first)
    for name in names:
        i = doc.flat.find(name)
        if i >= 0:
            out.append((i, i + len(name), name))
    for m in _CREDIT.finditer(doc.flat):
        if not any(s == m.start(1) for s, _, _ in out):
            out.append((m.start(1), m.end(1), m.group(1)))
    return sorted(out)


def _mentions(doc: Doc, model: Model) -> tuple[list[Mention], list[str]]:
    gz = model.gazetteer
    hits = {(h.start, h.end): h for h in gz.match(doc.flat)}
    credits = bylines(doc)
    reporters = [n for _, _, n in credits]
    out: list[Mention] = [Mention(s, e, n, "person", "Person", "", False, 0.9, "byline") for s, e, n in credits]
    taken = [(s, e) for s, e, _ in credits]
    for t in model.tagger.tag(doc, gz):
        if t.end - t.start < 2 or any(s < t.end and t.start < e for s, e in taken):
            continue
        out.append(Mention(t.start, t.end, doc.flat[t.start : t.end], t.group, "", "", False, t.confidence, "crf"))
        taken.append((t.start, t.end))
    # a name LAC tags PER / ORG / LOC that the CRF passed over is proposed too (lower confidence)
    for s0, s1 in doc.sentences:
        pos = s0
        for word, tag in lac_words(doc.flat[s0:s1]):
            start, end = pos, pos + len(word)
            pos = end
            if tag in _LAC_GROUP and len(word) >= 2 and not any(s < end and start < e for s, e in taken):
                out.append(Mention(start, end, word, _LAC_GROUP[tag], "", "", False, 0.3, "lac"))
                taken.append((start, end))
    # a curated name the CRF passed over is still proposed (the gazetteer alone, lower confidence)
    for h in hits.values():
        if h.ids and h.end - h.start >= GAZ_MIN and not any(s < h.end and h.start < e for s, e in taken):
            out.append(Mention(h.start, h.end, h.name, h.group, "", "", False, 0.3, "gazetteer"))
    linked: list[Mention] = []
    for m in sorted(out, key=lambda m: m.start):
        link = gz.link(m.surface, m.group)
        if link is not None:
            k = model.kb.entities[link[0]]
            linked.append(Mention(m.start, m.end, m.surface, k.group, k.type, k.id, True, m.confidence, m.method))
            continue
        hit = hits.get((m.start, m.end))
        cls = hit.cls if hit is not None and hit.cls and not hit.ids else class_for(m.surface, m.group)
        linked.append(
            Mention(m.start, m.end, m.surface, m.group, cls, new_id(m.surface), False, m.confidence, m.method)
        )
    return linked + _nested(linked, gz, model), reporters


def _nested(mentions: list[Mention], gz: Gazetteer, model: Model) -> list[Mention]:
    """Curated entities named inside a longer name: 宁波工程学院 in 宁波工程学院翠柏校区, 镇海区 in 镇海区委."""
    out: list[Mention] = []
    for m in mentions:
        if m.method == "byline":
            continue
        for h in gz.match(m.surface):
            if h.end - h.start == len(m.surface) or h.end - h.start < 2:
                continue
            if not h.ids:  # a division name inside a name: 余姚市 in 余姚市委
                if h.group == "place" and h.end - h.start >= 3:
                    s, e = m.start + h.start, m.start + h.end
                    out.append(
                        Mention(s, e, h.name, "place", h.cls or "District", new_id(h.name), False, 0.3, "nested")
                    )
                continue
            link = gz.link(h.name, h.group)
            if link is None or link[0] == m.ref:
                continue
            k = model.kb.entities[link[0]]
            out.append(Mention(m.start + h.start, m.start + h.end, h.name, k.group, k.type, k.id, True, 0.3, "nested"))
    return out


def _entities(mentions: list[Mention]) -> list[EntityProposal]:
    by_ref: dict[str, list[Mention]] = {}
    for m in mentions:
        by_ref.setdefault(m.ref, []).append(m)
    out = []
    for ref, ms in by_ref.items():
        names = sorted({m.surface for m in ms})
        first = min(ms, key=lambda m: m.start)
        label = max(names, key=lambda n: (len(n), n)) if not first.known else ""
        link = (ref, next(m.surface for m in ms if m.known)) if first.known else None
        methods = "+".join(sorted({m.method for m in ms}))
        out.append(
            EntityProposal(ref, first.cls, label, names, first.start, max(m.confidence for m in ms), methods, link)
        )
    return sorted(out, key=lambda e: (e.start, e.ref))


def _indicator(clause_before: str, after: str = "") -> str | None:
    """The indicator's name: the words before the number, verbs and qualifiers cut; else the words
    right after the number (23个数字经济产业项目).

    >>> _indicator("全区大健康产业收入约"), _indicator("全区各类人才总量超"), _indicator("", "数字经济产业项目集中签约")
    ('全区大健康产业收入', '全区各类人才总量', '数字经济产业项目')
    """
    name = _IND_TAIL.sub("", clause_before)
    name = _IND_VERB.split(name)[-1]
    name = re.sub(r"^[\W\d]+|[\W\d]+$", "", name)
    if len(name) < 2:
        name = re.split(r"[，。；、,;]|集中|正式|落地|签约|成功|实现", after)[0]
        name = re.sub(r"^[\W\d]+|[\W\d]+$", "", name)
    return name[-10:] if len(name) >= 2 else None


_FYP_END = {"14th-FYP": "2025", "13th-FYP": "2020"}


def _figure_year(
    printed: str | None, status: str, period: str | None, last: str | None, sentence: str, article_year: int | None
) -> str:
    """The year of a figure: as printed; else the end of a five-year plan; else the year the text last
    named (a target only when that year is not past); else the article's year, or ``unstated`` for a
    target that names none.

    >>> _figure_year(None, "actual", None, "去年", "实现营业收入77.12亿元", 2019)
    '去年'
    >>> _figure_year(None, "target", "14th-FYP", None, "地区生产总值超2000亿元", 2024)
    '2025'
    >>> _figure_year(None, "target", None, "2018", "力争打造1至2个示范项目", 2019)
    'unstated'
    """
    if printed == "去年" and "去年以来" in sentence:
        return "今年"  # a running total since last year: as of the article
    if printed:
        return printed
    if period in _FYP_END:
        return _FYP_END[period]
    if status == "actual":
        return "今年" if re.search(r"目前|截至|当前|如今|现有|已拥有|以来", sentence) else (last or "今年")
    if re.search(r"全年|今年|年度|年内|当年|新的一年|新一年", sentence):
        return "今年"
    if last == "今年" or (last and last.isdigit() and article_year and int(last) >= article_year):
        return last
    return "unstated"


def _figures(
    doc: Doc, model: Model, mentions: list[Mention], area: str | None, article_year: int | None
) -> tuple[list, list[Mention]]:
    out: list[FigureProposal] = []
    new_ind: list[Mention] = []
    last_year: str | None = None
    for s0, s1 in doc.sentences:
        sent = doc.flat[s0:s1]
        for fm in read_figures(sent, article_year):
            fs = s0 + fm.start
            cs = s0 + max(sent.rfind(p, 0, fm.start) for p in "，,；;。：:") + 1
            inds = [m for m in mentions if m.group == "indicator" and cs <= m.start and m.end <= fs]
            inds = inds or [m for m in mentions if m.group == "indicator" and s0 <= m.start and m.end <= fs]
            ofs = [m for m in mentions if m.group in ("place", "org", "park") and s0 <= m.start and m.end <= fs]
            if inds:
                indicator = inds[-1].ref
            else:
                name = _indicator(doc.flat[cs:fs], doc.flat[s0 + fm.end : s1][:12])
                if name is None:
                    continue
                link = model.gazetteer.link(name, "indicator")
                indicator = link[0] if link else new_id(name)
                if link is None:
                    new_ind.append(
                        Mention(fs - len(name), fs, name, "indicator", "Indicator", indicator, False, 0.3, "figure")
                    )
            of = ofs[-1].ref if ofs else area
            if of is None:
                continue
            year = _figure_year(fm.year, fm.status, fm.period, last_year, sent, article_year)
            scope = fm.scope
            if fm.measure == "rank" and scope is None:
                continue
            fields = {
                "indicator": indicator, "of": of, "measure": fm.measure, "status": fm.status, "value": fm.value,
                "unit": fm.unit, "multiplier": fm.multiplier, "reported": fm.reported, "year": year,
            }  # fmt: skip
            if fm.period:
                fields["period"] = fm.period
            if scope:
                fields["scope"] = scope
            out.append(FigureProposal(fields, s0, s1, 0.5 if inds else 0.3))
        years = re.findall(r"((?:19|20)\d\d)年|(前年|去年|今年|明年)", sent)
        if years:
            last_year = next(a or b for a, b in reversed(years))
    return out, new_ind


def extract(text: str, model: Model, area: str | None = None, article_year: int | None = None) -> Proposal:
    """Propose the facts of one article (``area``: the article's own area, for 全区 / 我市 and figures;
    ``article_year``: its year, so that a figure for a later year is a target)."""
    doc = Doc(text)
    mentions, reporters = _mentions(doc, model)
    if area is None:
        places = Counter(m.ref for m in mentions if m.known and m.group == "place")
        area = places.most_common(1)[0][0] if places else None
    city = model.parents.get(area, area) if area else None
    figures, indicators = _figures(doc, model, mentions, area, article_year)
    mentions = sorted(mentions + indicators, key=lambda m: m.start)
    rels: list[RelationMatch] = []
    psts: list[PostMatch] = []
    for sent in doc.sentences:
        rels.extend(relations(doc.flat, sent, mentions, area, city))
        psts.extend(posts(doc.flat, sent, mentions))
    rels.extend(implicit_locations(mentions, {(r.s, r.p, r.o) for r in rels}, area, doc))
    ents = _entities(mentions)
    refs = {e.ref for e in ents}
    if area and area not in refs and model.kb.entities.get(area):
        k = model.kb.entities[area]
        ents.append(EntityProposal(area, k.type, "", [k.label], 0, 1.0, "article-area", (area, k.label)))
    return Proposal(doc, reporters, mentions, ents, rels, psts, figures, area)
