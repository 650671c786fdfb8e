"""Arguments shared by the network commands: the projection options, sampling, the build to read.

``projection_from_args`` turns the options into :func:`ecokg.network.projection.project`'s
arguments, so every network command (``ecokg.cli.network``, ``ecokg.cli.structure``) projects
the same way.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset

from ecokg.cli.main import add_store_option, build_trig
from ecokg.network import centrality as C
from ecokg.network.report import Report, silent

# ---------------------------------------------------------------------------- shared options


def add_projection_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("projection (see queries/projection-edges.rq)")
    g.add_argument("--build", type=Path, metavar="PATH", help="build directory or .trig file (default: ROOT/build)")
    add_store_option(g)
    g.add_argument(
        "--only-types",
        metavar="CLASS,...",
        help="keep only entities of these classes (superclasses select subclasses; e.g. Organization,Place)",
    )
    g.add_argument("--exclude-types", metavar="CLASS,...", help="drop entities of these classes")
    g.add_argument("--no-people", action="store_true", help="leave out persons (and their posts)")
    g.add_argument(
        "--no-programmes", action="store_true", help="leave out programmes, campaigns, policies, reforms, strategies"
    )
    g.add_argument("--no-sectors", action="store_true", help="leave out industry sectors")
    g.add_argument("--directed", action="store_true", help="directed graph (subject -> object)")
    g.add_argument("--weight", choices=("corroboration", "none"), default="corroboration",
                   help="edge weight: number of articles stating the link (default) or 1")  # fmt: skip


def add_sampling_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--k", type=int, default=None,
                   help=f"sample size for betweenness/closeness (default: exact up to {C.AUTO_SAMPLE_ABOVE} nodes, "
                        f"then {C.AUTO_SAMPLE_SIZE})")  # fmt: skip
    p.add_argument("--seed", type=int, default=0, help="seed for sampling and communities (default 0)")


def split_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def trig_path(args: argparse.Namespace) -> Path:
    return build_trig(args)


def open_build(args: argparse.Namespace) -> Dataset:
    from ecokg.query.store import open_dataset

    return open_dataset(trig_path(args), store=args.store)


#: The options that name classes (checked by :func:`check_class_options`).
CLASS_OPTIONS = ("only_types", "exclude_types", "show_types", "leader_types")


def check_class_options(args: argparse.Namespace, ds: Any) -> None:
    """Every class named in ``--only-types``, ``--exclude-types``, ``--show-types`` or
    ``--leader-types`` must be an entity class of the ontology (else
    :class:`~ecokg.network.projection.UnknownClass`, with the closest names; ``ecokg.cli.main``
    prints it and exits 1)."""
    from ecokg.network.projection import check_types, entity_classes
    from ecokg.network.rows import superclasses

    given = {o: split_list(getattr(args, o, None)) for o in CLASS_OPTIONS}
    if any(given.values()):
        known = entity_classes(superclasses(ds))
        for option, names in given.items():
            check_types(names, known, "--" + option.replace("_", "-"))


def projection_from_args(args: argparse.Namespace, ds: Any = None, report: Report = silent) -> nx.Graph:
    """The projection the command-line options ask for (the class options checked first); ``report``
    is told the stages (:func:`ecokg.cli.progress.progress`)."""
    from ecokg.network.projection import project

    if ds is None:
        report("load the build", 0, None)
        ds = open_build(args)
    report("project", 0, None)
    check_class_options(args, ds)
    only = split_list(args.only_types)
    return project(
        ds,
        types=only or None,
        exclude_types=split_list(args.exclude_types),
        include_people=not args.no_people,
        include_programmes=not args.no_programmes,
        include_sectors=not args.no_sectors,
        directed=args.directed,
        weight=None if args.weight == "none" else args.weight,
    )


def weight_attr(args: argparse.Namespace) -> str | None:
    return None if args.weight == "none" else "weight"


def node_label(G: nx.Graph, n: Any) -> str:
    return str(G.nodes[n].get("label") or n)


def note_sampling(G: nx.Graph, k: int | None, measures: Sequence[str], out: Any = None) -> None:
    kk = C.sample_size(G, k)
    if kk is not None and any(m in ("betweenness", "closeness") for m in measures):
        text = f"note: betweenness/closeness estimated from k={kk} sampled nodes of {len(G)} (set --k)"
        print(text, file=out or sys.stderr)  # stderr as it is now, not as it was at import


def print_summary(text: str, fmt: str) -> None:
    """A closing line: under a table on stdout, else on stderr (stdout stays machine-readable)."""
    print(("\n" + text) if fmt == "table" else text, file=sys.stdout if fmt == "table" else sys.stderr)


def score_text(v: float) -> str:
    return f"{v:.6f}"


def in_class(G: nx.Graph, n: Any, cls: str) -> bool:
    d = G.nodes[n]
    return cls == d.get("type") or cls in (d.get("classes") or ())
