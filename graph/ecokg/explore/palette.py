"""Palette: the colour and shape of each node type, and the size of each node.

Ontology classes are grouped in families that a reader can tell apart at a glance -- each
family has its own shape, and its own range of hues:

==========================  =======================  ====================================
family                      shape (vis-network)      colours
==========================  =======================  ====================================
places                      dot                      greens and teals
organisations               dot                      reds and purples
companies                   dot                      blues
people                      triangleDown             brown
policies / programmes       diamond                  one distinct hue per class
sectors                     triangle                 pinks
products / platforms        square                   slate blues and greys
events                      star                     olive and ochre
indicators                  hexagon                  grey
==========================  =======================  ====================================

Within the policy family (Strategy, Programme, Campaign, PolicyDocument, Reform and the
Designations they award) the hues are far apart on the colour wheel, so the six kinds do not
read as one orange. Any other type gets a spare colour chosen by hash, stable across runs.
Sizes follow a centrality by square root, so a node's area follows it. Both the explorer page
and the PNG picture use them.

>>> type_family("Campaign"), type_shape("Campaign")
('policy', 'diamond')
>>> len({type_colour(t) for t in FAMILY_TYPES["policy"]}) == len(FAMILY_TYPES["policy"])
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

#: Node sizes (vis-network pixels) for the smallest and the largest centrality.
SIZE_RANGE = (8.0, 42.0)

#: The families of ontology classes, in legend order.
FAMILY_TYPES: dict[str, tuple[str, ...]] = {
    "place": ("Country", "Province", "City", "District", "CountyLevelCity", "NewArea", "Town", "Region", "Park",
              "Zone", "InnovationBlock", "CommercialDistrict", "Campus", "Venue"),
    "organisation": ("GovernmentBody", "Association", "ResearchInstitute", "University", "InnovationCentre"),
    "company": ("Company", "Brand"),
    "person": ("Person",),
    "policy": ("Strategy", "Programme", "Campaign", "PolicyDocument", "Reform", "Designation"),
    "sector": ("IndustryCluster", "IndustrySector"),
    "product": ("Product", "SoftwareSystem", "DigitalPlatform", "Project"),
    "event": ("Event", "Meeting"),
    "indicator": ("Indicator",),
}  # fmt: skip

#: Each family's name in the legend, Chinese then English.
FAMILY_NAMES: dict[str, tuple[str, str]] = {
    "place": ("地点", "places"),
    "organisation": ("机构", "organisations"),
    "company": ("企业", "companies"),
    "person": ("人物", "people"),
    "policy": ("政策/规划/战略", "policies, programmes, strategies"),
    "sector": ("产业", "sectors"),
    "product": ("产品/平台", "products, platforms"),
    "event": ("活动", "events"),
    "indicator": ("指标", "indicators"),
    "other": ("其他", "other"),
}

#: The vis-network shape of each family (a type outside every family is a dot).
FAMILY_SHAPES: dict[str, str] = {
    "place": "dot",
    "organisation": "dot",
    "company": "dot",
    "person": "triangleDown",
    "policy": "diamond",
    "sector": "triangle",
    "product": "square",
    "event": "star",
    "indicator": "hexagon",
    "other": "dot",
}

#: One colour per ontology class. Other types get a colour from :data:`_SPARE` by hash.
TYPE_COLOURS: dict[str, str] = {
    # places: greens and teals
    "Country": "#1b5e20",
    "Province": "#2e7d32",
    "City": "#388e3c",
    "District": "#43a047",
    "CountyLevelCity": "#66bb6a",
    "NewArea": "#7cb342",
    "Town": "#9ccc65",
    "Region": "#558b2f",
    "Park": "#00897b",
    "Zone": "#26a69a",
    "InnovationBlock": "#4db6ac",
    "CommercialDistrict": "#00acc1",
    "Campus": "#4dd0e1",
    "Venue": "#80deea",
    # organisations: reds and purples
    "GovernmentBody": "#c62828",
    "Association": "#ad6f69",
    "ResearchInstitute": "#6a1b9a",
    "University": "#8e24aa",
    "InnovationCentre": "#ba68c8",
    # companies: blues
    "Company": "#1565c0",
    "Brand": "#64b5f6",
    # people
    "Person": "#795548",
    # policies: one hue each, far apart (diamonds)
    "Strategy": "#e6b800",
    "Programme": "#f4511e",
    "Campaign": "#d81b60",
    "PolicyDocument": "#5e35b1",
    "Reform": "#0097a7",
    "Designation": "#689f38",
    # sectors: pinks (triangles)
    "IndustryCluster": "#ad1457",
    "IndustrySector": "#f06292",
    # products and platforms: slate blues and greys (squares)
    "Product": "#546e7a",
    "SoftwareSystem": "#90a4ae",
    "DigitalPlatform": "#3949ab",
    "Project": "#7986cb",
    # events: olive and ochre (stars)
    "Event": "#827717",
    "Meeting": "#c0a000",
    # indicators
    "Indicator": "#9e9e9e",
}
_SPARE = ("#e57373", "#9575cd", "#4fc3f7", "#aed581", "#ffb74d", "#a1887f", "#90a4ae", "#f06292")
_FAMILY_OF = {t: f for f, ts in FAMILY_TYPES.items() for t in ts}


def type_colour(type_: str | None) -> str:
    """The colour of a node type: fixed for ontology classes, stable by hash for others.

    >>> type_colour("Company")
    '#1565c0'
    >>> type_colour("Unheard-of") == type_colour("Unheard-of") and type_colour("Unheard-of").startswith("#")
    True
    """
    if type_ in TYPE_COLOURS:
        return TYPE_COLOURS[type_]
    digest = hashlib.sha256(str(type_).encode("utf-8")).digest()
    return _SPARE[digest[0] % len(_SPARE)]


def type_family(type_: str | None) -> str:
    """The family of a node type (a key of :data:`FAMILY_NAMES`; ``"other"`` outside them all).

    >>> type_family("District"), type_family("Unheard-of")
    ('place', 'other')
    """
    return _FAMILY_OF.get(str(type_), "other")


def type_shape(type_: str | None) -> str:
    """The vis-network shape of a node type (its family's).

    >>> type_shape("IndustrySector"), type_shape("Company")
    ('triangle', 'dot')
    """
    return FAMILY_SHAPES[type_family(type_)]


#: How the page names the measures and weights (Chinese, English).
MEASURE_NAMES = {
    "pagerank": "PageRank",
    "degree": "度中心性 degree",
    "betweenness": "介数中心性 betweenness",
    "closeness": "接近中心性 closeness",
    "eigenvector": "特征向量中心性 eigenvector",
}


def describe_sizing(size_by: str, weight: str | None) -> str:
    """What the node sizes show, in Chinese and English (the page's legend and the PNG's caption).

    >>> describe_sizing("pagerank", "corroboration")
    '节点大小 size: PageRank · 无向投影 undirected projection · 权重 weight: corroboration (文章数 articles per link)'
    """
    w = "corroboration (文章数 articles per link)" if weight == "corroboration" else "none (每条边 1 every link 1)"
    return f"节点大小 size: {MEASURE_NAMES.get(size_by, size_by)} · 无向投影 undirected projection · 权重 weight: {w}"


def scale_sizes(
    values: Mapping[Any, float], nodes: Iterable[Any], lo: float = SIZE_RANGE[0], hi: float = SIZE_RANGE[1]
) -> dict[Any, float]:
    """Map centrality values to node sizes in ``[lo, hi]`` (square root, so area follows value).

    >>> scale_sizes({"a": 0.0, "b": 1.0, "c": 0.25}, "abcd")
    {'a': 8.0, 'b': 42.0, 'c': 25.0, 'd': 8.0}
    """
    nodes = list(nodes)
    vals = [float(values.get(n, 0.0) or 0.0) for n in nodes]
    if not vals:
        return {}
    vmin, vmax = min(vals), max(vals)
    span = vmax - vmin
    mid = (lo + hi) / 2
    return {
        n: round(lo + (hi - lo) * ((v - vmin) / span) ** 0.5, 2) if span > 0 else mid
        for n, v in zip(nodes, vals, strict=True)
    }


__all__ = [
    "MEASURE_NAMES",
    "describe_sizing",
    "FAMILY_NAMES",
    "FAMILY_SHAPES",
    "FAMILY_TYPES",
    "SIZE_RANGE",
    "TYPE_COLOURS",
    "scale_sizes",
    "type_colour",
    "type_family",
    "type_shape",
]
