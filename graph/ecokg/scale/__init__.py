"""Beyond the curated graph: synthetic regions, registry import, Virtuoso and Spark back ends."""
