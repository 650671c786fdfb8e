"""The fast build paths produce exactly what the rdflib-based ones did.

* :mod:`ecokg.io.turtle_writer` / :mod:`ecokg.io.jsonld_writer` against rdflib's serializers
  (the previous ``ecokg.io.writer`` code, kept here as the reference), on the real dataset and
  on a dataset of awkward terms;
* the libyaml composer against PyYAML's pure-Python one;
* ``ecokg build`` not importing the heavy modules it does not need.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import rdflib
import yaml
from conftest import CHECKOUT
from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef

from ecokg.dataset.build import bind_prefixes, build_dataset
from ecokg.dataset.namespaces import ECO, GRAPH, ID, PREFIXES, SOURCE
from ecokg.dataset.ontology import load_ontology
from ecokg.dataset.pipeline import load_inputs
from ecokg.inputs.yamlio import _convert
from ecokg.io.turtle_writer import TurtleWriter, Unsupported
from ecokg.io.writer import _canonical_jsonld, serialize_all


def _reference_trig(ds: Dataset) -> str:
    head = "".join(f"@prefix {k}: <{v}> .\n" for k, v in sorted(PREFIXES.items()))
    blocks = [head]
    for ctx in sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier)):
        g = Graph()
        bind_prefixes(g)
        for t in ctx:
            g.add(t)
        body = g.serialize(format="turtle")
        lines = [ln for ln in body.splitlines() if not ln.startswith("@prefix")]
        text = "\n".join(("    " + ln) if ln else "" for ln in lines).strip("\n")
        blocks.append(f"<{ctx.identifier}> {{\n{text}\n}}\n")
    return "\n".join(blocks)


def reference_serialize_all(ds: Dataset) -> dict[str, bytes]:
    """``ecokg.io.writer.serialize_all`` as it was, serialising through rdflib."""
    union = Graph()
    bind_prefixes(union)
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    trig = _reference_trig(ds).encode("utf-8")
    ttl = union.serialize(format="turtle").encode("utf-8")
    context = {k: v for k, v in PREFIXES.items() if k != "sh"}
    raw = ds.serialize(format="json-ld", context=context, auto_compact=True)
    jsonld = json.dumps(_canonical_jsonld(json.loads(raw)), ensure_ascii=False, indent=1, sort_keys=True)
    return {"ecosystem.trig": trig, "ecosystem.ttl": ttl, "ecosystem.jsonld": (jsonld + "\n").encode("utf-8")}


@pytest.fixture(scope="module")
def real() -> Dataset:
    return build_dataset(load_inputs(CHECKOUT.root), load_ontology())


def test_real_dataset_serialises_as_before(real: Dataset) -> None:
    fast, ref = serialize_all(real), reference_serialize_all(real)
    for name in ref:
        assert fast[name] == ref[name], name


def _awkward() -> Dataset:
    """Terms that exercise every branch of the writers' term rendering and ordering."""
    ds = Dataset()
    g1, g2 = ds.graph(GRAPH["source/a"]), ds.graph(GRAPH["source/b"])
    a, b, c = ID.a, ID["b_(1)"], ID["c%zz"]
    odd = [
        URIRef("https://w3id.org/ecokg/source/x/span/1-2"),  # cannot be split: written <...>
        URIRef("https://w3id.org/ecokg/id/ends."),  # a prefixed name cannot end with '.'
        URIRef("https://w3id.org/ecokg/id/"),  # a namespace itself
        URIRef("http://xmlns.com/foaf/0.1/Person"),  # rdflib's own default prefixes
        URIRef("http://example.org/unbound#thing"),
        ID["100%25"],
        RDF.nil,
    ]
    literals = [
        Literal(7), Literal(-3), Literal("0042", datatype=rdflib.XSD.integer), Literal(True), Literal(False),
        Literal(Decimal("1.50")), Literal(Decimal("100000000.0")), Literal(2.5), Literal(float("inf")),
        Literal("s", datatype=rdflib.XSD.string), Literal("2021-06", datatype=rdflib.XSD.gYearMonth),
        Literal("x", datatype=URIRef("http://example.org/dt#custom")), Literal("abc", datatype=rdflib.XSD.decimal),
        Literal('quote " and \\ backslash'), Literal("line\nbreak"), Literal("tab\there"),
        Literal("sep\u2028line"), Literal("中文", lang="zh"), Literal("English", lang="en-GB"), Literal(""),
        Literal("'''"), Literal('"""'), Literal("@prefix x: <y> ."),
    ]  # fmt: skip
    for i, lit in enumerate(literals):
        (g1 if i % 2 else g2).add((a, ECO.note, lit))
        g1.add((c, ECO.value, lit))
    for node in odd:
        g1.add((a, ECO.about, node))
        g2.add((node, RDFS.label, Literal("odd")))
        g2.add((b, RDFS.seeAlso, node))
    g1.add((a, ECO.note, Literal("case", lang="en")))  # equal to the next under rdflib's ==
    g2.add((b, ECO.note, Literal("case", lang="EN")))
    g1.add((b, RDF.type, Literal("literal type", lang="en")))
    g2.add((c, RDF.type, Literal("literal type", lang="EN")))
    g1.add((a, RDF.type, RDFS.Class))
    g1.add((ID.z, RDF.type, RDFS.Class))
    g1.add((a, RDF.type, ECO.Company))
    g1.add((b, RDF.type, ECO.Company))
    g1.add((a, RDFS.label, Literal("A", lang="en")))
    g1.add((b, ECO.partOf, a))
    g2.add((c, ECO.partOf, a))
    g2.add((c, ECO.partOf, b))
    g2.add((SOURCE.s, ECO.year, Literal(2020)))
    g2.add((SOURCE.s, RDF.type, ECO.SourceArticle))
    return ds


def test_awkward_dataset_serialises_as_before() -> None:
    ds = _awkward()
    fast, ref = serialize_all(ds), reference_serialize_all(ds)
    for name in ref:
        assert fast[name] == ref[name], name


@pytest.mark.parametrize(
    "extra",
    [
        (ID.a, ECO.note, BNode()),  # blank nodes: rdflib nests or labels them
        (ID.a, URIRef("http://example.org/unbound#p"), ID.b),  # rdflib would invent a prefix
        (ID.a, ECO.partOf, BNode()),
    ],
)
def test_unsupported_data_falls_back_to_rdflib(extra: tuple[Any, Any, Any]) -> None:
    ds = _awkward()
    ds.graph(GRAPH["source/a"]).add(extra)
    with pytest.raises(Unsupported):
        TurtleWriter().turtle(ds.graph(GRAPH["source/a"]))
    fast, ref = serialize_all(ds), reference_serialize_all(ds)
    for name in ref:
        assert fast[name] == ref[name], name


def test_turtle_writer_matches_rdflib_graph_by_graph(real: Dataset) -> None:
    writer = TurtleWriter()
    for g in real.graphs():
        if len(g):
            ref = Graph()
            bind_prefixes(ref)
            for t in g:
                ref.add(t)
            assert writer.turtle(g) == ref.serialize(format="turtle"), g.identifier


def _same_tree(a: Any, b: Any) -> None:
    assert type(a) is type(b)
    if isinstance(a, dict):
        assert (a.line, a.key_lines, list(a)) == (b.line, b.key_lines, list(b))
        for k in a:
            _same_tree(a[k], b[k])
    elif isinstance(a, list):
        assert (a.line, a.item_lines, len(a)) == (b.line, b.item_lines, len(b))
        for x, y in zip(a, b):
            _same_tree(x, y)
    else:
        assert a == b


TRICKY_YAML = [
    "a: 0571\nb: no\nc: [1.10, '', ~]\nd: |\n  two\n  lines\ne: >\n  folded\n  text\n",
    "- &x {k: v}\n- *x\n- ? complex\n  : key\n",
    "key: 'single ''quoted'''\nother: \"double \\u4e2d\"\n# comment\n",
    "中文键: 值\nlist:\n- 1\n-\n  - nested\n",
]


@pytest.mark.skipif(not hasattr(yaml, "CBaseLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize(
    "text", [p.read_text(encoding="utf-8") for p in sorted((CHECKOUT.root / "data").rglob("*.yaml"))] + TRICKY_YAML
)
def test_libyaml_composes_like_pyyaml(text: str) -> None:
    fast = _convert(yaml.compose(text, Loader=yaml.CBaseLoader), "x.yaml", [])
    slow = _convert(yaml.compose(text, Loader=yaml.BaseLoader), "x.yaml", [])
    _same_tree(fast, slow)


def test_build_does_not_import_heavy_modules(tmp_path: Path) -> None:
    code = (
        "import sys; from ecokg.cli.main import main; rc = main(['build', '--out', sys.argv[1]]); "
        "heavy = [m for m in ('pyshacl', 'networkx', 'scipy', 'pyvis', 'matplotlib', 'pyoxigraph') if m in sys.modules]; "
        "print(rc, heavy)"
    )
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=CHECKOUT.root)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "0 []"
