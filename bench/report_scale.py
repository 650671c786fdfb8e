"""The scale part of ``docs/benchmarks.md``: empty answers, scaling exponents, the disk-backed store,
Virtuoso and Spark, and their targets. Every number comes from the results of :mod:`bench.run`.

>>> round(exponent([(1e4, 0.01), (1e5, 0.1), (1e6, 1.0)]), 2)
1.0
>>> exponent([(1e4, 0.01)]) is None
True
"""

from __future__ import annotations

import math
import statistics
from typing import Any

import numpy as np

DASH = "—"


def _lines(run: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [] if not run else run.get("lines", [])


def _remote_error(text: str) -> str:
    """The telling part of a failed remote query's message: Virtuoso's own error, else its start.

    >>> _remote_error("RemoteError: POST http://h/sparql: HTTP 500 SPARQL Request Failed: Virtuoso 22026 Error SR478: Value of ANY type column too long\\n\\nSPARQL query: ...")
    'Virtuoso 22026 Error SR478: Value of ANY type column too long'
    >>> _remote_error("RemoteError: POST http://h/sparql: no complete answer within 20 s")
    'no complete answer within 20 s'
    """
    if "Virtuoso " in text:
        text = text[text.index("Virtuoso ") :]
    elif "sparql: " in text:
        text = text.split("sparql: ", 1)[1]
    return text.split("\\n", 1)[0].split("\n", 1)[0][:80]


def _first(run: dict[str, Any] | None, key: str) -> Any:
    return next((ln[key] for ln in _lines(run) if key in ln), None)


def _med(xs: list[float] | None) -> float | None:
    return float(statistics.median(xs)) if xs else None


def _s(x: float | None) -> str:
    return DASH if x is None else (f"{x:.1f}" if x >= 10 else f"{x:.2f}" if x >= 1 else f"{x:.3f}")


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(time) against log(size): time grows as size**exponent."""
    pts = [(math.log(n), math.log(t)) for n, t in points if n and t and t > 0]
    if len(pts) < 2:
        return None
    xs, ys = zip(*pts, strict=True)
    return float(np.polyfit(xs, ys, 1)[0])


def query_rows(run: dict[str, Any] | None) -> dict[str, int]:
    """Rows per query of one run (0 for a query that returned none or failed)."""
    out: dict[str, int] = {}
    for ln in _lines(run):
        if "query" in ln:
            out[ln["query"]] = int(ln.get("rows") or 0) if "error" not in ln else 0
    return out


def empty_queries(r: dict[str, Any]) -> dict[str, list[str]]:
    """``{query: ["1M pyoxigraph: returned no rows", ...]}`` over every query run of the results.

    Only empty answers count: a query an engine could not finish (a timeout, an error) is the
    engine's failure, reported with its timings, not the region's."""
    bad: dict[str, list[str]] = {}
    runs = [(lbl, eng, run) for lbl, engines in r.get("query", {}).items() for eng, run in engines.items()]
    runs += [(lbl, "disk-backed Store", run) for lbl, run in r.get("disk", {}).items()]
    for lbl, eng, run in runs:
        for ln in _lines(run):
            if "query" in ln and "rows" in ln and not ln["rows"]:
                bad.setdefault(ln["query"], []).append(f"{lbl} {eng}")
    return bad


def _quads(r: dict[str, Any], label: str) -> int:
    return int(r["regions"].get(label, {}).get("quads", 0))


def scaling(r: dict[str, Any]) -> list[str]:
    """Per operation, the time at each size and the log-log exponent across sizes."""
    ops: dict[str, dict[str, float]] = {}
    for lbl, engines in r.get("load", {}).items():
        for eng, runs in engines.items():
            secs = [s for s in (_first(x, "seconds") for x in runs) if s is not None]
            if secs:
                ops.setdefault(f"load: {eng}", {})[lbl] = float(statistics.median(secs))
    for lbl, run in r.get("disk", {}).items():
        if _first(run, "seconds") is not None:
            ops.setdefault("load: disk-backed Store (bulk_load)", {})[lbl] = _first(run, "seconds")
        meds = [_med(ln["times"]) for ln in _lines(run) if "query" in ln and ln.get("times") and ln.get("rows")]
        meds += [
            float(ln["timeout_s"]) for ln in _lines(run) if "query" in ln and ln.get("timeout_s")
        ]  # as in its table
        if meds:
            ops.setdefault("named queries on the disk-backed Store (median query)", {})[lbl] = statistics.median(
                [m for m in meds if m is not None]
            )
    for lbl, engines in r.get("query", {}).items():
        for eng, run in engines.items():
            meds = [_med(ln["times"]) for ln in _lines(run) if "query" in ln and ln.get("times") and ln.get("rows")]
            if meds:
                ops.setdefault(f"named queries, {eng} (median query)", {})[lbl] = statistics.median(
                    [m for m in meds if m is not None]
                )
    for lbl, engines in r.get("project", {}).items():
        for eng, run in engines.items():
            med = _med(_first(run, "times"))
            if med:
                ops.setdefault(f"projection: {eng}", {})[lbl] = med
    for lbl, run in r.get("centrality", {}).items():
        if _first(run, "projection_seconds") is not None:
            ops.setdefault("projection before centrality (unweighted)", {})[lbl] = _first(run, "projection_seconds")
        med = _med(next((ln["times"] for ln in _lines(run) if ln.get("suite") == "fast"), None))
        if med:
            ops.setdefault("centrality suite (fast backend)", {})[lbl] = med
    labels = sorted({lbl for o in ops.values() for lbl in o}, key=lambda x: _quads(r, x))
    out = ["## Scaling\n",
           "Seconds per operation at each region size, and the exponent *b* of a least-squares fit "
           "time ∝ quads^b over the sizes measured (log-log; b ≈ 1 is linear). Query figures are the median "
           "over the named queries that returned rows (on the disk-backed Store, a query that hit its time limit counted "
           "at the limit, as in its table).\n",
           "| operation | " + " | ".join(labels) + " | exponent b |",
           "|---|" + "---:|" * (len(labels) + 1)]  # fmt: skip
    for op, vals in ops.items():
        b = exponent([(_quads(r, lbl), t) for lbl, t in vals.items()])
        out.append(
            f"| {op} | " + " | ".join(_s(vals.get(lbl)) for lbl in labels) + f" | {DASH if b is None else f'{b:.2f}'} |"
        )
    out.append("")
    return out


def disk(r: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The disk-backed Store: bulk load rate, store size, the named queries' median and slowest."""
    out = ["## Disk-backed Oxigraph store\n",
           "`pyoxigraph.Store(path)` + `bulk_load(path=...)` of the N-Quads file the synth already wrote (how a "
           "Ningbo-sized region is held; generation is timed apart, above), then every named query on it (over its "
           "default graph, the asserted graph). *CPU s*: the loading process's CPU time, Oxigraph's loader threads included; *load "
           "avg*: the machine's 1-minute load average when the load started and when the queries ended (2 cores, "
           "shared). The median counts a query that hit the per-query time limit at that limit (a lower bound). "
           "Peak MB is the worker's resident memory: Oxigraph's RocksDB caches and its loader's sort buffers, "
           "not the region.\n",
           "| size | quads | load s | quads/s | load CPU s | load avg | store MB | peak MB | queries with rows | timed out "
           "| median query ms | slowest query |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]  # fmt: skip
    facts: dict[str, Any] = {}
    for lbl, run in r.get("disk", {}).items():
        secs, quads = _first(run, "seconds"), _first(run, "quads")
        timed = {
            ln["query"]: _med(ln["times"]) for ln in _lines(run) if "query" in ln and ln.get("times") and ln.get("rows")
        }
        late = {ln["query"]: float(ln["timeout_s"]) for ln in _lines(run) if "query" in ln and ln.get("timeout_s")}
        asked = [ln for ln in _lines(run) if "query" in ln]
        total = len(r.get("queries", [])) or len(asked)  # a stopped run measured fewer than it was given
        counted = {**timed, **late}
        med = statistics.median(counted.values()) if counted else None
        slow = max(timed.items(), key=lambda kv: kv[1] or 0) if timed else None
        rate = quads / secs if secs and quads else None
        note = " (timed out)" if run.get("timeout") else ""
        rss = run.get("maxrss_mb")
        la = [x for x in [*(_first(run, "load_avg") or []), _first(run, "load_avg_end")] if x is not None]
        load_avg = " → ".join(f"{x:.1f}" for x in (la[0], la[-1])) if la else DASH
        out.append(f"| {lbl} | {DASH if quads is None else f'{quads:,}'} | {_s(secs)} | "
                   f"{DASH if rate is None else f'{rate:,.0f}'} | {_s(_first(run, 'cpu_seconds'))} | {load_avg} | {_s(_first(run, 'disk_mb'))} | "
                   f"{DASH if rss is None else f'{rss:,.0f}'} | {len(timed)} of {total} | {len(late)} | "
                   f"{DASH if med is None else f'{med * 1000:,.1f}'} | "
                   f"{DASH if slow is None else f'{slow[0]} {(slow[1] or 0) * 1000:,.0f} ms'}{note} |")  # fmt: skip
        cpu = _first(run, "cpu_seconds")
        facts[lbl] = {"rate": rate, "median": med, "cpu_per_quad": cpu / quads if cpu and quads else None, "all_rows": bool(asked) and len(counted) == total,
                      "measured": len(counted), "total": total, "late": len(late),
                      "rss": run.get("maxrss_mb")}  # fmt: skip
    out.append("" if r.get("disk") else "Not run in this invocation.\n")
    return out, facts


def registry(r: dict[str, Any]) -> tuple[list[str], dict[str, Any] | None]:
    """The registry import's rows per second (``python -m bench.registry``, one process per size)."""
    out = ["## Registry import\n"]
    runs = r.get("registry") or []
    if not runs:
        return [*out, "Not run in this invocation.\n"], None
    out += ["`ecokg import-registry registry.csv --db DIR` on a deterministic valid registry "
            "(`ecokg.scale.registry_rows.write_sample_csv`), in a fresh process into a fresh on-disk store: every row "
            "checked (credit-code check digits, dates), mapped through `data/mappings/company-registry.yaml` to "
            "N-Quads, then one `bulk_load` into the staged store, swapped in. CPU s and peak MB are the import "
            "process's own (`os.wait4`).\n",
            "| rows | quads | CPU s | wall s | rows/s (CPU) | rows/s (wall) | peak MB | load avg |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for x in runs:
        la = x.get("load_avg") or []
        out.append(f"| {x['rows']:,} | {x['quads']:,} | {_s(x['cpu_s'])} | {_s(x['wall_s'])} | {x['rows_per_s_cpu']:,} | "
                   f"{x['rows_per_s_wall']:,} | {x['peak_rss_mb']:,} | {' → '.join(f'{v:.1f}' for v in la) or DASH} |")  # fmt: skip
    out.append("")
    return out, max(runs, key=lambda x: x["rows"])


def virtuoso(r: dict[str, Any]) -> tuple[list[str], bool | None]:
    """Virtuoso's bulk load and the named queries, side by side with the embedded store."""
    out = ["## Virtuoso back end\n"]
    same_all: bool | None = None
    for lbl, run in r.get("virtuoso", {}).items():
        if _first(run, "skipped"):
            out.append(f"- {lbl}: skipped — {_first(run, 'skipped')}\n")
            continue
        if _first(run, "error") and not any("query" in ln for ln in _lines(run)):
            out.append(f"- {lbl}: failed before any query — {_first(run, 'error')}\n")
            same_all = False
            continue
        secs, quads = _first(run, "load_seconds"), _first(run, "quads")
        out.append(f"### {lbl}\n")
        out.append(f"`VirtuosoServer.bulk_load` (ld_dir + rdf_loader_run + checkpoint): {_s(secs)} s for "
                   f"{DASH if quads is None else f'{quads:,}'} quads. Then each named query through "
                   "`ecokg.scale.virtuoso_sparql.query` (over HTTP, the build's graphs as the dataset), its answer "
                   "compared with the embedded pyoxigraph Store's on the same region (rows as sorted lexical forms; "
                   "the GROUP_CONCAT lists of a query that says its lists come in no particular order as their items "
                   "in any order, `bench.backends.same_answer`).\n")  # fmt: skip
        out.append("| query | Virtuoso ms | rows | embedded rows | same answer | known Virtuoso fault |")
        out.append("|---|---:|---:|---:|---|---|")
        diffs = 0
        for ln in _lines(run):
            if "query" not in ln:
                continue
            if "error" in ln:
                diffs += 1
                out.append(f"| {ln['query']} | {DASH} | {DASH} | {DASH} | error: {_remote_error(ln['error'])} | |")
                continue
            diffs += 0 if ln.get("same") else 1
            order = ", ".join(f"?{c}" for c in ln.get("list_order_only") or ())
            same = "yes" if ln.get("same") else f"no: only the order of the items of {order}" if order else "no"
            out.append(f"| {ln['query']} | {_med(ln['times']) * 1000:,.1f} | {ln['rows']:,} | {ln['embedded_rows']:,} | "
                       f"{same} | {ln.get('known_wrong') or ''} |")  # fmt: skip
        same_all = (same_all is None or same_all) and diffs == 0
        out.append(f"\n{diffs} queries whose answers differ from the embedded store's (or failed).\n")
    if not r.get("virtuoso"):
        out.append("Not run in this invocation.\n")
    return out, same_all


def spark(r: dict[str, Any]) -> tuple[list[str], bool | None]:
    """Spark GraphX against the in-process measures on the same projection."""
    out = ["## Spark GraphX back end\n"]
    ok: bool | None = None
    rows = []
    for lbl, run in r.get("spark", {}).items():
        if _first(run, "skipped"):
            rows.append(f"| {lbl} | skipped: {_first(run, 'skipped')} | | | | | |")
            continue
        d, same = _first(run, "max_diff"), _first(run, "same_components")
        deg = _first(run, "same_degrees")
        rows.append(f"| {lbl} | {_first(run, 'nodes') or DASH:,} | {_s(_first(run, 'inprocess_seconds'))} | "
                    f"{_s(_first(run, 'spark_seconds'))} | {DASH if d is None else f'{d:.1e}'} | "
                    f"{DASH if same is None else ('yes' if same else 'no')} | {DASH if deg is None else ('yes' if deg else 'no')} |")  # fmt: skip
        if d is not None:
            ok = (ok is None or ok) and bool(same) and bool(deg) and d < 1e-4
    if rows:
        out.append("`ecokg.scale.spark.graphx_measures` (PageRank, connected components, degrees on GraphX, "
                   "`local[2]`, Spark start-up included) against the in-process path on the same projection "
                   "(PageRank by `ecokg.network.centrality`'s fast backend, components by networkx).\n")  # fmt: skip
        out += ["| size | nodes | in-process s | Spark s | PageRank max \\|diff\\| | same components | same degrees |",
                "|---|---:|---:|---:|---:|---|---|", *rows, ""]  # fmt: skip
    else:
        out.append("Not run in this invocation.\n")
    return out, ok


def _status(ok: bool | None, why: str = "") -> str:
    text = "not measured" if ok is None else ("met" if ok else "not met")
    return text + (f" ({why})" if why else "")


def targets(
    r: dict[str, Any],
    disk_facts: dict[str, Any],
    proj: dict[str, dict[str, float | None]],
    cent: dict[str, tuple[int, float | None, float | None, bool]],
    virt_same: bool | None,
    spark_same: bool | None,
    registry_best: dict[str, Any] | None = None,
) -> list[str]:
    """The scale targets' rows of the Targets table."""
    out = []
    bad = empty_queries(r)
    where = "; ".join(f"{q}: {', '.join(v)}" for q, v in sorted(bad.items()))
    n_sizes = len(set(r.get("query", {})) | set(r.get("disk", {})))
    out.append(f"| every named query returns rows on every size | {len(bad)} queries without rows, over "
               f"{n_sizes} sizes{': ' + where if where else ''} | {_status(None if not n_sizes else not bad)} |")  # fmt: skip
    # The floor: the same rows read and nothing built ("rows" in the projection section, or
    # rows_seconds beside the disk store's projection before centrality); the largest region with both.
    pairs: list[tuple[int, str, str, float, float]] = []
    for lbl, engines in proj.items():
        p_s, r_s = engines.get("oxrdflib"), engines.get("rows")
        if p_s and r_s:
            pairs.append((_quads(r, lbl), lbl, "oxrdflib's Store, in memory", p_s, r_s))
    for lbl, run in r.get("centrality", {}).items():
        p_s, r_s = _first(run, "projection_seconds"), _first(run, "rows_seconds")
        if p_s and r_s:
            pairs.append((_quads(r, lbl), lbl, str(_first(run, "projection_from")), p_s, r_s))
    if pairs:
        _n, lbl, where, p_s, r_s = max(pairs, key=lambda x: x[0])
        out.append(f"| projection within 2× of the fastest way to read the same rows | at {lbl} ({where}): projection "
                   f"{_s(p_s)} s, the same rows read {_s(r_s)} s ({p_s / r_s:.1f}×) | {_status(p_s / r_s <= 2)} |")  # fmt: skip
    else:
        out.append(f"| projection within 2× of the fastest way to read the same rows | {DASH} | not measured |")
    big = max(disk_facts, key=lambda x: _quads(r, x)) if disk_facts else None
    is20 = big is not None and _quads(r, big) >= 19_000_000
    why = "" if is20 else "no 20M region in this run" + (f"; measured at {big}" if big else "")
    f = disk_facts.get(big, {}) if big else {}
    rate, med = f.get("rate"), f.get("median")
    per = f.get("cpu_per_quad")
    cores = (r.get("machine") or {}).get("cores") or 1
    bound = (f"; Oxigraph's loader used {per * 1e6:.1f} µs of CPU per quad, so {cores} cores give at most "
             f"{cores / per:,.0f} quads/s") if per else ""  # fmt: skip
    out.append(f"| 20M: bulk load ≥ 300k triples/s | {DASH if rate is None else f'{rate:,.0f} quads/s at {big}'}{bound} | "
               f"{_status(None if rate is None or not is20 else rate >= 300_000, why)} |")  # fmt: skip
    complete = bool(f.get("all_rows"))
    partial = "" if complete else f"only {f.get('measured')} of {f.get('total')} queries measured"
    if complete and f.get("late"):
        partial = f"{f['late']} queries hit the time limit, counted at it"
    out.append(f"| 20M: named query library median under 1 s | "
               f"{DASH if med is None else f'{med * 1000:,.1f} ms at {big} (disk-backed Store)'} | "
               f"{_status(None if med is None or not is20 or not complete else med < 1, why or partial)} |")  # fmt: skip
    c = cent.get(big) if big else None
    suite = c[1] if c else None
    out.append(f"| 20M: centrality suite under 5 minutes | {DASH if suite is None else f'{_s(suite)} s at {big}'} | "
               f"{_status(None if suite is None or not is20 else suite < 300, why if c else why or 'not run at this size')} |")  # fmt: skip
    rss = [x for x in (f.get("rss"), r.get("centrality", {}).get(big or "", {}).get("maxrss_mb")) if x]
    peak = max(rss) if rss else None
    out.append(f"| 20M: peak memory under 8 GB | {DASH if peak is None else f'{peak:,.0f} MB at {big} (largest worker)'} | "
               f"{_status(None if peak is None or not is20 else peak < 8192, why)} |")  # fmt: skip
    if registry_best:
        x = registry_best
        out.append(f"| registry import ≥ 20k rows/s | {x['rows_per_s_wall']:,} rows/s wall-clock "
                   f"({x['rows_per_s_cpu']:,} by CPU time) at {x['rows']:,} rows, {x['quads'] // x['rows']} quads a row | "
                   f"{_status(x['rows_per_s_wall'] >= 20_000)} |")  # fmt: skip
    else:
        out.append(f"| registry import ≥ 20k rows/s | {DASH} | {_status(None, 'not run in this invocation')} |")
    out.append(f"| Virtuoso answers identical to the embedded store | see *Virtuoso back end* | {_status(virt_same)} |")
    out.append(
        f"| Spark GraphX results identical to the embedded path | see *Spark GraphX back end* | {_status(spark_same)} |"
    )
    return out
