"""Progress on stderr for the long commands: drawn on a terminal (a pseudo-tty here) or with
``--progress``, never with ``--quiet``, never on stdout; the outputs are the same byte for byte."""

from __future__ import annotations

import csv
import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from ecokg.cli.main import main
from ecokg.network import centrality as C


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, str]:
    assert main(list(args)) == 0
    out = capsys.readouterr()
    return out.out, out.err


def test_analyze_draws_its_stages_and_writes_the_same_files(
    build_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["analyze", "--build", str(build_dir), "-o", str(tmp_path)]
    out_quiet, err_quiet = _run(capsys, *args)
    files = {name: (tmp_path / name).read_bytes() for name in ("centrality.csv", "analysis.trig")}
    out, err = _run(capsys, *args, "--progress")
    assert out == out_quiet  # stdout byte for byte
    assert {name: (tmp_path / name).read_bytes() for name in files} == files
    assert err_quiet == ""  # not a terminal: nothing drawn
    for stage in ("load the build", "project", *C.MEASURES, "communities", "fragmentation", "write"):
        assert stage in err, stage
    rows = list(csv.DictReader(io.StringIO(files["centrality.csv"].decode("utf-8"))))
    cut_points = sum(1 for r in rows if r["articulation_point"] == "true")
    assert cut_points > 0 and f"{cut_points}/{cut_points}" in err  # fragmentation counted every cut point
    _out, err = _run(capsys, *args, "--quiet")
    assert err == ""


@pytest.mark.parametrize(
    "command",
    [
        ["centrality", "--measure", "closeness", "--k", "20", "-f", "csv", "--top", "0"],
        ["communities", "-f", "csv"],
        ["fragility", "--by", "articulation", "-f", "csv"],
        ["bridges", "-f", "csv"],
        ["chain-leaders", "-f", "csv"],
        ["path", "太平鸟", "海曙区", "--format", "json"],
    ],
)
def test_stdout_is_the_same_with_progress(
    command: list[str], build_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*command, "--build", str(build_dir)]
    out_plain, err_plain = _run(capsys, *args)
    out, err = _run(capsys, *args, "--progress")
    assert out == out_plain and out
    assert "project" in err and "project" not in err_plain
    if command[0] == "centrality":  # sampled closeness counts its pivots
        assert "closeness" in err and "it/s" in err


def test_a_terminal_gets_progress_and_stdout_stays_clean(build_dir: Path, tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    piped = tmp_path / "piped.csv"
    base = f"{shlex.quote(sys.executable)} -m ecokg centrality --build {shlex.quote(str(build_dir))} -f csv --top 0"
    env = dict(os.environ)

    def in_tty(extra: str, out: Path) -> str:
        child = pexpect.spawn("/bin/sh", ["-c", f"{base} {extra} > {shlex.quote(str(out))}"], env=env, timeout=240)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0, child.before
        return child.before.decode("utf-8", "replace")

    shown = in_tty("", tmp_path / "tty.csv")  # stderr is the terminal; stdout a file
    assert "project" in shown and "pagerank" in shown
    assert in_tty("--quiet", tmp_path / "quiet.csv").strip() == ""
    r = subprocess.run(f"{base} > {shlex.quote(str(piped))}", shell=True, env=env, capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == ""  # stderr a pipe: nothing drawn
    assert (tmp_path / "tty.csv").read_bytes() == piped.read_bytes() == (tmp_path / "quiet.csv").read_bytes()


@pytest.mark.parametrize("backend", ["networkx", "fast"])
def test_reporting_does_not_change_the_scores(backend: str) -> None:
    G = nx.connected_caveman_graph(6, 8)  # 48 nodes, one component: closeness from k=10 pivots
    G.add_edge(100, 101)  # and a pair, exact
    seen: list[tuple[str, int, int | None]] = []

    def report(stage: str, done: int, total: int | None) -> None:
        seen.append((stage, done, total))

    plain = C.centrality(G, "closeness", k=10, backend=backend)
    assert C.centrality(G, "closeness", k=10, backend=backend, report=report) == plain
    counts = [(d, t) for s, d, t in seen if s == "closeness" and t is not None]
    assert counts[0] == (0, 12) and counts[-1] == (12, 12)  # 10 pivots + the pair's 2
    assert [d for d, _ in counts] == sorted(d for d, _ in counts)
    seen.clear()
    assert C.all_centralities(G, backend=backend, report=report) == C.all_centralities(G, backend=backend)
    assert [s for s, _d, t in seen if t is None] == list(C.MEASURES)  # each measure a stage, in order
