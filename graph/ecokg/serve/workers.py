"""The endpoint's query workers: separate processes that evaluate queries and are killed on timeout.

Each worker is a Python process (``subprocess``, not ``multiprocessing``, so the caller needs no
``if __name__ == "__main__"`` guard) that loads the build once into an in-memory pyoxigraph store,
then answers jobs. Jobs and replies are pickled and framed by an 8-byte length over the worker's
stdin / stdout. :meth:`WorkerPool.run` hands a query to a free worker and waits at most the
timeout; a worker that runs past it is killed, so a runaway query really stops, and a fresh one is
started in the background while other clients keep their workers.

>>> reply = evaluate(None, "DELETE WHERE { ?s ?p ?o }", "text/csv", max_rows=10)
>>> reply.status, reply.body.decode()
(403, 'DELETE is an update: this endpoint is read-only and never changes the data (line 1, column 1)\\n')
"""

from __future__ import annotations

import contextlib
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
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from ecokg.namespaces import PREFIXES
from ecokg.query.safety import MAX_QUERY_CHARS, QueryError, check_query
from ecokg.serve.formats import GRAPH_TYPES, RESULT_TYPES, serialize_boolean, serialize_solutions, serialize_triples

DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run before its worker is killed."""
DEFAULT_MAX_ROWS = 10_000
"""Rows (or triples) a reply holds at most."""


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


# ------------------------------------------------------------------------------ message framing


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
        code = "import sys; from ecokg.serve.workers import worker_main; worker_main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))"
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
