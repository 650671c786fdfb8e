"""The explorer page in a real headless Chromium (driven over the DevTools protocol).

Marked ``browser``; skipped only when /usr/bin/chromium is absent (CI installs it).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx
import pytest
from test_explorer import HOSTILE, data_of, hostile_graph, real_graph

from bench.browser import CHROMIUM, Chromium, Page
from ecokg.cli import main as cli
from ecokg.explore.page import explorer_html, write_explorer
from ecokg.explore.views import node_districts

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (run scripts/install-system-deps.sh as root)"
)


def in_browser(test: Callable[..., None]) -> Callable[..., None]:
    """Mark a test ``browser`` and skip it when Chromium is absent."""
    return pytest.mark.browser(needs_chromium(test))


READY = "window.ecokgExplorer !== undefined && window.ecokgExplorer.ready === true"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    with Chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def real(build_dir: Path) -> nx.DiGraph:
    return real_graph(build_dir)


@pytest.fixture(scope="module")
def real_page(build_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole-graph page, written by ``ecokg render`` end to end."""
    out = tmp_path_factory.mktemp("explorer") / "explorer.html"
    assert cli.main(["render", "--build", str(build_dir), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def loaded(chromium: Chromium, real_page: Path) -> Page:
    page = chromium.open(real_page)
    page.wait_for(READY)
    return page


def pixels(png: bytes) -> int:
    """Number of distinct colours in a PNG."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        return len(im.convert("RGB").getcolors(maxcolors=1 << 24) or ())


def node_screen_position(page: Page, node_id: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    x, y = page.evaluate(
        "(() => { const n = ecokgExplorer.network; const id = " + json.dumps(node_id) + ";"
        " const p = n.canvasToDOM(n.getPosition(id)); const r = document.getElementById('network').getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; })()"
    )
    return x, y


# ---------------------------------------------------------------------------- the real graph


@in_browser
def test_loads_offline_without_errors(loaded: Page, real_page: Path) -> None:
    loaded.settle()
    assert loaded.console_errors() == []
    assert loaded.requests() == [real_page.resolve().as_uri()]
    assert loaded.evaluate("document.characterSet") == "UTF-8"


@in_browser
def test_network_holds_the_graph(loaded: Page, real: nx.DiGraph) -> None:
    counts = loaded.evaluate(
        "[ecokgExplorer.nodes.length, ecokgExplorer.edges.length,"
        " ecokgExplorer.network.body.nodeIndices.length, ecokgExplorer.network.body.edgeIndices.length]"
    )
    n, m = real.number_of_nodes(), real.number_of_edges()
    assert counts == [n, m, n, m]
    assert set(loaded.evaluate("ecokgExplorer.nodes.getIds()")) == set(real.nodes)
    assert loaded.evaluate("document.querySelectorAll('#legend li').length") == len(
        {t for _, t in real.nodes(data="type")}
    )


@in_browser
@pytest.mark.parametrize(
    ("alias", "node"), [("太平鸟集团有限公司", "taiping_bird"), ("上海交大人工智能研究院", "sjtu_ningbo_ai_institute")]
)
def test_search_by_alias_focuses_the_node(loaded: Page, real: nx.DiGraph, alias: str, node: str) -> None:
    assert alias in real.nodes[node]["aliases"]
    # physics off (as a user would), so the layout stands still while we check where the node is
    loaded.evaluate("(() => { const c = document.getElementById('physics'); if (c.checked) c.click(); })()")
    loaded.evaluate("ecokgExplorer.network.unselectAll(); document.getElementById('search-input').value = ''")
    loaded.evaluate("document.getElementById('search-input').focus()")
    loaded.type_text(alias)
    loaded.press_enter()
    assert loaded.wait_for("ecokgExplorer.network.getSelectedNodes().length") == 1
    assert loaded.evaluate("ecokgExplorer.network.getSelectedNodes()") == [node]
    assert loaded.evaluate("document.querySelector('#panel h2').textContent") == real.nodes[node]["label"]
    # focused: the node is drawn near the middle of the network area
    x, y = node_screen_position(loaded, node)
    box = loaded.evaluate(
        "(() => { const r = document.getElementById('network').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()"
    )
    assert abs(x - (box[0] + box[2] / 2)) < box[2] * 0.1 and abs(y - (box[1] + box[3] / 2)) < box[3] * 0.1


@in_browser
def test_panel_shows_names_and_sentences(loaded: Page, real: nx.DiGraph) -> None:
    loaded.evaluate("ecokgExplorer.focusNode('taiping_bird')")
    text = loaded.evaluate("document.getElementById('panel').innerText")
    assert all(a in text for a in real.nodes["taiping_bird"]["aliases"])
    for mention in real.nodes["taiping_bird"]["mentions"]:
        assert mention["sentence"] in text
    for sid in real.nodes["taiping_bird"]["sources"]:
        assert real.graph["articles"][sid]["title"] in text
    u, v, d = next((u, v, d) for u, v, d in real.edges(data=True) if d["evidence"])
    eid = loaded.evaluate(
        f"ecokgExplorer.edges.get({{filter: e => e.from === {json.dumps(u)} && e.to === {json.dumps(v)}}})[0].id"
    )
    loaded.evaluate(f"ecokgExplorer.showEdge({json.dumps(eid)})")
    text = loaded.evaluate("document.getElementById('panel').innerText")
    assert d["evidence"][0]["sentence"] in text and d["label"] in text


@in_browser
def test_filters_and_neighbourhood(loaded: Page, real: nx.DiGraph) -> None:
    visible = "ecokgExplorer.network.body.nodeIndices.length"

    def choose(select: str, value: str) -> None:
        loaded.evaluate(
            f"(() => {{ const s = document.getElementById({json.dumps(select)}); s.value = {json.dumps(value)};"
            " s.dispatchEvent(new Event('change')); })()"
        )

    haishu = {n for n, ds in node_districts(real).items() if "haishu" in ds}
    choose("district-filter", "haishu")
    assert loaded.evaluate(visible) == len(haishu)
    choose("district-filter", "")
    sid = "2024-haishu-excellent-district"
    choose("article-filter", sid)
    assert loaded.evaluate(visible) == sum(sid in s for _, s in real.nodes(data="sources"))
    choose("article-filter", "")
    choose("year-filter", "2022")
    years = {s: a["year"] for s, a in real.graph["articles"].items()}
    assert loaded.evaluate(visible) == sum(any(years[s] == 2022 for s in ss) for _, ss in real.nodes(data="sources"))
    choose("year-filter", "")
    loaded.evaluate("document.getElementById('types-none').click()")
    assert loaded.evaluate(visible) == 0
    loaded.evaluate("document.getElementById('reset').click()")
    assert loaded.evaluate(visible) == real.number_of_nodes()
    loaded.evaluate("ecokgExplorer.focusNeighbourhood('taiping_bird', 2)")
    ego = nx.ego_graph(real, "taiping_bird", radius=2, undirected=True)
    assert set(loaded.evaluate("ecokgExplorer.nodeView.getIds()")) == set(ego.nodes)
    before = loaded.evaluate("ecokgExplorer.network.physics.options.enabled")
    loaded.evaluate("document.getElementById('physics').click()")
    assert loaded.evaluate("ecokgExplorer.network.physics.options.enabled") is (not before)
    loaded.evaluate("document.getElementById('physics').click()")
    assert loaded.evaluate("ecokgExplorer.network.physics.options.enabled") is before
    loaded.evaluate("document.getElementById('reset').click()")
    loaded.settle()
    assert loaded.console_errors() == []


@in_browser
def test_screenshot_is_not_blank(loaded: Page) -> None:
    loaded.evaluate("ecokgExplorer.resetFilters(); ecokgExplorer.network.fit({animation: false})")
    png = loaded.screenshot()
    assert png.startswith(b"\x89PNG")
    assert pixels(png) > 200


def dark_pixels(png: bytes, boxes: list[list[float]]) -> int:
    """Pixels as dark as label text (#343434; luminance < 60, darker than any node colour but one)
    inside the boxes of a PNG screenshot."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        grey = im.convert("L")
        total = 0
        for x0, y0, x1, y1 in boxes:
            crop = grey.crop((int(x0), int(y0), int(x1) + 1, int(y1) + 1))
            total += sum(c for v, c in enumerate(crop.histogram()) if v < 60)
        return total


def drawn(page: Page) -> list[dict[str, object]]:
    """The labels vis-network draws now, in page coordinates (ecokgExplorer.drawnLabels)."""
    rows = page.evaluate(
        "(() => { const r = document.getElementById('network').getBoundingClientRect();"
        " return ecokgExplorer.drawnLabels().map(l => Object.assign(l, {box: [l.box[0] + r.left, l.box[1] + r.top,"
        " l.box[2] + r.left, l.box[3] + r.top]})); })()"
    )
    return list(rows)


def overlapping(rows: list[dict[str, object]]) -> list[tuple[object, object]]:
    out = []
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            p, q = a["box"], b["box"]
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]:  # type: ignore[index]  # JSON lists
                out.append((a["id"], b["id"]))
    return out


def top_by_pagerank(real: nx.DiGraph, k: int) -> list[str]:
    from ecokg.explore.views import undirected
    from ecokg.network.centrality import centrality, rank

    return [n for n, _ in rank(centrality(undirected(real), "pagerank", weight="weight"))[:k]]


@in_browser
def test_labels_are_legible_at_the_default_zoom(loaded: Page, real: nx.DiGraph) -> None:
    """At the zoom the page opens with, the most central nodes are labelled at >= 12 px, without overlaps."""
    loaded.evaluate("ecokgExplorer.resetFilters(); ecokgExplorer.network.fit({animation: false});"
                    " ecokgExplorer.planLabels()")  # fmt: skip
    rows = drawn(loaded)
    by_id = {r["id"]: r for r in rows}
    assert len(rows) >= 15, [r["label"] for r in rows]
    top = top_by_pagerank(real, 3)
    assert top[2] == "taiping_bird" and all(n in by_id for n in top), (top, list(by_id))
    assert all(float(r["px"]) >= 12 for r in rows)  # type: ignore[arg-type]  # JSON numbers
    assert float(by_id[top[0]]["px"]) >= 15  # type: ignore[arg-type]  # JSON number
    assert overlapping(rows) == []
    assert by_id["taiping_bird"]["label"] == "太平鸟\nPeacebird"
    # what vis-network says it draws is on the screen: the label boxes hold dark text pixels,
    # which go when the labels are hidden
    boxes = [r["box"] for r in rows[:5]]
    with_labels = dark_pixels(loaded.screenshot(), boxes)  # type: ignore[arg-type]  # JSON lists
    loaded.evaluate("document.getElementById('labels').click()")  # the "标签 labels" box: off
    assert drawn(loaded) == []
    without = dark_pixels(loaded.screenshot(), boxes)  # type: ignore[arg-type]  # JSON lists
    loaded.evaluate("document.getElementById('labels').click()")  # on again
    assert with_labels > 400 and with_labels > 3 * without, (with_labels, without)
    assert {r["id"] for r in drawn(loaded)} == set(by_id)


@in_browser
def test_more_labels_as_you_zoom_in(loaded: Page) -> None:
    loaded.evaluate("ecokgExplorer.resetFilters(); ecokgExplorer.network.fit({animation: false})")
    loaded.evaluate("ecokgExplorer.planLabels()")
    at_fit = drawn(loaded)
    width = loaded.evaluate("document.getElementById('network').clientWidth")
    height = loaded.evaluate("document.getElementById('network').clientHeight")
    here = "ecokgExplorer.network.canvasToDOM(ecokgExplorer.network.getPosition('haishu'))"
    centre = loaded.evaluate(here)
    scale = loaded.evaluate("ecokgExplorer.network.getScale()")
    loaded.evaluate(
        f"ecokgExplorer.network.moveTo({{scale: {scale * 3}, position: ecokgExplorer.network.getPosition('haishu'),"
        " animation: false}); ecokgExplorer.planLabels()"
    )
    zoomed = drawn(loaded)
    assert loaded.evaluate(here) == pytest.approx({"x": width / 2, "y": height / 2}, abs=2)
    # the zoomed view shows a third of the width and height of the fitted one, around 海曙区:
    # there, zooming in draws more labels than the fitted view had, still 12-18 px on screen
    region = [
        r
        for r in at_fit
        if abs(float(r["x"]) - centre["x"]) <= width / 6 and abs(float(r["y"]) - centre["y"]) <= height / 6  # type: ignore[arg-type]  # JSON numbers
    ]
    assert len(zoomed) >= 15 and len(zoomed) >= 2 * len(region), (len(zoomed), len(region))
    assert overlapping(zoomed) == []
    assert all(12 <= float(r["px"]) <= 18 for r in zoomed)  # type: ignore[arg-type]  # JSON numbers
    loaded.evaluate("ecokgExplorer.network.fit({animation: false}); ecokgExplorer.planLabels()")


@in_browser
def test_search_raises_the_match_without_overlaps(loaded: Page) -> None:
    loaded.evaluate("ecokgExplorer.resetFilters(); ecokgExplorer.network.fit({animation: false})")
    assert loaded.evaluate("ecokgExplorer.search('太平鸟集团有限公司')") == "taiping_bird"
    rows = drawn(loaded)
    assert rows and overlapping(rows) == []
    match = next(r for r in rows if r["id"] == "taiping_bird")
    assert float(match["px"]) == max(float(r["px"]) for r in rows) >= 17  # type: ignore[arg-type]  # JSON numbers
    neighbours = set(loaded.evaluate("ecokgExplorer.network.getConnectedNodes('taiping_bird')"))
    assert len(neighbours & {r["id"] for r in rows}) >= 3
    loaded.evaluate("document.getElementById('reset').click()")


@in_browser
def test_layout_stands_still_unless_asked(loaded: Page) -> None:
    loaded.evaluate("ecokgExplorer.resetFilters()")
    assert loaded.evaluate("ecokgExplorer.network.physics.options.enabled") is False
    assert loaded.evaluate("document.getElementById('physics').checked") is False
    before = loaded.evaluate("ecokgExplorer.network.getPositions()")
    loaded.settle(1.0)
    assert loaded.evaluate("ecokgExplorer.network.getPositions()") == before


@in_browser
def test_legend_and_filters_say_what_they_are(loaded: Page, real: nx.DiGraph) -> None:
    text = loaded.evaluate("document.getElementById('filters').innerText")
    for words in ("文章年份", "article year", "数据年份", "figure year", "节点大小", "PageRank", "undirected",
                  "政策/规划/战略", "企业 Company", "战略/目标 Strategy", "地点 places"):  # fmt: skip
        assert words.casefold() in text.casefold(), words
    swatches = loaded.evaluate(
        "Array.from(document.querySelectorAll('#legend li')).map(li => [li.querySelector('.swatch').textContent,"
        " getComputedStyle(li.querySelector('.swatch')).color, li.querySelector('label span:last-child').textContent])"
    )
    policy = {t: (g, c) for g, c, t in swatches if t.split()[-1] in ("Strategy", "Programme", "Campaign",
                                                                    "PolicyDocument", "Reform", "Designation")}  # fmt: skip
    assert len(policy) == 6 and {g for g, _ in policy.values()} == {"◆"} and len({c for _, c in policy.values()}) == 6

    def choose(select: str, value: str) -> None:
        loaded.evaluate(
            f"(() => {{ const s = document.getElementById({json.dumps(select)}); s.value = {json.dumps(value)};"
            " s.dispatchEvent(new Event('change')); })()"
        )

    options = loaded.evaluate("Array.from(document.getElementById('figure-year-filter').options).map(o => o.value)")
    years = sorted({f["year"] for _, fs in real.nodes(data="figures") for f in fs if f.get("year") is not None})
    assert options == ["", *map(str, years)]
    choose("figure-year-filter", "2018")
    expected = {n for n, fs in real.nodes(data="figures") if any(f.get("year") == 2018 for f in fs)}
    assert expected and set(loaded.evaluate("ecokgExplorer.nodeView.getIds()")) == expected
    choose("figure-year-filter", "")
    assert loaded.evaluate("ecokgExplorer.network.body.nodeIndices.length") == real.number_of_nodes()


@in_browser
def test_focus_page_opens_on_its_entity(chromium: Chromium, build_dir: Path, tmp_path: Path) -> None:
    import ecokg.network.projection

    out = tmp_path / "ego.html"
    with pytest.MonkeyPatch.context() as mp:  # the real graph, without projecting it again
        G = real_graph(build_dir)
        mp.setattr(ecokg.network.projection, "project", lambda ds, **kw: nx.DiGraph(G))
        assert cli.main(["render", "--build", str(build_dir), "-o", str(out), "--focus", "上海交大人工智能研究院"]) == 0
    page = chromium.open(out)
    page.wait_for(READY)
    assert page.evaluate("ecokgExplorer.network.getSelectedNodes()") == ["sjtu_ningbo_ai_institute"]
    assert (
        page.evaluate("document.querySelector('#panel h2').textContent") == G.nodes["sjtu_ningbo_ai_institute"]["label"]
    )


# ---------------------------------------------------------------------------- hostile text


@in_browser
def test_hostile_labels_execute_nothing(chromium: Chromium, tmp_path: Path) -> None:
    G = hostile_graph()
    path = write_explorer(tmp_path / "hostile.html", explorer_html(G, sizes={}, title=HOSTILE[1]))
    page = chromium.open(path)
    page.wait_for(READY)
    pwned = "typeof window.__pwned"
    assert page.evaluate(pwned) == "undefined"
    assert page.evaluate("document.title") == HOSTILE[1]
    for node in G.nodes:
        # a real hover: the mouse over the node shows vis-network's tooltip, as text
        x, y = node_screen_position(page, node)
        page.mouse_move(x, y)
        tooltip = page.wait_for(
            "(() => { const t = document.querySelector('div.vis-tooltip');"
            " return t && t.style.visibility !== 'hidden' && t.innerText; })()"
        )
        assert tooltip.splitlines()[0].startswith(G.nodes[node]["label"])
        assert page.evaluate("document.querySelectorAll('div.vis-tooltip *:not(br)').length") == 0
        page.mouse_move(5, 5)
        page.click(x, y)  # a real click opens the side panel
        assert (
            page.wait_for("document.querySelector('#panel h2') && document.querySelector('#panel h2').textContent")
            == G.nodes[node]["label"]
        )
        assert page.evaluate("document.querySelectorAll('#panel img, #panel a, #panel script, #panel svg').length") == 0
    for eid in page.evaluate("ecokgExplorer.edges.getIds()"):
        page.evaluate(f"ecokgExplorer.showEdge({json.dumps(eid)})")
        assert HOSTILE[0] in page.evaluate("document.getElementById('panel').innerText")
    assert page.evaluate("ecokgExplorer.search('别名1')") == list(G.nodes)[1]  # a hostile id
    assert page.evaluate("ecokgExplorer.search(" + json.dumps(HOSTILE[2]) + ")") in G
    legend = page.evaluate("Array.from(document.querySelectorAll('#legend li span')).map(s => s.textContent)")
    assert '<svg onload="window.__pwned=1">' in legend
    page.settle(0.5)
    assert page.evaluate(pwned) == "undefined"
    assert page.console_errors() == []
    assert page.requests() == [path.resolve().as_uri()]


# ---------------------------------------------------------------------------- scale


@pytest.fixture(scope="module")
def big_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.Graph, Path]:
    n = 5000
    G = nx.barabasi_albert_graph(n, 2, seed=3)
    types = ["Company", "Park", "Person", "IndustrySector", "GovernmentBody"]
    G = nx.relabel_nodes(G, {i: f"n{i}" for i in range(n)})
    for i, node in enumerate(G):
        G.nodes[node].update(label=f"企业{i}", type=types[i % len(types)], aliases=[f"别名{i}"], sources=[])
    for u, v in G.edges:
        G.edges[u, v].update(predicate="cooperatesWith", label="合作", weight=1.0)
    path = write_explorer(tmp_path_factory.mktemp("big") / "big.html", explorer_html(G, sizes=nx.degree_centrality(G)))
    return G, path


@pytest.mark.slow
def test_big_graph_is_precomputed_with_physics_off(big_page: tuple[nx.Graph, Path]) -> None:
    _G, path = big_page
    data = data_of(path.read_text(encoding="utf-8"))
    assert data["physics"] is False and data["vis"]["options"]["physics"]["enabled"] is False
    assert data["vis"]["options"]["layout"]["improvedLayout"] is False
    assert len(data["vis"]["nodes"]) == 5000 and all("x" in v and "y" in v for v in data["vis"]["nodes"])


@in_browser
@pytest.mark.slow
def test_big_graph_renders(chromium: Chromium, big_page: tuple[nx.Graph, Path]) -> None:
    G, path = big_page
    page = chromium.open(path)
    page.wait_for(READY)
    assert page.evaluate("[ecokgExplorer.nodes.length, ecokgExplorer.edges.length]") == [5000, G.number_of_edges()]
    assert page.evaluate("ecokgExplorer.network.physics.options.enabled") is False
    data = data_of(path.read_text(encoding="utf-8"))
    first = data["vis"]["nodes"][:50]
    drawn = page.evaluate("ecokgExplorer.network.getPositions(" + json.dumps([v["id"] for v in first]) + ")")
    assert all(abs(drawn[v["id"]]["x"] - v["x"]) <= 1 and abs(drawn[v["id"]]["y"] - v["y"]) <= 1 for v in first)
    assert pixels(page.screenshot()) > 50
    page.settle()
    assert page.console_errors() == []
