"""Issue 17 and 14: a failed, interrupted or killed registry import changes nothing; bad bytes,
clashing column names and honest progress."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

import ecokg
from bench.registry import measure
from ecokg.cli.main import main
from ecokg.inputs.errors import InputErrors
from ecokg.scale.registry_import import import_into_directory, import_registry
from ecokg.scale.registry_mapping import DEFAULT_MAPPING, Mapping, validate_file
from ecokg.scale.registry_rows import write_sample_csv

FIXTURE = Path(__file__).parent / "fixtures" / "company-registry.csv"
ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2024, 6, 30)


def _quads(db: Path) -> set[str]:
    return {str(q) for q in ox.Store(str(db))}


def _bad_copy(tmp_path: Path) -> Path:
    bad = tmp_path / "bad.csv"
    bad.write_text(FIXTURE.read_text(encoding="utf-8").replace("2016-03-15", "2016-13-15"), encoding="utf-8")
    return bad


def test_validation_failure_changes_neither_store_nor_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db"
    import_into_directory(FIXTURE, db, Mapping.load(), as_of=AS_OF)
    before = _quads(db)
    base = tmp_path / "base.nq"
    base.write_text('<http://example.org/a> <http://example.org/b> "base" <http://example.org/g> .\n', encoding="utf-8")
    out = tmp_path / "reg.nq"
    out.write_text("earlier output\n", encoding="utf-8")
    args = ["import-registry", str(_bad_copy(tmp_path)), "--db", str(db), "--base", str(base), "-o", str(out)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "bad.csv:2:" in err and "nothing was imported" in err
    assert _quads(db) == before  # --base was not loaded either
    assert out.read_text(encoding="utf-8") == "earlier output\n"  # not truncated
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "base.nq", "db", "reg.nq"]
    fresh = tmp_path / "fresh.nq"
    assert main(["import-registry", str(_bad_copy(tmp_path)), "-o", str(fresh)]) == 1
    assert not fresh.exists()


def test_base_and_rows_arrive_together(tmp_path: Path) -> None:
    db, base = tmp_path / "db", tmp_path / "base.nq"
    base.write_text('<http://example.org/a> <http://example.org/b> "base" <http://example.org/g> .\n', encoding="utf-8")
    out = tmp_path / "reg.nq"
    stats, removed = import_into_directory(FIXTURE, db, Mapping.load(), base=base, output=out, as_of=AS_OF)
    assert removed == []
    assert len(_quads(db)) == stats.quads + 1
    assert out.read_text(encoding="utf-8").count("\n") == stats.quads


def test_gbk_file_is_reported_by_line_and_reads_when_declared(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(FIXTURE.read_text(encoding="utf-8").encode("gbk"))
    n, errors = validate_file(gbk, Mapping.load())
    assert {e.line for e in errors} == set(range(2, 14))  # every data row has Chinese text; the header none
    assert all(e.file.endswith("gbk.csv") and "not utf-8-sig" in e.message and "gbk" in e.message for e in errors)
    with pytest.raises(InputErrors):
        import_registry(gbk, ox.Store(), as_of=AS_OF)
    declared = tmp_path / "gbk-mapping.yaml"
    declared.write_text(DEFAULT_MAPPING.read_text(encoding="utf-8").replace("utf-8-sig", "gbk"), encoding="utf-8")
    assert validate_file(gbk, Mapping.load(declared)) == (12, [])
    store = ox.Store()
    assert import_registry(gbk, store, Mapping.load(declared), as_of=AS_OF).rows == 12
    text = {s["t"].value for s in store.query("SELECT ?t WHERE { GRAPH ?g { ?s <https://w3id.org/ecokg/ontology#text> ?t } }")}  # fmt: skip
    assert FIXTURE.read_text(encoding="utf-8").splitlines()[1] in text


def test_repeated_or_empty_column_names(tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    dup = tmp_path / "dup.csv"
    dup.write_text("\n".join([lines[0] + ",district,", *(ln + ",x,y" for ln in lines[1:])]) + "\n", encoding="utf-8")
    n, errors = validate_file(dup, Mapping.load())
    assert [(e.line, e.message) for e in errors] == [
        (1, "column name is empty (field 10)"),
        (1, "column name repeats: district (fields 3 and 9)"),
    ]
    assert n == 0


def test_a_column_named_hash(tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    p = tmp_path / "hash.csv"
    p.write_text("\n".join([lines[0] + ",hash", *(ln + ",abc" for ln in lines[1:])]) + "\n", encoding="utf-8")
    store = ox.Store()
    assert import_registry(p, store, as_of=AS_OF).rows == 12
    park = ox.NamedNode("https://w3id.org/ecokg/id/reg_park_" + hashlib.sha1("望春工业园区".encode()).hexdigest()[:10])
    assert list(store.quads_for_pattern(park, None, None))
    clash = tmp_path / "clash.yaml"
    clash.write_text(DEFAULT_MAPPING.read_text(encoding="utf-8").replace("  name: {required: true}", "  hash: {}\n  name: {required: true}"), encoding="utf-8")  # fmt: skip
    with pytest.raises(ValueError, match="'hash' is reserved"):
        Mapping.load(clash)


def test_progress_reaches_100_only_with_the_last_row(capsys: pytest.CaptureFixture[str]) -> None:
    import_registry(FIXTURE, ox.Store(), as_of=AS_OF, batch_rows=2, progress=True)
    states = [s for s in capsys.readouterr().err.replace("\r", "\n").splitlines() if "rows" in s]
    assert states and "12/12" in states[-1] and "100%" in states[-1]
    assert all(("100%" in s) == ("12/12" in s) for s in states)


def _env() -> dict[str, str]:
    graph = str(Path(ecokg.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([graph, str(ROOT)])}


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_import_leaves_the_store_as_it_was(
    tmp_path: Path, sig: signal.Signals, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db"
    import_into_directory(FIXTURE, db, Mapping.load(), as_of=AS_OF)
    before = _quads(db)
    big = write_sample_csv(tmp_path / "big.csv", 60_000)
    cmd = [sys.executable, "-m", "ecokg", "import-registry", str(big), "--db", str(db), "--batch", "500"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    staging = tmp_path / f".db.import-{proc.pid}"
    deadline = time.monotonic() + 120
    while not staging.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(1.0)  # rows are going into the staged store
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=120)
    assert _quads(db) == before
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and "interrupted; nothing was imported" in err
        assert not staging.exists()
    else:
        assert proc.returncode == -signal.SIGKILL and staging.exists()
        small = tmp_path / "small.nq"
        assert main(["import-registry", str(FIXTURE), "--as-of", "2024-06-30", "--db", str(db), "-o", str(small)]) == 0
        assert not staging.exists()
        assert f"removed {staging}, left by an import that was killed" in capsys.readouterr().err


def test_registry_benchmark_measures_a_small_registry(tmp_path: Path) -> None:
    figures = measure(300, tmp_path)
    in_process = import_registry(write_sample_csv(tmp_path / "same.csv", 300), None, as_of=AS_OF)
    assert figures["rows"] == 300 and figures["quads"] == in_process.quads
    assert abs(figures["rows_per_s_cpu"] * figures["cpu_s"] - 300) < 15  # cpu_s is rounded to 0.01 s


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1"):
        out = tmp_path / f"seed{seed}.nq"
        cmd = [sys.executable, "-m", "ecokg", "import-registry", str(FIXTURE), "--as-of", "2024-06-30", "-o", str(out)]
        subprocess.run(cmd, cwd=ROOT, env={**_env(), "PYTHONHASHSEED": seed}, check=True, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") > 500


def test_unreadable_inputs_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-registry", str(tmp_path / "missing.csv")]) == 1
    assert "missing.csv" in capsys.readouterr().err
    db = tmp_path / "db"
    import_into_directory(FIXTURE, db, Mapping.load(), as_of=AS_OF)
    before = _quads(db)
    held = ox.Store(str(db))  # another process or this one holds the store open: RocksDB's lock
    assert main(["import-registry", str(FIXTURE), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err and "Traceback" not in err
    del held
    assert _quads(db) == before and sorted(p.name for p in tmp_path.iterdir()) == ["db"]
