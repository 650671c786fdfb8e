"""The ontology as data: which classes and properties curated facts may use.

>>> onto = load_ontology()
>>> "Company" in onto.entity_classes and "Post" not in onto.entity_classes
True
>>> "broughtInBy" in onto.relation_properties and "holder" not in onto.relation_properties
True
>>> onto.is_a("ResearchInstitute", "Organization")
True

:func:`superclass_closure` is the one reflexive-transitive ``rdfs:subClassOf`` closure of the
package (networkx's :func:`~networkx.descendants`): the ontology index here and the network
projection (:mod:`ecokg.network.rows`) both use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import networkx as nx
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from ecokg.dataset.namespaces import ECO

ONTOLOGY_DIR = Path(__file__).resolve().parents[3] / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ecokg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

# Properties the build writes itself; curated relations may not use them.
_STRUCTURAL = {
    "holder", "postIn", "indicator", "refArea", "sector", "status", "measure", "unit",
    "inSource", "factsGraph", "area", "mentionedIn",
}  # fmt: skip


@dataclass(frozen=True)
class Ontology:
    graph: Graph
    entity_classes: frozenset[str]
    relation_properties: frozenset[str]
    superclasses: dict[str, frozenset[str]]

    def is_a(self, cls: str, ancestor: str) -> bool:
        """True when ``cls`` is ``ancestor`` or one of its subclasses."""
        return ancestor in self.superclasses.get(cls, frozenset())


def _local(term: URIRef) -> str | None:
    s = str(term)
    base = str(ECO._NS)
    return s[len(base) :] if s.startswith(base) else None


def superclass_closure(pairs: Iterable[tuple[str, str]], classes: Iterable[str] = ()) -> dict[str, frozenset[str]]:
    """Reflexive-transitive superclasses of every class in ``pairs`` (``(class, superclass)``)
    and ``classes``: each class maps to itself and everything above it.

    >>> sup = superclass_closure([("Company", "Organization"), ("Organization", "Entity")], ["Place"])
    >>> sorted(sup["Company"]), sorted(sup["Place"]), sorted(sup["Entity"])
    (['Company', 'Entity', 'Organization'], ['Place'], ['Entity'])
    >>> sorted(superclass_closure([("A", "B"), ("B", "A")])["A"])  # a cycle is harmless
    ['A', 'B']
    """
    up = nx.DiGraph()
    up.add_nodes_from(classes)
    up.add_edges_from(pairs)
    return {c: frozenset(nx.descendants(up, c) | {c}) for c in up}


@lru_cache(maxsize=4)
def load_ontology(path: Path = ONTOLOGY_FILE) -> Ontology:
    """Parse the ontology and index its classes and relation properties."""
    g = Graph().parse(path, format="turtle")
    classes = [n for cls in g.subjects(RDF.type, OWL.Class) if (n := _local(cls))]  # type: ignore[arg-type]
    pairs = [
        (c, s)
        for sub, sup in g.subject_objects(RDFS.subClassOf)
        if (c := _local(sub)) and (s := _local(sup))  # type: ignore[arg-type]
    ]
    closure = superclass_closure(pairs, classes)
    supers = {c: closure[c] for c in classes}
    entity_classes = frozenset(c for c, s in supers.items() if "Entity" in s and c != "Entity")
    rel = frozenset(
        n
        for p in g.subjects(RDF.type, OWL.ObjectProperty)
        if (n := _local(p)) and n not in _STRUCTURAL  # type: ignore[arg-type]
    )
    return Ontology(g, entity_classes, rel, supers)
