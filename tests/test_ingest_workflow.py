"""ecokg ingest -> accept -> build -> query on a scratch copy of the project, and every kind of bad input.

The end-to-end case keeps one curated article out (its facts file and registry entry removed from
the copy) and ingests its text as a new article; the short article in tests/fixtures/ingest/ is
new text in the corpus style.  Nothing here writes into the checkout's data/.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import yaml
from conftest import CHECKOUT

from ecokg.cli.main import main
from ecokg.dataset.pipeline import load_inputs

FIXTURE = Path(__file__).parent / "fixtures" / "ingest" / "haishu-smart-factory-2024.txt"
HELD_OUT = "2022-04-ningbo-smart-manufacturing-conference"


def hold_out(root: Path, sid: str) -> Path:
    """Remove one curated article (text, registry entry, facts) from a project copy; return its text."""
    text = root / "data" / "sources" / f"{sid}.txt"
    kept = root.parent / f"{sid}.txt"
    shutil.move(text, kept)
    (root / "data" / "facts" / f"{sid}.yaml").unlink()
    reg = root / "data" / "sources" / "sources.yaml"
    s = reg.read_text(encoding="utf-8")
    i = s.index(f"  - id: {sid}\n")
    j = s.find("\n  - id:", i + 1)
    reg.write_text(s[:i] + (s[j + 1 :] if j >= 0 else ""), encoding="utf-8")
    # the code-list mappings, speakers and quality expectations describe the curated five articles
    # (their sectors, passages and counts): a workspace without the held-out one starts without them
    shutil.rmtree(root / "data" / "reference")
    for name in ("attribution.yaml", "expectations.yaml"):
        (root / "data" / name).unlink()
    return kept


def digest(root: Path) -> str:
    """A hash of everything curated (sources, facts, registry)."""
    h = hashlib.sha256()
    for p in sorted((root / "data").rglob("*")):
        if p.is_file() and "candidates" not in p.parts:
            h.update(str(p.relative_to(root)).encode() + p.read_bytes())
    return h.hexdigest()


def run(root: Path, *args: str) -> int:
    return main(["--project", str(root), *args])


def accept_all(path: Path) -> None:
    """What a reviewer does by editing the YAML: accept every candidate."""
    path.write_text(
        path.read_text(encoding="utf-8").replace('decision: "pending"', 'decision: "accepted"'), encoding="utf-8"
    )


@pytest.mark.slow
def test_held_out_article_goes_through_ingest_accept_build_query(project_copy: Path, tmp_path: Path, capsys) -> None:
    article = hold_out(project_copy, HELD_OUT)
    sid = "conference-reingested"
    assert run(project_copy, "ingest", str(article), "--id", sid, "--date", "2022-04-21", "--area", "ningbo") == 0
    cand_path = project_copy / "data" / "candidates" / f"{sid}.yaml"
    cand = yaml.safe_load(cand_path.read_text(encoding="utf-8"))
    ents = {e["id"]: e for e in cand["entities"]}
    # known entities are linked to their curated ids, with the alias that matched
    assert ents["ningbo"]["link"]["id"] == "ningbo"
    assert ents["youngor"]["link"] == {"id": "youngor", "alias": ents["youngor"]["link"]["alias"]}
    assert all(e["method"] and e["confidence"] for e in cand["entities"])
    text = article.read_text(encoding="utf-8")
    flat = "".join(text.split())
    for sec in ("entities", "relations", "posts", "figures"):
        for item in cand[sec]:
            assert "".join(item["quote"].split()) in flat
    # a target is never a result: every figure of 今年's plan sentence is a target
    assert any(f["status"] == "target" for f in cand["figures"])

    accept_all(cand_path)
    assert run(project_copy, "accept", sid) == 0
    facts = load_inputs(project_copy)
    assert sid in facts.sources and facts.sources[sid].date.iso() == "2022-04-21"
    out = tmp_path / "build"
    assert run(project_copy, "build", "--output", str(out)) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"][sid]["entities"] == len(cand["entities"])

    from ecokg.query.store import open_dataset

    ds = open_dataset(out / "ecosystem.trig")
    graph = f"<https://w3id.org/ecokg/graph/source/{sid}>"
    counts = {
        str(row[0]).rsplit("#", 1)[-1]: (int(row[1]), int(row[2]))
        for row in ds.query(
            f"SELECT ?c (COUNT(DISTINCT ?x) AS ?n) (COUNT(DISTINCT ?t) AS ?m) WHERE {{ GRAPH {graph} {{ ?x a ?c . "
            "FILTER(?c IN (eco:Statement, eco:Post, eco:Observation)) ?x prov:wasDerivedFrom ?s } ?s eco:text ?t } "
            "GROUP BY ?c"
        )
    }
    assert counts["Statement"][0] == len(cand["relations"]) > 0
    assert counts["Post"][0] == len(cand["posts"]) > 0
    assert counts["Observation"][0] == len(cand["figures"]) > 0
    # every accepted fact carries its sentence, and that sentence is in the article
    missing = list(
        ds.query(
            f"SELECT ?x WHERE {{ GRAPH {graph} {{ ?x a ?c . FILTER(?c IN (eco:Statement, eco:Post, eco:Observation)) }} "
            f"FILTER NOT EXISTS {{ GRAPH {graph} {{ ?x prov:wasDerivedFrom ?s }} ?s eco:text ?t }} }}"
        )
    )
    assert missing == []
    texts = [
        str(r[0])
        for r in ds.query(
            f"SELECT DISTINCT ?t WHERE {{ GRAPH {graph} {{ ?x prov:wasDerivedFrom ?s }} ?s eco:text ?t }}"
        )
    ]
    assert texts and all("".join(t.split()) in flat for t in texts)


@pytest.mark.slow
def test_new_article_ingest_is_idempotent_and_infers_its_date(project_copy: Path, capsys) -> None:
    sid = "haishu-smart-factory-2024"
    assert run(project_copy, "ingest", str(FIXTURE), "--id", sid, "--area", "haishu") == 0
    facts = load_inputs(project_copy)
    src = facts.sources[sid]
    assert src.date.iso() == "2024" and "inferred by ecokg ingest" in src.date_inference
    assert src.reporters == ("王晓明", "李婷")
    assert (project_copy / "data" / "sources" / f"{sid}.txt").read_bytes() == FIXTURE.read_bytes()
    cand_path = project_copy / "data" / "candidates" / f"{sid}.yaml"
    cand = yaml.safe_load(cand_path.read_text(encoding="utf-8"))
    ents = {e["id"]: e for e in cand["entities"]}
    # one organisation under several names; homonyms kept apart
    assert ents["taiping_bird"]["link"]["alias"] in ("太平鸟", "太平鸟集团有限公司")
    assert "zhenhai_refining" in ents and "zhenhai" not in ents
    assert "ningbo_industrial_internet_institute" in ents  # printed 宁波工 / 业互联网研究院
    rels = {(r["s"], r["p"], r["o"]) for r in cand["relations"]}
    assert ("ningbo_industrial_internet_institute", "broughtInBy", "haishu") in rels
    assert ("ningbo_industrial_internet_institute", "locatedIn", "wangchun_industrial_park") in rels
    dated = {(r["s"], r["p"], r["o"]): r.get("date") for r in cand["relations"]}
    assert dated[("ningbo_industrial_internet_institute", "cooperatesWith", "supcon_bluetron")] == "去年6月"
    posts = {(p["person"], p["title"], p["org"]) for p in cand["posts"]}
    assert ("zhang_jiangping", "董事长", "taiping_bird") in posts
    figs = {(f["value"], f["unit"], f["multiplier"], f["status"], f["year"]) for f in cand["figures"]}
    assert ("63.92", "CNY", "1e8", "actual", "2023") in figs
    assert ("7.8", "percent", "1", "actual", "去年") in figs
    assert ("200", "CNY", "1e8", "target", "2026") in figs
    assert ("1370", "trips", "1e4", "forecast", "2026") in figs

    before = (cand_path.read_bytes(), digest(project_copy))
    # re-run in another process with another hash seed: nothing changes
    import os
    import subprocess
    import sys

    env = dict(
        os.environ,
        PYTHONHASHSEED="12345",
        PYTHONPATH=os.pathsep.join([str(CHECKOUT.root / "graph"), str(CHECKOUT.root)]),
    )
    cmd = [
        sys.executable,
        "-m",
        "ecokg",
        "--project",
        str(project_copy),
        "ingest",
        str(FIXTURE),
        "--id",
        sid,
        "--area",
        "haishu",
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "(unchanged)" in done.stdout
    assert (cand_path.read_bytes(), digest(project_copy)) == before


def _error(root: Path, capsys, *args: str) -> str:
    assert run(root, *args) == 1
    return capsys.readouterr().err


def test_bad_input_names_the_file_and_changes_nothing(project_copy: Path, tmp_path: Path, capsys) -> None:
    before = digest(project_copy)
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("海曙\n".encode() + b"caf\xe9\n")
    assert f"{bad}:2: not UTF-8 (byte 0xe9)" in _error(project_copy, capsys, "ingest", str(bad), "--id", "x-1")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert f"{empty}:1: the article is empty" in _error(project_copy, capsys, "ingest", str(empty), "--id", "x-2")
    err = _error(project_copy, capsys, "ingest", str(FIXTURE), "--id", "x-3", "--area", "haishuu")
    assert "--area:1: unknown entity 'haishuu' (did you mean 'haishu'?)" in err
    err = _error(project_copy, capsys, "ingest", str(FIXTURE), "--id", "2019-05-haishu-246-clusters")
    assert "data/sources/sources.yaml:" in err and "exists with another text" in err
    err = _error(project_copy, capsys, "ingest", str(FIXTURE), "--id", "Bad_Id")
    assert "must be lowercase" in err
    err = _error(project_copy, capsys, "accept", "never-ingested")
    assert "data/candidates/never-ingested.yaml:1: no candidates file" in err
    assert digest(project_copy) == before


@pytest.mark.slow
def test_edited_candidates_and_accept_never_overwrites(project_copy: Path, capsys) -> None:
    sid = "haishu-smart-factory-2024"
    assert run(project_copy, "ingest", str(FIXTURE), "--id", sid, "--area", "haishu") == 0
    cand_path = project_copy / "data" / "candidates" / f"{sid}.yaml"
    good = cand_path.read_text(encoding="utf-8")
    # a reviewer's edit that broke the YAML
    lines = good.splitlines(keepends=True)
    lines[7] = lines[7].rstrip("\n") + ' "oops\n'
    cand_path.write_text("".join(lines), encoding="utf-8")
    before = digest(project_copy)
    err = _error(project_copy, capsys, "accept", sid)
    assert f"data/candidates/{sid}.yaml:8: YAML syntax" in err
    # a decision that is not one
    cand_path.write_text(good.replace('decision: "pending"', 'decision: "maybe"', 1), encoding="utf-8")
    assert f"data/candidates/{sid}.yaml:" in _error(project_copy, capsys, "accept", sid)
    # an accepted figure whose edited value is not a number: told at the candidate, nothing written
    doc = good.replace('decision: "pending"', 'decision: "accepted"').replace('value: "63.92"', 'value: "六十"')
    cand_path.write_text(doc, encoding="utf-8")
    line = doc.splitlines().index('  value: "六十"')
    err = _error(project_copy, capsys, "accept", sid)
    assert f"data/candidates/{sid}.yaml:" in err and "value '六十' is not a number" in err
    assert any(f"data/candidates/{sid}.yaml:{n}:" in err for n in range(line - 12, line + 1))
    assert digest(project_copy) == before
    # accepted once; a second accept never overwrites the curated file
    cand_path.write_text(good.replace('decision: "pending"', 'decision: "accepted"'), encoding="utf-8")
    assert run(project_copy, "accept", sid) == 0
    curated = (project_copy / "data" / "facts" / f"{sid}.yaml").read_bytes()
    err = _error(project_copy, capsys, "accept", sid)
    assert f"data/facts/{sid}.yaml:1: exists: accept never overwrites curated facts" in err
    assert (project_copy / "data" / "facts" / f"{sid}.yaml").read_bytes() == curated


class _FakeLLM(BaseHTTPRequestHandler):
    """An OpenAI-compatible chat endpoint with a canned answer: one verbatim quote, one invented."""

    answer = {
        "entities": [
            {"label": "智能产线", "type": "Product", "quote": "我们要把每一条产线都变成智能产线。"},
            {"label": "虚构公司", "type": "Company", "quote": "虚构公司在海曙成立了总部。"},
        ],
        "relations": [],
    }
    seen: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeLLM.seen.append(body)
        content = "好的：\n" + json.dumps(self.answer, ensure_ascii=False)
        reply = {"choices": [{"message": {"role": "assistant", "content": content}}]}
        data = json.dumps(reply, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.mark.slow
@pytest.mark.server
def test_llm_candidates_are_kept_only_with_a_verbatim_quote(project_copy: Path, capsys) -> None:
    server = HTTPServer(("127.0.0.1", 0), _FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        sid = "haishu-smart-factory-2024"
        assert run(project_copy, "ingest", str(FIXTURE), "--id", sid, "--area", "haishu", "--llm", url) == 0
    finally:
        server.shutdown()
        server.server_close()
    assert _FakeLLM.seen and "智能工厂跑出转型加速度" in _FakeLLM.seen[-1]["messages"][0]["content"]
    out = capsys.readouterr().out
    assert "1 candidate(s) dropped: their quote is not in the text" in out
    cand = yaml.safe_load((project_copy / "data" / "candidates" / f"{sid}.yaml").read_text(encoding="utf-8"))
    llm = [e for e in cand["entities"] if e["method"] == "llm"]
    assert [e["label"] for e in llm] == ["智能产线"]


def test_checkout_data_is_untouched_by_the_tests() -> None:
    assert not (CHECKOUT.root / "data" / "candidates").exists()
