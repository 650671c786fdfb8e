"""The explorer: an offline, self-contained HTML page (pyvis / vis-network) and static pictures."""
