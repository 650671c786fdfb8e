"""The synthetic region generator: deterministic, sized, streamed, SHACL-valid, power-law."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Dataset, Graph

from ecokg.cli.main import main
from ecokg.inputs.ontology import SHAPES_FILE
from ecokg.scale.synth import Plan, synth_to_file, write_region

ECO = "https://w3id.org/ecokg/ontology#"


def _region(size: int, seed: int, ontology: bool = True) -> tuple[str, object]:
    buf = io.StringIO()
    stats = write_region(buf, size, seed, ontology)
    return buf.getvalue(), stats


def test_same_seed_same_bytes_other_seed_differs() -> None:
    a, _ = _region(8000, 5)
    b, _ = _region(8000, 5)
    c, _ = _region(8000, 6)
    assert a == b
    assert a != c


@pytest.mark.parametrize("size", [10_000, 40_000])
def test_size_is_reached_and_every_quad_is_distinct(size: int) -> None:
    text, stats = _region(size, 1)
    assert size <= stats.triples < size * 1.05
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert len(store) == stats.triples  # no duplicate lines
    assert stats.companies > 100 and stats.people > 0 and stats.observations > 0


def test_region_is_shacl_valid() -> None:
    text, stats = _region(6000, 3)
    ds = Dataset()
    ds.parse(data=text, format="nquads")
    g = Graph()
    for s, p, o, _c in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    conforms, _report, report_text = validate(
        g, shacl_graph=Graph().parse(SHAPES_FILE), inference="none", advanced=True
    )
    assert conforms, report_text[:2000]
    # the named-graph layout of the curated build
    graphs = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert "https://w3id.org/ecokg/graph/ontology" in graphs and "https://w3id.org/ecokg/graph/sources" in graphs
    assert any(gr.startswith("https://w3id.org/ecokg/graph/source/syn3-a") for gr in graphs)


def test_partnerships_are_heavy_tailed() -> None:
    text, _ = _region(60_000, 2, ontology=False)
    deg: Counter[str] = Counter()
    for line in text.splitlines():
        parts = line.split(" ")
        if parts[1] == f"<{ECO}cooperatesWith>":
            deg[parts[0]] += 1
    degrees = sorted(deg.values())
    median = degrees[len(degrees) // 2]
    assert degrees[-1] >= 20 * median  # hubs: far above the typical firm


def test_plan_scales_with_size() -> None:
    small, big = Plan.for_size(10_000), Plan.for_size(10_000_000)
    assert big.companies > 500 * small.companies // 1
    assert big.districts > small.districts and big.parks > small.parks


def test_trig_and_gzip_outputs_hold_the_same_quads(tmp_path: Path) -> None:
    s1 = synth_to_file(tmp_path / "r.nq", 5000, seed=4)
    s2 = synth_to_file(tmp_path / "r.trig.gz", 5000, seed=4)
    assert s1.triples == s2.triples
    a = ox.Store()
    a.bulk_load(path=str(tmp_path / "r.nq"), format=ox.RdfFormat.N_QUADS)
    import gzip

    b = ox.Store()
    b.load(gzip.decompress((tmp_path / "r.trig.gz").read_bytes()), format=ox.RdfFormat.TRIG)
    assert set(a) == set(b)
    assert not list(tmp_path.glob("*.part"))


def test_cli_synth(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "region.nq"
    assert main(["synth", "--size", "4k", "--seed", "9", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "quads" in err and out.is_file()
    assert out.read_text(encoding="utf-8").count("\n") >= 4000
