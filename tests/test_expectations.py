"""Quality expectations (data/expectations.yaml, graph.expectations) run on every build: a silently
dropped block of facts fails `ecokg build`, which then writes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ecokg.cli import main as cli
from ecokg.dataset.expectations import check, load


def test_the_real_build_meets_its_expectations(build_dir: Path) -> None:
    man = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    exp = load(Path(__file__).resolve().parents[1])
    assert exp and check(man, exp) == []
    # every kind of expectation is there
    assert {"classes", "sources", "relations", "max_isolated_share"} <= set(exp)


def test_each_expectation_can_fail(build_dir: Path) -> None:
    man = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    sid = sorted(man["sources"])[0]
    exp = {
        "classes": {"Company": man["classes"]["Company"] + 1},
        "sources": {sid: {"relations": man["sources"][sid]["relations"] + 1}, "no-such-article": {"figures": 1}},
        "relations": {"locatedIn": man["relations"]["locatedIn"] + 1},
        "max_isolated_share": 0.0,
    }
    failures = check(man, exp)
    assert len(failures) == 5, failures


def test_a_dropped_block_fails_the_build_and_writes_nothing(project_copy: Path, tmp_path: Path, capsys) -> None:
    """Remove the 2024 article's figures block (valid YAML, every quote still found): the build fails."""
    facts = project_copy / "data/facts/2024-haishu-excellent-district.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(re.sub(r"\nfigures:\n.*", "\nfigures: []\n", text, flags=re.S), encoding="utf-8")
    out = tmp_path / "out"
    code = cli.main(["--project", str(project_copy), "build", "--output", str(out), "--no-shacl"])
    err = capsys.readouterr().err
    assert code == 1
    assert "sources.2024-haishu-excellent-district.figures" in err and "expected at least" in err
    assert not out.exists() or not any(out.iterdir())
