"""One measurement per process: ``python -m bench.workers TASK JSON``.

Each task prints JSON lines on stdout (flushed as it goes, so a timed-out run keeps what it
measured) and ends with a line holding ``maxrss_mb``: the peak resident memory of this
process (``resource.getrusage``), i.e. of this one measurement.

>>> median([3.0, 1.0, 2.0])
2.0
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ecokg.project import Project

#: This checkout, the Ningbo corpus's workspace (found by its ecokg.toml, as ``ecokg`` finds it).
ROOT = Project.find(Path(__file__).parent, environ={}).root
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Reference queries from the issue's figures, run with the query library.
REFERENCE_QUERIES: dict[str, str] = {
    "ref-2-pattern-join": """PREFIX eco: <https://w3id.org/ecokg/ontology#>
SELECT (COUNT(*) AS ?n) WHERE { ?c eco:locatedIn ?p . ?p eco:locatedIn ?d }""",
    "ref-group-by": """PREFIX eco: <https://w3id.org/ecokg/ontology#>
SELECT ?sec (COUNT(?c) AS ?n) WHERE { ?c a eco:Company ; eco:inSector ?sec } GROUP BY ?sec ORDER BY DESC(?n)""",
    "ref-subclass-path": """PREFIX eco: <https://w3id.org/ecokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(?e) AS ?n) WHERE { ?cls rdfs:subClassOf* eco:Organization . ?e a ?cls }""",
    "ref-optional-lang-order": """PREFIX eco: <https://w3id.org/ecokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?c ?label ?alt WHERE { ?c a eco:Company ; rdfs:label ?label . FILTER(LANG(?label) = "zh")
  OPTIONAL { ?c skos:altLabel ?alt } } ORDER BY ?label LIMIT 50""",
}


def median(xs: list[float]) -> float:
    return float(statistics.median(xs))


def emit(**kw: Any) -> None:
    print(json.dumps(kw, ensure_ascii=False), flush=True)


def maxrss_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 if sys.platform != "darwin" else r / 1024 / 1024


def timed(fn: Callable[[], Any], repeat: int, budget: float) -> tuple[list[float], Any]:
    """Run ``fn`` up to ``repeat`` times (at least once); stop early once ``budget`` s are spent."""
    times: list[float] = []
    out = None
    spent = 0.0
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        times.append(dt)
        spent += dt
        if spent > budget:
            break
    return times, out


# ---------------------------------------------------------------- loading


def open_engine(engine: str, path: str) -> Any:
    """Load ``path`` (N-Quads or TriG) into ``engine``: rdflib | oxrdflib | pyoxigraph."""
    trig = path.endswith(".trig")
    if engine == "rdflib":
        from rdflib import Dataset

        ds = Dataset()  # the default graph: the asserted graph the build / region writes
        ds.parse(path, format="trig" if trig else "nquads")
        return ds
    if engine == "oxrdflib":
        from rdflib import Dataset

        ds = Dataset(store="Oxigraph")
        ds.parse(path, format="ox-trig" if trig else "ox-nquads")
        return ds
    if engine == "pyoxigraph":
        import pyoxigraph as ox

        st = ox.Store()
        st.bulk_load(path=path, format=ox.RdfFormat.TRIG if trig else ox.RdfFormat.N_QUADS)
        return st
    if engine == "parser":
        import pyoxigraph as ox

        n = 0
        for _ in ox.parse(path=path, format=ox.RdfFormat.TRIG if trig else ox.RdfFormat.N_QUADS):
            n += 1
        return n
    raise ValueError(engine)


def task_load(a: dict[str, Any]) -> None:
    t0 = time.perf_counter()
    obj = open_engine(a["engine"], a["path"])
    dt = time.perf_counter() - t0
    n = obj if isinstance(obj, int) else len(obj)
    emit(seconds=dt, quads=n)


def task_build(a: dict[str, Any]) -> None:
    """``ecokg build`` as a user runs it: a fresh interpreter, start-up and imports included."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "ecokg", "--project", str(ROOT), "build", "--output", d],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        dt = time.perf_counter() - t0
        if proc.returncode:
            emit(error=f"ecokg build exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
            return
        manifest = json.loads((Path(d) / "manifest.json").read_text(encoding="utf-8"))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    emit(seconds=dt, quads=manifest.get("quads"), child_maxrss_mb=peak)


# ---------------------------------------------------------------- queries


def _count(result: Any) -> int:
    return sum(1 for _ in result)


class QueryTimeout(Exception):
    """One query ran longer than ``query_timeout`` seconds."""


def _alarm(_signum: int, _frame: Any) -> None:
    raise QueryTimeout


def task_query(a: dict[str, Any]) -> None:
    import signal

    engine = a["engine"]
    obj = open_engine(engine, a["path"])
    limit = float(a.get("query_timeout", 0))
    signal.signal(signal.SIGALRM, _alarm)
    for name, text in a["queries"].items():
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            if engine == "pyoxigraph":

                def run(text: str = text) -> int:
                    return _count(obj.query(text))
            else:

                def run(text: str = text) -> int:
                    return _count(obj.query(text))

            times, rows = timed(run, a["repeat"], a["budget"])
            if rows:
                emit(query=name, times=times, rows=rows)
            else:  # an empty answer measures nothing: an error, not a figure
                emit(query=name, rows=0, error="returned no rows")
        except QueryTimeout:
            emit(query=name, error=f"timed out after {limit:g} s")
        except Exception as exc:  # noqa: BLE001 -- a failing query is reported, not fatal
            emit(query=name, error=f"{type(exc).__name__}: {str(exc)[:200]}")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


# ---------------------------------------------------------------- projection


def read_projection_rows(store: Any) -> int:
    """Read every row the projection reads, and nothing more: the number of terms read.

    The queries :func:`ecokg.network.projection.project` runs (classes, nodes, entity labels,
    figures, edges), evaluated on the ``pyoxigraph.Store`` and every solution's terms read as
    strings, without building any Python structure from them: the floor the projection's own time
    is compared with (issue 16: within 2x of the fastest way to read the same rows).  SPARQL is
    that fastest way on Oxigraph: on a 4M-triple disk-backed store, scanning the seven statement
    properties alone with ``Store.quads_for_pattern`` took 14.4 s, the whole edges query 18.7 s.
    """
    from ecokg.network import rows as R
    from ecokg.query.library import load_query

    queries = [R.CLASSES_QUERY, load_query(R.NODES_QUERY).text, R.LABELS_QUERY, R.FIGURES_QUERY,
               load_query(R.EDGES_QUERY).text]  # fmt: skip
    n = 0
    for q in queries:
        for sol in store.query(q):
            for t in sol:
                if t is not None:
                    t.value  # noqa: B018 -- reading the term is the point
                    n += 1
    return n


def task_project(a: dict[str, Any]) -> None:
    from ecokg.network.projection import project

    engine = a["engine"]
    # "fast": the projection queries on a bare pyoxigraph Store; "oxrdflib": on the Store behind
    # an oxrdflib Dataset (ecokg's default); "rdflib": rdflib's own engine on its memory store;
    # "rows": the same rows read from a bare Store, nothing assembled (read_projection_rows).
    obj = open_engine("pyoxigraph" if engine in ("fast", "rows") else engine, a["path"])
    if engine == "rows":
        times, terms = timed(lambda: read_projection_rows(obj), a["repeat"], a["budget"])
        emit(times=times, terms=terms)
        return
    times, G = timed(lambda: project(obj), a["repeat"], a["budget"])
    emit(times=times, nodes=G.number_of_nodes(), edges=G.number_of_edges())


# ---------------------------------------------------------------- centrality


def _topk(scores: dict[Any, float], k: int) -> set[Any]:
    return {n for n, _ in sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))[:k]}


def _projection(path: str) -> Any:
    """The undirected, unweighted projection of a region (ecokg's default projection)."""
    import networkx as nx

    from ecokg.network.projection import project

    return nx.Graph(project(open_engine("pyoxigraph", path), weight=None))


#: Cheap measures first, so a timeout on a slow networkx measure keeps the others.
_MEASURE_ORDER = ("degree", "pagerank", "eigenvector", "closeness", "betweenness")


def task_centrality(a: dict[str, Any]) -> None:
    """ecokg's five measures (ecokg.network.centrality) with its fast backend and its networkx reference.

    Both backends use the same sampled sources/pivots (k), so they estimate the same numbers:
    the worker reports the largest absolute difference and the top-k overlap per measure.
    """
    import networkx as nx

    from ecokg.network import centrality as A
    from ecokg.network.projection import project

    if a.get("store_dir"):
        import pyoxigraph as ox

        store = ox.Store.read_only(a["store_dir"])
    else:
        store = open_engine("pyoxigraph", a["path"])
    # The projection alone, the store already loaded; and the same rows read without building
    # anything (read_projection_rows), before and after it, so that neither runs on a colder
    # cache than the other: the better of the two reads is reported.
    reads = []
    t0 = time.perf_counter()
    read_projection_rows(store)
    reads.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    G = nx.Graph(project(store, weight=None))
    dt = time.perf_counter() - t0
    t0 = time.perf_counter()
    read_projection_rows(store)
    reads.append(time.perf_counter() - t0)
    del store
    comps = nx.number_connected_components(G)
    lcc = max((len(c) for c in nx.connected_components(G)), default=0)
    emit(nodes=G.number_of_nodes(), edges=G.number_of_edges(), components=comps, largest=lcc,
         projection_seconds=dt, rows_seconds=min(reads), projection_from="disk-backed Store" if a.get("store_dir") else "in-memory Store",
         maxrss_mb=maxrss_mb())  # fmt: skip
    k = A.sample_size(G, a.get("samples", 256))
    top = a.get("topk", 50)
    rep, budget = a["repeat"], a["budget"]
    times, _ = timed(lambda: A.all_centralities(G, k=k, backend="fast"), rep, budget)
    emit(suite="fast", times=times, k=k)
    if not a.get("reference", True):  # a large region: the whole suite once, not each measure again
        return
    fast: dict[str, dict[Any, float]] = {}
    for m in _MEASURE_ORDER:
        times, fast[m] = timed(lambda m=m: A.centrality(G, m, k=k, backend="fast"), rep, budget)
        emit(measure=m, impl="ecokg, fast backend (igraph + scipy)", times=times, k=k)
    try:  # a third-party point of comparison for the heaviest measure
        import networkit as nk

        index = {n: i for i, n in enumerate(G)}

        def nk_bt() -> None:
            g = nk.Graph(len(index), directed=False)
            for u, v in G.edges:
                g.addEdge(index[u], index[v])
            b = nk.centrality.EstimateBetweenness(g, k or len(index), True, False)
            b.run()

        times, _ = timed(nk_bt, rep, budget)
        emit(measure="betweenness", impl="networkit EstimateBetweenness (same k, other samples)", times=times, k=k)
    except ImportError:
        pass
    for m in _MEASURE_ORDER:
        times, ref = timed(lambda m=m: A.centrality(G, m, k=k, backend="networkx"), rep, budget)
        diff = max((abs(ref[n] - fast[m][n]) for n in ref), default=0.0)
        overlap = len(_topk(ref, top) & _topk(fast[m], top)) / max(1, min(top, len(ref)))
        emit(measure=m, impl="ecokg, networkx backend (reference)", times=times, k=k, max_diff=diff,
             overlap=overlap, topk=top)  # fmt: skip


# ---------------------------------------------------------------- server


def task_server(a: dict[str, Any]) -> None:
    import shutil
    import socket
    import subprocess
    import tempfile
    import urllib.parse
    import urllib.request

    exe = a.get("exe") or shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        emit(skipped="the oxigraph server binary is not installed (pip install oxigraph)")
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as d:
        proc = subprocess.Popen([exe, "serve", "--location", d, "--bind", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                    break
                except Exception:  # noqa: BLE001
                    time.sleep(0.05)
            data = Path(a["path"]).read_bytes()
            ctype = "application/trig" if a["path"].endswith(".trig") else "application/n-quads"
            t0 = time.perf_counter()
            req = urllib.request.Request(base + "/store", data=data, method="POST", headers={"Content-Type": ctype})
            urllib.request.urlopen(req, timeout=3600).read()
            emit(push_seconds=time.perf_counter() - t0)
            for name, text in a["queries"].items():

                def run(text: str = text) -> int:
                    url = base + "/query?" + urllib.parse.urlencode({"query": text})
                    r = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
                    return len(json.loads(urllib.request.urlopen(r, timeout=600).read())["results"]["bindings"])

                try:
                    times, rows = timed(run, a["repeat"], a["budget"])
                    emit(query=name, times=times, rows=rows)
                except Exception as exc:  # noqa: BLE001
                    emit(query=name, error=f"{type(exc).__name__}: {str(exc)[:200]}")
        finally:
            proc.terminate()
            proc.wait(10)


# ---------------------------------------------------------------- explorer


def task_explorer(a: dict[str, Any]) -> None:
    """Write the explorer page for (at most) a 5,000-node projection; time its first frame in Chromium.

    The page records ``performance.now()`` at vis-network's first ``afterDrawing`` event
    (``ecokgExplorer.firstFrameMs``: navigation start to first drawn frame) and when it is
    ready for input; responsiveness is the time to redraw after a zoom and to run a search.
    """
    import tempfile

    from ecokg.explore.page import explorer_html

    G = _projection(a["path"])
    limit = a.get("max_nodes", 5000)
    if G.number_of_nodes() > limit:  # keep the best-connected nodes
        keep = sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))[:limit]
        G = G.subgraph(keep).copy()
    times, page = timed(lambda: explorer_html(G), a["repeat"], a["budget"])
    emit(write_times=times, nodes=G.number_of_nodes(), edges=G.number_of_edges(), page_mb=len(page.encode()) / 1e6)
    from bench.browser import CHROMIUM, Chromium

    if not CHROMIUM.exists():
        emit(skipped_browser=f"{CHROMIUM} is not installed")
        return
    label = next(iter(sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))), None)
    label_text = json.dumps(G.nodes[label].get("label", str(label)) if label is not None else "")
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "explorer.html"
        out.write_text(page, encoding="utf-8")
        first, ready, zoom, search = [], [], [], []
        with Chromium(timeout=120) as browser:
            for _ in range(max(1, a["repeat"])):
                pg = browser.open(out)
                first.append(pg.wait_for("window.ecokgExplorer && ecokgExplorer.firstFrameMs") / 1000)
                ready.append(pg.wait_for("window.ecokgExplorer && ecokgExplorer.ready && ecokgExplorer.readyMs") / 1000)
                zoom.append(pg.evaluate(
                    "new Promise(r => { const n = ecokgExplorer.network, t = performance.now();"
                    " n.once('afterDrawing', () => r(performance.now() - t)); n.moveTo({scale: n.getScale() * 1.5}); })"
                ) / 1000)  # fmt: skip
                search.append(pg.evaluate(
                    f"(() => {{ const t = performance.now(); ecokgExplorer.search({label_text});"
                    " return performance.now() - t; })()"
                ) / 1000)  # fmt: skip
                errors = pg.console_errors()
                pg.close()
                browser.pages.remove(pg)
        emit(first_frame=first, ready=ready, zoom_redraw=zoom, search=search, console_errors=errors[:5])


# ---------------------------------------------------------------- footprint


def task_footprint(a: dict[str, Any]) -> None:
    """One process does what an analyst's session does on a region, and reports its peak memory.

    Load into ecokg's default store (oxrdflib), run the query library, project to networkx
    (fast path on the same store) and compute the five centralities (fast backend).
    """
    import networkx as nx

    from ecokg.network import centrality as A
    from ecokg.network.projection import project

    t0 = time.perf_counter()
    ds = open_engine("oxrdflib", a["path"])
    emit(phase="load", seconds=time.perf_counter() - t0, maxrss_mb=maxrss_mb())
    t0 = time.perf_counter()
    for text in a["queries"].values():
        _count(ds.query(text))
    emit(phase="queries", seconds=time.perf_counter() - t0, maxrss_mb=maxrss_mb())
    t0 = time.perf_counter()
    G = nx.Graph(project(ds, weight=None))
    emit(phase="projection", seconds=time.perf_counter() - t0, maxrss_mb=maxrss_mb(), nodes=len(G))
    t0 = time.perf_counter()
    A.all_centralities(G, k=a.get("samples", 256), backend="auto")
    emit(phase="centrality", seconds=time.perf_counter() - t0, maxrss_mb=maxrss_mb())


TASKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "load": task_load,
    "build": task_build,
    "query": task_query,
    "project": task_project,
    "centrality": task_centrality,
    "server": task_server,
    "explorer": task_explorer,
    "footprint": task_footprint,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    task, args = argv[0], json.loads(argv[1])
    if task in ("disk", "virtuoso", "spark"):  # the scale back ends (bench/backends.py)
        from bench import backends

        TASKS[task] = getattr(backends, f"task_{task}")
    try:
        TASKS[task](args)
    except Exception as exc:  # noqa: BLE001
        emit(error=f"{type(exc).__name__}: {str(exc)[:300]}")
    emit(maxrss_mb=maxrss_mb())
    return 0


if __name__ == "__main__":
    sys.exit(main())
