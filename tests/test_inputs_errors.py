"""Bad input: every kind of bad YAML gives an error naming file and line, and writes nothing."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ecokg.dataset.pipeline import load_inputs
from ecokg.inputs.errors import InputErrors

FACT_FILE = "data/facts/2019-05-haishu-246-clusters.yaml"

GOOD_ENTITY = """\
  - id: zz_test_company
    type: Company
    label: 测试公司
    quote: 宁波嘉纳电子有限公司
"""


def _append_entity(root: Path, text: str) -> int:
    """Append an entity block to the 2019 facts file's entity list; return its first line."""
    path = root / FACT_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, ln in enumerate(lines) if ln.startswith("entities:")) + 1
    lines[at:at] = [text]
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


def _errors(root: Path) -> list[str]:
    with pytest.raises(InputErrors) as exc:
        load_inputs(root)
    return [str(e) for e in exc.value.errors]


def test_good_entity_is_accepted(project_copy: Path) -> None:
    _append_entity(project_copy, GOOD_ENTITY)
    facts = load_inputs(project_copy)
    assert facts.entities["zz_test_company"].label == "测试公司"


def test_duplicate_key(project_copy: Path) -> None:
    line = _append_entity(
        project_copy, GOOD_ENTITY.replace("    label: 测试公司\n", "    label: 测试公司\n    label: 别名\n")
    )
    errs = _errors(project_copy)
    assert f"{FACT_FILE}:{line + 3}: duplicate key 'label' (first at line {line + 2})" in errs


def test_unknown_field_suggests_the_right_one(project_copy: Path) -> None:
    line = _append_entity(project_copy, GOOD_ENTITY.replace("label:", "lable:"))
    errs = _errors(project_copy)
    assert any(e.startswith(f"{FACT_FILE}:{line + 2}: unknown field 'lable'") and "'label'" in e for e in errs)


def test_dangling_id(project_copy: Path) -> None:
    path = project_copy / FACT_FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "relations:\n",
        "relations:\n  - s: taiping_bird\n    p: locatedIn\n    o: no_such_place\n    quote: 太平鸟\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    o: no_such_place") + 1
    assert f"{FACT_FILE}:{line}: o: unknown id 'no_such_place'" in _errors(project_copy)


def test_wrong_type_of_value(project_copy: Path) -> None:
    line = _append_entity(project_copy, GOOD_ENTITY.replace("    label: 测试公司\n", "    label: [测试公司]\n"))
    assert f"{FACT_FILE}:{line + 2}: 'label' must be a single value, not a list" in _errors(project_copy)


def test_unknown_class(project_copy: Path) -> None:
    line = _append_entity(project_copy, GOOD_ENTITY.replace("type: Company", "type: Compnay"))
    errs = _errors(project_copy)
    assert any(e.startswith(f"{FACT_FILE}:{line + 1}: unknown type 'Compnay'") for e in errs)


def test_tab_character(project_copy: Path) -> None:
    line = _append_entity(project_copy, GOOD_ENTITY.replace("    label:", "\tlabel:"))
    assert f"{FACT_FILE}:{line + 2}: tab character (indent with spaces)" in _errors(project_copy)


def test_non_utf8_file(project_copy: Path) -> None:
    path = project_copy / FACT_FILE
    data = path.read_bytes().replace("宁波嘉纳电子有限公司".encode(), "宁波嘉纳电子有限公司".encode("gbk"), 1)
    path.write_bytes(data)
    line = data[: data.index("宁波嘉纳电子有限公司".encode("gbk"))].count(b"\n") + 1
    errs = _errors(project_copy)
    assert any(e.startswith(f"{FACT_FILE}:{line}: not UTF-8") for e in errs)


def test_quote_not_in_source(project_copy: Path) -> None:
    line = _append_entity(
        project_copy, GOOD_ENTITY.replace("quote: 宁波嘉纳电子有限公司", "quote: 宁波嘉纳电子股份公司")
    )
    errs = _errors(project_copy)
    assert any(
        e.startswith(f"{FACT_FILE}:{line + 3}: quote not found in 2019-05-haishu-246-clusters.txt") for e in errs
    )


def test_yaml11_typing_is_not_applied(project_copy: Path) -> None:
    """`0571` stays "0571" (not octal 377), `no` stays "no" (not False), `1.10` stays "1.10"."""
    path = project_copy / FACT_FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace("figures:\n", "figures:\n  - id: yaml11_probe\n    indicator: ind_revenue\n    of: taiping_bird\n"
                        "    measure: level\n    status: actual\n    value: 0571\n    multiplier: 1.10\n    unit: CNY\n"
                        "    reported: 77.12亿元\n    year: 去年\n    period: no\n    quote: 实现营业收入77.12亿元\n", 1)  # fmt: skip
    path.write_text(text, encoding="utf-8")
    fig = next(f for f in load_inputs(project_copy).figures if f.id == "yaml11_probe")
    assert fig.value == Decimal("571") and str(fig.multiplier) == "1.10" and fig.period == "no"
    assert fig.year is not None and fig.year.year == 2018 and fig.year.expression == "去年"


def test_implausible_year_and_bad_number(project_copy: Path) -> None:
    path = project_copy / FACT_FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace("figures:\n", "figures:\n  - indicator: ind_revenue\n    of: taiping_bird\n    measure: level\n"
                        "    status: actual\n    value: no\n    unit: CNY\n    reported: 77.12亿元\n    year: 0571\n"
                        "    quote: 实现营业收入77.12亿元\n", 1)  # fmt: skip
    path.write_text(text, encoding="utf-8")
    base = text.splitlines().index("    value: no") + 1
    errs = _errors(project_copy)
    assert f"{FACT_FILE}:{base}: value 'no' is not a number" in errs
    assert any(e.startswith(f"{FACT_FILE}:{base + 3}: year:") and "0571" in e for e in errs)


def test_every_error_is_reported_in_one_run(project_copy: Path) -> None:
    _append_entity(
        project_copy, GOOD_ENTITY.replace("type: Company", "type: Compnay").replace("id: zz_test_company", "id: zz_a")
    )
    _append_entity(
        project_copy,
        GOOD_ENTITY.replace("quote: 宁波嘉纳电子有限公司", "quote: 没有这句话").replace(
            "id: zz_test_company", "id: zz_b"
        ),
    )
    errs = _errors(project_copy)
    assert any("unknown type 'Compnay'" in e for e in errs)
    assert any("quote not found" in e and "没有这句话" in e for e in errs)


def test_cli_writes_nothing_on_bad_input(project_copy: Path) -> None:
    """A failed build leaves an existing build untouched and creates no partial files."""
    out = project_copy / "build"
    ok = subprocess.run([sys.executable, "-m", "ecokg", "--project", str(project_copy), "build", "--no-shacl"],
                        capture_output=True, text=True)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _append_entity(project_copy, GOOD_ENTITY.replace("type: Company", "type: Compnay"))
    bad = subprocess.run(
        [sys.executable, "-m", "ecokg", "--project", str(project_copy), "build"], capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert "unknown type 'Compnay'" in bad.stderr and "nothing was written" in bad.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
