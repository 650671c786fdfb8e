"""Palette: the colour of each node type and the size of each node.

Ontology classes have fixed colours grouped by kind (places green, organisations blue,
policy gold, sectors pink...); any other type gets a spare colour chosen by hash, so it is
stable across runs. Sizes follow a centrality by square root, so a node's area follows it.
Both the explorer page and the PNG picture use them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

#: Node sizes (vis-network pixels) for the smallest and the largest centrality.
SIZE_RANGE = (8.0, 42.0)
#: One colour per ontology class, grouped by kind (places green, organisations blue, policy
#: gold, sectors pink...). Other types get a colour from :data:`_SPARE` by hash.
TYPE_COLOURS: dict[str, str] = {
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
    "GovernmentBody": "#c62828",
    "Company": "#1565c0",
    "Brand": "#64b5f6",
    "Association": "#8d6e63",
    "ResearchInstitute": "#6a1b9a",
    "University": "#8e24aa",
    "InnovationCentre": "#ba68c8",
    "Person": "#ef6c00",
    "Programme": "#f9a825",
    "Campaign": "#fbc02d",
    "PolicyDocument": "#ffb300",
    "Reform": "#ff8f00",
    "Strategy": "#fdd835",
    "IndustryCluster": "#ad1457",
    "IndustrySector": "#ec407a",
    "Product": "#546e7a",
    "SoftwareSystem": "#78909c",
    "DigitalPlatform": "#3949ab",
    "Project": "#5c6bc0",
    "Event": "#827717",
    "Meeting": "#afb42b",
    "Designation": "#d4a017",
    "Indicator": "#9e9e9e",
}
_SPARE = ("#e57373", "#9575cd", "#4fc3f7", "#aed581", "#ffb74d", "#a1887f", "#90a4ae", "#f06292")


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


__all__ = ["SIZE_RANGE", "TYPE_COLOURS", "scale_sizes", "type_colour"]
