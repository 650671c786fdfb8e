"""Inputs: strict YAML, the source registry and texts, dates, the ontology as data, typed fact records."""
