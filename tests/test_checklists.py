"""The five articles' checklists (tests/checklists/*.py), run by one set of parametrized tests.

Each fact of each article is one test, its id the article id and the fact
(``test_entity[2019-05-haishu-246-clusters:haishu:District]``,
``test_relation[2022-04-ningbo-smart-manufacturing-voices:rel-taiping_bird-implements-…]``), checked
against that article's named graph by the check for its entry type (tests/checklist.py). Checks that
only one article needs live beside it: tests/test_haishu_2019_map.py, tests/test_haishu_2020_captions.py,
tests/test_haishu_2024_names.py, tests/test_voices_2022_speakers.py.
"""

from __future__ import annotations

import re
from types import ModuleType

import pytest
from checklist import (
    Apart,
    Distinct,
    Ent,
    Fig,
    Figure,
    Held,
    Misprint,
    Named,
    On,
    Post,
    Rel,
    Same,
    Stated,
    When,
    article,
    check_apart,
    check_caption,
    check_corroborated,
    check_distinct,
    check_entity,
    check_entity_date,
    check_every_figure,
    check_fig,
    check_figure,
    check_figure_statuses,
    check_figures_dated,
    check_held,
    check_misprint,
    check_named,
    check_post,
    check_quotes,
    check_relation,
    check_same,
    check_stated,
    check_unique,
    check_when,
    entry_id,
    resolve,
)
from checklists import ARTICLES, CITY_2022, HAISHU
from rdflib import Dataset

# the check for each entry type: the Haishu articles' types, then the 2022 articles'
CHECKS = {
    Ent: check_entity, Same: check_same, Apart: check_apart, Rel: check_relation, On: check_entity_date,
    Post: check_post, Fig: check_figure,
    Named: check_named, Stated: check_stated, Held: check_held, Figure: check_fig, When: check_when,
    Misprint: check_misprint, Distinct: check_distinct,
}  # fmt: skip


def _fact_id(e: object) -> str:
    return e.key if hasattr(e, "key") else entry_id(e)


def facts(*kinds: type) -> list:
    """Every checklist entry of these types, of every article, as ``(sid, entry)`` params."""
    return [
        pytest.param(m.SID, e, id=f"{m.SID}:{_fact_id(e)}")
        for m in ARTICLES
        for e in m.CHECKLIST
        if isinstance(e, kinds)
    ]


def articles(modules: tuple[ModuleType, ...]) -> list:
    return [pytest.param(m, id=m.SID) for m in modules]


def _check(built: Dataset, sid: str, e: object) -> None:
    CHECKS[type(e)](built, sid, e)


def test_every_entry_has_a_check() -> None:
    assert {type(e) for m in ARTICLES for e in m.CHECKLIST} <= set(CHECKS)


# ---------------------------------------------------------------------------- the facts


@pytest.mark.parametrize(("sid", "e"), facts(Ent, Named))
def test_entity(built: Dataset, sid: str, e: Ent | Named) -> None:
    _check(built, sid, e)


@pytest.mark.parametrize(("sid", "e"), facts(Same))
def test_same_entity(built: Dataset, sid: str, e: Same) -> None:
    _check(built, sid, e)


@pytest.mark.parametrize(("sid", "e"), facts(Apart, Distinct))
def test_kept_apart(built: Dataset, sid: str, e: Apart | Distinct) -> None:
    _check(built, sid, e)


@pytest.mark.parametrize(("sid", "e"), facts(Rel, Stated))
def test_relation(built: Dataset, sid: str, e: Rel | Stated) -> None:
    _check(built, sid, e)


@pytest.mark.parametrize(("sid", "e"), facts(On, When))
def test_entity_date(built: Dataset, sid: str, e: On | When) -> None:
    _check(built, sid, e)


@pytest.mark.parametrize(("sid", "e"), facts(Post, Held))
def test_post(built: Dataset, sid: str, e: Post | Held) -> None:
    _check(built, sid, e)


@pytest.mark.parametrize(("sid", "e"), facts(Fig, Figure))
def test_figure(built: Dataset, sid: str, e: Fig | Figure) -> None:
    _check(built, sid, e)


@pytest.mark.parametrize(("sid", "e"), facts(Misprint))
def test_misprint(built: Dataset, sid: str, e: Misprint) -> None:
    _check(built, sid, e)


# ---------------------------------------------------------------------------- the Haishu articles


@pytest.mark.parametrize("m", articles(HAISHU))
def test_checklist_is_long_enough(m: ModuleType) -> None:
    assert len(m.CHECKLIST) >= 45


@pytest.mark.parametrize("m", articles(HAISHU))
def test_every_checklist_quote_is_in_the_article(m: ModuleType) -> None:
    check_quotes(m.SID, m.CHECKLIST)


@pytest.mark.parametrize("m", articles(HAISHU))
def test_figures_are_dated_actuals_or_non_actuals(built: Dataset, m: ModuleType) -> None:
    check_figures_dated(built, m.SID, m.N_FIGURES)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


CAPTIONS = [
    pytest.param(m, caption, id=f"{m.SID}:caption-{_squash(caption)}") for m in HAISHU for caption in sorted(m.CAPTIONS)
]


@pytest.mark.parametrize(("m", "caption"), CAPTIONS)
def test_caption_names_are_entities(built: Dataset, m: ModuleType, caption: str) -> None:
    """The caption is printed in the article (as is, or with the page's spacing) and each name in it is
    exactly one entity (of the class given, if one is)."""
    text = article(m.SID).read_text(encoding="utf-8")
    if getattr(m, "CAPTIONS_IGNORE_WHITESPACE", False):
        assert _squash(caption) in _squash(text)
    else:
        assert caption in text
    for name in m.CAPTIONS[caption]:
        if isinstance(name, tuple):
            check_caption(built, m.SID, [name])
        else:
            assert len(resolve(built, m.SID, name)) == 1, name


# ---------------------------------------------------------------------------- the 2022 articles


@pytest.mark.parametrize("m", articles(CITY_2022))
def test_checklist_is_large_and_unique(m: ModuleType) -> None:
    check_unique(m.CHECKLIST)


CORROBORATED = [
    pytest.param(m.SID, m.OTHER, pair, id=f"{m.SID}:both-{pair[0].key}") for m in CITY_2022 for pair in m.CORROBORATED
]


@pytest.mark.parametrize(("sid", "other", "pair"), CORROBORATED)
def test_corroborated_in_both_graphs(built: Dataset, sid: str, other: str, pair: tuple) -> None:
    check_corroborated(built, sid, other, pair)


@pytest.mark.parametrize("m", articles(CITY_2022))
def test_every_figure_is_checked(built: Dataset, m: ModuleType) -> None:
    """The checklist covers every figure the graph records for this article (nothing invented)."""
    check_every_figure(built, m.SID, m.FIGURES)


@pytest.mark.parametrize("m", articles(CITY_2022))
def test_figures_are_actual_with_year_or_not_actual(built: Dataset, m: ModuleType) -> None:
    """Targets, plans and forecasts are never recorded as results; results always carry their year."""
    check_figure_statuses(built, m.SID, m.TARGET_WORDS)
