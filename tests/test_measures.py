"""One rule for Count / Increase / Level and for Target / Plan / Forecast (graph.measures,
docs/fact-format.md "Measures and statuses"), applied to every figure of every article."""

from __future__ import annotations

import re

import pytest

from ecokg.dataset.pipeline import load_inputs
from ecokg.inputs.measures import expected_measure, expected_status, sentence_of

FACTS = load_inputs()
FIGURES = sorted(FACTS.figures, key=lambda f: (f.source, f.where.line))


def _context(fig) -> tuple[str, str]:
    text = FACTS.sources[fig.source].file.read_text(encoding="utf-8")
    sentence = sentence_of(text, fig.span.text)
    quote = re.sub(r"\s+", "", fig.span.text)
    return sentence, sentence[: sentence.find(quote) + len(quote)]


@pytest.mark.parametrize("fig", FIGURES, ids=[f"{f.source}:{f.where.line}" for f in FIGURES])
def test_figure_follows_the_measure_and_status_rule(fig) -> None:
    sentence, upto = _context(fig)
    if fig.measure in {"count", "increase", "level"}:
        assert fig.measure == expected_measure(upto, fig.reported, fig.unit), (fig.reported, sentence)
    if fig.status != "actual":
        assert fig.status == expected_status(sentence, fig.reported), (fig.reported, sentence)


def test_the_issue_cases() -> None:
    """新培育 百亿企业1家 and 五十亿企业3家 agree; 引进 1500 and 约500 agree; a count and its 计划投资 agree."""
    by = {(f.source[:7], f.reported): f for f in FACTS.figures}
    assert by[("2022-04", "新培育百亿企业1家")].measure == by[("2022-04", "五十亿企业3家")].measure == "increase"
    talent = [f for f in FACTS.figures if f.indicator.startswith(("ind_talent_introduced", "ind_high_end_talent"))]
    assert len(talent) == 2 and {f.measure for f in talent} == {"increase"}
    conf = [f for f in FACTS.figures if f.source.endswith("conference") and "计划投" in re.sub(r"\s", "", f.span.text)]
    assert conf and {f.status for f in conf} == {"plan"}
    counts = [f for f in FACTS.figures if f.reported in ('重点推进"双百"工程项目112个', '实施"增资扩产"775个')]
    assert len(counts) == 2 and {f.status for f in counts} == {"plan"}
