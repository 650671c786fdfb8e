"""2024-haishu-excellent-district: 翠柏里创新街区 (a block) is not 宁波工程学院翠柏校区 (a campus), which
this article does not name (the article's other facts are run by tests/test_checklists.py)."""

from __future__ import annotations

from checklist import ask, resolve
from checklists.c2024_haishu import SID
from rdflib import Dataset


def test_cuibaili_block_is_not_the_nbut_campus(built: Dataset) -> None:
    assert resolve(built, SID, "宁波工程学院翠柏校区") == set()  # this article does not name the campus
    assert not ask(built, SID, "ekg:cuibaili_block a eco:Campus")
    assert not ask(built, SID, "ekg:nbut_cuibai_campus ?p ?o")
