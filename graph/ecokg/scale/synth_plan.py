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
ENTITIES_PER_ARTICLE = 2000

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
TITLES = ["董事长", "总经理", "院长", "主任", "党委书记", "区长"]


@dataclass
class RegionStats:
    """What :func:`ecokg.scale.synth.write_region` wrote."""

    triples: int = 0
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
