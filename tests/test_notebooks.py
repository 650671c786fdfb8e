"""The notebooks in notebooks/: stored without outputs, and each runs top to bottom on a fresh kernel.

Each notebook is executed with nbclient (kernel ``python3``, 120 s per cell, working directory
``notebooks/``) against the session's fresh build (``ECOKG_BUILD``), so a failing cell fails the
suite.  Charts must draw their Chinese labels: a "Glyph ... missing from font(s)" warning in
any output fails the test.
"""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from conftest import CHECKOUT

NOTEBOOKS_DIR = CHECKOUT.root / "notebooks"
EXPECTED = (
    "01_tour.ipynb",
    "02_centrality.ipynb",
    "03_programmes_sectors.ipynb",
    "04_figures_over_time.ipynb",
    "05_provenance_audit.ipynb",
)
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))  # every notebook runs, a new one too
CELL_TIMEOUT = 120  # seconds per cell


def _ids(path: Path) -> str:
    return path.stem


def _output_text(output: nbformat.NotebookNode) -> str:
    """Everything a cell output says as text: streams, plain-text data, errors."""
    parts = []
    if "text" in output:
        parts.append(output["text"])
    data = output.get("data", {})
    for mime in ("text/plain", "text/markdown", "text/html"):
        if mime in data:
            parts.append(data[mime] if isinstance(data[mime], str) else "".join(data[mime]))
    if output.get("output_type") == "error":
        parts += [output.get("ename", ""), output.get("evalue", ""), *output.get("traceback", [])]
    return "\n".join(parts)


def test_every_notebook_is_there_and_described() -> None:
    """The five notebooks exist, and notebooks/README.md has a line for every notebook."""
    names = [p.name for p in NOTEBOOKS]
    assert set(EXPECTED) <= set(names), f"missing: {sorted(set(EXPECTED) - set(names))}"
    readme = (NOTEBOOKS_DIR / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert name in readme, f"notebooks/README.md does not describe {name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_is_stored_clean(path: Path) -> None:
    """Stored without outputs, execution counts null; opens with its question, ends with findings."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i} has stored outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"
        assert "attachments" not in cell or not cell["attachments"], f"{path.name} cell {i} has attachments"
    assert nb.cells[0].cell_type == "markdown", f"{path.name} should open with its question (markdown)"
    assert nb.cells[-1].cell_type == "markdown", f"{path.name} should end with what was found (markdown)"
    assert any(c.cell_type == "code" for c in nb.cells)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_runs(path: Path, build_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Top to bottom on a fresh kernel, against the session build; no error, no missing glyph."""
    from nbclient import NotebookClient

    monkeypatch.setenv("ECOKG_BUILD", str(build_dir))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    )
    t0 = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - t0

    texts = [_output_text(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    everything = "\n".join(texts)
    assert "missing from font" not in everything, f"{path.name}: a chart label could not be drawn (CJK font)"
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    charts = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert charts or path.name not in EXPECTED, f"{path.name} drew no chart"
    # Speed is reported, not asserted (speed targets live in bench/); pytest --durations shows it.
    print(f"{path.name}: {elapsed:.1f} s")
