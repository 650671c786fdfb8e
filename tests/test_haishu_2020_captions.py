"""2020-03-haishu-five-industries: the things in the photo captions belong to the companies and
institutes the captions name (the captions' names themselves are run by tests/test_checklists.py)."""

from __future__ import annotations

from checklist import ask
from checklists.c2020_03_haishu import SID
from rdflib import Dataset


def test_caption_things_are_owned(built: Dataset) -> None:
    assert ask(built, SID, "ekg:youngor eco:operates ekg:youngor_suit_smart_factory")
    assert ask(
        built, SID, "ekg:ningbo_intelligent_manufacturing_institute eco:operates ekg:nimt_industrial_big_data_platform"
    )
    assert ask(built, SID, "ekg:liweineng eco:operates ekg:liweineng_battery_line")
