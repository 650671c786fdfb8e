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

ROOT = Path(__file__).resolve().parent.parent
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

        ds = Dataset(default_union=True)
        ds.parse(path, format="trig" if trig else "nquads")
        return ds
    if engine == "oxrdflib":
        from rdflib import Dataset

        ds = Dataset(store="Oxigraph", default_union=True)
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
    import tempfile

    from graph.pipeline import PROJECT_ROOT, build
    from graph.writer import write_build

    t0 = time.perf_counter()
    res = build(PROJECT_ROOT, shacl=True)
    if res.violations:
        emit(error=f"{len(res.violations)} SHACL violations")
        return
    with tempfile.TemporaryDirectory() as d:
        man = write_build(res.dataset, res.facts, PROJECT_ROOT, Path(d))
    emit(seconds=time.perf_counter() - t0, quads=man["quads"])


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
                    return _count(obj.query(text, use_default_graph_as_union=True))
            else:

                def run(text: str = text) -> int:
                    return _count(obj.query(text))

            times, rows = timed(run, a["repeat"], a["budget"])
            emit(query=name, times=times, rows=rows)
        except QueryTimeout:
            emit(query=name, error=f"timed out after {limit:g} s")
        except Exception as exc:  # noqa: BLE001 -- a failing query is reported, not fatal
            emit(query=name, error=f"{type(exc).__name__}: {str(exc)[:200]}")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


# ---------------------------------------------------------------- projection


def task_project(a: dict[str, Any]) -> None:
    engine = a["engine"]
    if engine == "fast":
        from graph.fast_projection import project_store

        obj = open_engine("pyoxigraph", a["path"])
        times, G = timed(lambda: project_store(obj), a["repeat"], a["budget"])
    else:
        from graph.projection import project

        obj = open_engine(engine, a["path"])
        times, G = timed(lambda: project(obj), a["repeat"], a["budget"])
    emit(times=times, nodes=G.number_of_nodes(), edges=G.number_of_edges())


# ---------------------------------------------------------------- centrality


def _topk(scores: dict[Any, float], k: int) -> set[Any]:
    return {n for n, _ in sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))[:k]}


def task_centrality(a: dict[str, Any]) -> None:
    import networkx as nx

    from graph.fast_projection import project_store

    st = open_engine("pyoxigraph", a["path"])
    full = nx.Graph(project_store(st, weight=None))
    # On the largest connected component: eigenvector centrality is undefined on a disconnected graph.
    G = full.subgraph(max(nx.connected_components(full), key=len)).copy() if len(full) else full
    emit(nodes=G.number_of_nodes(), edges=G.number_of_edges(), full_nodes=full.number_of_nodes())
    k = min(a.get("samples", 256), G.number_of_nodes())
    top = a.get("topk", 50)
    rep, budget = a["repeat"], a["budget"]
    nodes = list(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges]

    def ig_graph() -> Any:
        import igraph as ig

        return ig.Graph(n=len(nodes), edges=edges, directed=False)

    def nk_graph() -> Any:
        import networkit as nk

        g = nk.Graph(len(nodes), directed=False)
        for u, v in edges:
            g.addEdge(u, v)
        return g

    analysis = None
    try:
        from graph.analysis import centrality as analysis  # type: ignore[no-redef]
    except Exception:  # noqa: BLE001
        analysis = None

    def report(measure: str, impl: str, fn: Callable[[], dict[Any, float]], ref: set[Any] | None) -> set[Any] | None:
        try:
            times, scores = timed(fn, rep, budget)
        except Exception as exc:  # noqa: BLE001
            emit(measure=measure, impl=impl, error=f"{type(exc).__name__}: {str(exc)[:200]}")
            return None
        tk = _topk(scores, top)
        overlap = None if ref is None else len(tk & ref) / max(1, len(ref))
        emit(measure=measure, impl=impl, times=times, overlap=overlap, topk=top)
        return tk

    # PageRank
    ref = report("pagerank", "networkx", lambda: nx.pagerank(G), None)

    def ig_pr() -> dict[Any, float]:
        g = ig_graph()
        return dict(zip(nodes, g.pagerank(), strict=True))

    report("pagerank", "igraph", ig_pr, ref)
    if analysis is not None:
        report("pagerank", "graph.analysis", lambda: dict(analysis(G, "pagerank")), ref)
    # Sampled betweenness
    ref = report("betweenness", f"networkx (k={k})", lambda: nx.betweenness_centrality(G, k=k, seed=0), None)

    def nk_bt() -> dict[Any, float]:
        import networkit as nk

        g = nk_graph()
        b = nk.centrality.EstimateBetweenness(g, k, True, False)
        b.run()
        return dict(zip(nodes, b.scores(), strict=True))

    report("betweenness", f"networkit (k={k})", nk_bt, ref)
    if analysis is not None:
        report("betweenness", "graph.analysis", lambda: dict(analysis(G, "betweenness")), ref)
    # Eigenvector
    ref = report(
        "eigenvector", "networkx (power iteration)", lambda: nx.eigenvector_centrality(G, max_iter=1000, tol=1e-6), None
    )
    report("eigenvector", "networkx numpy", lambda: nx.eigenvector_centrality_numpy(G), ref)

    def ig_ev() -> dict[Any, float]:
        g = ig_graph()
        return dict(zip(nodes, g.eigenvector_centrality(), strict=True))

    report("eigenvector", "igraph", ig_ev, ref)
    # Degree
    ref = report("degree", "networkx", lambda: nx.degree_centrality(G), None)

    def ig_deg() -> dict[Any, float]:
        g = ig_graph()
        d = max(1, len(nodes) - 1)
        return {n: x / d for n, x in zip(nodes, g.degree(), strict=True)}

    report("degree", "igraph", ig_deg, ref)


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
                    url = base + "/query?" + urllib.parse.urlencode({"query": text, "union-default-graph": ""})
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
    import importlib
    import inspect
    import tempfile

    try:
        mod = importlib.import_module("graph.explorer")
    except Exception as exc:  # noqa: BLE001
        emit(skipped=f"graph.explorer not importable ({type(exc).__name__})")
        return
    fn = None
    for name in ("explorer_html", "write_explorer", "write_page", "explore", "render"):
        if callable(getattr(mod, name, None)):
            fn = getattr(mod, name)
            break
    if fn is None:
        emit(skipped="graph.explorer has no write_explorer/write_page/explore/render function")
        return
    from graph.fast_projection import project_store

    G = project_store(open_engine("pyoxigraph", a["path"]))
    limit = a.get("max_nodes", 5000)
    if G.number_of_nodes() > limit:  # the target is about a 5,000-node page: keep the best-connected nodes
        keep = sorted(G.nodes, key=lambda n: (-G.degree(n), str(n)))[:limit]
        G = G.subgraph(keep).copy()
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "explorer.html"
        params = [p for p in inspect.signature(fn).parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD]

        def run() -> Any:
            if fn.__name__ == "explorer_html":
                return out.write_text(fn(G), encoding="utf-8")
            return fn(G, out) if len(params) >= 2 else fn(G)

        try:
            times, _ = timed(run, a["repeat"], a["budget"])
            emit(times=times, nodes=G.number_of_nodes(), function=f"graph.explorer.{fn.__name__}")
        except Exception as exc:  # noqa: BLE001
            emit(error=f"{type(exc).__name__}: {str(exc)[:200]}")


TASKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "load": task_load,
    "build": task_build,
    "query": task_query,
    "project": task_project,
    "centrality": task_centrality,
    "server": task_server,
    "explorer": task_explorer,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    task, args = argv[0], json.loads(argv[1])
    try:
        TASKS[task](args)
    except Exception as exc:  # noqa: BLE001
        emit(error=f"{type(exc).__name__}: {str(exc)[:300]}")
    emit(maxrss_mb=maxrss_mb())
    return 0


if __name__ == "__main__":
    sys.exit(main())
