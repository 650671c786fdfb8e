"""Network measures: hand-checked values on small graphs, invariants on the real graph, the CLI."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from ecokg.cli.main import main
from ecokg.network import centrality as C
from ecokg.network import structure as S
from ecokg.network.communities import communities, describe, membership, modularity
from ecokg.network.projection import project

approx = pytest.approx


def two_triangles() -> nx.Graph:
    """0-1-2 and 3-4-5 are triangles; the edge 2-3 joins them."""
    return nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)])


# ---------------------------------------------------------------------------- centrality by hand


def test_degree_on_a_path() -> None:
    # P4 0-1-2-3: degree / (n-1) = 1/3 at the ends, 2/3 inside
    assert C.centrality(nx.path_graph(4), "degree") == approx({0: 1 / 3, 1: 2 / 3, 2: 2 / 3, 3: 1 / 3})


def test_weighted_degree_is_strength() -> None:
    G = nx.Graph()
    G.add_edge("a", "b", weight=2.0)
    G.add_edge("b", "c", weight=1.0)
    # strengths 2, 3, 1 over n-1 = 2
    assert C.centrality(G, "degree", weight="weight") == approx({"a": 1.0, "b": 1.5, "c": 0.5})


def test_betweenness_on_a_path_and_two_triangles() -> None:
    # P4: node 1 lies on the paths 0-2 and 0-3: 2 of the 3 pairs not involving it
    assert C.centrality(nx.path_graph(4), "betweenness") == approx({0: 0.0, 1: 2 / 3, 2: 2 / 3, 3: 0.0})
    # two triangles: node 2 is on every path from {0, 1} to {3, 4, 5} = 6 of C(5,2) = 10 pairs
    b = C.centrality(two_triangles(), "betweenness")
    assert b == approx({0: 0.0, 1: 0.0, 2: 0.6, 3: 0.6, 4: 0.0, 5: 0.0})


def test_weights_are_distances_for_betweenness() -> None:
    # a-c directly (weight 1: distance 1) or via b (weights 4: distance 1/4 + 1/4)
    G = nx.Graph()
    G.add_edge("a", "c", weight=1.0)
    G.add_edge("a", "b", weight=4.0)
    G.add_edge("b", "c", weight=4.0)
    assert C.centrality(G, "betweenness")["b"] == 0.0  # unweighted: a-c is one hop
    assert C.centrality(G, "betweenness", weight="weight")["b"] == 1.0  # the only pair goes through b


def test_closeness_on_a_path_and_with_an_isolated_node() -> None:
    # P4: node 0 has distances 1+2+3 = 6 -> 3/6; node 1: 1+1+2 = 4 -> 3/4
    assert C.centrality(nx.path_graph(4), "closeness") == approx({0: 0.5, 1: 0.75, 2: 0.75, 3: 0.5})
    # star K1,3 plus an isolated node (n = 5), Wasserman-Faust: (r-1)/(n-1) * (r-1)/sum d
    G = nx.star_graph(3)
    G.add_node(4)
    c = C.centrality(G, "closeness")
    assert c[0] == approx(3 / 4 * 3 / 3)  # centre: distances 1, 1, 1
    assert c[1] == approx(3 / 4 * 3 / 5)  # leaf: distances 1, 2, 2
    assert c[4] == 0.0


def test_eigenvector_on_a_star_and_per_component() -> None:
    # star K1,3: eigenvalue sqrt(3); centre 1/sqrt(2), leaves 1/sqrt(6) (unit length)
    e = C.centrality(nx.star_graph(3), "eigenvector")
    assert e == approx({0: 1 / math.sqrt(2), 1: 1 / math.sqrt(6), 2: 1 / math.sqrt(6), 3: 1 / math.sqrt(6)})
    # add an isolated node: the star's scores are scaled by its share 4/5, the isolate gets 0
    G = nx.star_graph(3)
    G.add_node(4)
    e = C.centrality(G, "eigenvector")
    assert e[0] == approx(4 / 5 / math.sqrt(2)) and e[1] == approx(4 / 5 / math.sqrt(6)) and e[4] == 0.0
    # two triangles and a pair (n = 8): triangle nodes 1/sqrt(3) * 3/8, pair nodes 1/sqrt(2) * 2/8
    H = nx.disjoint_union_all([nx.complete_graph(3), nx.complete_graph(3), nx.complete_graph(2)])
    e = C.centrality(H, "eigenvector")
    assert [e[i] for i in (0, 3, 6)] == approx([3 / 8 / math.sqrt(3), 3 / 8 / math.sqrt(3), 2 / 8 / math.sqrt(2)])


def test_eigenvector_equals_networkx_on_connected_graphs() -> None:
    for G in (two_triangles(), nx.karate_club_graph(), nx.path_graph(7)):  # the path is bipartite
        ours = C.centrality(G, "eigenvector")
        theirs = nx.eigenvector_centrality_numpy(G, weight=None)
        assert ours == approx(theirs, abs=1e-8)


def test_pagerank_by_hand() -> None:
    # cycle: all equal
    assert C.centrality(nx.cycle_graph(5), "pagerank") == approx(dict.fromkeys(range(5), 0.2))
    # star K1,3, alpha 0.85: l = 0.0375 + 0.85 c/3, c = 0.0375 + 0.85 * 3 l -> l = 0.048125/0.2775
    p = C.centrality(nx.star_graph(3), "pagerank")
    leaf = 0.048125 / 0.2775
    assert p[1] == approx(leaf, abs=1e-9) and p[0] == approx(0.0375 + 2.55 * leaf, abs=1e-9)
    assert sum(p.values()) == approx(1.0)


def test_directed_graphs() -> None:
    D = nx.DiGraph([("a", "b"), ("b", "c")])
    # b is on the path a -> c: 1 of the (n-1)(n-2) = 2 ordered pairs of other nodes
    assert C.centrality(D, "betweenness") == approx({"a": 0.0, "b": 0.5, "c": 0.0})
    # closeness uses incoming distances: c is reached from b (1) and a (2)
    assert C.centrality(D, "closeness")["c"] == approx(2 / 2 * 2 / 3)
    assert sum(C.centrality(D, "pagerank").values()) == approx(1.0)
    e = C.centrality(D, "eigenvector")  # undirected view: a path of three
    assert e["b"] == approx(1 / math.sqrt(2)) and e["a"] == approx(0.5)


def test_unknown_measure_and_empty_graph() -> None:
    with pytest.raises(ValueError, match="unknown measure"):
        C.centrality(nx.path_graph(2), "fame")
    assert C.centrality(nx.Graph(), "pagerank") == {}
    assert C.centrality(nx.empty_graph(1), "degree") == {0: 0.0}


def test_non_positive_weights_are_rejected() -> None:
    G = nx.Graph()
    G.add_edge(0, 1, weight=0)
    with pytest.raises(ValueError, match="non-positive"):
        C.centrality(G, "betweenness", weight="weight")


# ---------------------------------------------------------------------------- sampling


def test_sample_size_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    assert C.sample_size(nx.path_graph(50)) is None
    assert C.sample_size(nx.path_graph(50), k=10) == 10
    assert C.sample_size(nx.path_graph(50), k=50) is None  # k >= n: exact
    with pytest.raises(ValueError):
        C.sample_size(nx.path_graph(5), k=0)
    monkeypatch.setattr(C, "AUTO_SAMPLE_ABOVE", 20)
    monkeypatch.setattr(C, "AUTO_SAMPLE_SIZE", 8)
    assert C.sample_size(nx.path_graph(50)) == 8
    assert C.sample_size(nx.path_graph(6)) is None


def test_sampled_closeness_is_exact_when_components_fit_the_sample() -> None:
    # three disjoint P4s (n = 12) sampled with k = 4: every component is its own full sample
    G = nx.disjoint_union_all([nx.path_graph(4)] * 3)
    sampled = C.centrality(G, "closeness", k=4)
    assert sampled == approx(nx.closeness_centrality(G))
    # (r-1)/(n-1) * (r-1)/sum d = 3/11 * 3/6 at the ends
    assert sampled[0] == approx(3 / 11 * 3 / 6)


def test_sampled_measures_are_deterministic_and_close() -> None:
    G = nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=3)
    b1 = C.centrality(G, "betweenness", k=60, seed=1)
    assert b1 == C.centrality(G, "betweenness", k=60, seed=1)
    c = C.centrality(G, "closeness", k=60, seed=1)
    exact = nx.closeness_centrality(G)
    assert max(abs(c[n] - exact[n]) / exact[n] for n in G) < 0.1
    Gd = nx.gnp_random_graph(120, 0.05, seed=2, directed=True)
    cd = C.centrality(Gd, "closeness", k=30)
    assert set(cd) == set(Gd) and all(v >= 0 for v in cd.values())


# ---------------------------------------------------------------------------- ranking


def test_rank_breaks_ties_by_node_id() -> None:
    s = {"b": 0.3, "a": 0.3, "c": 0.9, "d": 0.1 + 0.2}  # 0.1 + 0.2 != 0.3 in floating point
    assert [n for n, _ in C.rank(s)] == ["c", "a", "b", "d"]
    assert C.ranks(s) == {"c": 1, "a": 2, "b": 3, "d": 4}
    types = {"a": "X", "b": "Y", "c": "X", "d": "Y"}
    assert C.ranks(s, group=types.get) == {"c": 1, "a": 2, "b": 1, "d": 2}


# ---------------------------------------------------------------------------- structure by hand


def test_articulation_points_bridges_and_cores() -> None:
    G = two_triangles()
    assert S.articulation_points(G) == [2, 3]
    assert [(b["u"], b["v"], b["side_u"], b["side_v"], b["leaf"]) for b in S.bridges(G)] == [(2, 3, 3, 3, False)]
    assert S.core_numbers(G) == dict.fromkeys(range(6), 2)
    assert S.articulation_points(nx.star_graph(3)) == [0]
    # P4: three bridges; the middle one splits it 2/2, the outer ones cut off a leaf
    assert [(b["u"], b["v"], b["side_u"], b["side_v"]) for b in S.bridges(nx.path_graph(4))] == [
        (1, 2, 2, 2),
        (1, 0, 3, 1),
        (2, 3, 3, 1),
    ]
    # triangle with a tail 2-3-4: tail is the 1-core, triangle the 2-core
    T = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)])
    assert S.core_numbers(T) == {0: 2, 1: 2, 2: 2, 3: 1, 4: 1}
    assert S.k_core(T) == [0, 1, 2] and S.k_core(T, 1) == [0, 1, 2, 3, 4]


def test_fragmentation_by_hand() -> None:
    f2, f0 = S.fragmentation(two_triangles(), [2, 0])
    # removing 2: {0,1} and {3,4,5}; 2 nodes lose the main part
    assert (
        f2["components_before"],
        f2["components_after"],
        f2["largest_before"],
        f2["largest_after"],
        f2["cut_off"],
    ) == (1, 2, 6, 3, 2)
    # removing 0: the rest stays connected
    assert (f0["components_after"], f0["largest_after"], f0["cut_off"]) == (1, 5, 0)
    # star centre with an extra component of size 2: before 2 components (largest 4), after 4 (largest 2)
    G = nx.star_graph(3)
    G.add_edge(10, 11)
    (f,) = S.fragmentation(G, [0])
    assert (f["components_before"], f["components_after"], f["largest_before"], f["largest_after"], f["cut_off"]) == (
        2,
        4,
        4,
        2,
        2,
    )
    with pytest.raises(nx.NodeNotFound):
        S.fragmentation(G, ["nope"])


def _brute_bridge_sides(G: nx.Graph, u: int, v: int) -> tuple[int, int]:
    H = G.copy()
    H.remove_edge(u, v)
    return len(nx.node_connected_component(H, u)), len(nx.node_connected_component(H, v))


def test_bridges_and_fragmentation_agree_with_brute_force() -> None:
    rng = random.Random(7)
    for seed in range(5):
        G = nx.gnm_random_graph(60, 62, seed=seed)
        G.add_nodes_from(range(60, 63))  # isolated nodes
        found = S.bridges(G)
        assert {frozenset((b["u"], b["v"])) for b in found} == {frozenset(e) for e in nx.bridges(G)}
        for b in found:
            assert (b["side_u"], b["side_v"]) == _brute_bridge_sides(G, b["u"], b["v"])
            assert b["side_u"] >= b["side_v"] and b["leaf"] == (b["side_v"] == 1)
        for f in S.fragmentation(G, rng.sample(sorted(G), 10)):
            H = G.copy()
            H.remove_node(f["node"])
            comps = [len(c) for c in nx.connected_components(H)]
            assert f["components_after"] == len(comps)
            assert f["largest_after"] == max(comps)


# ---------------------------------------------------------------------------- communities by hand


def test_communities_split_two_cliques_and_partition() -> None:
    G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4))
    G.add_edge(3, 4)
    G.add_node(8)
    comms = communities(G)
    assert comms == [[0, 1, 2, 3], [4, 5, 6, 7], [8]]
    assert membership(comms)[5] == 2
    # modularity: m = 13; each clique 6 internal edges, degree sum 13 -> 2 * (6/13 - (13/26)^2)
    assert modularity(G, comms) == approx(2 * (6 / 13 - 0.25))


def test_communities_are_deterministic_and_seeded() -> None:
    G = nx.relabel_nodes(nx.connected_caveman_graph(6, 5), lambda i: f"n{i:02d}")
    first = communities(G, seed=4)
    assert first == communities(G, seed=4)
    assert sorted(n for c in first for n in c) == sorted(G)


def test_describe_names_top_members_and_dominant_sectors() -> None:
    G = nx.Graph()
    for n, t in [("co", "Company"), ("lab", "ResearchInstitute"), ("s1", "IndustrySector"),
                 ("s2", "IndustrySector"), ("x", "Company")]:  # fmt: skip
        G.add_node(n, type=t)
    # co and lab are both in s1; co also in s2; x (another community) in s2
    G.add_edges_from([("co", "lab"), ("co", "s1"), ("lab", "s1"), ("co", "s2"), ("x", "s2")])
    d = describe(G, [["co", "lab", "s1"], ["s2", "x"]])
    # s1: itself + co + lab = 3; s2: linked to co = 1
    assert d[0]["sectors"] == [("s1", 3), ("s2", 1)]
    assert d[0]["members"] == ["co", "lab", "s1"]  # by degree: 3, 2, 2 (ties by id)
    assert d[0]["types"] == [("Company", 1), ("IndustrySector", 1), ("ResearchInstitute", 1)]
    assert d[1]["sectors"] == [("s2", 2)]


# ---------------------------------------------------------------------------- scale


@pytest.mark.slow
def test_large_sparse_graph_keeps_working() -> None:
    n = 20_000
    G = nx.gnm_random_graph(n, 30_000, seed=11)
    assert C.sample_size(G) == C.AUTO_SAMPLE_SIZE  # sampled by default above AUTO_SAMPLE_ABOVE
    for m in C.MEASURES:
        s = C.centrality(G, m, k=24)  # a small explicit sample keeps the test short
        assert len(s) == n and all(math.isfinite(v) and v >= 0 for v in s.values()), m
    assert sum(C.centrality(G, "pagerank").values()) == approx(1.0)
    comms = communities(G)
    assert sum(len(c) for c in comms) == n and len({x for c in comms for x in c}) == n
    found = S.bridges(G)
    assert {frozenset((b["u"], b["v"])) for b in found} == {frozenset(e) for e in nx.bridges(G)}
    top = [v for v, _ in C.rank(C.centrality(G, "degree"))[:3]]
    assert len(S.fragmentation(G, top)) == 3
    assert len(S.core_numbers(G)) == n


# ---------------------------------------------------------------------------- the real graph


@pytest.fixture(scope="module")
def real(built: Dataset) -> nx.Graph:
    return project(built)


def test_real_graph_every_node_scored(real: nx.Graph) -> None:
    scores = C.all_centralities(real, weight="weight")
    for m, s in scores.items():
        assert set(s) == set(real), m
        assert all(math.isfinite(v) and v >= 0 for v in s.values()), m
        assert sorted(C.ranks(s).values()) == list(range(1, len(real) + 1)), m
    assert sum(scores["pagerank"].values()) == approx(1.0)
    isolated = [n for n in real if real.degree(n) == 0]
    assert all(scores["eigenvector"][n] == 0 and scores["degree"][n] == 0 for n in isolated)


def test_real_graph_communities_partition_the_nodes(real: nx.Graph) -> None:
    comms = communities(real)
    flat = [n for c in comms for n in c]
    assert len(flat) == len(set(flat)) == real.number_of_nodes()
    assert comms == communities(real)  # same seed, same communities
    assert modularity(real, comms) > 0.3
    # a community never spans two connected components
    comp = {n: i for i, c in enumerate(nx.connected_components(real)) for n in c}
    assert all(len({comp[n] for n in c}) == 1 for c in comms)


def test_real_graph_cut_points(real: nx.Graph) -> None:
    aps = set(S.articulation_points(real))
    for f in S.fragmentation(real, sorted(aps)[:10]):
        # removing a cut point splits its component into at least two pieces
        assert f["components_after"] >= f["components_before"] + 1 and f["cut_off"] >= 1
    for b in S.bridges(real)[:10]:
        assert b["side_u"] + b["side_v"] == len(nx.node_connected_component(real, b["u"]))


# ---------------------------------------------------------------------------- CLI


@pytest.fixture()
def build_copy(build_dir: Path, tmp_path: Path) -> Path:
    """The session build's ecosystem.trig in a scratch directory (analyze writes beside it)."""
    shutil.copy(build_dir / "ecosystem.trig", tmp_path / "ecosystem.trig")
    return tmp_path


def test_cli_centrality_formats(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["centrality", "--build", str(build_dir), "--top", "5", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["pagerank"] >= rows[-1]["pagerank"]
    assert main(["centrality", "--build", str(build_dir), "--measure", "betweenness", "--show-types", "Company",
                 "--top", "0", "--format", "csv"]) == 0  # fmt: skip
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert table and {r["type"] for r in table} == {"Company"}
    assert [int(r["type rank"]) for r in table] == list(range(1, len(table) + 1))
    assert main(["centrality", "--build", str(build_dir), "--show-types", "Nothing"]) == 1


def test_cli_centrality_show_types_filters_rows_not_ranks(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--show-types A,B`` keeps the rows of either class; ranks stay those of the whole projection."""
    assert main(["centrality", "--build", str(build_dir), "--top", "0", "--format", "csv"]) == 0
    everything = {r["id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert main(["centrality", "--build", str(build_dir), "--show-types", "Company,ResearchInstitute",
                 "--top", "0", "--format", "csv"]) == 0  # fmt: skip
    shown = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["type"] for r in shown} == {"Company", "ResearchInstitute"}
    assert [r["id"] for r in shown] == [
        i for i, r in everything.items() if r["type"] in ("Company", "ResearchInstitute")
    ]
    assert all(r == everything[r["id"]] for r in shown)


def test_cli_communities_bridges_fragility(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["communities", "--build", str(build_dir), "--format", "json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)[0]["community"] == 1 and "modularity" in out.err
    assert main(["bridges", "--build", str(build_dir)]) == 0
    assert "bridges" in capsys.readouterr().out
    assert main(["fragility", "--build", str(build_dir), "--by", "articulation", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    cut = [int(r["cut off"]) for r in rows]
    assert cut == sorted(cut, reverse=True) and all(r["articulation"] == "yes" for r in rows)


def test_analyze_writes_csv_and_analysis_graph(build_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ecokg.query.store import open_dataset

    assert main(["analyze", "--build", str(build_copy)]) == 0
    rows = list(csv.DictReader((build_copy / "centrality.csv").open(encoding="utf-8")))
    G = project(open_dataset(build_copy / "ecosystem.trig"))
    assert sorted(r["id"] for r in rows) == sorted(G)
    for m in C.MEASURES:
        assert sorted(int(r[f"{m}_rank"]) for r in rows) == list(range(1, len(rows) + 1))
    assert [int(r["pagerank_rank"]) for r in rows] == list(range(1, len(rows) + 1))
    # the analysis graph is loaded with the build and can be ranked by SPARQL
    ds = open_dataset(build_copy / "ecosystem.trig")
    q = """PREFIX ana: <https://w3id.org/ecokg/analysis#>
           SELECT ?e ?s WHERE { GRAPH <https://w3id.org/ecokg/graph/analysis> { ?e ana:pagerank ?s } }
           ORDER BY DESC(?s) ?e"""
    ranked = [str(r[0]).rsplit("/", 1)[1] for r in ds.query(q)]  # type: ignore[index]
    assert ranked[:5] == [r["id"] for r in rows[:5]] and len(ranked) == len(rows)
    labels = {
        str(r[0])
        for r in ds.query("""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?l WHERE { GRAPH <https://w3id.org/ecokg/graph/analysis> {
          <https://w3id.org/ecokg/analysis#pagerank> rdfs:label ?l } }""")
    }  # type: ignore[index]
    assert "PageRank" in labels


def test_analyze_is_byte_identical_across_runs_and_hash_seeds(build_copy: Path, tmp_path: Path) -> None:
    assert main(["analyze", "--build", str(build_copy)]) == 0
    first = {n: (build_copy / n).read_bytes() for n in ("centrality.csv", "analysis.trig")}
    assert main(["analyze", "--build", str(build_copy)]) == 0
    assert {n: (build_copy / n).read_bytes() for n in first} == first
    other = tmp_path / "other"
    env = dict(os.environ, PYTHONHASHSEED="4242")
    subprocess.run([sys.executable, "-m", "ecokg", "analyze", "--build", str(build_copy), "--output", str(other)],
                   check=True, env=env, capture_output=True)  # fmt: skip
    assert {n: (other / n).read_bytes() for n in first} == first


# pytest.warns records every warning in its block and re-emits the others under their file name, which
# the by-module filter for rdflib's deprecations (pyproject) no longer matches; so by message here
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_stale_analysis_is_not_loaded(build_copy: Path) -> None:
    from ecokg.query.store import open_dataset

    assert main(["analyze", "--build", str(build_copy)]) == 0
    trig = build_copy / "ecosystem.trig"
    trig.write_bytes(trig.read_bytes() + b"\n# changed\n")
    with pytest.warns(UserWarning, match="not loaded"):
        ds = open_dataset(trig)
    assert not any(str(g.identifier).endswith("/analysis") for g in ds.graphs() if len(g))
