"""Issue 15 for 2024-haishu: misreadings fixed, links, speakers and measures the article states.

Each test reads the sentence named in its docstring or comment and asserts the article's own named graph.
"""

from __future__ import annotations

import pytest
from checklist import (
    article,
    ask,
    resolve,
)
from rdflib import Dataset

from ecokg.namespaces import ECO, ID

SID = "2024-haishu-excellent-district"

ARTICLE = article(SID)


# ---- issue 15: misreadings fixed


def test_supos_relies_on_the_institute_and_is_developed_by_bluetron(built: Dataset) -> None:
    """依托落户海曙的"链主"宁波工业互联网研究院，由蓝卓数字科技有限公司自主开发的supOS: the institute is what
    supOS relied on (依托), not its developer; the developer is 蓝卓."""
    supos, inst = ID["supos"], ID["ningbo_industrial_internet_institute"]
    assert ask(built, SID, f"<{supos}> eco:reliesOn <{inst}>")
    assert ask(built, SID, f"<{supos}> eco:developedBy <{ID['supcon_bluetron']}>")
    assert not ask(built, SID, f"<{supos}> eco:developedBy <{inst}>")


def test_the_wrong_developer_is_not_corroborated(built: Dataset) -> None:
    """supos developedBy the institute is stated by one article only (2020), so it is not corroborated."""
    q = f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?st rdf:subject <{ID["supos"]}> ; rdf:predicate eco:developedBy ;
              rdf:object <{ID["ningbo_industrial_internet_institute"]}> }} }}"""
    assert [str(r.g).rsplit("/", 1)[-1] for r in built.query(q)] == ["2020-03-haishu-five-industries"]


def test_one_gas_monitoring_system(built: Dataset) -> None:
    """第三代气体监测技术“天安气体监测系统”: one product, named twice."""
    assert resolve(built, SID, "第三代气体监测技术") == {ID["tianan_gas_monitoring_system"]}
    assert not ask(built, SID, f"<{ID['gas_monitoring_3rd_gen_technology']}> ?p ?o")


def test_former_site_is_not_a_location(built: Dataset) -> None:
    block, factory = ID["yongningxiang_no1_block"], ID["yongfeng_cloth_factory"]
    assert ask(built, SID, f"<{block}> eco:onFormerSiteOf <{factory}>")
    assert not ask(built, SID, f"<{block}> eco:locatedIn <{factory}>")


def test_the_jd_company_invests_not_jd(built: Dataset) -> None:
    """这是京东旗下企业与宁波国资…共同设立的…东方聚智: the investor is a JD company, not 京东集团 itself."""
    assert not ask(built, SID, f"<{ID['jd_group']}> eco:investsIn ?x")
    assert ask(built, SID, f"<{ID['jd_subsidiary']}> eco:investsIn <{ID['dongfang_juzhi']}>")
    assert ask(built, SID, f"<{ID['jd_subsidiary']}> eco:subsidiaryOf <{ID['jd_group']}>")


@pytest.mark.parametrize(
    "s,p,o",
    [
        ("haishu", "setsGoal", "new_industrialization_demo_zone"),  # 聚力打造新型工业化转型升级示范区
        ("haishu", "hasIndustry", "sector_airport_logistics"),
        ("yongningxiang_no1_block", "hasIndustry", "sector_coffee_plus"),
        ("haishu", "developsSector", "sector_yishu_yiping_yiwu_yiji"),
        ("haishu_services_development_conference_2024", "organizedBy", "haishu"),
    ],
)
def test_stated_link(built: Dataset, s: str, p: str, o: str) -> None:
    assert ask(built, SID, f"<{ID[s]}> <{ECO[p]}> <{ID[o]}>")
