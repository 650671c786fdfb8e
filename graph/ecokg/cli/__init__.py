"""The ``ecokg`` command line: argument parsing and printing over the Python API, no domain logic."""
