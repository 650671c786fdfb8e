"""Validated records -> an rdflib Dataset: one named graph per source, IRI minting, SHACL validation."""
