"""``ecokg export`` (GraphML, GEXF, Gephi CSV, Neo4j CSV, Parquet) and ``ecokg.to_frame`` on the real graph:
the files open in networkx and pandas, agree with the projection, and join with ``centrality.csv``."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import ecokg
from ecokg.cli.main import main
from ecokg.explore.export_files import SEPARATOR, districts_of, frames, tables
from ecokg.network import centrality as C
from ecokg.network.projection import project
from ecokg.query.frames import MissingPandas, require_pandas, to_frame
from ecokg.query.store import BuildMissing, open_dataset

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def G(built) -> nx.Graph:
    return project(built)


@pytest.fixture(scope="module")
def pagerank(G: nx.Graph) -> dict[str, float]:
    return C.centrality(G, "pagerank", weight="weight")


def _export(build_dir: Path, fmt: str, out: Path, *extra: str) -> Path:
    assert main(["export", "--build", str(build_dir), "-f", fmt, "-o", str(out), *extra]) == 0
    return out


def _check_taiping_bird(d: dict, pagerank: float) -> None:
    assert d["label"] == "太平鸟" and d["label_en"] == "Peacebird" and d["type"] == "Company"
    assert d["districts"] == "haishu"  # locatedIn haishu (data/facts/2019-05-haishu-246-clusters.yaml)
    assert "2019-05-haishu-246-clusters" in d["sources"].split(SEPARATOR)
    assert float(d["pagerank"]) == pytest.approx(pagerank, rel=1e-12)


def test_graphml_opens_in_networkx(build_dir: Path, tmp_path: Path, G: nx.Graph, pagerank: dict) -> None:
    H = nx.read_graphml(_export(build_dir, "graphml", tmp_path / "g.graphml"))
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert sorted(H) == sorted(G) and not H.is_directed()
    _check_taiping_bird(H.nodes["taiping_bird"], pagerank["taiping_bird"])
    assert H.nodes["taiping_bird"]["classes"] == "Company;Entity;Organization"
    e = H.edges["taiping_bird", "haishu"]
    assert e["predicate"] == "locatedIn" and e["weight"] == G.edges["taiping_bird", "haishu"]["weight"]


def test_gexf_opens_in_networkx(build_dir: Path, tmp_path: Path, G: nx.Graph, pagerank: dict) -> None:
    H = nx.read_gexf(_export(build_dir, "gexf", tmp_path / "g.gexf"))
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    _check_taiping_bird(H.nodes["taiping_bird"], pagerank["taiping_bird"])


def test_directed_and_filtered_exports_follow_the_projection_options(build_dir: Path, tmp_path: Path, built) -> None:
    H = nx.read_graphml(_export(build_dir, "graphml", tmp_path / "d.graphml", "--directed", "--no-people"))
    D = project(built, directed=True, include_people=False)
    assert H.is_directed() and sorted(H.edges) == sorted(D.edges)
    # a filtered export still knows a company's district (computed on the whole projection)
    H = nx.read_graphml(_export(build_dir, "graphml", tmp_path / "c.graphml", "--only-types", "Company"))
    assert {t for _, t in H.nodes(data="type")} == {"Company"} and H.nodes["taiping_bird"]["districts"] == "haishu"


def test_gephi_csv_pair_joins_with_centrality_csv_and_to_frame(build_dir: Path, tmp_path: Path, G: nx.Graph) -> None:
    out = _export(build_dir, "csv", tmp_path / "gephi")
    assert main(["analyze", "--build", str(build_dir), "-o", str(tmp_path / "an")]) == 0
    nodes = pd.read_csv(out / "nodes.csv", keep_default_na=False)
    edges = pd.read_csv(out / "edges.csv", keep_default_na=False)
    scores = pd.read_csv(tmp_path / "an" / "centrality.csv", keep_default_na=False)
    assert list(nodes.columns[:4]) == ["Id", "Label", "label_en", "type"]
    assert list(edges.columns[:5]) == ["Source", "Target", "Type", "Label", "Weight"]
    assert len(nodes) == len(G) and len(edges) == G.number_of_edges() and set(edges["Type"]) == {"Undirected"}
    joined = nodes.merge(scores, left_on="Id", right_on="id", how="inner", validate="one_to_one")
    assert len(joined) == len(nodes) == len(scores)  # every row matches
    assert (joined["pagerank_x"] - joined["pagerank_y"]).abs().max() < 1e-9  # the same scores as analyze
    for end in ("Source", "Target"):
        assert len(edges.merge(nodes, left_on=end, right_on="Id")) == len(edges)
    posts = ecokg.to_frame("posts", build=build_dir)
    assert len(posts) and set(posts["person"]) <= set(nodes["Id"]) and set(posts["org"]) <= set(nodes["Id"])
    assert set(posts["source"]) <= {s for v in nodes["sources"] for s in v.split(SEPARATOR)}


def test_query_csv_joins_with_centrality_csv_and_the_export(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ecokg query -f csv`` names entities as the export files do, so a pandas merge matches."""
    import io

    assert main(["analyze", "--build", str(build_dir), "-o", str(tmp_path / "an")]) == 0
    _export(build_dir, "csv", tmp_path / "gephi")
    scores = pd.read_csv(tmp_path / "an" / "centrality.csv", keep_default_na=False)
    nodes = pd.read_csv(tmp_path / "gephi" / "nodes.csv", keep_default_na=False)
    capsys.readouterr()

    def query_csv(*args: str, fmt: str = "csv") -> pd.DataFrame:
        assert main(["query", "--build", str(build_dir), *args, "-f", fmt]) == 0
        return pd.read_csv(
            io.StringIO(capsys.readouterr().out), sep="," if fmt == "csv" else "\t", keep_default_na=False
        )

    companies = query_csv(
        "--sparql", "SELECT ?c ?name WHERE { ?c a eco:Company ; rdfs:label ?name FILTER(LANG(?name) = 'zh') }"
    )
    assert len(companies) > 10 and "taiping_bird" in set(companies["c"])
    for other, key in ((scores, "id"), (nodes, "Id")):
        joined = companies.merge(other, left_on="c", right_on=key, how="left", indicator=True)
        assert len(joined) == len(companies) and set(joined["_merge"]) == {"both"}  # every company row matches
        assert set(joined["type"]) == {"Company"}
    orgs = query_csv("orgs-in-area", "-p", "area=haishu", fmt="tsv")  # a named query; TSV alike
    joined = orgs.merge(scores, left_on="org", right_on="id", how="inner")
    assert len(orgs) > 0 and len(joined) == len(orgs)
    assert "haishu" in set(orgs["place"]) and set(orgs["place"]) <= set(scores["id"])  # places join too
    # other IRIs keep their CURIE; the table still shows entities as ekg: CURIEs
    kinds = query_csv("--sparql", "SELECT DISTINCT ?t WHERE { ekg:taiping_bird a ?t }")
    assert list(kinds["t"]) == ["eco:Company"]
    assert main(["query", "--build", str(build_dir), "orgs-in-area", "-p", "area=haishu"]) == 0
    assert "ekg:taiping_bird" in capsys.readouterr().out


def test_neo4j_import_headers(build_dir: Path, tmp_path: Path, G: nx.Graph) -> None:
    out = _export(build_dir, "neo4j", tmp_path / "neo4j")
    with (out / "nodes.csv").open(encoding="utf-8") as fh:
        nodes = list(csv.reader(fh))
    with (out / "relationships.csv").open(encoding="utf-8") as fh:
        rels = list(csv.reader(fh))
    assert nodes[0][:3] == ["id:ID", ":LABEL", "label"] and "pagerank:double" in nodes[0]
    assert "sources:string[]" in nodes[0] and "core:int" in nodes[0]
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and "weight:double" in rels[0]
    assert len(nodes) - 1 == len(G) and len(rels) - 1 == G.number_of_edges()
    row = next(r for r in nodes[1:] if r[0] == "taiping_bird")
    assert row[1].split(";") == ["Company", "Entity", "Organization"] and row[2] == "太平鸟"
    ids = {r[0] for r in nodes[1:]}
    assert all(r[0] in ids and r[1] in ids for r in rels[1:])
    # the direction is the statement's: 太平鸟 locatedIn 海曙
    assert ["taiping_bird", "haishu", "locatedIn"] in [r[:3] for r in rels[1:]]


def test_no_list_element_contains_the_separator(G: nx.Graph) -> None:
    t = tables(G)
    for row in (*t.nodes, *t.edges):
        for v in row.values():
            assert not (isinstance(v, list) and any(SEPARATOR in str(x) for x in v)), row[
                "id" if "id" in row else "source"
            ]


def _plain(x: object) -> object:
    """A cell as a Python value: arrays as lists, missing as None."""
    if isinstance(x, (list, tuple)) or type(x).__name__ == "ndarray":
        return [_plain(v) for v in x]  # type: ignore[attr-defined]  # a list or a numpy array
    if x is None or (isinstance(x, float) and x != x):
        return None
    return x


def test_parquet_round_trip(build_dir: Path, tmp_path: Path, built, G: nx.Graph) -> None:
    pytest.importorskip("pyarrow")
    out = _export(build_dir, "parquet", tmp_path / "pq")
    nodes, edges = pd.read_parquet(out / "nodes.parquet"), pd.read_parquet(out / "edges.parquet")
    want_nodes, want_edges = frames(tables(G, districts=districts_of(built)))
    assert len(nodes) == len(G) and len(edges) == G.number_of_edges()
    assert list(nodes.columns) == list(want_nodes.columns) and list(edges.columns) == list(want_edges.columns)
    tb = nodes.set_index("id").loc["taiping_bird"]
    assert list(tb["classes"]) == ["Company", "Entity", "Organization"] and list(tb["districts"]) == ["haishu"]
    for got, want in ((nodes, want_nodes), (edges, want_edges)):
        for col in want.columns:
            assert [_plain(x) for x in got[col]] == [_plain(x) for x in want[col]], col


def test_parquet_without_pyarrow_is_a_clear_error(
    build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert main(["export", "--build", str(build_dir), "-f", "parquet", "-o", str(tmp_path / "pq")]) == 1
    assert "pip install 'ecokg[export]'" in capsys.readouterr().err and not (tmp_path / "pq").exists()
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingPandas, match="optional dependency"):
        require_pandas()


def test_exports_are_byte_identical_across_hash_seeds(build_dir: Path, tmp_path: Path) -> None:
    for fmt, name in (("graphml", "g.graphml"), ("csv", "gephi"), ("neo4j", "neo4j")):
        _export(build_dir, fmt, tmp_path / "a" / name)
        env = dict(os.environ, PYTHONHASHSEED="4242")
        subprocess.run([sys.executable, "-m", "ecokg", "export", "--build", str(build_dir), "-f", fmt,
                        "-o", str(tmp_path / "b" / name)], check=True, env=env, capture_output=True)  # fmt: skip
    for a in sorted((tmp_path / "a").rglob("*")):
        if a.is_file():
            assert a.read_bytes() == (tmp_path / "b" / a.relative_to(tmp_path / "a")).read_bytes(), a


def test_to_frame_posts(build_dir: Path) -> None:
    df = ecokg.to_frame("posts", person="sun_liming", build=build_dir)
    assert list(df.columns[:3]) == ["person", "name", "title"]
    assert df.loc[0, ["person", "name", "title"]].tolist() == ["sun_liming", "孙黎明", "区委书记"]
    assert ecokg.to_frame is to_frame


def test_to_frame_sparql_text_values_and_errors(build_dir: Path, built) -> None:
    df = to_frame("SELECT ?s ?y WHERE { ?s eco:year ?y } ORDER BY ?s", dataset=built)
    years = dict(zip(df["s"], df["y"]))
    assert years["2024-haishu-excellent-district"] == 2024 and years["2019-05-haishu-246-clusters"] == 2019
    assert all(type(y) is int for y in years.values())
    with pytest.raises(ValueError, match="no query named"):
        to_frame("postz", build=build_dir)
    with pytest.raises(ValueError, match="no parameter"):
        to_frame("posts", build=build_dir, nobody="x")
    with pytest.raises(ValueError, match="SELECT"):
        to_frame("ASK { ?s ?p ?o }", dataset=built)
    with pytest.raises(BuildMissing):
        to_frame("posts", build=build_dir / "missing")


def test_open_dataset_takes_a_str_path(build_dir: Path) -> None:
    ds = open_dataset(str(build_dir / "ecosystem.trig"))
    assert len(ds) == len(open_dataset(build_dir / "ecosystem.trig"))
