"""The ``ecokg`` command line (also ``python -m ecokg``).

Each subcommand is a thin layer over the Python API; every command module registers itself
with :func:`register` below.  Every command works on one workspace (:mod:`ecokg.project`):
``--project DIR``, else ``ECOKG_PROJECT``, else the first directory from the current one upwards
holding ``ecokg.toml``; its handler finds it as ``args.project`` (``ecokg init`` needs none).
Exit codes: 0 success, 1 bad input, failed validation or no workspace, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ecokg.inputs.errors import InputErrors
from ecokg.query.results import FORMATS, format_rows

Handler = Callable[[argparse.Namespace], int]

#: Commands that run without a workspace (they make one).
NO_PROJECT = {"init"}


def _cmd_build(args: argparse.Namespace) -> int:
    from ecokg.dataset.pipeline import build
    from ecokg.dataset.validate import SHACL_CACHE
    from ecokg.io.writer import write_build

    t0 = time.perf_counter()
    out = args.output or args.project.build_dir
    result = build(args.project, shacl=not args.no_shacl, shacl_cache=out / SHACL_CACHE)
    if result.violations:
        for v in result.violations:
            print(v, file=sys.stderr)
        print(f"{len(result.violations)} SHACL violation(s); nothing was written.", file=sys.stderr)
        return 1
    man = write_build(result.dataset, result.facts, args.project, out, result.shacl_record)
    dt = time.perf_counter() - t0
    print(f"built {man['quads']} quads in {len(man['graphs'])} named graphs, their {man['asserted']} distinct triples "
          f"in the default graph -> {out} ({dt:.2f} s)")  # fmt: skip
    for sid, c in man["sources"].items():
        print(
            f"  {sid}: {c['entities']} entities, {c['relations']} relations, {c['posts']} posts, {c['figures']} figures"
        )
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from ecokg.dataset.pipeline import build

    result = build(args.project, shacl=True)
    f = result.facts
    if result.violations:
        print(format_rows(["where", "node", "property", "value", "problem"],
                          [[v.where, v.focus, v.path, v.value, v.message] for v in result.violations]))  # fmt: skip
        print(f"\n{len(result.violations)} SHACL violation(s).")
        return 1
    print(
        f"valid: {len(f.sources)} sources, {len(f.entities)} entities, {len(f.relations)} relations, "
        f"{len(f.posts)} posts, {len(f.figures)} figures; every quote found in its source; SHACL conforms."
    )
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from ecokg.query.stats import KINDS, summary
    from ecokg.query.store import open_dataset

    s = summary(open_dataset((args.build or args.project.build_dir) / "ecosystem.trig", store=args.store))
    if args.format == "json":
        print(json.dumps(s, ensure_ascii=False, indent=2))
        return 0
    print(f"{s['totals'].get('entities', 0)} entities, {s['totals'].get('figures', 0)} figures\n")
    print(format_rows(["type", "entities"], s["types"], args.format))
    print()
    headers = ["source"] + [f"{k}" for k in KINDS] + [f"{k} corroborated" for k in KINDS]
    rows = [
        [sid] + [c[k]["stated"] for k in KINDS] + [c[k]["corroborated"] for k in KINDS]
        for sid, c in s["sources"].items()
    ]
    print(format_rows(headers, rows, args.format))
    return 0


_REGISTRY: list[tuple[str, str, Callable[[argparse.ArgumentParser], None], Handler]] = []


def register(
    name: str,
    help: str,
    configure: Callable[[argparse.ArgumentParser], None],
    handler: Handler,
    needs_project: bool = True,
) -> None:
    """Add a subcommand (used by feature modules); ``needs_project=False`` for ``init``."""
    _REGISTRY.append((name, help, configure, handler))
    if not needs_project:
        NO_PROJECT.add(name)


def _configure_build(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o", "--output", type=Path, metavar="DIR", help="output directory (default: the workspace's build/)"
    )
    p.add_argument("--no-shacl", action="store_true", help="skip SHACL validation (faster; not for releases)")
    # SHACL is also skipped when OUT/.cache/shacl.json shows nothing changed since it last passed


def build_trig(args: argparse.Namespace) -> Path:
    """The TriG a command reads: ``--build`` as a ``.trig`` file, or that directory's (default: the
    workspace's build/) ``ecosystem.trig``."""
    build = args.build or args.project.build_dir
    return build / "ecosystem.trig" if build.is_dir() or not build.suffix else build


def add_store_option(p: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--store``: the embedded back end a command reads the build with (one definition for every command)."""
    p.add_argument(
        "--store",
        choices=("oxigraph", "memory"),
        default="oxigraph",
        help="embedded store (default: oxigraph; memory: rdflib's own)",
    )


def _configure_validate(p: argparse.ArgumentParser) -> None:
    pass  # no options: it always runs every check (pySHACL included), whatever a build cached


def _configure_stats(p: argparse.ArgumentParser) -> None:
    p.add_argument("--build", type=Path, metavar="DIR", help="build directory (default: the workspace's build/)")
    add_store_option(p)
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")


register(
    "build", "validate the inputs and write build/ (TriG, Turtle, JSON-LD, manifest)", _configure_build, _cmd_build
)
register(
    "validate", "check facts, quotes and SHACL shapes; print a readable report", _configure_validate, _cmd_validate
)
register("stats", "counts per type and per source article, with corroboration", _configure_stats, _cmd_stats)


def _load_plugins() -> None:
    """Import the feature modules that register further subcommands."""
    import importlib

    for mod in _PLUGINS:
        importlib.import_module(mod)


# Feature modules that add subcommands (query, serve, analysis, render, ...).
_PLUGINS: list[str] = [
    "ecokg.cli.init",
    "ecokg.cli.scale",
    "ecokg.cli.render",
    "ecokg.cli.query",
    "ecokg.cli.network",
    "ecokg.cli.structure",
    "ecokg.cli.ingest",
    "ecokg.cli.export",
    "ecokg.cli.docs",
]


# Commands defined in this module; running one of them does not import the feature modules
# (which pull in networkx, scipy, pyvis, ...), so ``ecokg build`` starts quickly.
_CORE = frozenset({"build", "validate", "stats"})


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (skipping the global ``--project DIR``), if any."""
    it = iter(argv)
    for arg in it:
        if arg == "--project":
            next(it, None)
        elif not arg.startswith("-"):
            return arg
    return None


def make_parser(plugins: bool = True) -> argparse.ArgumentParser:
    """The argument parser; ``plugins=False`` leaves out the feature modules' subcommands."""
    if plugins:
        _load_plugins()
    parser = argparse.ArgumentParser(prog="ecokg", description="Ningbo industrial-ecosystem knowledge graph")
    parser.add_argument(
        "--project",
        type=Path,
        default=None,
        metavar="DIR",
        help="the workspace (default: $ECOKG_PROJECT, else the nearest directory upwards with ecokg.toml)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_, configure, handler in _REGISTRY:
        if not plugins and name not in _CORE:
            continue
        p = sub.add_parser(name, help=help_, description=help_)
        configure(p)
        p.set_defaults(handler=handler)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from ecokg.project import Project, ProjectError
    from ecokg.query.names import NameLookupError
    from ecokg.query.store import BuildMissing

    argv = sys.argv[1:] if argv is None else list(argv)
    parser = make_parser(plugins=_command_of(argv) not in _CORE)
    args = parser.parse_args(argv)
    try:
        if args.command not in NO_PROJECT:
            args.project = Project.open(args.project) if args.project else Project.find()
        return int(args.handler(args))
    except ProjectError as exc:
        print(f"ecokg: {exc}", file=sys.stderr)
        return 1
    except InputErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except BuildMissing as exc:
        print(f"ecokg: {exc}", file=sys.stderr)
        return 1
    except NameLookupError as exc:  # a name (entity, class) a command was given matches nothing
        print(f"ecokg {args.command}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `ecokg … | head`: the reader has gone; stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit would raise again
        return 1
    except OSError as exc:  # a file that cannot be read or written, a port already taken, a full disk
        where = f": {exc.filename}" if exc.filename else ""
        print(f"ecokg {args.command}: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
