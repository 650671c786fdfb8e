"""Issue 15 for 2019-05-haishu: misreadings fixed, links, speakers and measures the article states.

Each test reads the sentence named in its docstring or comment and asserts the article's own named graph.
"""

from __future__ import annotations

import pytest
from checklist import (
    article,
    ask,
)
from rdflib import Dataset

from ecokg.dataset import iris
from ecokg.namespaces import ECO, ID

SID = "2019-05-haishu-246-clusters"

ARTICLE = article(SID)


# ---- issue 15: misreadings fixed and links the sentences state


def test_rhetoric_is_not_the_campaign(built: Dataset) -> None:
    """凤凰涅槃、腾笼换鸟，有了空间 … is a figure of speech, not the 2022 "腾笼换鸟、凤凰涅槃"攻坚行动."""
    assert not ask(built, SID, f"<{ID['tenglong_huanniao_campaign']}> ?p ?o")
    assert not ask(built, SID, f"?s ?p <{ID['tenglong_huanniao_campaign']}>")


def test_the_chip_is_intended_not_produced(built: Dataset) -> None:
    """张伟博士有意将磁传感器芯片产业化: an intention, not production."""
    assert ask(built, SID, f"<{ID['zhang_wei']}> eco:intendsToProduce <{ID['magnetic_sensor_chip']}>")
    assert not ask(built, SID, f"<{ID['zhang_wei']}> eco:produces ?x")


@pytest.mark.parametrize(
    "s,p,o",
    [
        ("taiping_bird", "exportsTo", "australia"),  # 携手阿里巴巴“出海”澳大利亚
        ("haishu_circular_economy_park", "locatedIn", "haishu"),
        ("haishu", "hasIndustry", "sector_software_emerging_services"),
        ("haishu", "hasIndustry", "sector_energy_saving_env"),
    ],
)
def test_stated_link(built: Dataset, s: str, p: str, o: str) -> None:
    assert ask(built, SID, f"<{ID[s]}> <{ECO[p]}> <{ID[o]}>")


def test_sun_liming_is_the_speaker_of_his_quoted_passages(built: Dataset) -> None:
    """The 2019 figures inside 孙黎明's quotation (预计到2021年底 …) are his."""
    q = f"""SELECT ?o WHERE {{ GRAPH <{iris.source_graph(SID)}> {{
              ?o a eco:Observation ; eco:statedBy <{ID["sun_liming"]}> ; eco:speakerPost ?post .
              ?post eco:postIn <{ID["haishu_party_committee"]}> }} }}"""
    assert len(list(built.query(q))) >= 3
