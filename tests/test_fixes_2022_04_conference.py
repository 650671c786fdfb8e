"""Issue 15 for 2022-04-conference: misreadings fixed, links, speakers and measures the article states.

Each test reads the sentence named in its docstring or comment and asserts the article's own named graph.
"""

from __future__ import annotations

import pytest
from checklist import Stated as Rel
from checklist import (
    check_stated,
    g,
    local,
    rows,
)
from rdflib import Dataset

SID = "2022-04-ningbo-smart-manufacturing-conference"


# ---- issue 15: goals, designations, plans


@pytest.mark.parametrize(
    "r",
    [
        Rel("zhang_jiangping", "setsGoal", "china_digital_fashion_highland", '将宁波打造成为"中国数 字时尚产业新高地'),
        Rel("zhang_jiangping", "setsGoal", "digital_fashion_future_park_model", '数字时尚未来园 区新样板"'),
        Rel("ningbo", "cultivates", "single_champion", "新增国家级单项冠军18家"),
        Rel("ind_little_giant_count", "countsHoldersOf", "little_giant", '专精特新"小巨人"企业120家'),
        Rel("mu_jun_reform", "cultivates", "green_factory", "建设市级以上绿色工厂500家"),
        Rel("two_full_coverage_plan", "cultivates", "smart_factory", "向数字化车间、智能工厂升级"),
    ],
    ids=lambda r: r.key,
)
def test_stated_link(built: Dataset, r: Rel) -> None:
    check_stated(built, SID, r)


def test_zhang_jiangping_said_the_goals(built: Dataset) -> None:
    """张江平则表示 …: the goal statements carry him as speaker."""
    found = rows(
        built,
        f"""SELECT ?o WHERE {{ GRAPH {g(SID)} {{ ?st rdf:predicate eco:setsGoal ; rdf:object ?o ;
              eco:statedBy ekg:zhang_jiangping }} }}""",
    )
    assert {local(r.o) for r in found} == {"china_digital_fashion_highland", "digital_fashion_future_park_model"}


def test_a_count_and_its_planned_investment_agree(built: Dataset) -> None:
    """重点推进"双百"工程项目112个,计划投资570亿元: both figures are plans."""
    found = rows(
        built,
        f"""SELECT ?v ?st WHERE {{ GRAPH {g(SID)} {{ ?o eco:refArea ekg:shuangbai_project ; eco:value ?v ;
              eco:status ?st }} }}""",
    )
    assert len(found) == 2 and {local(r.st) for r in found} == {"Plan"}
