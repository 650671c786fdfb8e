"""The ecokg benchmark suite: ``python -m bench --sizes 10k,100k,1M --repeat 5``.

Generates synthetic regions (:mod:`ecokg.scale.synth`) of each size, runs every measurement in
its own subprocess (:mod:`bench.workers`, peak RSS per measurement), and writes
``docs/benchmarks.md`` (and ``benchmarks.json`` beside it) from the measured figures only.

>>> _size_label(1_000_000), _size_label(2000), _size_label(10_000)
('1M', '2k', '10k')
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ecokg.project import Project

#: This checkout, the Ningbo corpus's workspace (found by its ecokg.toml, as ``ecokg`` finds it).
ROOT = Project.find(Path(__file__).parent, environ={}).root
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import render  # noqa: E402
from bench.workers import REFERENCE_QUERIES  # noqa: E402

SECTIONS = ("build", "load", "disk", "query", "project", "centrality", "explorer", "server", "footprint", "virtuoso",
            "spark", "registry")  # fmt: skip
LOAD_ENGINES = ("rdflib", "oxrdflib", "pyoxigraph", "parser")
QUERY_ENGINES = ("rdflib", "oxrdflib", "pyoxigraph")
PROJECT_ENGINES = ("rdflib", "oxrdflib", "fast", "rows")


def _size_label(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def run_worker(task: str, args: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; collect its JSON lines (kept on timeout)."""
    cmd = [sys.executable, "-m", "bench.workers", task, json.dumps(args, ensure_ascii=False)]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.perf_counter()
    timed_out = False
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            timed_out = True
        out.seek(0)
        lines = [json.loads(x) for x in out.read().splitlines() if x.startswith("{")]
    res: dict[str, Any] = {"lines": lines, "wall": time.perf_counter() - t0, "timeout": timed_out}
    for ln in lines:
        if "maxrss_mb" in ln:
            res["maxrss_mb"] = ln["maxrss_mb"]
    return res


def disk_queries(path: str, store_dir: str, queries: dict[str, str], repeat: int, budget: float,
                 limit: float) -> dict[str, Any]:  # fmt: skip
    """The query library on a kept disk store, each query in a worker of its own, killed at ``limit`` s.

    A query that is still computing its first row cannot be stopped inside the process (Oxigraph
    evaluates it without returning to Python, so a ``SIGALRM`` waits for it): at 20M triples
    one query ran for minutes past its 20 s limit. A worker per query bounds each for real.
    """
    out: dict[str, Any] = {"lines": [], "wall": 0.0, "timeout": False, "maxrss_mb": 0.0}
    for name, text in queries.items():
        args = {"path": path, "reuse": store_dir, "queries": {name: text}, "repeat": repeat, "budget": budget,
                "query_timeout": limit}  # fmt: skip
        res = run_worker("disk", args, limit + budget + 15)  # start-up and opening the store included
        got = [ln for ln in res["lines"] if "query" in ln]
        out["lines"] += got or [{"query": name, "error": f"timed out after {limit:g} s", "timeout_s": limit}]
        out["wall"] += res["wall"]
        out["maxrss_mb"] = max(out["maxrss_mb"], res.get("maxrss_mb") or 0)
    return out


#: Parameters of the named queries bound to entities every synthetic region has (``ecokg synth``
#: mints ``syn<seed>_d0`` for the first district, ``syn<seed>_c0`` for the first -- and best
#: connected -- company, and so on); optional parameters stay unbound ("all").
REGION_BINDINGS = {
    "actor": "ekg:syn{seed}_d0",
    "area": "ekg:syn{seed}_d0",
    "of": "ekg:syn{seed}_d0",
    "entity": "ekg:syn{seed}_prog0",  # not a hub: a hub's 2-step neighbourhood is most of the region
    "org": "ekg:syn{seed}_c0",
    "indicator": "ekg:syn{seed}_ind_gdp",
    "sector": "ekg:syn{seed}_sec0",
    "source": "src:syn{seed}-a00000",
    "cluster": "ekg:syn{seed}_cluster0",
}


def library_queries(seed: int = 0) -> dict[str, str]:
    """The named query library (``queries/*.rq`` but the projection's own) plus the reference set.

    Each named query is bound as ``ecokg query NAME -p ...`` would bind it: its required
    parameters (those with a default) point at entities of the synthetic region
    (:data:`REGION_BINDINGS`), the others keep their defaults.
    """
    from ecokg.query.library import load_queries

    out: dict[str, str] = {}
    for name, q in load_queries(Project.open(ROOT).queries_dir).items():
        if name.startswith("projection-"):
            continue
        given = {
            p.name: REGION_BINDINGS[p.name].format(seed=seed)
            for p in q.params
            if p.default is not None and p.name in REGION_BINDINGS
        }
        out[name] = q.bound(given)
    out.update(REFERENCE_QUERIES)
    return out


#: The results' per-size sections (``{size label: figures}``).
PER_SIZE = ("regions", "load", "disk", "query", "project", "centrality", "explorer", "server", "footprint", "virtuoso",
            "spark")  # fmt: skip


def merge_runs(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Add another run's per-size figures to ``into`` (its sizes, sections and command line too).

    >>> a = {"sizes": [10], "sections": ["load"], "command": "A", "load": {"10": 1}, "regions": {"10": {}}}
    >>> merge_runs(a, {"sizes": [20], "sections": ["disk"], "command": "B", "disk": {"20": 2}, "regions": {"20": {}}})
    >>> a["sizes"], a["disk"], a["command"], list(a["regions"])
    ([10, 20], {'20': 2}, 'A ; B', ['10', '20'])
    >>> a["measured_in"]["load 10"], a["measured_in"]["disk 20"]
    ('? – ?', '? – ?')
    """
    earlier = f"{into.get('started', '?')} – {into.get('finished', '?')}"
    measured = into.setdefault("measured_in", {})
    for key in PER_SIZE:
        for label in into.get(key) or {}:
            measured.setdefault(f"{key} {label}", earlier)  # figures saved before runs were recorded
        for label in other.get(key) or {}:
            measured[f"{key} {label}"] = f"{other.get('started', '?')} – {other.get('finished', '?')}"
        into.setdefault(key, {}).update(other.get(key) or {})
    if other.get("registry"):  # a list of sizes: the other run's replace those of the same size
        sizes = {x["rows"] for x in other["registry"]}
        into["registry"] = [x for x in into.get("registry", []) if x["rows"] not in sizes] + other["registry"]
    quads = {lbl: g.get("quads", 0) for lbl, g in into.get("regions", {}).items()}
    for key in PER_SIZE:  # tables list sizes in order, whichever run measured them
        into[key] = dict(sorted(into[key].items(), key=lambda kv: quads.get(kv[0], 0)))
    into["sizes"] = sorted(set(into.get("sizes", [])) | set(other.get("sizes", [])))
    into["sections"] = list(dict.fromkeys([*into.get("sections", []), *other.get("sections", [])]))
    into["command"] = f"{into['command']} ; {other['command']}"
    into["finished"] = max(into.get("finished", ""), other.get("finished", ""))


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("rdflib", "oxrdflib", "pyoxigraph", "oxigraph", "networkx", "igraph", "networkit", "numpy", "scipy"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
    }


def main(argv: list[str] | None = None) -> int:  # noqa: C901 -- the run plan, section by section
    from ecokg.cli.scale import parse_size

    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k", help="comma-separated region sizes in triples (default 10k,100k)")
    ap.add_argument("--repeat", type=int, default=5, help="repetitions per measurement; medians are reported")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", "--out", dest="out", type=Path, default=ROOT / "docs" / "benchmarks.md",
                    help="the Markdown report (its figures go to the .json beside it; --out: the spelling recorded "
                         "in older reports)")  # fmt: skip
    ap.add_argument("--workdir", type=Path, help="where the synthetic regions go (default: a temporary directory)")
    ap.add_argument("--sections", default=",".join(SECTIONS), help=f"subset of {','.join(SECTIONS)}")
    ap.add_argument("--timeout", type=float, default=900, help="seconds before one measurement is abandoned")
    ap.add_argument("--budget", type=float, default=60, help="stop repeating an operation after this many seconds")
    ap.add_argument("--query-timeout", type=float, default=120, help="abandon one query after this many seconds")
    ap.add_argument("--rdflib-max", default="1M", help="largest size measured with rdflib's memory store")
    ap.add_argument("--server-max", default="1M", help="largest size pushed to the Oxigraph server")
    ap.add_argument("--virtuoso-max", default="1M", help="largest size bulk-loaded into Virtuoso")
    ap.add_argument("--spark-max", default="1M", help="largest size whose projection goes to Spark GraphX")
    ap.add_argument("--large-sizes", default="",
                    help="further sizes (e.g. 4M,20M) measured only by the disk-backed store (bulk load, named "
                         "queries) and the centrality suite, not by the in-memory engines")  # fmt: skip
    ap.add_argument("--centrality-sizes", help="region sizes for the centrality section (default: --sizes); "
                    "a region of about 4M triples projects to about 100k nodes")  # fmt: skip
    ap.add_argument("--explorer-size", help="region whose projection feeds the explorer page (default: largest size)")
    ap.add_argument("--footprint-size", help="region for the one-process memory footprint (default: 1M if measured, "
                    "else the largest size)")  # fmt: skip
    ap.add_argument("--samples", type=int, default=256, help="sampled sources/pivots for betweenness and closeness")
    ap.add_argument("--registry-rows", default="20k,100k",
                    help="registry sizes (rows) for the registry import section (python -m bench.registry)")  # fmt: skip
    ap.add_argument("--rerender", action="store_true",
                    help="measure nothing: rewrite --output from the figures already in its .json file")  # fmt: skip
    ap.add_argument("--merge", default="",
                    help="with --rerender: comma-separated .json files of other runs (other sizes or sections) whose "
                         "per-size figures join those of --output's .json")  # fmt: skip
    ap.add_argument("--note", action="append", default=[],
                    help="with --rerender: a remark on the runs (what differed between them), printed on the page "
                         "as a note, never as a figure")  # fmt: skip
    args = ap.parse_args(argv)
    if args.rerender:
        saved = json.loads(args.out.with_suffix(".json").read_text(encoding="utf-8"))
        for other in (Path(x) for x in args.merge.split(",") if x):
            merge_runs(saved, json.loads(other.read_text(encoding="utf-8")))
        saved.setdefault("notes", []).extend(args.note)
        if args.merge or args.note:
            args.out.with_suffix(".json").write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
        args.out.write_text(render(saved), encoding="utf-8")
        return 0
    sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    large = [parse_size(s) for s in args.large_sizes.split(",") if s]
    virtuoso_max, spark_max = parse_size(args.virtuoso_max), parse_size(args.spark_max)
    sections = [s for s in args.sections.split(",") if s]
    rdflib_max, server_max = parse_size(args.rdflib_max), parse_size(args.server_max)
    cent_sizes = [parse_size(s) for s in args.centrality_sizes.split(",") if s] if args.centrality_sizes else sizes
    explorer_size = parse_size(args.explorer_size) if args.explorer_size else max([*sizes, *large], default=0)
    if args.footprint_size:
        footprint_size = parse_size(args.footprint_size)
    else:
        footprint_size = 1_000_000 if 1_000_000 in sizes else max([*sizes, *large], default=0)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ecokg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    queries = library_queries(args.seed)
    results: dict[str, Any] = {
        "machine": machine(),
        "sizes": sizes,
        "repeat": args.repeat,
        "seed": args.seed,
        "samples": args.samples,
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "command": "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "queries": list(queries),
        "regions": {},
        "build": None,
        "load": {},
        "query": {},
        "project": {},
        "centrality": {},
        "explorer": {},
        "server": {},
        "footprint": {},
        "disk": {},
        "virtuoso": {},
        "spark": {},
        "registry": [],
        "large_sizes": large,
        "sections": sections,
    }
    log = lambda msg: print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)  # noqa: E731

    from ecokg.scale.synth import synth_to_file

    paths: dict[int, Path] = {}

    def region(n: int) -> Path:
        """The region file of size ``n`` (generated once per run)."""
        if n not in paths:
            label = _size_label(n)
            path = work / f"region-{label}-s{args.seed}.nq"
            t0, c0 = time.perf_counter(), os.times()
            stats = synth_to_file(path, n, args.seed)
            c1 = os.times()
            results["regions"][label] = {
                "quads": stats.quads, "triples": stats.triples, "companies": stats.companies, "partnerships": stats.partnerships,
                "people": stats.people, "observations": stats.observations, "seconds": time.perf_counter() - t0,
                "cpu_seconds": c1.user - c0.user + c1.system - c0.system, "load_avg": os.getloadavg()[0],
                "bytes": path.stat().st_size,
            }  # fmt: skip
            log(f"region {label}: {stats.triples} triples in named graphs, {stats.quads} quads")
            paths[n] = path
        return paths[n]

    def save() -> None:
        """The figures so far (a long run that is stopped keeps them: ``--rerender``)."""
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_suffix(".json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")

    if "build" in sections:
        log("curated build")
        results["build"] = [run_worker("build", {}, args.timeout) for _ in range(args.repeat)]
    for n in sorted(set(sizes) | set(large) | set(cent_sizes if "centrality" in sections else [])):
        label = _size_label(n)
        common = {"path": str(region(n)), "repeat": args.repeat, "budget": args.budget}
        main_size = n in sizes
        # a large region's store stays on disk for its centrality worker (it does not fit in memory)
        kept = work / f"store-{label}" if n in large and "centrality" in sections else None
        if kept is not None and kept.exists():
            shutil.rmtree(kept)
        disk_args = {**common, "queries": queries, "tmp": str(work), "query_timeout": args.query_timeout}
        if "disk" in sections and (main_size or n in large):
            log(f"disk {label}")
            # a large region: load (and keep) first, its centrality next, the query library last
            first = {**disk_args, "queries": {}, "keep": str(kept)} if kept else disk_args
            results["disk"][label] = run_worker("disk", first, max(args.timeout, 3600))
            save()
        if n in large:
            if "centrality" in sections and kept is not None and kept.exists():
                log(f"centrality {label} (from the disk-backed store; fast backend only)")
                results["centrality"][label] = run_worker(
                    "centrality", {**common, "samples": args.samples, "store_dir": str(kept), "reference": False},
                    args.timeout,
                )  # fmt: skip
                save()
            if "disk" in sections and kept is not None and kept.exists():
                log(f"disk {label}: the query library")
                more = disk_queries(str(region(n)), str(kept), queries, args.repeat, args.budget, args.query_timeout)
                run = results["disk"][label]
                run["lines"] += more["lines"]
                run["maxrss_mb"] = max(run.get("maxrss_mb") or 0, more.get("maxrss_mb") or 0)
                run["timeout"] = run["timeout"] or more["timeout"]
                run["wall"] += more["wall"]
            if kept is not None:
                shutil.rmtree(kept, ignore_errors=True)
            if args.workdir is None:
                paths.pop(n).unlink()
            save()
            continue
        if "load" in sections and main_size:
            res = {}
            for eng in LOAD_ENGINES:
                if eng == "rdflib" and n > rdflib_max:
                    continue
                log(f"load {label} {eng}")
                res[eng] = [run_worker("load", {**common, "engine": eng}, args.timeout) for _ in range(args.repeat)]
            results["load"][label] = res
        if "query" in sections and main_size:
            res = {}
            for eng in QUERY_ENGINES:
                if eng == "rdflib" and n > rdflib_max:
                    continue
                log(f"query {label} {eng}")
                res[eng] = run_worker(
                    "query",
                    {**common, "engine": eng, "queries": queries, "query_timeout": args.query_timeout},
                    args.timeout,
                )
            results["query"][label] = res
        if "project" in sections and main_size:
            res = {}
            for eng in PROJECT_ENGINES:
                if eng == "rdflib" and n > rdflib_max:
                    continue
                log(f"project {label} {eng}")
                res[eng] = run_worker("project", {**common, "engine": eng}, args.timeout)
            results["project"][label] = res
        if "centrality" in sections and n in cent_sizes:
            log(f"centrality {label}")
            results["centrality"][label] = run_worker("centrality", {**common, "samples": args.samples}, args.timeout)
        if "explorer" in sections and n == explorer_size:
            log(f"explorer {label}")
            results["explorer"][label] = run_worker("explorer", common, args.timeout)
        if "server" in sections and main_size and n <= server_max:
            log(f"server {label}")
            results["server"][label] = run_worker("server", {**common, "queries": queries}, args.timeout)
        if "virtuoso" in sections and main_size and n <= virtuoso_max:
            log(f"virtuoso {label}")
            results["virtuoso"][label] = run_worker(
                "virtuoso", {**common, "queries": queries, "query_timeout": args.query_timeout}, args.timeout
            )
        if "spark" in sections and main_size and n <= spark_max:
            log(f"spark {label}")
            results["spark"][label] = run_worker("spark", common, args.timeout)
        if "footprint" in sections and n == footprint_size:
            log(f"footprint {label}")
            results["footprint"][label] = run_worker(
                "footprint", {**common, "queries": queries, "samples": args.samples}, args.timeout
            )
        if args.workdir is None:
            paths[n].unlink()
        # the figures so far, after every size (a long run that is stopped keeps them: --rerender)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_suffix(".json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if "registry" in sections:
        from bench.registry import measure

        for rows in (parse_size(x) for x in args.registry_rows.split(",") if x):
            log(f"registry {rows} rows")
            results["registry"].append(measure(rows, work))
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    args.out.write_text(render(results), encoding="utf-8")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
