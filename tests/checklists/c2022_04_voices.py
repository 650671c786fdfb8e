"""Checklist for 《创新引领发展 智造成就未来——我市政企各单位热议打造全球智造创新之都》
(2022-04-ningbo-smart-manufacturing-voices).

A commentary page published 2022-04-21 (the conference was on 2022-04-20, the page's 昨天/昨日;
去年 = 2021, 今年 = 2022). Each speaker's statement is printed BEFORE the speaker's name line (the
first block is 市政协副主席、镇海区委书记林雅莲's, so its figures are 镇海's). Every entry is a fact read
from the article text, with its quote, asserted with SPARQL against the article's own named graph
``ekgg:source/<sid>``; entries in ``CORROBORATED`` are asserted in both articles' graphs.

Data only: tests/test_checklists.py runs the checks of tests/checklist.py on every entry, for
all five articles; who said what (``SPEAKER_BLOCKS``) is checked in tests/test_voices_2022_speakers.py.
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

SID = "2022-04-ningbo-smart-manufacturing-voices"
OTHER = "2022-04-ningbo-smart-manufacturing-conference"
TARGET_WORDS = r"力争|计划|目标|预计|争取|将"  # a figure quoted with one of these is never an actual result

# ---------------------------------------------------------------------------------------------- checklist

ENTITIES = [
    # 林雅莲's block (镇海)
    Ent("镇海", "zhenhai", "District", "近年来，镇海贯彻落实制造强国战略", label="镇海区"),
    Ent("制造强国战略", "manufacturing_power_strategy", "Strategy", "镇海贯彻落实制造强国战略"),
    Ent(
        "全域国土空间综合整治",
        "comprehensive_land_space_consolidation",
        "Programme",
        "今年，我们以全域国土空间综合整治为牵引",
    ),
    Ent("长三角", "yangtze_delta", "Region", "打造长三角重要科创策源地"),
    Ent("长三角重要科创策源地", "zhenhai_yrd_innovation_source", "Strategy", "打造长三角重要科创策源地"),
    Ent("生产性服务业", "sector_producer_services", "IndustrySector", "生产性服务业培优育强"),
    Ent("规上工业总产值", "ind_above_scale_industrial_output", "Indicator", "2021 年规上工业总产值首破 3000 亿元"),
    Ent("亩均产出", "ind_output_per_mu", "Indicator", "亩均产出、税收进入全省前十"),
    Ent("制造业高质量发展指数", "ind_manufacturing_hq_development_index", "Indicator", "制造业高质量发展指数全省第四"),
    Ent("市政协", "ningbo_cppcc", "GovernmentBody", "市政协副主席、镇海区委书记林雅莲"),
    Ent("镇海区委", "zhenhai_party_committee", "GovernmentBody", "市政协副主席、镇海区委书记林雅莲"),
    Ent("林雅莲", "lin_yalian", "Person", "市政协副主席、镇海区委书记林雅莲"),
    # the news item (冯瑄)
    Ent("冯瑄", "feng_xuan", "Person", "本报讯（记者冯瑄）"),
    Ent(
        "全市打造全球智造创新之都推进大会",
        "smart_manufacturing_conference_2022",
        "Meeting",
        "昨天下午，全市打造全球智造创新之都推进大会举行",
        label='全市打造"全球智造创新之都"推进大会',
    ),
    Ent("全球智造创新之都", "global_smart_manufacturing_capital", "Strategy", "宁波打造全球智造创新之都迈开行动步伐"),
    Ent(
        "“探访宁波制造业硬核力量”主题活动".replace("“", '"').replace("”", '"'),
        "explore_ningbo_manufacturing_campaign",
        "Campaign",
        "“探访宁波制造业硬核力量”主题活动在音王集团未来数字影院启动",
    ),
    Ent("音王集团", "yinwang_group", "Company", "东南智库授予音王集团全市首个"),
    Ent("音王集团未来数字影院", "yinwang_future_digital_cinema", "Venue", "在音王集团未来数字影院启动"),
    Ent("东南智库", "southeast_think_tank", "Association", "东南智库授予音王集团"),
    Ent(
        "东南智库先进制造业研究基地",
        "southeast_think_tank_manufacturing_base",
        "Designation",
        "全市首个“东南智库先进制造业研究基地”",
    ),
    Ent("京沪", "beijing_shanghai", "Region", "仅次于京沪两地"),
    Ent("单项冠军", "single_champion", "Designation", "63 家国家级制造业“单项冠军”", label="国家级制造业单项冠军"),
    # 傅贵荣's block (余姚)
    Ent("余姚", "yuyao", "CountyLevelCity", "余姚作为工业强市，理应挑大梁、走前列。", label="余姚市"),
    Ent("余姚市委", "yuyao_party_committee", "GovernmentBody", "余姚市委书记傅贵荣"),
    Ent("傅贵荣", "fu_guirong", "Person", "余姚市委书记傅贵荣"),
    Ent('"五个聚力"', "yuyao_five_focuses", "Programme", "我们将做到“五个聚力”"),
    Ent("产业提能工程", "yuyao_industry_capacity_project", "Programme", "深化实施产业提能工程"),
    Ent("智能光电信息", "sector_smart_optoelectronic_info", "IndustrySector", "加快培育智能光电信息等四大标志性产业链"),
    Ent('"品字标"', "pinzibiao", "Designation", "“品字标”企业"),
    # 王兆波's block (前湾新区)
    Ent("前湾新区", "qianwan_new_area", "NewArea", "前湾新区作为全省高能级战略大平台", label="宁波前湾新区"),
    Ent(
        "宁波前湾新区管委会",
        "qianwan_management_committee",
        "GovernmentBody",
        "宁波前湾新区管委会主任、党工委副书记王兆波",
    ),
    Ent("王兆波", "wang_zhaobo", "Person", "党工委副书记王兆波"),
    Ent("全省高能级战略大平台", "zhejiang_high_level_strategic_platform", "Designation", "全省高能级战略大平台"),
    Ent(
        "世界级先进制造业基地",
        "qianwan_world_class_manufacturing_base",
        "Strategy",
        "紧盯建设世界级先进制造业基地目标不动摇",
    ),
    Ent("前湾领航计划", "qianwan_linghang_plan", "Programme", "实施科技企业双倍增和前湾领航计划"),
    Ent("科技企业双倍增", "sci_tech_enterprise_doubling", "Programme", "实施科技企业双倍增和前湾领航计划"),
    # 张世方's block (市经信局)
    Ent("市经信局", "ningbo_economy_bureau", "GovernmentBody", "市经信局局长张世方", label="宁波市经济和信息化局"),
    Ent("张世方", "zhang_shifang", "Person", "市经信局局长张世方"),
    Ent("一流企业培育计划", "first_class_enterprise_plan", "Programme", "全力实施一流企业培育计划"),
    Ent('"五个一批"行动', "five_batches_action", "Programme", "开展“五个一批”行动"),
    # 周嫒儿's block (市服务业发展局)
    Ent(
        "市服务业发展局",
        "ningbo_service_bureau",
        "GovernmentBody",
        "市服务业发展局局长周嫒儿",
        label="宁波市服务业发展局",
    ),
    Ent("周嫒儿", "zhou_aier", "Person", "市服务业发展局局长周嫒儿"),
    # 莫鼎革's block (镇海炼化)
    Ent("市两会", "ningbo_two_sessions_2022", "Meeting", "刚刚结束的市两会"),
    Ent("镇海炼化", "zhenhai_refining", "Company", "镇海炼化有责任、义务"),
    Ent(
        "中国石化镇海炼化公司",
        "zhenhai_refining",
        "Company",
        "中国石化镇海炼化公司代表、党委书记莫鼎革",
        label="镇海炼化",
    ),
    Ent("中石化", "sinopec", "Company", "加快建成中石化宁波新材料研究院", label="中国石化"),
    Ent(
        "中石化宁波新材料研究院",
        "sinopec_ningbo_new_materials_institute",
        "ResearchInstitute",
        "加快建成中石化宁波新材料研究院",
    ),
    Ent("千亿级企业", "thousand_billion_enterprise", "Designation", "需要一批优秀的千亿级企业做支撑"),
    Ent("莫鼎革", "mo_dingge", "Person", "党委书记莫鼎革"),
    # 安聪慧's block (极氪)
    Ent("极氪智能科技", "zeekr", "Company", "作为一家智能科技公司，极氪智能科技"),
    Ent(
        "宁波经济技术开发区管委会",
        "ningbo_etdz_management_committee",
        "GovernmentBody",
        "与宁波经济技术开发区管委会签署全球总部项目",
    ),
    Ent("全球总部项目", "zeekr_global_hq_project", "Project", "签署全球总部项目"),
    Ent(
        "电动汽车和智能汽车高端零部件产业园",
        "ev_smart_car_parts_park",
        "Park",
        "共同投资建设电动汽车和智能汽车高端零部件产业园",
    ),
    Ent("安聪慧", "an_conghui", "Person", "极氪智能科技CEO安聪慧"),
    # 张江平's block (太平鸟)
    Ent("太平鸟", "taiping_bird", "Company", "太平鸟已经制定了较为清晰的实施路径"),
    Ent("太平鸟集团有限公司", "taiping_bird", "Company", "太平鸟集团有限公司董事长张江平", label="太平鸟"),
    Ent("张江平", "zhang_jiangping", "Person", "董事长张江平"),
    Ent("东方滨海时尚之都", "eastern_coastal_fashion_capital", "Strategy", "东方滨海时尚之都"),
    Ent(
        "全球数字时尚产业园",
        "global_digital_fashion_park_project",
        "Project",
        "“全球数字时尚产业园”项目",
        label='"全球数字时尚产业园"项目',
    ),
    Ent('"7+1"全球时尚智造提升计划', "taiping_bird_7plus1_plan", "Programme", "启动“7+1”全球时尚智造提升计划"),
    Ent("跨境电商品牌出海战略", "taiping_bird_cross_border_brand_strategy", "Strategy", "启动跨境电商品牌出海战略"),
    Ent("时尚产业", "sector_fashion", "IndustrySector", "传统优势产业时尚产业就是“柔性智造”"),
    Ent("汽车产业", "sector_auto", "IndustrySector", "宁波的特色产业汽车产业", label="汽车"),
]

RELATIONS = [
    # 镇海
    Rel("zhenhai", "implements", "manufacturing_power_strategy", "镇海贯彻落实制造强国战略"),
    Rel("zhenhai", "implements", "comprehensive_land_space_consolidation", "今年，我们以全域国土空间综合整治为牵引", date="2022", expr="今年"),
    Rel("zhenhai", "implements", "zhenhai_yrd_innovation_source", "打造长三角重要科创策源地"),
    Rel("zhenhai", "implements", "zhenhai_manufacturing_strong_district", "加快建设制造强区科技强区数字强区"),
    # news item
    Rel("explore_ningbo_manufacturing_campaign", "heldAt", "yinwang_future_digital_cinema", "主题活动在音王集团未来数字影院启动", date="2022-04-20"),
    Rel("yinwang_group", "hasDesignation", "southeast_think_tank_manufacturing_base", "东南智库授予音王集团全市首个“东南智库先进制造业研究基地”", date="2022-04-20"),
    Rel("southeast_think_tank_manufacturing_base", "awardedBy", "southeast_think_tank", "东南智库授予音王集团全市首个“东南智库先进制造业研究基地”"),
    Rel("smart_manufacturing_conference_2022", "about", "global_smart_manufacturing_capital", "全市打造全球智造创新之都推进大会举行"),
    # 余姚
    Rel("yuyao", "implements", "yuyao_five_focuses", "我们将做到“五个聚力”"),
    Rel("yuyao_industry_capacity_project", "partOf", "yuyao_five_focuses", "一要聚力推动产业发展集群化。深化实施产业提能工程"),
    Rel("yuyao_industry_capacity_project", "targetsSector", "sector_smart_optoelectronic_info", "加快培育智能光电信息等四大标志性产业链"),
    Rel("yuyao", "implements", "mu_jun_reform", "强化“亩均论英雄”改革"),
    Rel("yuyao", "implements", "tenglong_huanniao_campaign", "启动新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动"),
    # 前湾新区
    Rel("qianwan_new_area", "hasDesignation", "zhejiang_high_level_strategic_platform", "前湾新区作为全省高能级战略大平台"),
    Rel("qianwan_new_area", "implements", "qianwan_world_class_manufacturing_base", "紧盯建设世界级先进制造业基地目标不动摇"),
    Rel("qianwan_new_area", "implements", "qianwan_linghang_plan", "实施科技企业双倍增和前湾领航计划"),
    Rel("qianwan_new_area", "implements", "four_ups_action", "大力实施企业“上规上市上云上榜”行动"),
    # 市经信局
    Rel("ningbo_economy_bureau", "implements", "first_class_enterprise_plan", "全力实施一流企业培育计划"),
    Rel("five_batches_action", "partOf", "industrial_foundation_reengineering", "全力实施产业基础再造工程。聚焦重点领域和十大标志性产业链，开展“五个一批”行动"),
    Rel("industrial_agglomeration_zone_plan", "partOf", "mu_jun_reform", "全力深化“亩均论英雄”改革。编制工业集聚区规划"),
    # 市服务业发展局
    Rel("ningbo_service_bureau", "implements", "producer_services_benchmark_city", "打造具有国际知名度的生产性服务业标杆城市"),
    Rel("producer_services_benchmark_city", "targetsSector", "sector_producer_services", "打造具有国际知名度的生产性服务业标杆城市"),
    # 镇海炼化
    Rel("ningbo_two_sessions_2022", "about", "six_capitals", "打造“六个之都”"),
    Rel("zhenhai_refining", "operates", "sinopec_ningbo_new_materials_institute", "加快建成中石化宁波新材料研究院"),
    Rel("sinopec_ningbo_new_materials_institute", "subOrganizationOf", "sinopec", "中石化宁波新材料研究院"),
    # 极氪
    Rel("zeekr", "signedWith", "ningbo_etdz_management_committee", "一个多月前，极氪智能科技与宁波经济技术开发区管委会签署全球总部项目", date="2022"),
    Rel("zeekr_global_hq_project", "ledBy", "zeekr", "极氪智能科技与宁波经济技术开发区管委会签署全球总部项目"),
    Rel("zeekr", "settledIn", "ningbo", "极氪智能电动汽车自去年 6 月落户宁波", date="2021-06"),
    Rel("zeekr", "investsIn", "ev_smart_car_parts_park", "与宁波共同投资建设电动汽车和智能汽车高端零部件产业园"),
    Rel("ningbo", "implements", "ningbo_auto_longwan", "为宁波打造汽车产业“龙湾”夯实了基础"),
    # 太平鸟
    Rel("ningbo", "implements", "eastern_coastal_fashion_capital", "要打造全球智造创新之都、东方滨海时尚之都"),
    Rel("taiping_bird", "supports", "global_digital_fashion_park_project", "全力配合并积极参与筹划建设"),
    Rel("taiping_bird", "implements", "taiping_bird_7plus1_plan", "启动“7+1”全球时尚智造提升计划"),
    Rel("taiping_bird", "implements", "taiping_bird_cross_border_brand_strategy", "启动跨境电商品牌出海战略"),
]  # fmt: skip

POSTS = [
    Post("lin_yalian", "市政协副主席", "ningbo_cppcc", "市政协副主席、镇海区委书记林雅莲"),
    Post("lin_yalian", "镇海区委书记", "zhenhai_party_committee", "市政协副主席、镇海区委书记林雅莲"),
    Post("fu_guirong", "余姚市委书记", "yuyao_party_committee", "余姚市委书记傅贵荣"),
    Post(
        "wang_zhaobo",
        "宁波前湾新区管委会主任",
        "qianwan_management_committee",
        "宁波前湾新区管委会主任、党工委副书记王兆波",
    ),
    Post(
        "wang_zhaobo", "党工委副书记", "qianwan_party_working_committee", "宁波前湾新区管委会主任、党工委副书记王兆波"
    ),
    Post("zhang_shifang", "市经信局局长", "ningbo_economy_bureau", "市经信局局长张世方"),
    Post("zhou_aier", "市服务业发展局局长", "ningbo_service_bureau", "市服务业发展局局长周嫒儿"),
    Post("mo_dingge", "代表", "zhenhai_refining", "中国石化镇海炼化公司代表、党委书记莫鼎革"),
    Post("mo_dingge", "党委书记", "zhenhai_refining", "中国石化镇海炼化公司代表、党委书记莫鼎革"),
    Post("an_conghui", "CEO", "zeekr", "极氪智能科技CEO安聪慧"),
    Post("zhang_jiangping", "董事长", "taiping_bird", "太平鸟集团有限公司董事长张江平"),
]

_Y = "1e8"  # 亿
_WY = "1e12"  # 万亿
_Q = "qianwan_new_area"
FIGURES = [
    # 林雅莲 (镇海): 2021 results, then 今年's targets
    Fig("ind_above_scale_industrial_output", "zhenhai", "Level", "Actual", "3000", "unitCNY", 2021, "2021 年规上工业总产值首破 3000 亿元", multiplier=_Y, qualifier="more_than"),
    Fig("ind_output_per_mu", "zhenhai", "Rank", "Actual", "10", "unitRank", 2021, "亩均产出、税收进入全省前十", scope="全省", qualifier="at_most"),
    Fig("ind_tax_per_mu", "zhenhai", "Rank", "Actual", "10", "unitRank", 2021, "亩均产出、税收进入全省前十", scope="全省", qualifier="at_most"),
    Fig("ind_manufacturing_hq_development_index", "zhenhai", "Rank", "Actual", "4", "unitRank", 2021, "制造业高质量发展指数全省第四", scope="全省"),
    Fig("ind_above_scale_industrial_output", "zhenhai", "Level", "Target", "4000", "unitCNY", 2022, "力争规上工业总产值突破 4000 亿元", multiplier=_Y, qualifier="more_than", expr="今年"),
    Fig("ind_industrial_va", "zhenhai", "Level", "Target", "800", "unitCNY", 2022, "工业增加值突破 800 亿元", multiplier=_Y, qualifier="more_than"),
    Fig("ind_major_industrial_projects", "zhenhai", "Count", "Plan", "50", "unitCount", 2022, "推进 50 个亿元以上重大工业项目开工、建设、投产", qualifier="exactly"),
    Fig("ind_industry_investment", "zhenhai", "Level", "Target", "200", "unitCNY", 2022, "产业投资超 200 亿元", multiplier=_Y, qualifier="more_than"),
    Fig("ind_revenue", "zhenhai", "Level", "Target", "1800", "unitCNY", 2022, "生产线服务业营收突破 1800 亿元", multiplier=_Y, sector="sector_producer_services", qualifier="more_than", reported="生产性服务业"),
    # 冯瑄's news item: Ningbo in 2021 and now
    Fig("ind_industrial_va", "ningbo", "Level", "Actual", "6000", "unitCNY", 2021, "2021 年，宁波工业增加值突破 6000 亿元大关", multiplier=_Y, qualifier="more_than"),
    Fig("ind_industrial_va", "ningbo", "Rank", "Actual", "7", "unitRank", 2021, "跃居全国城市第七", scope="全国"),
    Fig("ind_value_added", "ningbo", "Level", "Actual", "1000", "unitCNY", 2021, "数字经济核心产业增加值突破千亿元", multiplier=_Y, sector="sector_digital_economy_core", qualifier="more_than"),
    Fig("ind_single_champion_count", "ningbo", "Count", "Actual", "63", "unitCount", 2022, "宁波已拥有 63 家国家级制造业“单项冠军”"),
    Fig("ind_single_champion_count", "ningbo", "Rank", "Actual", "1", "unitRank", 2022, "连续 4 年位居全国第一", scope="全国"),
    Fig("ind_little_giant_count", "ningbo", "Count", "Actual", "182", "unitCount", 2022, "国家级专精特新“小巨人”达 182 家"),
    Fig("ind_little_giant_count", "ningbo", "Rank", "Actual", "3", "unitRank", 2022, "数量位居全国第三，仅次于京沪两地", scope="全国"),
    Fig("ind_enterprises_visited", "explore_ningbo_manufacturing_campaign", "Count", "Plan", "10", "unitCount", 2022, "将在今年内探访至少 10 家宁波“大优强”企业", qualifier="at_least"),
    Fig("ind_participants", "explore_ningbo_manufacturing_campaign", "Count", "Actual", "40", "unitPerson", 2022, "40 位代表参加了启动仪式"),
    # 傅贵荣 (余姚)
    Fig("ind_landmark_industry_chains", "yuyao", "Count", "Target", "4", "unitCount", None, "加快培育智能光电信息等四大标志性产业链"),
    # 王兆波 (前湾新区): 今年 and 2026
    Fig("ind_investment_attraction", _Q, "Level", "Target", "400", "unitCNY", 2022, "今年力争完成招商和投资“双400亿”目标", multiplier=_Y),
    Fig("ind_investment", _Q, "Level", "Target", "400", "unitCNY", 2022, "今年力争完成招商和投资“双400亿”目标", multiplier=_Y),
    Fig("ind_above_scale_industrial_output", _Q, "Level", "Target", "4500", "unitCNY", 2026, "争取到2026年，规上工业产值突破 4500 亿元", multiplier=_Y, qualifier="more_than"),
    Fig("ind_advanced_cluster_count", _Q, "Count", "Target", "1", "unitCount", 2026, "形成 1 个两千亿级"),
    Fig("ind_advanced_cluster_count", _Q, "Count", "Target", "3", "unitCount", 2026, "3个五百亿级、若干个百亿级先进产业集群"),
    Fig("ind_high_tech_enterprises", _Q, "Growth", "Target", "35", "unitPercent", 2022, "争 取 今 年 高 新 技 术 企 业 数 量 增 长 超 35%", qualifier="more_than"),
    Fig("ind_value_added", _Q, "Share", "Target", "80", "unitPercent", 2026, "2026 年高新技术产业增加值占规上工业比重超 80%", sector="sector_high_tech", qualifier="more_than"),
    Fig("ind_high_level_innovation_talent", _Q, "Count", "Target", "8", "unitPerson", 2026, "高层次创新人才 8 万名以上", multiplier="1e4", qualifier="at_least"),
    Fig("ind_enterprise_count", _Q, "Count", "Target", "60", "unitCount", 2022, "今年实现数字经济入园企业 60 家以上", sector="sector_digital_economy", qualifier="at_least"),
    Fig("ind_value_added", _Q, "Share", "Target", "65", "unitPercent", 2026, "到 2026 年，战略性新兴产业增加值占规上工业比重超 65%", sector="sector_strategic_emerging", qualifier="more_than"),
    Fig("ind_value_added", _Q, "Growth", "Target", "20", "unitPercent", 2026, "数字经济核心产业增加值年均增长超 20%", sector="sector_digital_economy_core", qualifier="more_than"),
    Fig("ind_10bn_enterprise_count", _Q, "Increase", "Target", "1", "unitCount", 2022, "力争今年新培育百亿企业 1 家"),
    Fig("ind_5bn_enterprise_count", _Q, "Increase", "Target", "3", "unitCount", 2022, "五十亿企业 3 家"),
    Fig("ind_100bn_enterprise_count", _Q, "Count", "Target", "1", "unitCount", 2026, "2026 年培育千亿级、五百亿级规模企业各 1 家"),
    Fig("ind_50bn_enterprise_count", _Q, "Count", "Target", "1", "unitCount", 2026, "2026 年培育千亿级、五百亿级规模企业各 1 家"),
    Fig("ind_10bn_enterprise_count", _Q, "Count", "Target", "5", "unitCount", 2026, "百亿级规模企业 5 家以上", qualifier="at_least"),
    # 张世方 (市经信局)
    Fig("ind_landmark_industry_chains", "ningbo", "Count", "Target", "10", "unitCount", None, "聚焦重点领域和十大标志性产业链"),
    Fig("ind_low_tax_per_mu_enterprises", "ningbo", "Count", "Target", "0", "unitCount", None, "推动亩均税收1万元以下企业动态清零", qualifier="exactly"),
    # 周嫒儿 (市服务业发展局)
    Fig("ind_value_added", "ningbo", "Level", "Target", "6500", "unitCNY", 2026, "到 2026 年，力争生产性服务业增加值达到 6500 亿元", multiplier=_Y, sector="sector_producer_services"),
    # 莫鼎革 (镇海炼化)
    Fig("ind_gdp", "ningbo", "Level", "Target", "2.2", "unitCNY", 2026, "响亮提出了2026年GDP达到2.2万亿元等新目标", multiplier=_WY),
    Fig("ind_output_value", "zhenhai_refining", "Level", "Target", "3000", "unitCNY", None, "率先达到年产值 3000 亿元的企业规模", multiplier=_Y),
    Fig("ind_driven_output_value", "zhenhai_refining", "Level", "Target", "1", "unitCNY", None, "直接拉动万亿元的产值规模", multiplier=_WY),
    # 安聪慧 (极氪)
    Fig("ind_talent_introduced", "zeekr_global_hq_project", "Increase", "Forecast", "1500", "unitPerson", None, "预计3年引进人才1500人"),
    Fig("ind_high_end_talent_introduced", "zeekr_global_hq_project", "Increase", "Forecast", "500", "unitPerson", None, "其中高端人才约500人", qualifier="about"),
]  # fmt: skip

DATES = [
    When(
        "smart_manufacturing_conference_2022", "heldOn", "2022-04-20", "昨天下午，全市打造全球智造创新之都推进大会举行"
    ),
    When(
        "explore_ningbo_manufacturing_campaign",
        "launchedOn",
        "2022-04-20",
        "“探访宁波制造业硬核力量”主题活动在音王集团未来数字影院启动",
    ),
]

MISPRINTS = [
    Misprint("生产线", "生产性", "生产线服务业营收突破 1800 亿元", id="sector_producer_services", label="生产性服务业"),
]

APART = [
    Apart("zhenhai", "镇海", "zhenhai_refining", "镇海炼化", "近年来，镇海贯彻落实制造强国战略"),
    Apart("zhenhai_party_committee", "镇海区委", "zhenhai", "镇海", "镇海区委书记林雅莲"),
    Apart("zhenhai_refining", "中国石化镇海炼化公司", "sinopec", "中石化", "中国石化镇海炼化公司代表、党委书记莫鼎革"),
    Apart(
        "sinopec_ningbo_new_materials_institute",
        "中石化宁波新材料研究院",
        "sinopec",
        "中石化",
        "加快建成中石化宁波新材料研究院",
    ),
    Apart(
        "yinwang_future_digital_cinema",
        "音王集团未来数字影院",
        "yinwang_group",
        "音王集团",
        "在音王集团未来数字影院启动",
    ),
    Apart(
        "qianwan_management_committee", "宁波前湾新区管委会", "qianwan_new_area", "前湾新区", "宁波前湾新区管委会主任"
    ),
    Apart(
        "ningbo_two_sessions_2022",
        "市两会",
        "smart_manufacturing_conference_2022",
        "全市打造全球智造创新之都推进大会",
        "刚刚结束的市两会",
    ),
]

# Facts both articles state: each is asserted in this article's graph and in the companion's.
CORROBORATED = [
    (
        Rel("ningbo_14th_party_congress", "about", "global_smart_manufacturing_capital", "打造全球智造创新之都，是市第十四次党代会作出的重大战略决策部署"),
        Rel("ningbo_14th_party_congress", "about", "global_smart_manufacturing_capital", '市第十四次党代会明确提出要打造"全球智造创新之都"', sid=OTHER),
    ),
    (
        Rel("mo_dingge", "participatedIn", "smart_manufacturing_conference_2022", "今天的大会，又进一步传递了制造业先行的明确导向"),
        Rel("mo_dingge", "participatedIn", "smart_manufacturing_conference_2022", "在昨天的大会上,中国石化镇海炼化公司党委书记莫鼎革", date="2022-04-20", expr="昨天", sid=OTHER),
    ),
    (
        Rel("tenglong_huanniao_campaign", "partOf", "mu_jun_reform", "深入开展新一轮“腾笼换鸟、凤凰涅槃”攻坚行动"),
        Rel("tenglong_huanniao_campaign", "partOf", "mu_jun_reform", '深入开展新一轮"腾笼换鸟、凤凰涅槃"攻坚行动', sid=OTHER),
    ),
    (
        Rel("double_trillion_project", "targetsSector", "sector_integrated_circuits", "培育壮大集成电路等产业"),
        Rel("double_trillion_project", "targetsSector", "sector_integrated_circuits", "培育壮大集 成电路", sid=OTHER),
    ),
    (
        Rel("one_enterprise_one_policy", "partOf", "first_class_enterprise_plan", "“一企一策”推进政策、服务、资源聚焦集成"),
        Rel("one_enterprise_one_policy", "partOf", "first_class_enterprise_plan", "我们将建立'大优强'企业服务绿色通道和'一企一策'培育机制", sid=OTHER),
    ),
    (
        Rel("machine_replacing_labour", "partOf", "two_full_coverage_plan", "支持中小微企业实施关键环节的数字化和机器换人"),
        Rel("machine_replacing_labour", "partOf", "two_full_coverage_plan", "支持中小微企业实施关键环节的数字化和机器换人", sid=OTHER),
    ),
    (
        Rel("taiping_bird", "implements", "fashion_industry_digitalization", "品牌创新全球化和时尚产业数字化"),
        Rel("taiping_bird", "implements", "fashion_industry_digitalization", "太 平鸟将主抓品牌创新全球化和时尚 产业数字化两个核心点", sid=OTHER),
    ),
    (
        Post("zhang_jiangping", "董事长", "taiping_bird", "太平鸟集团有限公司董事长张江平"),
        Post("zhang_jiangping", "董事长", "taiping_bird", "太平鸟集团有限公司董事长张江平", sid=OTHER),
    ),
    (
        Fig("ind_low_tax_per_mu_enterprises", "ningbo", "Count", "Target", "0", "unitCount", None, "推动亩均税收1万元以下企业动态清零", qualifier="exactly"),
        Fig("ind_low_tax_per_mu_enterprises", "ningbo", "Count", "Target", "0", "unitCount", None, "推动亩均税收1万元以下企业动态清零", qualifier="exactly", sid=OTHER),
    ),
    (
        Fig("ind_landmark_industry_chains", "ningbo", "Count", "Target", "10", "unitCount", None, "十大标志性产业链"),
        Fig("ind_landmark_industry_chains", "ningbo", "Count", "Target", "10", "unitCount", None, "十大标志性产业链", sid=OTHER),
    ),
]  # fmt: skip

# Who said what: a statement is printed before its speaker's name line, so each speaker's figures
# must come from the lines between the previous name line and theirs (line numbers of the source).
SPEAKER_BLOCKS = [
    # speaker (block), (indicator or None, area[, sector]) selectors, first line, name line (the next
    # headline for the news item, which has its reporter's name at its start)
    ("lin_yalian-zhenhai", [(None, "zhenhai")], 1, 33),
    (
        "feng_xuan-news-item",
        [(None, "explore_ningbo_manufacturing_campaign"), ("ind_single_champion_count", "ningbo")],
        38,
        81,
    ),
    ("fu_guirong-yuyao", [(None, "yuyao")], 100, 129),
    ("wang_zhaobo-qianwan", [(None, "qianwan_new_area")], 134, 168),
    (
        "zhang_shifang-economy-bureau",
        [("ind_landmark_industry_chains", "ningbo"), ("ind_low_tax_per_mu_enterprises", "ningbo")],
        173,
        208,
    ),
    ("zhou_aier-service-bureau", [("ind_value_added", "ningbo", "sector_producer_services")], 213, 240),
    ("mo_dingge-zhenhai-refining", [(None, "zhenhai_refining"), ("ind_gdp", "ningbo")], 245, 273),
    ("an_conghui-zeekr", [(None, "zeekr_global_hq_project")], 278, 312),
]

CHECKLIST = ENTITIES + RELATIONS + POSTS + FIGURES + DATES + MISPRINTS + APART
