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
    default = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(store) == stats.quads == stats.triples + default  # no duplicate lines
    assert stats.companies > 100 and stats.people > 0 and stats.observations > 0


@pytest.mark.parametrize(("size", "seed"), [(10_000, 1), (40_000, 4)])
def test_the_default_graph_holds_every_named_triple_once(size: int, seed: int) -> None:
    """As in the build (ecokg.dataset.asserted): the default graph is the distinct union of the named
    graphs, written once, although reporters and corroborated relations are in several article graphs."""
    text, _stats = _region(size, seed)
    named: Counter[ox.Triple] = Counter()
    default: Counter[ox.Triple] = Counter()
    for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        (default if isinstance(q.graph_name, ox.DefaultGraph) else named)[q.triple] += 1
    assert max(named.values()) > 1  # some facts are stated by two articles ...
    assert set(default) == set(named) and set(default.values()) == {1}  # ... and asserted once


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


def test_every_named_query_returns_rows() -> None:
    """The bench's binding of every query in queries/ (and the reference set) finds rows in a 20k region."""
    from conftest import CHECKOUT

    from bench.run import library_queries
    from ecokg.query.library import load_queries

    text, _stats = _region(20_000, 0)
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    queries = library_queries(0)
    named = {n for n in load_queries(CHECKOUT.queries_dir) if not n.startswith("projection-")}
    assert named <= set(queries) and len(named) >= 30
    empty = [name for name, q in queries.items() if not list(store.query(q))]
    assert not empty, empty


def test_region_has_the_curated_structures() -> None:
    """Corroborated facts sit in two article graphs; speakers, bylines and GB/T mappings are there."""
    text, stats = _region(20_000, 4)
    store = ox.Store()
    store.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    ask = lambda q: store.query("PREFIX eco: <https://w3id.org/ecokg/ontology#> " + q)  # noqa: E731
    twice = list(
        ask(
            "SELECT ?s ?o (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s eco:locatedIn ?o } "
            "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/ecokg/graph/source/')) } GROUP BY ?s ?o HAVING (COUNT(DISTINCT ?g) > 1)"
        )
    )
    assert len(twice) == stats.classes["Corroborated"] > 0
    assert stats.articles > 2
    bylines = list(ask("SELECT ?a WHERE { ?a eco:byline ?b . ?b eco:contributor ?p }"))
    assert len(bylines) == stats.articles
    spoken = list(ask("SELECT ?f WHERE { ?f eco:statedBy ?p ; eco:speakerPost ?post . ?post eco:holder ?p }"))
    assert len(spoken) == stats.people


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    outs = []
    for hs in ("1", "2"):
        out = tmp_path / f"r{hs}.nq"
        env = dict(os.environ, PYTHONHASHSEED=hs)
        subprocess.run([sys.executable, "-m", "ecokg", "synth", "--size", "6k", "--seed", "3", "-o", str(out)],
                       check=True, env=env, capture_output=True)  # fmt: skip
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
