"""The registry import's speed: ``python -m bench.registry --rows 20k,300k``.

For each size, writes a deterministic valid registry CSV
(:func:`ecokg.scale.registry_rows.write_sample_csv`), then runs ``ecokg import-registry --db``
on it in a subprocess (a fresh on-disk store) and prints rows per second by CPU time and by
wall-clock time, and the peak resident memory, as a Markdown table (``--json`` for JSON). CPU
rows/s is the figure to compare across runs on a shared machine; wall rows/s is what a user
waits. Issue 16's target is 20,000 rows/s.

>>> _rate(20_000, 4.0)
'5,000'
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ecokg.cli.scale import parse_size
from ecokg.scale.registry_rows import write_sample_csv

ROOT = Path(__file__).resolve().parents[1]


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / max(seconds, 1e-9):,.0f}"


def measure(rows: int, workdir: Path) -> dict[str, Any]:
    """Import a ``rows``-row sample registry into a fresh on-disk store; return the figures.

    CPU time and peak memory are those of the import's own process (``os.wait4``), not of
    every child the caller ever had.
    """
    csv_path = write_sample_csv(workdir / f"registry-{rows}.csv", rows)
    db = workdir / f"db-{rows}"
    graph = str(Path(__import__("ecokg").__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([graph, str(ROOT)])}
    cmd = [sys.executable, "-m", "ecokg", "import-registry", str(csv_path), "--as-of", "2024-06-30", "--db", str(db)]
    load_avg = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    shutil.rmtree(db, ignore_errors=True)
    csv_path.unlink()
    if proc.returncode:
        raise RuntimeError(f"ecokg import-registry exited {proc.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    quads = int(out.split(" as ", 1)[1].split(" quads", 1)[0].replace(",", ""))
    return {"rows": rows, "quads": quads, "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
            "rows_per_s_cpu": round(rows / cpu), "rows_per_s_wall": round(rows / wall),
            "peak_rss_mb": round(usage.ru_maxrss / 1024), "load_avg": [round(load_avg, 2), round(os.getloadavg()[0], 2)]}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.registry", description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", default="20k,300k", help="comma-separated sizes (default 20k,300k)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ecokg-registry-bench-") as tmp:
        results = [measure(parse_size(s), Path(tmp)) for s in args.rows.split(",")]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print("| rows | quads | CPU s | wall s | rows/s (CPU) | rows/s (wall) | peak RSS MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['rows']:,} | {r['quads']:,} | {r['cpu_s']} | {r['wall_s']} | {r['rows_per_s_cpu']:,} "
              f"| {r['rows_per_s_wall']:,} | {r['peak_rss_mb']:,} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
