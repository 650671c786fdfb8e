"""Write the build's files deterministically and atomically.

Every output is first written to a temporary file beside its target and then moved into
place with ``os.replace``; the manifest, which lists the hashes of the other outputs, goes
last. A failed or killed build therefore never leaves a half-written file, and the previous
outputs stay as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import RDF, Dataset, Graph

from graph.build import bind_prefixes
from graph.expectations import enforce as enforce_expectations
from graph.isolation import isolation_summary
from graph.jsonld_writer import dataset_jsonld
from graph.namespaces import ECO, GRAPH, PREFIXES
from graph.records import Facts
from graph.triples import graph_triples, union_triples
from graph.turtle_writer import TurtleWriter, Unsupported

OUTPUTS = ("ecosystem.trig", "ecosystem.ttl", "ecosystem.jsonld")


def _canonical_jsonld(data: Any) -> Any:
    """Sort JSON-LD node arrays and value sets so the text does not depend on hash order."""
    if isinstance(data, dict):
        return {k: _canonical_jsonld(v) for k, v in data.items()}
    if isinstance(data, list):
        items = [_canonical_jsonld(x) for x in data]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
    return data


def _trig_block(identifier: Any, body: str) -> str:
    """One TriG graph block from a Turtle document: prefix lines dropped, the rest indented."""
    lines = [ln for ln in body.splitlines() if not ln.startswith("@prefix")]
    text = "\n".join(("    " + ln) if ln else "" for ln in lines).strip("\n")
    return f"<{identifier}> {{\n{text}\n}}\n"


def _trig_head() -> str:
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in sorted(PREFIXES.items()))


def _rdflib_turtle(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    g = Graph()
    bind_prefixes(g)
    for t in triples:
        g.add(t)
    return g.serialize(format="turtle")


def _jsonld_context() -> dict[str, str]:
    return {k: v for k, v in PREFIXES.items() if k != "sh"}


def _jsonld_text(data: Any) -> bytes:
    text = json.dumps(_canonical_jsonld(data), ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")


def serialize_all(ds: Dataset) -> dict[str, bytes]:
    """Serialise the dataset as TriG, union Turtle and JSON-LD (bytes, deterministic).

    TriG lists the graphs in IRI order, each body being the graph's Turtle as rdflib writes
    it (rdflib's own TriG writer orders graphs by hash, so its output changes with
    PYTHONHASHSEED; its Turtle writer sorts subjects, predicates and objects).  The text is
    made by :mod:`graph.turtle_writer` and :mod:`graph.jsonld_writer`, which reproduce
    rdflib's serializers byte for byte but fast; for data they do not cover (blank nodes, for
    one) rdflib itself is used.
    """
    every = graph_triples(ds)
    graphs = [(ident, ts) for ident, ts in every if ts]
    union = union_triples(ds)
    try:
        writer = TurtleWriter()
        bodies = [(ident, writer.turtle(ts)) for ident, ts in graphs]
        ttl = writer.turtle(union)
    except Unsupported:
        bodies = [(ident, _rdflib_turtle(ts)) for ident, ts in graphs]
        ttl = _rdflib_turtle(union)
    try:
        doc = dataset_jsonld(every, _jsonld_context(), lambda g, s: ds.graph(g).predicate_objects(s))
    except Unsupported:
        doc = json.loads(ds.serialize(format="json-ld", context=_jsonld_context(), auto_compact=True))
    trig = "\n".join([_trig_head()] + [_trig_block(ident, body) for ident, body in bodies])
    return {
        "ecosystem.trig": trig.encode("utf-8"),
        "ecosystem.ttl": ttl.encode("utf-8"),
        "ecosystem.jsonld": _jsonld_text(doc),
    }


def manifest(ds: Dataset, facts: Facts, root: Path, outputs: dict[str, bytes]) -> dict[str, Any]:
    """Counts per class and per source, input hashes and output hashes (no timestamps)."""
    per_class: Counter[str] = Counter()
    seen = set()
    for s, _p, o, g in ds.quads((None, RDF.type, None, None)):
        if g == GRAPH["ontology"] or (s, o) in seen:
            continue
        seen.add((s, o))
        if str(o).startswith(str(ECO._NS)):
            per_class[str(o)[len(str(ECO._NS)) :]] += 1
    per_source = {}
    for sid in sorted(facts.sources):
        g = ds.graph(GRAPH["source/" + sid])
        per_source[sid] = {
            "triples": len(g),
            "entities": sum(1 for e in facts.entities.values() if any(m.source == sid for m in e.mentions)),
            "relations": sum(1 for r in facts.relations if r.source == sid),
            "posts": sum(1 for p in facts.posts if p.source == sid),
            "figures": sum(1 for f in facts.figures if f.source == sid),
        }
    inputs = sorted(
        [*facts.files, *(s.file for s in facts.sources.values()), root / "data/sources/sources.yaml",
         root / "ontology/ecokg.ttl", root / "ontology/shapes.ttl",
         *(p for p in [root / "data/attribution.yaml", root / "data/expectations.yaml",
                       *(root / "data/reference").glob("*")] if p.is_file())]  # issue 15 inputs
    )  # fmt: skip
    relations = Counter(r.p for r in facts.relations)
    return {
        "graphs": sorted(str(g.identifier) for g in ds.graphs() if len(g)),
        "relations": dict(sorted(relations.items())),  # issue 15: per relation property
        "isolated": isolation_summary(ds),  # issue 15: graph/isolation.py
        "quads": sum(len(g) for g in ds.graphs()),
        "classes": dict(sorted(per_class.items())),
        "sources": per_source,
        "inputs": {str(p.relative_to(root)): _sha(p.read_bytes()) for p in inputs},
        "outputs": {name: _sha(data) for name, data in sorted(outputs.items())},
    }


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_build(ds: Dataset, facts: Facts, root: Path, out_dir: Path) -> dict[str, Any]:
    """Serialise everything in memory first, then replace the outputs one by one, manifest last."""
    outputs = serialize_all(ds)
    man = manifest(ds, facts, root, outputs)
    enforce_expectations(man, root)  # issue 15: data/expectations.yaml; a failure writes nothing
    man_bytes = (json.dumps(man, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    for name in OUTPUTS:
        atomic_write(out_dir / name, outputs[name])
    atomic_write(out_dir / "manifest.json", man_bytes)
    return man
