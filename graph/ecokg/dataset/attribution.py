"""Speakers and bylines (``data/attribution.yaml``) as triples in each article's graph.

*Speakers.* On a commentary page each statement belongs to the person whose name line follows
(or precedes) it; an article quoting someone (``孙黎明说``) does the same for the quoted passage.
``speakers:`` gives, per article, the passage (``from`` … ``to``: two quotes, the passage runs from
the start of the first to the end of the second), the person and the post they spoke in (person and
org of one of the article's posts), and the quote of the name line. Every stated relation and every
figure of that article whose quote lies inside the passage gets ``eco:statedBy`` (the person) and
``eco:speakerPost`` (the post). Nothing is typed per fact: the passage decides.

*Bylines.* ``bylines:`` gives each person credited on an article, their role (reporter,
reporting_group, graphics, photos) and the quote of the credit; the article gets an ``eco:Byline`` and
the person (or, for photographs, the body) ``eco:authorOf`` the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Dataset, Literal
from rdflib.namespace import PROV

from ecokg.dataset import iris
from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.model import Facts
from ecokg.inputs.sources import Span
from ecokg.inputs.yamlio import load as load_yaml
from ecokg.namespaces import ECO, ID, SOURCE, SOURCES_GRAPH

FILE = "data/attribution.yaml"
ROLES = {
    "reporter": ECO.RoleReporter,
    "reporting_group": ECO.RoleReportingGroup,
    "graphics": ECO.RoleGraphics,
    "photos": ECO.RolePhotos,
}
CREDITED = {"Person", "GovernmentBody", "Company", "Association"}  # photographs may come from a body


@dataclass(frozen=True)
class Passage:
    source: str
    person: str
    post: str  # post id
    start: int
    end: int
    name_line: Span


def _sentence(ds: Dataset, sid: str, span: Span):
    node = iris.sentence(sid, span.start, span.end)
    meta = ds.graph(SOURCES_GRAPH)
    if (node, RDF.type, ECO.Sentence) not in meta:
        meta.add((node, RDF.type, ECO.Sentence))
        meta.add((node, ECO.text, Literal(span.text, lang="zh")))
        meta.add((node, ECO.inSource, SOURCE[sid]))
        meta.add((node, ECO.startOffset, Literal(span.start)))
        meta.add((node, ECO.endOffset, Literal(span.end)))
        meta.add((node, ECO.lineNumber, Literal(span.line)))
        meta.add((node, ECO.sentenceNumber, Literal(span.sentence)))
    return node


def _load(root: Path) -> dict:
    path = root / FILE
    if not path.exists():
        return {}
    return load_yaml(path, FILE)  # strict: plain strings, file:line errors, bounded aliases


def passages(facts: Facts, root: Path) -> list[Passage]:
    """The speakers' passages; raise :class:`InputErrors` on an unknown id or a missing quote."""
    data = _load(root)
    errors: list[str] = []
    out: list[Passage] = []
    for i, item in enumerate(data.get("speakers", [])):
        sid = item["source"]
        src = facts.sources.get(sid)
        if src is None:
            errors.append(f"speakers[{i}]: unknown source {sid!r}")
            continue
        a, b, name = (src.text.find(item[k]) for k in ("from", "to", "quote"))
        cands = [
            p for p in facts.posts
            if (p.source, p.person, p.org) == (sid, item["person"], item["org"]) and item.get("title", p.title) == p.title
        ]  # fmt: skip
        post = cands[0] if len(cands) == 1 else None
        if a is None or b is None or name is None:
            errors.append(f"speakers[{i}] ({item['person']}): a quote is not in {sid}")
        elif post is None:
            errors.append(f"speakers[{i}]: not exactly one post of {item['person']} in {item['org']} in {sid}")
        elif b.end <= a.start:
            errors.append(f"speakers[{i}] ({item['person']}): 'to' comes before 'from'")
        else:
            out.append(Passage(sid, item["person"], post.id, a.start, b.end, name))
    if errors:
        raise InputErrors([InputError(FILE, 0, e) for e in errors])
    return out


def add_attribution(ds: Dataset, facts: Facts, root: Path) -> None:
    """Write speakers (on statements and figures) and bylines into the articles' graphs."""
    data = _load(root)
    found = passages(facts, root)

    def speaker(sid: str, span: Span) -> Passage | None:
        hits = [p for p in found if p.source == sid and p.start <= span.start and span.end <= p.end]
        return min(hits, key=lambda p: p.end - p.start) if hits else None  # the innermost passage

    for rel in facts.relations:
        p = speaker(rel.source, rel.span)
        if p:
            st = ID[f"stmt/{rel.source}/{rel.s}--{rel.p}--{rel.o}"]
            g = ds.graph(iris.source_graph(rel.source))
            g.add((st, ECO.statedBy, ID[p.person]))
            g.add((st, ECO.speakerPost, ID[f"post/{p.post}"]))
    for fig in facts.figures:
        p = speaker(fig.source, fig.span)
        if p:
            obs = ID[f"obs/{fig.source}/{fig.id}"]
            g = ds.graph(iris.source_graph(fig.source))
            g.add((obs, ECO.statedBy, ID[p.person]))
            g.add((obs, ECO.speakerPost, ID[f"post/{p.post}"]))
    errors: list[str] = []
    for i, item in enumerate(data.get("bylines", [])):
        sid, person, role = item["source"], item["person"], item["role"]
        src = facts.sources.get(sid)
        ent = facts.entities.get(person)
        span = src.text.find(item["quote"]) if src else None
        if span is None or ent is None or ent.type not in CREDITED or role not in ROLES:
            errors.append(f"bylines[{i}]: bad source, person, role or quote: {person} {role} {sid}")
            continue
        if not any(m.source == sid for m in ent.mentions):
            errors.append(f"bylines[{i}]: {person} is not mentioned in {sid}'s facts")
            continue
        g = ds.graph(iris.source_graph(sid))
        node = ID[f"byline/{sid}/{person}"]
        g.add((SOURCE[sid], ECO.byline, node))
        g.add((node, RDF.type, ECO.Byline))
        g.add((node, ECO.contributor, ID[person]))
        g.add((node, ECO.contributorRole, ROLES[role]))
        g.add((node, PROV.wasDerivedFrom, _sentence(ds, sid, span)))
        g.add((ID[person], ECO.authorOf, SOURCE[sid]))
    if errors:
        raise InputErrors([InputError(FILE, 0, e) for e in errors])
