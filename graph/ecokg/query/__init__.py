"""SPARQL over the build: safety checks, parameters, the named query library, results, stores, remote stores."""
