"""``ecokg eval-ingest``: leave-one-article-out evaluation, published as docs/extraction.md.

For each curated article: the gazetteer and the CRF are built from the *other* articles only,
the article is extracted, and the proposal is scored against its curated facts
(:mod:`ecokg.ingest.scoring`).  Another annotated article (text + gold fact file) can be scored
too, with a model trained on every curated article.  Every figure on the page is measured by
this run; the targets are the issue's, printed beside them.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from ecokg.ingest.extract import extract, train
from ecokg.ingest.scoring import Tally, prf, score
from ecokg.inputs.dates import When
from ecokg.project import Project

TARGETS = {
    "entity:org": 0.85, "entity:place": 0.85, "entity:person": 0.85, "entity:*": 0.70,
    "link:known": 0.95, "relation:all": 0.50, "figure:value+unit": 0.90, "figure:status": 0.90,
    "figure:year": 0.85, "seconds": 10.0,
}  # fmt: skip


def _curated(root: Path, facts) -> list[str]:
    return sorted(s for s in facts.sources if (root / "data" / "facts" / f"{s}.yaml").is_file())


def evaluate(
    root: Path,
    iterations: int = 80,
    only: list[str] | None = None,
    extra: tuple[Path, Path, When | None, str | None] | None = None,
) -> dict[str, Any]:
    """Run the evaluation; return the measured figures (see :func:`write_page`)."""
    from ecokg.dataset.pipeline import load_inputs

    facts = load_inputs(root)
    sids = _curated(root, facts)
    held_out = [s for s in sids if not only or s in only]
    tally = Tally()
    timings: dict[str, float] = {}
    for held in held_out:
        t0, c0 = time.perf_counter(), time.process_time()
        model = train(facts, [s for s in sids if s != held], iterations)
        proposal = extract(
            facts.sources[held].text.text, model, facts.sources[held].area, facts.sources[held].date.year
        )
        timings[held] = round(time.perf_counter() - t0, 2)
        timings[held + " (cpu)"] = round(time.process_time() - c0, 2)
        score(facts, held, proposal, model.kb, tally)
    extra_report = None
    if extra is not None:
        extra_report = _score_extra(root, facts, sids, extra, iterations)
    return _report(tally, held_out, timings, iterations, extra_report)


def _score_extra(root: Path, facts, sids: list[str], extra, iterations: int) -> dict[str, Any]:
    """Score an annotated article that is not curated: register it in a scratch copy, load its gold."""
    from ecokg.dataset.pipeline import load_inputs
    from ecokg.ingest.register import register
    from ecokg.inputs.errors import InputError, InputErrors
    from ecokg.inputs.yamlio import load

    text_path, gold_path, date, area = extra
    gold_doc = load(gold_path)
    sid = gold_doc.get("source") if hasattr(gold_doc, "get") else None
    if not isinstance(sid, str):
        raise InputErrors([InputError(str(gold_path), 1, "a gold fact file needs `source: <source-id>`")])
    with tempfile.TemporaryDirectory(prefix="ecokg-eval-") as tmp:
        scratch = Project.of(root).copy_inputs(Path(tmp)).root
        register(scratch, text_path, sid, area or "ningbo", date)
        shutil.copy(gold_path, scratch / "data" / "facts" / f"{sid}.yaml")
        gold = load_inputs(scratch)
    model = train(facts, sids, iterations)
    proposal = extract(gold.sources[sid].text.text, model, gold.sources[sid].area, gold.sources[sid].date.year)
    tally = Tally()
    score(gold, sid, proposal, model.kb, tally)
    return {"source": sid, "scores": _scores(tally), "misses": tally.misses[:20]}


def _scores(tally: Tally) -> dict[str, dict[str, float | int]]:
    out = {}
    for key in sorted(tally.counts):
        c = tally.counts[key]
        out[key] = prf(c["tp"], c["pred"], c["gold"], c["tp_gold"]) if c["pred"] or c["gold"] else {}
        if key == "link:homonym":
            out[key] = {"wrong": c["wrong"]}
        if key == "link:known":
            out[key] = {
                "tp": c["tp"],
                "gold": c["gold"],
                "accuracy": round(c["tp"] / c["gold"], 4) if c["gold"] else 0.0,
            }
    out.setdefault("link:homonym", {"wrong": 0})
    return out


def _report(tally: Tally, held: list[str], timings: dict[str, float], iterations: int, extra) -> dict[str, Any]:
    scores = _scores(tally)
    slowest = max((v for k, v in timings.items() if not k.endswith("(cpu)")), default=0.0)
    lines = [
        f"{k}: F1 {v['f1']:.2f} (P {v['p']:.2f} R {v['r']:.2f})"
        for k, v in scores.items()
        if "f1" in v and k.endswith(":all")
    ]
    lines.append(f"linking accuracy on known entities: {scores.get('link:known', {}).get('accuracy', 0):.2f}")
    return {
        "held_out": held,
        "iterations": iterations,
        "scores": scores,
        "timings": timings,
        "slowest_seconds": slowest,
        "misses": tally.misses,
        "extra": extra,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "summary_lines": lines,
    }


def write_page(report: dict[str, Any], out: Path, json_out: Path | None = None) -> None:
    """Write docs/extraction.md (and the figures as JSON) from a report of :func:`evaluate`."""
    from ecokg.ingest.report import render

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(report, TARGETS), encoding="utf-8")
    if json_out is not None:
        json_out.write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
