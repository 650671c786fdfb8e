"""Explanation paths and the 链主 view: small graphs by hand, then the real graph and the CLI.

(Name resolution is tested in tests/test_names.py.)"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from ecokg.cli.main import main
from ecokg.network.chain_leaders import chain_leaders, explain, kind_of, leaders_for_sector, narrower
from ecokg.network.paths import NoPath, format_paths, paths_as_data, shortest_paths
from ecokg.network.projection import project
from ecokg.network.rows import predicate_labels
from ecokg.query.store import open_dataset


def ev(s: str, p: str, o: str, source: str = "a1", sentence: str | None = None) -> dict:
    return {"source": source, "title": f"title {source}", "date": "2020", "sentence": sentence or f"{s} {p} {o}",
            "sentence_iri": f"urn:{source}:{s}-{o}", "predicate": p, "subject": s, "object": o, "when": None}  # fmt: skip


def named_graph() -> nx.Graph:
    """co --locatedIn--> dist <--locatedIn-- lab ; co --cooperatesWith-- lab2 --hostedBy--> lab."""
    G = nx.Graph()
    G.add_node("co", label="太平鸟", aliases=["太平鸟公司"], label_en="Peacebird", type="Company")
    G.add_node("dist", label="海曙区", aliases=["海曙"], label_en="Haishu District", type="District")
    G.add_node("lab", label="上海交大宁波人工智能研究院", aliases=["上海交大人工智能研究院"], label_en=None,
               type="ResearchInstitute")  # fmt: skip
    G.add_node("lab2", label="宁波工业互联网研究院", aliases=[], label_en=None, type="ResearchInstitute")
    G.add_node("twin1", label="双胞胎", aliases=[], label_en=None, type="Company")
    G.add_node("twin2", label="双胞胎集团", aliases=["双胞胎"], label_en=None, type="Company")
    for s, p, o in [("co", "locatedIn", "dist"), ("lab", "locatedIn", "dist"), ("co", "cooperatesWith", "lab2"),
                    ("lab2", "hostedBy", "lab")]:  # fmt: skip
        G.add_edge(s, o, predicate=p, predicates=[p], label=p, articles=1, evidence=[ev(s, p, o)])
    return G


# ---------------------------------------------------------------------------- paths by hand


def test_shortest_paths_by_hand() -> None:
    G = named_graph()
    # co-dist-lab and co-lab2-lab both have 2 hops; ordered by the node ids along them
    both = shortest_paths(G, "co", "lab")
    assert [[h["from"] for h in p] + [p[-1]["to"]] for p in both] == [["co", "dist", "lab"], ["co", "lab2", "lab"]]
    assert shortest_paths(G, "co", "lab", max_paths=1) == both[:1]
    assert [h["predicates"] for h in both[0]] == [["locatedIn"], ["locatedIn"]]
    # the second hop was stated lab -> dist, so it is walked backwards
    assert [e["forward"] for e in both[0][1]["evidence"]] == [False]
    assert [e["forward"] for e in both[0][0]["evidence"]] == [True]
    assert shortest_paths(G, "co", "lab", avoid=["dist"])[0][0]["to"] == "lab2"
    assert shortest_paths(G, "co", "co") == [[]]
    with pytest.raises(NoPath):
        shortest_paths(G, "co", "twin1")
    with pytest.raises(nx.NodeNotFound):
        shortest_paths(G, "co", "nobody")


def test_shortest_paths_max_paths_and_order() -> None:
    # a 2x3 grid: from corner (0,0) to (1,2) there are 3 shortest paths of 3 hops
    G = nx.grid_2d_graph(2, 3)
    nx.set_edge_attributes(G, "adjacentTo", "predicate")
    paths = shortest_paths(G, (0, 0), (1, 2), max_paths=10)
    seqs = [[h["from"] for h in p] + [p[-1]["to"]] for p in paths]
    assert len(seqs) == 3 and seqs == sorted(seqs)
    assert all(len(p) == 3 for p in paths)
    assert shortest_paths(G, (0, 0), (1, 2), max_paths=2) == paths[:2]


def test_format_paths_prints_every_hop_with_its_sentence() -> None:
    G = named_graph()
    text = format_paths(G, shortest_paths(G, "co", "lab"), labels={"locatedIn": "位于"})
    assert text.splitlines()[0] == "path 1 (2 hops): 太平鸟 — 海曙区 — 上海交大宁波人工智能研究院"
    assert "  1. 太平鸟 —[位于 locatedIn]→ 海曙区" in text
    assert "  2. 海曙区 ←[位于 locatedIn]— 上海交大宁波人工智能研究院" in text
    assert "“co locatedIn dist”" in text and "[a1, 2020] title a1" in text
    data = paths_as_data(G, shortest_paths(G, "co", "lab"))
    assert data[0]["nodes"][1] == {"id": "dist", "label": "海曙区", "type": "District"}
    json.dumps(data, ensure_ascii=False)


# ---------------------------------------------------------------------------- 链主 by hand


def chain_graph() -> nx.Graph:
    """Sector auto > parts.  `big` is in parts directly, runs a project in auto and links to a lab, a
    park and a plan (the plan through its project); `small` is in auto and in one park; `gov` (a
    government body) is in the sector too but is not a leader type; `lab` is in auto as well."""
    G = nx.Graph()
    nodes = [("auto", "IndustrySector", []), ("parts", "IndustrySector", ["auto"]), ("big", "Company", []),
             ("small", "Company", []), ("proj", "Project", []), ("lab", "ResearchInstitute", []),
             ("park", "Park", []), ("park2", "Park", []), ("plan", "Programme", []), ("gov", "GovernmentBody", [])]  # fmt: skip
    for n, t, b in nodes:
        G.add_node(n, type=t, label=n.upper(), broader=b)
    for s, p, o in [("big", "inSector", "parts"), ("big", "operates", "proj"), ("proj", "inSector", "auto"),
                    ("big", "cooperatesWith", "lab"), ("big", "locatedIn", "park"), ("plan", "supports", "proj"),
                    ("small", "inSector", "auto"), ("small", "locatedIn", "park2"), ("gov", "inSector", "auto"),
                    ("lab", "inSector", "auto")]:  # fmt: skip
        G.add_edge(s, o, predicate=p, predicates=[p], evidence=[ev(s, p, o, source="a1" if s != "small" else "a2")])
    return G


def test_chain_leaders_by_hand() -> None:
    G = chain_graph()
    assert narrower(G, "auto") == ["auto", "parts"]
    assert kind_of(G, "plan") == "programme" and kind_of(G, "park") == "park" and kind_of(G, "big") is None
    ranked = leaders_for_sector(G, "auto")
    # big: institute + park + programme (plan via its project) = 3 kinds, 3 anchors; small: park only
    assert [(r["node"], r["kinds"], r["anchors"], r["rank"]) for r in ranked] == [
        ("big", ["institute", "park", "programme"], ["lab", "park", "plan"], 1),
        ("small", ["park"], ["park2"], 2),
    ]
    big = ranked[0]
    # membership: directly in the narrower sector, and through its project
    assert sorted((m["via"] or "", m["target"]) for m in big["membership"]) == [("", "parts"), ("proj", "auto")]
    via_project = next(r for r in big["reasons"] if r["target"] == "plan")
    assert via_project["via"] == "proj" and [h["predicates"] for h in via_project["hops"]] == [
        ["operates"],
        ["supports"],
    ]
    assert all(h["evidence"] for r in big["reasons"] for h in r["hops"])
    assert explain(G, big).startswith(
        "AUTO: inSector PARTS; operates PROJ → inSector AUTO; institute: cooperatesWith LAB"
    )
    # in the narrower sector only big belongs; widening the leader types admits the government body
    assert [r["node"] for r in leaders_for_sector(G, "parts")] == ["big"]
    assert "gov" in [r["node"] for r in leaders_for_sector(G, "auto", leader_types=["Company", "GovernmentBody"])]
    assert list(chain_leaders(G)) == ["auto", "parts"]
    assert [len(v) for v in chain_leaders(G, top=1).values()] == [1, 1]


# ---------------------------------------------------------------------------- the real graph


@pytest.fixture(scope="module")
def real(built: Dataset) -> nx.Graph:
    return project(built)


@pytest.fixture(scope="module")
def statements(built: Dataset) -> set[tuple[str, str, str, str, str]]:
    """(source, subject, predicate, object, sentence text) of every stated relation and post."""
    q = """PREFIX eco: <https://w3id.org/ecokg/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?src ?s ?p ?o ?t WHERE {
      { GRAPH ?g { ?st a eco:Statement ; rdf:subject ?s ; rdf:predicate ?pi ; rdf:object ?o ; prov:wasDerivedFrom ?x }
        BIND(STRAFTER(STR(?pi), "#") AS ?p) }
      UNION
      { GRAPH ?g { ?st a eco:Post ; eco:holder ?s ; eco:postIn ?o ; prov:wasDerivedFrom ?x } BIND("holdsPost" AS ?p) }
      GRAPH <https://w3id.org/ecokg/graph/sources> { ?x eco:text ?t ; eco:inSource ?a }
      BIND(STRAFTER(STR(?a), "/source/") AS ?src)
    }"""
    out = set()
    for r in built.query(q):
        src, s, p, o, t = (str(x) for x in r)  # type: ignore[union-attr]
        out.add((src, s.rsplit("/", 1)[1], p, o.rsplit("/", 1)[1], t))
    return out


def _check_path(G: nx.Graph, path: list[dict], statements: set) -> None:
    for h in path:
        assert G.has_edge(h["from"], h["to"])
        assert h["evidence"], h
        for e in h["evidence"]:
            assert {e["subject"], e["object"]} == {h["from"], h["to"]}
            # each step is backed by a sentence of an article that states exactly this fact
            assert (e["source"], e["subject"], e["predicate"], e["object"], e["sentence"]) in statements


def test_real_paths_are_shortest_and_backed_by_sentences(real: nx.Graph, statements: set) -> None:
    main_component = sorted(max(nx.connected_components(real), key=len))
    step = max(1, len(main_component) // 12)
    sample = main_component[::step][:12]
    for a, b in itertools.combinations(sample, 2):
        paths = shortest_paths(real, a, b, max_paths=3)
        assert paths
        n = nx.shortest_path_length(real, a, b)
        for p in paths:
            assert len(p) == n and p[0]["from"] == a and p[-1]["to"] == b
            _check_path(real, p, statements)


def test_real_chain_leaders_reasons_are_backed(real: nx.Graph, statements: set) -> None:
    found = chain_leaders(real)
    assert found, "no sector has a chain-leader candidate"
    for sector, items in found.items():
        assert real.nodes[sector]["type"] == "IndustrySector"
        keys = [(-len(r["kinds"]), -len(r["anchors"]), -r["articles"], r["node"]) for r in items]
        assert keys == sorted(keys)
        for r in items:
            assert real.nodes[r["node"]]["type"] == "Company"
            for reason in [*r["membership"], *r["reasons"]]:
                _check_path(real, reason["hops"], statements)


def test_cli_path_on_the_real_graph(build_dir: Path, built: Dataset, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["path", "--build", str(build_dir), "太平鸟", "上海交大宁波人工智能研究院"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("太平鸟 (taiping_bird, Company) → 上海交大宁波人工智能研究院 (sjtu_ningbo_ai_institute")
    assert "path 1 (" in out and "“" in out
    labels = predicate_labels(built)
    assert any(f"[{labels[p]} {p}]" in out for p in labels)
    assert main(["path", "--build", str(build_dir), "--format", "json", "Peacebird", "上海交大人工智能研究院"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["nodes"][0]["id"] == "taiping_bird" and data[0]["nodes"][-1]["id"] == "sjtu_ningbo_ai_institute"
    assert all(h["evidence"] for p in data for h in p["hops"])


def test_cli_path_errors(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a part of two names (太平鸟, 太平鸟"智能工厂") is ambiguous; a name of no entity is unknown
    assert main(["path", "--build", str(build_dir), "太平", "海曙区"]) == 1
    err = capsys.readouterr().err
    assert "'太平' is part of the names of 2 entities" in err and "太平鸟  (taiping_bird, Company)" in err
    assert main(["path", "--build", str(build_dir), "太平鸟集团宁波", "海曙区"]) == 1
    err = capsys.readouterr().err
    assert "no entity is called '太平鸟集团宁波'" in err and "太平鸟  (taiping_bird, Company)" in err
    # everything from 太平鸟 to 上海交大… avoiding every neighbour of the institute: not connected
    G = project(open_dataset(build_dir / "ecosystem.trig"))
    avoid = [a for n in sorted(G["sjtu_ningbo_ai_institute"]) for a in ("--avoid", n)]
    assert main(["path", "--build", str(build_dir), *avoid, "太平鸟", "上海交大宁波人工智能研究院"]) == 1
    assert "are not connected" in capsys.readouterr().err


def test_cli_chain_leaders(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chain-leaders", "--build", str(build_dir), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data and all(r["anchors"] for r in data)
    sector = data[0]["sector"]
    assert main(["chain-leaders", "--build", str(build_dir), "--sector", sector]) == 0
    out = capsys.readouterr().out
    assert "“" in out  # the detailed view quotes the sentences
    assert main(["chain-leaders", "--build", str(build_dir), "--sector", "不存在的产业"]) == 1


def test_cli_chain_leaders_takes_a_list_of_leader_types(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    G = project(open_dataset(build_dir / "ecosystem.trig"))
    assert main(["chain-leaders", "--build", str(build_dir), "--leader-types", "Company,ResearchInstitute",
                 "--top", "0", "--format", "json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert {G.nodes[r["node"]]["type"] for r in data} == {"Company", "ResearchInstitute"}
