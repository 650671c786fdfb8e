"""The declared registry mapping, and executing it: rows checked against it, rows turned into quads.

A mapping (``data/mappings/company-registry.yaml``) says which columns exist, how each is
checked, which entities a row describes and refers to, and how they are written in ecokg's
ontology. :class:`Mapping` reads and checks one; :func:`validate_file` checks every row of a
file against it; :class:`RowEmitter` turns a validated row into pyoxigraph quads in the
curated build's shape (a registry file is an ``eco:SourceArticle``, each row an
``eco:Sentence`` its entities and statements derive from). IRIs come from
:mod:`ecokg.dataset.iris`, terms from the closed namespaces.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ecokg.dataset import iris
from ecokg.dataset.iris import TermForms
from ecokg.inputs.errors import InputError
from ecokg.namespaces import ECO, SOURCES_GRAPH
from ecokg.project import package_path
from ecokg.scale.registry_rows import CHECKS, Row, display_path, read_rows

#: The package's mapping (a workspace may have its own: ``Project.registry_mapping``).
DEFAULT_MAPPING = package_path("mappings", "company-registry.yaml")

#: ``eco:`` terms as pyoxigraph nodes (``E.year``, ``E["Company"]``); a misspelt term fails.
E = TermForms(ECO, ox.NamedNode)
TYPE, SUBJECT, PREDICATE, OBJECT = (ox.NamedNode(t) for t in (RDF.type, RDF.subject, RDF.predicate, RDF.object))
LABEL = ox.NamedNode(RDFS.label)
DERIVED = ox.NamedNode(PROV.wasDerivedFrom)
IN_SCHEME, PREF_LABEL = ox.NamedNode(SKOS.inScheme), ox.NamedNode(SKOS.prefLabel)
TITLE, ISSUED, LANGUAGE, IDENTIFIER = (
    ox.NamedNode(t) for t in (DCTERMS.title, DCTERMS.issued, DCTERMS.language, DCTERMS.identifier)
)
INTEGER, DATE = ox.NamedNode(XSD.integer), ox.NamedNode(XSD.date)
META = ox.NamedNode(SOURCES_GRAPH)


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
        if "hash" in self.columns:
            problems.append("column name 'hash' is reserved (templates use {hash} for a digest)")
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


def fill(template: str, row: dict[str, str], value: str = "") -> str:
    """Fill an id template from a row's values; ``{hash}`` is a short SHA-1 of ``value``.

    ``hash`` is the template's own name: a CSV column called ``hash`` does not clash with it
    (a mapping may not declare one, see :meth:`Mapping.load`).

    >>> fill("reg_{credit_code}", {"credit_code": "X1", "hash": "column"})
    'reg_X1'
    >>> fill("reg_park_{hash}", {"hash": "column"}, "望春工业园区")
    'reg_park_02822bfa1d'
    """
    h = hashlib.sha1(value.encode("utf-8")).hexdigest()[:10] if value else ""
    return template.format_map({**row, "hash": h})


def validate_file(path: Path, mapping: Mapping) -> tuple[int, list[InputError]]:
    """Check every row of ``path`` against ``mapping``; return (row count, all errors).

    >>> from ecokg.project import Project
    >>> n, errors = validate_file(Project.find().root / "tests/fixtures/company-registry.csv", Mapping.load())
    >>> n, errors
    (12, [])
    """
    display = display_path(path)
    errors: list[InputError] = []
    seen: dict[str, int] = {}
    n = 0
    header_checked = False
    for item in read_rows(path, mapping.source.get("delimiter", ","), mapping.source.get("encoding", "utf-8-sig")):
        if isinstance(item, InputError):
            errors.append(item)
            if item.line > 1:
                n += 1
            continue
        if not header_checked:  # the first row, or the sentinel of a file without data rows
            header_checked = True
            missing = [c for c, s in mapping.columns.items() if s.get("required") and c not in item.values]
            if missing:
                errors.append(InputError(display, 1, f"header lacks required column(s) {', '.join(missing)}"))
                return 0, errors
        if item.line == 0:
            continue
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


@dataclass
class ImportStats:
    """What :func:`import_registry` did."""

    rows: int = 0
    quads: int = 0
    created: dict[str, int] = field(default_factory=dict)
    linked: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


class RowEmitter:
    """Turns validated rows into pyoxigraph quads following the mapping."""

    def __init__(self, mapping: Mapping, path: Path, as_of: date, known: dict[tuple[str, str], str], sha256: str):
        self.m = mapping
        stem = Path(path).name.rsplit(".", 1)[0]
        art = mapping.source.get("article", {})
        self.sid = art.get("id", "registry-{stem}").format(stem=stem)
        self.src = ox.NamedNode(iris.source_str(self.sid))
        self.g = ox.NamedNode(iris.source_graph_str(self.sid))
        self.as_of = as_of
        self.known = dict(known)  # (class, label) -> IRI, grows as refs are minted
        self.minted: set[str] = set()
        self.stats = ImportStats()
        self.title = art.get("title", "{stem}").format(stem=stem)
        self.language = art.get("language", "zh")
        self.file = display_path(path)
        self.sha256 = sha256

    def header(self) -> list[ox.Quad]:
        """The quads describing the registry file as a source article."""
        src = self.src
        return [
            ox.Quad(src, TYPE, E.SourceArticle, META),
            ox.Quad(src, TITLE, ox.Literal(self.title, language="zh"), META),
            ox.Quad(src, ISSUED, ox.Literal(self.as_of.isoformat(), datatype=DATE), META),
            ox.Quad(src, E.year, ox.Literal(str(self.as_of.year), datatype=INTEGER), META),
            ox.Quad(src, E.datePrecision, ox.Literal("day"), META),
            ox.Quad(src, E.factsGraph, self.g, META),
            ox.Quad(src, LANGUAGE, ox.Literal(self.language), META),
            ox.Quad(src, E.sourceFile, ox.Literal(self.file), META),
            ox.Quad(src, E.sha256, ox.Literal(self.sha256), META),
        ]

    def _sentence(self, row: Row, out: list[ox.Quad]) -> ox.NamedNode:
        node = ox.NamedNode(iris.sentence_str(self.sid, row.start, row.end))
        out += [
            ox.Quad(node, TYPE, E.Sentence, META),
            ox.Quad(node, E.text, ox.Literal(row.text, language="zh"), META),
            ox.Quad(node, E.inSource, self.src, META),
            ox.Quad(node, E.startOffset, ox.Literal(str(row.start), datatype=INTEGER), META),
            ox.Quad(node, E.endOffset, ox.Literal(str(row.end), datatype=INTEGER), META),
            ox.Quad(node, E.lineNumber, ox.Literal(str(row.line), datatype=INTEGER), META),
        ]
        return node

    def _entity(self, local: str, cls: str, label: str, sent: ox.NamedNode, out: list[ox.Quad]) -> ox.NamedNode:
        node, g = ox.NamedNode(iris.entity_str(local)), self.g
        out += [
            ox.Quad(node, TYPE, E[cls], g),
            ox.Quad(node, LABEL, ox.Literal(label, language="zh"), g),
            ox.Quad(node, E.mentionedIn, self.src, g),
            ox.Quad(node, DERIVED, sent, g),
        ]
        self.stats.created[cls] = self.stats.created.get(cls, 0) + 1
        return node

    def _relation(self, s: str, p: str, o: str, sent: ox.NamedNode, out: list[ox.Quad]) -> None:
        g, pi = self.g, E[p]
        sn, on = ox.NamedNode(iris.entity_str(s)), ox.NamedNode(iris.entity_str(o))
        st = ox.NamedNode(iris.statement_str(self.sid, s, p, o))
        out += [
            ox.Quad(sn, pi, on, g),
            ox.Quad(st, TYPE, E.Statement, g),
            ox.Quad(st, SUBJECT, sn, g),
            ox.Quad(st, PREDICATE, pi, g),
            ox.Quad(st, OBJECT, on, g),
            ox.Quad(st, DERIVED, sent, g),
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
        local = fill(spec["id"], row.values, value)
        self.known[key] = local
        self.minted.add(local)
        node = self._entity(local, spec["class"], value, sent, out)
        if spec.get("scheme"):
            out.append(ox.Quad(node, IN_SCHEME, E[spec["scheme"]], self.g))
            out.append(ox.Quad(node, PREF_LABEL, ox.Literal(value, language="zh"), self.g))
        for rel in spec.get("relations", []):
            obj = self._ref(rel["object"], row, sent, out)
            if obj:
                self._relation(local, rel["predicate"], obj, sent, out)
        return local

    def row(self, row: Row) -> list[ox.Quad]:
        """The quads of one validated row (its sentence, entities, statements and posts)."""
        out: list[ox.Quad] = []
        sent = self._sentence(row, out)
        subj = self.m.subject
        v = row.values
        local = fill(subj["id"], v)
        node = self._entity(local, subj["class"], v[subj["label"]], sent, out)
        if subj.get("identifier"):
            out.append(ox.Quad(node, IDENTIFIER, ox.Literal(v[subj["identifier"]]), self.g))
        for prop, col in subj.get("dates", {}).items():
            if v.get(col):
                out.append(ox.Quad(node, E[prop], ox.Literal(v[col], datatype=DATE), self.g))
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
            pid = fill(post["id"], v)
            person = self._entity(pid, "Person", holder, sent, out)
            pn, g = ox.NamedNode(iris.post_str(pid)), self.g
            out += [
                ox.Quad(pn, TYPE, E.Post, g),
                ox.Quad(pn, E.holder, person, g),
                ox.Quad(pn, E.postIn, node, g),
                ox.Quad(pn, E.postTitle, ox.Literal(post["title"], language="zh"), g),
                ox.Quad(pn, E.asOf, ox.Literal(self.as_of.isoformat(), datatype=DATE), g),
                ox.Quad(pn, E.year, ox.Literal(str(self.as_of.year), datatype=INTEGER), g),
                ox.Quad(pn, DERIVED, sent, g),
            ]
        return out
