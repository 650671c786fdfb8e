"""One rule for a figure's measure (Count / Increase / Level) and status (Target / Plan / Forecast),
read from the article's own wording (docs/fact-format.md, "Measures and statuses"; tests/test_measures.py
applies it to every figure).

*Measure* (for figures that are amounts or numbers, not growth rates, shares or ranks): a figure is an
``increase`` when an increase verb (新增, 新建, 新培育, 引进, 新引进) governs it -- it occurs before the
value in the same clause, a clause ending at 。；; (a list joined by 、 or ， shares its verb:
新培育百亿企业1家、五十亿企业3家); otherwise a number of things or people (unit count / person) is a
``count`` and anything else (money, output, tonnes, trips) a ``level``.

>>> expected_measure("今年力争新培育百亿企业1家、五十亿企业3家", "五十亿企业3家", "count")
'increase'
>>> expected_measure("预计3年引进人才1500人，其中高端人才约500人", "高端人才约500人", "person")
'increase'
>>> expected_measure("重点培育10家链核型企业", "10家", "count"), expected_measure("产值6000亿元", "6000亿元", "CNY")
('count', 'level')

A list item with its own stock word (有效, 总数, 总量, 累计, 拥有) stays a count:
计划全年新增科技型中小企业300家以上、有效国家高新技术企业超600家 -- 300 is an increase, 600 a count.

*Status* (for figures that are not results): ``forecast`` when the sentence says 预计 / 有望 / 按照预期;
else ``plan`` when the sentence says 计划投资, 计划全年 or 按照计划 (every figure of that sentence, so a
count and its 计划投资 agree; a programme's name such as 三年行动计划 does not count) or the value's own clause schedules work (推进 / 实施 / 征集 / 探访
N 个); else ``target`` (a goal to reach: 力争, 确保, 争取, 目标, 打造, 达到 …).

>>> expected_status("今年,宁波将重点推进双百工程项目112个,计划投资570亿元", "双百工程项目112个")
'plan'
>>> expected_status("力争规上工业总产值突破4000亿元", "4000亿元"), expected_status("SupOS的3.0版本有望面世")
('target', 'forecast')
"""

from __future__ import annotations

import re

INCREASE = re.compile(r"新增|新建|新培育|新引进|引进")
STOCK = re.compile(r"有效|总数|总量|累计|拥有")
FORECAST = re.compile(r"预计|有望|按照预期")
SCHEDULE = re.compile(r"推进|实施|征集|探访")
PLANNED = re.compile(r"计划投|计划全年|按照计划")
_CLAUSE_END = re.compile(r"[。；;！？!?]")
_PART_END = re.compile(r"[。；;！？!?，,、]")


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_measure(sentence: str, reported: str, unit: str) -> str:
    """``increase``, ``count`` or ``level`` for a figure reported as ``reported`` in ``sentence``."""
    text, value = _clean(sentence), _clean(reported)
    at = text.find(value)
    before = text[: at if at >= 0 else len(text)]
    clause = _CLAUSE_END.split(before)[-1]
    own = _PART_END.split(before)[-1] + value  # the value's own list item
    if (INCREASE.search(clause) or INCREASE.search(value)) and not STOCK.search(own):
        return "increase"
    return "count" if unit in {"count", "person"} else "level"


def expected_status(sentence: str, reported: str = "") -> str:
    """``forecast``, ``target`` or ``plan`` for a figure that is not a result."""
    text, value = _clean(sentence), _clean(reported)
    if FORECAST.search(text):
        return "forecast"
    at = text.find(value) if value else -1
    part = _PART_END.split(text[:at])[-1] + value if at >= 0 else ""
    if PLANNED.search(text) or SCHEDULE.search(part):
        return "plan"
    return "target"


def sentence_of(source_text: str, quote: str) -> str:
    """The sentence(s) of ``source_text`` (split at 。！？, whitespace removed) that hold ``quote``.

    >>> sentence_of("甲。今年力争新培育百亿企业1家、五十亿企业3家；乙。丙", "五十亿企业3家")
    '今年力争新培育百亿企业1家、五十亿企业3家；乙。'
    """
    text, q = _clean(source_text), _clean(quote)
    at = text.find(q)
    if at < 0:
        raise ValueError(f"quote not in text: {quote!r}")
    starts = [m.end() for m in re.finditer(r"[。！？!?]", text[:at])]
    start = starts[-1] if starts else 0
    m = re.search(r"[。！？!?]", text[at + len(q) :])
    end = at + len(q) + (m.end() if m else len(text))
    return text[start:end]
