"""A read-only, bounded SPARQL 1.1 Protocol endpoint over the build (``ecokg serve``).

* ``/sparql``: GET and POST (form-encoded or ``application/sparql-query``); results negotiated by
  ``Accept`` (or a ``format=`` parameter): SPARQL JSON / XML / CSV / TSV for SELECT and ASK,
  Turtle / N-Triples / JSON-LD / RDF/XML for CONSTRUCT and DESCRIBE; 406 when nothing fits.
* ``/``: a query page that works offline (no CDN), with the named queries as examples
  (``/queries.json``).
* Read-only: updates (``update=``, ``application/sparql-update``, or an update sent as ``query=``),
  SERVICE, FROM / FROM NAMED and the protocol's dataset parameters are refused before evaluation
  (:func:`ecokg.query.sparql.check_query`).
* Bounded: each query runs in a worker process (pyoxigraph, the build loaded in memory) that is
  killed when the wall-clock timeout passes, so a runaway query really stops and other clients keep
  their workers; a row cap (with an ``X-Ecokg-Truncated`` header) and a query-size cap.
* No CORS headers unless ``--cors-origin`` names an origin. ``ThreadingHTTPServer``.

>>> negotiate("text/csv;q=0.5, application/sparql-results+json", "SELECT")
'application/sparql-results+json'
>>> negotiate("text/turtle", "SELECT") is None
True
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

from ecokg.dataset.namespaces import PREFIXES
from ecokg.query.sparql import (
    MAX_QUERY_CHARS,
    QueryError,
    QueryRefused,
    QueryTooLarge,
    check_query,
    load_queries,
    precheck,
)

DEFAULT_PORT = 7700
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000

RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def negotiate(accept: str | None, form: str) -> str | None:
    """The media type to answer a query of ``form`` with, or None (406) if ``accept`` allows none.

    >>> negotiate(None, "CONSTRUCT")
    'text/turtle'
    >>> negotiate("application/*", "ASK")
    'application/sparql-results+json'
    >>> negotiate("text/csv", "ASK") is None
    True
    """
    if form in ("SELECT", "ASK"):
        offered = list(RESULT_TYPES)
        if form == "ASK":
            offered = [t for t in offered if RESULT_TYPES[t] in ("json", "xml")]
    else:
        offered = list(GRAPH_TYPES)
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, i, media))
    for _q, _i, media in sorted(ranges):
        if media in ("*/*", "*"):
            return offered[0]
        if media.endswith("/*"):
            for t in offered:
                if t.startswith(media[:-1]):
                    return t
        elif media in offered:
            return media
    return None


# ------------------------------------------------------------------------------- serialisation


def _lit_parts(term: Any) -> tuple[str, str | None, str | None]:
    lang = term.language or None
    dt = term.datatype.value if term.datatype is not None else None
    if lang or dt in (_XSD_STRING, _RDF_LANG_STRING):
        dt = None
    return term.value, lang, dt


def _json_term(term: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value, lang, dt = _lit_parts(term)
        out: dict[str, Any] = {"type": "literal", "value": value}
        if lang:
            out["xml:lang"] = lang
        elif dt:
            out["datatype"] = dt
        return out
    return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def _xml_term(term: Any) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        value, lang, dt = _lit_parts(term)
        attr = f" xml:lang={quoteattr(lang)}" if lang else f" datatype={quoteattr(dt)}" if dt else ""
        return f"<literal{attr}>{escape(value)}</literal>"
    parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
    return f"<triple>{parts}</triple>"


def _csv_cell(term: Any) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def serialize_solutions(variables: list[str], rows: Iterable[Any], fmt: str) -> bytes:
    """SPARQL 1.1 JSON, XML, CSV or TSV results for SELECT solutions (pyoxigraph terms)."""
    rows = list(rows)
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>")
        out.append("<results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out += ["</results>", "</sparql>"]
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_cell(t) for t in row] for row in rows)
        return buf.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """SPARQL 1.1 JSON or XML results for ASK."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>"
    ).encode()


def serialize_triples(triples: list[Any], fmt: str) -> bytes:
    """Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT / DESCRIBE triples (pyoxigraph)."""
    import pyoxigraph as ox

    rdf = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[fmt]
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    return ox.serialize(triples, format=rdf, prefixes=prefixes) or b""


@dataclass
class Reply:
    """What a worker answers: an HTTP status, a body and its type, and the truncation state."""

    status: int
    content_type: str
    body: bytes
    truncated: bool = False
    rows: int = 0


def _error(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def evaluate(store: Any, query: str, media_type: str, max_rows: int, max_chars: int = MAX_QUERY_CHARS) -> Reply:
    """Check and run one query on a pyoxigraph store (default graph = union) and serialise it."""
    import pyoxigraph as ox

    try:
        check_query(query, max_chars=max_chars)
        result = store.query(query, use_default_graph_as_union=True, prefixes=dict(PREFIXES))
        kind = RESULT_TYPES.get(media_type) or GRAPH_TYPES.get(media_type)
        ctype = f"{media_type}; charset=utf-8"
        if isinstance(result, ox.QueryBoolean):
            return Reply(200, ctype, serialize_boolean(bool(result), kind or "json"), rows=1)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = list(islice(result, max_rows + 1))
            cut = len(rows) > max_rows
            rows = rows[:max_rows]
            body = serialize_solutions(variables, ([sol[v] for v in variables] for sol in rows), kind or "json")
            return Reply(200, ctype, body, truncated=cut, rows=len(rows))
        triples = list(islice(result, max_rows + 1))
        cut = len(triples) > max_rows
        triples = triples[:max_rows]
        return Reply(200, ctype, serialize_triples(triples, kind or "turtle"), truncated=cut, rows=len(triples))
    except QueryError as exc:
        return _error(exc.status, str(exc))
    except Exception as exc:  # an evaluation error inside Oxigraph
        return _error(500, f"query failed: {type(exc).__name__}: {exc}")


# ------------------------------------------------------------------------------------- workers


def _write_msg(fd: int, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack(">Q", len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks = []
    while n > 0:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("the worker closed its pipe")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _read_msg(fd: int, timeout: float | None = None) -> Any:
    deadline = None if timeout is None else time.monotonic() + timeout
    (size,) = struct.unpack(">Q", _read_exact(fd, 8, deadline))
    return pickle.loads(_read_exact(fd, size, deadline))  # noqa: S301 - our own worker process


def worker_main(trig: str, max_rows: int, max_chars: int) -> None:
    """A worker process (``python -c``): load the build once, then answer jobs read from stdin."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out_fd = os.dup(1)
    os.dup2(2, 1)  # stray prints go to stderr, never into the reply pipe
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=trig, format=ox.RdfFormat.TRIG)
    check_query("ASK { ?s ?p ?o }")  # load the parsers now, not on the first client's time
    _write_msg(out_fd, ("ready", os.getpid()))
    while True:
        try:
            query, media_type = _read_msg(0)
        except (EOFError, OSError):
            return
        _write_msg(out_fd, evaluate(store, query, media_type, max_rows, max_chars))


class QueryTimeout(Exception):
    """The query ran past the timeout; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the timeout."""


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    pid: int


class WorkerPool:
    """Worker processes that evaluate queries; a worker that runs past the timeout is killed and replaced.

    Each worker is a separate Python process (``subprocess``, not ``multiprocessing``, so the caller
    needs no ``if __name__ == "__main__"`` guard) holding the build in an in-memory pyoxigraph store.
    """

    def __init__(self, trig: Path, size: int = 2, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
                 max_chars: int = MAX_QUERY_CHARS) -> None:  # fmt: skip
        self.trig, self.size, self.timeout, self.max_rows, self.max_chars = (
            trig,
            max(1, size),
            timeout,
            max_rows,
            max_chars,
        )
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._live: dict[int, _Worker] = {}
        self._busy = 0
        self._closed = False
        self.killed: list[int] = []
        starting = [self._spawn() for _ in range(self.size)]
        try:
            for proc in starting:
                self._idle.put(self._await_ready(proc))
        except BaseException:
            for proc in starting:
                proc.kill()
                proc.wait()
            raise

    def _spawn(self) -> subprocess.Popen[bytes]:
        code = "import sys; from ecokg.serve.endpoint import worker_main; worker_main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))"
        cmd = [sys.executable, "-c", code, str(self.trig), str(self.max_rows), str(self.max_chars)]
        return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)

    def _await_ready(self, proc: subprocess.Popen[bytes]) -> _Worker:
        assert proc.stdout is not None
        try:
            tag, pid = _read_msg(proc.stdout.fileno(), timeout=120)
        except (EOFError, TimeoutError, OSError, pickle.UnpicklingError):
            proc.kill()
            proc.wait()
            raise RuntimeError(f"a SPARQL worker failed to load {self.trig} (exit code {proc.returncode})") from None
        worker = _Worker(proc, pid)
        with self._lock:
            self._live[pid] = worker
        return worker

    def _replace_later(self) -> None:
        def start() -> None:
            with contextlib.suppress(Exception):
                worker = self._await_ready(self._spawn())
                if self._closed:
                    self._stop(worker)
                else:
                    self._idle.put(worker)

        threading.Thread(target=start, name="ecokg-worker-restart", daemon=True).start()

    def _stop(self, worker: _Worker) -> None:
        with self._lock:
            self._live.pop(worker.pid, None)
        with contextlib.suppress(Exception):
            worker.process.kill()
        with contextlib.suppress(Exception):
            worker.process.wait(10)
        for pipe in (worker.process.stdin, worker.process.stdout):
            with contextlib.suppress(Exception):
                pipe.close()  # type: ignore[union-attr]

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return sorted(self._live)

    @property
    def busy(self) -> int:
        """How many workers are evaluating a query right now."""
        return self._busy

    def run(self, query: str, media_type: str) -> Reply:
        """Evaluate in a free worker; raise :class:`QueryTimeout` (worker killed) or :class:`PoolBusy`."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {self.timeout:g} s") from None
        with self._lock:
            self._busy += 1
        done = False
        try:
            assert worker.process.stdin is not None and worker.process.stdout is not None
            _write_msg(worker.process.stdin.fileno(), (query, media_type))
            try:
                reply = _read_msg(worker.process.stdout.fileno(), timeout=self.timeout)
            except TimeoutError:
                raise QueryTimeout(f"query stopped: it ran longer than the {self.timeout:g} s limit") from None
            done = True
            return reply
        except (EOFError, OSError, pickle.UnpicklingError):
            raise RuntimeError("the query worker died") from None
        finally:
            with self._lock:
                self._busy -= 1
            if done:
                self._idle.put(worker)
            else:
                self.killed.append(worker.pid)
                self._stop(worker)
                if not self._closed:
                    self._replace_later()

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._live.values())
        for w in workers:
            self._stop(w)


# ------------------------------------------------------------------------------------ the server


def static_file(name: str) -> bytes:
    """A file of the offline query page (``graph/static``)."""
    return resources.files("ecokg.serve").joinpath("static", name).read_bytes()


def examples(queries_dir: Path | None = None) -> list[dict[str, Any]]:
    """The named queries for the page: name, titles, description, parameters, text with defaults bound."""
    out = []
    for name, q in load_queries(queries_dir).items():
        try:
            text = q.bound()
        except Exception:  # a query whose defaults cannot be bound is shown unbound
            text = q.text
        params = [{"name": p.name, "type": p.kind, "default": p.default, "doc": p.doc} for p in q.params]
        out.append(
            {
                "name": name,
                "title": q.title,
                "title_en": q.title_en,
                "answers": q.answers,
                "params": params,
                "query": text,
            }
        )
    return out


_STATIC = {"/static/sparql.js": ("sparql.js", "text/javascript"), "/static/sparql.css": ("sparql.css", "text/css")}
_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
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


class SparqlServer(ThreadingHTTPServer):
    """The threaded HTTP server; ``pool`` evaluates, ``config`` holds the limits."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, config: EndpointConfig) -> None:
        self.config = config
        self.pool = WorkerPool(config.trig, config.workers, config.timeout, config.max_rows, config.max_query_chars)
        try:
            self.examples_json = json.dumps(examples(config.queries_dir), ensure_ascii=False).encode("utf-8")
            super().__init__((config.host, config.port), SparqlHandler)
        except BaseException:
            self.pool.close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class SparqlHandler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol (query operation only) plus the query page."""

    server: SparqlServer
    server_version = "ecokg-sparql"
    sys_version = ""
    protocol_version = "HTTP/1.1"

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
        if url.path in _STATIC:
            name, ctype = _STATIC[url.path]
            return self._send(200, static_file(name), f"{ctype}; charset=utf-8", {"Content-Security-Policy": _PAGE_CSP})
        if url.path == "/favicon.ico":
            return self._send(204, b"", "image/x-icon")
        if url.path == "/queries.json":
            return self._send(200, self.server.examples_json, "application/json; charset=utf-8")
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
        if url.path != "/sparql":
            return self._text(404, f"not found: {url.path} (the SPARQL endpoint is /sparql)")
        length = self.headers.get("Content-Length")
        if length is None:
            return self._text(411, "a POST needs a Content-Length")
        try:
            n = int(length)
        except ValueError:
            return self._text(400, "bad Content-Length")
        limit = self.server.config.max_query_chars * 12 + 4096  # percent-encoded UTF-8 is at most 9 bytes a char
        if n > limit:
            self._drain(n)
            return self._text(
                413, f"request body of {n} bytes is over the limit ({limit} bytes)", {"Connection": "close"}
            )
        body = self.rfile.read(n)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
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
        self._send(200, static_file("sparql.html"), "text/html; charset=utf-8", {"Content-Security-Policy": _PAGE_CSP})

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
        except (QueryRefused, QueryTooLarge) as exc:
            return self._text(exc.status, str(exc))
        fmt = (params.get("format") or params.get("output") or [None])[0]
        if fmt is not None and fmt.lower() not in FORMAT_PARAM:
            return self._text(400, f"unknown format {fmt!r} (choose from {', '.join(FORMAT_PARAM)})")
        accept = FORMAT_PARAM[fmt.lower()] if fmt else self.headers.get("Accept")
        media = negotiate(accept, form or "SELECT")
        if media is None:
            kinds = (
                "SPARQL results (JSON, XML, CSV, TSV)"
                if form in (None, "SELECT", "ASK")
                else "RDF (Turtle, N-Triples, JSON-LD, RDF/XML)"
            )
            return self._text(406, f"cannot answer a {form or 'SELECT'} query as {accept!r}; this query gives {kinds}")
        started = time.perf_counter()
        try:
            reply = self.server.pool.run(query, media)
        except QueryTimeout as exc:
            return self._text(503, str(exc))
        except PoolBusy as exc:
            return self._text(503, str(exc), {"Retry-After": "1"})
        except RuntimeError as exc:
            return self._text(500, str(exc))
        headers = {"X-Ecokg-Elapsed-Ms": f"{(time.perf_counter() - started) * 1000:.0f}"}
        if reply.truncated:
            headers["X-Ecokg-Truncated"] = f"results truncated at {cfg.max_rows} rows"
        self._send(reply.status, reply.body, reply.content_type, headers)


def make_server(config: EndpointConfig) -> SparqlServer:
    """Start the workers and bind the server (port 0 picks a free port); call ``serve_forever``."""
    if not config.trig.is_file():
        from ecokg.query.store import BuildMissing

        raise BuildMissing(f"{config.trig} not found: run `ecokg build` first")
    return SparqlServer(config)


@contextlib.contextmanager
def running(config: EndpointConfig):
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
