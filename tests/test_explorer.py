"""The explorer page, the PNG picture and ``ecokg render`` (no browser; see test_explorer_browser.py)."""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ecokg.cli import main as cli
from ecokg.explore.page import explorer_html, page_data, script_json, write_explorer
from ecokg.explore.palette import TYPE_COLOURS, describe_sizing, type_colour
from ecokg.explore.views import node_districts

#: Labels that would run code if the page ever put them into the DOM as HTML or broke out of
#: its data block; the page must show them as text.
HOSTILE = (
    "<img src=x onerror=window.__pwned=1>",
    "</script><script>window.__pwned=1</script>",
    '<a href="javascript:window.__pwned=1">x</a>',
)


def hostile_graph() -> nx.DiGraph:
    """Three nodes and three links whose every text field is hostile."""
    G = nx.DiGraph()
    evil_type = '<svg onload="window.__pwned=1">'
    G.graph["articles"] = {"src-1": {"title": HOSTILE[2], "date": "2022-04-21", "year": 2022}}
    for i, text in enumerate(HOSTILE):
        G.add_node(
            f"n{i}{text}" if i == 1 else f"n{i}",
            label=text,
            label_en=HOSTILE[(i + 1) % 3],
            type=evil_type if i == 0 else "Company",
            aliases=[HOSTILE[(i + 2) % 3], "别名" + str(i)],
            sources=["src-1"],
            mentions=[{"source": "src-1", "sentence": text}],
            figures=[
                {
                    "indicator": text,
                    "value": text,
                    "year": 2022,
                    "status": "Actual",
                    "source": "src-1",
                    "sentence": text,
                }
            ],
            posts=[{"title": text, "person": text, "org": text, "as_of": "2022", "source": "src-1", "sentence": text}],
        )
    nodes = list(G.nodes)
    for i in range(3):
        u, v = nodes[i], nodes[(i + 1) % 3]
        ev = {
            "source": "src-1",
            "title": HOSTILE[i],
            "date": "2022-04-21",
            "sentence": HOSTILE[(i + 1) % 3],
            "predicate": HOSTILE[2],
            "subject": u,
            "object": v,
            "when": HOSTILE[0],
        }
        G.add_edge(u, v, predicate="locatedIn", label=HOSTILE[i], articles=1, weight=1.0, evidence=[ev])
    return G


def data_of(page: str) -> dict[str, Any]:
    """The JSON data block of a page."""
    m = re.search(r'<script type="application/json" id="ecokg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return json.loads(m.group(1))


class Tags(HTMLParser):
    """Every start tag of a document with its attributes, and the text of each <script>/<style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append((self._in, ""))

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = None


def parse(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    p.close()
    return p


# ---------------------------------------------------------------------------- small graphs


def small_graph(n: int = 12) -> nx.DiGraph:
    G = nx.DiGraph()
    types = ["Company", "District", "Park", "Person"]
    for i in range(n):
        G.add_node(
            f"v{i}",
            label=f"节点{i}",
            label_en=f"Node {i}" if i % 2 else None,
            type=types[i % 4],
            aliases=[f"别名{i}"],
            sources=["s"],
        )
    for i in range(1, n):
        G.add_edge(
            f"v{i}", f"v{(i - 1) // 2}", predicate="partOf", label="属于", weight=float(1 + i % 3), articles=1 + i % 3
        )
    return G


def test_script_json_escapes_what_could_end_the_block() -> None:
    for text in (*HOSTILE, "a\u2028b\u2029c", "&amp; <!-- -->"):
        out = script_json({"label": text})
        assert not re.search("[<>&\u2028\u2029]", out)
        assert json.loads(out) == {"label": text}


def test_hostile_text_stays_data() -> None:
    page = explorer_html(hostile_graph(), sizes={}, title=HOSTILE[1])
    for text in HOSTILE:
        assert text not in page
    doc = parse(page)
    # Only the template's own elements: nothing from the data became a tag or an attribute.
    allowed = {
        "html",
        "head",
        "meta",
        "link",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "span",
        "form",
        "input",
        "datalist",
        "button",
        "div",
        "nav",
        "section",
        "h2",
        "label",
        "select",
        "option",
        "p",
        "ul",
        "aside",
        "script",
    }
    assert {t for t, _ in doc.tags} <= allowed
    assert not [a for _, attrs in doc.tags for a in attrs if a.startswith("on")]
    assert len(doc.scripts) == 3 and page.lower().count("</script") == 3
    assert html_title(page) == HOSTILE[1]
    data = data_of(page)
    assert data["nodes"]["n0"]["label"] == HOSTILE[0] and data["title"] == HOSTILE[1]


def html_title(page: str) -> str:
    import html

    m = re.search(r"<title>(.*?)</title>", page, re.S)
    assert m
    return html.unescape(m.group(1))


def test_page_is_offline_and_only_runs_its_own_scripts() -> None:
    page = explorer_html(small_graph(), sizes={})
    doc = parse(page)
    for tag, attrs in doc.tags:
        assert "src" not in attrs, tag
        if tag == "link":
            assert attrs.get("rel") == "icon" and str(attrs.get("href")).startswith("data:")
    assert not re.search(r"(@import|url\(\s*['\"]?(https?:)?//)", page)
    csp = next(a["content"] for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-eval" not in csp
    runnable = [text for attrs, text in doc.scripts if attrs.get("type") is None]
    assert len(runnable) == 2
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    assert {base64.b64encode(hashlib.sha256(t.encode("utf-8")).digest()).decode() for t in runnable} == allowed
    assert "bootstrap" not in page.lower() and "sourceMappingURL" not in page


def test_network_data_matches_the_graph() -> None:
    G = small_graph()
    sizes = {n: float(i) for i, n in enumerate(G)}
    data = page_data(G, sizes=sizes)
    vis = data["vis"]
    assert len(vis["nodes"]) == G.number_of_nodes() and len(vis["edges"]) == G.number_of_edges()
    assert {(e["from"], e["to"]) for e in vis["edges"]} == set(G.edges)
    by_id = {n["id"]: n for n in vis["nodes"]}
    assert by_id["v1"]["label"] == "节点1\nNode 1" and by_id["v2"]["label"] == "节点2"
    assert by_id["v0"]["color"]["background"] == TYPE_COLOURS["Company"]
    order = sorted(G, key=sizes.get)
    assert [by_id[n]["value"] for n in order] == sorted(by_id[n]["value"] for n in order)
    assert by_id["v0"]["value"] == 8.0 and by_id["v11"]["value"] == 42.0
    assert all(e["arrows"] == "to" for e in vis["edges"])
    assert [t["type"] for t in data["types"]] == ["District", "Park", "Company", "Person"]  # by family, then count
    assert data["nodes"]["v3"]["names"] == ["节点3", "Node 3", "别名3", "v3"]
    assert by_id["v1"]["title"].splitlines()[:2] == ["节点1 · Node 1", "类型 type: District"]
    assert by_id["v0"]["shape"] == "dot" and by_id["v3"]["shape"] == "triangleDown"  # Company, Person
    assert data["edges"][vis["edges"][0]["id"]]["label"] == "属于"


def test_physics_and_layout_follow_the_threshold() -> None:
    G = small_graph(30)
    # by default the layout is precomputed and stands still, whatever the size
    still = page_data(G, sizes={}, layout_threshold=30)
    assert still["physics"] is False and still["vis"]["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in still["vis"]["nodes"])
    assert still["vis"]["options"]["layout"]["improvedLayout"] is True  # not large: curved edges and all
    moving = page_data(G, sizes={}, layout_threshold=30, physics=True)  # on request, from the same start
    assert moving["physics"] is True and moving["vis"]["options"]["physics"]["enabled"] is True
    assert [(n["x"], n["y"]) for n in moving["vis"]["nodes"]] == [(n["x"], n["y"]) for n in still["vis"]["nodes"]]
    large = page_data(G, sizes={}, layout_threshold=29)
    opts = large["vis"]["options"]
    assert (
        large["physics"] is False and opts["physics"]["enabled"] is False and opts["layout"]["improvedLayout"] is False
    )
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in large["vis"]["nodes"])
    assert len({(n["x"], n["y"]) for n in large["vis"]["nodes"]}) == 30
    assert page_data(G, sizes={}, layout_threshold=29)["vis"]["nodes"] == large["vis"]["nodes"]  # deterministic


def hue(colour: str) -> float:
    import colorsys

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


def test_policy_kinds_have_distinct_hues_and_families_distinct_shapes() -> None:
    """Strategy, Programme, Campaign, PolicyDocument, Reform, Designation: hues >= 30 degrees apart."""
    from ecokg.explore.palette import FAMILY_SHAPES, FAMILY_TYPES, type_family, type_shape

    policy = FAMILY_TYPES["policy"]
    assert set(policy) >= {"Strategy", "Programme", "Campaign", "PolicyDocument", "Reform", "Designation"}
    hues = {t: hue(TYPE_COLOURS[t]) for t in policy}
    for a in policy:
        for b in policy:
            if a < b:
                d = abs(hues[a] - hues[b]) % 360
                assert min(d, 360 - d) >= 30, (a, b, hues[a], hues[b])
    # families that share a colour range cannot share a shape with the policies
    assert {type_shape(t) for t in policy} == {"diamond"}
    assert [f for f, s in FAMILY_SHAPES.items() if s == "diamond"] == ["policy"]
    for family, types in FAMILY_TYPES.items():
        assert all(type_family(t) == family for t in types)
        assert all(t in TYPE_COLOURS for t in types)
    assert len({t for ts in FAMILY_TYPES.values() for t in ts}) == sum(map(len, FAMILY_TYPES.values()))


def test_legend_is_grouped_by_family_in_chinese_and_english() -> None:
    G = small_graph()
    G.graph["type_labels"] = {"Company": "企业", "District": "市辖区", "Park": "产业园区", "Person": "人物"}
    data = page_data(G, sizes={})
    assert [(t["family"], t["type"], t["zh"]) for t in data["types"]] == [
        ("place", "District", "市辖区"),
        ("place", "Park", "产业园区"),
        ("company", "Company", "企业"),
        ("person", "Person", "人物"),
    ]
    assert data["families"]["policy"] == {"zh": "政策/规划/战略", "en": "policies, programmes, strategies"}
    by_id = {n["id"]: n for n in data["vis"]["nodes"]}
    assert by_id["v0"]["title"].splitlines()[1] == "类型 type: 企业 Company"


def test_unknown_types_get_a_stable_colour() -> None:
    assert type_colour("Company") == TYPE_COLOURS["Company"]
    assert type_colour("<b>") == type_colour("<b>") and re.fullmatch(r"#[0-9a-f]{6}", type_colour("<b>"))


def test_districts_follow_containment_transitively() -> None:
    G = nx.DiGraph()
    G.add_nodes_from(
        [
            ("d", {"type": "District"}),
            ("zone", {"type": "Zone"}),
            ("firm", {"type": "Company"}),
            ("city", {"type": "City"}),
        ]
    )
    G.add_edge("firm", "zone", predicate="settledIn")
    G.add_edge("zone", "d", predicate="partOf")
    G.add_edge("d", "city", predicate="partOf")
    G.add_edge("city", "firm", predicate="supports")
    assert node_districts(G) == {"d": ["d"], "firm": ["d"], "zone": ["d"]}
    U = nx.Graph()
    U.add_nodes_from(G.nodes(data=True))
    U.add_edge("zone", "d", evidence=[{"predicate": "partOf", "subject": "zone", "object": "d"}])
    assert node_districts(U) == {"d": ["d"], "zone": ["d"]}


def test_write_explorer_writes_utf8(tmp_path: Path) -> None:
    page = explorer_html(small_graph(), sizes={})
    out = write_explorer(tmp_path / "sub" / "explorer.html", page)
    assert out.read_bytes() == page.encode("utf-8")
    assert '<meta charset="utf-8">' in page
    assert [p.name for p in out.parent.iterdir()] == ["explorer.html"]


# ---------------------------------------------------------------------------- the real graph


@functools.cache
def real_graph(build_dir: Path) -> nx.DiGraph:
    """The projection ``ecokg render`` shows (directed, annotated), computed once per build."""
    from ecokg.explore.views import annotate
    from ecokg.network.projection import project
    from ecokg.query.store import open_dataset

    ds = open_dataset(build_dir / "ecosystem.trig")
    return annotate(project(ds, directed=True), ds)


@pytest.fixture(scope="module")
def real(build_dir: Path) -> nx.DiGraph:
    return real_graph(build_dir)


@pytest.fixture()
def fast_cli(monkeypatch: pytest.MonkeyPatch, real: nx.DiGraph) -> None:
    """``ecokg render`` without re-projecting: ``project`` returns (a copy of) the cached graph."""
    import ecokg.network.projection

    monkeypatch.setattr(ecokg.network.projection, "project", lambda ds, **kw: nx.DiGraph(real))


def test_real_districts(real: nx.DiGraph) -> None:
    d = node_districts(real)
    assert d["taiping_bird"] == ["haishu"] and d["haishu"] == ["haishu"] and d["zhenhai"] == ["zhenhai"]
    assert "ningbo" not in d


def test_annotate_adds_sentences_and_articles(real: nx.DiGraph) -> None:
    arts = real.graph["articles"]
    assert len(arts) == 5 and all(a["title"] and a["date"] and a["year"] for a in arts.values())
    m = real.nodes["taiping_bird"]["mentions"]
    assert {x["source"] for x in m} == set(real.nodes["taiping_bird"]["sources"])
    assert any("太平鸟" in x["sentence"] for x in m)


def test_render_whole_graph(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_cli: None, real: nx.DiGraph
) -> None:
    out = tmp_path / "build" / "explorer.html"  # the default output, in the workspace's build/
    (tmp_path / "ecokg.toml").write_text('name = "scratch"\n', encoding="utf-8")
    assert cli.main(["--project", str(tmp_path), "render", "--build", str(build_dir)]) == 0
    data = data_of(out.read_text(encoding="utf-8"))
    assert (len(data["vis"]["nodes"]), len(data["vis"]["edges"])) == (real.number_of_nodes(), real.number_of_edges())
    assert data["sizeBy"] == "pagerank" and data["focus"] is None
    assert data["sizing"] == describe_sizing("pagerank", "corroboration") and data["physics"] is False
    assert {d["label"] for d in data["districts"]} == {"海曙区", "镇海区"}
    assert "wrote" in capsys.readouterr().out


def test_render_focus_by_alias(build_dir: Path, tmp_path: Path, fast_cli: None, real: nx.DiGraph) -> None:
    out = tmp_path / "ego.html"
    assert (
        cli.main(["render", "--build", str(build_dir), "-o", str(out), "--focus", "太平鸟集团有限公司", "--depth", "1"])
        == 0
    )
    data = data_of(out.read_text(encoding="utf-8"))
    ego = nx.ego_graph(real, "taiping_bird", radius=1, undirected=True)
    assert data["focus"] == "taiping_bird"
    assert data["sizing"].endswith("在全图上计算 computed on the whole graph")  # the scores are the whole graph's
    assert {n["id"] for n in data["vis"]["nodes"]} == set(ego.nodes)
    assert len(data["vis"]["edges"]) == ego.number_of_edges()


def test_render_district_view(build_dir: Path, tmp_path: Path, fast_cli: None, real: nx.DiGraph) -> None:
    out = tmp_path / "zhenhai.html"
    assert cli.main(["render", "--build", str(build_dir), "-o", str(out), "--district", "镇海", "--depth", "0"]) == 0
    assert {n["id"] for n in data_of(out.read_text(encoding="utf-8"))["vis"]["nodes"]} == {"zhenhai"}
    assert cli.main(["render", "--build", str(build_dir), "-o", str(out), "--district", "Haishu District"]) == 0
    ids = {n["id"] for n in data_of(out.read_text(encoding="utf-8"))["vis"]["nodes"]}
    members = {n for n, ds in node_districts(real).items() if "haishu" in ds}
    assert members <= ids and "zhenhai" not in ids and "taiping_bird" in ids


def test_render_type_filters_are_comma_lists(
    build_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real: nx.DiGraph
) -> None:
    """``--only-types A,B --exclude-types C`` reach the projection as the class lists of the other commands."""
    import ecokg.network.projection

    seen: list[dict[str, Any]] = []
    monkeypatch.setattr(ecokg.network.projection, "project", lambda ds, **kw: seen.append(kw) or nx.DiGraph(real))
    out = tmp_path / "typed.html"
    argv = ["render", "--build", str(build_dir), "-o", str(out)]
    assert cli.main([*argv, "--only-types", "Organization, Place", "--exclude-types", "District"]) == 0
    assert cli.main(argv) == 0
    assert [(kw["types"], kw["exclude_types"]) for kw in seen] == [
        (["Organization", "Place"], ["District"]),
        (None, []),
    ]


def test_render_unknown_name_fails_clearly(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_cli: None
) -> None:
    out = tmp_path / "none.html"
    assert cli.main(["render", "--build", str(build_dir), "-o", str(out), "--focus", "太平鸟集团有限责任公司X"]) == 1
    assert "no entity is called" in capsys.readouterr().err and not out.exists()
    assert cli.main(["render", "--build", str(build_dir), "-o", str(out), "--district", "太平鸟"]) == 1


def cli_scores(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, str]:
    """``ecokg centrality ... -f json --top 0`` as id -> score text."""
    capsys.readouterr()
    assert cli.main(["centrality", *argv, "--format", "json", "--top", "0"]) == 0
    return {row["id"]: row[next(k for k in row if k not in ("rank", "type rank", "id", "label", "type"))]
            for row in json.loads(capsys.readouterr().out)}  # fmt: skip


@pytest.mark.parametrize("weight", ["corroboration", "none"])
def test_explorer_sizes_are_the_cli_pagerank(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], weight: str
) -> None:
    """The page's score for 太平鸟 is ``ecokg centrality --measure pagerank``'s, though the page draws arrows."""
    from ecokg.network.centrality import centrality, ranks
    from ecokg.network.projection import project
    from ecokg.query.store import open_dataset

    out = tmp_path / "explorer.html"
    assert cli.main(["render", "--build", str(build_dir), "-o", str(out), "--weight", weight]) == 0  # projects for real
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["directed"] is True and all(e["arrows"] == "to" for e in data["vis"]["edges"])
    scores = cli_scores(capsys, ["--build", str(build_dir), "--measure", "pagerank", "--weight", weight])
    embedded = {n: d["centrality"] for n, d in data["nodes"].items()}
    assert f"{embedded['taiping_bird']:.6f}" == scores["taiping_bird"]
    assert {n: f"{v:.6f}" for n, v in embedded.items()} == scores
    U = project(open_dataset(build_dir / "ecosystem.trig"), weight=None if weight == "none" else weight)
    exact = centrality(U, "pagerank", weight=None if weight == "none" else "weight")
    assert embedded == exact  # the very same floats
    if weight == "corroboration":
        assert ranks(exact)["taiping_bird"] == 3
    assert "PageRank" in data["sizing"] and "undirected" in data["sizing"] and weight in data["sizing"]


@pytest.mark.parametrize("weight", ["corroboration", None])
def test_undirected_is_the_undirected_projection(build_dir: Path, weight: str | None) -> None:
    from ecokg.explore.views import undirected
    from ecokg.network.projection import project
    from ecokg.query.store import open_dataset

    ds = open_dataset(build_dir / "ecosystem.trig")
    U, V = project(ds, weight=weight), undirected(project(ds, directed=True, weight=weight), weight=weight)
    assert not V.is_directed() and list(V.nodes) == list(U.nodes)
    assert nx.utils.edges_equal(V.edges, U.edges)
    for u, v, d in U.edges(data=True):
        assert (V.edges[u, v]["weight"], V.edges[u, v]["articles"]) == (d["weight"], d["articles"])
        assert V.edges[u, v]["predicates"] == d["predicates"]


def test_picture_sizes_by_the_same_scores(real: nx.DiGraph) -> None:
    """``draw_png`` without sizes draws what it draws with the CLI's scores (the same PNG bytes)."""
    from ecokg.explore.picture import draw_png
    from ecokg.explore.views import undirected
    from ecokg.network.centrality import centrality

    view = nx.ego_graph(real, "taiping_bird", radius=1, undirected=True)
    cli_like = centrality(undirected(view), "pagerank", weight="weight")
    directed = centrality(view, "pagerank")
    assert draw_png(view) == draw_png(view, sizes=cli_like)
    assert draw_png(view) != draw_png(view, sizes=directed)


def test_render_physics_only_on_request(build_dir: Path, tmp_path: Path, fast_cli: None) -> None:
    out = tmp_path / "p.html"
    base = ["render", "--build", str(build_dir), "-o", str(out)]
    seen = []
    for extra in ([], ["--physics"], ["--physics", "off"], ["--physics", "auto"]):
        assert cli.main([*base, *extra]) == 0
        data = data_of(out.read_text(encoding="utf-8"))
        seen.append((data["physics"], data["precomputed"]))
    assert seen == [(False, True), (True, True), (False, True), (True, True)]


def test_figure_years_are_node_data(real: nx.DiGraph) -> None:
    data = page_data(real)
    for n, d in real.nodes(data=True):
        years = sorted({f["year"] for f in d["figures"] if f.get("year") is not None})
        assert data["nodes"][n]["figureYears"] == years
    assert any(d["figureYears"] for d in data["nodes"].values())


def test_render_png(build_dir: Path, tmp_path: Path, fast_cli: None) -> None:
    png = tmp_path / "ecosystem.png"
    (tmp_path / "ecokg.toml").write_text('name = "scratch"\n', encoding="utf-8")
    assert (
        cli.main(
            ["--project", str(tmp_path), "render", "--build", str(build_dir), "--png", str(png), "--focus", "haishu"]
        )
        == 0
    )
    assert not (tmp_path / "build").exists()  # --png alone writes no page
    assert distinct_colours(png.read_bytes()) > 20


def test_render_png_without_cjk_font(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fast_cli: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ecokg.explore.picture
    from ecokg.explore.plotting import CJKFontMissing

    def missing() -> str:
        raise CJKFontMissing("no Noto Sans CJK font found: install fonts-noto-cjk")

    monkeypatch.setattr(ecokg.explore.picture, "find_cjk_font", missing)
    png = tmp_path / "x.png"
    assert cli.main(["render", "--build", str(build_dir), "--png", str(png)]) == 1
    assert "fonts-noto-cjk" in capsys.readouterr().err and not png.exists()


# ---------------------------------------------------------------------------- picture


def distinct_colours(png: bytes) -> int:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        return len(im.convert("RGB").getcolors(maxcolors=1 << 24) or ())


def test_picture_draws_chinese_as_text() -> None:
    from ecokg.explore.picture import draw_png

    G = small_graph()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = draw_png(G, sizes={n: float(i) for i, n in enumerate(G)}, title="宁波 · 海曙区")
    assert not [w for w in caught if "Glyph" in str(w.message)], [str(w.message) for w in caught]
    assert png.startswith(b"\x89PNG") and distinct_colours(png) > 20
