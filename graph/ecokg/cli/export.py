"""Command ``ecokg export``: the projection as GraphML, GEXF, a Gephi CSV pair, Neo4j import CSVs
or Parquet (:mod:`ecokg.explore.export_files`), with the analysis commands' projection options and
``analyze``'s scores. This module only parses arguments and prints.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ecokg.cli.main import register
from ecokg.cli.projection_args import (
    add_projection_options,
    add_sampling_options,
    note_sampling,
    open_build,
    projection_from_args,
    trig_path,
    weight_attr,
)
from ecokg.network import centrality as C


def _configure_export(p: argparse.ArgumentParser) -> None:
    from ecokg.explore.export_files import FORMATS

    p.add_argument("--format", "-f", choices=FORMATS, required=True,
                   help="graphml, gexf (Gephi), csv (Gephi's nodes.csv + edges.csv), neo4j (neo4j-admin import "
                        "CSVs), parquet (nodes.parquet + edges.parquet; needs the export extra)")  # fmt: skip
    p.add_argument("-o", "--output", type=Path, metavar="PATH",
                   help="the file (graphml, gexf) or directory (csv, neo4j, parquet) to write "
                        "(default: BUILD/export/ecosystem.graphml, .gexf, gephi/, neo4j/, parquet/)")  # fmt: skip
    add_sampling_options(p)
    add_projection_options(p)


def _cmd_export(args: argparse.Namespace) -> int:
    from ecokg.explore.export_files import DEFAULT_NAMES, ExportError, districts_of, export, tables
    from ecokg.query.frames import MissingPandas

    out = args.output or trig_path(args).parent / "export" / DEFAULT_NAMES[args.format]
    ds = open_build(args)
    G = projection_from_args(args, ds)
    t = tables(G, districts=districts_of(ds), weight=weight_attr(args), k=args.k, seed=args.seed)
    try:
        written = export(t, args.format, out)
    except (ExportError, MissingPandas, OSError) as exc:
        print(f"ecokg export: {exc}", file=sys.stderr)
        return 1
    print(f"exported {len(t.nodes)} entities, {len(t.edges)} links ({args.format}):")
    for path in written:
        print(f"  -> {path}")
    if args.format == "neo4j":
        names = {p.name: p for p in written}
        print(f"  import: neo4j-admin database import full --nodes={names['nodes.csv']} "
              f"--relationships={names['relationships.csv']} neo4j")  # fmt: skip
    note_sampling(G, args.k, C.MEASURES)
    return 0


register("export", "write the projection for Gephi, Neo4j, pandas (GraphML, GEXF, CSV, Neo4j CSV, Parquet)",
         _configure_export, _cmd_export)  # fmt: skip
