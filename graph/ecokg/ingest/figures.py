"""Figures as written: value, unit, multiplier, year or period, status and measure.

Numbers are read with cn2an where they are written in Chinese numerals (百余家, 两家); the
multiplier words 万 / 亿 / 万亿 and the units are this module's small table; relative years are
left as the article prints them (去年, 今年) for :func:`ecokg.inputs.dates.resolve` to resolve
against the article's date, and 十四五 is a period (2021-2025).  A target is never a result:
力争 / 目标 / 确保 / 到2026年 make a target, 预计 a forecast, 计划 / 拟 a plan.

>>> [(f.value, f.unit, f.multiplier, f.measure, f.status) for f in read_figures("力争规上工业总产值突破4000亿元")]
[('4000', 'CNY', '1e8', 'level', 'target')]
>>> [(f.value, f.unit, f.measure) for f in read_figures("实现营业收入77.12亿元，同比增长7.78%")]
[('77.12', 'CNY', 'level'), ('7.78', 'percent', 'growth')]
>>> [(f.value, f.unit, f.measure, f.scope) for f in read_figures("增速居全市第二")]
[('2', 'rank', 'rank', '全市')]
>>> [(f.value, f.unit, f.multiplier) for f in read_figures("接待游客1370万人次，百余家企业")]
[('1370', 'trips', '1e4'), ('100', 'count', '1')]
>>> [(f.value, f.year, f.period) for f in read_figures("“十四五”时期新增2至3家")]
[('2', None, '14th-FYP')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN}]+)"
_UNITS = (
    ("人次", "trips"), ("元", "CNY"), ("%", "percent"), ("％", "percent"), ("家", "count"), ("个", "count"),
    ("项", "count"), ("座", "count"), ("条", "count"), ("台", "count"), ("款", "count"), ("所", "count"),
    ("批", "count"), ("件", "count"), ("名", "person"), ("人", "person"), ("位", "person"), ("吨", "tonne"),
    ("倍", "times"), ("亩", "mu"), ("天", "day"),
)  # fmt: skip
_UNIT_RE = "|".join(re.escape(u) for u, _ in _UNITS)
_UNIT_OF = dict(_UNITS)
_MULT = {"万亿": "1e12", "亿": "1e8", "万": "1e4", "千": "1e3"}
_AMOUNT = re.compile(
    rf"(?P<num>{_NUM})(?:(?:至|到|-|—|~)(?P<num2>{_NUM}))?(?P<approx>余|多)?(?P<mult>万亿|亿|万|千)?(?P<unit>{_UNIT_RE})"
    rf"|(?<![\d{_CN}])(?P<bare>万亿|亿)元"
)
_RANK = re.compile(
    rf"(?P<scope>全市|全省|全国|全区|全球)(?:城市|同类城市)?(?:第|前)(?P<num>[\d{_CN}]+)(?:位|名)?"
    rf"|(?:居|列|位居|位列|名列)(?P<scope2>全市|全省|全国|全区|全球)?(?P<first>首位)"
)
_YEAR = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年|(?P<rel>前年|去年|上年|今年|本年|明年)")
_PERIODS = (
    (re.compile(r"一季度|第一季度"), "Q1"), (re.compile(r"二季度|第二季度"), "Q2"), (re.compile(r"三季度"), "Q3"),
    (re.compile(r"上半年"), "H1"), (re.compile(r"下半年"), "H2"), (re.compile(r"1\s*[-—至到~]\s*\d{1,2}\s*月"), "YTD"),
    (re.compile(r"十四五"), "14th-FYP"), (re.compile(r"十三五"), "13th-FYP"),
)  # fmt: skip
_TARGET = re.compile(
    r"力争|目标|确保|争取|(?<![主重需])要(?!素)|将|有望|(?<![\d”\"])计划|重点培育|重点推进|全年(?:建设|新增|培育|完成|实现)|到\s*20\d\d\s*年|20\d\d\s*年前|今后五年|未来五年|十四五"
)
_FORECAST = re.compile(r"预计|预测|预期")
_PLAN = re.compile(r"计划投资|拟|征集|准备")
_GROWTH = re.compile(r"增长|增速|提高|提升|上升|增加(?!值)|下降|增幅|翻")
_SHARE = re.compile(r"占|比重|份额|之一")
_INCREASE = re.compile(r"新增|新建|新培育|新引进|引进|招引|新开工|落地|签约|新认定")


@dataclass(frozen=True)
class FigureMatch:
    """One figure found in a clause; offsets are into the text given to :func:`read_figures`."""

    start: int
    end: int
    reported: str
    value: str
    unit: str
    multiplier: str
    measure: str
    status: str
    year: str | None  # as printed: "2021", "去年", "今年"; None when the sentence states none
    period: str | None
    scope: str | None


def _number(text: str) -> str | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return text
    import warnings

    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return str(cn2an.cn2an("一" + text if text[0] in "百千" else text, "smart"))
        except (ValueError, KeyError, IndexError):
            return None


def _status(clause: str, year: str | None = None, article_year: int | None = None) -> str:
    if _FORECAST.search(clause):
        return "forecast"
    if year and year.isdigit() and article_year and int(year) > article_year:
        return "target"
    if _PLAN.search(clause):
        return "plan"
    if _TARGET.search(clause):
        return "target"
    return "actual"


def _year_before(text: str, pos: int) -> str | None:
    found = None
    for m in _YEAR.finditer(text, 0, pos):
        found = m.group("y") or m.group("rel")
    return found


def _period(text: str) -> str | None:
    for rx, name in _PERIODS:
        if rx.search(text):
            return name
    return None


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between ，；。) around ``[start, end)``."""
    s = max(text.rfind(p, 0, start) for p in "，,；;。：:") + 1
    ends = [i for i in (text.find(p, end) for p in "，,；;。") if i >= 0]
    return s, min(ends) if ends else len(text)


_NAME_AFTER = re.compile(r"^(?:的?城市|月|举措|新政|措施|政策|意见|核心|战略|制高点|之都)")
_CNY_CLASS = re.compile(r"^以[上下](?=[\u4e00-\u9fff])")  # 5000万元以上重大项目: a class of projects


def _not_a_figure(sentence: str, start: int, end: int, unit: str) -> bool:
    """A number that is part of a name or a description, not a figure: “五个聚力”, 5000万元以上重大项目,
    GDP超万亿元的城市, 2个月, 21条举措.

    >>> [_not_a_figure(t, s, e, "个") for t, s, e in (("打造“六个之都”", 3, 5), ("新增66个以上", 2, 5), ("仅2个月就", 1, 3))]
    [True, False, True]
    """
    open_quotes = sum(sentence[:start].count(q) for q in "“「") - sum(sentence[:start].count(q) for q in "”」")
    if open_quotes > 0 or sentence[:start].count('"') % 2 == 1:
        return True
    return bool(_NAME_AFTER.match(sentence[end:]) or (unit == "元" and _CNY_CLASS.match(sentence[end:])))


def read_figures(sentence: str, article_year: int | None = None) -> list[FigureMatch]:
    """Every amount, percentage, count and rank in one (flat) sentence, in order."""
    out: list[FigureMatch] = []
    taken: list[tuple[int, int]] = []
    period = _period(sentence)
    for m in _RANK.finditer(sentence):
        value = "1" if m.group("first") else _number(m.group("num"))
        if value is None:
            continue
        cs, ce = _clause(sentence, m.start(), m.end())
        clause = sentence[cs:ce]
        out.append(
            FigureMatch(m.start(), m.end(), clause, value, "rank", "1", "rank", _status(sentence[:ce], _year_before(sentence, m.start()), article_year),
                        _year_before(sentence, m.start()), period, m.group("scope") or m.group("scope2"))
        )  # fmt: skip
        taken.append((m.start(), m.end()))
    for m in _AMOUNT.finditer(sentence):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if _not_a_figure(sentence, m.start(), m.end(), m.group("unit") or "元"):
            continue
        if m.group("bare"):
            value, mult, unit = "1", _MULT[m.group("bare")], "CNY"
        else:
            num = m.group("num")
            if m.group("unit") == "年" or (re.fullmatch(r"(?:19|20)\d\d", num) and not m.group("mult")):
                continue
            value = _number(num)
            if value is None or (num == "一" and not m.group("num2")):  # 每一条, 一家: a word, not a figure
                continue
            mult = _MULT.get(m.group("mult") or "", "1")
            unit = _UNIT_OF[m.group("unit")]
        cs, ce = _clause(sentence, m.start(), m.end())
        clause = sentence[cs:ce]
        before = sentence[cs : m.start()]
        status = _status(sentence[:ce], _year_before(sentence, m.start()), article_year)
        if (
            status == "actual"
            and sentence[m.end() : m.end() + 2] == "以上"
            and not re.search(r"去年|已|上年", sentence[:ce])
        ):
            status = "target"  # "增长10%以上", "66个以上": a floor set, not a result
        if unit == "percent" and _SHARE.search(before) and not _GROWTH.search(before):
            measure = "share"
        elif unit == "percent" or _GROWTH.search(before[-4:]):
            measure = "growth" if _GROWTH.search(before) or unit == "percent" else "level"
        elif _INCREASE.search(before):
            measure = "increase"
        elif unit in ("count", "person") and not _SHARE.search(before):
            measure = "count"
        else:
            measure = "level"
        out.append(
            FigureMatch(m.start(), m.end(), clause, value, unit, mult, measure, status,
                        _year_before(sentence, m.start()), period, None)
        )  # fmt: skip
    return sorted(out, key=lambda f: f.start)
