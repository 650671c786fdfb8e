"""Issue 3 checklist for 2020-03-haishu-five-industries (March 2020: 今年 = 2020, 去年 = 2019).

Every entry is a fact read from data/sources/2020-03-haishu-five-industries.txt, with the words it
comes from (the page is laid out in narrow, spaced-out columns), checked against that article's named
graph only.
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
    check_caption,
    check_entity,
    check_entity_date,
    check_figure,
    check_figures_dated,
    check_post,
    check_quotes,
    check_relation,
    check_same,
    of,
)
from rdflib import Dataset

from graph.namespaces import ECO, ID

SID = "2020-03-haishu-five-industries"
ARTICLE = article(SID)
N_FIGURES = 20

# ---------------------------------------------------------------------------- the checklist
CHECKLIST: list = [
    # ---- the 17 March video conference and the five industries
    Ent(
        "全市抢抓机遇加快重点领域新兴产业发展部署视频会",
        "Meeting",
        "ningbo_emerging_industries_video_conference_2020",
        "3 月 17 日召开的全市抢抓\n\n机遇加快重点领域新兴产业发展部署视频会",
    ),
    On("ningbo_emerging_industries_video_conference_2020", "heldOn", "2020-03-17", "3 月 17 日召开的全市抢抓"),
    Ent("五大产业", "Strategy", "five_industries", "等“五大产业”锚定高质量发展航道"),
    Rel(
        "ningbo_emerging_industries_video_conference_2020", "about", "five_industries", "等“五大产业”锚定高质量发展航道"
    ),
    Rel(
        "five_industries",
        "targetsSector",
        "sector_health",
        "以医疗健康、工业互联网、“5G+”、数\n\n字经济、智能物流等“五大产业”",
    ),
    Rel("five_industries", "targetsSector", "sector_industrial_internet", "以医疗健康、工业互联网、“5G+”"),
    Rel("five_industries", "targetsSector", "sector_5g_plus", "以医疗健康、工业互联网、“5G+”"),
    Rel("five_industries", "targetsSector", "sector_digital_economy", "“5G+”、数\n\n字经济、智能物流"),
    Rel("five_industries", "targetsSector", "sector_smart_logistics", "字经济、智能物流等“五大产业”"),
    Ent(
        "“六争攻坚、三年攀高”行动",
        "Campaign",
        "six_contests_campaign",
        "以高质量完成“六\n\n争攻坚、三年攀高”行动任务为引领",
    ),
    Rel("haishu", "implements", "six_contests_campaign", "“六争攻坚、三年攀高”行动的交卷之年", ("until", "2020")),
    Same(
        ("“246”万千亿级现代产业集群", "“246”万千亿级产业集群"),
        "cluster_246",
        "紧密围绕“246”\n\n万千亿级现代产业集群建设规划",
    ),
    Rel("haishu", "implements", "cluster_246", "紧密围绕“246”"),
    # ---- bodies
    Same(("区经信局", "海曙区经信局"), "haishu_economy_bureau", "区经信局负\n责人的一席话"),
    Same(("区发改局", "海曙区发改局"), "haishu_development_bureau", "区发改局已经联合专业机构进行前期研究"),
    Ent("省科技厅", "GovernmentBody", "zhejiang_sci_tech_dept", "省科技厅公布的 2019\n年新建省级高新技术企业研发中心"),
    # ---- health industry (去年 = 2019)
    Same(("医疗健康", "大健康", "医药健康"), "sector_health", "全区大健康产业收入"),
    Fig(
        "ind_revenue",
        "haishu",
        "level",
        "actual",
        "110",
        "CNY",
        2019,
        "去年，全区大健康产业收入\n约 110 亿 元",
        mult="1e8",
        sector="sector_health",
        qual="about",
    ),
    Fig(
        "ind_employees",
        "haishu",
        "count",
        "actual",
        "6000",
        "person",
        2019,
        "从业人员约 6000\n\n名",
        sector="sector_health",
        qual="about",
    ),
    Ent("立华制药", "Company", "lihua_pharma", "立华制药、三生健康、奥丞生\n物等一批龙头企业"),
    Ent("三生健康", "Company", "sansheng_health", "立华制药、三生健康"),
    Ent("奥丞生物", "Company", "aocheng_bio", "奥丞生\n物等一批龙头企业"),
    Rel("aocheng_bio", "inSector", "sector_health", "立华制药、三生健康、奥丞生\n物等一批龙头企业"),
    # ---- the 2019 opening ceremony at the Cuibai campus
    Ent("郑栅洁", "Person", "zheng_shanjie", "省委副书记、市委书记\n郑栅洁"),
    Post("zheng_shanjie", "省委副书记", "zhejiang_party_committee", 2019, "去年，省委副书记、市委书记\n郑栅洁"),
    Post("zheng_shanjie", "市委书记", "ningbo_party_committee", 2019, "去年，省委副书记、市委书记\n郑栅洁"),
    Ent("李泽湘", "Person", "li_zexiang", "香港科技大学教授李泽湘"),
    Post("li_zexiang", "教授", "hkust", 2019, "香港科技大学教授李泽湘"),
    Ent("香港科技大学", "University", "hkust", "香港科技大学教授李泽湘"),
    Ent("宁波工程学院翠柏校区", "Campus", "nbut_cuibai_campus", "在宁波工程学院\n翠柏校区共同按下启动球"),
    Rel("nbut_cuibai_campus", "campusOf", "nbut", "在宁波工程学院\n翠柏校区"),
    Rel("qingshuiwan_opening_ceremony_2019", "heldAt", "nbut_cuibai_campus", "在宁波工程学院\n翠柏校区共同按下启动球"),
    Rel("zheng_shanjie", "participatedIn", "qingshuiwan_opening_ceremony_2019", "郑栅洁和香港科技大学教授李泽湘"),
    Rel("li_zexiang", "participatedIn", "qingshuiwan_opening_ceremony_2019", "郑栅洁和香港科技大学教授李泽湘"),
    Fig(
        "ind_participants",
        "qingshuiwan_opening_ceremony_2019",
        "count",
        "actual",
        "3",
        "person",
        2019,
        "及 3 名人才代表",
    ),
    Ent("宁波智能技术学院", "University", "ningbo_intelligent_technology_college", "宣告宁\n\n波智能技术学院"),
    On("ningbo_intelligent_technology_college", "openedOn", "2019", "宣告宁\n\n波智能技术学院"),
    Ent("宁波清水湾智能技术研究院", "ResearchInstitute", "qingshuiwan_institute", "宁波清水湾智能技术研究院开院"),
    On("qingshuiwan_institute", "openedOn", "2019", "宁波清水湾智能技术研究院开院"),
    Ent("清水湾（宁波）智能产业园", "Park", "qingshuiwan_park", "清水湾 （宁波）\n智能产业园开园"),
    On("qingshuiwan_park", "openedOn", "2019", "清水湾 （宁波）\n智能产业园开园"),
    # ---- institutes settled in Haishu (layout repairs and aliases)
    Ent(
        "宁波工业互联网研究院",
        "ResearchInstitute",
        "ningbo_industrial_internet_institute",
        "如今，宁波工业互联网研究\n院",
    ),
    Same(
        ("上海交大人工智能研究院", "上海交大宁波人工智能研究院"), "sjtu_ningbo_ai_institute", "上海交大人工智能研究院"
    ),
    Rel("ningbo_industrial_internet_institute", "settledIn", "haishu", "均落户于此"),
    Rel("sjtu_ningbo_ai_institute", "settledIn", "haishu", "均落户于此"),
    Rel("ningbo_intelligent_manufacturing_institute", "settledIn", "haishu", "均落户于此"),
    Rel("qingshuiwan_institute", "settledIn", "haishu", "均落户于此"),
    Same(("SupOS", "supOS"), "supos", "工业操作系统 SupOS 引领"),
    Ent("SupOS 3.0版本", "SoftwareSystem", "supos_3", "今\n年，SupOS 的 3.0 版本有望面世"),
    # ---- 5G+ and digital economy
    Rel("youngor", "operates", "youngor_5g_iiot_platform", "除了雅戈尔打造的“5G+工业\n\n互联网”平台"),
    Fig(
        "ind_5g_coverage",
        "haishu",
        "share",
        "forecast",
        "100",
        "percent",
        2020,
        "按照预期，今年\n海曙主城区和重点乡镇能够实现\n5G 信号全覆盖",
    ),
    Rel(
        "haishu_digital_economy_3yr_plan",
        "issuedBy",
        "haishu",
        "去年，海曙区还在全市率先发\n布 “ 数 字 经 济 三 年 行 动 计 划 ”",
        ("date", "2019"),
    ),
    Ent(
        "2019海曙数字经济发展大会",
        "Meeting",
        "haishu_digital_economy_conference_2019",
        "2019 海 曙 数 字 经 济 发 展 大 会 上",
    ),
    Fig(
        "ind_signed_projects",
        "haishu",
        "count",
        "actual",
        "23",
        "count",
        2019,
        "23 个 数 字 经 济 产 业 项 目 集 中 签\n约",
        sector="sector_digital_economy",
        qual="exactly",
    ),
    Fig(
        "ind_investment",
        "haishu",
        "level",
        "actual",
        "63.92",
        "CNY",
        2019,
        "总投资额达 63.92 亿元",
        mult="1e8",
        sector="sector_digital_economy",
    ),
    # ---- epidemic-period innovation (March 2020)
    Ent("全自动平面口罩机", "Product", "mask_machine", "自主研发的全自动平\n面口罩机正式交付企业并投入使\n用"),
    Rel(
        "mask_machine",
        "developedBy",
        "ningbo_intelligent_manufacturing_institute",
        "宁波市智能制造\n技术研究院自主研发的全自动平\n面口罩机",
    ),
    On(
        "mask_machine",
        "launchedOn",
        "2020-03-10",
        "3 月 10 日，宁波市智能制造\n技术研究院自主研发的全自动平\n面口罩机正式交付企业",
    ),
    Fig(
        "ind_output_per_minute",
        "mask_machine",
        "growth",
        "actual",
        "100",
        "percent",
        2020,
        "一举将传统口罩机每分钟的产量\n拔高了一倍",
    ),
    Ent("中国联通", "Company", "china_unicom", "雅戈尔与中国联\n通携手打造"),
    Same(("中国联通", "联通"), "china_unicom", "有着基于联通 5G"),
    Rel("youngor", "cooperatesWith", "china_unicom", "雅戈尔与中国联\n通携手打造的 5G 制衣智能制造\n示范平台项目"),
    Ent("5G制衣智能制造示范平台项目", "Project", "youngor_5g_garment_project", "5G 制衣智能制造\n示范平台项目正式启动"),
    On(
        "youngor_5g_garment_project",
        "launchedOn",
        "2020-03-11",
        "一天之后，雅戈尔与中国联\n通携手打造的 5G 制衣智能制造\n示范平台项目正式启动",
    ),
    Ent("云南", "Province", "yunnan", "连着云南、吉林等多个生产基地"),
    Ent("吉林", "Province", "jilin", "连着云南、吉林等多个生产基地"),
    Ent("顾跃君", "Person", "gu_yuejun", "雅戈尔服\n装制造 IT 总监顾跃君"),
    Post("gu_yuejun", "IT总监", "youngor_garment_manufacturing", 2020, "雅戈尔服\n装制造 IT 总监顾跃君"),
    Ent(
        "宁波智能成型技术创新中心",
        "InnovationCentre",
        "ningbo_intelligent_forming_innovation_centre",
        "宁波智能\n成型技术创新中心",
    ),
    Rel(
        "ningbo_intelligent_forming_innovation_centre",
        "ledBy",
        "ningbo_intelligent_manufacturing_institute",
        "由宁波市智\n能制造技术研究院牵头的宁波智能\n成型技术创新中心",
    ),
    Rel(
        "ningbo_intelligent_forming_innovation_centre",
        "hasDesignation",
        "provincial_mfg_innovation_centre",
        "获评全\n省智能成型领域唯一的省级制造业\n创新中心",
        ("date", "2020-03"),
    ),
    Ent("忻杰燃气", "Company", "xinjie_gas", "忻杰燃气、亿林\n节水科技、三龙电气等 8 家海曙企业"),
    Ent("亿林节水科技", "Company", "yilin_water_saving", "忻杰燃气、亿林\n节水科技"),
    Ent("三龙电气", "Company", "sanlong_electric", "节水科技、三龙电气等 8 家海曙企业"),
    Rel(
        "sanlong_electric",
        "hasDesignation",
        "provincial_hte_rd_centre",
        "2019\n年新建省级高新技术企业研发中心",
        ("date", "2019"),
    ),
    Fig(
        "ind_new_provincial_hte_rd_centres",
        "haishu",
        "increase",  # 新建 … 名单: centres newly set up in 2019
        "actual",
        "8",
        "count",
        2019,
        "三龙电气等 8 家海曙企业的身影",
    ),
    Fig(
        "ind_provincial_hte_rd_centres",
        "haishu",
        "count",
        "actual",
        "45",
        "count",
        2020,
        "目前，全区有省级高新技术企\n业研发中心 45 家",
    ),
    Fig(
        "ind_national_hte_rd_centres",
        "haishu",
        "count",
        "actual",
        "2",
        "count",
        2020,
        "国家级高新技\n术企业研发中心 2 家",
    ),
    # ---- pilots (帅 特 龙 is one name)
    Ent("帅特龙", "Company", "shuaitelong", "汽配企业帅 特 龙"),
    Rel("shuaitelong", "inSector", "sector_auto_parts", "汽配企业帅 特 龙"),
    Rel("taiping_bird", "operates", "taiping_bird_supply_chain_platform", "太平鸟建立了“智\n能工厂”和“供应链智慧中台”"),
    Rel("sansheng_health", "implements", "five_g_industrial_internet", "三生健康探索\n\n“5G+工业互联网”"),
    Fig(
        "ind_pilot_enterprises",
        "haishu",
        "count",
        "plan",
        "1",
        "count",
        None,
        "征集一到两家有基础、\n有意愿的代表性企业",
        qual="at_least",
    ),
    # ---- 2020 targets
    Ent("“十三五”规划", "PolicyDocument", "thirteenth_five_year_plan", "“十三五”规划的\n收官之年"),
    Fig(
        "ind_above_scale_industrial_va",
        "haishu",
        "growth",
        "target",
        "6",
        "percent",
        2020,
        "实现 2020 年全区\n规上工业增加值增长 6%以上",
        qual="at_least",
    ),
    Fig(
        "ind_industrial_investment",
        "haishu",
        "growth",
        "target",
        "10",
        "percent",
        2020,
        "工\n业投资增长力争达到 10%",
        qual=None,  # 力争达到 10% is a target of 10%, not a lower bound
    ),
    Fig(
        "ind_rd_intensity",
        "haishu",
        "share",
        "target",
        "2.0",
        "percent",
        2020,
        "2020 年确保 R&D 经费\n投入占 GDP 的比重达到 2.0%",
    ),
    Fig(
        "ind_investment",
        "haishu",
        "growth",
        "target",
        "10",
        "percent",
        2020,
        "高\n新技术产业投资同比增长 10%以\n上",
        sector="sector_high_tech",
        qual="at_least",
    ),
    Fig(
        "ind_high_tech_enterprises",
        "haishu",
        "count",
        "target",
        "200",
        "count",
        2020,
        "全区有效高新技术企业总数超\n过 200 家",
        qual="more_than",
    ),
    Fig(
        "ind_major_industrial_projects_50m",
        "haishu",
        "count",
        "plan",
        "50",
        "count",
        None,
        "海曙还将推进 50\n个 5000 万元以上重大工业投资项目实施",
        qual="exactly",
    ),
    Fig(
        "ind_digital_workshop_smart_factory_applications",
        "haishu",
        "count",
        "target",
        "2",
        "count",
        None,
        "力争申报 2 至 3 家数字化\n车间或智能工厂项目",
        qual="at_least",
    ),
    Fig(
        "ind_5g_iiot_demo_projects",
        "haishu",
        "count",
        "target",
        "1",
        "count",
        None,
        "力争打造 1\n至 2 个“5G+工业互联网”创新应用\n示范项目",
        qual="at_least",
    ),
    Fig(
        "ind_industrial_apps",
        "haishu",
        "count",
        "target",
        "5",
        "count",
        None,
        "培育 5 个以上面向\n\n“246”重点产业的优秀工业 APP",
        qual="at_least",
    ),
    Ent(
        "浙江自贸区宁波联动创新区",
        "Zone",
        "zhejiang_ftz_ningbo_linkage_zone",
        "在浙江自贸区宁波联动创新区\n建设的背景下",
    ),
    Ent("“225”外贸双万亿行动", "Programme", "foreign_trade_225", "“225”外贸双万亿行动"),
    Same(("3315系列计划", "3315计划"), "program_3315", "“3315 系列计划”等人\n才项目"),
    Apart("宁波工程学院翠柏校区", "宁波工程学院", "在宁波工程学院\n翠柏校区"),
    Apart("“5G+工业互联网”平台", "5G+工业互联网", "除了雅戈尔打造的“5G+工业\n\n互联网”平台"),
    Apart(
        "宁波清水湾智能技术研究院",
        "清水湾（宁波）智能产业园",
        "宁波清水湾智能技术研究院开院和清水湾 （宁波）\n智能产业园开园",
    ),
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


# ---------------------------------------------------------------------------- photo captions
CAPTIONS = {
    "雅戈尔西服智能工厂内，打版师正在裁床上激光排版": [("雅戈尔西服智能工厂", "Project"), ("雅戈尔", "Company")],
    "宁波市智能制造技术研究院工业大数据管理平台。": [
        ("宁波市智能制造技术研究院", "ResearchInstitute"),
        ("工业大数据管理平台", "DigitalPlatform"),
    ],
    "海曙风貌。": [("海曙", "District")],
    "利维能储能自动电池流水线上，工业机器人进行焊接操作。": [("利维能储能", "Company"), ("自动电池流水线", "Product")],
    "本版图片由海曙区全媒体中心提供": [("海曙区全媒体中心", "GovernmentBody")],
}


@pytest.mark.parametrize("caption", sorted(CAPTIONS))
def test_caption_names_are_entities(built: Dataset, caption: str) -> None:
    assert re.sub(r"\s+", "", caption) in re.sub(r"\s+", "", ARTICLE.read_text(encoding="utf-8"))
    check_caption(built, SID, CAPTIONS[caption])


def test_caption_things_are_owned(built: Dataset) -> None:
    assert ask(built, SID, "ekg:youngor eco:operates ekg:youngor_suit_smart_factory")
    assert ask(
        built, SID, "ekg:ningbo_intelligent_manufacturing_institute eco:operates ekg:nimt_industrial_big_data_platform"
    )
    assert ask(built, SID, "ekg:liweineng eco:operates ekg:liweineng_battery_line")


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
