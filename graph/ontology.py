"""The ontology as data: which classes and properties curated facts may use.

>>> onto = load_ontology()
>>> "Company" in onto.entity_classes and "Post" not in onto.entity_classes
True
>>> "broughtInBy" in onto.relation_properties and "holder" not in onto.relation_properties
True
>>> onto.is_a("ResearchInstitute", "Organization")
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from graph.namespaces import ECO

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ecokg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

# Properties the build writes itself; curated relations may not use them.
_STRUCTURAL = {
    "holder", "postIn", "indicator", "refArea", "sector", "status", "measure", "unit",
    "inSource", "factsGraph", "area", "mentionedIn",
    "statedBy", "speakerPost", "byline", "contributor", "contributorRole", "authorOf", "division", "withinDivision",
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


@lru_cache(maxsize=4)
def load_ontology(path: Path = ONTOLOGY_FILE) -> Ontology:
    """Parse the ontology and index its classes and relation properties."""
    g = Graph().parse(path, format="turtle")
    supers: dict[str, set[str]] = {}
    for cls in g.subjects(RDF.type, OWL.Class):
        name = _local(cls)  # type: ignore[arg-type]
        if name is None:
            continue
        seen = {name}
        stack = [cls]
        while stack:
            for sup in g.objects(stack.pop(), RDFS.subClassOf):
                sname = _local(sup)  # type: ignore[arg-type]
                if sname and sname not in seen:
                    seen.add(sname)
                    stack.append(sup)
        supers[name] = seen
    entity_classes = frozenset(c for c, s in supers.items() if "Entity" in s and c != "Entity")
    rel = frozenset(
        n
        for p in g.subjects(RDF.type, OWL.ObjectProperty)
        if (n := _local(p)) and n not in _STRUCTURAL  # type: ignore[arg-type]
    )
    return Ontology(g, entity_classes, rel, {k: frozenset(v) for k, v in supers.items()})
