"""The query workers: separate processes that evaluate queries, bounded in time, memory and number.

Each worker is a Python process (``subprocess``, not ``multiprocessing``, so the caller needs no
``if __name__ == "__main__"`` guard) that loads the build once and then answers jobs
(:mod:`ecokg.serve.evaluate`). The endpoint and ``ecokg query`` both use :class:`WorkerPool`.

Bounds:

* **time**: :meth:`WorkerPool.run` waits at most the timeout; a worker that runs past it is
  killed (so a runaway query really stops) and a fresh one starts in the background.
* **memory**: every worker caps its own address space (``RLIMIT_AS``, default
  :data:`DEFAULT_MAX_MEMORY_GB`); a query that needs more gets "query needed more than N GB"
  (Oxigraph aborts its process when an allocation fails; the pool reports that, and replaces it).
* **orphans**: workers ask the kernel for ``SIGKILL`` when their parent dies (``prctl(PR_SET_PDEATHSIG)``,
  Linux). That signal follows the parent *thread*, so every worker is started by one long-lived
  spawner thread, never by a short-lived request thread.
* **admission**: ``size`` workers stay warm; when a query takes the last idle one, a spare starts
  in the background, up to ``max_size`` (default ``size + 2``), and extras are stopped once no
  query runs. One client (an address) may run at most ``max(1, max_size - 1)`` queries at once, so it
  can never hold every worker. Measured on the real build (2 shared cores): a worker starts in
  about 0.4 s, so with two cartesian-product queries holding both warm workers, an ASK is
  answered by the spare in well under a second (``tests/test_hardening_stress.py``) instead of
  waiting 10 s for a 503 as it did with a fixed pool. A fair queue alone would not have helped:
  the light query would still wait for a heavy one to end.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ecokg.query.safety import MAX_QUERY_CHARS
from ecokg.serve.evaluate import (
    DEFAULT_MAX_MEMORY_GB,
    MEMORY_STATUS,
    Reply,
    WorkerSpec,
    evaluate,
    memory_message,
    read_msg,
    write_msg,
)

__all__ = [
    "DEFAULT_MAX_MEMORY_GB",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "PoolBusy",
    "QueryMemory",
    "QueryTimeout",
    "Reply",
    "WorkerPool",
    "evaluate",
]

DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run before its worker is killed."""
DEFAULT_MAX_ROWS = 10_000
"""Rows (or triples) a reply holds at most."""


class QueryTimeout(Exception):
    """The query ran past the timeout; its worker was killed."""


class QueryMemory(Exception):
    """The query needed more memory than a worker may use; its worker was stopped."""


class PoolBusy(Exception):
    """No worker became free within the timeout, or the client already runs its share of queries."""

    def __init__(self, message: str, status: int = 503) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    pid: int
    stderr: IO[bytes]


class WorkerPool:
    """Worker processes that evaluate queries, bounded in time, memory and number (see the module).

    ``trig`` is the build (or a tuple of TriG files loaded into one store); ``store`` is
    ``"oxigraph"`` (pyoxigraph) or ``"memory"`` (rdflib's store, answers in JSON / N-Triples only).
    """

    def __init__(self, trig: Path | tuple[Path, ...], size: int = 2, timeout: float = DEFAULT_TIMEOUT,
                 max_rows: int = DEFAULT_MAX_ROWS, max_chars: int = MAX_QUERY_CHARS, *,
                 max_memory_gb: float | None = DEFAULT_MAX_MEMORY_GB, max_size: int | None = None,
                 store: str = "oxigraph") -> None:  # fmt: skip
        files = trig if isinstance(trig, tuple) else (trig,)
        self.trig = files[0]
        self.size = max(1, size)
        self.max_size = max(self.size, max_size if max_size is not None else self.size + 2)
        self.client_cap = max(1, self.max_size - 1)
        self.timeout, self.max_rows, self.max_chars, self.max_memory_gb = timeout, max_rows, max_chars, max_memory_gb
        self.spec = WorkerSpec(tuple(map(str, files)), store, max_rows, max_chars, max_memory_gb)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._live: dict[int, _Worker] = {}
        self._starting = 0
        self._busy = 0
        self._clients: Counter[str] = Counter()
        self._closed = False
        self.killed: list[int] = []
        self._jobs: queue.Queue[Future[_Worker] | None] = queue.Queue()
        self._spawner = threading.Thread(target=self._spawn_loop, name="ecokg-worker-spawner", daemon=True)
        self._spawner.start()
        starting = [self._submit() for _ in range(self.size)]
        try:
            for fut in starting:
                self._idle.put(fut.result())
        except BaseException:
            self.close()
            raise

    # ---- starting workers (always from the spawner thread: PR_SET_PDEATHSIG follows the thread)

    def _spawn_loop(self) -> None:
        while (fut := self._jobs.get()) is not None:
            try:
                fut.set_result(self._start_one())
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
                fut.set_exception(exc)

    def _submit(self) -> Future[_Worker]:
        fut: Future[_Worker] = Future()
        self._jobs.put(fut)
        return fut

    def _start_one(self) -> _Worker:
        code = "import sys; from ecokg.serve.evaluate import worker_main; worker_main(int(sys.argv[1]))"
        err = tempfile.TemporaryFile()  # noqa: SIM115 - kept open for the worker's lifetime, closed in _stop
        cmd = [sys.executable, "-c", code, str(os.getpid())]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, bufsize=0)
        assert proc.stdin is not None and proc.stdout is not None
        try:
            write_msg(proc.stdin.fileno(), self.spec)
            _tag, pid = read_msg(proc.stdout.fileno(), timeout=120)
        except (EOFError, TimeoutError, OSError, pickle.UnpicklingError):
            proc.kill()
            proc.wait()
            err.seek(0)
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-1:]
            err.close()
            detail = f": {tail[0]}" if tail else ""
            raise RuntimeError(
                f"a SPARQL worker failed to load {self.trig} (exit code {proc.returncode}){detail}"
            ) from None
        worker = _Worker(proc, pid, err)
        with self._lock:
            self._live[pid] = worker
        return worker

    def _start_later(self) -> None:
        """Start one more worker in the background; it joins the idle queue when ready."""
        with self._lock:
            self._starting += 1

        def done(fut: Future[_Worker]) -> None:
            with self._lock:
                self._starting -= 1
            if fut.exception() is not None:
                return
            worker = fut.result()
            if self._closed:
                self._stop(worker)
            else:
                self._idle.put(worker)

        self._submit().add_done_callback(done)

    def _stop(self, worker: _Worker) -> None:
        with self._lock:
            self._live.pop(worker.pid, None)
        with contextlib.suppress(Exception):
            worker.process.kill()
        with contextlib.suppress(Exception):
            worker.process.wait(10)
        for pipe in (worker.process.stdin, worker.process.stdout, worker.stderr):
            with contextlib.suppress(Exception):
                pipe.close()  # type: ignore[union-attr]  # a pipe may be None; suppress() covers it

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return sorted(self._live)

    @property
    def busy(self) -> int:
        """How many workers are evaluating a query right now."""
        return self._busy

    # ---- running queries

    def _take(self, client: str | None) -> _Worker:
        with self._lock:
            if client is not None and self._clients[client] >= self.client_cap:
                raise PoolBusy(
                    f"{client} already runs {self._clients[client]} queries; the limit is {self.client_cap} at once",
                    429,
                )
            if client is not None:
                self._clients[client] += 1
        self._top_up(taking=1)  # keep one ready for the next client
        try:
            return self._idle.get(timeout=self.timeout)
        except queue.Empty:
            self._release(client)
            raise PoolBusy(f"all {self.max_size} query workers stayed busy for {self.timeout:g} s") from None

    def _top_up(self, taking: int = 0) -> None:
        """Start workers so that ``size`` are live and, up to ``max_size``, one is idle or starting."""
        if self._closed:
            return
        with self._lock:
            live, starting = len(self._live), self._starting
            ready = self._idle.qsize() - taking + starting
        wanted = max(self.size - live - starting, 1 - ready if ready < 1 else 0)
        for _ in range(max(0, min(wanted, self.max_size - live - starting))):
            self._start_later()

    def _release(self, client: str | None) -> None:
        if client is None:
            return
        with self._lock:
            self._clients[client] -= 1
            if self._clients[client] <= 0:
                del self._clients[client]

    def run(self, query: str, media_type: str, client: str | None = None) -> Reply:
        """Evaluate in a free worker; raise :class:`QueryTimeout` (worker killed), :class:`QueryMemory`
        or :class:`PoolBusy`. ``client`` (an address) is held to its share of the workers."""
        worker = self._take(client)
        with self._lock:
            self._busy += 1
        done = False
        try:
            assert worker.process.stdin is not None and worker.process.stdout is not None
            write_msg(worker.process.stdin.fileno(), (query, media_type))
            try:
                reply = read_msg(worker.process.stdout.fileno(), timeout=self.timeout)
            except TimeoutError:
                raise QueryTimeout(f"query stopped: it ran longer than the {self.timeout:g} s limit") from None
            done = reply.status != MEMORY_STATUS or not reply.body.startswith(b"query stopped")
            return reply
        except (EOFError, OSError, pickle.UnpicklingError):
            code = worker.process.wait(10)
            if self.max_memory_gb and code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL, 134):
                raise QueryMemory(memory_message(self.max_memory_gb)) from None
            raise RuntimeError(f"the query worker died (exit code {code})") from None
        finally:
            with self._lock:
                self._busy -= 1
            self._release(client)
            self._give_back(worker, done)

    def _give_back(self, worker: _Worker, healthy: bool) -> None:
        if not healthy:
            self.killed.append(worker.pid)
            self._stop(worker)
            self._top_up()
            return
        with self._lock:  # shrink back to `size` once no query runs
            extra = len(self._live) > self.size and self._busy == 0 and self._idle.qsize() >= self.size
        if extra or self._closed:
            self._stop(worker)
        else:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker and the spawner thread."""
        self._closed = True
        self._jobs.put(None)
        if threading.current_thread() is not self._spawner:
            self._spawner.join(130)  # a worker being started now is stopped by its callback
        with self._lock:
            workers = list(self._live.values())
        for w in workers:
            self._stop(w)
