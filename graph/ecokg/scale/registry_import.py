"""Bulk import of a tabular company registry (CSV) through a declared mapping.

The mapping (``data/mappings/company-registry.yaml``) says which columns exist, how each is
checked, which entities a row describes and refers to, and how they are written in ecokg's
ontology. This module is the loader of the small streaming engine that executes it
(:mod:`ecokg.scale.registry_rows` reads and checks rows, :mod:`ecokg.scale.registry_mapping`
reads the mapping and turns rows into quads):

1. **validate** -- one streaming pass over the file checks every row (column count, required
   values, 18-character unified social credit codes with their GB 32100-2015 check digit, ISO
   dates, decimals, duplicate codes) and collects *all* problems as
   :class:`ecokg.inputs.errors.InputError` (file and line). Any problem: nothing is imported.
2. **import** -- a second pass turns each row into quads; into an on-disk store (``--db``) they
   are written as N-Quads (the ``-o`` file's temporary, or a scratch file beside the staged store)
   and loaded with one ``Store.bulk_load``; into an in-memory store they go by ``extend`` in
   batches, or only to the N-Quads output; the file is never held in memory.

Provenance follows the curated build: the registry file is an ``eco:SourceArticle`` whose
facts live in ``ekgg:source/registry-<stem>``; each CSV row is an ``eco:Sentence`` (text = the
raw line, character offsets, line number) that the row's entities and statements derive from.
Each quad's triple also goes into the default graph, the asserted graph
(:func:`ecokg.dataset.asserted.with_asserted`), where queries that name no graph see it once.

A failed or killed import changes nothing: :func:`import_into_directory` (``ecokg
import-registry --db``) validates first, then loads into a fresh store beside the target (a
checkpoint of the old one, then ``--base``, then the rows) and swaps it in with one atomic
directory exchange; ``-o`` goes to a temporary file renamed into place only after that.

Why not an RML engine (issue 16 asked for morph-kgc): its newest release (2.10.0) requires
pyoxigraph < 0.4, pandas < 3 and rdflib < 7.3, against ecokg's pyoxigraph 0.5 and pySHACL's
rdflib >= 7.3, so it cannot be installed beside ecokg; the newest release pip resolves beside
ecokg (2.3.1) reads no YARRRML and fails under pandas 3 (``value_counts()[0]``) and numpy 2
(``np.NaN``) before writing a triple. The row checks, label linking, first-mention provenance
and statement IRIs would stay in Python in any case; so the declarative mapping keeps this
small streaming engine (memory bounded by the loader's buffers, not by the file; every bad line reported
with its number).

Speed (``python -m bench.registry``, and the registry section of ``docs/benchmarks.md``): checking
and mapping are not what bounds it; the store is. A row is about 30 quads, and Oxigraph's bulk
loader needs about 10 µs of CPU per quad on this machine (profiled: sorting each index's keys,
memory allocation, writing the sorted files), so issue 16's 20,000 rows/s (600,000 quads/s) is
out of reach on two cores (and every row's triples are written twice: in the
registry's named graph and once in the default graph, the asserted graph). One ``bulk_load`` of the whole file is faster than the
``bulk_extend`` per batch it replaced (each call a bulk load of its own, with small files piling
up in RocksDB), at the cost of Oxigraph's sort buffers in memory (about a million quads per
loader thread).
"""

from __future__ import annotations

import hashlib
import io
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, TextIO, cast

import pyoxigraph as ox
from rdflib.namespace import RDFS
from tqdm import tqdm

from ecokg.dataset import iris
from ecokg.dataset.asserted import with_asserted
from ecokg.inputs.errors import InputError, InputErrors
from ecokg.namespaces import ECO
from ecokg.scale.registry_mapping import DEFAULT_MAPPING, ImportStats, Mapping, RowEmitter, validate_file
from ecokg.scale.registry_rows import read_rows
from ecokg.scale.registry_swap import Staging

__all__ = [
    "DEFAULT_MAPPING",
    "import_into_directory",
    "import_registry",
    "iter_quads",
    "known_labels",
    "progress_bar",
    "read_nquads_text",
]


def known_labels(store: ox.Store, mapping: Mapping) -> dict[tuple[str, str], str]:
    """(class, Chinese label) -> local id of the ``ekg:`` entities already in ``store``.

    Only the classes the mapping's refs use are looked up.
    """
    out: dict[tuple[str, str], str] = {}
    prefix = iris.entity_str("")
    for cls in sorted({r["class"] for r in mapping.refs.values()}):
        q = (
            f"SELECT ?e ?l WHERE {{ ?e a {iris.nt(ECO[cls])} ; {iris.nt(RDFS.label)} ?l . FILTER(lang(?l) = 'zh') "
            f"FILTER(STRSTARTS(STR(?e), '{prefix}')) }}"
        )
        solutions = store.query(q)  # the default graph: the asserted graph of the build loaded as --base
        assert isinstance(solutions, ox.QuerySolutions)  # a SELECT
        for sol in solutions:
            out.setdefault((cls, sol["l"].value), sol["e"].value[len(prefix) :])
    return out


def progress_bar(total: int, enabled: bool, label: str = "import") -> tqdm:
    """A tqdm bar over the rows of a validated file: ``total`` is their exact count, so the bar
    reads 100 % only when the last row is in (the old bar estimated bytes from characters)."""
    return tqdm(total=total, unit="rows", desc=label, disable=not enabled, file=sys.stderr, mininterval=0.2)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def iter_quads(path: Path, mapping: Mapping, as_of: date, known: dict[tuple[str, str], str] | None = None,
               progress: tqdm | None = None, stats: ImportStats | None = None) -> Iterator[list[ox.Quad]]:  # fmt: skip
    """Yield the quads of a *validated* file, one list per row (the first list is the article)."""
    em = RowEmitter(mapping, path, as_of, known or {}, _sha256(path))
    if stats is not None:
        em.stats = stats
    yield em.header()
    rows = 0
    for item in read_rows(path, mapping.source.get("delimiter", ","), mapping.source.get("encoding", "utf-8-sig")):
        if isinstance(item, InputError) or item.line == 0:
            continue
        rows += 1
        em.stats.rows = rows
        yield em.row(item)
        if progress is not None and rows % 256 == 0:
            progress.update(256)
    if progress is not None:
        progress.update(rows - progress.n)


def import_registry(
    path: Path,
    store: ox.Store | None = None,
    mapping: Mapping | None = None,
    as_of: date | None = None,
    batch_rows: int = 5000,
    nquads_out: TextIO | None = None,
    progress: bool = False,
    bulk: bool = False,
) -> ImportStats:
    """Validate then stream a registry CSV into ``store`` (and/or ``nquads_out``).

    Parameters
    ----------
    path
        The CSV file (header row first).
    store
        Target pyoxigraph store; entities of the refs' classes already in it are linked by label.
    mapping
        The declared mapping (default: ``data/mappings/company-registry.yaml``).
    as_of
        The registry's date (article ``dcterms:issued``, posts' ``eco:asOf``); default: the
        file's modification date.
    batch_rows
        Rows per ``extend`` / ``bulk_extend`` call.
    nquads_out
        Also (or instead) write the quads as N-Quads lines to this text stream.
    progress
        Draw a progress bar (tqdm, rows) on stderr.
    bulk
        Use ``Store.bulk_extend`` (for on-disk stores; not transactional).

    Raises
    ------
    InputErrors
        Listing every bad row (file:line: problem); nothing is imported then.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> st = ox.Store()
    >>> from ecokg.project import Project
    >>> s = import_registry(Project.find().root / "tests/fixtures/company-registry.csv", st, as_of=date(2024, 6, 30))
    >>> s.rows, s.created["Company"], len(st) == s.quads
    (12, 12, True)
    """
    mapping = mapping or Mapping.load()
    path = Path(path)
    t0 = time.perf_counter()
    n_rows = validated(path, mapping)
    return _import(path, n_rows, t0, store, mapping, as_of, batch_rows, nquads_out, progress, bulk)


def validated(path: Path, mapping: Mapping) -> int:
    """The number of rows of ``path``; :class:`InputErrors` (every bad line) when one is bad."""
    n_rows, errors = validate_file(path, mapping)
    if errors:
        raise InputErrors(errors)
    return n_rows


def _import(path: Path, n_rows: int, t0: float, store: ox.Store | None, mapping: Mapping, as_of: date | None,
            batch_rows: int, nquads_out: TextIO | IO[bytes] | None, progress: bool, bulk: bool,
            known: dict[tuple[str, str], str] | None = None, label: str = "import") -> ImportStats:  # fmt: skip
    if as_of is None:
        as_of = date.fromtimestamp(path.stat().st_mtime)
    if known is None:
        known = known_labels(store, mapping) if store is not None else {}
    stats = ImportStats()
    with progress_bar(n_rows, progress, label) as bar:  # counts rows once their quads are in the store (or file)
        batch: list[ox.Quad] = []
        for i, quads in enumerate(iter_quads(path, mapping, as_of, known, None, stats)):
            batch += quads
            if i % batch_rows == 0 and i:
                stats.quads += _flush(batch, store, nquads_out, bulk)
                bar.update(stats.rows - bar.n)
        stats.quads += _flush(batch, store, nquads_out, bulk)
        bar.update(stats.rows - bar.n)
    stats.seconds = time.perf_counter() - t0
    return stats


def _flush(named: list[ox.Quad], store: ox.Store | None, out: TextIO | IO[bytes] | None, bulk: bool) -> int:
    batch = with_asserted(named)
    named.clear()
    n = len(batch)
    if store is not None:
        if bulk:
            store.bulk_extend(batch)
        else:
            store.extend(batch)
    if isinstance(out, io.TextIOBase):
        out.write("".join(f"{q} .\n" for q in batch))
    elif out is not None:  # a binary stream: Oxigraph serialises (the same N-Quads lines)
        ox.serialize(batch, cast(IO[bytes], out), format=ox.RdfFormat.N_QUADS)
    batch.clear()
    return n


def read_nquads_text(text: str) -> Iterable[ox.Quad]:
    """Parse N-Quads text with Oxigraph (helper for tests and the bench).

    >>> len(list(read_nquads_text('<http://a> <http://b> "c" <http://g> .\\n')))
    1
    """
    return ox.parse(io.BytesIO(text.encode("utf-8")), format=ox.RdfFormat.N_QUADS)


def import_into_directory(
    path: Path,
    db: Path | None,
    mapping: Mapping,
    base: Path | None = None,
    output: Path | None = None,
    as_of: date | None = None,
    batch_rows: int = 5000,
    progress: bool = False,
) -> tuple[ImportStats, list[Path]]:
    """``ecokg import-registry``: validate, then import so that a failure or a kill changes nothing.

    The rows are checked before anything is read into a store. With ``db`` the import goes
    into a fresh store beside it (a checkpoint of ``db`` when it exists, then ``base``, then
    the rows), swapped in by one atomic directory exchange; ``output`` (N-Quads) is written to
    a temporary file renamed into place after the swap. Returns the statistics and the
    leftovers of earlier killed imports that were removed.

    >>> import tempfile
    >>> from ecokg.project import Project
    >>> fixture = Project.find().root / "tests/fixtures/company-registry.csv"
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     db = Path(tmp) / "db"
    ...     stats, _ = import_into_directory(fixture, db, Mapping.load(), as_of=date(2024, 6, 30))
    ...     again, _ = import_into_directory(fixture, db, Mapping.load(), as_of=date(2024, 6, 30))
    ...     len(ox.Store(str(db))) == stats.quads, sorted(again.linked.items()), sorted(p.name for p in Path(tmp).iterdir())
    (True, [('District', 2), ('IndustrySector', 9), ('Park', 6)], ['db'])
    """
    path = Path(path)
    t0 = time.perf_counter()
    n_rows = validated(path, mapping)
    with Staging(db, output) as staging:
        store = staging.store
        if base is not None:
            fmt = ox.RdfFormat.TRIG if base.suffix == ".trig" else ox.RdfFormat.N_QUADS
            store.bulk_load(path=str(base), format=fmt)
        if db is None:
            stats = _import(path, n_rows, t0, store, mapping, as_of, batch_rows, staging.out, progress, False)
        else:
            stats = _import_by_file(path, n_rows, t0, staging, mapping, as_of, batch_rows, progress)
        staging.commit()
    return stats, staging.removed


def _import_by_file(path: Path, n_rows: int, t0: float, staging: Staging, mapping: Mapping, as_of: date | None,
                    batch_rows: int, progress: bool) -> ImportStats:  # fmt: skip
    """Write the rows' quads as N-Quads (the ``-o`` file's temporary, or a scratch file), then one
    ``bulk_load`` of that file into the staged store.

    Speed asked for this rather than ``bulk_extend`` per batch of rows: each ``bulk_extend`` call
    is a bulk load of its own (its own sorted files for every index, ingested into RocksDB), so a
    300,000-row import made 60 sets of small files and slowed as they piled up; one ``bulk_load``
    of the whole file sorts a million quads at a time on Oxigraph's own threads. The file is
    Oxigraph's serialisation of quads it built and checked (``ox.NamedNode`` checks every IRI), so
    it is loaded ``lenient`` (not parsed for IRI validity a second time).
    """
    store = staging.store
    known = known_labels(store, mapping)
    scratch, sink = staging.quads_file()
    stats = _import(path, n_rows, t0, None, mapping, as_of, batch_rows, sink, progress, False, known,
                    label="mapping rows")  # fmt: skip
    sink.flush()
    with tqdm(total=stats.quads, unit="quads", desc="loading into the store", disable=not progress,
              file=sys.stderr) as bar:  # fmt: skip
        store.bulk_load(path=str(scratch), format=ox.RdfFormat.N_QUADS, lenient=True)
        bar.update(stats.quads)
    stats.seconds = time.perf_counter() - t0
    return stats
