"""Accelerated centrality for large graphs: the same numbers as :mod:`ecokg.network.centrality`, computed in C.

:func:`ecokg.network.centrality.centrality` is the reference: networkx algorithms on a relabelled copy
of the graph.  For a region of 100k nodes that takes minutes (networkx's sampled betweenness
alone runs Brandes' accumulation in Python).  This module computes the *same estimates* --
not merely similar rankings -- with compiled code:

* **betweenness**: igraph's Brandes implementation, restricted to the same sampled source
  nodes networkx would draw (``random.Random(seed).sample(range(n), k)``) and rescaled with
  networkx's own normalisation (``endpoints=False``, sampled and non-sampled nodes scaled
  apart, as in networkx 3.5+);
* **closeness**: breadth-first (or Dijkstra) distances from the same pivots as
  :func:`ecokg.network.centrality._closeness_sampled`, by :func:`scipy.sparse.csgraph.shortest_path`
  on each connected component (exact in components of at most ``k`` nodes);
* **pagerank**: igraph's PRPACK solver (a direct solve rather than power iteration);
* **eigenvector**: ARPACK (:func:`scipy.sparse.linalg.eigsh`) per component, as the reference;
* **degree**: counted from the edge arrays.

Scores agree with the networkx reference to floating-point rounding (the tests check
``1e-12`` on graphs with several components, weights and sampling), with two documented
exceptions: PageRank agrees to networkx's own convergence tolerance (about ``1e-9``; PRPACK
solves the system directly), and with weights whose distances ``1/w`` are not exact binary
fractions (``1/3``), igraph counts two paths whose lengths differ only by rounding as equally
short while networkx's Dijkstra does not, so weighted betweenness can differ slightly.  Only
simple undirected graphs are accelerated; :func:`ecokg.network.centrality.centrality` keeps directed
graphs and multigraphs on networkx.

The input is the edge list of a graph whose nodes are ``0..n-1`` -- what
:func:`edge_arrays` makes from any networkx graph in :func:`ecokg.network.order.sorted_nodes`
order -- so the large graph is never copied as a networkx object.

>>> import networkx as nx
>>> E = edge_arrays(nx.path_graph(3), [0, 1, 2])
>>> [round(x, 6) for x in scores(E, "betweenness")]
[0.0, 1.0, 0.0]
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph
import scipy.sparse.linalg

from ecokg.network.report import Report, silent

#: Distance rows computed at once by the closeness estimate (memory: rows x component size).
_ROWS_PER_CHUNK = 64


def available() -> bool:
    """Whether igraph (needed for betweenness and PageRank) is installed.

    >>> isinstance(available(), bool)
    True
    """
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class EdgeArrays:
    """An undirected simple graph on nodes ``0..n-1`` as numpy arrays (``u < v`` per edge)."""

    n: int
    u: np.ndarray
    v: np.ndarray
    weight: np.ndarray  # strength (> 0); 1.0 when unweighted

    def adjacency(self, values: np.ndarray) -> sp.csr_matrix:
        """Symmetric CSR matrix with ``values`` on both ``(u, v)`` and ``(v, u)``."""
        rows = np.concatenate([self.u, self.v])
        cols = np.concatenate([self.v, self.u])
        data = np.concatenate([values, values])
        return sp.csr_matrix((data, (rows, cols)), shape=(self.n, self.n))


def edge_arrays(G: Any, nodes: list, weight: str | None = None) -> EdgeArrays:
    """The edges of the undirected networkx graph ``G`` indexed by position in ``nodes``.

    Raises ``ValueError`` on a non-positive weight, as the reference does.

    >>> import networkx as nx
    >>> E = edge_arrays(nx.Graph([("b", "a", {"w": 2})]), ["a", "b"], weight="w")
    >>> E.n, E.u.tolist(), E.v.tolist(), E.weight.tolist()
    (2, [0], [1], [2.0])
    """
    index = {x: i for i, x in enumerate(nodes)}
    m = G.number_of_edges()
    u = np.empty(m, dtype=np.int64)
    v = np.empty(m, dtype=np.int64)
    w = np.ones(m, dtype=float)
    if weight is None:
        for j, (a, b) in enumerate(G.edges()):
            u[j], v[j] = index[a], index[b]
    else:
        for j, (a, b, x) in enumerate(G.edges(data=weight, default=1.0)):
            u[j], v[j], w[j] = index[a], index[b], float(x)
        bad = np.flatnonzero(w <= 0)
        if bad.size:
            j = int(bad[0])
            raise ValueError(f"edge ({nodes[u[j]]!r}, {nodes[v[j]]!r}) has non-positive weight {w[j]}")
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    order = np.lexsort((hi, lo))  # sorted edge order, as the reference's relabelled copy
    return EdgeArrays(len(nodes), lo[order], hi[order], w[order])


def _igraph(E: EdgeArrays) -> Any:
    import igraph as ig

    return ig.Graph(n=E.n, edges=np.column_stack([E.u, E.v]).tolist(), directed=False)


def _components(E: EdgeArrays) -> list[np.ndarray]:
    """Connected components as sorted node arrays, ordered by their smallest node."""
    _count, labels = csgraph.connected_components(E.adjacency(np.ones(len(E.u))), directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    comps = np.split(order, bounds)
    comps.sort(key=lambda c: int(c[0]))
    return comps


def degree(E: EdgeArrays, weighted: bool) -> np.ndarray:
    """Degree (or strength) divided by ``n - 1``."""
    if E.n == 1:
        return np.zeros(1)
    vals = E.weight if weighted else np.ones(len(E.u))
    d = np.bincount(E.u, weights=vals, minlength=E.n) + np.bincount(E.v, weights=vals, minlength=E.n)
    return d / (E.n - 1)


def pagerank(E: EdgeArrays, weighted: bool) -> np.ndarray:
    """PageRank, damping 0.85, dangling nodes spread uniformly (networkx's convention)."""
    g = _igraph(E)
    pr = g.pagerank(damping=0.85, weights=E.weight.tolist() if weighted else None, implementation="prpack")
    return np.asarray(pr, dtype=float)


def betweenness(E: EdgeArrays, weighted: bool, k: int | None, seed: int) -> np.ndarray:
    """Normalised betweenness, exact (``k=None``) or from ``k`` sampled sources, networkx-scaled."""
    n = E.n
    if n < 3:
        return np.zeros(n)
    g = _igraph(E)
    dist = (1.0 / E.weight).tolist() if weighted else None
    if k is None:
        raw = 2.0 * np.asarray(g.betweenness(directed=False, weights=dist), dtype=float)
        return raw / ((n - 1) * (n - 2))
    pivots = random.Random(seed).sample(range(n), k)
    raw = 2.0 * np.asarray(g.betweenness(directed=False, weights=dist, sources=pivots), dtype=float)
    scale = np.full(n, 1.0 / (k * (n - 2)))
    scale[pivots] = 1.0 / ((k - 1) * (n - 2)) if k > 1 else np.nan
    return raw * scale


def closeness(E: EdgeArrays, weighted: bool, k: int | None, seed: int, report: Report = silent) -> np.ndarray:
    """Wasserman-Faust closeness, exact (``k=None``) or estimated from ``k`` pivots per component
    (``report``: the pivots done, :mod:`ecokg.network.report`)."""
    n = E.n
    out = np.zeros(n)
    if n < 2:
        return out
    A = E.adjacency(1.0 / E.weight if weighted else np.ones(len(E.u)))
    rng = random.Random(seed)
    comps = _components(E)
    steps, done = sum(len(c) if k is None else min(k, len(c)) for c in comps if len(c) > 1), 0
    report("closeness", 0, steps)
    for comp in comps:
        r = len(comp)
        if r == 1:
            continue
        members = comp.tolist()
        pivots = members if k is None or r <= k else rng.sample(members, k)
        sub = A[comp][:, comp] if r < n else A
        local = {x: i for i, x in enumerate(members)}
        piv_local = np.fromiter((local[p] for p in pivots), dtype=np.int64, count=len(pivots))
        total = np.zeros(r)
        hits = np.zeros(r)
        for start in range(0, len(piv_local), _ROWS_PER_CHUNK):
            rows = piv_local[start : start + _ROWS_PER_CHUNK]
            D = csgraph.shortest_path(sub, method="D", directed=False, unweighted=not weighted, indices=rows)
            D[np.arange(len(rows)), rows] = np.inf  # a pivot's distance to itself is not counted
            finite = np.isfinite(D)
            total += np.where(finite, D, 0.0).sum(axis=0)
            hits += finite.sum(axis=0)
            done += len(rows)
            report("closeness", done, steps)
        with np.errstate(divide="ignore", invalid="ignore"):
            c = np.where(total > 0, (r - 1) / (n - 1) * hits / np.where(total > 0, total, 1.0), 0.0)
        out[comp] = c
    return out


def eigenvector(E: EdgeArrays, weighted: bool) -> np.ndarray:
    """Principal eigenvector per component, unit length, scaled by ``component size / n``."""
    n = E.n
    out = np.zeros(n)
    A = E.adjacency(E.weight if weighted else np.ones(len(E.u)))
    for comp in _components(E):
        m = len(comp)
        if m == 1:
            continue
        sub = A[comp][:, comp] if m < n else A
        if m <= 400:
            _vals, vecs = np.linalg.eigh(sub.toarray())
            x = vecs[:, -1]
        else:
            _vals, vecs = scipy.sparse.linalg.eigsh(sub.astype(float), k=1, which="LA", v0=np.ones(m), tol=1e-12)
            x = vecs[:, 0]
        x = np.abs(x)
        out[comp] = x / np.linalg.norm(x) * (m / n)
    return out


def scores(
    E: EdgeArrays, measure: str, *, weighted: bool = False, k: int | None = None, seed: int = 0, report: Report = silent
) -> list[float]:
    """One measure for every node ``0..n-1`` (see :func:`ecokg.network.centrality.centrality`).

    >>> import networkx as nx
    >>> E = edge_arrays(nx.star_graph(3), [0, 1, 2, 3])
    >>> [round(x, 4) for x in scores(E, "eigenvector")]
    [0.7071, 0.4082, 0.4082, 0.4082]
    >>> round(sum(scores(E, "pagerank")), 6)
    1.0
    """
    if measure == "degree":
        arr = degree(E, weighted)
    elif measure == "pagerank":
        arr = pagerank(E, weighted)
    elif measure == "betweenness":
        arr = betweenness(E, weighted, k, seed)
    elif measure == "closeness":
        arr = closeness(E, weighted, k, seed, report)
    elif measure == "eigenvector":
        arr = eigenvector(E, weighted)
    else:
        raise ValueError(f"unknown measure {measure!r}")
    return arr.tolist()
