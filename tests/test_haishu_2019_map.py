"""The map legend of 2019-05-haishu-246-clusters: thirteen numbered places of the digital-economy layout.

The legend's data is ``MAP_LEGEND`` in tests/checklists/c2019_05_haishu.py; the article's other facts
are run by tests/test_checklists.py.
"""

from __future__ import annotations

import re

import pytest
from checklist import ask, resolve
from checklists.c2019_05_haishu import ARTICLE, MAP_LEGEND, SID
from rdflib import Dataset

from ecokg.namespaces import ID


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
