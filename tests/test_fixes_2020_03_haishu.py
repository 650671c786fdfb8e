"""Issue 15 for 2020-03-haishu: misreadings fixed, links, speakers and measures the article states.

Each test reads the sentence named in its docstring or comment and asserts the article's own named graph.
"""

from __future__ import annotations

import pytest
from checklist import (
    article,
    ask,
)
from rdflib import Dataset

from ecokg.namespaces import ECO, ID

SID = "2020-03-haishu-five-industries"

ARTICLE = article(SID)


# ---- issue 15: misreadings fixed, disputes kept per article


def test_zhuchao_yinfeng_is_an_idiom_not_a_campaign(built: Dataset) -> None:
    """这只是海曙“筑巢引凤”招引强院强所: 筑巢引凤 is an idiom for attracting institutes, not a campaign."""
    assert not list(built.query('SELECT ?e WHERE { ?e rdfs:label ?l FILTER(CONTAINS(STR(?l), "筑巢引凤")) }'))


def test_a_district_develops_sectors_it_does_not_target_them(built: Dataset) -> None:
    """海曙将聚焦数字经济、传统制造业 …: the district develops (eco:developsSector); only programmes,
    policies, parks and clusters eco:targetsSector (a SHACL shape enforces it)."""
    assert ask(built, SID, f"<{ID['haishu']}> eco:developsSector <{ID['sector_digital_economy']}>")
    assert not ask(built, SID, f"<{ID['haishu']}> eco:targetsSector ?x")


def test_supos_attribution_is_kept_as_this_article_states_it(built: Dataset) -> None:
    """2020 credits the institutes that settled in Haishu (…均落户于此，研发推出的…SupOS); the triple stays in
    this graph only, with a note that the 2024 article names 蓝卓 as the developer."""
    st = ID[f"stmt/{SID}/supos--developedBy--ningbo_industrial_internet_institute"]
    (note,) = [r.n for r in built.query(f"SELECT ?n WHERE {{ GRAPH ?g {{ <{st}> eco:note ?n }} }}")]
    assert "DISPUTED" in str(note) and "蓝卓" in str(note)


@pytest.mark.parametrize(
    "s,p,o",
    [
        ("haishu", "hasIndustry", "sector_software"),  # 集成电路、大数据、软件等产业在海曙蓬勃生长
        ("haishu", "hasIndustry", "sector_online_consumption"),
        ("youngor_5g_garment_project", "reliesOn", "sector_edge_computing"),  # 基于…边缘计算
        ("ningbo_emerging_industries_video_conference_2020", "organizedBy", "ningbo"),
        ("ind_national_hte_rd_centres", "countsHoldersOf", "national_hte_rd_centre"),
    ],
)
def test_stated_link(built: Dataset, s: str, p: str, o: str) -> None:
    assert ask(built, SID, f"<{ID[s]}> <{ECO[p]}> <{ID[o]}>")
