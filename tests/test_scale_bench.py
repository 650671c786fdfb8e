"""The benchmark's scale path at a tiny size: a "large" region loaded on disk, its centrality
computed from that store (not a second in-memory load), the registry import's rows per second,
and the generated page reporting each, generation and load apart."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bench.run import main  # bench/ is importable through pytest's pythonpath (pyproject.toml)


def ln_times(lines: list[dict[str, object]]) -> list[object]:
    return [t for ln in lines if "suite" in ln for t in ln["times"]]  # type: ignore[attr-defined]  # JSON list


def test_large_region_from_the_disk_store_and_the_registry_section(tmp_path: Path) -> None:
    out, work = tmp_path / "benchmarks.md", tmp_path / "work"
    args = ["--sizes", "", "--large-sizes", "3k", "--sections", "disk,centrality,registry", "--registry-rows", "200",
            "--explorer-size", "3k", "--footprint-size", "3k", "--repeat", "1", "--budget", "2", "--timeout", "120",
            "--query-timeout", "5", "--workdir", str(work), "--output", str(out)]  # fmt: skip
    assert main(args) == 0
    results = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    load = next(ln for ln in results["disk"]["3k"]["lines"] if "seconds" in ln)
    region = results["regions"]["3k"]
    assert load["quads"] == region["quads"] and load["cpu_seconds"] > 0 and len(load["load_avg"]) == 2
    assert region["seconds"] > 0 and region["cpu_seconds"] > 0  # generation timed apart from the load
    cent = results["centrality"]["3k"]["lines"]
    assert cent[0]["projection_from"] == "disk-backed Store" and cent[0]["nodes"] > 0
    assert [ln["suite"] for ln in cent if "suite" in ln] == ["fast"] and ln_times(cent)  # the whole suite, timed
    assert not [ln for ln in cent if "measure" in ln]  # not each measure again, nor the networkx reference
    assert any(ln.get("rows") for ln in results["disk"]["3k"]["lines"] if "query" in ln)  # then the queries on it
    assert not (work / "store-3k").exists()  # the kept store is removed once its centrality is done
    (reg,) = results["registry"]
    assert reg["rows"] == 200 and reg["quads"] > 200 * 20 and reg["rows_per_s_wall"] > 0
    text = out.read_text(encoding="utf-8")
    assert re.search(
        r"\| 3k \| [\d,]+ \| [\d.]+ \| [\d,]+ \| [\d.]+ \| [\d.]+ → [\d.]+ \|", text
    )  # load s, CPU s, load avg
    assert "Projection (`ecokg.network.projection.project`, unweighted) from the disk-backed Store" in text
    assert re.search(r"\| 200 \| [\d,]+ \| [\d.]+ \| [\d.]+ \| [\d,]+ \| [\d,]+ \| [\d,]+ \|", text)
    assert re.search(r"\| registry import ≥ 20k rows/s \| [\d,]+ rows/s wall-clock .*\| (met|not met) \|", text)
    assert "20M: bulk load ≥ 300k triples/s" in text and "no 20M region in this run" in text
