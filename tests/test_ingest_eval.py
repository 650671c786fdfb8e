"""Scoring on a hand-built proposal with hand-checked counts, and ecokg eval-ingest at a small size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ecokg.cli.main import main
from ecokg.ingest.extract import EntityProposal, FigureProposal, Proposal
from ecokg.ingest.knowledge import Knowledge
from ecokg.ingest.relations import RelationMatch
from ecokg.ingest.scoring import Tally, score
from ecokg.ingest.spans import Doc, flatten

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SID = "2020-03-haishu-five-industries"


def test_scoring_counts_hand_checked(facts) -> None:
    doc = Doc(facts.sources[SID].text.text)
    kb = Knowledge.from_facts(facts, [s for s in facts.sources if s != SID])
    ents = [
        EntityProposal("haishu", "District", "", ["海曙"], 0, 1.0, "crf", ("haishu", "海曙")),  # right, linked
        EntityProposal("new_x", "Company", "帅特龙", ["帅特龙"], 0, 0.5, "crf", None),  # right, a new entity
        EntityProposal("new_y", "Person", "区经信局", ["区经信局"], 0, 0.5, "crf", None),  # found, wrong group
        EntityProposal("new_z", "Company", "不存在公司", ["不存在公司"], 0, 0.5, "crf", None),  # not in the article
    ]
    gold_rel = next(r for r in facts.relations if r.source == SID and r.p == "broughtInBy")
    rels = [
        RelationMatch(gold_rel.s, gold_rel.p, gold_rel.o, 0, 1, 0.5, "rule"),
        RelationMatch("haishu", "broughtInBy", "new_x", 0, 1, 0.5, "rule"),
    ]
    gf = next(f for f in facts.figures if f.source == SID and f.unit == "CNY" and f.year is not None)
    i = doc.flat.find(flatten(gf.span.text))
    fields = {
        "value": str(gf.value), "unit": "CNY", "multiplier": str(gf.multiplier), "status": gf.status,
        "year": str(gf.year.year + 1), "measure": gf.measure,
    }  # fmt: skip
    figs = [FigureProposal(fields, i, i + 1, 0.5)]
    tally = Tally()
    score(facts, SID, Proposal(doc, [], [], ents, rels, [], figs), kb, tally)
    c = tally.counts
    assert (c["entity:all"]["pred"], c["entity:all"]["tp"]) == (4, 2)
    assert (c["entity:org"]["pred"], c["entity:org"]["tp"]) == (2, 1)  # 帅特龙 right, 不存在公司 wrong
    assert (c["entity:person"]["pred"], c["entity:person"]["tp"]) == (1, 0)  # 区经信局 is no person
    # linking, over found mentions of entities other articles name: haishu right, 区经信局 left unlinked
    assert "haishu_economy_bureau" in kb.entities and "shuaitelong" not in kb.entities
    assert (c["link:known"]["gold"], c["link:known"]["tp"]) == (2, 1)
    assert (c["relation:all"]["pred"], c["relation:all"]["tp"]) == (2, 1)
    assert (c["figure:value+unit"]["pred"], c["figure:value+unit"]["tp"]) == (1, 1)
    assert (c["figure:year"]["tp"], c["figure:status"]["tp"]) == (0, 1)


@pytest.mark.slow
def test_eval_ingest_writes_the_page_from_measured_figures(project_copy: Path, tmp_path: Path, capsys) -> None:
    page, data = tmp_path / "extraction.md", tmp_path / "extraction.json"
    args = ["--project", str(project_copy), "eval-ingest", "--only", SID, "--iterations", "10", "--output", str(page)]
    args += ["--json", str(data), "--text", str(FIXTURES / "haishu-smart-factory-2024.txt")]
    args += ["--gold", str(FIXTURES / "haishu-smart-factory-2024.gold.yaml"), "--date", "2024", "--area", "haishu"]
    assert main(args) == 0
    report = json.loads(data.read_text(encoding="utf-8"))
    text = page.read_text(encoding="utf-8")
    assert report["held_out"] == [SID]
    org = report["scores"]["entity:org"]
    assert (
        f"| organisations | {org['p']:.2f} | {org['r']:.2f} | {org['f1']:.2f} | {org['gold']} | {org['pred']} |" in text
    )
    link = report["scores"]["link:known"]
    assert f"{link['accuracy']:.2f} ({link['tp']} of {link['gold']})" in text
    assert report["extra"]["source"] == "haishu-smart-factory-2024"
    assert report["extra"]["scores"]["entity:all"]["gold"] == 16  # the gold file's 16 entities
    assert "## Another annotated article: haishu-smart-factory-2024" in text
    assert (project_copy / "data" / "sources" / "haishu-smart-factory-2024.txt").exists() is False
