"""The one name resolver (ecokg.query.names): a small graph by hand, the real build, every command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset

from ecokg.cli.main import main
from ecokg.network.projection import project
from ecokg.query.names import AmbiguousName, NameLookupError, Names, UnknownName, normalize, resolve


def named_graph() -> nx.Graph:
    G = nx.Graph()
    G.add_node("co", label="太平鸟", aliases=["太平鸟公司"], label_en="Peacebird", type="Company")
    G.add_node("dist", label="海曙区", aliases=["海曙"], label_en="Haishu District", type="District")
    G.add_node("lab", label="上海交大宁波人工智能研究院", aliases=["上海交大人工智能研究院"], label_en=None,
               type="ResearchInstitute")  # fmt: skip
    G.add_node("lab2", label="宁波工业互联网研究院", aliases=[], label_en=None, type="ResearchInstitute")
    G.add_node("twin1", label="双胞胎", aliases=[], label_en=None, type="Company")
    G.add_node("twin2", label="双胞胎集团", aliases=["双胞胎"], label_en=None, type="Company")
    G.add_node("quoted", label="“246”万千亿级产业集群", aliases=[], label_en=None, type="Programme")
    return G


def test_resolve_by_id_iri_curie_label_alias_and_english() -> None:
    G = named_graph()
    assert resolve(G, "太平鸟") == "co"
    assert resolve(G, "太平鸟公司") == "co"
    assert resolve(G, "peacebird") == "co"
    assert resolve(G, " PEACEBIRD ") == "co"
    assert resolve(G, "上海交大人工智能研究院") == "lab"
    assert resolve(G, "lab2") == "lab2"
    assert resolve(G, "https://w3id.org/ecokg/id/lab2") == "lab2"
    assert resolve(G, "ekg:dist") == "dist"
    assert resolve(G, '"246"万千亿级 产业集群') == "quoted"  # quotes and spaces normalised
    assert resolve(G, "ＨＡＩＳＨＵ　District") == "dist"  # full-width letters and space


def test_a_unique_part_of_a_name_is_enough() -> None:
    G = named_graph()
    assert resolve(G, "工业互联网研究院") == "lab2"
    assert resolve(G, "海曙") == "dist"  # an exact alias wins over the parts of longer names
    assert resolve(G, "246") == "quoted"


def test_ambiguous_and_unknown_names_list_candidates() -> None:
    G = named_graph()
    with pytest.raises(AmbiguousName) as amb:
        resolve(G, "双胞胎")  # the label of one, an alias of the other
    assert [c[0] for c in amb.value.candidates] == ["twin1", "twin2"]
    assert "双胞胎集团" in str(amb.value)
    with pytest.raises(AmbiguousName) as part:
        resolve(G, "研究院")  # part of two names
    assert [c[0] for c in part.value.candidates] == ["lab", "lab2"]
    assert str(part.value).splitlines()[0] == "'研究院' is part of the names of 2 entities:"
    with pytest.raises(UnknownName) as unk:
        resolve(G, "太平鸟集团宁波")  # no name contains it, but it contains 太平鸟
    assert unk.value.candidates[0] == ("co", "太平鸟", "Company")
    assert "did you mean" in str(unk.value)
    with pytest.raises(UnknownName) as far:
        resolve(G, "完全不同的名字")
    assert far.value.candidates == [] and "no similar name" in str(far.value)
    assert issubclass(UnknownName, NameLookupError) and issubclass(AmbiguousName, LookupError)


def test_normalize_ignores_width_case_quotes_and_spaces() -> None:
    assert normalize("“246”万千亿级 产业集群") == normalize('"246"万千亿级产业集群')
    assert normalize("ＳｕｐＯＳ") == normalize("supos")
    assert normalize("「智造」") == normalize('"智造"')


def test_pairs_constructor() -> None:
    names = Names([("a", ["甲公司", "甲"]), ("b", ["乙公司"])])
    assert names.resolve("甲") == "a" and names.resolve("乙") == "b" and names.resolve("a") == "a"
    with pytest.raises(AmbiguousName):
        names.resolve("公司")


# ---------------------------------------------------------------------------- the real build


@pytest.fixture(scope="module")
def real(built: Dataset) -> nx.Graph:
    return project(built)


def test_dataset_and_graph_indexes_agree_on_the_real_build(built: Dataset, real: nx.Graph) -> None:
    from_graph, from_data = Names.from_graph(real), Names.from_dataset(built)
    assert from_data.resolve("太平鸟") == "taiping_bird"
    assert from_data.resolve("工业互联网研究院") == "ningbo_industrial_internet_institute"
    checked = 0
    for _, d in real.nodes(data=True):
        for name in [d["label"], *d["aliases"]]:
            try:
                expected = from_graph.resolve(name)
            except NameLookupError:
                continue
            # the dataset also names indicators (not nodes): a name may be ambiguous there only
            try:
                got = from_data.resolve(name)
            except AmbiguousName as exc:
                assert expected in [c[0] for c in exc.candidates], name
                continue
            assert got == expected, name
            checked += 1
    assert checked > 300


# ---------------------------------------------------------------------------- every command


def _focus(page: str) -> str:
    m = re.search(r'<script type="application/json" id="ecokg-data">(.*?)</script>', page, re.S)
    assert m, "no page data"
    return json.loads(m.group(1))["focus"]


def test_path_resolves_a_name_like_render_focus(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # regression: `ecokg path 工业互联网研究院 海曙区` failed while `render --focus 工业互联网研究院` worked
    assert main(["path", "--build", str(build_dir), "--format", "json", "工业互联网研究院", "海曙区"]) == 0
    data = json.loads(capsys.readouterr().out)
    source = data[0]["nodes"][0]["id"]
    assert source == "ningbo_industrial_internet_institute" and data[0]["nodes"][-1]["id"] == "haishu"
    out = tmp_path / "ego.html"
    assert (
        main(["render", "--build", str(build_dir), "-o", str(out), "--focus", "工业互联网研究院", "--depth", "0"]) == 0
    )
    assert _focus(out.read_text(encoding="utf-8")) == source


def test_every_command_taking_a_name_uses_the_resolver(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    b = ["--build", str(build_dir)]
    # path --avoid: the direct way runs through 海曙区; avoiding it (by alias) the paths are longer
    assert main(["path", *b, "--format", "json", "太平鸟", "工业互联网研究院"]) == 0
    assert [n["id"] for n in json.loads(capsys.readouterr().out)[0]["nodes"]][1] == "haishu"
    assert main(["path", *b, "--format", "json", "--avoid", "海曙", "太平鸟", "工业互联网研究院"]) == 0
    detours = json.loads(capsys.readouterr().out)
    assert detours and all(p["length"] > 2 and "haishu" not in [n["id"] for n in p["nodes"]] for p in detours)
    assert main(["path", *b, "--avoid", "研究院", "太平鸟", "海曙区"]) == 1
    assert "'研究院' is part of the names of" in capsys.readouterr().err
    # chain-leaders --sector: among sectors, an exact name wins over longer ones, a unique part will do
    for name, sector in [("汽车", "sector_auto"), ("汽车零", "sector_auto_parts")]:
        assert main(["chain-leaders", *b, "--format", "json", "--sector", name]) == 0
        assert {r["sector"] for r in json.loads(capsys.readouterr().out)} == {sector}
    assert main(["chain-leaders", *b, "--sector", "不存在的产业"]) == 1
    assert "no entity is called '不存在的产业'" in capsys.readouterr().err
    # fragility --node
    assert main(["fragility", *b, "--format", "csv", "--node", "海曙", "--node", "工业互联网研究院"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert [r.split(",")[0] for r in rows[1:]] == ["haishu", "ningbo_industrial_internet_institute"]
    assert main(["fragility", *b, "--node", "研究院"]) == 1
    assert "'研究院' is part of the names of" in capsys.readouterr().err


def test_an_explicit_id_is_never_guessed_and_exact_needs_a_whole_name() -> None:
    idx = Names.from_graph(named_graph())
    assert idx.resolve("<https://w3id.org/ecokg/id/dist>") == "dist"
    # "ekg:co2" is no id; no entity is looked for by the name "ekg:co2", nor by a part of it
    with pytest.raises(UnknownName, match=r"no entity has the id ekg:co2; did you mean") as exc:
        idx.resolve("ekg:co2")
    assert [c[0] for c in exc.value.candidates] == ["co"]
    assert idx.exact("海曙") == "dist" and idx.exact("ekg:lab2") == "lab2"
    assert idx.exact("上海交大") is None and idx.resolve("上海交大") == "lab"  # a part: resolve only
    with pytest.raises(UnknownName):
        idx.resolve("上海交大", partial=False)
    with pytest.raises(AmbiguousName, match="'双胞胎' names 2 entities"):
        idx.exact("双胞胎")
