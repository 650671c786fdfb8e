"""Command ``ecokg init DIR [--copy-ontology] [--copy-queries] [--name NAME]``: a new workspace.

The work is done by :func:`ecokg.workspace_init.init_workspace`; this module only parses the
arguments and reports.  Exit codes: 0 created, 1 refused (a workspace or its files exist).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ecokg.cli.main import register


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("directory", type=Path, metavar="DIR", help="where to create the workspace (created if missing)")
    p.add_argument("--name", help="the workspace's name (default: the directory's name)")
    p.add_argument(
        "--copy-ontology",
        action="store_true",
        help="copy the ontology and SHACL shapes in (default: use the package's)",
    )
    p.add_argument(
        "--copy-queries", action="store_true", help="copy the named-query library in (default: use the package's)"
    )


def _cmd_init(args: argparse.Namespace) -> int:
    from ecokg.workspace_init import init_workspace

    ws = init_workspace(
        args.directory, name=args.name, copy_ontology=args.copy_ontology, copy_queries=args.copy_queries
    )
    print(f"created ecokg workspace {ws.name!r} in {ws.root}; next steps: {ws.root / 'README.md'}")
    return 0


register("init", "create a new, empty workspace for your own corpus", _configure, _cmd_init, needs_project=False)
