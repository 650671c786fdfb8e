"""Issue 14, first contact: no traceback reaches a user for a taken port, a missing file or `| head`."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CHECKOUT

from ecokg.cli.main import main


def test_a_taken_port_is_one_line(build_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["serve", "--build", str(build_dir), "--port", str(port), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Address already in use" in err and "Traceback" not in err


def test_a_missing_query_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["query", str(tmp_path / "nothing.rq")]) != 0
    err = capsys.readouterr().err
    assert err.startswith("ecokg") and "Traceback" not in err


def test_a_closed_pipe_is_quiet(build_dir: Path) -> None:
    """`ecokg query … | head -1` on ~28,000 rows (megabytes, far more than a pipe holds): the reader
    goes away after one line; no BrokenPipeError traceback."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    proc = subprocess.run(
        f"{sys.executable} -m ecokg query --sparql '{query}' -f csv --max-rows 100000 --build {build_dir} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=CHECKOUT.root,
        timeout=120,
    )
    assert proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr
