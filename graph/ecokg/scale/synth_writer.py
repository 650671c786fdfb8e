"""The quad writer of the synthetic region: N-Quads (or one-quad TriG) lines, one article after another.

:class:`QuadWriter` mints the region's source articles and sentences, writes entities and
relations (each relation also as an ``eco:Statement``) in the curated build's shape, counts
quads and hands lines to the output in blocks. As in the build, every statement goes into its
named graph and its triple once into the default graph, the asserted graph
(:mod:`ecokg.dataset.asserted`): a triple that another graph states again (a reporter's name in
each of their articles, a corroborated relation) is written there again with ``again=True``,
which leaves out its second default-graph line, so the region is never held in memory to
deduplicate it. The IRIs come from :mod:`ecokg.dataset.iris`; the vocabulary from the closed
namespaces (``ECO``, rdflib's ``RDF``, ``RDFS``, ``SKOS``, ``PROV``, ``DCTERMS``) in their
N-Triples forms, made once (:class:`ecokg.dataset.iris.TermForms`), so a misspelt term fails.

>>> import io
>>> buf = io.StringIO()
>>> w = QuadWriter(buf, seed=1, stats=RegionStats())
>>> s = w.sentence("合成市是一座城市。")
>>> w.entity(iris.entity_nt("syn1_city"), "City", "合成市", s)
>>> w.flush()
>>> print("\\n".join(buf.getvalue().splitlines()[-2:]))
<https://w3id.org/ecokg/id/syn1_city> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/ecokg/source/syn1-a00000/span/0-9> <https://w3id.org/ecokg/graph/source/syn1-a00000> .
<https://w3id.org/ecokg/id/syn1_city> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/ecokg/source/syn1-a00000/span/0-9> .
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO

from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ecokg.dataset import iris
from ecokg.dataset.iris import TermForms, nt
from ecokg.inputs.ontology import ONTOLOGY_FILE
from ecokg.namespaces import ECO, ONTOLOGY_GRAPH, SOURCES_GRAPH
from ecokg.scale.synth_plan import ENTITIES_PER_ARTICLE, RegionStats

#: ``eco:`` terms in N-Triples form (``E.year``, ``E["Company"]``).
E = TermForms(ECO, nt)
TYPE = nt(RDF.type)
LABEL = nt(RDFS.label)
ALT = nt(SKOS.altLabel)
IN_SCHEME = nt(SKOS.inScheme)
PREF_LABEL = nt(SKOS.prefLabel)
BROADER = nt(SKOS.broader)
DERIVED = nt(PROV.wasDerivedFrom)
SUBJECT, PREDICATE, OBJECT = nt(RDF.subject), nt(RDF.predicate), nt(RDF.object)
TITLE, ISSUED, LANGUAGE = nt(DCTERMS.title), nt(DCTERMS.issued), nt(DCTERMS.language)
META = nt(SOURCES_GRAPH)

#: Typed literals: ``integer(2020)`` is ``"2020"^^<...XMLSchema#integer>``.
integer = ('"{}"^^' + nt(XSD.integer)).format
xsd_date = ('"{}"^^' + nt(XSD.date)).format
decimal = ('"{}"^^' + nt(XSD.decimal)).format


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def zh(text: str) -> str:
    """A Chinese language-tagged literal.

    >>> zh('宁波"港"')
    '"宁波\\\\"港\\\\""@zh'
    """
    return f'"{_esc(text)}"@zh'


def en(text: str) -> str:
    """An English language-tagged literal."""
    return f'"{_esc(text)}"@en'


def plain(text: str) -> str:
    """A plain (``xsd:string``) literal."""
    return f'"{_esc(text)}"'


class QuadWriter:
    """Mints sentences and articles; counts quads; hands lines to the output (``trig``: one-quad
    TriG blocks, ``<g> { s p o . }``, and default-graph triples at the top level, instead of
    N-Quads)."""

    def __init__(self, out: IO[str], seed: int, stats: RegionStats, trig: bool = False):
        self.out = out
        self.trig = trig
        self.seed = seed
        self.stats = stats
        self.prefix = f"syn{seed}"
        self.article = -1
        self.per_article = ENTITIES_PER_ARTICLE
        self.in_article = ENTITIES_PER_ARTICLE
        self.offset = 0
        self.line = 0
        self.graph = ""
        self.src = ""
        self.buf: list[str] = []
        #: Called once at the start of every article (after its metadata): the article's byline.
        self.on_article: Callable[[], None] | None = None

    def q(self, s: str, p: str, o: str, g: str | None = None, again: bool = False) -> None:
        """Write one quad (in the current article's graph unless ``g`` is given) and its triple in the
        default graph, unless ``again``: another graph stated the triple before."""
        self.put(f"{s} {p} {o}", g or self.graph, again)

    def put(self, triple: str, g: str, again: bool = False) -> None:
        """Write ``triple`` (``s p o`` in N-Triples terms) into the graph ``g`` and, unless ``again``,
        into the default graph."""
        self.buf.append(f"{g} {{ {triple} . }}\n" if self.trig else f"{triple} {g} .\n")
        self.stats.triples += 1
        self.stats.quads += 1
        if not again:
            self.buf.append(f"{triple} .\n")
            self.stats.quads += 1
        if len(self.buf) >= 4096:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self.buf))
        self.buf.clear()

    def _new_article(self) -> None:
        self.article += 1
        self.in_article = 0
        self.offset = 0
        self.line = 0
        sid = self.graph_id()
        self.src = iris.source_nt(sid)
        self.graph = iris.source_graph_nt(sid)
        year = 2016 + self.article % 9
        self.q(self.src, TYPE, E.SourceArticle, META)
        self.q(self.src, TITLE, zh(f"合成区域产业报道（第{self.article + 1}篇）"), META)
        self.q(self.src, ISSUED, xsd_date(f"{year}-06-01"), META)
        self.q(self.src, E.year, integer(year), META)
        self.q(self.src, E.datePrecision, plain("day"), META)
        self.q(self.src, E.factsGraph, self.graph, META)
        self.q(self.src, LANGUAGE, plain("zh"), META)
        self.q(self.src, E.sourceFile, plain(f"synthetic/{sid}.txt"), META)
        self.q(self.src, E.area, iris.entity_nt(f"{self.prefix}_city"), META)
        self.stats.articles += 1
        if self.on_article is not None:
            self.on_article()

    def sentence(self, text: str) -> str:
        """Mint the next sentence of the current article and return its IRI."""
        if self.in_article >= self.per_article:
            self._new_article()
        self.in_article += 1
        start, end = self.offset, self.offset + len(text)
        self.offset = end + 1
        self.line += 1
        node = iris.sentence_nt(self.graph_id(), start, end)
        self.q(node, TYPE, E.Sentence, META)
        self.q(node, E.text, zh(text), META)
        self.q(node, E.inSource, self.src, META)
        self.q(node, E.startOffset, integer(start), META)
        self.q(node, E.endOffset, integer(end), META)
        self.q(node, E.lineNumber, integer(self.line), META)
        self.q(node, E.sentenceNumber, integer(self.line), META)
        self.stats.sentences += 1
        return node

    def entity(
        self, node: str, cls: str, label: str, sent: str, label_en: str | None = None, again: bool = False
    ) -> None:
        """An entity of class ``eco:cls`` named in the current article, derived from ``sent``
        (``again``: an earlier article named it, with the same class and labels)."""
        self.q(node, TYPE, E[cls], again=again)
        self.q(node, LABEL, zh(label), again=again)
        if label_en:
            self.q(node, LABEL, en(label_en), again=again)
        self.q(node, E.mentionedIn, self.src)
        self.q(node, DERIVED, sent)
        self.stats.classes[cls] = self.stats.classes.get(cls, 0) + 1

    def relation(
        self, s: str, p: str, o: str, sent: str, s_local: str, o_local: str, symmetric: bool = False,
        again: bool = False,
    ) -> str:  # fmt: skip
        """The triple ``s eco:p o`` (both ways if ``symmetric``) and its ``eco:Statement`` (returned);
        ``again``: an earlier article stated the triple (this article's statement is new)."""
        pi = E[p]
        self.q(s, pi, o, again=again)
        if symmetric:
            self.q(o, pi, s, again=again)
        st = iris.statement_nt(self.graph_id(), s_local, p, o_local)
        self.q(st, TYPE, E.Statement)
        self.q(st, SUBJECT, s)
        self.q(st, PREDICATE, pi)
        self.q(st, OBJECT, o)
        self.q(st, DERIVED, sent)
        return st

    def graph_id(self) -> str:
        """The id of the current article (and of its named graph)."""
        return f"{self.prefix}-a{self.article:05d}"


def ontology_triples() -> Iterator[str]:
    """The ontology's triples (``s p o`` in N-Triples terms), sorted; written into ``ekgg:ontology``
    (:data:`ONTOLOGY`)."""
    g = Graph().parse(ONTOLOGY_FILE, format="turtle")
    for line in sorted(g.serialize(format="nt").splitlines()):
        if line.strip():
            yield line[:-2].rstrip()


#: The ontology's graph in N-Triples form.
ONTOLOGY = nt(ONTOLOGY_GRAPH)
