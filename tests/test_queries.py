"""The named query library (queries/*.rq) on the real graph, and the `ecokg query` / `ecokg queries` commands.

Expected rows are facts the articles state (the sentence is quoted next to each check).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import CHECKOUT

from ecokg.cli import main as cli
from ecokg.namespaces import PREFIXES
from ecokg.query.docs import docs_markdown, splice_docs
from ecokg.query.library import NamedQuery, load_queries
from ecokg.query.results import cell, display_width
from ecokg.query.safety import check_query, tokenize

LIBRARY = load_queries()
DOCUMENTED = {name: q for name, q in LIBRARY.items() if q.title}


def run(ds: Any, query: str, /, **params: str) -> list[dict[str, str]]:
    """Rows of a named query (defaults for the parameters not given), as readable strings."""
    result = ds.query(LIBRARY[query].bound(params))
    names = [str(v) for v in result.vars]
    return [dict(zip(names, (cell(v) for v in row), strict=True)) for row in result]


def has_row(rows: list[dict[str, str]], **expected: str) -> bool:
    return any(all(row.get(k) == v for k, v in expected.items()) for row in rows)


# ------------------------------------------------------------------ the library itself


def test_there_are_at_least_twenty_documented_queries() -> None:
    assert len(DOCUMENTED) >= 20


@pytest.mark.parametrize("query", DOCUMENTED.values(), ids=DOCUMENTED.keys())
def test_each_header_documents_title_answer_and_parameters(query: NamedQuery) -> None:
    assert re.search(r"[\u4e00-\u9fff]", query.title), "title in Chinese"
    assert query.title_en and query.title_en.isascii(), "title in English"
    assert len(query.answers) > 40, "what it answers"
    variables = {t.text[1:] for t in tokenize(query.text) if t.kind == "var"}
    for p in query.params:
        assert p.name in variables, f"parameter ?{p.name} is not used in the query"
        assert p.doc
    # runs on any store: declares the prefixes it uses (Oxigraph parse with none predeclared)
    check_query(query.bound(), prefixes={})


@pytest.mark.parametrize("query", LIBRARY.values(), ids=LIBRARY.keys())
def test_each_query_passes_the_safety_checks_and_answers_with_its_defaults(query: NamedQuery, built: Any) -> None:
    text = query.bound()
    assert check_query(text).form == "SELECT"
    rows = list(built.query(text))
    assert rows, f"{query.name} with its default parameters returns nothing"


def test_docs_list_every_query_and_are_up_to_date() -> None:
    path = CHECKOUT.root / "docs" / "queries.md"
    current = path.read_text(encoding="utf-8")
    assert current == splice_docs(current, docs_markdown(LIBRARY)), "run `ecokg queries --write-docs`"
    for name in DOCUMENTED:
        assert f"### {name}\n" in current
    for store in ("Oxigraph", "Fuseki", "QLever", "GraphDB", "Virtuoso"):
        assert store in current


# ------------------------------------------------------------------ specific answers from the articles


def test_orgs_in_area(built: Any) -> None:
    rows = run(built, "orgs-in-area")
    # 2019: "海曙已相继引进宁波工业互联网研究院" ... located in Haishu (map legend)
    assert has_row(rows, typeLabel="研究院", label="宁波工业互联网研究院", placeLabel="海曙区")
    assert has_row(rows, typeLabel="企业", label="太平鸟", placeLabel="海曙区")
    # "5宁波工程学院西校区（智能技术研究院）": in Haishu through the campus
    assert has_row(rows, label="智能技术研究院", placeLabel="宁波工程学院西校区")
    assert not has_row(rows, label="海曙区")  # the area itself is not an organisation in it
    campus = run(built, "orgs-in-area", area="nbut_west_campus")
    assert [r["label"] for r in campus] == ["智能技术研究院"]


def test_institutes_in_area_and_the_industries_they_serve(built: Any) -> None:
    rows = run(built, "institutes-in-area")
    # 2024: supOS, developed relying on 宁波工业互联网研究院, is an industrial-internet system
    assert has_row(rows, label="宁波工业互联网研究院", sectorLabel="工业互联网", viaLabel="supOS")
    for name in ("上海交大宁波人工智能研究院", "宁波市智能制造技术研究院", "中星中东欧新材料研究院"):
        assert has_row(rows, label=name, typeLabel="研究院")
    assert all(r["typeLabel"] in {"研究院", "高校", "创新中心"} for r in rows)


def test_posts(built: Any) -> None:
    rows = run(built, "posts")
    # 2019: "海曙区委书记孙黎明说"
    assert has_row(rows, name="孙黎明", title="区委书记", orgLabel="海曙区委", asOf="2019-05")
    assert has_row(rows, name="张江平", title="董事长", orgLabel="太平鸟", asOf="2022-04-21")
    an = run(built, "posts", person="an_conghui")
    assert {r["orgLabel"] for r in an} == {"吉利控股集团", "吉利汽车集团", "极氪智能科技"}
    peacebird = run(built, "posts", org="taiping_bird")
    assert {r["name"] for r in peacebird} == {"张江平"}


def test_programmes(built: Any) -> None:
    rows = run(built, "programmes", issuer="haishu", type="Programme")
    plan = [r for r in rows if r["label"] == "数字经济三年行动计划"]
    # 2019: "今年1月，海曙在全市率先发布“数字经济三年行动计划”… 工业大数据、工业互联网、智能制造服务、工业控制安全"
    assert plan and plan[0]["issuedBy"] == "海曙区"
    assert set(plan[0]["sectors"].split("、")) >= {"工业大数据", "工业互联网", "智能制造服务", "工业控制安全"}
    assert {r["typeLabel"] for r in rows} == {"计划/工程"}
    assert len(run(built, "programmes")) > len(rows)


def test_programme_targets(built: Any) -> None:
    rows = run(built, "programme-targets", programme="capital_increase_expansion")
    # 2022 conference: 实施"增资扩产"775个, 计划投资557亿元 -- a count and its 计划投资: both plans
    assert has_row(rows, indicatorLabel="项目数", status="Plan", value="775", year="2022")
    assert has_row(rows, indicatorLabel="投资", status="Plan", value="557", multiplier="100000000")
    assert all(r["label"] == '"增资扩产"' for r in rows)
    everything = run(built, "programme-targets")
    assert has_row(everything, label='"双百"工程', value="112")


def test_figures_by_year(built: Any) -> None:
    rows = run(built, "figures")
    # 2024: "2023年海曙区服务业增加值达1207.3亿元"
    assert has_row(rows, yearOrUnstated="2023", indicatorLabel="服务业增加值", measure="Level", status="Actual",
                   value="1207.3", valueNormalized="120730000000")  # fmt: skip
    y2018 = run(built, "figures", year="2018")
    assert y2018 and {r["yearOrUnstated"] for r in y2018} == {"2018"}
    # 2019: "为企业降本减负51.62亿元" (去年 = 2018)
    assert has_row(y2018, indicatorLabel="为企业降本减负", value="51.62")
    gdp = run(built, "figures", of="ningbo", indicator="ind_gdp")
    assert {r["reported"] for r in gdp} == {"2.2万亿元目标", "2026年GDP达到2.2万亿元"}


def test_actual_against_target(built: Any) -> None:
    rows = run(built, "actual-vs-target")
    # voices (镇海): 去年，镇海规上工业总产值首破3000亿元 ... 力争规上工业总产值突破4000亿元
    assert has_row(rows, of="ekg:zhenhai", indicatorLabel="规上工业总产值", target="400000000000",
                   actual="300000000000", targetYear="2022", actualYear="2021")  # fmt: skip
    assert all(r["targetStatus"] in {"Target", "Plan", "Forecast"} for r in rows)
    # an increase is never set against a stock: 新增专精特新"小巨人"企业120家 (a target for new ones)
    # and 国家级专精特新“小巨人”达182家 (all of them) are not a pair
    assert not any(r["indicatorLabel"].endswith('"小巨人"企业数') for r in rows)
    assert run(built, "actual-vs-target", of="ekg:zhenhai") == [r for r in rows if r["of"] == "ekg:zhenhai"]


def test_brought_in(built: Any) -> None:
    rows = run(built, "brought-in")
    # 2019: "去年以来，海曙已相继引进宁波工业互联网研究院" (article of May 2019: 去年 = 2018)
    assert has_row(rows, label="宁波工业互联网研究院", how="引进", when="2018 (去年)",
                   source="src:2019-05-haishu-246-clusters")  # fmt: skip
    # 2024: "寰采星科技是海曙引进来的“金凤凰”之一"
    assert has_row(rows, label="寰采星科技（宁波）有限公司", typeLabel="企业", how="引进")
    assert has_row(rows, label="张伟", how="落户")
    assert run(built, "brought-in", area="ningbo") != rows


def test_partners_either_way_round(built: Any) -> None:
    # 2019: "携手阿里巴巴“出海”澳大利亚"
    assert [r["label"] for r in run(built, "partners")] == ["阿里巴巴"]
    assert "太平鸟" in [r["label"] for r in run(built, "partners", org="alibaba")]
    # voices: 极氪 signed the global-HQ project with the ETDZ management committee
    assert has_row(run(built, "partners", org="zeekr"), label="宁波经济技术开发区管委会", relation="签约")


def test_cluster_members(built: Any) -> None:
    rows = run(built, "cluster-members")
    # conference: 镇海炼化 as 链长 of the world-class petrochemical cluster
    assert has_row(rows, role="牵头 leader", label="镇海炼化")
    assert has_row(rows, role="聚焦产业 sector", label="石化")
    assert has_row(rows, role="所属产业 in sector", label="镇海炼化", sectorLabel="石化")
    assert has_row(run(built, "cluster-members", cluster="cluster_246"), role="建设 builder", label="海曙区")


def test_everything_an_article_states(built: Any) -> None:
    rows = run(built, "article-facts")
    assert has_row(
        rows, kind="relation", subjectLabel="宁波工业互联网研究院", predicate="broughtInBy", objectLabel="海曙区"
    )
    assert has_row(rows, kind="post", subjectLabel="孙黎明", predicate="post: 区委书记", objectLabel="海曙区委")
    assert has_row(rows, kind="figure", predicate="figure: 为企业降本减负51.62亿元")
    assert not has_row(rows, subjectLabel="寰采星科技（宁波）有限公司")  # a 2024 fact
    lines = [int(r["line"]) for r in rows]
    assert lines == sorted(lines)  # in the order of the text
    other = run(built, "article-facts", source="2024-haishu-excellent-district")
    assert has_row(other, subjectLabel="寰采星科技（宁波）有限公司", predicate="broughtInBy")


def test_fact_provenance(built: Any) -> None:
    rows = run(built, "fact-provenance", predicate="broughtInBy")
    assert {r["source"] for r in rows} == {"src:2019-05-haishu-246-clusters", "src:2020-03-haishu-five-industries"}
    first = next(r for r in rows if r["source"] == "src:2019-05-haishu-246-clusters")
    assert first["issued"] == "2019-05"
    assert "海曙已相继引进宁波工业互联网研究院" in first["sentence"]
    source = (CHECKOUT.root / "data/sources/2019-05-haishu-246-clusters.txt").read_text(encoding="utf-8")
    line = source.splitlines()[int(first["line"]) - 1]
    assert "海曙已相继引进宁波工" in line.replace(" ", "")


def test_corroborated(built: Any) -> None:
    rows = run(built, "corroborated")
    # both 2022 articles: 中国石化镇海炼化公司 / 镇海炼化 is a subsidiary of 中国石化
    row = next(r for r in rows if r["subjectLabel"] == "镇海炼化" and r["relation"] == "subsidiaryOf")
    assert row["objectLabel"] == "中国石化" and row["articles"] == "2"
    assert set(row["sources"].split()) == {
        "2022-04-ningbo-smart-manufacturing-conference",
        "2022-04-ningbo-smart-manufacturing-voices",
    }
    assert all(int(r["articles"]) >= 2 for r in rows)
    three = run(built, "corroborated", min="3")
    assert all(int(r["articles"]) >= 3 for r in three) and len(three) < len(rows)


def test_find_entity_by_any_name(built: Any) -> None:
    # 2019 writes 上海交大人工智能研究院 (an alt name of 上海交大宁波人工智能研究院)
    rows = run(built, "find-entity", name="交大人工")
    assert has_row(rows, entity="ekg:sjtu_ningbo_ai_institute", matched="上海交大人工智能研究院")
    assert has_row(run(built, "find-entity", name="PEACEBIRD"), entity="ekg:taiping_bird", matched="Peacebird")
    # a quote in the value binds as part of the string
    assert has_row(run(built, "find-entity", name='"246"'), entity="ekg:cluster_246")
    assert run(built, "find-entity", name='"} ; DROP ALL #') == []


def test_neighbourhood_within_n_steps(built: Any) -> None:
    one = run(built, "neighbourhood", steps="1")
    assert has_row(one, label="阿里巴巴", distance="1") and has_row(one, label="海曙区", distance="1")
    assert {r["distance"] for r in one} == {"1"}
    two = run(built, "neighbourhood")
    # 太平鸟 —locatedIn→ 海曙区 ←broughtInBy— 宁波工业互联网研究院
    assert has_row(two, label="宁波工业互联网研究院", distance="2")
    assert {r["node"] for r in one} < {r["node"] for r in two}
    assert not has_row(two, node="ekg:taiping_bird")


def test_entity_relations(built: Any) -> None:
    rows = run(built, "entity-relations")
    assert has_row(rows, direction="→", relation="subsidiaryOf", otherLabel="中国石化")
    led = next(r for r in rows if r["direction"] == "←" and r["relation"] == "ledBy")
    assert led["otherLabel"] == "世界一流石化产业集群" and "role: 链长" in led["qualifiers"]


def test_sources(built: Any) -> None:
    rows = run(built, "sources")
    assert len(rows) == 5
    first = rows[0]
    assert first["source"] == "src:2019-05-haishu-246-clusters" and first["issued"] == "2019-05"
    assert first["title"].startswith("对标争先再发力") and first["areaLabel"] == "海曙区"
    assert set(first["reporters"].split("、")) == {"殷聪", "续大治", "孙勇"}
    assert all(int(r["relations"]) > 0 and int(r["entities"]) > 0 for r in rows)


def test_sector_players_and_tree(built: Any) -> None:
    rows = run(built, "sector-players")
    assert has_row(rows, how="所属 in sector", label="supOS")
    assert has_row(rows, how="聚焦 targets", label="数字经济三年行动计划")
    tree = run(built, "sector-tree")
    assert has_row(tree, label="视觉AI", broaderLabel="人工智能")
    assert len({r["sector"] for r in tree}) == len(tree)


def test_designations_events_parks_products(built: Any) -> None:
    designations = run(built, "designations")
    # 2019: "是全国产业集群品牌建设试点"
    assert has_row(designations, designationLabel="全国产业集群品牌建设试点", holderLabel="海曙区")
    assert has_row(designations, holderLabel="音王集团", awardedByLabel="东南智库", date="2022-04-20")
    events = run(built, "events")
    conference = next(r for r in events if r["event"] == "ekg:smart_manufacturing_conference_2022")
    assert conference["heldOn"] == "2022-04-20" and "宁波市" in conference["organisedBy"]
    assert "莫鼎革" in conference["participants"].split("、")
    parks = run(built, "parks")
    # 2019: "将加快海曙循环经济产业园区（宁波市循环资源利用基地）建设" ... 节能环保产业方面
    assert has_row(parks, label="海曙循环经济产业园区", operatedBy="海曙区", sectors="节能环保")
    assert has_row(parks, label="宁波石化园区", locatedIn="宁波市", sectors="石化")
    in_haishu = run(built, "parks", area="haishu")
    assert has_row(in_haishu, label="望春工业园", locatedIn="海曙区")
    assert not has_row(in_haishu, label="宁波石化园区")  # in 宁波市, not in 海曙区
    products = run(built, "products")
    supos = next(r for r in products if r["label"] == "supOS")
    assert {"宁波工业互联网研究院", "蓝卓数字科技有限公司"} <= set(supos["madeBy"].split("、"))
    # 张伟博士有意将磁传感器芯片产业化: an intention (eco:intendsToProduce), so nobody makes it yet
    assert has_row(products, label="磁传感器芯片", madeBy="", sectors="汽车")


def test_implementations_indicators_and_class_counts(built: Any, build_dir: Path) -> None:
    rows = run(built, "implementations")
    assert has_row(rows, label='"246"万千亿级产业集群', articles="2")
    # 2019: "去年以来，海曙不断深化“最多跑一次”改革"
    assert has_row(rows, label='"最多跑一次"改革', since="2018")
    gdp = run(built, "indicator-across-areas")
    assert has_row(gdp, areaLabel="宁波市", yearOrUnstated="2026", status="Target", valueNormalized="2200000000000")
    assert has_row(gdp, areaLabel="海曙区", yearOrUnstated="2025", valueNormalized="200000000000")
    counts = {r["class"]: int(r["entities"]) for r in run(built, "class-counts")}
    manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))["classes"]
    for cls, n in counts.items():
        assert manifest[cls.removeprefix("eco:")] == n, cls


# ------------------------------------------------------------------ the command line


def ecokg(build_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main([args[0], "--build", str(build_dir), *args[1:]]) if args[0] == "query" else cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_query_prints_an_aligned_table(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ecokg(build_dir, capsys, "query", "posts", "--param", "person=sun_liming")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["person", "name", "title", "org", "orgLabel", "asOf", "source"]
    assert "区委书记" in lines[2] and "海曙区委" in lines[2]
    # every column starts at the same display column (CJK characters count two)
    col = lines[0].index("title")
    for line in lines[2:]:
        assert display_width(line[: line.index("区委书记")]) == display_width(lines[0][:col])


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "markdown"])
def test_query_formats(fmt: str, build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ecokg(build_dir, capsys, "query", "partners", "--format", fmt)
    assert code == 0
    if fmt == "json":
        assert json.loads(out)[0]["label"] == "阿里巴巴"
    elif fmt == "markdown":
        assert out.startswith("| partner | label |") and "| ekg:alibaba | 阿里巴巴 |" in out
    else:
        rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        assert rows[0][:2] == ["partner", "label"] and rows[1][:2] == ["alibaba", "阿里巴巴"]  # the export files' id


def test_query_a_file_and_a_text_with_parameters(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rq = tmp_path / "labels.rq"
    rq.write_text(
        "# title: 名称\n# param: ?e iri = ekg:haishu -- an entity\nSELECT ?l WHERE { ?e rdfs:label ?l FILTER(LANG(?l) = 'zh') }\n"
    )
    assert ecokg(build_dir, capsys, "query", str(rq))[1].splitlines()[2] == "海曙区"
    assert "太平鸟" in ecokg(build_dir, capsys, "query", str(rq), "-p", "e=taiping_bird")[1]
    code, out, _ = ecokg(build_dir, capsys, "query", "--sparql", "SELECT DISTINCT ?l WHERE { ?e rdfs:label ?l FILTER(LANG(?l) = 'zh') }",
                         "-p", "e=ekg:zeekr", "-f", "csv")  # fmt: skip
    assert code == 0 and out.split() == ["l", "极氪智能科技"]
    code, out, _ = ecokg(build_dir, capsys, "query", "--sparql", "ASK { ekg:haishu a eco:District }")
    assert code == 0 and out.strip() == "true"
    code, out, _ = ecokg(build_dir, capsys, "query", "--sparql", "CONSTRUCT { ?e ?p ?o } WHERE { ?e rdfs:label ?o ; ?p ?o }",
                         "-p", "e=ekg:zeekr")  # fmt: skip
    assert code == 0 and "极氪智能科技" in out and "@prefix ekg:" in out


def test_show_prints_the_bound_query(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ecokg(build_dir, capsys, "query", "orgs-in-area", "-p", "area=lingkong_zone", "--show")
    assert code == 0
    assert "WHERE { VALUES ?area { <https://w3id.org/ecokg/id/lingkong_zone> }" in out


def test_query_exit_codes_and_messages(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = ecokg(build_dir, capsys, "query", "no-such-query")
    assert code == 2 and "no query named 'no-such-query'" in err
    code, _, err = ecokg(build_dir, capsys, "query", "posts", "-p", "colour=red")
    assert code == 2 and "has no parameter 'colour'" in err
    code, _, err = ecokg(build_dir, capsys, "query", "figures", "-p", "year=last")
    assert code == 2 and "not an integer" in err
    code, _, err = ecokg(build_dir, capsys, "query", "orgs-in-area", "-p", "area=x> } ; DROP ALL #")
    assert code == 2 and "not an IRI" in err
    code, _, err = ecokg(build_dir, capsys, "query", "--sparql", "SELECT ?x\nWHERE { ?x ?y }")
    assert code == 1 and "syntax error at line 2, column" in err
    code, _, err = ecokg(build_dir, capsys, "query", "--sparql", "DELETE WHERE { ?s ?p ?o }")
    assert code == 1 and "read-only" in err
    code, _, err = ecokg(build_dir, capsys, "query")
    assert code == 2
    code, _, err = ecokg(build_dir, capsys, "query", "posts", "--build", str(build_dir / "nowhere"))
    assert code == 1 and "run `ecokg build` first" in err


def test_queries_lists_the_library_and_checks_the_docs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli.main(["queries"]) == 0
    out = capsys.readouterr().out
    assert "orgs-in-area" in out and "区域内的机构（按类型）" in out and "area=ekg:haishu" in out
    assert cli.main(["queries", "--check-docs"]) == 0
    stale = tmp_path / "queries.md"
    stale.write_text("# Q\n\n<!-- queries:start (generated) -->\nold\n<!-- queries:end -->\n", encoding="utf-8")
    stale.write_text(
        stale.read_text().replace("(generated)", "(generated by `ecokg queries --write-docs`; do not edit by hand)")
    )
    assert cli.main(["queries", "--check-docs", "--docs", str(stale)]) == 1
    assert cli.main(["queries", "--write-docs", "--docs", str(stale)]) == 0
    assert cli.main(["queries", "--check-docs", "--docs", str(stale)]) == 0
    assert "### orgs-in-area" in stale.read_text(encoding="utf-8")


def test_queries_docs_errors_name_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.md"
    assert cli.main(["queries", "--check-docs", "--docs", str(missing)]) == 1
    assert str(missing) in capsys.readouterr().err
    plain = tmp_path / "plain.md"
    plain.write_text("no markers here\n", encoding="utf-8")
    assert cli.main(["queries", "--write-docs", "--docs", str(plain)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"ecokg queries: {plain}: the document lacks the markers"), err
    assert plain.read_text(encoding="utf-8") == "no markers here\n"


# ------------------------------------------------------------------ every store answers alike


#: Library queries rdflib's memory store answers within seconds on the curated graph. The
#: others join across named graphs (GRAPH ?g) and take minutes there, or hit rdflib's
#: ORDER BY over unbound values (events, implementations); ecokg runs them on Oxigraph.
RDFLIB_CAPABLE = [
    "actual-vs-target", "brought-in", "class-counts", "cluster-members", "designations", "figures",
    "find-entity", "indicator-across-areas", "institutes-in-area", "orgs-in-area", "parks", "posts",
    "products", "programmes", "projection-edges", "projection-nodes", "sector-players", "sector-tree",
    "sources",
]  # fmt: skip


def _canonical(text: str) -> str:
    """A cell with GROUP_CONCAT's items sorted (their order is left to the engine)."""
    for sep in ("、", "; "):
        if sep in text:
            return sep.join(sorted(text.split(sep)))
    parts = text.split(" ")
    if len(parts) > 1 and all(re.fullmatch(r"[\w:./-]+", p) and p.isascii() for p in parts):
        return " ".join(sorted(parts))
    return text


@pytest.fixture(scope="module")
def memory_store(build_dir: Path) -> Any:
    from ecokg.query.store import open_dataset

    return open_dataset(build_dir / "ecosystem.trig", store="memory")


@pytest.mark.parametrize("name", RDFLIB_CAPABLE)
def test_queries_answer_alike_on_rdflibs_memory_store(name: str, built: Any, memory_store: Any) -> None:
    """`ecokg query --store memory` gives the rows Oxigraph gives: same rows, decimals printed
    alike, GROUP_CONCAT over an unbound variable no longer an error (rdflib raised
    NotBoundError for GROUP_CONCAT(DISTINCT ?x) with ?x unbound in a whole group)."""
    text = LIBRARY[name].bound()

    def rows(ds: Any) -> list[tuple[str, ...]]:
        return sorted(tuple(_canonical(cell(v)) for v in row) for row in ds.query(text))

    got = rows(memory_store)
    assert got == rows(built)
    assert got, name


def test_docs_name_every_predeclared_prefix() -> None:
    text = (CHECKOUT.root / "docs" / "queries.md").read_text(encoding="utf-8")
    listed = re.search(r"\* The prefixes `([^`]+)`\s+are predeclared", text)
    assert listed, "docs/queries.md no longer lists the predeclared prefixes"
    assert listed.group(1).split() == [f"{p}:" for p in PREFIXES]
