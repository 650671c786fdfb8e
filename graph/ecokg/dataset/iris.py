"""IRIs: the one place that mints the IRIs of ecokg's instances.

The namespaces (``ekg:``, ``src:``, ``ekgg:``) are those of :mod:`ecokg.namespaces`;
this module fixes how a record becomes an IRI inside them:

=================  ==============================================================
entity             ``ekg:<id>``
statement          ``ekg:stmt/<source>/<subject>--<predicate>--<object>``
post               ``ekg:post/<id>``
observation        ``ekg:obs/<source>/<figure id>``
source article     ``src:<source>``
sentence           ``src:<source>/span/<start>-<end>`` (character offsets)
named graph        ``ekgg:source/<source>`` (what one article states)
=================  ==============================================================

Each kind comes in three forms, from one template: an rdflib ``URIRef`` (``statement``),
the IRI as a plain ``str`` (``statement_str``) and its N-Triples form ``<...>``
(``statement_nt``). The streaming writers (:mod:`ecokg.scale`) write millions of lines and use
the string forms, which are bound ``str.format`` methods: no ``URIRef`` is built and no
Python frame is entered per IRI.

>>> statement("2019-05-haishu", "taiping_bird", "locatedIn", "haishu")
rdflib.term.URIRef('https://w3id.org/ecokg/id/stmt/2019-05-haishu/taiping_bird--locatedIn--haishu')
>>> sentence_nt("a1", 0, 9)
'<https://w3id.org/ecokg/source/a1/span/0-9>'
>>> str(source_graph("a1")) == source_graph_str("a1")
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from rdflib import URIRef

from ecokg.namespaces import GRAPH, ID, SOURCE

_ID, _SRC, _GRAPH = str(ID), str(SOURCE), str(GRAPH)

# The templates: the scheme of every kind of IRI, written once.
_ENTITY = _ID + "{}"
_STATEMENT = _ID + "stmt/{}/{}--{}--{}"
_POST = _ID + "post/{}"
_OBSERVATION = _ID + "obs/{}/{}"
_SOURCE = _SRC + "{}"
_SENTENCE = _SRC + "{}/span/{}-{}"
_SOURCE_GRAPH = _GRAPH + "source/{}"


def nt(iri: str) -> str:
    """The N-Triples form of an IRI (any ``str``, ``URIRef`` included).

    >>> from rdflib import RDF
    >>> nt(RDF.type)
    '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>'
    """
    return f"<{iri}>"


#: ``entity_str(id)`` -- an entity's IRI as a string.
entity_str = _ENTITY.format
#: ``statement_str(source, s, p, o)`` -- the ``eco:Statement`` reifying one relation in one article.
statement_str = _STATEMENT.format
#: ``post_str(id)`` -- one post (a title held in an organisation as of a date).
post_str = _POST.format
#: ``observation_str(source, figure_id)`` -- one figure of one article.
observation_str = _OBSERVATION.format
#: ``source_str(source)`` -- a source article (or a bulk-imported file).
source_str = _SOURCE.format
#: ``sentence_str(source, start, end)`` -- a quoted sentence, by its character offsets.
sentence_str = _SENTENCE.format
#: ``source_graph_str(source)`` -- the named graph of what one source states.
source_graph_str = _SOURCE_GRAPH.format

entity_nt = nt(_ENTITY).format
statement_nt = nt(_STATEMENT).format
post_nt = nt(_POST).format
observation_nt = nt(_OBSERVATION).format
source_nt = nt(_SOURCE).format
sentence_nt = nt(_SENTENCE).format
source_graph_nt = nt(_SOURCE_GRAPH).format


def entity(local: str) -> URIRef:
    """An entity's IRI.

    >>> entity("taiping_bird")
    rdflib.term.URIRef('https://w3id.org/ecokg/id/taiping_bird')
    """
    return URIRef(_ENTITY.format(local))


def statement(source_id: str, s: str, p: str, o: str) -> URIRef:
    """The statement of relation ``s p o`` as stated by article ``source_id``."""
    return URIRef(_STATEMENT.format(source_id, s, p, o))


def post(post_id: str) -> URIRef:
    """A post's IRI.

    >>> post("wang--haishu_gov--2022-04-20--ab12cd34")
    rdflib.term.URIRef('https://w3id.org/ecokg/id/post/wang--haishu_gov--2022-04-20--ab12cd34')
    """
    return URIRef(_POST.format(post_id))


def observation(source_id: str, figure_id: str) -> URIRef:
    """The observation of figure ``figure_id`` in article ``source_id``."""
    return URIRef(_OBSERVATION.format(source_id, figure_id))


def source(source_id: str) -> URIRef:
    """A source article's IRI."""
    return URIRef(_SOURCE.format(source_id))


def sentence(source_id: str, start: int, end: int) -> URIRef:
    """The sentence of article ``source_id`` between character offsets ``start`` and ``end``.

    >>> sentence("a1", 0, 9)
    rdflib.term.URIRef('https://w3id.org/ecokg/source/a1/span/0-9')
    """
    return URIRef(_SENTENCE.format(source_id, start, end))


def source_graph(source_id: str) -> URIRef:
    """The named graph holding what one article states.

    >>> source_graph("a1")
    rdflib.term.URIRef('https://w3id.org/ecokg/graph/source/a1')
    """
    return URIRef(_SOURCE_GRAPH.format(source_id))


T = TypeVar("T")


class TermForms(Generic[T]):
    """A closed namespace's terms in another form (N-Triples text, pyoxigraph nodes), each made once.

    Attribute access goes through the namespace itself, so a term it does not define fails as
    it would there; the converted term is then kept as an attribute, so later look-ups cost a
    plain attribute read. ``forms[name]`` does the same for a name computed at run time.

    >>> from ecokg.namespaces import ECO
    >>> E = TermForms(ECO, nt)
    >>> E.mentionedIn
    '<https://w3id.org/ecokg/ontology#mentionedIn>'
    >>> E["Company"] == nt(ECO.Company)
    True
    >>> E.mentionedln
    Traceback (most recent call last):
    ...
    AttributeError: term 'mentionedln' not in namespace 'https://w3id.org/ecokg/ontology#'
    """

    def __init__(self, namespace: Any, form: Callable[[URIRef], T]):
        self._namespace = namespace
        self._form = form

    def __getattr__(self, name: str) -> T:
        if name.startswith("_"):
            raise AttributeError(name)
        value = self._form(getattr(self._namespace, name))
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> T:
        try:
            return self.__dict__[name]
        except KeyError:
            return self.__getattr__(name)


#: The prefix every per-source named graph starts with.
SOURCE_GRAPH_PREFIX = _SOURCE_GRAPH.format("")

__all__ = [
    "SOURCE_GRAPH_PREFIX",
    "TermForms",
    "entity",
    "entity_nt",
    "entity_str",
    "nt",
    "observation",
    "observation_nt",
    "observation_str",
    "post",
    "post_nt",
    "post_str",
    "sentence",
    "sentence_nt",
    "sentence_str",
    "source",
    "source_graph",
    "source_graph_nt",
    "source_graph_str",
    "source_nt",
    "source_str",
    "statement",
    "statement_nt",
    "statement_str",
]
