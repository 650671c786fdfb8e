"""The ontology as data: which classes and properties curated facts may use.

>>> onto = load_ontology()
>>> "Company" in onto.entity_classes and "Post" not in onto.entity_classes
True
>>> "broughtInBy" in onto.relation_properties and "holder" not in onto.relation_properties
True
>>> onto.is_a("ResearchInstitute", "Organization")
True

:func:`superclass_closure` is the one reflexive-transitive ``rdfs:subClassOf`` closure of the
package (rdflib's :meth:`~rdflib.graph.Graph.transitive_objects`; networkx would do too, but
``ecokg build`` must not import it): the ontology index here and the network projection
(:mod:`ecokg.network.rows`) both use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from ecokg.inputs.errors import InputError, InputErrors
from ecokg.namespaces import ECO
from ecokg.project import package_path

#: The package's copies (a workspace may have its own: ``Project.ontology_file``, ``.shapes_file``).
ONTOLOGY_DIR = package_path("ontology")
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


def superclass_closure(graph: Graph, classes: Iterable[URIRef] | None = None) -> dict[str, frozenset[str]]:
    """Reflexive-transitive superclasses (``rdfs:subClassOf*`` in ``graph``) of each ``eco:``
    class in ``classes`` (default: every subject of ``rdfs:subClassOf``), by local name.

    >>> g = Graph()
    >>> _ = g.add((ECO.Company, RDFS.subClassOf, ECO.Organization)).add((ECO.Organization, RDFS.subClassOf, ECO.Entity))
    >>> sup = superclass_closure(g, [ECO.Company, ECO.Place])
    >>> sorted(sup["Company"]), sorted(sup["Place"])
    (['Company', 'Entity', 'Organization'], ['Place'])
    >>> _ = g.add((ECO.Entity, RDFS.subClassOf, ECO.Company))  # a cycle is harmless
    >>> sorted(superclass_closure(g)["Entity"])
    ['Company', 'Entity', 'Organization']
    """
    todo = set(graph.subjects(RDFS.subClassOf, None)) if classes is None else set(classes)
    out: dict[str, frozenset[str]] = {}
    for cls in todo:
        name = _local(cls)  # type: ignore[arg-type]  # rdflib types subjects()/objects() as Node; OWL classes and properties are URIRefs
        if name is not None:
            ups = (_local(x) for x in graph.transitive_objects(cls, RDFS.subClassOf))  # type: ignore[arg-type]  # rdflib types subjects()/objects() as Node; OWL classes and properties are URIRefs
            out[name] = frozenset(u for u in ups if u)
    return out


def parse_turtle(path: Path, display: str | None = None) -> Graph:
    """Parse a Turtle input (the ontology, the shapes); every problem an :class:`InputErrors` naming the file.

    A syntax error names its line; nesting too deep for the parser is refused rather than crashing it;
    ``owl:imports`` is refused with its line, since ecokg never fetches anything (copy the terms you
    need into the workspace's ontology instead).
    """
    import sys

    from rdflib.plugins.parsers.notation3 import BadSyntax

    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputErrors([InputError(name, 1, f"cannot read the file: {exc}")]) from None
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, 3000))  # rdflib's Turtle parser recurses once per nested [ ] or ( )
        graph = Graph().parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        raise InputErrors(
            [InputError(name, int(getattr(exc, "lines", 0)) + 1, f"Turtle syntax: {exc.message}")]
        ) from None
    except RecursionError:
        raise InputErrors([InputError(name, 1, "nested too deeply for the Turtle parser")]) from None
    except Exception as exc:  # rdflib raises a variety of errors for bad terms  # noqa: BLE001
        raise InputErrors([InputError(name, 1, f"cannot parse the file: {exc}")]) from None
    finally:
        sys.setrecursionlimit(limit)
    imports = sorted(str(o) for o in graph.objects(None, OWL.imports))
    if imports:
        lines = [i for i, ln in enumerate(text.splitlines(), 1) if "owl:imports" in ln or str(OWL.imports) in ln]
        raise InputErrors(
            [
                InputError(
                    name,
                    lines[0] if lines else 1,
                    f"owl:imports {', '.join(imports)} is not followed: ecokg "
                    "fetches nothing; copy the terms you need into this file",
                )
            ]  # fmt: skip
        )
    return graph


@lru_cache(maxsize=4)
def load_ontology(path: Path = ONTOLOGY_FILE) -> Ontology:
    """Parse the ontology and index its classes and relation properties."""
    g = parse_turtle(path)
    supers = superclass_closure(g, g.subjects(RDF.type, OWL.Class))  # type: ignore[arg-type]  # rdflib types subjects()/objects() as Node; OWL classes and properties are URIRefs
    entity_classes = frozenset(c for c, s in supers.items() if "Entity" in s and c != "Entity")
    rel = frozenset(
        n
        for p in g.subjects(RDF.type, OWL.ObjectProperty)
        if (n := _local(p)) and n not in _STRUCTURAL  # type: ignore[arg-type]  # rdflib types subjects()/objects() as Node; OWL classes and properties are URIRefs
    )
    return Ontology(g, entity_classes, rel, supers)
