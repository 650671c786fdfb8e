"""The HTTP side of ``ecokg serve``: a read-only, bounded SPARQL 1.1 Protocol endpoint over the build.

The workers load ``ecosystem.trig`` and, when it was computed from that file, ``analysis.trig``
(:func:`ecokg.query.store.fresh_analysis`); the default graph is the build's asserted graph (each
fact once, the scores included; :mod:`ecokg.dataset.asserted`), ``GRAPH ?g`` the named graphs.

* ``/sparql``: GET and POST (form-encoded or ``application/sparql-query``); results negotiated by
  ``Accept`` first, with ``format`` / ``output`` / ``results`` parameters as hints read for the
  query's form (the rule: :mod:`ecokg.serve.negotiation`); serialised by :mod:`ecokg.serve.formats`;
  406, listing what the query's form is answered in, when nothing fits.
* ``/``: a query page that works offline (no CDN), with the named queries and their parameters
  (``/queries.json``, ``/prefixes.json``, ``POST /bind``; :mod:`ecokg.serve.page`).
* Read-only: updates (``update=``, ``application/sparql-update``, or an update sent as ``query=``),
  SERVICE, FROM / FROM NAMED and the protocol's dataset parameters are refused before evaluation
  (:func:`ecokg.query.safety.check_query`).
* Bounded: each query runs in a worker process that is killed when the wall-clock timeout passes
  (:mod:`ecokg.serve.workers`); a row cap (an ``X-Ecokg-Truncated`` header, and a note in the body
  where the format has room: :mod:`ecokg.serve.formats`) and a query-size cap.
* No CORS headers unless ``--cors-origin`` names an origin. ``ThreadingHTTPServer``.
* Hardened HTTP framing (stdlib ``http.server``, checked here): a negative, non-numeric or repeated
  ``Content-Length`` and any ``Transfer-Encoding`` get 400 and the connection is closed (no request
  smuggling); a connection must send its request line and headers within ``idle_timeout`` and its
  body within ``request_timeout`` (a reaper thread shuts down late sockets, so a client trickling
  one byte at a time is cut off too); at most ``max_connections`` connections at once (503 and
  close beyond); the ``Host`` header must name this server (localhost names, the bound address,
  ``--allow-host``), against DNS rebinding.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ecokg.query.safety import MAX_QUERY_CHARS, QueryError, precheck
from ecokg.serve.connections import LOCAL_HOSTS, WILDCARDS, GuardedHandler, GuardedServer
from ecokg.serve.negotiation import merged_hints, negotiate, not_acceptable
from ecokg.serve.page import (
    PAGE_CSP,
    STATIC,
    Binder,
    BindError,
    examples,
    parse_bind_request,
    prefixes_json,
    static_file,
)
from ecokg.serve.workers import (
    DEFAULT_MAX_MEMORY_GB,
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT,
    PoolBusy,
    QueryMemory,
    QueryTimeout,
    WorkerPool,
)

DEFAULT_PORT = 7700
"""The port ``ecokg serve`` listens on unless told otherwise."""
_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
_UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")


@dataclass
class EndpointConfig:
    """Settings of ``ecokg serve``."""

    trig: Path
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_query_chars: int = MAX_QUERY_CHARS
    workers: int = 2
    cors_origins: tuple[str, ...] = ()
    queries_dir: Path | None = None
    log: bool = False
    max_workers: int | None = None
    max_memory_gb: float | None = DEFAULT_MAX_MEMORY_GB
    max_connections: int = 64
    idle_timeout: float = 15.0
    request_timeout: float = 10.0
    allowed_hosts: tuple[str, ...] = ()

    def hosts(self) -> frozenset[str]:
        """Names the ``Host`` header may carry (lower case, without port)."""
        names = {*LOCAL_HOSTS, *(h.lower().strip("[]") for h in self.allowed_hosts)}
        if self.host not in WILDCARDS:
            names.add(self.host.lower().strip("[]"))
        return frozenset(names)


class SparqlServer(GuardedServer):
    """The threaded HTTP server; ``pool`` evaluates, ``config`` holds the limits."""

    def __init__(self, config: EndpointConfig) -> None:
        from ecokg.query.store import build_files  # imported here: it loads the build pipeline

        self.config = config
        self.pool = WorkerPool(
            build_files(config.trig), config.workers, config.timeout, config.max_rows, config.max_query_chars,
            max_memory_gb=config.max_memory_gb, max_size=config.max_workers,
        )  # fmt: skip
        try:
            self.examples_json = json.dumps(examples(config.queries_dir), ensure_ascii=False).encode("utf-8")
            self.binder = Binder(config.trig, config.queries_dir)
            super().__init__(
                (config.host, config.port), SparqlHandler, max_connections=config.max_connections,
                idle_timeout=config.idle_timeout, request_timeout=config.request_timeout,
                allowed_hosts=config.hosts(),
            )  # fmt: skip
        except BaseException:
            self.pool.close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class SparqlHandler(GuardedHandler):
    """SPARQL 1.1 Protocol (query operation only) plus the query page."""

    server: SparqlServer
    server_version = "ecokg-sparql"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - BaseHTTPRequestHandler's signature
        if self.server.config.log:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    # ---- responses

    def _send(self, status: int, body: bytes, ctype: str, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Vary", "Accept, Origin")
        origin = self.headers.get("Origin")
        if origin and origin in self.server.config.cors_origins:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers", "X-Ecokg-Truncated")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    # ---- methods

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._page()
        if url.path in STATIC:
            name, ctype = STATIC[url.path]
            return self._send(200, static_file(name), f"{ctype}; charset=utf-8", {"Content-Security-Policy": PAGE_CSP})
        if url.path == "/favicon.ico":
            return self._send(204, b"", "image/x-icon")
        if url.path == "/queries.json":
            return self._send(200, self.server.examples_json, "application/json; charset=utf-8")
        if url.path == "/prefixes.json":
            return self._send(200, prefixes_json(), "application/json; charset=utf-8")
        if url.path == "/bind":
            return self._text(405, "POST a JSON object to /bind", {"Allow": "POST"})
        if url.path != "/sparql":
            return self._text(404, f"not found: {url.path} (the SPARQL endpoint is /sparql)")
        params = self._parse_qs(url.query)
        if params is None:
            return None
        if not params and "text/html" in (self.headers.get("Accept") or ""):
            return self._page()
        return self._protocol(params)

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in ("/sparql", "/bind"):
            return self._text(404, f"not found: {url.path} (the SPARQL endpoint is /sparql)")
        n = self.body_length
        if n is None:
            return self._text(411, "a POST needs a Content-Length", {"Connection": "close"})
        limit = self.server.config.max_query_chars * 12 + 4096  # percent-encoded UTF-8 is at most 9 bytes a char
        if n > limit:
            self._drain(n)
            return self._text(
                413, f"request body of {n} bytes is over the limit ({limit} bytes)", {"Connection": "close"}
            )
        try:
            body = self.rfile.read(n)  # the reaper ends a body that does not come within request_timeout
        except OSError:  # the per-read timeout
            body = b""
        if len(body) < n:
            msg = f"the request body of {n} bytes did not arrive within {self.server.config.request_timeout:g} s"
            return self._text(408, msg, {"Connection": "close"})
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if url.path == "/bind":
            return self._bind(ctype, body)
        params = self._parse_qs(url.query)
        if params is None:
            return None
        if ctype == "application/sparql-update":
            return self._text(403, "updates are refused: this endpoint is read-only")
        if ctype == "application/sparql-query":
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return self._text(400, "the query is not valid UTF-8")
            if "query" in params:
                return self._text(400, "give the query either in the body or as query=, not both")
            params["query"] = [text]
            return self._protocol(params)
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = self._parse_qs(body.decode("utf-8"))
            except UnicodeDecodeError:
                return self._text(400, "the form is not valid UTF-8")
            if form is None:
                return None
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
            return self._protocol(params)
        return self._text(
            415, "POST a query as application/x-www-form-urlencoded (query=...) or application/sparql-query"
        )

    def _refuse_method(self) -> None:
        self._text(
            405,
            f"{self.command} is not supported: this endpoint is read-only (GET or POST a query)",
            {"Allow": "GET, POST, HEAD"},
        )

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method  # noqa: N815

    # ---- helpers

    def _drain(self, n: int) -> None:
        with contextlib.suppress(Exception):
            while n > 0:
                chunk = self.rfile.read(min(n, 65536))
                if not chunk:
                    break
                n -= len(chunk)

    def _parse_qs(self, text: str) -> dict[str, list[str]] | None:
        try:
            return parse_qs(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            self._text(400, "parameters are not valid UTF-8")
            return None

    def _page(self) -> None:
        self._send(200, static_file("sparql.html"), "text/html; charset=utf-8", {"Content-Security-Policy": PAGE_CSP})

    def _bind(self, ctype: str, body: bytes) -> None:
        """``POST /bind``: a named query's parameters bound (:meth:`ecokg.serve.page.Binder.bind`)."""
        if ctype != "application/json":
            return self._text(415, "POST /bind takes application/json")
        self.server.unwatch(self.connection)  # the first request indexes the build's names
        try:
            answer = self.server.binder.bind(parse_bind_request(body))
        except BindError as exc:
            return self._text(exc.status, str(exc))
        self._send(200, json.dumps(answer, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _protocol(self, params: dict[str, list[str]]) -> None:
        cfg = self.server.config
        if any(k in params for k in _UPDATE_PARAMS):
            return self._text(403, "updates are refused: this endpoint is read-only and never changes the data")
        for k in _DATASET_PARAMS:
            if k in params:
                return self._text(
                    403,
                    f"{k} is not allowed: queries run on the ecokg dataset only, never on graphs loaded from an IRI or a file",
                )
        queries = params.get("query", [])
        if not queries:
            return self._text(400, "missing query parameter (GET /sparql?query=... or POST)")
        if len(queries) > 1:
            return self._text(400, "give exactly one query")
        query = queries[0]
        try:
            form = precheck(query, max_chars=cfg.max_query_chars)
        except QueryError as exc:
            return self._text(exc.status, str(exc))
        accept, hints = self.headers.get("Accept"), merged_hints(params)
        media = negotiate(accept, form or "SELECT", hints)
        if media is None:
            return self._text(406, not_acceptable(accept, form or "SELECT", hints))
        started = time.perf_counter()
        self.server.unwatch(self.connection)  # the pool's timeout bounds the evaluation
        try:
            reply = self.server.pool.run(query, media, client=self.client_address[0])
        except (QueryTimeout, QueryMemory) as exc:
            return self._text(503, str(exc))
        except PoolBusy as exc:
            return self._text(exc.status, str(exc), {"Retry-After": "1"})
        except RuntimeError as exc:
            return self._text(500, str(exc))
        headers = {"X-Ecokg-Elapsed-Ms": f"{(time.perf_counter() - started) * 1000:.0f}"}
        if reply.truncated:
            headers["X-Ecokg-Truncated"] = f"results truncated at {cfg.max_rows} rows"
        self._send(reply.status, reply.body, reply.content_type, headers)


def make_server(config: EndpointConfig) -> SparqlServer:
    """Start the workers and bind the server (port 0 picks a free port); call ``serve_forever``."""
    if not config.trig.is_file():
        from ecokg.query.store import BuildMissing  # imported here: it loads the build pipeline

        raise BuildMissing(f"{config.trig} not found: run `ecokg build` first")
    return SparqlServer(config)


@contextlib.contextmanager
def running(config: EndpointConfig) -> Iterator[SparqlServer]:
    """A server running in a background thread for the duration of a ``with`` block (tests, notebooks)."""
    server = make_server(config)
    thread = threading.Thread(target=server.serve_forever, name="ecokg-sparql", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
