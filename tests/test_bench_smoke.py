"""The benchmark suite at a smoke size: every section present, with numbers (no timing asserted)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import CHECKOUT

from bench.run import main  # bench/ is importable through pytest's pythonpath (pyproject.toml)

ROOT = CHECKOUT.root

SECTIONS = [
    "## Machine and parameters",
    "## Synthetic regions",
    "## Curated build (end to end)",
    "## Loading",
    "## Query library",
    "## RDF → networkx projection",
    "## Centrality",
    "## Explorer page",
    "## Oxigraph server (127.0.0.1)",
    "## One analyst session in one process",
    "## Disk-backed Oxigraph store",
    "## Virtuoso back end",
    "## Spark GraphX back end",
    "## Scaling",
    "## Targets",
]
#: Spark (about 30 s to start) and Virtuoso have their own tests (test_spark.py, test_virtuoso.py).
SMOKE_SECTIONS = "build,load,disk,query,project,centrality,explorer,server,footprint"


def test_bench_smoke(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    assert (
        main(
            [
                "--sizes",
                "2k",
                "--repeat",
                "1",
                "--output",
                str(out),
                "--timeout",
                "120",
                "--budget",
                "5",
                "--query-timeout",
                "5",
                "--sections",
                SMOKE_SECTIONS,
            ]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    for head in SECTIONS:
        assert head in text, head
    body = {h: text.split(h, 1)[1].split("\n## ", 1)[0] for h in SECTIONS}
    number = re.compile(r"\d+\.\d+")
    for h in (
        "## Curated build (end to end)",
        "## Loading",
        "## Query library",
        "## RDF → networkx projection",
        "## Centrality",
        "## One analyst session in one process",
        "## Disk-backed Oxigraph store",
        "## Scaling",
    ):
        assert number.search(body[h]), h
    # ratios only over queries with rows on both sides, and the page says so
    assert "Ratios and their geometric means are over the queries that returned rows" in body["## Query library"]
    assert re.search(r"\| 2k \| [\d,]+ \| [\d.]+ \| [\d,]+ \|", body["## Disk-backed Oxigraph store"])
    assert re.search(
        r"every named query returns rows on every size \| 0 queries without rows[^|]*\| met", body["## Targets"]
    )
    assert "Not run in this invocation." in body["## Virtuoso back end"]
    # both centrality backends ran and agree (same samples, same numbers)
    diffs = [
        float(x)
        for x in re.findall(
            r"networkx backend \(reference\) \| [^|]+ \| \d+ \| [^|]+ \| ([0-9.e+-]+) \|", body["## Centrality"]
        )
    ]
    assert len(diffs) == 5 and max(diffs) < 1e-8, diffs
    for eng in ("rdflib", "oxrdflib", "pyoxigraph", "parser"):
        assert re.search(rf"\| 2k \| {eng} \| \d", body["## Loading"]), eng
    assert "pyoxigraph Store (fast path) | 0" in body["## RDF → networkx projection"] or re.search(
        r"pyoxigraph Store \(fast path\) \| \d", body["## RDF → networkx projection"]
    )
    for target in (
        "curated build under 2 s",
        "query library on 1M",
        "projection of 1M",
        "centrality suite",
        "under 2 GB",
        "explorer",
    ):
        assert target in body["## Targets"], target
    assert re.search(r"\| (met|not met|not measured)", body["## Targets"])
    if Path("/usr/bin/chromium").exists():  # the explorer's first frame is timed by the page itself
        assert re.search(r"first drawn frame \d+\.\d+ s", body["## Explorer page"]), body["## Explorer page"]
    results = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert results["repeat"] == 1 and list(results["regions"]) == ["2k"]
    assert all(r.get("maxrss_mb") for r in results["load"]["2k"]["pyoxigraph"])  # peak memory per measurement
