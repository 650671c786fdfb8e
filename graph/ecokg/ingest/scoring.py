"""Scoring a proposal against an article's curated facts: entities, links, relations, posts, figures.

Entities are scored per distinct entity of the article: a proposed entity matches a curated one
when they share a printed name (whitespace ignored), and counts for a type group when the groups
agree.  Relations are scored as (subject, property, object) after mapping proposed ids onto the
curated ones through that entity match; the recall that the targets speak of is over the curated
relations *stated within one sentence* (both ends named in the sentence of the quote).  Figures
are paired by sentence and value; value + unit, year and status are then scored on the pairs.

>>> prf(3, 4, 6)
{'tp': 3, 'tp_gold': 3, 'pred': 4, 'gold': 6, 'p': 0.75, 'r': 0.5, 'f1': 0.6}
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ecokg.ingest.extract import Proposal
from ecokg.ingest.knowledge import Knowledge, gold_entities, group_of
from ecokg.ingest.spans import Doc, flatten
from ecokg.inputs.dates import DateError, When, resolve

HOMONYMS = (
    ("镇海区", "镇海炼化"),
    ("宁波工业互联网研究院", "宁波工业互联网产业园"),
    ("翠柏里创新街区", "宁波工程学院翠柏校区"),
)
_SYMMETRIC = {"cooperatesWith", "signedWith"}


def prf(tp: int, pred: int, gold: int, tp_gold: int | None = None) -> dict[str, float | int]:
    """Precision, recall and F1 (``tp_gold``: true positives counted on the gold side, if different)."""
    tg = tp if tp_gold is None else tp_gold
    p = tp / pred if pred else 0.0
    r = tg / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "tp_gold": tg, "pred": pred, "gold": gold, "p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


@dataclass
class Tally:
    """Counts summed over articles (one per scored item kind and key)."""

    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, kind: str, key: str, **n: int) -> None:
        self.counts[f"{kind}:{key}"].update(n)


def _norm(s: str, p: str, o: str) -> tuple[str, str, str]:
    return (min(s, o), p, max(s, o)) if p in _SYMMETRIC else (s, p, o)


def _decimal(v: object) -> Decimal | None:
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


def _year(text: str | None, article: When) -> int | None:
    if text in (None, "unstated"):
        return None
    try:
        return resolve(str(text), article).year
    except DateError:
        return None


def score(facts, sid: str, proposal: Proposal, kb: Knowledge, tally: Tally) -> None:
    """Add one article's counts to ``tally`` (``kb``: what the model knew, for linking)."""
    doc: Doc = proposal.doc
    src = facts.sources[sid]
    gold = {i: v for i, v in gold_entities(facts, sid).items() if any(n in doc.flat for n in v[1])}
    name_to_gold: dict[str, str] = {}
    for gid in sorted(gold):
        for n in gold[gid][1]:
            name_to_gold.setdefault(n, gid)
    # ---- entities
    pred_to_gold: dict[str, str] = {}
    found: set[tuple[str, str]] = set()  # (gold id, group it was found as)
    for e in proposal.entities:
        names = [flatten(n) for n in e.names]
        g = e.ref if e.ref in gold else next((name_to_gold[n] for n in names if n in name_to_gold), None)
        group = group_of(e.type)
        tally.add("entity", group, pred=1, tp=int(g is not None and gold[g][0] == group))
        tally.add("entity", "all", pred=1, tp=int(g is not None and gold[g][0] == group))
        if g is not None:
            pred_to_gold[e.ref] = g
            found.add((g, group))
            # ---- linking: mentions of entities the model knew
            if g in kb.entities:
                tally.add("link", "known", gold=1, tp=int(e.ref == g))
                if e.ref != g:
                    tally.misses.append(
                        {"kind": "link", "article": sid, "what": f"{'/'.join(e.names)} -> {e.ref} (curated: {g})"}
                    )
        for a, b in HOMONYMS:
            ids = {lbl: _id_of(facts, lbl) for lbl in (a, b)}
            for this, other in ((a, b), (b, a)):
                if ids[this] and ids[other] and flatten(this) in names and e.ref == ids[other]:
                    tally.add("link", "homonym", wrong=1)
    for gid, (group, names) in sorted(gold.items()):
        hit = (gid, group) in found
        tally.add("entity", group, gold=1, tp_gold=int(hit))
        tally.add("entity", "all", gold=1, tp_gold=int(hit))
        if not hit:
            printed = sum(doc.flat.count(x) for x in names)
            tally.misses.append(
                {
                    "kind": "entity",
                    "article": sid,
                    "what": f"{'/'.join(names)} [{group}], printed {printed}×",
                    "n": printed,
                }
            )
    # ---- relations
    pred_rels = {_norm(pred_to_gold.get(r.s, r.s), r.p, pred_to_gold.get(r.o, r.o)) for r in proposal.relations}
    gold_rels, in_sentence = set(), set()
    for r in facts.relations:
        if r.source != sid:
            continue
        t = _norm(r.s, r.p, r.o)
        gold_rels.add(t)
        s0, s1 = doc.sentence_of(max(doc.flat.find(flatten(r.span.text)), 0))
        sent = doc.flat[s0:s1] + flatten(r.span.text)
        if all(any(n in sent for n in gold.get(x, ("", []))[1]) for x in (r.s, r.o)):
            in_sentence.add(t)
    for t in pred_rels:
        tally.add("relation", t[1], pred=1, tp=int(t in gold_rels))
        tally.add("relation", "all", pred=1, tp=int(t in gold_rels))
    for t in in_sentence:
        tally.add("relation", t[1], gold=1, tp_gold=int(t in pred_rels))
        tally.add("relation", "all", gold=1, tp_gold=int(t in pred_rels))
        if t not in pred_rels:
            tally.misses.append({"kind": "relation", "article": sid, "what": f"{t[0]} {t[1]} {t[2]}"})
    tally.add("relation", "any-sentence", gold=len(gold_rels), tp_gold=len(gold_rels & pred_rels))
    # ---- posts
    pred_posts = {(pred_to_gold.get(x.person, x.person), pred_to_gold.get(x.org, x.org)) for x in proposal.posts}
    gold_posts = {(x.person, x.org) for x in facts.posts if x.source == sid}
    tally.add(
        "post",
        "all",
        pred=len(pred_posts),
        tp=len(pred_posts & gold_posts),
        gold=len(gold_posts),
        tp_gold=len(pred_posts & gold_posts),
    )
    _score_figures(facts, sid, src.date, proposal, tally)


def _id_of(facts, label: str) -> str | None:
    return next((i for i, e in sorted(facts.entities.items()) if e.label == label), None)


def _score_figures(facts, sid: str, date: When, proposal: Proposal, tally: Tally) -> None:
    doc = proposal.doc
    golds = []
    for f in facts.figures:
        if f.source == sid:
            q = flatten(f.span.text)
            i = doc.flat.find(q)
            golds.append((f, i, i + len(q)))
    used: set[int] = set()
    pairs = []
    for pf in proposal.figures:
        value = _decimal(pf.fields["value"])
        best = None
        for k, (gf, gs, ge) in enumerate(golds):
            if k in used or gs < 0 or not (gs < pf.end and pf.start < ge) or value != gf.value:
                continue
            best = k
            break
        if best is not None:
            used.add(best)
            pairs.append((pf, golds[best][0]))
    vu = [
        (pf, gf) for pf, gf in pairs
        if pf.fields["unit"] == gf.unit and _decimal(pf.fields["multiplier"]) == gf.multiplier
    ]  # fmt: skip
    tally.add("figure", "value+unit", pred=len(proposal.figures), tp=len(vu), gold=len(golds), tp_gold=len(vu))
    for pf, gf in vu:
        gy = gf.year.year if gf.year else None
        tally.add(
            "figure",
            "year",
            gold=1,
            tp_gold=int(_year(pf.fields["year"], date) == gy),
            pred=1,
            tp=int(_year(pf.fields["year"], date) == gy),
        )
        tally.add(
            "figure",
            "status",
            gold=1,
            tp_gold=int(pf.fields["status"] == gf.status),
            pred=1,
            tp=int(pf.fields["status"] == gf.status),
        )
        tally.add(
            "figure",
            "measure",
            gold=1,
            tp_gold=int(pf.fields["measure"] == gf.measure),
            pred=1,
            tp=int(pf.fields["measure"] == gf.measure),
        )
    paired = {id(gf) for _, gf in vu}
    for gf, _, _ in golds:
        if id(gf) not in paired:
            tally.misses.append(
                {"kind": "figure", "article": sid, "what": f"{gf.reported} ({gf.value} {gf.unit}, {gf.status})"}
            )
