"""Centrality on the projected graph: the five measures, sampling, ranks and the fast backend.

Cut points, cores, components and fragmentation are in :mod:`ecokg.network.structure`.

Pure functions in the networkx style -- a graph in, plain data out.  They work on any
networkx graph (not only ecokg's projection), with several connected components, and stay
deterministic: algorithms run on a copy whose nodes are relabelled ``0..n-1`` in sorted node
order, random choices use a fixed ``seed``, and every ranking breaks ties by node id.

Choices made for graphs with several components
------------------------------------------------
* **closeness** is the Wasserman-Faust variant (networkx's ``wf_improved=True``): the usual
  closeness inside a node's component, scaled by the fraction of the graph it can reach.
* **eigenvector** centrality is computed per connected component (the principal eigenvector of
  the component's adjacency matrix, unit length, non-negative) and then scaled by
  ``component size / n``, so a node in a pair is not ranked with the hub of the main
  component; isolated nodes score 0.  On a connected graph this equals
  :func:`networkx.eigenvector_centrality`.  Directed graphs use their undirected view.
* **pagerank** (damping 0.85) is well defined on any graph.

Weights
-------
With ``weight="weight"``, degree, PageRank and eigenvector centrality treat the weight as
strength; betweenness and closeness, which need path lengths, use the distance
``1 / weight`` (an edge stated by two articles is "shorter" than an edge stated by one).

Sampling
--------
Above :data:`AUTO_SAMPLE_ABOVE` nodes (or whenever ``k`` is given), betweenness is estimated
from ``k`` sampled source nodes (networkx's ``k``) and closeness from ``k`` sampled pivots
per connected component (exact in components of at most ``k`` nodes);
:func:`sample_size` tells which ``k`` is used.

Backends
--------
networkx is the reference.  Undirected graphs with more than :data:`FAST_ABOVE` nodes are
computed by :mod:`ecokg.network.fast_centrality` (igraph and scipy, both dependencies of ecokg):
the same sampled sources and pivots, the same scaling, the same scores to floating-point
rounding -- minutes become seconds on a 100k-node region.
``backend="networkx"`` or ``"fast"`` forces one.

>>> G = nx.path_graph(3)
>>> centrality(G, "degree")
{0: 0.5, 1: 1.0, 2: 0.5}
>>> rank(centrality(G, "betweenness"))
[(1, 1.0), (0, 0.0), (2, 0.0)]
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np
import scipy.linalg
import scipy.sparse.linalg

from ecokg.network.order import DIST as _DIST
from ecokg.network.order import indexed as _indexed
from ecokg.network.order import node_key, sorted_nodes
from ecokg.network.report import Report, silent

MEASURES = ("degree", "betweenness", "closeness", "pagerank", "eigenvector")
#: Graphs with more nodes than this get sampled betweenness and closeness by default.
AUTO_SAMPLE_ABOVE = 5000
#: The sample size used then.
AUTO_SAMPLE_SIZE = 128
#: Undirected graphs with more nodes than this use :mod:`ecokg.network.fast_centrality` by default.
FAST_ABOVE = 2000
BACKENDS = ("auto", "networkx", "fast")
#: Scores are rounded to this many decimals before ranking, so mathematically tied
#: scores that differ in the last floating-point bit rank by node id.
TIE_DECIMALS = 12


def sample_size(G: nx.Graph, k: int | None = None) -> int | None:
    """Number of sampled nodes for betweenness and closeness; ``None`` means exact.

    ``k`` if given (``None`` when ``k >= n``), otherwise :data:`AUTO_SAMPLE_SIZE` for graphs
    with more than :data:`AUTO_SAMPLE_ABOVE` nodes.

    >>> sample_size(nx.path_graph(10)) is None
    True
    >>> sample_size(nx.path_graph(10), k=4)
    4
    >>> sample_size(nx.empty_graph(6000))
    128
    """
    n = len(G)
    if k is not None:
        if k < 1:
            raise ValueError(f"sample size k must be positive, not {k}")
        return None if k >= n else int(k)
    return AUTO_SAMPLE_SIZE if n > AUTO_SAMPLE_ABOVE and n > AUTO_SAMPLE_SIZE else None


def rank(scores: Mapping[Hashable, float], nodes: Iterable[Hashable] | None = None) -> list[tuple[Any, float]]:
    """``(node, score)`` pairs, highest score first; ties (to :data:`TIE_DECIMALS`) by node id.

    >>> rank({"b": 1.0, "a": 1.0, "c": 2.0})
    [('c', 2.0), ('a', 1.0), ('b', 1.0)]
    >>> rank({"b": 1.0, "a": 1.0, "c": 2.0}, nodes=["a", "b"])
    [('a', 1.0), ('b', 1.0)]
    """
    keys = scores if nodes is None else [n for n in nodes if n in scores]
    return [(n, scores[n]) for n in sorted(keys, key=lambda n: (-round(scores[n], TIE_DECIMALS), node_key(n)))]


def ranks(scores: Mapping[Hashable, float], group: Callable[[Hashable], Hashable] | None = None) -> dict[Any, int]:
    """1-based rank of every node, overall or (with ``group``) within its group.

    >>> s = {"a": 0.5, "b": 0.9, "c": 0.1}
    >>> ranks(s)
    {'b': 1, 'a': 2, 'c': 3}
    >>> ranks(s, group=lambda n: n == "c")
    {'b': 1, 'a': 2, 'c': 1}
    """
    out: dict[Any, int] = {}
    counter: Counter = Counter()
    for n, _ in rank(scores):
        g = None if group is None else group(n)
        counter[g] += 1
        out[n] = counter[g]
    return out


# ---------------------------------------------------------------------------- centrality


def centrality(
    G: nx.Graph,
    measure: str = "pagerank",
    *,
    weight: str | None = None,
    k: int | None = None,
    seed: int = 0,
    backend: str = "auto",
    report: Report = silent,
) -> dict[Any, float]:
    """Centrality of every node of ``G``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Any simple graph; it may have several connected components.
    measure : {"degree", "betweenness", "closeness", "pagerank", "eigenvector"}
        See the module docstring for how each is defined on disconnected graphs.
    weight : str, optional
        Edge attribute holding a positive strength (e.g. ``"weight"``: the number of
        articles stating the edge in ecokg's projection).  ``None``: every edge counts 1.
    k : int, optional
        Sample size for betweenness and closeness (see :func:`sample_size`).
    seed : int
        Seed for the sampling.
    backend : {"auto", "networkx", "fast"}
        ``"networkx"``: the reference algorithms.  ``"fast"``: :mod:`ecokg.network.fast_centrality`
        (undirected graphs; needs igraph).  ``"auto"`` (default): ``"fast"`` for undirected
        graphs with more than :data:`FAST_ABOVE` nodes when igraph is installed.  Both give
        the same scores to floating-point rounding.
    report : callable, optional
        Told the measure as a stage, and the pivots done by sampled closeness
        (:mod:`ecokg.network.report`); it does not change the scores.

    Returns
    -------
    dict
        ``{node: score}`` for every node, in sorted node order.

    Examples
    --------
    A path ``0 - 1 - 2``: the middle node lies on the only path between the ends.

    >>> P = nx.path_graph(3)
    >>> centrality(P, "betweenness")
    {0: 0.0, 1: 1.0, 2: 0.0}
    >>> {n: round(c, 4) for n, c in centrality(P, "closeness").items()}
    {0: 0.6667, 1: 1.0, 2: 0.6667}

    A star with three leaves: the centre's eigenvector score is ``1/sqrt(2)``, a leaf's
    ``1/sqrt(6)`` (eigenvalue ``sqrt(3)``).

    >>> S = nx.star_graph(3)
    >>> {n: round(c, 4) for n, c in centrality(S, "eigenvector").items()}
    {0: 0.7071, 1: 0.4082, 2: 0.4082, 3: 0.4082}
    >>> round(sum(centrality(S, "pagerank").values()), 6)
    1.0
    >>> centrality(S, "fame")
    Traceback (most recent call last):
    ...
    ValueError: unknown measure 'fame' (choose from degree, betweenness, closeness, pagerank, eigenvector)
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r} (choose from {', '.join(MEASURES)})")
    if len(G) == 0:
        return {}
    if _use_fast(G, backend):
        return _fast(G, (measure,), weight, k, seed, report)[measure]
    report(measure, 0, None)
    H, nodes = _indexed(G, weight)
    w = None if weight is None else "weight"
    d = None if weight is None else _DIST
    n = len(H)
    if measure == "degree":
        if n == 1:
            raw = {0: 0.0}
        else:
            deg = H.degree(weight=w)
            raw = {v: float(x) / (n - 1) for v, x in deg}
    elif measure == "betweenness":
        kk = sample_size(H, k)
        raw = nx.betweenness_centrality(H, k=kk, normalized=True, weight=d, seed=seed)
    elif measure == "closeness":
        kk = sample_size(H, k)
        raw = nx.closeness_centrality(H, distance=d) if kk is None else _closeness_sampled(H, kk, seed, d, report)
    elif measure == "pagerank":
        raw = nx.pagerank(H, alpha=0.85, weight=w, tol=1e-12, max_iter=10_000)
    else:
        raw = _eigenvector_by_component(H, w)
    return {nodes[i]: float(raw[i]) for i in range(n)}


def _use_fast(G: nx.Graph, backend: str) -> bool:
    """Whether :func:`centrality` hands ``G`` to :mod:`ecokg.network.fast_centrality`."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
    if backend == "networkx":
        return False
    from ecokg.network import fast_centrality

    if backend == "fast":
        if G.is_directed() or G.is_multigraph() or nx.number_of_selfloops(G):
            raise ValueError("the fast backend takes simple undirected graphs; use backend='networkx'")
        if not fast_centrality.available():
            raise ValueError("the fast backend needs igraph (pip install igraph)")
        return True
    simple = not G.is_directed() and not G.is_multigraph() and nx.number_of_selfloops(G) == 0
    return len(G) > FAST_ABOVE and simple and fast_centrality.available()


def _fast(
    G: nx.Graph, measures: Iterable[str], weight: str | None, k: int | None, seed: int, report: Report = silent
) -> dict[str, dict]:
    """``{measure: {node: score}}`` from :mod:`ecokg.network.fast_centrality`, the graph indexed once."""
    from ecokg.network import fast_centrality

    nodes = sorted_nodes(G)
    E = fast_centrality.edge_arrays(G, nodes, weight)
    kk = sample_size(G, k)
    out = {}
    for m in measures:
        report(m, 0, None)
        values = fast_centrality.scores(E, m, weighted=weight is not None, k=kk, seed=seed, report=report)
        out[m] = dict(zip(nodes, values, strict=True))
    return out


def _closeness_sampled(
    H: nx.Graph, k: int, seed: int, distance: str | None, report: Report = silent
) -> dict[int, float]:
    """Wasserman-Faust closeness estimated from ``k`` pivots (per component if undirected).

    Undirected: in each component ``C`` with ``r`` nodes, ``min(k, r)`` pivots; a node's mean
    distance to the pivots estimates its mean distance to ``C``, so
    ``closeness = (r-1)/(n-1) * hits / total`` (exact when ``r <= k``).  Directed: ``k`` pivots
    overall; the fraction of pivots reaching a node also estimates how many nodes reach it.
    """
    rng = random.Random(seed)
    n = len(H)

    def lengths(p: int) -> dict[int, float]:
        if distance is None:
            return nx.single_source_shortest_path_length(H, p)
        return nx.single_source_dijkstra_path_length(H, p, weight=distance)

    total = [0.0] * n
    hits = [0] * n
    out = dict.fromkeys(range(n), 0.0)
    done = 0
    if not H.is_directed():
        comps = sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: c[0])
        steps = sum(min(k, len(c)) for c in comps if len(c) > 1)
        report("closeness", 0, steps)
        for comp in comps:
            r = len(comp)
            if r == 1:
                continue
            pivots = comp if r <= k else rng.sample(comp, k)
            for p in pivots:
                for v, dist in lengths(p).items():
                    if v != p:
                        total[v] += dist
                        hits[v] += 1
                done += 1
                report("closeness", done, steps)
            for v in comp:
                if total[v] > 0:
                    out[v] = (r - 1) / (n - 1) * hits[v] / total[v]
        return out
    pivots = rng.sample(range(n), k)
    is_pivot = set(pivots)
    report("closeness", 0, k)
    for p in pivots:
        for v, dist in lengths(p).items():
            if v != p:
                total[v] += dist
                hits[v] += 1
        done += 1
        report("closeness", done, k)
    for v in range(n):
        kv = k - (1 if v in is_pivot else 0)
        if total[v] > 0 and kv > 0:
            out[v] = (hits[v] / kv) * hits[v] / total[v]
    return out


def _eigenvector_by_component(H: nx.Graph, weight: str | None) -> dict[int, float]:
    U = H.to_undirected(as_view=True) if H.is_directed() else H
    n = len(U)
    out: dict[int, float] = {}
    for comp in nx.connected_components(U):
        nodes = sorted(comp)
        m = len(nodes)
        if m == 1:
            out[nodes[0]] = 0.0
            continue
        A = nx.to_scipy_sparse_array(U, nodelist=nodes, weight=weight, dtype=float)
        if m <= 400:
            _vals, vecs = scipy.linalg.eigh(A.toarray())
            x = vecs[:, -1]
        else:
            _vals, vecs = scipy.sparse.linalg.eigsh(A, k=1, which="LA", v0=np.ones(m), tol=1e-12)
            x = vecs[:, 0]
        x = np.abs(x)
        x = x / np.linalg.norm(x) * (m / n)
        out.update(zip(nodes, x.tolist(), strict=True))
    return out


def all_centralities(
    G: nx.Graph,
    *,
    weight: str | None = None,
    k: int | None = None,
    seed: int = 0,
    backend: str = "auto",
    report: Report = silent,
) -> dict[str, dict[Any, float]]:
    """Every measure of :data:`MEASURES`: ``{measure: {node: score}}`` (``report``: each measure as
    a stage, :func:`centrality`).

    >>> sorted(all_centralities(nx.path_graph(2)))
    ['betweenness', 'closeness', 'degree', 'eigenvector', 'pagerank']
    """
    if len(G) and _use_fast(G, backend):  # index the graph once for all five measures
        return _fast(G, MEASURES, weight, k, seed, report)
    return {m: centrality(G, m, weight=weight, k=k, seed=seed, backend=backend, report=report) for m in MEASURES}


__all__ = [
    "MEASURES",
    "AUTO_SAMPLE_ABOVE",
    "AUTO_SAMPLE_SIZE",
    "FAST_ABOVE",
    "BACKENDS",
    "centrality",
    "all_centralities",
    "sample_size",
    "rank",
    "ranks",
]
