"""Speakers and bylines (data/attribution.yaml -> graph.attribution): who said which statement, who
wrote which article; both answerable through named queries."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from conftest import CHECKOUT

from ecokg.dataset.attribution import passages
from ecokg.dataset.pipeline import load_inputs
from ecokg.inputs.errors import InputErrors
from ecokg.query.library import load_queries
from ecokg.query.results import cell

VOICES = "2022-04-ningbo-smart-manufacturing-voices"


LIBRARY = load_queries()


def run(ds: Any, name: str, **params: str) -> list[dict[str, str]]:
    """Rows of a named query, parameters bound as `ecokg query -p` binds them."""
    result = ds.query(LIBRARY[name].bound(params))
    names = [str(v) for v in result.vars]
    return [dict(zip(names, (cell(v) for v in row), strict=True)) for row in result]


def test_every_speaker_passage_is_found_and_disjoint_per_article() -> None:
    facts = load_inputs(CHECKOUT.root)
    found = passages(facts, CHECKOUT.root)
    data = yaml.safe_load((CHECKOUT.root / "data/attribution.yaml").read_text(encoding="utf-8"))
    assert len(found) == len(data["speakers"])
    by_source: dict[str, list] = {}
    for p in found:
        by_source.setdefault(p.source, []).append(p)
    for ps in by_source.values():
        ps.sort(key=lambda p: p.start)
        for a, b in zip(ps, ps[1:]):
            assert a.end <= b.start, (a.person, b.person)


def test_commentary_page_speakers_name_line_follows_their_statement() -> None:
    """On the 2022 commentary page the name line (…——) comes right after each statement."""
    facts = load_inputs(CHECKOUT.root)
    for p in passages(facts, CHECKOUT.root):
        if p.source == VOICES:
            assert p.end <= p.name_line.start, p.person
            assert p.name_line.start - p.end < 40, p.person


def test_what_did_lin_yalian_say(built: Any) -> None:
    rows = run(built, "speaker-statements", person="lin_yalian")
    assert rows and {r["name"] for r in rows} == {"林雅莲"}
    assert {r["post"] for r in rows} == {"镇海区委书记"}
    figures = [r for r in rows if r["kind"] == "figure"]
    # 2021 年规上工业总产值首破 3000 亿元 (a result); 力争规上工业总产值突破 4000 亿元 (a target)
    assert any("3000" in r["value"] and r["status"] == "Actual" for r in figures)
    assert any("4000" in r["value"] and r["status"] == "Target" for r in figures)
    assert any(r["kind"] == "relation" for r in rows)


def test_every_reporter_is_credited(built: Any) -> None:
    rows = run(built, "reporter-articles")
    names = {r["name"] for r in rows}
    facts = load_inputs(CHECKOUT.root)
    for src in facts.sources.values():
        for reporter in src.reporters:
            assert reporter in names, reporter
    roles = {(r["name"], r["role"]) for r in rows}
    assert ("雷林燕", "制图") in roles and ("续大治", "报道组") in roles and ("冯瑄", "记者") in roles
    yin = run(built, "reporter-articles", person="yin_cong")
    assert {r["article"].rsplit(":", 1)[-1] for r in yin} == {"2019-05-haishu-246-clusters", VOICES}


def test_a_missing_quote_is_an_input_error(tmp_path) -> None:
    import shutil

    for d in ("data", "ontology"):
        shutil.copytree(CHECKOUT.root / d, tmp_path / d)
    path = tmp_path / "data/attribution.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("力交出制造业高质量发展高分报表！", "不在原文中"), "utf-8")
    facts = load_inputs(CHECKOUT.root)
    with pytest.raises(InputErrors, match="lin_yalian"):
        passages(facts, tmp_path)


def test_the_named_queries_exist() -> None:
    names = set(LIBRARY)
    assert {"speaker-statements", "reporter-articles"} <= names
