"""Commands ``ecokg query``, ``ecokg queries``, ``ecokg serve`` and ``ecokg push``.

``ecokg query NAME | FILE | --sparql TEXT [--param key=value ...] [--format ...] [--endpoint URL]``
runs a named query (``queries/NAME.rq``), a query file or a query text on the build (embedded
Oxigraph store) or on a remote SPARQL 1.1 endpoint. A value naming an entity may be its id, IRI,
``ekg:`` CURIE or any of its names (:func:`ecokg.query.library.prepare_query` checks it against the
build or the endpoint); an empty answer is followed on stderr by how each parameter was read. On the
build the query runs in a worker process under the endpoint's limits (``--timeout`` 10 s,
``--max-rows`` 10,000, ``--max-memory`` 2 GB; :mod:`ecokg.serve.workers`). Exit codes: 0 success,
1 a query or store error (the message names the position of a syntax error) or a name that matches
no entity, 2 usage (unknown query or parameter, a value of the wrong type).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecokg.cli.main import build_trig, register
from ecokg.query.results import FORMATS, format_rows

if TYPE_CHECKING:
    from rdflib.query import Result


def _trig(args: argparse.Namespace) -> Path:
    return build_trig(args)


def _print_result(result: Result, fmt: str) -> bool:
    """Print the answer; True when it is empty (no rows, no triples)."""
    from ecokg.query.results import format_result

    text, rows = format_result(result, fmt)
    print(text)
    if fmt == "table" and rows is not None:
        print(f"\n({rows} row{'s' if rows != 1 else ''})", file=sys.stderr)
    return rows == 0 or (result.type in ("CONSTRUCT", "DESCRIBE") and not len(result.graph or ()))


class _Endpoint:
    """A remote endpoint as something with ``.query`` (the names of its entities, the checks)."""

    def __init__(self, url: str, timeout: float, dialect: str = "standard", trig: Path | None = None) -> None:
        self.url, self.timeout, self.dialect, self.trig = url, timeout, dialect, trig

    def query(self, text: str) -> Result:
        from ecokg.query.remote import query

        if self.dialect == "virtuoso":  # the build's graphs as the dataset; Virtuoso's quirks worked round
            from ecokg.scale.virtuoso_sparql import build_graphs
            from ecokg.scale.virtuoso_sparql import query as virtuoso_query

            return virtuoso_query(self.url, text, build_graphs(self.trig), timeout=self.timeout)
        return query(self.url, text, timeout=self.timeout)


def _data(args: argparse.Namespace) -> Any:
    """What the query runs on: the endpoint, else the build (None for --show without a build)."""
    from ecokg.query.store import BuildMissing, open_dataset

    if args.endpoint:
        return _Endpoint(args.endpoint, args.timeout or 60.0, args.dialect, _trig(args))
    try:
        return open_dataset(_trig(args), store=args.store)
    except BuildMissing:
        if args.show:
            return None
        raise


def _cmd_query(args: argparse.Namespace) -> int:
    from ecokg.query.library import explain_empty, prepare_query
    from ecokg.query.names import NameLookupError
    from ecokg.query.params import parse_assignments
    from ecokg.query.remote import RemoteError

    try:
        assigned = parse_assignments(args.param or [])
        # usage errors first, before the build is opened; then the values checked against it
        prepare_query(args.name, sparql=args.sparql, params=assigned, project=args.project, data={})
        data = _data(args)
        prepared = prepare_query(
            args.name, sparql=args.sparql, params=assigned, project=args.project, data={} if data is None else data
        )
    except ValueError as exc:  # ParamError is a ValueError
        print(f"ecokg query: {exc}", file=sys.stderr)
        return 2
    except (NameLookupError, RemoteError) as exc:
        print(f"ecokg query: {exc}", file=sys.stderr)
        return 1
    if args.show:
        notes = (str(b).replace("\n", "\\n") for b in prepared.bound)  # how each value was read
        print("".join(f"# ?{n}\n" for n in notes) + prepared.text)
        return 0
    if args.endpoint:
        try:
            result = data.query(prepared.text)
        except (RemoteError, ValueError) as exc:
            print(f"ecokg query: {exc}", file=sys.stderr)
            return 1
    else:
        local = _run_local(args, prepared.text)
        if local is None:
            return 1
        result = local
    if _print_result(result, args.format) and (why := explain_empty(prepared, data)):
        print(f"ecokg query: an empty answer; {why}", file=sys.stderr)
    return 0


def _run_local(args: argparse.Namespace, text: str) -> Result | None:
    """Run on the build in a worker process, under the endpoint's time, row and memory limits; the
    answer, or None after printing why there is none."""
    from ecokg.query.remote import answer_type, parse_answer
    from ecokg.query.safety import QueryError, check_query, query_form
    from ecokg.query.store import BuildMissing, build_files
    from ecokg.serve.workers import DEFAULT_TIMEOUT, QueryMemory, QueryTimeout, WorkerPool

    try:
        check_query(text)
    except QueryError as exc:
        print(f"ecokg query: {exc}", file=sys.stderr)
        return None
    trig = _trig(args)
    if not trig.is_file():
        raise BuildMissing(f"{trig} not found: run `ecokg build` first")
    files = build_files(trig)  # the build and its fresh analysis.trig
    form = query_form(text) or "SELECT"
    timeout = args.timeout or DEFAULT_TIMEOUT
    pool = WorkerPool(files, 1, timeout, args.max_rows, max_memory_gb=args.max_memory or None, max_size=1,
                      store=args.store)  # fmt: skip
    try:
        reply = pool.run(text, answer_type(form))
    except QueryTimeout as exc:
        print(f"ecokg query: {exc} (--timeout to change it)", file=sys.stderr)
        return None
    except QueryMemory as exc:
        print(f"ecokg query: {exc} (--max-memory to change it)", file=sys.stderr)
        return None
    except RuntimeError as exc:
        print(f"ecokg query: {exc}", file=sys.stderr)
        return None
    finally:
        pool.close()
    if reply.status != 200:
        print(f"ecokg query: {reply.body.decode('utf-8', 'replace').strip()}", file=sys.stderr)
        return None
    if reply.truncated:
        print(f"warning: results cut at {args.max_rows} rows (--max-rows to change it)", file=sys.stderr)
    return parse_answer(form, reply.body)


def _configure_query(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", help="a named query (see `ecokg queries`) or a .rq file")
    p.add_argument("--sparql", metavar="TEXT", help="a query text instead of a name")
    p.add_argument("--param", "-p", action="append", metavar="KEY=VALUE",
                   help='bind a parameter (repeatable); an entity by id, ekg: CURIE, IRI or any name; "..." for a string')  # fmt: skip
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--endpoint", metavar="URL", help="run on a remote SPARQL 1.1 query endpoint instead of the build")
    p.add_argument("--dialect", choices=("standard", "virtuoso"), default="standard",
                   help="with --endpoint: virtuoso names the dataset (default graph ekgg:asserted, the build's "
                        "graphs as named graphs; Virtuoso's own default graph is the union of all it holds) and works "
                        "round its SPARQL quirks")  # fmt: skip
    p.add_argument(
        "--build", type=Path, metavar="PATH", help="build directory or .trig file (default: the workspace's build/)"
    )
    p.add_argument(
        "--store",
        choices=("oxigraph", "memory"),
        default="oxigraph",
        help="embedded store (default: oxigraph); memory is rdflib's own store, for cross-checking small queries: "
        "the named-graph queries of the library take minutes there and two hit rdflib bugs (docs/benchmarks.md)",
    )
    from ecokg.serve.workers import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    p.add_argument("--timeout", type=float, help=f"seconds a query may run (default: {DEFAULT_TIMEOUT:g}, as the "
                   "endpoint; 60 for a remote endpoint, counting the whole request)")  # fmt: skip
    p.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS,
                   help=f"rows (or triples) printed at most (default: {DEFAULT_MAX_ROWS}, as the endpoint)")  # fmt: skip
    _memory_option(p)
    p.add_argument(
        "--show",
        action="store_true",
        help="print the query with its parameters bound (a comment says how each was read) instead of running it",
    )


def _memory_option(p: argparse.ArgumentParser) -> None:
    from ecokg.serve.workers import DEFAULT_MAX_MEMORY_GB

    p.add_argument("--max-memory", type=float, default=DEFAULT_MAX_MEMORY_GB, metavar="GB",
                   help=f"memory a query worker may use, in GB; 0: no limit (default: {DEFAULT_MAX_MEMORY_GB:g})")  # fmt: skip


def _cmd_queries(args: argparse.Namespace) -> int:
    from ecokg.query.docs import listing, sync_docs
    from ecokg.query.library import load_queries, queries_dir

    library = load_queries(queries_dir(args.project))
    if args.write_docs or args.check_docs:
        path = args.docs or args.project.root / "docs" / "queries.md"
        try:
            current = sync_docs(path, library, write=not args.check_docs)
        except (OSError, ValueError) as exc:
            print(f"ecokg queries: {exc}", file=sys.stderr)
            return 1
        if args.check_docs:
            if not current:
                print(f"{path} is out of date: run `ecokg queries --write-docs`", file=sys.stderr)
                return 1
            print(f"{path} is up to date ({len(library)} queries)")
            return 0
        print(f"wrote {len(library)} queries to {path}")
        return 0
    headers, rows = listing(library)
    print(format_rows(headers, rows, args.format))
    return 0


def _configure_queries(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", "-f", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--write-docs", action="store_true", help="regenerate the query list in docs/queries.md")
    p.add_argument("--check-docs", action="store_true", help="exit 1 if docs/queries.md does not match the queries")
    p.add_argument(
        "--docs", type=Path, help="the Markdown file to write or check (default: the workspace's docs/queries.md)"
    )


def _cmd_serve(args: argparse.Namespace) -> int:
    from ecokg.query.library import queries_dir
    from ecokg.serve.server import EndpointConfig, make_server

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: serving on {args.host}, reachable from other machines; requests must name this host "
            "(localhost names, --host or --allow-host NAME) in their Host header",
            file=sys.stderr,
        )
    config = EndpointConfig(
        trig=_trig(args), host=args.host, port=args.port, timeout=args.timeout, max_rows=args.max_rows,
        max_query_chars=args.max_query_chars, workers=args.workers, cors_origins=tuple(args.cors_origin or ()),
        queries_dir=queries_dir(args.project), log=not args.quiet, max_workers=args.max_workers,
        max_memory_gb=args.max_memory or None, max_connections=args.max_connections,
        allowed_hosts=tuple(args.allow_host or ()),
    )  # fmt: skip
    server = make_server(config)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # stop the workers too, as Ctrl-C does
    print(f"ecokg SPARQL endpoint: {server.url}  (query page: {server.url[: -len('/sparql')]}/)", flush=True)
    print(
        f"  timeout {args.timeout:g} s, {args.max_rows} rows, {args.max_query_chars} characters, {args.workers} workers "
        f"(up to {server.pool.max_size}), {args.max_memory or 'unlimited'} GB each, {args.max_connections} connections; "
        "Ctrl-C stops",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _configure_serve(p: argparse.ArgumentParser) -> None:
    from ecokg.query.safety import MAX_QUERY_CHARS
    from ecokg.serve.server import DEFAULT_PORT
    from ecokg.serve.workers import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    p.add_argument(
        "--build", type=Path, metavar="PATH", help="build directory or .trig file (default: the workspace's build/)"
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds a query may run (default: 10)")
    p.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, help="rows (or triples) returned at most")
    p.add_argument("--max-query-chars", type=int, default=MAX_QUERY_CHARS, help="longest query accepted")
    p.add_argument("--workers", type=int, default=2, help="query worker processes kept warm (default: 2)")
    p.add_argument("--max-workers", type=int, help="spare workers start on demand up to this many (default: workers+2)")
    _memory_option(p)
    p.add_argument("--max-connections", type=int, default=64, help="open connections at most (default: 64)")
    p.add_argument("--allow-host", action="append", metavar="NAME",
                   help="accept this Host header name too (default: localhost names and --host)")  # fmt: skip
    p.add_argument("--cors-origin", action="append", metavar="ORIGIN", help="allow this exact origin (default: none)")
    p.add_argument("--quiet", action="store_true", help="do not log requests")


def _cmd_push(args: argparse.Namespace) -> int:
    from ecokg.query.remote import RemoteError, push, split_credentials
    from ecokg.query.store import BuildMissing, build_files

    trig = _trig(args)
    if not trig.is_file():
        raise BuildMissing(f"{trig} not found: run `ecokg build` first")
    if args.to == "virtuoso":
        from ecokg.scale.virtuoso_sparql import VirtuosoError, push_virtuoso

        try:
            sent = push_virtuoso(build_files(trig), endpoint=args.endpoint, server_dir=args.server_dir,
                                 password_file=args.password_file, timeout=args.timeout)  # fmt: skip
        except VirtuosoError as exc:
            print(f"ecokg push: {exc}", file=sys.stderr)
            return 1
        where = args.endpoint or str(args.server_dir)
        print(f"pushed {sum(sent.values())} triples in {len(sent)} graphs to Virtuoso ({where})")
        for graph, n in sent.items():
            print(f"  {graph}: {n}")
        return 0
    if not args.endpoint:
        print("ecokg push: --endpoint URL is needed (the store's Graph Store Protocol URL)", file=sys.stderr)
        return 2
    try:
        sent = push(args.endpoint, build_files(trig), timeout=args.timeout)  # the build and a fresh analysis.trig
    except RemoteError as exc:
        print(f"ecokg push: {exc}", file=sys.stderr)
        return 1
    print(f"pushed {sum(sent.values())} triples in {len(sent)} graphs to {split_credentials(args.endpoint)[0]}")
    for graph, n in sent.items():
        print(f"  {graph}: {n}")
    return 0


def _configure_push(p: argparse.ArgumentParser) -> None:
    p.add_argument("--to", choices=("gsp", "virtuoso"), default="gsp",
                   help="gsp: any SPARQL 1.1 Graph Store (default); virtuoso: Virtuoso's bulk loader (--server-dir) "
                        "or its Digest-authenticated Graph Store (--endpoint, --password-file)")  # fmt: skip
    p.add_argument("--endpoint", metavar="URL",
                   help="the store's Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph); "
                        "with --to virtuoso the server's base URL, e.g. http://127.0.0.1:8890")  # fmt: skip
    p.add_argument("--server-dir", type=Path, metavar="DIR",
                   help="--to virtuoso: the directory of a Virtuoso started by ecokg (bulk load through isql-vt)")  # fmt: skip
    p.add_argument("--password-file", type=Path, metavar="FILE",
                   help="--to virtuoso --endpoint: a file holding the dba password")  # fmt: skip
    p.add_argument(
        "--build", type=Path, metavar="PATH", help="build directory or .trig file (default: the workspace's build/)"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds each request may take in all, redirects included (default: 120)",
    )


register(
    "query",
    "run a named query, a .rq file or a SPARQL text on the build or a remote endpoint",
    _configure_query,
    _cmd_query,
)
register("queries", "list the named queries (and keep docs/queries.md in step)", _configure_queries, _cmd_queries)
register("serve", "serve the build as a read-only SPARQL 1.1 endpoint with a query page", _configure_serve, _cmd_serve)
register(
    "push", "load the build into a remote store through the SPARQL 1.1 Graph Store Protocol", _configure_push, _cmd_push
)
