"""`ecokg validate`: SHACL violations are reported with the YAML file and line they came from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ecokg.dataset.pipeline import build

FACT_FILE = "data/facts/2020-03-haishu-five-industries.yaml"


def _add_relation(root: Path, block: str) -> int:
    path = root / FACT_FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace("relations:\n", "relations:\n" + block, 1)
    path.write_text(text, encoding="utf-8")
    return text.splitlines().index(block.splitlines()[0]) + 1


def test_real_graph_conforms() -> None:
    assert build(shacl=True).violations == []


def test_range_violation_names_file_and_line(project_copy: Path) -> None:
    # taiping_bird (a Company) as the object of targetsSector, whose range is IndustrySector
    line = _add_relation(
        project_copy,
        "  - s: haishu_digital_economy_3yr_plan\n    p: targetsSector\n    o: taiping_bird\n    quote: 太平鸟\n",
    )
    result = build(project_copy, shacl=True)
    bad = [v for v in result.violations if v.path == "eco:targetsSector" and v.value == "ekg:taiping_bird"]
    assert bad, result.violations
    assert bad[0].focus == "ekg:haishu_digital_economy_3yr_plan"
    assert bad[0].where == f"{FACT_FILE}:{line}"
    r = subprocess.run(
        [sys.executable, "-m", "ecokg", "--project", str(project_copy), "validate"], capture_output=True, text=True
    )
    assert r.returncode == 1
    assert "eco:targetsSector" in r.stdout and "ekg:taiping_bird" in r.stdout
    assert "SHACL violation" in r.stdout and f"{FACT_FILE}:{line}" in r.stdout


def test_build_refuses_to_write_on_shacl_violation(project_copy: Path) -> None:
    _add_relation(
        project_copy,
        "  - s: haishu_digital_economy_3yr_plan\n    p: targetsSector\n    o: taiping_bird\n    quote: 太平鸟\n",
    )
    r = subprocess.run(
        [sys.executable, "-m", "ecokg", "--project", str(project_copy), "build"], capture_output=True, text=True
    )
    assert r.returncode == 1
    assert "nothing was written" in r.stderr
    assert not (project_copy / "build").exists()
