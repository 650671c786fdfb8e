"""The plan of a synthetic region: its vocabulary (names, sectors, indicators) and backbone sizes.

:class:`Plan` turns a requested number of triples into how many companies, districts,
parks, sectors, programmes and institutes the region gets; :class:`RegionStats` counts what
:func:`ecokg.scale.synth.write_region` wrote. Nothing here writes anything.

>>> p = Plan.for_size(10_000)
>>> p.companies, p.districts
(294, 3)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

#: Rough number of triples one company contributes (used to size the backbone).
TRIPLES_PER_COMPANY = 34
#: Entities per synthetic article (one article = one named facts graph).
ENTITIES_PER_ARTICLE = 400

SYLLABLES = "海江宁鄞奉慈余象镇北仑明州甬东望春石碶鼓楼月湖天一高新梅山杭湾前湾临港"
FIRM_WORDS = "智创科锐恒瑞泰华盛达通远博信诚联合精工新材电子数控光电汽配装备医药纺织模具轴承"
COMPANY_FORMS = ["科技有限公司", "股份有限公司", "集团有限公司", "制造有限公司", "电子有限公司", "新材料有限公司"]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
GIVEN_NAMES = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志"
#: Top-level sectors (zh, en); sub-sectors add one of :data:`SUB_SECTORS`.
SECTORS = [
    ("智能制造", "Smart manufacturing"),
    ("新材料", "New materials"),
    ("数字经济", "Digital economy"),
    ("生物医药", "Biomedicine"),
    ("汽车及零部件", "Automobiles and parts"),
    ("时尚纺织服装", "Fashion and textiles"),
    ("绿色石化", "Green petrochemicals"),
    ("集成电路", "Integrated circuits"),
    ("现代服务业", "Modern services"),
    ("节能环保", "Energy saving"),
]
SUB_SECTORS = ["装备", "材料", "软件", "器件", "服务", "系统", "零部件", "平台"]
#: (suffix, zh label, unit local name, multiplier, measure)
INDICATORS = [
    ("gdp", "地区生产总值", "unitCNY", 100_000_000, "Level"),
    ("industrial_output", "规上工业总产值", "unitCNY", 100_000_000, "Level"),
    ("industrial_va", "规上工业增加值", "unitCNY", 100_000_000, "Level"),
    ("gdp_growth", "地区生产总值增速", "unitPercent", 1, "Growth"),
    ("digital_share", "数字经济核心产业占比", "unitPercent", 1, "Share"),
    ("firms", "规上工业企业数", "unitCount", 1, "Count"),
    ("hightech_firms", "高新技术企业数", "unitCount", 1, "Count"),
    ("rd_staff", "研发人员数", "unitPerson", 1, "Count"),
]
YEARS = range(2016, 2025)
#: Per top-level sector: a real GB/T 4754-2017 小类 with its 中类, 大类 and 门类 (code, name), and the
#: 战略性新兴产业 the 2018 classification puts it in (read from ``data/reference/gbt4754-2017.json``).
SECTOR_GBT = [
    (
        (("3491", "工业机器人制造"), ("349", "其他通用设备制造业"), ("34", "通用设备制造业"), ("C", "制造业")),
        ("高端装备制造产业",),
    ),
    (
        (
            ("2651", "初级形态塑料及合成树脂制造"),
            ("265", "合成材料制造"),
            ("26", "化学原料和化学制品制造业"),
            ("C", "制造业"),
        ),
        ("新一代信息技术产业", "新材料产业"),
    ),
    (
        (
            ("6513", "应用软件开发"),
            ("651", "软件开发"),
            ("65", "软件和信息技术服务业"),
            ("I", "信息传输、软件和信息技术服务业"),
        ),
        ("数字创意产业", "新一代信息技术产业"),
    ),
    ((("2761", "生物药品制造"), ("276", "生物药品制品制造"), ("27", "医药制造业"), ("C", "制造业")), ("生物产业",)),
    (
        (("3670", "汽车零部件及配件制造"), ("367", "汽车零部件及配件制造"), ("36", "汽车制造业"), ("C", "制造业")),
        ("新能源汽车产业", "节能环保产业"),
    ),
    ((("2822", "涤纶纤维制造"), ("282", "合成纤维制造"), ("28", "化学纤维制造业"), ("C", "制造业")), ("新材料产业",)),
    (
        (
            ("2614", "有机化学原料制造"),
            ("261", "基础化学原料制造"),
            ("26", "化学原料和化学制品制造业"),
            ("C", "制造业"),
        ),
        ("新材料产业", "新能源产业", "生物产业"),
    ),
    (
        (
            ("3973", "集成电路制造"),
            ("397", "电子器件制造"),
            ("39", "计算机、通信和其他电子设备制造业"),
            ("C", "制造业"),
        ),
        ("新一代信息技术产业",),
    ),
    (
        (
            ("7320", "工程和技术研究和试验发展"),
            ("732", "工程和技术研究和试验发展"),
            ("73", "研究和试验发展"),
            ("M", "科学研究和技术服务业"),
        ),
        ("新材料产业", "新能源产业", "新能源汽车产业", "生物产业", "节能环保产业", "高端装备制造产业"),
    ),
    (
        (
            ("7514", "节能技术推广服务"),
            ("751", "技术推广服务"),
            ("75", "科技推广和应用服务业"),
            ("M", "科学研究和技术服务业"),
        ),
        ("节能环保产业",),
    ),
]
GBT_LEVELS = ("小类", "中类", "大类", "门类")
#: Designations a region's firms hold (the curated graph's 专精特新, 单项冠军, ... kinds).
DESIGNATIONS = ["专精特新“小巨人”企业", "制造业单项冠军", "高新技术企业", "智能工厂", "数字化车间", "隐形冠军企业"]
#: Product kinds and what the curated graph calls them.
PRODUCT_KINDS = [("Product", "产品"), ("SoftwareSystem", "系统"), ("DigitalPlatform", "平台")]
TITLES = ["董事长", "总经理", "院长", "主任", "党委书记", "区长"]


@dataclass
class RegionStats:
    """What :func:`ecokg.scale.synth.write_region` wrote: ``triples`` statements in the named graphs
    (the region's size) and ``quads`` lines in all, the default graph's copy of each distinct
    triple (the asserted graph) included."""

    triples: int = 0
    quads: int = 0
    companies: int = 0
    people: int = 0
    institutes: int = 0
    districts: int = 0
    parks: int = 0
    sectors: int = 0
    programmes: int = 0
    observations: int = 0
    partnerships: int = 0
    articles: int = 0
    sentences: int = 0
    classes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """Backbone sizes derived from the requested number of triples.

    >>> p = Plan.for_size(1_000_000)
    >>> p.districts, p.parks >= p.districts, p.companies > 20_000
    (10, True, True)
    """

    size: int
    companies: int
    districts: int
    parks: int
    sectors: int
    programmes: int
    institutes: int

    @classmethod
    def for_size(cls, size: int) -> Plan:
        n = max(20, size // TRIPLES_PER_COMPANY)
        districts = max(3, min(60, round(math.sqrt(n) / 17)))
        return cls(
            size=size,
            companies=n,
            districts=districts,
            parks=max(districts + 1, min(2000, n // 250)),
            sectors=max(len(SECTORS) + 4, min(400, n // 400)),
            programmes=max(3, min(1000, n // 800)),
            institutes=max(2, n // 150),
        )
