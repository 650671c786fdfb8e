"""Subcommands for working at scale: ``ecokg synth`` and ``ecokg import-registry``.

>>> parse_size("10k"), parse_size("1M"), parse_size("2500"), parse_size("1.5m")
(10000, 1000000, 2500, 1500000)
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from ecokg.cli.main import register

_SUFFIX = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_size(text: str) -> int:
    """Parse ``10k``, ``100K``, ``1M``, ``2.5m`` or a plain integer."""
    t = text.strip().lower().replace("_", "")
    if t and t[-1] in _SUFFIX:
        return int(float(t[:-1]) * _SUFFIX[t[-1]])
    return int(t)


def _configure_synth(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--size",
        type=parse_size,
        default=parse_size("10k"),
        help="target triples in the named graphs, each also written once into the default graph: 10k, 1M, ... "
        "(default 10k)",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (same size and seed: same bytes)")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="output file: .nq, .trig, optionally .gz (default: stdout, N-Quads)",
    )
    p.add_argument("--no-ontology", action="store_true", help="leave out the ontology graph")


def _cmd_synth(args: argparse.Namespace) -> int:
    from ecokg.scale.synth import synth_to_file, write_region

    t0 = time.perf_counter()
    if args.output is None:
        stats = write_region(sys.stdout, args.size, args.seed, not args.no_ontology)
        sys.stdout.flush()
        where = "stdout"
    else:
        stats = synth_to_file(args.output, args.size, args.seed, not args.no_ontology)
        where = str(args.output)
    dt = time.perf_counter() - t0
    print(
        f"synth: {stats.triples:,} statements in named graphs, {stats.quads:,} quads with the default graph -> "
        f"{where} in {dt:.2f} s ({stats.companies:,} companies, "
        f"{stats.partnerships:,} partnerships, {stats.people:,} people, {stats.institutes:,} institutes, "
        f"{stats.districts} districts, {stats.parks} parks, {stats.observations:,} figures, {stats.articles} articles)",
        file=sys.stderr,
    )
    return 0


def _configure_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("csv", type=Path, help="the registry CSV (header row first)")
    p.add_argument(
        "--mapping",
        type=Path,
        help="declared mapping (default: the workspace's data/mappings/company-registry.yaml, else the package's)",
    )
    p.add_argument(
        "--db",
        type=Path,
        metavar="DIR",
        help="on-disk Oxigraph store directory to import into (created if missing; default: in memory); "
        "the import is staged beside it and swapped in whole, so a failed or killed import changes nothing",
    )
    p.add_argument(
        "--base",
        type=Path,
        help="TriG/N-Quads to load into the store first (e.g. build/ecosystem.trig), so names link to curated entities",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="also write the imported quads as N-Quads (atomically: the file appears whole or not at all)",
    )
    p.add_argument(
        "--as-of", type=date.fromisoformat, help="the registry's date, YYYY-MM-DD (default: file modification date)"
    )
    p.add_argument("--batch", type=int, default=5000, help="rows per store batch (default 5000)")
    p.add_argument(
        "--progress", action="store_true", help="draw a progress bar on stderr even when it is not a terminal"
    )
    p.add_argument("--check", action="store_true", help="only validate the rows; import nothing")


def _cmd_import(args: argparse.Namespace) -> int:
    from ecokg.inputs.errors import InputErrors
    from ecokg.scale.registry_import import import_into_directory
    from ecokg.scale.registry_mapping import Mapping, validate_file

    mapping = Mapping.load(args.mapping or args.project.registry_mapping)
    if args.check:
        n, errors = validate_file(args.csv, mapping)
        if errors:
            raise InputErrors(errors)
        print(f"{args.csv}: {n:,} rows, all valid")
        return 0
    where = f"the store at {args.db}" if args.db else "nothing"
    try:
        stats, removed = import_into_directory(
            args.csv,
            args.db,
            mapping,
            base=args.base,
            output=args.output,
            as_of=args.as_of,
            batch_rows=args.batch,
            progress=args.progress or sys.stderr.isatty(),
        )
    except InputErrors:
        print(
            f"ecokg: nothing was imported: {where} and {args.output or 'no -o file'} are as they were", file=sys.stderr
        )
        raise
    except OSError as exc:  # an unreadable CSV or --base, a store another process holds open, a full disk
        print(
            f"ecokg: {exc}; nothing was imported: {where} and {args.output or 'no -o file'} are as they were",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print(
            f"\necokg: interrupted; nothing was imported: {where} and {args.output or 'no -o file'} are as they were",
            file=sys.stderr,
        )
        return 130
    for path in removed:
        print(f"ecokg: removed {path}, left by an import that was killed", file=sys.stderr)
    created = ", ".join(f"{n:,} {c}" for c, n in sorted(stats.created.items()))
    linked = ", ".join(f"{n:,} {c}" for c, n in sorted(stats.linked.items())) or "none"
    print(
        f"imported {stats.rows:,} rows as {stats.quads:,} quads in {stats.seconds:.2f} s "
        f"({stats.rows / max(stats.seconds, 1e-9):,.0f} rows/s); created {created}; linked to existing: {linked}"
    )
    return 0


register(
    "synth",
    "write a synthetic, SHACL-valid region graph of N triples (streamed N-Quads/TriG)",
    _configure_synth,
    _cmd_synth,
    needs_project=False,  # a synthetic region of the package's ontology, written where -o says
)
register(
    "import-registry",
    "validate and bulk-import a company registry CSV through the declared mapping",
    _configure_import,
    _cmd_import,
)
