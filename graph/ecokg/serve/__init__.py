"""``ecokg serve``: a read-only, bounded SPARQL 1.1 Protocol endpoint with a query page."""
