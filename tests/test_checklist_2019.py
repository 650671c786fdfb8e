"""Issue 3 checklist for 2019-05-haishu-246-clusters (May 2019: 今年 = 2019, 去年 = 2018).

Every entry is a fact read from data/sources/2019-05-haishu-246-clusters.txt, with the words it comes
from, and is checked against that article's named graph only.
"""

from __future__ import annotations

import re

import pytest
from checklist import (
    Apart,
    Ent,
    Fig,
    On,
    Post,
    Rel,
    Same,
    article,
    ask,
    check_apart,
    check_entity,
    check_entity_date,
    check_figure,
    check_figures_dated,
    check_post,
    check_quotes,
    check_relation,
    check_same,
    of,
    resolve,
)
from rdflib import Dataset

from graph.namespaces import ECO, ID, graph_for_source

SID = "2019-05-haishu-246-clusters"
ARTICLE = article(SID)
N_FIGURES = 30

# ---------------------------------------------------------------------------- the checklist
CHECKLIST: list = [
    # ---- places and bodies
    Ent("海曙", "District", "haishu", "作为我市核心区之一，海曙"),
    Ent("我市", "City", "ningbo", "作为我市核心区之一"),
    Rel("haishu", "partOf", "ningbo", "作为我市核心区之一，海曙"),
    Ent("澳大利亚", "Region", "australia", "携手阿里巴巴“出海”澳大利亚"),
    Ent(
        "海曙区经信局技改科",
        "GovernmentBody",
        "haishu_economy_bureau_tech_renovation_section",
        "海曙区经信局技改科负责人",
    ),
    Rel(
        "haishu_economy_bureau_tech_renovation_section",
        "subOrganizationOf",
        "haishu_economy_bureau",
        "海曙区经信局技改科",
    ),
    Ent(
        "省工业转型升级领导小组办公室",
        "GovernmentBody",
        "zhejiang_industrial_upgrading_leading_group_office",
        "省工业转型升级领导小组办公室对去年全省传统制造业改造提升分行业试点对标提升情况进行了通报",
    ),
    Ent("海曙区全媒体中心", "GovernmentBody", "haishu_media_centre", "（本版图片由海曙区全媒体中心提供）"),
    # ---- people and posts
    Ent("孙黎明", "Person", "sun_liming", "海曙区委书记孙黎明说"),
    Post("sun_liming", "区委书记", "haishu_party_committee", 2019, "海曙区委书记孙黎明说"),
    Ent("张伟", "Person", "zhang_wei", "全球知名专家张伟博士有意将磁传感器芯片产业化"),
    Ent("磁传感器芯片", "Product", "magnetic_sensor_chip", "有意将磁传感器芯片产业化"),
    Rel("zhang_wei", "settledIn", "haishu", "仅2个月就吸引专家团队落地"),
    # ---- companies
    Ent("宁波嘉纳电子有限公司", "Company", "ningbo_jiana_electronics", "来到宁波嘉纳电子有限公司"),
    Rel(
        "haishu_economy_bureau_tech_renovation_section",
        "supports",
        "ningbo_jiana_electronics",
        "海曙区经信局技改科负责人来到宁波嘉纳电子有限公司，仔细询问企业智能化改造的成果和面临的困难",
    ),
    Ent("太平鸟公司", "Company", "taiping_bird", "大手笔频现的太平鸟公司在4月初交出了一份亮丽的年报"),
    Ent("阿里巴巴", "Company", "alibaba", "携手阿里巴巴“出海”澳大利亚"),
    Rel("taiping_bird", "cooperatesWith", "alibaba", "携手阿里巴巴“出海”澳大利亚"),
    Ent("纽约时装周", "Event", "new_york_fashion_week", "再度亮相纽约时装周"),
    Rel("taiping_bird", "participatedIn", "new_york_fashion_week", "再度亮相纽约时装周"),
    # ---- institutes (layout repairs and aliases)
    Ent(
        "宁波工业互联网研究院", "ResearchInstitute", "ningbo_industrial_internet_institute", "宁波工\n\n业互联网研究院"
    ),
    Same(
        ("上海交大人工智能研究院", "上海交大宁波人工智能研究院"), "sjtu_ningbo_ai_institute", "上海交大人工智能研究院"
    ),
    Same(
        ("宁波市智能制造技术研究院", "宁波智能制造技术研究院"),
        "ningbo_intelligent_manufacturing_institute",
        "宁波市智能制造技术研究院等高能级平台",
    ),
    Rel(
        "ningbo_industrial_internet_institute",
        "broughtInBy",
        "haishu",
        "去年以来，海曙已相继引进宁波工",
        ("since", "2018"),
    ),
    Rel("sjtu_ningbo_ai_institute", "broughtInBy", "haishu", "上海交大人工智能研究院", ("since", "2018")),
    Rel(
        "ningbo_intelligent_manufacturing_institute",
        "broughtInBy",
        "haishu",
        "宁波市智能制造技术研究院等高能级平台",
        ("since", "2018"),
    ),
    Ent("智能技术“两院一园”", "Project", "smart_tech_two_institutes_one_park", "智能技术“两院一园”"),
    Ent(
        "全省数字经济发展先行区", "Strategy", "zhejiang_digital_economy_pioneer_zone", "成为全省数字经济发展先行\n\n区"
    ),
    # ---- parks and zones
    Ent("临空经济示范区", "Zone", "lingkong_zone", "依托临空经济示范区、望春工业园等大平台"),
    Ent("望春工业园", "Park", "wangchun_industrial_park", "依托临空经济示范区、望春工业园等大平台"),
    Same(
        ("海曙循环经济产业园区", "宁波市循环资源利用基地"),
        "haishu_circular_economy_park",
        "海曙循环经济产业园区（宁波市循环资源利用基地）",
    ),
    Rel(
        "haishu_circular_economy_park",
        "targetsSector",
        "sector_energy_saving_env",
        "节能环保产业方面，将加快海曙循环经济产业园区（宁波市循环资源利用基地）建设",
    ),
    Apart("宁波工业互联网研究院", "宁波工业互联网产业园", "1 宁波工业互联网产业园"),
    Apart("临空经济示范区", "临空科创园", "11 临空科创园"),
    Apart("临空科创园", "临空众创园", "12 临空众创园"),
    Apart("宁波工程学院西校区", "宁波工程学院", "5 宁波工程学院西校区（智能技术研究院）"),
    Rel("nbut_west_campus", "campusOf", "nbut", "5 宁波工程学院西校区（智能技术研究院）"),
    # ---- clusters, programmes, campaigns, reforms, policies
    Ent("“246”万千亿级产业集群", "IndustryCluster", "cluster_246", "全市推进“246”万千亿级产业集群建设"),
    Rel("haishu", "implements", "cluster_246", "海曙推进“246”万千亿级产业集群建设"),
    On("ningbo_246_cluster_drive_2019", "heldOn", "2019-05-10", "5月10日，全市推进“246”万千亿级产业集群建设"),
    Ent(
        "全国产业集群品牌建设试点", "Designation", "national_industry_cluster_brand_pilot", "是全国产业集群品牌建设试点"
    ),
    Rel("haishu", "hasDesignation", "national_industry_cluster_brand_pilot", "是全国产业集群品牌建设试点"),
    Ent("“转型升级提质年”活动", "Campaign", "transformation_upgrade_year", "深入开展“转型升级提质年”活动"),
    Rel("haishu", "implements", "transformation_upgrade_year", "去年以来，海曙持续推动", ("since", "2018")),
    Ent("国内一流强区", "Strategy", "first_class_strong_district", "朝着高质量建设国内一流强区的目标奋力前进"),
    Ent(
        "优质高效营商环境21条举措",
        "PolicyDocument",
        "haishu_business_environment_21_measures",
        "推出优质高效营商环境21条举措",
    ),
    Ent("18条引才新政", "PolicyDocument", "haishu_talent_policy_18", "发布18条引才新政"),
    Rel("haishu_talent_policy_18", "issuedBy", "haishu", "发布18条引才新政"),
    Ent("“最多跑一次”改革", "Reform", "most_one_visit_reform", "海曙不断深化“最多跑一次”改革"),
    Rel("haishu", "implements", "most_one_visit_reform", "去年以来，海曙不断深化“最多跑一次”改革", ("since", "2018")),
    Ent("“亩均论英雄”改革", "Reform", "mu_jun_reform", "海曙借力“亩均论英雄”改革"),
    Same(("市3315计划", "3315计划"), "program_3315", "去年海曙入选市3315计划项目达19个"),
    Rel("haishu", "memberOf", "program_3315", "去年海曙入选市3315计划项目达19个", ("date", "2018")),
    Ent(
        "数字经济三年行动计划",
        "Programme",
        "haishu_digital_economy_3yr_plan",
        "海曙在全市率先发布“数字经济三年行动计划”",
    ),
    Rel(
        "haishu_digital_economy_3yr_plan",
        "issuedBy",
        "haishu",
        "今年1月，海曙在全市率先发布“数字经济三年行动计划”",
        ("date", "2019-01"),
    ),
    On("haishu_digital_economy_3yr_plan", "issuedOn", "2019-01", "今年1月，海曙在全市率先发布“数字经济三年行动计划”"),
    Ent(
        "关于设立重点区域和重点产业招商引智小分队的实施方案",
        "PolicyDocument",
        "investment_team_implementation_plan",
        "《关于设立重点区域和重点产业招商引智小分队的实施方案》",
    ),
    Rel(
        "investment_talent_attraction_team",
        "ledBy",
        "haishu_party_committee",
        "海曙区委主要领导率领小分队赴外地招商引资引智",
    ),
    On("haishu_investment_trip_2019_03", "heldOn", "2019-03", "今年3月，海曙区委主要领导率领小分队赴外地招商引资引智"),
    Rel(
        "industry_system_365",
        "targetsSector",
        "sector_new_materials",
        "围绕“365”产业体系，聚焦新材料、生物医药、高端装备",
    ),
    Rel(
        "industry_system_365",
        "targetsSector",
        "sector_biomedicine",
        "围绕“365”产业体系，聚焦新材料、生物医药、高端装备",
    ),
    Rel(
        "industry_system_365",
        "targetsSector",
        "sector_high_end_equipment",
        "围绕“365”产业体系，聚焦新材料、生物医药、高端装备",
    ),
    Rel(
        "fashion_textile_apparel_three_year_campaign",
        "targetsSector",
        "sector_fashion_textile_apparel",
        "海曙将深入实施时尚纺织服装产业三年攻坚",
    ),
    # ---- sectors named as the district's clusters
    Ent(
        "时尚纺织服装",
        "IndustrySector",
        "sector_fashion_textile_apparel",
        "时尚纺织服装、软件及新兴服务、节能环保、汽车零部件等产业集群",
    ),
    Ent(
        "软件及新兴服务",
        "IndustrySector",
        "sector_software_emerging_services",
        "时尚纺织服装、软件及新兴服务、节能环保",
    ),
    Ent("节能环保", "IndustrySector", "sector_energy_saving_env", "软件及新兴服务、节能环保、汽车零部件等产业集群"),
    Ent("汽车零部件", "IndustrySector", "sector_auto_parts", "节能环保、汽车零部件等产业集群态势明显"),
    # ---- figures: this year (2019)
    Fig(
        "ind_above_scale_industrial_va",
        "haishu",
        "rank",
        "actual",
        "2",
        "rank",
        2019,
        "今年一季度，海曙规上工业增加值增速居全市第二",
        period="Q1",
    ),
    Fig("ind_informatization_index", "haishu", "rank", "actual", "1", "rank", 2019, "信息化指数居全市第一"),
    Fig(
        "ind_brands",
        "haishu",
        "share",
        "actual",
        "80",
        "percent",
        2019,
        "全市80%的品牌",
        sector="sector_fashion_textile_apparel",
    ),
    Fig(
        "ind_output_value",
        "haishu",
        "share",
        "actual",
        "11.11",
        "percent",
        2019,
        "拥有全\n\n省九分之一的产值",
        sector="sector_fashion_textile_apparel",
        qual="about",
    ),
    Fig(
        "ind_low_efficiency_enterprises_filed",
        "haishu",
        "count",
        "actual",
        "336",
        "count",
        2019,
        "截至目前，海曙已建立336家低效企业“一企一档”信息库",
    ),
    Fig(
        "ind_four_no_enterprises_rectified",
        "haishu",
        "count",
        "actual",
        "175",
        "count",
        2019,
        "整治提升“四无”企业（作坊）175家",
    ),
    Fig(
        "ind_key_investment_targets",
        "haishu",
        "count",
        "actual",
        "100",
        "count",
        2019,
        "梳理出重点招商企业百余家",
        qual="more_than",
    ),
    Fig(
        "ind_enterprises_introduced",
        "haishu",
        "increase",  # 引进: what the year added (docs/fact-format.md, measures)
        "actual",
        "50",
        "count",
        2019,
        "一年来已成功引进龙头型、领军型数字经济企业50余家",
        sector="sector_digital_economy",
        qual="more_than",
    ),
    Fig(
        "ind_new_revenue",
        "haishu",
        "increase",
        "actual",
        "10",
        "CNY",
        2019,
        "新增营业收入超10亿元",
        mult="1e8",
        sector="sector_digital_economy",
        qual="more_than",
    ),
    Fig(
        "ind_provincial_mfg_innovation_centres",
        "haishu",
        "increase",
        "actual",
        "1",
        "count",
        2019,
        "新建1家省级制造业创新中心",
    ),
    # ---- figures: last year (去年 = 2018)
    Fig(
        "ind_3315_selected_projects",
        "haishu",
        "count",
        "actual",
        "19",
        "count",
        2018,
        "去年海曙入选市3315计划项目达19个",
    ),
    Fig(
        "ind_3315_selected_projects",
        "haishu",
        "rank",
        "actual",
        "1",
        "rank",
        2018,
        "入选市3315计划项目达19个，居全市首位",
    ),
    Fig(
        "ind_enterprise_cost_reduction",
        "haishu",
        "level",
        "actual",
        "51.62",
        "CNY",
        2018,
        "为企业降本减负51.62亿元",
        mult="1e8",
    ),
    Fig("ind_revenue", "taiping_bird", "level", "actual", "77.12", "CNY", 2018, "实现营业收入77.12亿元", mult="1e8"),
    Fig(
        "ind_revenue",
        "taiping_bird",
        "growth",
        "actual",
        "7.78",
        "percent",
        2018,
        "实现营业收入77.12亿元，同比增长7.78%",
    ),
    Fig(
        "ind_net_profit",
        "taiping_bird",
        "level",
        "actual",
        "5.72",
        "CNY",
        2018,
        "归属于上市公司股东的净利润5.72亿元",
        mult="1e8",
    ),
    Fig("ind_net_profit", "taiping_bird", "growth", "actual", "27.51", "percent", 2018, "同比增长27.51%，创历史新高"),
    Fig("ind_pilots", "zhejiang", "count", "actual", "34", "count", 2018, "海曙纺织服装产业在全省34个试点中"),
    Fig(
        "ind_profit",
        "haishu",
        "growth",
        "actual",
        "289.1",
        "percent",
        2018,
        "全年利润比上年增长289.1%",
        sector="sector_textile_apparel",
    ),
    Fig(
        "ind_rd_expenditure",
        "haishu",
        "growth",
        "actual",
        "122.8",
        "percent",
        2018,
        "技术（研究）开发费用支出比上年增长122.8%",
        sector="sector_textile_apparel",
    ),
    Fig(
        "ind_profit",
        "haishu",
        "rank",
        "actual",
        "1",
        "rank",
        2018,
        "增速分别列全省第1位、第2位",
        sector="sector_textile_apparel",
    ),
    Fig(
        "ind_rd_expenditure",
        "haishu",
        "rank",
        "actual",
        "2",
        "rank",
        2018,
        "增速分别列全省第1位、第2位",
        sector="sector_textile_apparel",
    ),
    # ---- figures: forecasts and targets, never results
    Fig(
        "ind_value_added",
        "haishu",
        "level",
        "forecast",
        "120",
        "CNY",
        2021,
        "预计到2021年底，数字经济核心产业增加值突破120亿元",
        mult="1e8",
        sector="sector_digital_economy_core",
        qual="more_than",
    ),
    Fig(
        "ind_output_value",
        "haishu",
        "level",
        "forecast",
        "1000",
        "CNY",
        2021,
        "纺织服装全产业链产值突破千亿元大关",
        mult="1e8",
        sector="sector_textile_apparel",
        qual="more_than",
    ),
    Fig(
        "ind_value_added",
        "haishu",
        "growth",
        "target",
        "7",
        "percent",
        2019,
        "力争今年纺织服装产业增加值增速超过7%",
        sector="sector_textile_apparel",
        qual="more_than",
    ),
    Fig(
        "ind_value_added",
        "haishu",
        "growth",
        "target",
        "7",
        "percent",
        None,
        "力争规上汽车零部件产业增加值增速超过7%",
        sector="sector_auto_parts",
        qual="more_than",
    ),
    Fig(
        "ind_value_added",
        "haishu",
        "growth",
        "target",
        "15",
        "percent",
        2019,
        "力争今年规上战略性新兴产业增加值增速超过15%",
        sector="sector_strategic_emerging",
        qual="more_than",
    ),
    Fig(
        "ind_value_added",
        "haishu",
        "growth",
        "target",
        "8",
        "percent",
        2019,
        "高端装备制造增加值增速超过8%",
        sector="sector_high_end_equipment",
        qual="more_than",
    ),
    Fig("ind_tech_renovation_coverage", "haishu", "share", "target", "100", "percent", None, "规上工业技改实现全覆盖"),
]


def test_checklist_is_long_enough() -> None:
    assert len(CHECKLIST) >= 45


def test_every_checklist_quote_is_in_the_article() -> None:
    check_quotes(SID, CHECKLIST)


@pytest.mark.parametrize("e", of(CHECKLIST, Ent))
def test_entity(built: Dataset, e: Ent) -> None:
    check_entity(built, SID, e)


@pytest.mark.parametrize("e", of(CHECKLIST, Same))
def test_same_entity(built: Dataset, e: Same) -> None:
    check_same(built, SID, e)


@pytest.mark.parametrize("e", of(CHECKLIST, Apart))
def test_kept_apart(built: Dataset, e: Apart) -> None:
    check_apart(built, SID, e)


@pytest.mark.parametrize("e", of(CHECKLIST, Rel))
def test_relation(built: Dataset, e: Rel) -> None:
    check_relation(built, SID, e)


@pytest.mark.parametrize("e", of(CHECKLIST, On))
def test_entity_date(built: Dataset, e: On) -> None:
    check_entity_date(built, SID, e)


@pytest.mark.parametrize("e", of(CHECKLIST, Post))
def test_post(built: Dataset, e: Post) -> None:
    check_post(built, SID, e)


@pytest.mark.parametrize("e", of(CHECKLIST, Fig))
def test_figure(built: Dataset, e: Fig) -> None:
    check_figure(built, SID, e)


def test_figures_are_dated_actuals_or_non_actuals(built: Dataset) -> None:
    check_figures_dated(built, SID, N_FIGURES)


# ---------------------------------------------------------------------------- map legend and captions
MAP_LEGEND = {
    1: ("宁波工业互联网产业园", "ningbo_industrial_internet_industrial_park"),
    2: ("中新（宁波）智造产业园", "sino_singapore_ningbo_smart_manufacturing_park"),
    3: ("清水湾（宁波）智能产业园", "qingshuiwan_park"),
    4: ("宁波（国际）电商产业园", "ningbo_international_ecommerce_park"),
    5: ("宁波工程学院西校区", "nbut_west_campus"),
    6: ("宁波工业互联网研究院", "ningbo_industrial_internet_institute"),
    7: ("上海交大宁波人工智能研究院", "sjtu_ningbo_ai_institute"),
    8: ("集仕硅谷", "jishi_silicon_valley"),
    9: ("宁波智能制造技术研究院", "ningbo_intelligent_manufacturing_institute"),
    10: ("智尚国际服装产业园", "zhishang_international_apparel_park"),
    11: ("临空科创园", "lingkong_sci_tech_park"),
    12: ("临空众创园", "lingkong_maker_park"),
    13: ("中星中东欧新材料研究院", "zhongxing_cee_materials_institute"),
}


def test_map_legend_lists_thirteen_places() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    legend = re.findall(r"^- (\d+) (.+)$", text, flags=re.M)
    assert [int(n) for n, _ in legend] == list(range(1, 14))
    for n, printed in legend:
        assert printed.startswith(MAP_LEGEND[int(n)][0]), (n, printed)


@pytest.mark.parametrize("n", sorted(MAP_LEGEND), ids=lambda n: f"legend-{n}-{MAP_LEGEND[n][1]}")
def test_map_legend_place_is_an_entity_on_the_layout(built: Dataset, n: int) -> None:
    name, ent = MAP_LEGEND[n]
    assert resolve(built, SID, name) == {ID[ent]}, name
    assert ask(
        built, SID, f"<{ID[ent]}> eco:memberOf ekg:haishu_digital_economy_spatial_layout ; eco:locatedIn ekg:haishu"
    )


def test_map_legend_five_names_the_institute_in_brackets(built: Dataset) -> None:
    assert resolve(built, SID, "智能技术研究院") == {ID["nbut_west_campus_smart_technology_institute"]}
    assert ask(built, SID, "ekg:nbut_west_campus_smart_technology_institute eco:hostedBy ekg:nbut_west_campus")


def test_map_legend_elements(built: Dataset) -> None:
    for name in ("两核", "一带", "多点", "三圈"):
        (ent,) = resolve(built, SID, name)
        assert ask(built, SID, f"<{ent}> eco:partOf ekg:haishu_digital_economy_spatial_layout"), name


CAPTIONS = {
    "海曙风光": ["海曙"],
    "海曙智造发力“高精尖”。": ["海曙"],
    "（本版图片由海曙区全媒体中心提供）": ["海曙区全媒体中心"],
}


@pytest.mark.parametrize("caption", sorted(CAPTIONS))
def test_caption_names_are_entities(built: Dataset, caption: str) -> None:
    assert caption in ARTICLE.read_text(encoding="utf-8")
    for name in CAPTIONS[caption]:
        assert len(resolve(built, SID, name)) == 1, name


# ---- issue 15: misreadings fixed and links the sentences state


def test_rhetoric_is_not_the_campaign(built: Dataset) -> None:
    """凤凰涅槃、腾笼换鸟，有了空间 … is a figure of speech, not the 2022 "腾笼换鸟、凤凰涅槃"攻坚行动."""
    assert not ask(built, SID, f"<{ID['tenglong_huanniao_campaign']}> ?p ?o")
    assert not ask(built, SID, f"?s ?p <{ID['tenglong_huanniao_campaign']}>")


def test_the_chip_is_intended_not_produced(built: Dataset) -> None:
    """张伟博士有意将磁传感器芯片产业化: an intention, not production."""
    assert ask(built, SID, f"<{ID['zhang_wei']}> eco:intendsToProduce <{ID['magnetic_sensor_chip']}>")
    assert not ask(built, SID, f"<{ID['zhang_wei']}> eco:produces ?x")


@pytest.mark.parametrize(
    "s,p,o",
    [
        ("taiping_bird", "exportsTo", "australia"),  # 携手阿里巴巴“出海”澳大利亚
        ("haishu_circular_economy_park", "locatedIn", "haishu"),
        ("haishu", "hasIndustry", "sector_software_emerging_services"),
        ("haishu", "hasIndustry", "sector_energy_saving_env"),
    ],
)
def test_stated_link(built: Dataset, s: str, p: str, o: str) -> None:
    assert ask(built, SID, f"<{ID[s]}> <{ECO[p]}> <{ID[o]}>")


def test_sun_liming_is_the_speaker_of_his_quoted_passages(built: Dataset) -> None:
    """The 2019 figures inside 孙黎明's quotation (预计到2021年底 …) are his."""
    q = f"""SELECT ?o WHERE {{ GRAPH <{graph_for_source(SID)}> {{
              ?o a eco:Observation ; eco:statedBy <{ID["sun_liming"]}> ; eco:speakerPost ?post .
              ?post eco:postIn <{ID["haishu_party_committee"]}> }} }}"""
    assert len(list(built.query(q))) >= 3
