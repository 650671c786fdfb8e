"""The fast projection equals ecokg.network.projection.project (nodes, edges, attributes)."""

from __future__ import annotations

import io

import pytest
from rdflib import Dataset

from ecokg.network import projection
from ecokg.network.fast_projection import project_store
from ecokg.scale.synth import write_region


def _same(A, B) -> None:  # noqa: ANN001
    assert set(A.nodes) == set(B.nodes)
    assert set(A.edges) == set(B.edges)
    for e in A.edges:
        assert A.edges[e] == B.edges[e], e
    for n in A.nodes:
        assert A.nodes[n] == B.nodes[n], n


def test_equal_on_the_curated_build(built) -> None:  # noqa: ANN001
    _same(projection.project(built), project_store(built))


@pytest.mark.parametrize("opts", [{"directed": True, "include_people": False, "weight": None}])
def test_equal_on_a_synthetic_region(opts: dict) -> None:
    buf = io.StringIO()
    write_region(buf, 3000, seed=8)
    ds = Dataset(store="Oxigraph", default_union=True)
    ds.parse(data=buf.getvalue(), format="ox-nquads")
    _same(projection.project(ds, **opts), project_store(ds, **opts))
