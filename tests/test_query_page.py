"""The query page of `ecokg serve`: its JSON routes (``/bind``, ``/prefixes.json``, ``/queries.json``)
over HTTP, and the page itself in a real headless Chromium (driven over the DevTools protocol).

The browser tests are marked ``browser`` and skipped only when /usr/bin/chromium is absent.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CHECKOUT
from test_endpoint import http, json_rows

from bench.browser import CHROMIUM, Chromium, Page
from ecokg.namespaces import PREFIXES
from ecokg.query.library import load_queries
from ecokg.serve.page import STATIC, query_body
from ecokg.serve.server import EndpointConfig, SparqlServer, running

pytestmark = pytest.mark.server

EKG = "https://w3id.org/ecokg/id/"
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed")


def in_browser(test: Callable[..., None]) -> Callable[..., None]:
    """Mark a test ``browser`` and skip it when Chromium is absent."""
    return pytest.mark.browser(needs_chromium(test))


@pytest.fixture(scope="module")
def server(build_dir: Path) -> Iterator[SparqlServer]:
    config = EndpointConfig(trig=build_dir / "ecosystem.trig", port=0, queries_dir=CHECKOUT.root / "queries")
    with running(config) as srv:
        yield srv


@pytest.fixture(scope="module")
def capped(build_dir: Path) -> Iterator[SparqlServer]:
    """A server with a 3-row cap."""
    config = EndpointConfig(
        trig=build_dir / "ecosystem.trig", port=0, max_rows=3, queries_dir=CHECKOUT.root / "queries"
    )
    with running(config) as srv:
        yield srv


def base_of(server: SparqlServer) -> str:
    return server.url.removesuffix("/sparql")


def bind(server: SparqlServer, request: Any, ctype: str = "application/json") -> tuple[int, Any]:
    """Status and answer (JSON, or the text of an error) of ``POST /bind``."""
    body = request if isinstance(request, bytes) else json.dumps(request).encode()
    status, _, answer = http(base_of(server) + "/bind", method="POST", data=body, headers={"Content-Type": ctype})
    return status, json.loads(answer) if status == 200 else answer.decode()


def run(server: SparqlServer, query: str) -> list[dict[str, str]]:
    status, _, body = http(server.url, query=query)
    assert status == 200, body.decode()
    return json_rows(body)


# ------------------------------------------------------------------ routes


def test_bind_resolves_a_name_as_the_command_line_does(server: SparqlServer) -> None:
    by_name = bind(server, {"name": "posts", "params": {"org": "太平鸟"}})
    by_id = bind(server, {"name": "posts", "params": {"org": "taiping_bird"}})
    assert by_name[0] == by_id[0] == 200
    answer = by_name[1]
    assert answer["named"] is True
    assert f"VALUES ?org {{ <{EKG}taiping_bird> }}" in answer["query"]
    assert answer["bound"] == ["org=太平鸟: the entity ekg:taiping_bird (太平鸟, Company)"]
    rows = run(server, answer["query"])
    assert rows and {r["orgLabel"] for r in rows} == {"太平鸟"}
    assert rows == run(server, by_id[1]["query"])
    unbound = run(server, bind(server, {"name": "posts"})[1]["query"])  # no value: every organisation
    assert len({r["orgLabel"] for r in unbound}) > 1 and all(r in unbound for r in rows)


def test_bind_keeps_the_pages_text_and_its_lines(server: SparqlServer) -> None:
    q = load_queries(CHECKOUT.root / "queries")["entity-relations"]
    body = query_body(q.text)
    assert not body.startswith("#") and body.strip() in q.text
    status, answer = bind(server, {"name": q.name, "query": body, "params": {"entity": ""}})
    assert status == 200 and answer["named"] and answer["bound"] == []
    assert answer["query"] == query_body(q.bound())  # an empty field: the default (ekg:zhenhai_refining)
    assert f"<{EKG}zhenhai_refining>" in answer["query"]
    assert answer["query"].count("\n") == body.count("\n")  # the VALUES block goes on the WHERE line


def test_an_edited_text_binds_each_value_by_its_form(server: SparqlServer) -> None:
    q = load_queries(CHECKOUT.root / "queries")["posts"]
    edited = query_body(q.text).replace("ORDER BY ?name ?asOf ?orgLabel", "ORDER BY ?source")
    status, answer = bind(server, {"name": "posts", "query": edited, "params": {"org": "太平鸟"}})
    assert status == 200 and answer["named"] is False
    assert answer["bound"] == ["org=太平鸟: the entity ekg:taiping_bird (太平鸟, Company)"]
    assert answer["query"].rstrip().endswith("ORDER BY ?source")
    status, answer = bind(server, {"query": "SELECT ?n WHERE { ?s eco:year ?n }", "params": {"n": "2021"}})
    assert status == 200 and "VALUES ?n" in answer["query"] and answer["bound"] == ["n=2021: a number"]


@pytest.mark.parametrize(
    ("request_body", "ctype", "status", "message"),
    [
        (
            {"name": "posts", "params": {"org": "太平鸟鸟"}},
            "application/json",
            400,
            "did you mean:\n  太平鸟  (taiping_bird",
        ),
        ({"name": "posts", "params": {"colour": "red"}}, "application/json", 400, "its parameters: person, org"),
        ({"name": "corroborated", "params": {"min": "two"}}, "application/json", 400, "not an integer: 'two'"),
        ({"name": "no-such-query"}, "application/json", 404, "no query named 'no-such-query'"),
        ({"params": {"x": "1"}}, "application/json", 400, 'give "name"'),
        ({"name": "posts", "params": {"org": 7}}, "application/json", 400, '"params" must be an object of strings'),
        ({"name": ["posts"]}, "application/json", 400, '"name" must be a string'),
        (b"{not json", "application/json", 400, "not JSON"),
        (b"[]", "application/json", 400, "a JSON object"),
        ({"name": "posts"}, "application/x-www-form-urlencoded", 415, "application/json"),
    ],
)
def test_bind_errors_are_one_line_messages(
    server: SparqlServer, request_body: Any, ctype: str, status: int, message: str
) -> None:
    got, text = bind(server, request_body, ctype)
    assert got == status and message in text
    assert "Traceback" not in text


def test_bind_is_post_only_and_prefixes_are_the_projects(server: SparqlServer) -> None:
    base = base_of(server)
    status, headers, _ = http(base + "/bind")
    assert status == 405 and headers["Allow"] == "POST"
    status, headers, body = http(base + "/prefixes.json")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == {k: str(v) for k, v in PREFIXES.items()}


def test_queries_json_carries_the_text_the_page_shows(server: SparqlServer) -> None:
    status, _, body = http(base_of(server) + "/queries.json")
    examples = {q["name"]: q for q in json.loads(body)}
    for name, q in load_queries(CHECKOUT.root / "queries").items():
        assert examples[name]["text"] == query_body(q.text)
        assert [p["name"] for p in examples[name]["params"]] == [p.name for p in q.params]
        assert not examples[name]["text"].startswith("# title:")


def test_every_script_the_page_imports_is_served_under_the_policy(server: SparqlServer) -> None:
    base = base_of(server)
    folder = Path(__file__).parents[1] / "graph/ecokg/serve/static"
    assert {name for name, _ in STATIC.values()} | {"sparql.html"} == {p.name for p in folder.iterdir()}
    scripts = [name for name, ctype in STATIC.values() if ctype == "text/javascript"]
    for name in scripts:
        status, headers, body = http(f"{base}/static/{name}")
        assert status == 200 and headers["Content-Security-Policy"].startswith("default-src 'none'")
        text = body.decode()
        for imported in re.findall(r"""from\s+["']\./([\w.-]+)["']""", text):
            assert imported in scripts, f"{name} imports {imported}, which is not served"
        assert "innerHTML" not in text and "eval(" not in text and "new Function" not in text
        assert not re.search(r"https?://(?!www\.w3\.org/2001/XMLSchema#)", text), f"{name} names a URL"


# ------------------------------------------------------------------ the page in Chromium


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    with Chromium(width=1200, height=900) as browser:
        yield browser


def open_page(chromium: Chromium, server: SparqlServer, tmp_path: Path) -> Page:
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>")
    page = chromium.open(blank)
    page.send("Page.setDownloadBehavior", behavior="allow", downloadPath=str(tmp_path))
    page.events.clear()
    page.navigate(base_of(server) + "/")
    page.wait_for("document.body.dataset.ready === 'true'")
    return page


def choose(page: Page, name: str) -> None:
    page.evaluate(
        "(() => { const s = document.getElementById('examples');"
        f" s.value = [...s.options].find(o => o.textContent.endsWith('({name})')).value;"
        " s.dispatchEvent(new Event('change')); })()"
    )


def set_query(page: Page, text: str) -> None:
    page.evaluate(
        "(() => { const t = document.getElementById('query'); t.value = "
        + json.dumps(text)
        + "; t.dispatchEvent(new Event('input')); })()"
    )


def click(page: Page, selector: str) -> None:
    """A real mouse click in the middle of the element."""
    box = page.evaluate(
        f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
        " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
    )
    page.click(*box)


def wait_done(page: Page) -> str:
    """Wait for the run to finish; the status line."""
    return page.wait_for(
        "!document.getElementById('run').disabled && !/running/.test(document.getElementById('status').textContent)"
        " && document.getElementById('status').textContent"
    )


def clean(page: Page, server: SparqlServer) -> None:
    """No console error, warning or CSP report; no request to anything but the server."""
    page.settle()
    assert page.console_errors() == []
    base = base_of(server) + "/"
    assert all(url.startswith(base) for url in page.requests()), page.requests()


def downloaded(folder: Path, name: str, timeout: float = 15) -> str:
    path = folder / name
    deadline = time.monotonic() + timeout
    while not path.is_file():
        assert time.monotonic() < deadline, f"{name} was not downloaded"
        time.sleep(0.1)
    return path.read_bytes().decode("utf-8")  # as written (no newline translation)


@in_browser
def test_a_named_query_with_a_parameter_typed_in_runs_and_stays_readable(
    chromium: Chromium, server: SparqlServer, tmp_path: Path
) -> None:
    page = open_page(chromium, server, tmp_path)
    page.send("Emulation.setDeviceMetricsOverride", width=560, height=900, deviceScaleFactor=1, mobile=False)
    choose(page, "posts")  # seven columns in a narrow window
    assert page.evaluate("[...document.querySelectorAll('#param-fields input')].map(i => i.name)") == ["person", "org"]
    help_text = page.evaluate("document.getElementById('param-org-help').textContent")
    assert help_text == load_queries(CHECKOUT.root / "queries")["posts"].param("org").doc
    click(page, "#param-org")
    page.type_text("太平鸟")
    page.press_enter()
    status = wait_done(page)
    assert re.match(r"\d+ rows · \d+ ms", status), status
    assert "ekg:taiping_bird (太平鸟, Company)" in page.evaluate("document.getElementById('bound').textContent")
    cells = page.evaluate(
        "(() => { const tbl = document.querySelector('#results table');"
        " const col = [...tbl.tHead.rows[0].cells].findIndex(th => th.textContent === 'orgLabel');"
        " const fs = parseFloat(getComputedStyle(tbl).fontSize);"
        " return [...tbl.tBodies[0].rows].map(tr => { const v = tr.cells[col].querySelector('.v');"
        " const r = v.getBoundingClientRect();"
        " return {text: v.textContent, width: r.width, lines: v.getClientRects().length, fs}; }); })()"
    )
    assert cells and {c["text"] for c in cells} == {"太平鸟"}
    for c in cells:  # one line, and the column could hold four CJK characters
        assert c["lines"] == 1 and c["width"] >= 2.9 * c["fs"]
    widths = page.evaluate(
        "[...document.querySelectorAll('#results td')].filter(td => td.textContent === '太平鸟')"
        ".map(td => td.clientWidth / parseFloat(getComputedStyle(td).fontSize))"
    )
    assert widths and min(widths) >= 4
    iri = page.evaluate(
        "(() => { const v = document.querySelector('#results td.iri .v'); return [v.textContent, v.title]; })()"
    )
    assert iri[0].startswith(("ekg:", "src:")) and iri[1].startswith("https://w3id.org/ecokg/")
    clean(page, server)
    link = page.evaluate("location.href")  # the address keeps the query and its values: a bookmark
    assert link.endswith("/#name=posts&org=%E5%A4%AA%E5%B9%B3%E9%B8%9F")
    again = chromium.open(tmp_path / "blank.html")
    again.events.clear()
    again.navigate(link)
    again.wait_for("document.body.dataset.ready === 'true'")
    shown = again.evaluate(
        "[document.getElementById('examples').selectedOptions[0].textContent,"
        " document.getElementById('param-org').value, document.getElementById('query').value]"
    )
    assert shown[0].endswith("(posts)") and shown[1] == "太平鸟" and "?org rdfs:label ?orgLabel" in shown[2]


@in_browser
def test_the_query_is_highlighted_and_unknown_prefixes_are_marked(
    chromium: Chromium, server: SparqlServer, tmp_path: Path
) -> None:
    page = open_page(chromium, server, tmp_path)
    shown = (
        "['downloads', 'params', 'notice', 'sent-box'].map(id => getComputedStyle(document.getElementById(id)).display)"
    )
    assert page.evaluate(shown) == ["none"] * 4  # nothing to download or bind before a run
    text = 'SELECT ?e WHERE { ?e a eco:Company ; rdfs:label "太平鸟"@zh ; foo:bar 42 } # done'
    set_query(page, text)
    spans = page.evaluate("[...document.querySelectorAll('#highlight span')].map(s => [s.className, s.textContent])")
    kinds: dict[str, list[str]] = {}
    for cls, token in spans:
        kinds.setdefault(cls, []).append(token)
    assert kinds["tok-keyword"] == ["SELECT", "WHERE", "a"]
    assert kinds["tok-var"] == ["?e", "?e"]
    assert kinds["tok-pname"] == ["eco:Company", "rdfs:label"]  # predeclared: not marked
    assert kinds["tok-pname tok-unknown"] == ["foo:bar"]
    assert kinds["tok-string"] == ['"太平鸟"'] and kinds["tok-lang"] == ["@zh"] and kinds["tok-number"] == ["42"]
    assert kinds["tok-comment"] == ["# done"]
    # the coloured copy lies exactly under the text area's text
    same = page.evaluate(
        "(() => { const t = document.getElementById('query'), p = document.getElementById('highlight');"
        " return [p.textContent === t.value + '\\n', Math.abs(p.scrollHeight - t.scrollHeight) <= 2,"
        " getComputedStyle(p).font === getComputedStyle(t).font,"
        " getComputedStyle(p).paddingLeft === getComputedStyle(t).paddingLeft]; })()"
    )
    assert same == [True, True, True, True]
    click(page, "#insert-prefixes")
    value = page.evaluate("document.getElementById('query').value")
    assert value == f"PREFIX eco: <{PREFIXES['eco']}>\nPREFIX rdfs: <{PREFIXES['rdfs']}>\n" + text
    clean(page, server)


@in_browser
def test_downloads_are_the_endpoints_answer(chromium: Chromium, server: SparqlServer, tmp_path: Path) -> None:
    page = open_page(chromium, server, tmp_path)
    choose(page, "entity-relations")  # a default parameter; commas and quotes in the qualifiers
    click(page, "#run")
    wait_done(page)
    sent = page.evaluate("document.getElementById('sent').textContent").rstrip("\n")
    click(page, "#download-csv")
    got = downloaded(tmp_path, "entity-relations.csv")
    status, _, expected = http(server.url, query=sent, headers={"Accept": "text/csv"})
    assert status == 200
    got_rows = list(csv.reader(io.StringIO(got, newline="")))
    assert got_rows == list(csv.reader(io.StringIO(expected.decode(), newline="")))
    assert len(got_rows) > 2 and got.endswith("\r\n") and got_rows[0][:2] == ["direction", "relation"]
    assert any("," in cell or '"' in cell for row in got_rows for cell in row)  # quoting was exercised
    click(page, "#download-json")
    status, _, expected = http(server.url, query=sent, headers={"Accept": "application/sparql-results+json"})
    assert json.loads(downloaded(tmp_path, "entity-relations.json")) == json.loads(expected)
    clean(page, server)


@in_browser
def test_ask_construct_errors_and_the_truncation_note(chromium: Chromium, capped: SparqlServer, tmp_path: Path) -> None:
    page = open_page(chromium, capped, tmp_path)
    set_query(page, "ASK { ekg:taiping_bird rdfs:label ?l }")
    click(page, "#run")
    assert wait_done(page).startswith("ASK")
    assert page.evaluate("document.querySelector('#results .ask').textContent") == "ASK → true"

    set_query(page, "CONSTRUCT { ekg:taiping_bird rdfs:label ?l } WHERE { ekg:taiping_bird rdfs:label ?l }")
    click(page, "#run")
    assert re.match(r"\d+ triples", wait_done(page))
    rows = page.evaluate(
        "[...document.querySelectorAll('#results tbody tr')].map(tr => [...tr.cells].map(td => td.textContent))"
    )
    assert rows and all(r[:2] == ["ekg:taiping_bird", "rdfs:label"] for r in rows)
    assert "太平鸟" in {r[2] for r in rows}
    assert page.evaluate("document.getElementById('download-nt').hidden") is False

    set_query(page, "SELECT ?s WHERE { ?s a eco:Company }")
    click(page, "#run")
    assert wait_done(page).startswith("3 rows")
    notice = page.evaluate(
        "(() => { const n = document.getElementById('notice'); return n.hidden ? '' : n.textContent; })()"
    )
    assert "truncated at 3 rows" in notice

    set_query(page, "SELECT ?s WHERE {\n  ?s a eco:Company .\n  FILTER(?s = }")
    click(page, "#run")
    assert wait_done(page).startswith("400")
    message = page.evaluate("document.querySelector('#results pre.error').textContent")
    assert "syntax error at line 3, column " in message
    before = page.evaluate(
        "(() => { const t = document.getElementById('query'); return t.value.slice(0, t.selectionStart); })()"
    )
    assert before.count("\n") == 2  # the caret is put on the line where the parser stopped

    set_query(page, "SELECT ?s\nFROM <urn:x:y> WHERE { ?s ?p ?o }")
    click(page, "#run")
    assert wait_done(page).startswith("403")
    message = page.evaluate("document.querySelector('#results pre.error').textContent")
    assert "FROM / FROM NAMED is not allowed" in message and "(line 2, column 1)" in message
    selected = page.evaluate(
        "(() => { const t = document.getElementById('query'); return [t.selectionStart, t.selectionEnd]; })()"
    )
    assert selected == [len("SELECT ?s\n"), len("SELECT ?s\nF")]  # the refused keyword is selected

    choose(page, "posts")
    page.evaluate("document.getElementById('param-org').value = '太平鸟鸟'")
    click(page, "#run")
    wait_done(page)
    message = page.evaluate("document.querySelector('#results pre.error').textContent")
    assert "no entity is called '太平鸟鸟'; did you mean:" in message and "太平鸟  (taiping_bird" in message
    page.settle()
    errors = page.console_errors()  # the failed requests (400) are logged by Chromium; nothing else
    assert all(
        re.search(r"status of 40[03] \((Bad Request|Forbidden)\) http://127\.0\.0\.1:\d+/(sparql|bind)$", e)
        for e in errors
    )
    assert all(url.startswith(base_of(capped) + "/") for url in page.requests())


@in_browser
def test_wide_results_scroll_sideways_and_keep_chinese_labels_readable(server: SparqlServer, tmp_path: Path) -> None:
    with Chromium(width=700, height=900) as narrow:
        page = open_page(narrow, server, tmp_path)
        choose(page, "fact-provenance")
        click(page, "#run")
        wait_done(page)
        box = page.evaluate(
            "(() => { const b = document.querySelector('#results .table-box'); return [b.scrollWidth, b.clientWidth]; })()"
        )
        assert box[0] > box[1] * 1.5  # the table scrolls inside its box instead of squeezing columns
        cjk = page.evaluate(
            "[...document.querySelectorAll('#results td .v')].filter(v => /^[\\u4e00-\\u9fff]{4,}$/.test(v.textContent))"
            ".map(v => [v.textContent.length, v.getClientRects().length,"
            " v.getBoundingClientRect().width / parseFloat(getComputedStyle(v).fontSize)])"
        )
        assert len(cjk) > 5
        for length, lines, width_em in cjk:
            assert width_em >= min(length, 12) - 0.5  # short names on one line, long text 12+ characters a line
            assert lines == 1 or length > 16
        clean(page, server)
