"""Evaluating one checked query inside a query worker, and the worker's side of the job pipe.

:func:`evaluate` runs a query on a pyoxigraph store (the endpoint and ``ecokg query``), and
:func:`evaluate_rdflib` on an rdflib Dataset (``ecokg query --store memory``); both check the
query first (:func:`ecokg.query.safety.check_query`), stop reading results after ``max_rows``
and answer a :class:`Reply` whose body is serialised in the negotiated media type. A worker
process runs :func:`worker_main`: it asks the kernel to kill it when its parent dies, caps its own
address space, loads the build once and then answers jobs framed by an 8-byte length.

>>> reply = evaluate(None, "DELETE WHERE { ?s ?p ?o }", "text/csv", max_rows=10)
>>> reply.status, reply.body.decode()
(403, 'DELETE is an update: this endpoint is read-only and never changes the data (line 1, column 1)\\n')
"""

from __future__ import annotations

import ctypes
import os
import pickle
import resource
import select
import signal
import struct
import sys
import time
import warnings
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ecokg.namespaces import PREFIXES
from ecokg.query.safety import MAX_QUERY_CHARS, QueryError, check_query
from ecokg.serve.formats import serialize_boolean, serialize_solutions, serialize_triples
from ecokg.serve.negotiation import GRAPH_TYPES, RESULT_TYPES

DEFAULT_MAX_MEMORY_GB = 2.0
"""Address space a query worker may use, in GB (the build itself needs well under 0.2 GB)."""
MEMORY_STATUS = 503
"""HTTP status of a query stopped by the memory limit."""


@dataclass
class Reply:
    """What a worker answers: an HTTP status, a body and its type, and the truncation state."""

    status: int
    content_type: str
    body: bytes
    truncated: bool = False
    rows: int = 0


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker loads and its limits; sent to the worker as its first job."""

    files: tuple[str, ...]
    store: str = "oxigraph"
    max_rows: int = 10_000
    max_chars: int = MAX_QUERY_CHARS
    max_memory_gb: float | None = DEFAULT_MAX_MEMORY_GB
    extra: dict[str, Any] = field(default_factory=dict)


def memory_message(gb: float | None) -> str:
    """The error a query stopped by the memory limit gets.

    >>> memory_message(2)
    'query stopped: it needed more than 2 GB of memory (the limit of a query worker)'
    """
    return f"query stopped: it needed more than {gb:g} GB of memory (the limit of a query worker)"


def _error(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def evaluate(store: Any, query: str, media_type: str, max_rows: int, max_chars: int = MAX_QUERY_CHARS) -> Reply:
    """Check and run one query on a pyoxigraph store and serialise it; the default graph is the
    build's asserted graph (:mod:`ecokg.dataset.asserted`), never the union of the named graphs."""
    import pyoxigraph as ox

    try:
        check_query(query, max_chars=max_chars)
        result = store.query(query, prefixes=dict(PREFIXES))
        kind = RESULT_TYPES.get(media_type, "json")
        ctype = f"{media_type}; charset=utf-8"
        if isinstance(result, ox.QueryBoolean):
            return Reply(200, ctype, serialize_boolean(bool(result), kind), rows=1)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = list(islice(result, max_rows + 1))
            cut = len(rows) > max_rows
            rows = rows[:max_rows]
            body = serialize_solutions(variables, ([sol[v] for v in variables] for sol in rows), kind,
                                       truncated_at=max_rows if cut else None)  # fmt: skip
            return Reply(200, ctype, body, truncated=cut, rows=len(rows))
        triples = list(islice(result, max_rows + 1))
        cut = len(triples) > max_rows
        triples = triples[:max_rows]
        body = serialize_triples(triples, GRAPH_TYPES.get(media_type, "turtle"), truncated_at=max_rows if cut else None)
        return Reply(200, ctype, body, truncated=cut, rows=len(triples))
    except QueryError as exc:
        return _error(exc.status, str(exc))
    except MemoryError:
        raise
    except Exception as exc:  # an evaluation error inside Oxigraph
        return _error(500, f"query failed: {type(exc).__name__}: {exc}")


def evaluate_rdflib(ds: Any, query: str, media_type: str, max_rows: int, max_chars: int = MAX_QUERY_CHARS) -> Reply:
    """Check and run one query on an rdflib Dataset; SPARQL JSON results or N-Triples only."""
    from rdflib import Graph

    try:
        check_query(query, max_chars=max_chars)
        result = ds.query(query)
        ctype = f"{media_type}; charset=utf-8"
        if result.type == "ASK":
            return Reply(200, ctype, result.serialize(format="json") or b"", rows=1)
        if result.type == "SELECT":
            rows = result.bindings
            cut = len(rows) > max_rows
            result.bindings = rows[:max_rows]
            return Reply(200, ctype, result.serialize(format="json") or b"", truncated=cut, rows=len(result.bindings))
        triples = list(islice(iter(result.graph), max_rows + 1))
        graph = Graph()
        for t in triples[:max_rows]:
            graph.add(t)
        return Reply(200, ctype, graph.serialize(format="nt", encoding="utf-8"), len(triples) > max_rows, len(graph))
    except QueryError as exc:
        return _error(exc.status, str(exc))
    except RecursionError:
        return _error(
            422,
            "query failed: rdflib's memory store recursed too deeply evaluating it (a property path over a long "
            "chain?); run it on the default store (--store oxigraph)",
        )
    except MemoryError:
        raise
    except Exception as exc:  # an evaluation error inside rdflib
        return _error(500, f"query failed: {type(exc).__name__}: {exc}")


# ------------------------------------------------------------------------------ message framing


def write_msg(fd: int, obj: Any) -> None:
    """Send one pickled object, framed by its 8-byte length."""
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


def read_msg(fd: int, timeout: float | None = None) -> Any:
    """Read one framed object; TimeoutError when it does not arrive within ``timeout`` seconds."""
    deadline = None if timeout is None else time.monotonic() + timeout
    (size,) = struct.unpack(">Q", _read_exact(fd, 8, deadline))
    return pickle.loads(_read_exact(fd, size, deadline))  # noqa: S301 - our own worker process


# ------------------------------------------------------------------------------- the worker side

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when the thread that started it ends (Linux), or exit now
    if the parent is already gone. Elsewhere a no-op: the worker then stops at its pipe's EOF."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def limit_memory(gb: float | None) -> None:
    """Cap this process's address space at ``gb`` GB (``RLIMIT_AS``); None leaves it unbounded."""
    if gb:
        cap = int(gb * (1 << 30))
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap if hard == resource.RLIM_INFINITY else min(cap, hard)))


def _load(spec: WorkerSpec) -> tuple[Any, Any]:
    if spec.store == "memory":
        from pathlib import Path

        from ecokg.query.store import open_dataset

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the parent has warned already
            return open_dataset(Path(spec.files[0]), store="memory"), evaluate_rdflib
    import pyoxigraph as ox

    store = ox.Store()
    for path in spec.files:
        store.load(path=path, format=ox.RdfFormat.TRIG)
    return store, evaluate


def worker_main(parent: int) -> None:
    """A worker process (``python -c``): read its :class:`WorkerSpec`, load the build, answer jobs."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out_fd = os.dup(1)
    os.dup2(2, 1)  # stray prints go to stderr, never into the reply pipe
    spec: WorkerSpec = read_msg(0)
    limit_memory(spec.max_memory_gb)
    store, run = _load(spec)
    check_query("ASK { ?s ?p ?o }")  # load the parsers now, not on the first client's time
    write_msg(out_fd, ("ready", os.getpid()))
    while True:
        try:
            query, media_type = read_msg(0)
        except (EOFError, OSError):
            return
        try:
            reply = run(store, query, media_type, spec.max_rows, spec.max_chars)
        except MemoryError:
            reply = _error(MEMORY_STATUS, memory_message(spec.max_memory_gb))
        write_msg(out_fd, reply)
