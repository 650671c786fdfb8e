"""No entity is isolated unless its sentence links it to nothing, and then a note says so.

The isolated entities are computed from the built graph (graph.isolation): nothing here types a
count or a list of ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CHECKOUT
from rdflib import Dataset

from ecokg.dataset.isolation import isolated_entities
from ecokg.dataset.pipeline import build
from ecokg.namespaces import ECO, ID

MARK = "Isolated:"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build(CHECKOUT.root, shacl=False).dataset


def _notes(ds: Dataset, eid: str) -> list[str]:
    return [str(o) for _s, _p, o, _g in ds.quads((ID[eid], ECO.note, None, None))]


def test_each_isolated_entity_says_why(dataset: Dataset) -> None:
    isolated = isolated_entities(dataset)
    missing = [e for e in isolated if not any(n.startswith(MARK) for n in _notes(dataset, e))]
    assert not missing, f"isolated entities without an '{MARK}' note: {missing}"


def test_no_isolation_note_is_stale(dataset: Dataset) -> None:
    """An entity whose note says it is isolated really is (a note must not outlive a new link)."""
    isolated = set(isolated_entities(dataset))
    noted = {str(s)[len(str(ID)) :] for s, _p, o, _g in dataset.quads((None, ECO.note, None, None))
             if str(o).startswith(MARK)}  # fmt: skip
    assert noted and noted <= isolated, sorted(noted - isolated)


def test_isolated_entities_are_a_small_minority(dataset: Dataset) -> None:
    """The expectations file bounds the share; the manifest reports the same computation."""
    import yaml

    limit = yaml.safe_load((CHECKOUT.root / "data/expectations.yaml").read_text(encoding="utf-8"))["max_isolated_share"]
    entities = {s for s, _p, _o, _g in dataset.quads((None, ECO.mentionedIn, None, None))}
    assert len(isolated_entities(dataset)) / len(entities) <= float(limit)


def test_the_manifest_lists_the_isolated_entities(build_dir: Path, dataset: Dataset) -> None:
    man = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    assert man["isolated"]["ids"] == isolated_entities(dataset)
    assert man["isolated"]["isolated"] == len(man["isolated"]["ids"])


def test_a_stated_relation_links_both_ends() -> None:
    """The definition on a toy graph: a statement links its subject and object, a type alone does not."""
    from rdflib import RDF, URIRef

    ds = Dataset()
    g = ds.graph(URIRef("urn:g"))
    for e in ("a", "b", "c"):
        g.add((ID[e], RDF.type, ECO.Company))
    st = ID["stmt/x/a--cooperatesWith--b"]
    g.add((st, RDF.type, ECO.Statement))
    g.add((st, RDF.subject, ID["a"]))
    g.add((st, RDF.object, ID["b"]))
    assert isolated_entities(ds) == ["c"]
