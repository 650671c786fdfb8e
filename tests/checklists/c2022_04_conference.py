"""Checklist for 《我市召开打造"全球智造创新之都"推进大会》 (2022-04-ningbo-smart-manufacturing-conference).

Every entry is a fact read from the article text (published 2022-04-21; the conference was on
2022-04-20, the article's 昨天; 去年 = 2021, 今年 = 2022), with the quote it comes from. Each entry is
asserted with SPARQL against the article's own named graph ``ekgg:source/<sid>``; entries in
``CORROBORATED`` are asserted in both this graph and the companion article's graph.

Data only: tests/test_checklists.py runs the checks of tests/checklist.py on every entry, for
all five articles; nothing else is specific to this article.
"""

from __future__ import annotations

from checklist import Distinct as Apart
from checklist import Figure as Fig
from checklist import Held as Post
from checklist import (
    Misprint,
    When,
)
from checklist import Named as Ent
from checklist import Stated as Rel

SID = "2022-04-ningbo-smart-manufacturing-conference"
OTHER = "2022-04-ningbo-smart-manufacturing-voices"
TARGET_WORDS = r"力争|计划|目标|预计|将"  # a figure quoted with one of these is never an actual result

# ---------------------------------------------------------------------------------------------- checklist

ENTITIES = [
    # lead
    Ent("我市", "ningbo", "City", "今后五年是我市加快推进制造业高质量发展的关键时期", label="宁波市"),
    Ent("宁波", "ningbo", "City", "这是贯彻落实市第十四次党代会精神,宁波举办的首场推进大会", label="宁波市"),
    Ent(
        "市第十四次党代会",
        "ningbo_14th_party_congress",
        "Meeting",
        '市第十四次党代会明确提出要打造"全球智造创新之都"',
        label="宁波市第十四次党代会",
    ),
    Ent(
        '打造"全球智造创新之都"推进大会',
        "smart_manufacturing_conference_2022",
        "Meeting",
        '4月20日,我市召开打造"全球智造创新之都"推进大会',
        label='全市打造"全球智造创新之都"推进大会',
    ),
    Ent(
        "2021创业创新风云榜颁奖大会",
        "entrepreneurship_innovation_awards_2021_ceremony",
        "Meeting",
        "推进大会暨2021创业创新风云榜颁奖大会",
    ),
    Ent("全球智造创新之都", "global_smart_manufacturing_capital", "Strategy", '要打造"全球智造创新之都"'),
    # section A: the six lines of action
    Ent(
        "市经信局",
        "ningbo_economy_bureau",
        "GovernmentBody",
        "会上,市经信局相关负责 人表态,将从六大方面发力",
        label="宁波市经济和信息化局",
    ),
    Ent('数字经济"双万亿"工程', "double_trillion_project", "Programme", '全力实施数字经济"双万亿"工程'),
    Ent('"产业大脑+未来工厂"', "industry_brain_future_factory", "Programme", '构建"产业大脑+未来 工厂"的支撑体系'),
    Ent("数字化改革", "digital_reform", "Reform", "宁波将以数字化改革 为引领"),
    Ent("产业基础再造工程", "industrial_foundation_reengineering", "Programme", "全力实施产业基础再造工 程。"),
    Ent("工业投资倍增计划", "industrial_investment_doubling_plan", "Programme", "全力实施工业投资倍增计 划。"),
    Ent('"双百"工程', "shuangbai_project", "Programme", '重点推进"双百"工程项目112个'),
    Ent('"两个全覆盖"计划', "two_full_coverage_plan", "Programme", '全力实施"两个全覆盖"计 划。'),
    Ent('"亩均论英雄"改革', "mu_jun_reform", "Reform", '全力深化"亩均论英雄"改 革。'),
    Ent(
        '"腾笼换鸟、凤凰涅槃"攻坚行动',
        "tenglong_huanniao_campaign",
        "Campaign",
        '深入开展新一轮"腾笼换鸟、凤凰涅槃"攻坚行动',
    ),
    Ent("国家级单项冠军", "single_champion", "Designation", "新增国家级单项冠军18家", label="国家级制造业单项冠军"),
    Ent("单项冠军第一城", "single_champion_first_city", "Designation", "作为单项冠军第一城,宁 波在企业培育方面"),
    Ent('专精特新"小巨人"企业', "little_giant", "Designation", '专精特新"小巨人"企业120家'),
    Ent(
        "磁性材料",
        "sector_magnetic_materials",
        "IndustrySector",
        "加快建设磁性材料、绿色石化和汽车等国家级先进制造业集群",
    ),
    Ent("绿色石化", "sector_petrochemical", "IndustrySector", "磁性材料、绿色石化和汽车", label="石化"),
    Ent("集成电路", "sector_integrated_circuits", "IndustrySector", "培育壮大集 成电路、新型元器件"),
    Ent("规上工业增加值", "ind_above_scale_industrial_va", "Indicator", "我市规上工业增加值4865亿元"),
    Ent("全部工业增加值", "ind_industrial_va", "Indicator", "全部工业增加值6298亿元"),
    Ent("GDP", "ind_gdp", "Indicator", "万亿GDP城市", label="地区生产总值"),
    # section R: the companies and their people
    Ent("中国石化镇海炼化公司", "zhenhai_refining", "Company", "中国石化镇海炼化公司党委书记莫鼎革", label="镇海炼化"),
    Ent("镇海炼化", "zhenhai_refining", "Company", "镇海炼化有责任、义务,也有信心、能力"),
    Ent("中国石化", "sinopec", "Company", "中国石化镇海炼化公司党委书记莫鼎革"),
    Ent("吉利控股集团", "geely_holding", "Company", "吉利控股集团总裁"),
    Ent("吉利汽车集团", "geely_auto", "Company", "吉利汽车集团董事长"),
    Ent("极氪智能科技", "zeekr", "Company", "极氪智能科技 CEO 安聪慧"),
    Ent("太平鸟集团有限公司", "taiping_bird", "Company", "太平鸟集团有限公司董事长张江平", label="太平鸟"),
    Ent("雅戈尔集团股份有限公司", "youngor", "Company", "雅戈尔集团股份有限公司董事长李如成", label="雅戈尔"),
    Ent("莫鼎革", "mo_dingge", "Person", "党委书记莫鼎革"),
    Ent("安聪慧", "an_conghui", "Person", "极氪智能科技 CEO 安聪慧"),
    Ent("张江平", "zhang_jiangping", "Person", "董事长张江平"),
    Ent("李如成", "li_rucheng", "Person", "董事长李如成代表宁波18家龙头企业"),
    Ent("宁波石化园区", "ningbo_petrochemical_park", "Park", "引领整个宁波石化园区迈上高质量发展新台阶"),
    Ent("三大万亿级产业集群", "ningbo_three_trillion_clusters", "IndustryCluster", "宁波三大万亿级产业集群发展规划"),
    Ent(
        "世界一流石化产业集群",
        "world_class_petrochemical_cluster",
        "IndustryCluster",
        "上下游协同发展的世界一流石化产业集群",
    ),
    Ent("时尚产业", "sector_fashion", "IndustrySector", '时尚产业是宁波 的"柔性智造"产业'),
    Ent("品牌创新全球化", "brand_innovation_globalization", "Strategy", "太 平鸟将主抓品牌创新全球化"),
    Ent("现代化滨海大都市", "modern_coastal_metropolis", "Strategy", "建设现代化滨海大都市贡献力量"),
    Ent(
        "2021年度宁波市创业创新风云榜",
        "entrepreneurship_innovation_list_2021",
        "Designation",
        "本次大会还表彰了2021年度宁 波市创业创新风云榜企业",
    ),
]

RELATIONS = [
    Rel(
        "smart_manufacturing_conference_2022",
        "organizedBy",
        "ningbo",
        '4月20日,我市召开打造"全球智造创新之都"推进大会',
        date="2022-04-20",
    ),
    Rel(
        "smart_manufacturing_conference_2022",
        "about",
        "global_smart_manufacturing_capital",
        '我市召开打造"全球智造创新之都"推进大会',
    ),
    Rel(
        "entrepreneurship_innovation_awards_2021_ceremony",
        "partOf",
        "smart_manufacturing_conference_2022",
        "推进大会暨2021创业创新风云榜颁奖大会",
    ),
    Rel(
        "ningbo_14th_party_congress",
        "about",
        "global_smart_manufacturing_capital",
        '市第十四次党代会明确提出要打造"全球智造创新之都"',
    ),
    Rel("ningbo", "implements", "global_smart_manufacturing_capital", '表示将为宁波打造"全球智造创新之都"贡献力量'),
    Rel("double_trillion_project", "partOf", "global_smart_manufacturing_capital", '六方面发力,打造"全球智造创新之都"'),
    Rel("mu_jun_reform", "partOf", "global_smart_manufacturing_capital", '六方面发力,打造"全球智造创新之都"'),
    Rel("ningbo", "implements", "double_trillion_project", '宁波将全力实施数字经济 "双万亿"工程'),
    Rel("ningbo", "implements", "industrial_investment_doubling_plan", "宁波将全力实施工业投资后增计划"),
    Rel("industry_brain_future_factory", "partOf", "double_trillion_project", '构建"产业大脑+未来 工厂"的支撑体系'),
    Rel("double_trillion_project", "targetsSector", "sector_integrated_circuits", "培育壮大集 成电路、新型元器件"),
    Rel(
        "industrial_foundation_reengineering",
        "targetsSector",
        "sector_magnetic_materials",
        "加快建设磁性材料、绿色石化和汽车等国家级先进制造业集群",
    ),
    Rel("shuangbai_project", "partOf", "industrial_investment_doubling_plan", '今年,宁波将重点推进"双百"工程项目112个'),
    Rel("tenglong_huanniao_campaign", "partOf", "mu_jun_reform", '深入开展新一轮"腾笼换鸟、凤凰涅槃"攻坚行动'),
    Rel("ningbo", "hasDesignation", "single_champion_first_city", "作为单项冠军第一城,宁 波在企业培育方面"),
    Rel("zhenhai_refining", "subsidiaryOf", "sinopec", "中国石化镇海炼化公司党委书记莫鼎革"),
    Rel(
        "zhenhai_refining",
        "implements",
        "global_smart_manufacturing_capital",
        '表示将为宁波打造"全球智造创新之都"贡献力量',
    ),
    Rel(
        "world_class_petrochemical_cluster",
        "ledBy",
        "zhenhai_refining",
        '镇海炼化将紧紧围绕宁波三大万亿级产业集群发展规划,当好"链长"',
    ),
    Rel("taiping_bird", "inSector", "sector_fashion", '时尚产业是宁波 的"柔性智造"产业'),
    Rel(
        "taiping_bird",
        "implements",
        "brand_innovation_globalization",
        "太 平鸟将主抓品牌创新全球化和时尚 产业数字化两个核心点",
    ),
    Rel(
        "mo_dingge",
        "participatedIn",
        "smart_manufacturing_conference_2022",
        "在昨天的大会上,中国石化镇海炼化公司党委书记莫鼎革",
        date="2022-04-20",
        expr="昨天",
    ),
    Rel(
        "li_rucheng", "participatedIn", "smart_manufacturing_conference_2022", "会上,雅戈尔集团股份有限公司董事长李如成"
    ),
    Rel("first_class_enterprise_initiative", "ledBy", "youngor", "李如成代表宁波18家龙头企业,向全市企业发出倡议"),
    Rel(
        "entrepreneurship_innovation_awards_2021_ceremony",
        "about",
        "entrepreneurship_innovation_list_2021",
        "本次大会还表彰了2021年度宁 波市创业创新风云榜企业",
    ),
]

POSTS = [
    Post("mo_dingge", "党委书记", "zhenhai_refining", "中国石化镇海炼化公司党委书记莫鼎革"),
    Post("an_conghui", "总裁", "geely_holding", "吉利控股集团总裁、吉利汽车集团董事长、极氪智能科技 CEO 安聪慧"),
    Post("an_conghui", "董事长", "geely_auto", "吉利控股集团总裁、吉利汽车集团董事长、极氪智能科技 CEO 安聪慧"),
    Post("an_conghui", "CEO", "zeekr", "吉利控股集团总裁、吉利汽车集团董事长、极氪智能科技 CEO 安聪慧"),
    Post("zhang_jiangping", "董事长", "taiping_bird", "太平鸟集团有限公司董事长张江平"),
    Post("li_rucheng", "董事长", "youngor", "雅戈尔集团股份有限公司董事长李如成"),
]

_Y = "1e8"  # 亿
_WY = "1e12"  # 万亿
FIGURES = [
    # 去年 (2021) results
    Fig("ind_above_scale_industrial_va", "ningbo", "Level", "Actual", "4865", "unitCNY", 2021, "去年,我市规上工业增加值4865亿元", multiplier=_Y, expr="去年"),
    Fig("ind_above_scale_industrial_va", "ningbo", "Growth", "Actual", "11.9", "unitPercent", 2021, "规上工业增加值4865亿元,同比增加11.9%", expr="去年"),
    Fig("ind_industrial_va", "ningbo", "Level", "Actual", "6298", "unitCNY", 2021, "全部工业增加值6298亿元", multiplier=_Y),
    Fig("ind_industrial_va", "ningbo", "Rank", "Actual", "7", "unitRank", 2021, "全部工业增加值6298亿元,居全国城市第7位", scope="全国"),
    Fig("ind_industrial_va", "ningbo", "Share", "Actual", "43.1", "unitPercent", 2021, "全部工业增加值店GDP比重43.1%", reported="占GDP比重"),
    # 数字经济"双万亿"工程: goals without a year
    Fig("ind_revenue", "ningbo", "Level", "Target", "1", "unitCNY", None, "数字经济核 心产业营业收入、数字经济增 加值分别达到万亿元", multiplier=_WY, sector="sector_digital_economy_core"),
    Fig("ind_value_added", "ningbo", "Level", "Target", "1", "unitCNY", None, "数字经济核 心产业营业收入、数字经济增 加值分别达到万亿元", multiplier=_WY, sector="sector_digital_economy"),
    Fig("ind_industry_brain_count", "ningbo", "Count", "Target", "10", "unitCount", 2022, "今年将重点推进 建设石化、节能与新能源汽车 等10个标志性产业大脑", expr="今年"),
    Fig("ind_featured_application_count", "ningbo", "Count", "Target", "3", "unitCount", 2022, "打造 3个以上省级地方优秀特色应", qualifier="at_least"),
    # 产业基础再造工程
    Fig("ind_landmark_industry_chains", "ningbo", "Count", "Target", "10", "unitCount", None, "化工新材料、智能成型装备等十大标志性产业链"),
    Fig("ind_chain_core_enterprise_count", "ningbo", "Count", "Target", "10", "unitCount", 2022, '今年宁波将重点培育10家"链核"型企业'),
    Fig("ind_chain_core_enterprise_count", "ningbo", "Count", "Target", "100", "unitCount", 2022, '100家"链 核"型企业'),
    Fig("ind_chain_leader_enterprise_count", "ningbo", "Count", "Target", "10", "unitCount", 2022, '重点培育 10家"链主"型 企业'),
    Fig("ind_chain_base_enterprise_count", "ningbo", "Count", "Target", "300", "unitCount", 2022, '300家"链基"型企业'),
    Fig("ind_chain_community_count", "ningbo", "Count", "Target", "10", "unitCount", 2022, "组建10个产业链上下游企业共同体"),
    # 工业投资倍增计划
    Fig("ind_project_count", "shuangbai_project", "Count", "Plan", "112", "unitCount", 2022, '今年,宁波将重点推进"双百"工程项目112个'),
    Fig("ind_investment", "shuangbai_project", "Level", "Plan", "570", "unitCNY", 2022, "计划投资570亿元", multiplier=_Y),
    Fig("ind_project_count", "capital_increase_expansion", "Count", "Plan", "775", "unitCount", 2022, '实施"增资扩产"775个'),
    Fig("ind_investment", "capital_increase_expansion", "Level", "Plan", "557", "unitCNY", 2022, "计划投资557亿元", multiplier=_Y),
    Fig("ind_industrial_investment", "ningbo", "Growth", "Target", "30", "unitPercent", 2022, "力争年度工业投资增长30%"),
    # 企业培育
    Fig("ind_output_value", "ningbo", "Growth", "Target", "20", "unitPercent", 2022, '今年力争"大优强"企业产值增长20%'),
    Fig("ind_50bn_enterprise_count", "ningbo", "Increase", "Target", "2", "unitCount", 2022, "新培育五百亿级企业2家"),
    Fig("ind_10bn_enterprise_count", "ningbo", "Increase", "Target", "3", "unitCount", 2022, "百亿级企业3家"),
    Fig("ind_single_champion_count", "ningbo", "Increase", "Target", "18", "unitCount", 2022, "新增国家级单项冠军18家"),
    Fig("ind_little_giant_count", "ningbo", "Increase", "Target", "120", "unitCount", 2022, '专精特新"小巨人"企业120家'),
    # "两个全覆盖"计划
    Fig("ind_digital_transformation_project_count", "ningbo", "Count", "Target", "1000", "unitCount", 2022, "全年建设数字化改造项目1000项"),
    Fig("ind_smart_factory_count", "ningbo", "Count", "Target", "100", "unitCount", 2022, "市级以上未来工厂/智能工厂/数字化车间100个", qualifier="exactly"),
    Fig("ind_industrial_internet_platform_count", "ningbo", "Count", "Target", "10", "unitCount", 2022, "工业互联网平台10个"),
    # "亩均论英雄"改革
    Fig("ind_low_tax_per_mu_enterprises", "ningbo", "Count", "Target", "0", "unitCount", None, "推动亩均税收1万元以下企业动态清零", qualifier="exactly"),
    Fig("ind_inefficient_block_renovation_count", "ningbo", "Count", "Target", "40", "unitCount", 2022, "今年宁波将重点完成低效区块改造40个"),
    Fig("ind_high_consumption_low_efficiency_enterprise_count", "ningbo", "Count", "Target", "1000", "unitCount", 2022, '整治提升"高耗低效"企业1000家'),
    Fig("ind_scattered_weak_enterprise_count", "ningbo", "Count", "Target", "1500", "unitCount", 2022, '"散乱弱"企业1500家'),
    Fig("ind_green_factory_count", "ningbo", "Count", "Target", "500", "unitCount", 2022, "建设市级以上绿色工厂500家", qualifier="exactly"),
    Fig("ind_green_park_count", "ningbo", "Count", "Target", "10", "unitCount", 2022, "绿色园区10家"),
    Fig("ind_national_green_product_count", "ningbo", "Count", "Target", "30", "unitCount", 2022, "国家级绿色产品30个"),
    # section R
    Fig("ind_gdp", "ningbo", "Level", "Target", "2.2", "unitCNY", None, "在宁波冲刺2.2万亿元目标的历史进程中", multiplier=_WY),
    Fig("ind_trillion_cluster_count", "ningbo", "Count", "Target", "3", "unitCount", None, "宁波三大万亿级产业集群发展规划"),
    Fig("ind_enterprise_count", "ningbo", "Count", "Actual", "18", "unitCount", 2022, "李如成代表宁波18家龙头企业,向全市企业发出倡议"),
]  # fmt: skip

DATES = [
    When("smart_manufacturing_conference_2022", "heldOn", "2022-04-20", "4月20日,我市召开打造"),
    When(
        "entrepreneurship_innovation_awards_2021_ceremony",
        "heldOn",
        "2022-04-20",
        "推进大会暨2021创业创新风云榜颁奖大会",
    ),
]

MISPRINTS = [
    Misprint("店GDP", "占GDP", "全部工业增加值店GDP比重43.1%"),
    Misprint(
        "先战",
        "先进",
        "现代服务业对先战制造业的支撑作用显著增强",
        id="sector_advanced_manufacturing",
        label="先进制造业",
    ),
    Misprint(
        "后增",
        "倍增",
        "宁波将全力实施工业投资后增计划",
        id="industrial_investment_doubling_plan",
        label="工业投资倍增计划",
    ),
    Misprint(
        "干亿级", "千亿级", "万亿GDP城市,必有一批优秀的干亿级企业", id="thousand_billion_enterprise", label="千亿级企业"
    ),
]

APART = [
    Apart("zhenhai_refining", "镇海炼化", "zhenhai", None, "镇海炼化将紧紧围绕宁波三大万亿级产业集群发展规划"),
    Apart("zhenhai_refining", "中国石化镇海炼化公司", "sinopec", "中国石化", "中国石化镇海炼化公司党委书记莫鼎革"),
    Apart("geely_holding", "吉利控股集团", "geely_auto", "吉利汽车集团", "吉利控股集团总裁、吉利汽车集团董事长"),
    Apart("geely_auto", "吉利汽车集团", "zeekr", "极氪智能科技", "吉利汽车集团董事长、极氪智能科技 CEO 安聪慧"),
    Apart(
        "smart_manufacturing_conference_2022",
        '打造"全球智造创新之都"推进大会',
        "entrepreneurship_innovation_awards_2021_ceremony",
        "2021创业创新风云榜颁奖大会",
        '我市召开打造"全球智造创新之都"推进大会暨2021创业创新风云榜颁奖大会',
    ),
]

# Facts both articles state: each is asserted in this article's graph and in the companion's.
CORROBORATED = [
    (
        When("smart_manufacturing_conference_2022", "heldOn", "2022-04-20", "4月20日,我市召开打造"),
        When("smart_manufacturing_conference_2022", "heldOn", "2022-04-20", "昨天下午，全市打造全球智造创新之都推进大会举行", sid=OTHER),
    ),
    (
        Post("mo_dingge", "党委书记", "zhenhai_refining", "中国石化镇海炼化公司党委书记莫鼎革"),
        Post("mo_dingge", "党委书记", "zhenhai_refining", "中国石化镇海炼化公司代表、党委书记莫鼎革", sid=OTHER),
    ),
    (
        Post("an_conghui", "CEO", "zeekr", "极氪智能科技 CEO 安聪慧"),
        Post("an_conghui", "CEO", "zeekr", "极氪智能科技CEO安聪慧", sid=OTHER),
    ),
    (
        Fig("ind_industrial_va", "ningbo", "Rank", "Actual", "7", "unitRank", 2021, "居全国城市第7位", scope="全国"),
        Fig("ind_industrial_va", "ningbo", "Rank", "Actual", "7", "unitRank", 2021, "跃居全国城市第七", scope="全国", sid=OTHER),
    ),
    (
        # the same 2.2万亿元 GDP target: this article gives no year, the companion says 2026
        Fig("ind_gdp", "ningbo", "Level", "Target", "2.2", "unitCNY", None, "在宁波冲刺2.2万亿元目标", multiplier=_WY),
        Fig("ind_gdp", "ningbo", "Level", "Target", "2.2", "unitCNY", 2026, "2026年GDP达到2.2万亿元", multiplier=_WY, sid=OTHER),
    ),
    (
        Rel("zhenhai_refining", "subsidiaryOf", "sinopec", "中国石化镇海炼化公司党委书记莫鼎革"),
        Rel("zhenhai_refining", "subsidiaryOf", "sinopec", "中国石化镇海炼化公司代表、党委书记莫鼎革", sid=OTHER),
    ),
    (
        Rel("industry_brain_future_factory", "partOf", "double_trillion_project", '构建"产业大脑+未来 工厂"的支撑体系'),
        Rel("industry_brain_future_factory", "partOf", "double_trillion_project", "构建“产业大脑+未来工厂”的支撑体系", sid=OTHER),
    ),
    (
        Rel("ningbo", "implements", "global_smart_manufacturing_capital", '为宁波打造"全球智造创新之都"贡献力量'),
        Rel("ningbo", "implements", "global_smart_manufacturing_capital", "宁波打造全球智造创新之都迈开行动步伐", sid=OTHER),
    ),
]  # fmt: skip

CHECKLIST = ENTITIES + RELATIONS + POSTS + FIGURES + DATES + MISPRINTS + APART
