"""What the extractor knows: the curated entities, their printed names, their type groups.

The ontology has 35 entity classes; the extractor tags mentions with ten coarse *groups* (a
person, an organisation, a place, a park or zone, ...) and picks the class inside a group from
the name's suffix (:func:`class_for`).  :class:`Knowledge` is built from the curated facts
*minus* any held-out article, so leave-one-article-out evaluation never sees the answer.

>>> group_of("Company"), group_of("District"), group_of("Park"), group_of("Meeting")
('org', 'place', 'park', 'event')
>>> class_for("宁波某某新材料有限公司", "org"), class_for("宁波市经信局", "org"), class_for("某某研究院", "org")
('Company', 'GovernmentBody', 'ResearchInstitute')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

GROUPS: dict[str, tuple[str, ...]] = {
    "person": ("Person",),
    "org": ("Company", "GovernmentBody", "ResearchInstitute", "University", "InnovationCentre", "Association"),
    "place": ("Country", "Province", "City", "District", "CountyLevelCity", "NewArea", "Town", "Region"),
    "park": ("Park", "Zone", "InnovationBlock", "CommercialDistrict", "Campus", "Venue"),
    "programme": (
        "Programme",
        "Campaign",
        "PolicyDocument",
        "Reform",
        "Strategy",
        "IndustryCluster",
        "Project",
    ),  # fmt: skip
    "sector": ("IndustrySector",),
    "product": ("Product", "SoftwareSystem", "DigitalPlatform", "Brand"),
    "event": ("Event", "Meeting"),
    "designation": ("Designation",),
    "indicator": ("Indicator",),
}
_GROUP_OF = {cls: g for g, classes in GROUPS.items() for cls in classes}

# the class inside a group, from how the name ends (first match wins); else the group's default
_SUFFIX_CLASS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("org", ("公司", "集团", "股份", "企业", "厂"), "Company"),
    ("org", ("局", "委", "政府", "厅", "部", "办", "委员会", "管委会", "党代会"), "GovernmentBody"),
    ("org", ("研究院", "研究所", "实验室", "研究中心"), "ResearchInstitute"),
    ("org", ("大学", "学院", "学校"), "University"),
    ("org", ("中心", "众创空间", "孵化器"), "InnovationCentre"),
    ("org", ("协会", "商会", "智库", "联盟"), "Association"),
    ("place", ("省",), "Province"),
    ("place", ("新区",), "NewArea"),
    ("place", ("区",), "District"),
    ("place", ("街道", "镇", "乡"), "Town"),
    ("place", ("市",), "City"),
    ("park", ("校区",), "Campus"),
    ("park", ("街区",), "InnovationBlock"),
    ("park", ("商圈",), "CommercialDistrict"),
    ("park", ("示范区", "开发区", "功能区", "联动创新区", "自贸区", "保税区"), "Zone"),
    ("park", ("影院", "馆", "中心"), "Venue"),
    ("programme", ("改革",), "Reform"),
    ("programme", ("方案", "政策", "新政", "意见", "办法", "条"), "PolicyDocument"),
    ("programme", ("集群",), "IndustryCluster"),
    ("programme", ("项目",), "Project"),
    ("programme", ("活动", "攻坚", "攻坚行动"), "Campaign"),
    ("programme", ("计划", "工程", "行动"), "Programme"),
    ("product", ("平台",), "DigitalPlatform"),
    ("product", ("系统", "操作系统"), "SoftwareSystem"),
    ("event", ("会", "大会", "会议", "论坛", "峰会"), "Meeting"),
)
_DEFAULT_CLASS = {
    "person": "Person", "org": "Company", "place": "District", "park": "Park", "programme": "Strategy",
    "sector": "IndustrySector", "product": "Product", "event": "Event", "designation": "Designation",
    "indicator": "Indicator",
}  # fmt: skip


def group_of(cls: str) -> str:
    """The coarse group of an ontology class."""
    return _GROUP_OF.get(cls, "programme")


def class_for(name: str, group: str) -> str:
    """The ontology class of a new name in ``group``, from its suffix."""
    bare = name.rstrip("\"”’'")
    for g, suffixes, cls in _SUFFIX_CLASS:
        if g == group and any(bare.endswith(s) for s in suffixes):
            return cls
    return _DEFAULT_CLASS[group]


@dataclass(frozen=True)
class Mention:
    """An entity mention found in an article: flat offsets, the printed name, its group and class,
    and the entity it refers to (a curated id, or the key of a proposed new entity)."""

    start: int
    end: int
    surface: str
    group: str
    cls: str
    ref: str
    known: bool
    confidence: float = 1.0
    method: str = "crf"


@dataclass
class Known:
    """A curated entity as the extractor sees it."""

    id: str
    type: str
    label: str
    names: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)

    @property
    def group(self) -> str:
        return group_of(self.type)


class Knowledge:
    """The curated entities named by the given articles, with every name they print."""

    def __init__(self, entities: dict[str, Known]):
        self.entities = entities
        self.by_name: dict[str, list[str]] = {}
        for eid in sorted(entities):
            for n in sorted(entities[eid].names):
                self.by_name.setdefault(n, []).append(eid)

    @classmethod
    def from_facts(cls, facts, sources: Iterable[str] | None = None) -> Knowledge:
        """Entities mentioned by ``sources`` (default: every article) of a :class:`~ecokg.inputs.records.Facts`."""
        from ecokg.ingest.spans import flatten

        keep = set(facts.sources) if sources is None else set(sources)
        out: dict[str, Known] = {}
        for eid, ent in facts.entities.items():
            ms = [m for m in ent.mentions if m.source in keep]
            if not ms:
                continue
            k = Known(eid, ent.type, ent.label)
            k.names.add(flatten(ent.label))
            for m in ms:
                k.names.update(flatten(a) for a in m.alt if a.strip())
                k.sources.add(m.source)
            out[eid] = k
        return cls(out)

    def class_counts(self) -> Counter:
        return Counter(k.type for k in self.entities.values())


def gold_entities(facts, source: str) -> dict[str, tuple[str, list[str]]]:
    """``{id: (group, names)}`` of the entities one article's facts declare (its label and its alts)."""
    from ecokg.ingest.spans import flatten

    out: dict[str, tuple[str, list[str]]] = {}
    for eid, ent in facts.entities.items():
        ms = [m for m in ent.mentions if m.source == source]
        if ms:
            names = {flatten(ent.label)} | {flatten(a) for m in ms for a in m.alt if a.strip()}
            out[eid] = (group_of(ent.type), sorted(names))
    return out
