"""Issue 3 checklist for 2024-haishu-excellent-district (spring 2024: 今年 = 2024, 去年 = 2023).

Every entry is a fact read from data/sources/2024-haishu-excellent-district.txt, with the words it
comes from, checked against that article's named graph only.

Data only: tests/test_checklists.py runs the checks of tests/checklist.py on every entry, for
all five articles; the Cuibai names are checked in tests/test_haishu_2024_names.py.
"""

from __future__ import annotations

from checklist import (
    Apart,
    Ent,
    Fig,
    On,
    Post,
    Rel,
    Same,
    article,
)

SID = "2024-haishu-excellent-district"
ARTICLE = article(SID)
N_FIGURES = 20

# ---------------------------------------------------------------------------- the checklist
CHECKLIST: list = [
    # ---- places (翠柏里创新街区 is not 宁波工程学院翠柏校区)
    Ent("海曙", "District", "haishu", "海曙 应势而为 乘势而上"),
    Ent(
        "三江口核心商圈", "CommercialDistrict", "sanjiangkou_core_business_district", "从三江口核心商圈到翠柏里创新街区"
    ),
    Ent("翠柏里创新街区", "InnovationBlock", "cuibaili_block", "从三江口核心商圈到翠柏里创新街区"),
    Same(("翠柏里创新街区", "甬水桥翠柏里"), "cuibaili_block", "“创新创业就来甬水桥翠柏里”品牌"),
    Rel("cuibaili_block", "locatedIn", "haishu", "从三江口核心商圈到翠柏里创新街区"),
    Ent("永宁巷1号街区", "InnovationBlock", "yongningxiang_no1_block", "今天上午，永宁巷1号街区正式开业"),
    On("yongningxiang_no1_block", "openedOn", "2024", "今天上午，永宁巷1号街区正式开业"),
    Same(("永丰布厂", "永丰布厂老厂区"), "yongfeng_cloth_factory", "这个建成于1958年的永丰布厂老厂区迎来了新生"),
    On("yongfeng_cloth_factory", "foundedOn", "1958", "这个建成于1958年的永丰布厂老厂区"),
    Rel(
        "yongningxiang_no1_block",
        "onFormerSiteOf",
        "yongfeng_cloth_factory",
        "这个建成于1958年的永丰布厂老厂区迎来了新生",
    ),
    Ent("临空经济示范区", "Zone", "lingkong_zone", "推动临空经济示范区建设"),
    Ent("海曙区众创空间", "InnovationCentre", "haishu_makerspace", "在海曙区众创空间揭牌成立"),
    Ent("长三角", "Region", "yangtze_delta", "长三角一体化"),
    # ---- companies, people, posts
    Same(("寰采星科技（宁波）有限公司", "寰采星科技"), "huancaixing_ningbo", "寰采星科技是海曙引进来的“金凤凰”之一"),
    Rel("huancaixing_ningbo", "broughtInBy", "haishu", "寰采星科技是海曙引进来的“金凤凰”之一"),
    Ent("安泰科技", "Company", "antai_technology", "我们与安泰科技开展技术合作非常顺利"),
    Rel("huancaixing_ningbo", "cooperatesWith", "antai_technology", "我们与安泰科技开展技术合作非常顺利"),
    Ent("陈鼎国", "Person", "chen_dingguo", "该公司副总经理陈鼎国告诉笔者"),
    Post("chen_dingguo", "副总经理", "huancaixing_ningbo", 2024, "该公司副总经理陈鼎国告诉笔者"),
    Ent("因瓦合金材料", "Product", "invar_alloy", "目前已完成因瓦合金材料的自主开发"),
    Rel("invar_alloy", "developedBy", "huancaixing_ningbo", "目前已完成因瓦合金材料的自主开发"),
    Rel(
        "fine_metal_mask_raw_material",
        "developedBy",
        "huancaixing_ningbo",
        "去年9月，公司成功研制出用于高精度金属掩膜版的原材料",
        ("date", "2023-09"),
    ),
    Same(("蓝卓数字科技有限公司", "蓝卓"), "supcon_bluetron", "推动蓝卓、中控全世等企业发展壮大"),
    Same(("supOS", "supOS工业操作系统"), "supos", "supOS工业操作系统应运而生"),
    Rel("supos", "developedBy", "supcon_bluetron", "由蓝卓数字科技有限公司自主开发的supOS工业操作系统应运而生"),
    Ent(
        "宁波工业互联网研究院",
        "ResearchInstitute",
        "ningbo_industrial_internet_institute",
        "依托落户海曙的“链主”宁波工业互联网研究院",
    ),
    Rel("ningbo_industrial_internet_institute", "settledIn", "haishu", "依托落户海曙的“链主”宁波工业互联网研究院"),
    Ent(
        "上海交大宁波人工智能研究院", "ResearchInstitute", "sjtu_ningbo_ai_institute", "支持上海交大宁波人工智能研究院"
    ),
    Rel(
        "haishu",
        "supports",
        "sjtu_ningbo_ai_institute",
        "支持上海交大宁波人工智能研究院和宁波工业互联网研究院争创省级、国家级创新平台",
    ),
    Ent("宁波欧熠乐科技有限公司", "Company", "ouyile_technology", "宁波欧熠乐科技有限公司自主研发出第三代气体监测技术"),
    Rel(
        "tianan_gas_monitoring_system",
        "developedBy",
        "ouyile_technology",
        "自主研发出第三代气体监测技术“天安气体监测系统”",
    ),
    Ent(
        "宁波悟声建筑工程设计有限公司",
        "Company",
        "wusheng_architectural_design",
        "宁波悟声建筑工程设计有限公司利用声学等新兴技术",
    ),
    Ent("中控全世", "Company", "zhongkong_quanshi", "推动蓝卓、中控全世等企业发展壮大"),
    Ent("中信保", "Company", "sinosure", "联合中信保推出跨境电商出口险"),
    Same(("京东集团", "京东"), "jd_group", "这是京东旗下企业与宁波国资及其他地方国资共同设立的科技创新公司"),
    Same(
        ("东方聚智（北京）科技创新有限公司", "东方聚智"),
        "dongfang_juzhi",
        "东方聚智（北京）科技创新有限公司董事长陆宽说",
    ),
    Ent("陆宽", "Person", "lu_kuan", "京东集团高级副总裁、东方聚智（北京）科技创新有限公司董事长陆宽说"),
    Post("lu_kuan", "高级副总裁", "jd_group", 2024, "京东集团高级副总裁"),
    Post("lu_kuan", "董事长", "dongfang_juzhi", 2024, "东方聚智（北京）科技创新有限公司董事长陆宽说"),
    Ent(
        "宁波东方聚智科创中心",
        "InnovationCentre",
        "dongfang_juzhi_ningbo_centre",
        "今年2月，宁波东方聚智科创中心在海曙区众创空间揭牌成立",
    ),
    On(
        "dongfang_juzhi_ningbo_centre", "unveiledOn", "2024-02", "今年2月，宁波东方聚智科创中心在海曙区众创空间揭牌成立"
    ),
    Rel(
        "dongfang_juzhi_ningbo_centre", "hostedBy", "haishu_makerspace", "宁波东方聚智科创中心在海曙区众创空间揭牌成立"
    ),
    # ---- meetings, systems, programmes, brands
    Ent(
        "海曙区服务业发展大会",
        "Meeting",
        "haishu_services_development_conference_2024",
        "新春伊始，海曙区服务业发展大会、经济高质量发展大会纷至沓来",
    ),
    On("haishu_services_development_conference_2024", "heldOn", "2024", "新春伊始，海曙区服务业发展大会"),
    Ent("“智感通”管理系统", "SoftwareSystem", "zhigantong_system", "通过“智感通”管理系统和“无界云办”政务云平台"),
    Ent(
        "“无界云办”政务云平台", "SoftwareSystem", "wujie_yunban_platform", "通过“智感通”管理系统和“无界云办”政务云平台"
    ),
    Ent("“夜到海曙”", "Brand", "brand_night_haishu", "打响“夜到海曙”品牌"),
    Rel("brand_night_haishu", "brandOf", "haishu", "打响“夜到海曙”品牌"),
    Ent("“归曙感”", "Brand", "brand_guishugan", "今年海曙将持续打响“归曙感”营商环境品牌"),
    Ent(
        "数字经济创新提质“一号发展工程”",
        "Programme",
        "digital_economy_no1_development_project",
        "深入实施数字经济创新提质“一号发展工程”",
    ),
    Ent("“一诺千金”模式", "Reform", "yinuo_qianjin_model", "建立“一诺千金”模式，受到经营主体欢迎"),
    Ent(
        "服务业高质量发展三年行动计划",
        "Programme",
        "services_hq_3yr_plan",
        "海曙将全面启动服务业高质量发展三年行动计划",
    ),
    Rel("haishu", "implements", "services_hq_3yr_plan", "海曙将全面启动服务业高质量发展三年行动计划", ("date", "2024")),
    Rel("services_hq_3yr_plan", "targetsSector", "sector_modern_finance", "重点发展现代贸易、现代金融、现代物流"),
    Rel("haishu", "implements", "manufacturing_hq_3yr_plan", "全面启动制造业高质量发展三年行动计划", ("date", "2024")),
    Same(("科技企业“双倍增”行动", "科技企业双倍增"), "sci_tech_enterprise_doubling", "开展科技企业“双倍增”行动"),
    Rel("cuibaili_support_policy", "supports", "cuibaili_block", "包括翠柏里创新街区扶持政策"),
    Ent("现代化滨海大都市卓越城区", "Strategy", "haishu_excellent_district", "奋力建设现代化滨海大都市卓越城区"),
    Ent("新质生产力", "Strategy", "new_quality_productive_forces", "加快培育新质生产力"),
    Same(("生活服务", "生活性服务业"), "sector_consumer_services", "加快生产性服务业与生活性服务业跨界融合"),
    Ent("空港物流", "IndustrySector", "sector_airport_logistics", "从空港物流的异军突起"),
    Apart("永宁巷1号街区", "永丰布厂", "这个建成于1958年的永丰布厂老厂区迎来了新生"),
    Apart("东方聚智", "宁波东方聚智科创中心", "宁波东方聚智科创中心在海曙区众创空间揭牌成立"),
    Apart("京东集团", "东方聚智", "这是京东旗下企业与宁波国资及其他地方国资共同设立的科技创新公司——东方聚智"),
    Apart("蓝卓", "中控全世", "推动蓝卓、中控全世等企业发展壮大"),
    Apart("因瓦合金材料", "高精度金属掩膜版原材料", "去年9月，公司成功研制出用于高精度金属掩膜版的原材料"),
    # ---- figures: 2023 results (2023年 / 去年)
    Fig(
        "ind_services_va",
        "haishu",
        "level",
        "actual",
        "1207.3",
        "CNY",
        2023,
        "2023年海曙区服务业增加\n\n值达1207.3亿元",
        mult="1e8",
    ),
    Fig("ind_services_va", "haishu", "share", "actual", "73.3", "percent", 2023, "占全区GDP总量的73.3%"),
    Fig(
        "ind_services_contribution_rate",
        "haishu",
        "share",
        "actual",
        "92",
        "percent",
        2023,
        "服务业对经济增量的贡献率高达92%",
    ),
    Fig(
        "ind_enterprise_funds_released",
        "haishu",
        "level",
        "actual",
        "25.82",
        "CNY",
        2023,
        "去年，信用免缴保证金减少企业资金沉淀25.82亿元",
        mult="1e8",
    ),
    # ---- figures: current (今年 = 2024)
    Fig(
        "ind_talent_total",
        "haishu",
        "count",  # a number of people
        "actual",
        "25",
        "person",
        2024,
        "目前，全区各类人才总量超25万人",
        mult="1e4",
        qual="more_than",
    ),
    Fig(
        "ind_national_leading_talents",
        "haishu",
        "count",
        "actual",
        "113",
        "person",
        2024,
        "累计集聚国家级领军人才113名",
    ),
    Fig(
        "ind_provincial_municipal_leading_talents",
        "haishu",
        "count",
        "actual",
        "273",
        "person",
        2024,
        "省市级领军人才273名",
    ),
    Fig(
        "ind_brands",
        "yongningxiang_no1_block",
        "count",
        "actual",
        "30",
        "count",
        2024,
        "各类主理人品牌近30家",
        qual="about",
    ),
    Fig(
        "ind_time_saved", "haishu", "level", "actual", "20", "day", 2024, "容缺招标可为项目节约20天时间", qual="exactly"
    ),
    # ---- figures: targets (never results)
    Fig(
        "ind_gdp",
        "haishu",
        "level",
        "target",
        "2000",
        "CNY",
        2025,
        "实现“十四五”时期地区生产总值超2000亿元目标",
        mult="1e8",
        qual="more_than",
        period="2021-2025",
    ),
    Fig(
        "ind_new_tech_smes",
        "haishu",
        "increase",
        "plan",  # 计划全年
        "300",
        "count",
        2024,
        "计划全年新增科技型中小企业300家以上",
        qual="at_least",
    ),
    Fig(
        "ind_high_tech_enterprises",
        "haishu",
        "count",  # 有效: the stock, though listed after 新增
        "plan",  # same sentence: 计划全年
        "600",
        "count",
        2024,
        "有效国家高新技术企业超600家",
        qual="more_than",
    ),
    Fig(
        "ind_new_rd_institutions",
        "haishu",
        "increase",
        "target",
        "30",
        "count",
        2024,
        "全年新增市级及以上研发机构超30家",
        qual="more_than",
    ),
    Fig(
        "ind_services_va",
        "haishu",
        "growth",
        "target",
        "7",
        "percent",
        2024,
        "确保服\n\n务业增加值增长7%以上",
        qual="at_least",
    ),
    Fig(
        "ind_value_added",
        "haishu",
        "share",
        "target",
        "65",
        "percent",
        2024,
        "生产性服务业占服务业增加值比重达65%",
        sector="sector_producer_services",
    ),
    Fig(
        "ind_value_added",
        "haishu",
        "share",
        "target",
        "3",
        "percent",
        2024,
        "确保信息服务业占地区生产总值比重超3%",
        sector="sector_information_services",
        qual="more_than",
    ),
    Fig(
        "ind_passenger_throughput",
        "haishu",
        "level",
        "target",
        "1370",
        "trips",
        2024,
        "力争全年完成旅客吞吐量1370万人次",
        mult="1e4",
    ),
    Fig(
        "ind_cargo_mail_throughput",
        "haishu",
        "level",
        "target",
        "15.5",
        "tonne",
        2024,
        "货邮吞吐量15.5万吨",
        mult="1e4",
    ),
    Fig(
        "ind_project_count",
        "haishu",
        "increase",
        "target",
        "66",
        "count",
        2024,
        "引进“高精尖”“小而美”等优质项目66个以上",
        qual="at_least",
    ),
]


# ---------------------------------------------------------------------------- photo captions and the Cuibai names
CAPTIONS = {
    "传统制造业\n向“新”发力。抢抓“人工智能+”\n发展机遇。": [
        ("传统制造业", "IndustrySector"),
        ("“人工智能+”", "Strategy"),
    ],
    "高品质消费兼具烟火气。": [("高品质消费", "IndustrySector")],
    "海曙风光。": [("海曙", "District")],
}
