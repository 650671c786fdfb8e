"""The accelerated centrality path gives networkx's numbers (ecokg.network.fast_centrality)."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Dataset

from ecokg.network import centrality as C
from ecokg.network import fast_centrality as F
from ecokg.network.projection import project

pytestmark = pytest.mark.skipif(not F.available(), reason="igraph is not installed")


def _fixture() -> nx.Graph:
    """Several components (a power-law core, a path, a pair, an isolated node), string ids,
    and weights 1, 2 and 4 (distances 1, 0.5 and 0.25 are exact binary fractions)."""
    G = nx.powerlaw_cluster_graph(400, 2, 0.2, seed=7)
    G.add_edges_from([(1000, 1001), (1001, 1002), (1002, 1003), (2000, 2001)])
    G.add_node(3000)
    for u, v in G.edges:
        G[u][v]["weight"] = (1, 2, 4)[(u * 7 + v) % 3]
    return nx.relabel_nodes(G, {n: f"org{n}" for n in G})


@pytest.mark.parametrize("measure", C.MEASURES)
@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("k", [None, 40])
def test_fast_backend_equals_networkx(measure: str, weight: str | None, k: int | None) -> None:
    G = _fixture()
    ref = C.centrality(G, measure, weight=weight, k=k, seed=3, backend="networkx")
    fast = C.centrality(G, measure, weight=weight, k=k, seed=3, backend="fast")
    assert list(fast) == list(ref)  # same nodes, same order
    tol = 1e-9 if measure == "pagerank" else 1e-12
    worst = max(abs(fast[n] - ref[n]) for n in ref)
    assert worst < tol, f"{measure}: max difference {worst:.3g}"


def test_fast_backend_ranks_like_networkx_on_the_real_projection(built: Dataset) -> None:
    U = nx.Graph(project(built))
    assert len(U) > 400 and nx.number_connected_components(U) > 1
    for measure in C.MEASURES:
        ref = C.rank(C.centrality(U, measure, backend="networkx"))[:20]
        fast = C.rank(C.centrality(U, measure, backend="fast"))[:20]
        assert [n for n, _ in fast] == [n for n, _ in ref], measure


def test_all_centralities_fast_equals_per_measure() -> None:
    G = _fixture()
    together = C.all_centralities(G, k=40, backend="fast")
    for measure in C.MEASURES:
        assert together[measure] == C.centrality(G, measure, k=40, backend="fast")


def test_hand_checked_star_and_path() -> None:
    # Star with 4 leaves: the centre lies on all 6 leaf pairs (normalised: 6 / C(4,2) = 1).
    S = nx.star_graph(4)
    assert C.centrality(S, "betweenness", backend="fast") == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0}
    # Path 0-1-2 plus isolated 3: closeness of the middle = (2/3) * (2 / 2) in a 4-node graph.
    P = nx.path_graph(3)
    P.add_node(3)
    c = C.centrality(P, "closeness", backend="fast")
    assert c[1] == pytest.approx(2 / 3) and c[0] == pytest.approx(2 / 3 * 2 / 3) and c[3] == 0.0


def test_auto_uses_fast_only_for_large_simple_undirected_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = F.scores

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(F, "scores", spy)
    C.centrality(nx.path_graph(10), "degree")
    assert calls == []
    C.centrality(nx.path_graph(C.FAST_ABOVE + 1), "degree")
    assert calls == ["degree"]
    C.centrality(nx.path_graph(C.FAST_ABOVE + 1, create_using=nx.DiGraph), "degree")
    assert calls == ["degree"]  # directed graphs stay on networkx


def test_fast_backend_refuses_what_it_cannot_compute() -> None:
    with pytest.raises(ValueError, match="simple undirected"):
        C.centrality(nx.DiGraph([(0, 1)]), "pagerank", backend="fast")
    with pytest.raises(ValueError, match="unknown backend 'gpu'"):
        C.centrality(nx.path_graph(3), "pagerank", backend="gpu")
    G = nx.Graph([(0, 1, {"weight": 0})])
    with pytest.raises(ValueError, match="non-positive weight"):
        C.centrality(G, "degree", weight="weight", backend="fast")
