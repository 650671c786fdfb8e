"""From validated records to an rdflib Dataset: one named graph per source article.

Named graphs:

* ``ekgg:ontology`` -- the ontology;
* ``ekgg:sources`` -- the articles (title, date and how it was inferred, reporters) and the
  quoted sentences that facts derive from;
* ``ekgg:source/<id>`` -- what one article states: entities it names, relations (each also
  as an ``eco:Statement`` pointing to its sentence), posts and figures.

A fact stated by two articles is in both articles' graphs, so corroboration can be counted.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ecokg.dataset import iris
from ecokg.inputs.dates import When
from ecokg.inputs.model import DATE_FIELDS, MEASURES, STATUSES, UNITS, Facts
from ecokg.inputs.ontology import Ontology, load_ontology
from ecokg.inputs.sources import Source, Span
from ecokg.namespaces import ECO, ONTOLOGY_GRAPH, PREFIXES, SOURCES_GRAPH

_SCHEMES = {"IndustrySector": ECO.SectorScheme, "Indicator": ECO.IndicatorScheme, "Designation": ECO.DesignationScheme}
_SYMMETRIC = {"cooperatesWith"}


def date_literal(when: When) -> Literal:
    """The typed literal for a date at its precision.

    >>> date_literal(When(2022, 4, 20)).datatype.endswith("date")
    True
    >>> str(date_literal(When(2021, 6)))
    '2021-06'
    """
    dtype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[when.precision]
    return Literal(when.iso(), datatype=dtype)


def decimal_literal(d: Decimal) -> Literal:
    """An ``xsd:decimal`` literal in its canonical form, which survives every syntax.

    >>> str(decimal_literal(Decimal("1e8"))), str(decimal_literal(Decimal("77.120")))
    ('100000000.0', '77.12')
    """
    text = format(d.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def bind_prefixes(g: Graph | Dataset) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)


def build_dataset(facts: Facts, onto: Ontology | None = None) -> Dataset:
    """Build the knowledge graph as an rdflib Dataset (memory store)."""
    onto = onto or load_ontology()
    ds = Dataset()
    bind_prefixes(ds)
    og = ds.graph(ONTOLOGY_GRAPH)
    for t in onto.graph:
        og.add(t)
    meta = ds.graph(SOURCES_GRAPH)
    graphs = {sid: ds.graph(iris.source_graph(sid)) for sid in facts.sources}
    for src in facts.sources.values():
        _add_source(meta, src)

    written: set[URIRef] = set()

    def sentence(sid: str, span: Span) -> URIRef:
        node = iris.sentence(sid, span.start, span.end)
        if node not in written:
            written.add(node)
            meta.add((node, RDF.type, ECO.Sentence))
            meta.add((node, ECO.text, Literal(span.text, lang="zh")))
            meta.add((node, ECO.inSource, iris.source(sid)))
            meta.add((node, ECO.startOffset, Literal(span.start)))
            meta.add((node, ECO.endOffset, Literal(span.end)))
            meta.add((node, ECO.lineNumber, Literal(span.line)))
            meta.add((node, ECO.sentenceNumber, Literal(span.sentence)))
        return node

    for ent in facts.entities.values():
        node = iris.entity(ent.id)
        for m in ent.mentions:
            g = graphs[m.source]
            g.add((node, RDF.type, ECO[ent.type]))
            g.add((node, RDFS.label, Literal(ent.label, lang="zh")))
            if ent.en:
                g.add((node, RDFS.label, Literal(ent.en, lang="en")))
            for name in m.alt:
                if name != ent.label:
                    g.add((node, SKOS.altLabel, Literal(name, lang="zh")))
            if ent.type in _SCHEMES:
                g.add((node, SKOS.inScheme, _SCHEMES[ent.type]))
                g.add((node, SKOS.prefLabel, Literal(ent.label, lang="zh")))
            if ent.broader:
                g.add((node, SKOS.broader, iris.entity(ent.broader)))
            g.add((node, ECO.mentionedIn, iris.source(m.source)))
            g.add((node, PROV.wasDerivedFrom, sentence(m.source, m.span)))
            if m.note:
                g.add((node, ECO.note, Literal(m.note)))
            for key, when in m.dates.items():
                g.add((node, ECO[DATE_FIELDS[key]], date_literal(when)))

    for rel in facts.relations:
        g = graphs[rel.source]
        s, p, o = iris.entity(rel.s), ECO[rel.p], iris.entity(rel.o)
        g.add((s, p, o))
        if rel.p in _SYMMETRIC:
            g.add((o, p, s))
        st = iris.statement(rel.source, rel.s, rel.p, rel.o)
        g.add((st, RDF.type, ECO.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, sentence(rel.source, rel.span)))
        for key, when in rel.qualifiers.items():
            g.add((st, ECO[key], date_literal(when)))
            g.add((st, ECO.year, Literal(when.year)))
            if when.expression:
                g.add((st, ECO.timeExpression, Literal(when.expression, lang="zh")))
        if rel.role:
            g.add((st, ECO.role, Literal(rel.role, lang="zh")))
        if rel.note:
            g.add((st, ECO.note, Literal(rel.note)))

    for post in facts.posts:
        g = graphs[post.source]
        node = iris.post(post.id)
        g.add((node, RDF.type, ECO.Post))
        g.add((node, ECO.holder, iris.entity(post.person)))
        g.add((node, ECO.postIn, iris.entity(post.org)))
        g.add((node, ECO.postTitle, Literal(post.title, lang="zh")))
        if post.title_en:
            g.add((node, ECO.postTitle, Literal(post.title_en, lang="en")))
        g.add((node, ECO.asOf, date_literal(post.as_of)))
        g.add((node, ECO.year, Literal(post.as_of.year)))
        g.add((node, PROV.wasDerivedFrom, sentence(post.source, post.span)))
        if post.note:
            g.add((node, ECO.note, Literal(post.note)))

    for fig in facts.figures:
        g = graphs[fig.source]
        node = iris.observation(fig.source, fig.id)
        g.add((node, RDF.type, ECO.Observation))
        g.add((node, ECO.indicator, iris.entity(fig.indicator)))
        g.add((node, ECO.refArea, iris.entity(fig.of)))
        g.add((node, ECO.measure, ECO[MEASURES[fig.measure]]))
        g.add((node, ECO.status, ECO[STATUSES[fig.status]]))
        g.add((node, ECO.value, decimal_literal(fig.value)))
        g.add((node, ECO.multiplier, decimal_literal(fig.multiplier)))
        g.add((node, ECO.valueNormalized, decimal_literal(fig.value * fig.multiplier)))
        g.add((node, ECO.unit, ECO[UNITS[fig.unit]]))
        g.add((node, ECO.reportedValue, Literal(fig.reported, lang="zh")))
        if fig.year is None:
            g.add((node, ECO.yearUnstated, Literal(True)))
        else:
            g.add((node, ECO.year, Literal(fig.year.year)))
            if fig.year.expression:
                g.add((node, ECO.timeExpression, Literal(fig.year.expression, lang="zh")))
        if fig.period:
            g.add((node, ECO.period, Literal(fig.period)))
        if fig.scope:
            g.add((node, ECO.rankScope, Literal(fig.scope, lang="zh")))
        if fig.sector:
            g.add((node, ECO.sector, iris.entity(fig.sector)))
        if fig.compared_to:
            g.add((node, ECO.comparedTo, Literal(fig.compared_to, lang="zh")))
        if fig.qualifier:
            g.add((node, ECO.qualifier, Literal(fig.qualifier)))
        g.add((node, PROV.wasDerivedFrom, sentence(fig.source, fig.span)))
        if fig.note:
            g.add((node, ECO.note, Literal(fig.note)))
    _assert_no_blank_nodes(ds)
    return ds


def _add_source(meta: Graph, src: Source) -> None:
    node = iris.source(src.id)
    meta.add((node, RDF.type, ECO.SourceArticle))
    meta.add((node, DCTERMS.title, Literal(src.title, lang="zh")))
    meta.add((node, DCTERMS.issued, date_literal(src.date)))
    meta.add((node, ECO.year, Literal(src.date.year)))
    meta.add((node, ECO.datePrecision, Literal(src.date.precision)))
    meta.add((node, ECO.dateInference, Literal(src.date_inference)))
    meta.add((node, ECO.area, iris.entity(src.area)))
    meta.add((node, DCTERMS.language, Literal(src.language)))
    for r in src.reporters:
        meta.add((node, ECO.reporter, Literal(r, lang="zh")))
    meta.add((node, ECO.sourceFile, Literal(f"data/sources/{src.file.name}")))
    meta.add((node, ECO.sha256, Literal(src.sha256)))
    meta.add((node, ECO.factsGraph, iris.source_graph(src.id)))


def _assert_no_blank_nodes(ds: Dataset) -> None:
    """Byte-stable Turtle needs IRIs for everything referenced twice; ecokg mints IRIs for all."""
    for g in ds.graphs():
        if g.identifier == ONTOLOGY_GRAPH:
            continue
        for s, _p, o in g:
            if isinstance(s, BNode) or isinstance(o, BNode):  # pragma: no cover - guarded by design
                raise AssertionError(f"blank node in {g.identifier}: {s} {o}")


__all__ = ["build_dataset", "date_literal", "decimal_literal", "bind_prefixes", "OWL"]
