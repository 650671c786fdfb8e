"""Issue 15 for 2022-04-voices: misreadings fixed, links, speakers and measures the article states.

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

SID = "2022-04-ningbo-smart-manufacturing-voices"


# ---- issue 15: speakers, targets, designations


def test_every_statement_block_has_its_speaker(built: Dataset, facts) -> None:
    """Each figure of the page belongs to the speaker whose name line follows its block, except the
    news item by 记者冯瑄 (no speaker); 林雅莲's figures are 镇海's, spoken as 镇海区委书记."""
    found = rows(
        built,
        f"""SELECT ?o ?who ?org WHERE {{ GRAPH {g(SID)} {{ ?o a eco:Observation .
              OPTIONAL {{ ?o eco:statedBy ?who ; eco:speakerPost ?p . ?p eco:postIn ?org }} }} }}""",
    )
    by = {}
    for r in found:
        by.setdefault(local(r.who) if r.who else None, set()).add(local(r.org) if r.org else None)
    assert by["lin_yalian"] == {"zhenhai_party_committee"}
    assert {"fu_guirong", "wang_zhaobo", "zhang_shifang", "zhou_aier", "mo_dingge", "an_conghui"} <= set(by)
    unattributed = rows(
        built,
        f"""SELECT ?o ?start WHERE {{ GRAPH {g(SID)} {{ ?o a eco:Observation ; prov:wasDerivedFrom ?s
              FILTER NOT EXISTS {{ ?o eco:statedBy ?who }} }} ?s eco:startOffset ?start }}""",
    )
    # only the news item 本报讯（记者冯瑄）… 40 位代表参加了启动仪式 is nobody's statement
    text = facts.sources[SID].text
    first, last = text.find("本报讯（记者冯瑄）"), text.find("40 位代表参加了启动仪式。")
    assert unattributed
    assert all(first.start <= int(r.start) < last.end for r in unattributed), [local(r.o) for r in unattributed]


def test_lin_yalian_said_these_figures(built: Dataset) -> None:
    found = rows(
        built,
        f"""SELECT ?v WHERE {{ GRAPH {g(SID)} {{ ?o eco:statedBy ekg:lin_yalian ; eco:reportedValue ?v }} }}""",
    )
    values = {str(r.v) for r in found}
    assert any("4000" in v for v in values) and any("3000" in v for v in values)


def test_the_double_400_is_a_target_not_a_programme(built: Dataset) -> None:
    """今年力争完成招商和投资“双400亿”目标: a goal (Strategy) the new area sets."""
    assert {
        local(r.t) for r in rows(built, f"SELECT ?t WHERE {{ GRAPH {g(SID)} {{ ekg:qianwan_double_400 a ?t }} }}")
    } == {"Strategy"}
    check_stated(
        built, SID, Rel("qianwan_new_area", "setsGoal", "qianwan_double_400", "今年力争完成招商和投资“双400亿”目标")
    )


@pytest.mark.parametrize(
    "r",
    [
        Rel("first_class_enterprise_plan", "cultivates", "single_champion", "支持企业争创单项冠军和专精特新“小巨人”"),
        Rel(
            "yuyao_enterprise_upgrade_project",
            "cultivates",
            "pinzibiao",
            "加快培育制造业单项冠军企业、“小巨人”企业、“品字标”企业",
        ),
        Rel(
            "ind_single_champion_count", "countsHoldersOf", "single_champion", "宁波已拥有 63 家国家级制造业“单项冠军”"
        ),
        Rel("ningbo_government", "setsGoal", "global_smart_manufacturing_capital", "充分彰显了市委市政府变革创新"),
        Rel("ningbo_two_sessions_2022", "organizedBy", "ningbo", "刚刚结束的市两会"),
    ],
    ids=lambda r: r.key,
)
def test_stated_link(built: Dataset, r: Rel) -> None:
    check_stated(built, SID, r)
