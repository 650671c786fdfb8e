"""ecokg review driven in a pseudo-terminal (pexpect): accept, reject, edit, link, quit, resume, summary;
then accept -> build -> query for the new article."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
import yaml
from conftest import CHECKOUT

from ecokg.cli.main import main

pexpect = pytest.importorskip("pexpect")

FIXTURE = Path(__file__).parent / "fixtures" / "ingest" / "haishu-smart-factory-2024.txt"
SID = "haishu-smart-factory-2024"
PROMPT = r"\[a\]ccept \[r\]eject \[e\]dit \[l\]ink \[s\]kip \[q\]uit > "


def _spawn(root: Path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(CHECKOUT.root / "graph"), str(CHECKOUT.root)]))
    return pexpect.spawn(
        sys.executable, ["-m", "ecokg", "--project", str(root), "review", SID], env=env, encoding="utf-8", timeout=120
    )


def _candidates(root: Path) -> dict:
    return yaml.safe_load((root / "data" / "candidates" / f"{SID}.yaml").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_review_in_a_terminal_then_accept_build_query(project_copy: Path, tmp_path: Path) -> None:
    assert main(["--project", str(project_copy), "ingest", str(FIXTURE), "--id", SID, "--area", "haishu"]) == 0
    first = _candidates(project_copy)
    total = sum(len(first[s]) for s in ("entities", "relations", "posts", "figures"))

    child = _spawn(project_copy)
    child.expect(f"{SID}: {total} candidate\\(s\\) to review \\(0 already decided\\)")
    # 1: the first byline name -- the mention is highlighted in its sentence (reverse video on a terminal)
    child.expect(r"\[1/\d+\] entity 王晓明 \[Person\]")
    child.expect("\x1b\\[7m王晓明\x1b\\[0m")
    child.expect(PROMPT)
    child.sendline("e")
    child.expect("field=value > ")
    child.sendline("en=Wang Xiaoming")
    child.expect("field=value > ")
    child.sendline("")
    # 2: rejected
    child.expect(PROMPT)
    child.sendline("r")
    # 3: the headline tagged as an entity is linked to an existing id instead (the district)
    child.expect(PROMPT)
    child.sendline("l")
    child.expect("link to id > ")
    child.sendline("no_such_id")
    child.expect("no curated entity 'no_such_id'")
    child.expect(PROMPT)
    child.sendline("l")
    child.expect("link to id > ")
    child.sendline("haishu")
    child.expect(PROMPT)
    child.sendline("q")
    child.expect("review stopped; run it again to resume")
    child.expect(pexpect.EOF)
    mid = _candidates(project_copy)
    e = mid["entities"]
    assert (e[0]["decision"], e[0]["en"]) == ("accepted", "Wang Xiaoming")
    assert e[1]["decision"] == "rejected"
    assert (e[2]["decision"], e[2]["id"], e[2]["link"]["id"]) == ("accepted", "haishu", "haishu")
    assert all(x["decision"] == "pending" for x in e[3:])

    # resume: the three decisions are kept; accept everything else
    child = _spawn(project_copy)
    child.expect(f"{total - 3} candidate\\(s\\) to review \\(3 already decided\\)")
    for _ in range(total - 3):
        child.expect(PROMPT)
        child.sendline("a")
    child.expect("review done:")
    child.expect(r"entities: (\d+) pending, (\d+) accepted, (\d+) rejected")
    assert child.match.groups() == ("0", str(len(first["entities"]) - 1), "1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    assert main(["--project", str(project_copy), "accept", SID]) == 0
    facts = yaml.safe_load((project_copy / "data" / "facts" / f"{SID}.yaml").read_text(encoding="utf-8"))
    assert facts["source"] == SID
    ids = [x["id"] for x in facts["entities"]]
    assert first["entities"][1]["id"] not in ids  # the rejected one
    wang = next(x for x in facts["entities"] if x.get("en") == "Wang Xiaoming")
    assert wang["type"] == "Person" and wang["label"] == "王晓明"
    from ecokg.dataset.pipeline import load_inputs

    # 去年6月, printed in the sentence, resolved against the article's inferred date (2024)
    coop = next(r for r in load_inputs(project_copy).relations if r.source == SID and r.p == "cooperatesWith")
    assert (coop.s, coop.o, coop.qualifiers["date"].iso()) == (
        "ningbo_industrial_internet_institute",
        "supcon_bluetron",
        "2023-06",
    )
    out = tmp_path / "build"
    assert main(["--project", str(project_copy), "build", "--output", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sources"][SID]["relations"] == len(facts["relations"]) > 0
    from ecokg.query.store import open_dataset

    ds = open_dataset(out / "ecosystem.trig")
    rows = ds.query(
        f"SELECT ?t WHERE {{ GRAPH <https://w3id.org/ecokg/graph/source/{SID}> {{ ?st rdf:subject "
        "ekg:ningbo_industrial_internet_institute ; rdf:predicate eco:broughtInBy ; rdf:object ekg:haishu ; "
        "prov:wasDerivedFrom ?s } ?s eco:text ?t }"
    )
    texts = [str(r[0]) for r in rows]
    assert texts and "海曙已相继引进宁波工" in texts[0].replace(" ", "")
