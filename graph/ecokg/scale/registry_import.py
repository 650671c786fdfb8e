"""Bulk import of a tabular company registry (CSV) through a declared mapping.

The mapping (``data/mappings/company-registry.yaml``) says which columns exist, how each is
checked, which entities a row describes and refers to, and how they are written in ecokg's
ontology. This module is the small streaming engine that executes it:

1. **validate** -- one streaming pass over the file checks every row (column count, required
   values, 18-character unified social credit codes with their GB 32100-2015 check digit, ISO
   dates, decimals, duplicate codes) and collects *all* problems as
   :class:`ecokg.inputs.errors.InputError` (file and line). Any problem: nothing is imported.
2. **import** -- a second pass turns each row into quads and feeds them to a pyoxigraph
   ``Store`` in batches (``bulk_extend`` for an on-disk store, ``extend`` in memory), or
   writes them as N-Quads; the file is never held in memory.

Provenance follows the curated build: the registry file is an ``eco:SourceArticle`` whose
facts live in ``ekgg:source/registry-<stem>``; each CSV row is an ``eco:Sentence`` (text = the
raw line, character offsets, line number) that the row's entities and statements derive from.

Why not an RML engine: morph-kgc installs, but it materialises each mapping's output in
memory through pandas and cannot check credit codes or report every bad line with its
number; a declarative mapping executed by ~300 lines of streaming code keeps memory flat
and errors precise.

>>> check_credit_code("91330203MA2GQ1Y125") is None
True
>>> check_credit_code("91330203MA2GQ1Y123")
'unified credit code 91330203MA2GQ1Y123 fails its check digit (expected 5)'
>>> check_credit_code("9133020")
'unified credit code 9133020 has 7 characters, not 18'
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

import pyoxigraph as ox
import yaml

from ecokg.dataset.namespaces import BASE, ECO
from ecokg.inputs.errors import InputError, InputErrors
from ecokg.project import package_path

#: The package's mapping (a workspace may have its own: ``Project.registry_mapping``).
DEFAULT_MAPPING = package_path("mappings", "company-registry.yaml")

_ECO = str(ECO._NS)
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PROV = "http://www.w3.org/ns/prov#"
_DCT = "http://purl.org/dc/terms/"

_CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def credit_code_check_digit(first17: str) -> str:
    """The check character of a unified social credit code (GB 32100-2015).

    >>> credit_code_check_digit("91330203MA2GQ1Y12")
    '5'
    """
    total = sum(_CC_CHARS.index(c) * w for c, w in zip(first17, _CC_WEIGHTS, strict=True))
    return _CC_CHARS[(31 - total % 31) % 31]


def check_credit_code(code: str) -> str | None:
    """Return why ``code`` is not a valid unified social credit code, or None."""
    if len(code) != 18:
        return f"unified credit code {code} has {len(code)} characters, not 18"
    bad = sorted({c for c in code if c not in _CC_CHARS})
    if bad:
        return f"unified credit code {code} has invalid character(s) {''.join(bad)}"
    if not code[2:8].isdigit():
        return f"unified credit code {code}: characters 3-8 must be an administrative area code"
    want = credit_code_check_digit(code[:17])
    if code[17] != want:
        return f"unified credit code {code} fails its check digit (expected {want})"
    return None


def check_date(value: str) -> str | None:
    """Return why ``value`` is not an ISO date (YYYY-MM-DD), or None.

    >>> check_date("2019-02-30")
    'date 2019-02-30 is not a valid ISO date (YYYY-MM-DD)'
    >>> check_date("2019-02-28") is None
    True
    """
    if _ISO_DATE.match(value):
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"date {value} is not a valid ISO date (YYYY-MM-DD)"


def check_decimal(value: str) -> str | None:
    try:
        Decimal(value)
        return None
    except InvalidOperation:
        return f"{value!r} is not a decimal number"


CHECKS: dict[str, Callable[[str], str | None]] = {
    "credit_code": check_credit_code,
    "date": check_date,
    "decimal": check_decimal,
}


@dataclass(frozen=True)
class Mapping:
    """A parsed declarative mapping (see ``data/mappings/company-registry.yaml``)."""

    name: str
    source: dict[str, Any]
    columns: dict[str, dict[str, Any]]
    refs: dict[str, dict[str, Any]]
    subject: dict[str, Any]
    posts: list[dict[str, Any]]

    @classmethod
    def load(cls, path: Path = DEFAULT_MAPPING) -> Mapping:
        """Read and check a mapping file.

        >>> m = Mapping.load()
        >>> m.subject["class"], sorted(m.refs)
        ('Company', ['district', 'park', 'sector'])
        """
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        m = cls(
            name=data["name"],
            source=data.get("source", {}),
            columns=data["columns"],
            refs=data.get("refs", {}),
            subject=data["subject"],
            posts=data.get("posts", []),
        )
        m._check()
        return m

    def _check(self) -> None:
        problems = []
        for col, spec in self.columns.items():
            if spec.get("check") and spec["check"] not in CHECKS:
                problems.append(f"column {col}: unknown check {spec['check']!r}")
        for name, ref in self.refs.items():
            if ref["column"] not in self.columns:
                problems.append(f"ref {name}: unknown column {ref['column']!r}")
            ECO[ref["class"]]  # noqa: B018 -- raises AttributeError for a class the ontology lacks
        ECO[self.subject["class"]]  # noqa: B018
        for rel in self.subject.get("relations", []) + [
            r for ref in self.refs.values() for r in ref.get("relations", [])
        ]:
            ECO[rel["predicate"]]  # noqa: B018
            for key in ("object", "otherwise"):
                if key in rel and rel[key] not in self.refs:
                    problems.append(f"relation {rel['predicate']}: unknown ref {rel[key]!r}")
        if problems:
            raise ValueError("; ".join(problems))


def _fill(template: str, row: dict[str, str], value: str = "") -> str:
    h = hashlib.sha1(value.encode("utf-8")).hexdigest()[:10] if value else ""
    return template.format(hash=h, **row)


class _LineTracker:
    """Feeds lines to ``csv.reader`` while remembering character offsets and line numbers."""

    def __init__(self, f: TextIO):
        self.f = f
        self.offset = 0
        self.chars_read = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.f:
            self.offset += len(line)
            yield line


@dataclass
class Row:
    """One CSV record: its values, first line number, raw text and character span."""

    line: int
    values: dict[str, str]
    text: str
    start: int
    end: int


def read_rows(path: Path, delimiter: str = ",", encoding: str = "utf-8-sig") -> Iterator[Row | InputError]:
    """Stream the records of a CSV file, or an error for a row with the wrong column count.

    The first line is the header. Yields :class:`Row` objects (values keyed by header name)
    and :class:`InputError` for malformed rows.
    """
    display = _display(path)
    with open(path, encoding=encoding, newline="") as f:
        tracker = _LineTracker(f)
        lines = iter(tracker)
        buf: list[str] = []

        def source() -> Iterator[str]:
            for line in lines:
                buf.append(line)
                yield line

        reader = csv.reader(source(), delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            yield InputError(display, 1, "empty file (no header)")
            return
        buf.clear()
        start = tracker.offset
        line_no = reader.line_num + 1
        for rec in reader:
            text = "".join(buf).rstrip("\r\n")
            end = start + len(text)
            buf.clear()
            if not any(v.strip() for v in rec):
                pass
            elif len(rec) != len(header):
                yield InputError(display, line_no, f"{len(rec)} fields, the header has {len(header)}")
            else:
                yield Row(line_no, {h: v.strip() for h, v in zip(header, rec, strict=True)}, text, start, end)
            start = tracker.offset
            line_no = reader.line_num + 1
        if header:
            yield Row(0, {h: "" for h in header}, "", 0, 0)  # sentinel carrying the header


def _display(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def validate_file(path: Path, mapping: Mapping) -> tuple[int, list[InputError]]:
    """Check every row of ``path`` against ``mapping``; return (row count, all errors).

    >>> from ecokg.project import Project
    >>> n, errors = validate_file(Project.find().root / "tests/fixtures/company-registry.csv", Mapping.load())
    >>> n, errors
    (12, [])
    """
    display = _display(path)
    errors: list[InputError] = []
    seen: dict[str, int] = {}
    n = 0
    header_checked = False
    for item in read_rows(path, mapping.source.get("delimiter", ","), mapping.source.get("encoding", "utf-8-sig")):
        if isinstance(item, InputError):
            errors.append(item)
            n += 1
            continue
        if item.line == 0:  # sentinel: header check when the file had no data rows
            if not header_checked:
                missing = [c for c, s in mapping.columns.items() if s.get("required") and c not in item.values]
                if missing:
                    errors.append(InputError(display, 1, f"header lacks required column(s) {', '.join(missing)}"))
            continue
        if not header_checked:
            header_checked = True
            missing = [c for c, s in mapping.columns.items() if s.get("required") and c not in item.values]
            if missing:
                errors.append(InputError(display, 1, f"header lacks required column(s) {', '.join(missing)}"))
                return 0, errors
        n += 1
        for col, spec in mapping.columns.items():
            value = item.values.get(col, "")
            if not value:
                if spec.get("required"):
                    errors.append(InputError(display, item.line, f"{col} is empty"))
                continue
            check = spec.get("check")
            if check:
                problem = CHECKS[check](value)
                if problem:
                    errors.append(InputError(display, item.line, f"{col}: {problem}"))
                    continue
            if spec.get("unique"):
                key = f"{col}\x00{value}"
                if key in seen:
                    errors.append(InputError(display, item.line, f"{col} {value} repeats line {seen[key]}"))
                else:
                    seen[key] = item.line
    return n, errors


def _nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@dataclass
class ImportStats:
    """What :func:`import_registry` did."""

    rows: int = 0
    quads: int = 0
    created: dict[str, int] = field(default_factory=dict)
    linked: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class _Emitter:
    """Turns validated rows into pyoxigraph quads following the mapping."""

    def __init__(self, mapping: Mapping, path: Path, as_of: date, known: dict[tuple[str, str], str], sha256: str):
        self.m = mapping
        stem = Path(path).name.rsplit(".", 1)[0]
        art = mapping.source.get("article", {})
        self.sid = art.get("id", "registry-{stem}").format(stem=stem)
        self.src = _nn(f"{BASE}source/{self.sid}")
        self.g = _nn(f"{BASE}graph/source/{self.sid}")
        self.meta = _nn(f"{BASE}graph/sources")
        self.as_of = as_of
        self.known = dict(known)  # (class, label) -> IRI, grows as refs are minted
        self.minted: set[str] = set()
        self.stats = ImportStats()
        self.title = art.get("title", "{stem}").format(stem=stem)
        self.language = art.get("language", "zh")
        self.file = _display(path)
        self.sha256 = sha256
        self.t = {k: _nn(v) for k, v in {
            "type": _RDF + "type", "label": _RDFS + "label", "derived": _PROV + "wasDerivedFrom",
            "mentioned": _ECO + "mentionedIn", "subject": _RDF + "subject", "predicate": _RDF + "predicate",
            "object": _RDF + "object", "Statement": _ECO + "Statement", "identifier": _DCT + "identifier",
            "inScheme": _SKOS + "inScheme", "prefLabel": _SKOS + "prefLabel",
        }.items()}  # fmt: skip

    def header(self) -> list[ox.Quad]:
        y = self.as_of.year
        src, meta = self.src, self.meta
        return [
            ox.Quad(src, self.t["type"], _nn(_ECO + "SourceArticle"), meta),
            ox.Quad(src, _nn(_DCT + "title"), ox.Literal(self.title, language="zh"), meta),
            ox.Quad(src, _nn(_DCT + "issued"), ox.Literal(self.as_of.isoformat(), datatype=_nn(_XSD + "date")), meta),
            ox.Quad(src, _nn(_ECO + "year"), ox.Literal(str(y), datatype=_nn(_XSD + "integer")), meta),
            ox.Quad(src, _nn(_ECO + "datePrecision"), ox.Literal("day"), meta),
            ox.Quad(src, _nn(_ECO + "factsGraph"), self.g, meta),
            ox.Quad(src, _nn(_DCT + "language"), ox.Literal(self.language), meta),
            ox.Quad(src, _nn(_ECO + "sourceFile"), ox.Literal(self.file), meta),
            ox.Quad(src, _nn(_ECO + "sha256"), ox.Literal(self.sha256), meta),
        ]

    def _sentence(self, row: Row, out: list[ox.Quad]) -> ox.NamedNode:
        node = _nn(f"{BASE}source/{self.sid}/span/{row.start}-{row.end}")
        integer = _nn(_XSD + "integer")
        meta = self.meta
        out += [
            ox.Quad(node, self.t["type"], _nn(_ECO + "Sentence"), meta),
            ox.Quad(node, _nn(_ECO + "text"), ox.Literal(row.text, language="zh"), meta),
            ox.Quad(node, _nn(_ECO + "inSource"), self.src, meta),
            ox.Quad(node, _nn(_ECO + "startOffset"), ox.Literal(str(row.start), datatype=integer), meta),
            ox.Quad(node, _nn(_ECO + "endOffset"), ox.Literal(str(row.end), datatype=integer), meta),
            ox.Quad(node, _nn(_ECO + "lineNumber"), ox.Literal(str(row.line), datatype=integer), meta),
        ]
        return node

    def _entity(self, iri: str, cls: str, label: str, sent: ox.NamedNode, out: list[ox.Quad]) -> ox.NamedNode:
        node, g = _nn(iri), self.g
        out += [
            ox.Quad(node, self.t["type"], _nn(_ECO + cls), g),
            ox.Quad(node, self.t["label"], ox.Literal(label, language="zh"), g),
            ox.Quad(node, self.t["mentioned"], self.src, g),
            ox.Quad(node, self.t["derived"], sent, g),
        ]
        self.stats.created[cls] = self.stats.created.get(cls, 0) + 1
        return node

    def _relation(self, s: str, p: str, o: str, sent: ox.NamedNode, out: list[ox.Quad]) -> None:
        g, pi = self.g, _nn(_ECO + p)
        sn, on = _nn(BASE + "id/" + s), _nn(BASE + "id/" + o)
        st = _nn(f"{BASE}id/stmt/{self.sid}/{s}--{p}--{o}")
        out += [
            ox.Quad(sn, pi, on, g),
            ox.Quad(st, self.t["type"], self.t["Statement"], g),
            ox.Quad(st, self.t["subject"], sn, g),
            ox.Quad(st, self.t["predicate"], pi, g),
            ox.Quad(st, self.t["object"], on, g),
            ox.Quad(st, self.t["derived"], sent, g),
        ]

    def _ref(self, name: str, row: Row, sent: ox.NamedNode, out: list[ox.Quad]) -> str | None:
        spec = self.m.refs[name]
        value = row.values.get(spec["column"], "")
        if not value:
            return None
        key = (spec["class"], value)
        local = self.known.get(key)
        if local is not None:
            if local not in self.minted:
                self.stats.linked[spec["class"]] = self.stats.linked.get(spec["class"], 0) + 1
                self.minted.add(local)
            return local
        local = _fill(spec["id"], row.values, value)
        self.known[key] = local
        self.minted.add(local)
        node = self._entity(BASE + "id/" + local, spec["class"], value, sent, out)
        if spec.get("scheme"):
            out.append(ox.Quad(node, self.t["inScheme"], _nn(_ECO + spec["scheme"]), self.g))
            out.append(ox.Quad(node, self.t["prefLabel"], ox.Literal(value, language="zh"), self.g))
        for rel in spec.get("relations", []):
            obj = self._ref(rel["object"], row, sent, out)
            if obj:
                self._relation(local, rel["predicate"], obj, sent, out)
        return local

    def row(self, row: Row) -> list[ox.Quad]:
        out: list[ox.Quad] = []
        sent = self._sentence(row, out)
        subj = self.m.subject
        v = row.values
        local = _fill(subj["id"], v)
        node = self._entity(BASE + "id/" + local, subj["class"], v[subj["label"]], sent, out)
        if subj.get("identifier"):
            out.append(ox.Quad(node, self.t["identifier"], ox.Literal(v[subj["identifier"]]), self.g))
        for prop, col in subj.get("dates", {}).items():
            if v.get(col):
                out.append(ox.Quad(node, _nn(_ECO + prop), ox.Literal(v[col], datatype=_nn(_XSD + "date")), self.g))
        for rel in subj.get("relations", []):
            obj = self._ref(rel["object"], row, sent, out)
            if obj is None and rel.get("otherwise"):
                obj = self._ref(rel["otherwise"], row, sent, out)
            if obj:
                self._relation(local, rel["predicate"], obj, sent, out)
        for post in self.m.posts:
            holder = v.get(post["holder"], "")
            if not holder:
                continue
            pid = _fill(post["id"], v)
            person = self._entity(BASE + "id/" + pid, "Person", holder, sent, out)
            pn, g = _nn(f"{BASE}id/post/{pid}"), self.g
            out += [
                ox.Quad(pn, self.t["type"], _nn(_ECO + "Post"), g),
                ox.Quad(pn, _nn(_ECO + "holder"), person, g),
                ox.Quad(pn, _nn(_ECO + "postIn"), node, g),
                ox.Quad(pn, _nn(_ECO + "postTitle"), ox.Literal(post["title"], language="zh"), g),
                ox.Quad(pn, _nn(_ECO + "asOf"), ox.Literal(self.as_of.isoformat(), datatype=_nn(_XSD + "date")), g),
                ox.Quad(pn, _nn(_ECO + "year"), ox.Literal(str(self.as_of.year), datatype=_nn(_XSD + "integer")), g),
                ox.Quad(pn, self.t["derived"], sent, g),
            ]
        return out


def known_labels(store: ox.Store, mapping: Mapping) -> dict[tuple[str, str], str]:
    """(class, Chinese label) -> local id of the ``ekg:`` entities already in ``store``.

    Only the classes the mapping's refs use are looked up.
    """
    out: dict[tuple[str, str], str] = {}
    prefix = BASE + "id/"
    for cls in sorted({r["class"] for r in mapping.refs.values()}):
        q = (
            f"SELECT ?e ?l WHERE {{ ?e a <{_ECO}{cls}> ; <{_RDFS}label> ?l . FILTER(lang(?l) = 'zh') "
            f"FILTER(STRSTARTS(STR(?e), '{prefix}')) }}"
        )
        for sol in store.query(q, use_default_graph_as_union=True):
            out.setdefault((cls, sol["l"].value), sol["e"].value[len(prefix) :])
    return out


class Progress:
    """A minimal progress bar on stderr (bytes of the input done), redrawn at most 5x/s."""

    def __init__(self, total: int, enabled: bool, label: str = "import", stream: TextIO | None = None):
        self.total = max(1, total)
        self.enabled = enabled
        self.label = label
        self.stream = stream or sys.stderr
        self.last = 0.0
        self.t0 = time.perf_counter()

    def update(self, done: int, rows: int) -> None:
        now = time.perf_counter()
        if not self.enabled or now - self.last < 0.2:
            return
        self.last = now
        frac = min(1.0, done / self.total)
        bar = "#" * int(frac * 30)
        rate = rows / max(1e-9, now - self.t0)
        self.stream.write(f"\r{self.label} [{bar:<30}] {frac:6.1%} {rows:,} rows {rate:,.0f} rows/s")
        self.stream.flush()

    def close(self, rows: int) -> None:
        if self.enabled:
            self.last = 0.0
            self.update(self.total, rows)
            self.stream.write("\n")
            self.stream.flush()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def iter_quads(path: Path, mapping: Mapping, as_of: date, known: dict[tuple[str, str], str] | None = None,
               progress: Progress | None = None, stats: ImportStats | None = None) -> Iterator[list[ox.Quad]]:  # fmt: skip
    """Yield the quads of a *validated* file, one list per row (the first list is the article)."""
    em = _Emitter(mapping, path, as_of, known or {}, _sha256(path))
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
            progress.update(item.end * 3, rows)  # chars -> approx. UTF-8 bytes


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
        Draw a progress bar on stderr.
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
    _n, errors = validate_file(path, mapping)
    if errors:
        raise InputErrors(errors)
    if as_of is None:
        as_of = date.fromtimestamp(path.stat().st_mtime)
    known = known_labels(store, mapping) if store is not None else {}
    stats = ImportStats()
    bar = Progress(path.stat().st_size, progress)
    batch: list[ox.Quad] = []
    for i, quads in enumerate(iter_quads(path, mapping, as_of, known, bar, stats)):
        batch += quads
        if i % batch_rows == 0 and i:
            stats.quads += _flush(batch, store, nquads_out, bulk)
    stats.quads += _flush(batch, store, nquads_out, bulk)
    bar.close(stats.rows)
    stats.seconds = time.perf_counter() - t0
    return stats


def _flush(batch: list[ox.Quad], store: ox.Store | None, out: TextIO | None, bulk: bool) -> int:
    n = len(batch)
    if store is not None:
        if bulk:
            store.bulk_extend(batch)
        else:
            store.extend(batch)
    if out is not None:
        out.write("".join(f"{q} .\n" for q in batch))
    batch.clear()
    return n


def read_nquads_text(text: str) -> Iterable[ox.Quad]:
    """Parse N-Quads text with Oxigraph (helper for tests and the bench).

    >>> len(list(read_nquads_text('<http://a> <http://b> "c" <http://g> .\\n')))
    1
    """
    return ox.parse(io.BytesIO(text.encode("utf-8")), format=ox.RdfFormat.N_QUADS)
