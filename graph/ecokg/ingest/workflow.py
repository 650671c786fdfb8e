"""``ecokg ingest``: register an article, propose its facts, write data/candidates/<id>.yaml.

The model is trained on every curated article, the text is extracted (and, when asked, a local
LLM proposes more), every candidate whose quote does not occur verbatim in the text is
dropped, and the candidates file is written.  Re-running on the same text changes nothing: the
keys are stable, and decisions already taken in the file are kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecokg.ingest import candidates as cfile
from ecokg.ingest.extract import Proposal, extract, train
from ecokg.ingest.spans import Doc, flatten
from ecokg.inputs.dates import When
from ecokg.inputs.errors import InputError, InputErrors
from ecokg.inputs.yamlio import read_text

_QUOTE_MAX = 90


def _quote(doc: Doc, start: int, end: int) -> str:
    """The sentence around ``[start, end)``; a long one is cut to the clause (flat text, verbatim)."""
    s0, s1 = doc.sentence_of(start)
    if s1 - s0 <= _QUOTE_MAX:
        return doc.flat[s0:s1]
    cs = max(doc.flat.rfind(p, s0, start) for p in "，,；;：:") + 1
    cs = max(cs, s0)
    ends = [i + 1 for i in (doc.flat.find(p, end, s1) for p in "，,；;。") if i >= 0]
    return doc.flat[cs : min(ends) if ends else s1]


def _key(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def _resolves(expr: str, article: When) -> bool:
    """Whether a printed date resolves against the article's date (昨天 needs a day-precise article)."""
    from ecokg.inputs.dates import DateError, resolve

    try:
        resolve(expr, article)
    except DateError:
        return False
    return True


def to_doc(p: Proposal, sid: str, kb, article_date: When | None = None) -> dict[str, Any]:
    """The candidates document of a proposal (fact format + review fields)."""
    doc = p.doc
    ents = []
    for e in p.entities:
        ms = [m for m in p.mentions if m.ref == e.ref]
        start, end = (ms[0].start, ms[0].end) if ms else (0, 1)
        item: dict[str, Any] = {"key": f"e-{e.ref}", "decision": "pending", "id": e.ref}
        if e.link:
            k = kb.entities[e.link[0]]
            item.update(type=k.type, label=k.label)
            alt = [n for n in e.names if n != flatten(k.label)]
        else:
            item.update(type=e.type, label=e.label)
            alt = [n for n in e.names if n != e.label]
        if alt:
            item["alt"] = alt
        item["quote"] = _quote(doc, start, end)
        item["mention"] = doc.flat[start:end] if ms else (e.names[0] if e.names else "")
        item["confidence"] = f"{e.confidence:.2f}"
        item["method"] = e.method
        item["link"] = {"id": e.link[0], "alias": e.link[1]} if e.link else "new"
        ents.append(item)
    rels = []
    for r in p.relations:
        item = {"key": "r-" + _key(r.s, r.p, r.o), "decision": "pending", "s": r.s, "p": r.p, "o": r.o}
        if r.date and article_date is not None and _resolves(r.date, article_date):
            item["date"] = r.date
        item.update(quote=doc.flat[r.start : r.end], confidence=f"{r.confidence:.2f}", method=r.method)
        rels.append(item)
    posts = [
        {"key": "p-" + _key(x.person, x.title, x.org), "decision": "pending", "person": x.person, "title": x.title,
         "org": x.org, "quote": doc.flat[x.start : x.end], "confidence": f"{x.confidence:.2f}", "method": "rule:post"}
        for x in p.posts
    ]  # fmt: skip
    figs = []
    for f in p.figures:
        item = {"key": "f-" + _key(str(f.start), f.fields["reported"], f.fields["value"]), "decision": "pending"}
        item.update(f.fields)
        item.update(quote=doc.flat[f.start : f.end], confidence=f"{f.confidence:.2f}", method="rule:figure")
        figs.append(item)
    out: dict[str, Any] = {"source": sid}
    for name, items in (("entities", ents), ("relations", rels), ("posts", posts), ("figures", figs)):
        out[name] = list({it["key"]: it for it in reversed(items)}.values())[::-1]  # first of each key, in order
    return out


def verbatim_only(doc_text: str, cand: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Drop every candidate whose quote does not occur in the text (whitespace ignored); count them."""
    flat = flatten(doc_text)
    dropped = 0
    for sec in cfile.SECTIONS:
        keep = []
        for it in cand.get(sec, []):
            q = flatten(str(it.get("quote", "")))
            if q and q in flat:
                keep.append(it)
            else:
                dropped += 1
        cand[sec] = keep
    return cand, dropped


@dataclass
class IngestResult:
    path: Path
    counts: dict[str, int]
    dropped: int
    changed: bool
    date: When
    area: str


def ingest(
    root: Path,
    article: Path,
    sid: str,
    date: When | None = None,
    area: str | None = None,
    title: str | None = None,
    llm: str | None = None,
    llm_model: str = "local",
) -> IngestResult:
    """Register ``article`` as ``sid`` and write ``data/candidates/<sid>.yaml``."""
    from ecokg.dataset.pipeline import load_inputs
    from ecokg.ingest.register import register

    text = read_text(article) if article.is_file() else None
    if text is None:
        raise InputErrors([InputError(str(article), 1, "no such file")])
    if not text.strip():
        raise InputErrors([InputError(str(article), 1, "the article is empty")])
    facts = load_inputs(root)
    if area is not None and area not in facts.entities:
        from difflib import get_close_matches

        hint = get_close_matches(area, sorted(facts.entities), n=1)
        raise InputErrors(
            [InputError("--area", 1, f"unknown entity {area!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""))]
        )
    if sid in facts.sources and facts.sources[sid].text.text != text:
        raise InputErrors(
            [
                InputError(
                    "data/sources/sources.yaml",
                    facts.sources[sid].registry_line,
                    f"source id {sid!r} exists with another text",
                )
            ]
        )
    inferred = date is None and sid not in facts.sources
    if inferred:
        from ecokg.ingest.register import infer_date

        try:
            date, _ = infer_date(text)  # fail early, before training; register() records how
        except ValueError as exc:
            raise InputErrors([InputError(str(article), 1, str(exc))]) from None
    curated = sorted(s for s in facts.sources if (root / "data" / "facts" / f"{s}.yaml").is_file() and s != sid)
    model = train(facts, curated)
    if area is None and sid in facts.sources:
        area = facts.sources[sid].area
    year = date.year if date else (facts.sources[sid].date.year if sid in facts.sources else None)
    proposal = extract(text, model, area, year)
    area = area or proposal.area
    if area is None:
        raise InputErrors([InputError(str(article), 1, "cannot tell the article's area; give --area ENTITY-ID")])
    cand = to_doc(proposal, sid, model.kb, date or (facts.sources[sid].date if sid in facts.sources else None))
    if llm:
        from ecokg.ingest.llm import propose

        cand = propose(llm, llm_model, text, cand)
    cand, dropped = verbatim_only(text, cand)
    reg = register(root, article, sid, area, date, title, proposal.reporters, inferred)
    path = root / "data" / "candidates" / f"{sid}.yaml"
    changed = True
    if path.is_file():
        old = cfile.read(path, f"data/candidates/{sid}.yaml")
        decided = {it["key"]: it for _, it in cfile.items(old) if it.get("decision") != "pending"}
        for sec in cfile.SECTIONS:
            cand[sec] = [decided.get(it["key"], it) for it in cand[sec]]
        changed = cfile.dumps(cand) != path.read_text(encoding="utf-8")
    if changed:
        cfile.write(path, cand)
    counts = {sec: len(cand[sec]) for sec in cfile.SECTIONS}
    return IngestResult(path, counts, dropped, changed, reg.date, area)
