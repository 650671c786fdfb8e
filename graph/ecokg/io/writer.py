"""Write the build's files deterministically and atomically.

pyoxigraph serialises the Dataset (:func:`serialize_all`) as TriG and union Turtle from its quads in
canonical order, so equal graphs give equal bytes; :mod:`ecokg.io.jsonld` writes the JSON-LD (the
merged graph, then the named graphs) with the context it generates from the ontology, which also
goes to ``context.jsonld``.  Every output is first written to a temporary file beside its target and then moved into
place with ``os.replace`` only once all of them are written; the manifest, which lists the hashes
of the other outputs, goes last, and readers check the TriG against it. A failed build therefore
leaves the previous outputs as they were, and a killed one is detected.
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

import pyoxigraph as ox
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ecokg.dataset import iris
from ecokg.dataset.expectations import enforce as enforce_expectations
from ecokg.dataset.isolation import isolation_summary
from ecokg.dataset.validate import SHACL_CACHE, input_hashes
from ecokg.inputs.model import Facts
from ecokg.io import jsonld
from ecokg.namespaces import ECO, GRAPH, ONTOLOGY_GRAPH, PREFIXES
from ecokg.project import Project

OUTPUTS = ("ecosystem.trig", "ecosystem.ttl", "ecosystem.jsonld", "context.jsonld")

# The same mapping in whatever order PYTHONHASHSEED gives: sorted by prefix.
_PREFIXES = dict(sorted(PREFIXES.items()))


class _Terms:
    """rdflib terms as pyoxigraph terms (each IRI converted once)."""

    def __init__(self) -> None:
        self._iris: dict[str, ox.NamedNode] = {}
        self._default = ox.DefaultGraph()

    def iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def term(self, t: Any) -> Any:
        if type(t) is URIRef:
            return self.iri(t)
        if isinstance(t, Literal):  # the lexical form as written, never re-normalised
            if t.language:
                return ox.Literal(str(t), language=t.language)
            if t.datatype is not None:
                return ox.Literal(str(t), datatype=self.iri(t.datatype))
            return ox.Literal(str(t))
        if isinstance(t, BNode):
            return ox.BlankNode(str(t))
        raise TypeError(f"cannot serialise {t!r}: not an IRI, literal or blank node")

    def graph(self, g: Any) -> Any:
        return self._default if g == DATASET_DEFAULT_GRAPH_ID else self.term(g)


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    """Graph, subject, predicate, object, each in its N-Triples form: a canonical total order."""
    return str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return str(t.subject), str(t.predicate), str(t.object)


def sorted_quads(ds: Dataset) -> list[ox.Quad]:
    """Every quad of ``ds`` as a pyoxigraph quad, in canonical order (independent of hash order).

    >>> from rdflib import Dataset, Literal, URIRef
    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("urn:g2")).add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
    >>> _ = ds.graph(URIRef("urn:g1")).add((URIRef("urn:b"), URIRef("urn:p"), Literal("y", lang="zh")))
    >>> [str(q) for q in sorted_quads(ds)]
    ['<urn:b> <urn:p> "y"@zh <urn:g1>', '<urn:a> <urn:p> "x" <urn:g2>']
    """
    return _to_sorted_ox(ds.quads((None, None, None, None)))


def _to_sorted_ox(rdflib_quads: Iterable[tuple[Any, Any, Any, Any]]) -> list[ox.Quad]:
    conv = _Terms()
    term, graph = conv.term, conv.graph
    quads = [ox.Quad(term(s), term(p), term(o), graph(g)) for s, p, o, g in rdflib_quads]
    quads.sort(key=_quad_key)
    return quads


def serialize_all(ds: Dataset) -> dict[str, bytes]:
    """Serialise the dataset as TriG, union Turtle, JSON-LD and its context (bytes, deterministic).

    The TriG holds every graph, the default graph (the asserted graph of
    :mod:`ecokg.dataset.asserted`, every fact once) included; the Turtle holds the union, which
    is that graph; the JSON-LD holds that graph first, one node object per entity, then the
    named graphs.

    pyoxigraph writes TriG and Turtle.  Its serializers are streaming -- they group consecutive
    statements of one graph and subject -- so the quads are handed over in canonical order
    (:func:`sorted_quads`), which makes the bytes independent of ``PYTHONHASHSEED`` and of the
    order rdflib's store yields them.  TriG and Turtle use the prefixes of
    :data:`ecokg.namespaces.PREFIXES`.  The JSON-LD (:func:`ecokg.io.jsonld.document`, compacted
    by rdflib with the context of :func:`ecokg.io.jsonld.context`, made from the dataset's
    ``ekgg:ontology`` graph) sorts its nodes and values itself.  The build mints no blank nodes; a
    dataset with some is written correctly, but their labels, hence the bytes, come from rdflib.

    >>> from rdflib import Dataset, Literal, URIRef
    >>> ds = Dataset()
    >>> _ = ds.graph(GRAPH["source/a"]).add((URIRef(ECO.note), URIRef(ECO.note), Literal("two\\nlines")))
    >>> print(serialize_all(ds)["ecosystem.ttl"].decode().splitlines()[-1])
    eco:note eco:note "two\\nlines" .
    """
    rdflib_quads = list(ds.quads((None, None, None, None)))
    quads = _to_sorted_ox(rdflib_quads)
    union = sorted({q.triple for q in quads}, key=_triple_key)  # the asserted graph (the default graph)
    out = {
        "ecosystem.trig": ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_PREFIXES),
        "ecosystem.ttl": ox.serialize(union, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES),
    }
    ctx = jsonld.context(Graph(ds.store, identifier=ONTOLOGY_GRAPH))
    out["ecosystem.jsonld"] = jsonld.document(rdflib_quads, ctx)
    out["context.jsonld"] = (json.dumps({"@context": ctx}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return {name: data or b"" for name, data in out.items()}  # serialize() returns bytes without an output


def manifest(
    ds: Dataset, facts: Facts, project: Project | str | Path | None, outputs: dict[str, bytes]
) -> dict[str, Any]:
    """Counts per class and per source, input hashes and output hashes (no timestamps).

    ``graphs`` lists the named graphs and ``quads`` counts their quads; ``asserted`` counts the
    triples of the default graph (every one of them once).

    Inputs are named relative to the workspace root; the package's ontology or shapes, when
    the workspace has no copy of its own, as ``package:ontology/...``.
    """
    project = Project.of(project)
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
        article = ds.graph(iris.source_graph(sid))
        per_source[sid] = {
            "triples": len(article),
            "entities": sum(1 for e in facts.entities.values() if any(m.source == sid for m in e.mentions)),
            "relations": sum(1 for r in facts.relations if r.source == sid),
            "posts": sum(1 for p in facts.posts if p.source == sid),
            "figures": sum(1 for f in facts.figures if f.source == sid),
        }
    return {
        "graphs": sorted(str(g.identifier) for g in ds.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID),
        "relations": dict(sorted(Counter(r.p for r in facts.relations).items())),
        "isolated": isolation_summary(ds),
        "quads": sum(len(g) for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID),
        "asserted": len(ds.graph(DATASET_DEFAULT_GRAPH_ID)),
        "classes": dict(sorted(per_class.items())),
        "sources": per_source,
        "inputs": input_hashes(facts, project),
        "outputs": {name: _sha(data) for name, data in sorted(outputs.items())},
    }


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path`` (flushed to disk); its path, to rename later."""
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
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a part."""
    tmp = stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def replace_all(files: dict[Path, bytes]) -> None:
    """Replace several files as one step as far as a failure goes: every new file is written in full
    first (a full disk or a size limit fails here, and nothing is replaced), then all are renamed in
    place, the last one last (the manifest, which readers check the others against)."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((stage(path, data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _path in staged:
            tmp.unlink(missing_ok=True)


def write_build(
    ds: Dataset,
    facts: Facts,
    project: Project | str | Path | None,
    out_dir: Path,
    shacl_record: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Serialise everything in memory, write every output in full, then rename them all, manifest last.

    A failure while writing (a full disk, a size limit) leaves the previous build byte-identical; a
    kill between the renames leaves a TriG the manifest does not vouch for, which
    :func:`ecokg.query.store.open_dataset` refuses ("the build was interrupted").

    ``shacl_record`` (:attr:`ecokg.dataset.pipeline.BuildResult.shacl_record`) is then stored
    in ``out_dir / SHACL_CACHE``, so the next build can skip an unchanged validation.
    """
    outputs = serialize_all(ds)
    man = manifest(ds, facts, project, outputs)
    enforce_expectations(man, Project.of(project).root)  # data/expectations.yaml; a failure writes nothing
    man_bytes = (json.dumps(man, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    replace_all({**{out_dir / name: outputs[name] for name in OUTPUTS}, out_dir / "manifest.json": man_bytes})
    if shacl_record is not None:
        atomic_write(out_dir / SHACL_CACHE, (json.dumps(shacl_record, indent=1, sort_keys=True) + "\n").encode())
    return man
