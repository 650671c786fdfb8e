"""Entity names to ids: the one resolver behind every command that takes an entity's name.

A :class:`Names` index is a pure lookup over ``(id, names)`` pairs.  A name given by a user is
looked up as

1. the id itself (``taiping_bird``), its full IRI (``https://w3id.org/ecokg/id/taiping_bird``)
   or its CURIE (``ekg:taiping_bird``);
2. any name of the entity -- Chinese or English label, alias -- compared after
   :func:`normalize` (NFKC, so full-width and half-width forms agree; case-folded; every kind
   of quotation mark unified; whitespace removed);
3. else the part of a name: when exactly one entity has a name containing it, that entity.

Several entities at step 2 or 3 raise :class:`AmbiguousName`, none raises
:class:`UnknownName` with "did you mean" candidates.  Both are :class:`NameLookupError`
(a :class:`LookupError`) and list their candidates as ``(id, label, type)``.

Build an index from a networkx graph's node attributes (:meth:`Names.from_graph`: ``label``,
``label_en``, ``aliases``) or from a Dataset's ``rdfs:label`` / ``skos:altLabel``
(:meth:`Names.from_dataset`); :func:`resolve` is the shortcut for a graph.  :func:`term_indexes`
indexes a Dataset's other named terms too: articles (``src:``, by title) and ontology classes and
properties (``eco:``, by label), for the query parameters that name them.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("haishu", label="海曙区", label_en="Haishu District", aliases=["海曙"], type="District")
>>> G.add_node("haishu_gov", label="海曙区人民政府", type="GovernmentBody")
>>> [resolve(G, n) for n in ("海曙", "haishu district", "ekg:haishu", "人民政府")]
['haishu', 'haishu', 'haishu', 'haishu_gov']
>>> resolve(G, "海曙区人")
'haishu_gov'
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ecokg.namespaces import PREFIXES

#: How many candidates an error lists at most.
CANDIDATES = 10
#: The names of every entity in a Dataset (read from its default graph, the build's asserted
#: graph: :mod:`ecokg.dataset.asserted`); an article (``eco:SourceArticle``) is named by its ``dcterms:title``.
DATASET_NAMES_QUERY = (
    "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())
    + """
SELECT DISTINCT ?e ?name ?zh ?type WHERE {
  { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } UNION { ?e a eco:SourceArticle ; dcterms:title ?name }
  OPTIONAL { ?e rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?e a ?type }
}"""
)
#: The namespaces :func:`term_indexes` indexes, by prefix: entities, articles, ontology terms.
TERM_PREFIXES = ("ekg", "src", "eco")
#: What messages call a term of each namespace.
NOUNS = {"ekg": ("entity", "entities"), "src": ("article", "articles"), "eco": ("ontology term", "ontology terms")}
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»「」『』＂"} | {c: "'" for c in "‘’‚‛"})


class NameLookupError(LookupError):
    """A name matched no entity or several; ``candidates`` lists ``(id, label, type)``."""

    def __init__(self, name: str, candidates: Sequence[tuple[Any, str, str]], message: str) -> None:
        super().__init__(message)
        self.name = name
        self.candidates = list(candidates)

    def __str__(self) -> str:
        lines = [self.args[0]]
        lines += [f"  {label}  ({node}, {typ})" for node, label, typ in self.candidates]
        return "\n".join(lines)


class UnknownName(NameLookupError):
    """No entity has this name or a name containing it; ``candidates`` are similar names."""


class AmbiguousName(NameLookupError):
    """Several entities have this name (or a name containing it); ``candidates`` lists them."""


def normalize(name: str) -> str:
    """The form names are compared in: NFKC, case-folded, unified quotes, no whitespace.

    >>> normalize("  “246”万千亿级 产业集群 ") == normalize('"246"万千亿级产业集群')
    True
    >>> normalize("ＳｕｐＯＳ"), normalize("Haishu  District")
    ('supos', 'haishudistrict')
    """
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES).casefold()
    return "".join(text.split())


def _node_key(node: Hashable) -> tuple:
    # the order of ecokg.network.order.node_key (numbers numerically, then strings); the
    # query stage cannot import the network stage
    if isinstance(node, bool | int | float):
        return (0, node, "")
    return (1, 0, str(node))


def node_names(G: Any, node: Hashable) -> list[str]:
    """All names of a node of a networkx graph: id, label, aliases, English label.

    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_node("a", label="太平鸟", aliases=["太平鸟公司"], label_en="Peacebird")
    >>> node_names(G, "a")
    ['a', '太平鸟', '太平鸟公司', 'Peacebird']
    """
    d = G.nodes[node]
    out = [str(node), d.get("label") or "", *(d.get("aliases") or ()), d.get("label_en") or ""]
    return [n for n in out if n]


@dataclass(frozen=True)
class Entry:
    """One entity of the index: its id, every name it answers to, and how errors show it."""

    id: Hashable
    names: tuple[str, ...]
    label: str
    type: str


class Names:
    """A name index over entities (see the module docstring).

    >>> idx = Names([("a", ["宁波工程学院翠柏校区", "翠柏校区"]), ("b", ["翠柏里创新街区", "翠柏里"])])
    >>> idx.resolve("翠柏里"), idx.resolve("校区")
    ('b', 'a')
    >>> idx.resolve("翠柏")
    Traceback (most recent call last):
    ...
    ecokg.query.names.AmbiguousName: '翠柏' is part of the names of 2 entities:
      宁波工程学院翠柏校区  (a, )
      翠柏里创新街区  (b, )
    >>> idx.resolve("慈溪")
    Traceback (most recent call last):
    ...
    ecokg.query.names.UnknownName: no entity is called '慈溪' (and no similar name)
    """

    def __init__(self, entries: Iterable[Entry | tuple[Hashable, Iterable[str]]], prefix: str = "ekg") -> None:
        #: the namespace the ids are local names in (``ekg``: entities; ``src``, ``eco``)
        self.prefix = prefix
        self.noun, self.nouns = NOUNS.get(prefix, ("term", "terms"))
        self.entries: list[Entry] = []
        for e in entries:
            if not isinstance(e, Entry):
                node, names = e
                names = [str(n) for n in names if n]
                e = Entry(node, tuple(names), names[0] if names else str(node), "")
            self.entries.append(e)
        self.entries.sort(key=lambda e: _node_key(e.id))
        self._by_id: dict[str, Entry] = {str(e.id): e for e in self.entries}
        self._keys: list[tuple[Entry, list[str]]] = []
        self._exact: dict[str, list[Entry]] = {}
        for e in self.entries:
            keys = list(dict.fromkeys(k for n in (str(e.id), *e.names) if (k := normalize(n))))
            self._keys.append((e, keys))
            for k in keys:
                self._exact.setdefault(k, []).append(e)

    # ------------------------------------------------------------------ constructors

    @classmethod
    def from_graph(cls, G: Any) -> Names:
        """Every node of a networkx graph, named by its ``label``, ``label_en`` and ``aliases``."""
        return cls(
            Entry(n, tuple(node_names(G, n)[1:]), str(d.get("label") or n), str(d.get("type") or ""))
            for n, d in G.nodes(data=True)
        )

    @classmethod
    def from_dataset(cls, ds: Any, prefix: str = "ekg") -> Names:
        """Every entity of a built Dataset (``ekg:`` ids), named by ``rdfs:label`` and ``skos:altLabel``
        (or the terms of another namespace of :data:`TERM_PREFIXES`: see :func:`term_indexes`).

        >>> from rdflib import Dataset, Literal, RDFS
        >>> from ecokg.namespaces import ID
        >>> ds = Dataset()
        >>> _ = ds.add((ID.haishu, RDFS.label, Literal("海曙区", lang="zh")))
        >>> Names.from_dataset(ds).resolve("海曙")
        'haishu'
        """
        return term_indexes(ds, (prefix,))[prefix]

    # ------------------------------------------------------------------ lookup

    def _describe(self, e: Entry) -> tuple[Any, str, str]:
        return (e.id, e.label, e.type)

    def reference(self, name: str) -> str | None:
        """The local id ``name`` spells as a reference (``ekg:x``, ``<…/id/x>``, the full IRI), else None.

        >>> Names([]).reference("ekg:haishu"), Names([]).reference("<https://w3id.org/ecokg/id/x>")
        ('haishu', 'x')
        >>> Names([]).reference("haishu") is None
        True
        """
        text = name.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        for start in (PREFIXES[self.prefix], self.prefix + ":"):
            if text.startswith(start) and len(text) > len(start):
                return text[len(start) :]
        return None

    def _as_id(self, name: str) -> Entry | None:
        ref = self.reference(name)
        return self._by_id.get(ref if ref is not None else name.strip())

    def exact(self, name: str) -> Any:
        """The id of the entity with this id, IRI, CURIE or whole name; None when there is none
        (no part of a name is enough here).  Several raise :class:`AmbiguousName`.

        >>> idx = Names([("a", ["太平鸟"]), ("b", ["太平鸟集团"])])
        >>> idx.exact("太平鸟"), idx.exact("a"), idx.exact("太平")
        ('a', 'a', None)
        """
        by_id = self._as_id(name)
        if by_id is not None:
            return by_id.id
        key = normalize(name)
        exact = self._exact.get(key, []) if key else []
        if len(exact) > 1:
            raise AmbiguousName(name, [self._describe(e) for e in exact], f"{name!r} names {len(exact)} {self.nouns}:")
        return exact[0].id if exact else None

    def describe(self, node: Hashable) -> str:
        """How messages show an entity: its CURIE, label and type.

        >>> Names([Entry("haishu", ("海曙区",), "海曙区", "District")]).describe("haishu")
        'ekg:haishu (海曙区, District)'
        """
        e = self._by_id.get(str(node))
        inside = ", ".join(x for x in (e.label, e.type) if x) if e else ""
        return f"{self.prefix}:{node}" + (f" ({inside})" if inside else "")

    def containing(self, name: str) -> list[Hashable]:
        """Ids of the entities with a name that contains ``name`` (after :func:`normalize`)."""
        key = normalize(name)
        if not key:
            return []
        return [e.id for e, keys in self._keys if any(key in k for k in keys)]

    def similar(self, name: str, limit: int = CANDIDATES) -> list[Hashable]:
        """Ids of entities whose names are close to ``name`` or contained in it (for "did you mean")."""
        key = normalize(name)
        if not key:
            return []
        inside = []
        for i, (e, keys) in enumerate(self._keys):
            found = [len(k) for k in keys if len(k) >= 2 and k in key]
            if found:
                inside.append((-max(found), i, e.id))
        inside.sort()  # the longest name contained first
        close = difflib.get_close_matches(key, sorted(self._exact), n=limit, cutoff=0.5)
        out: list[Hashable] = []
        for node in [*(n for *_, n in inside), *(e.id for c in close for e in self._exact[c])]:
            if node not in out:
                out.append(node)
        return out[:limit]

    def resolve(self, name: str, *, partial: bool = True) -> Any:
        """The id of the entity called ``name`` (see the module docstring for the rules; with
        ``partial=False`` a part of a name is not enough).

        Raises
        ------
        AmbiguousName
            Several entities have this name, or a name containing it.
        UnknownName
            None has; ``candidates`` lists similar names.
        """
        by_id = self._as_id(name)
        if by_id is not None:
            return by_id.id
        ref = self.reference(name)
        if ref is not None:  # an explicit id that is not there: no guessing by names
            close = difflib.get_close_matches(ref, sorted(self._by_id), n=CANDIDATES, cutoff=0.6)
            near = [self._describe(self._by_id[n]) for n in close]
            msg = f"no {self.noun} has the id {self.prefix}:{ref}"
            raise UnknownName(name, near, msg + ("; did you mean:" if near else " (and no similar id)"))
        found = self.exact(name)
        if found is not None:
            return found
        part = self.containing(name) if partial else []
        if len(part) == 1:
            return part[0]
        if part:
            listed = [self._describe(self._by_id[str(n)]) for n in part]
            more = f" (the first {CANDIDATES})" if len(listed) > CANDIDATES else ""
            raise AmbiguousName(
                name, listed[:CANDIDATES], f"{name!r} is part of the names of {len(listed)} {self.nouns}{more}:"
            )
        near = [self._describe(self._by_id[str(n)]) for n in self.similar(name)]
        msg = f"no {self.noun} is called {name!r}" + ("; did you mean:" if near else " (and no similar name)")
        raise UnknownName(name, near, msg)


def term_indexes(ds: Any, prefixes: Sequence[str] = TERM_PREFIXES) -> dict[str, Names]:
    """A :class:`Names` index per namespace of a Dataset (or anything with ``.query``): the
    entities (``ekg``), the articles (``src``, by title) and the ontology's terms (``eco``).

    >>> from rdflib import Dataset, Literal, RDFS
    >>> from ecokg.namespaces import ECO, ID
    >>> ds = Dataset()
    >>> _ = ds.add((ECO.Organization, RDFS.label, Literal("组织", lang="zh")))
    >>> idx = term_indexes(ds)
    >>> idx["eco"].resolve("组织"), len(idx["ekg"].entries)
    ('Organization', 0)
    """
    starts = {p: str(PREFIXES[p]) for p in prefixes}
    names: dict[str, dict[str, list[str]]] = {p: {} for p in prefixes}
    labels: dict[str, str] = {}
    types: dict[str, str] = {}
    for row in ds.query(DATASET_NAMES_QUERY):
        iri = str(row["e"])
        prefix = next((p for p, start in starts.items() if iri.startswith(start)), None)
        if prefix is None:
            continue
        e = iri[len(starts[prefix]) :]
        names[prefix].setdefault(e, []).append(str(row["name"]))
        key = f"{prefix}:{e}"
        if row["zh"] is not None and (key not in labels or str(row["zh"]) < labels[key]):
            labels[key] = str(row["zh"])
        if row["type"] is not None:
            t = str(row["type"]).rsplit("#", 1)[-1]
            types[key] = min(t, types.get(key, t))
    return {
        p: Names(
            (
                Entry(e, tuple(sorted(set(ns))), labels.get(f"{p}:{e}", min(ns)), types.get(f"{p}:{e}", ""))
                for e, ns in names[p].items()
            ),
            prefix=p,
        )
        for p in prefixes
    }


def resolve(G: Any, name: str) -> Any:
    """The node of networkx graph ``G`` called ``name``: ``Names.from_graph(G).resolve(name)``."""
    return Names.from_graph(G).resolve(name)


__all__ = [
    "Names",
    "Entry",
    "term_indexes",
    "TERM_PREFIXES",
    "resolve",
    "normalize",
    "node_names",
    "NameLookupError",
    "UnknownName",
    "AmbiguousName",
    "CANDIDATES",
]
