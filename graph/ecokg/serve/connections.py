"""Connection guards for the endpoint's stdlib ``http.server``: framing, deadlines, a cap and Host names.

:class:`GuardedServer` caps open connections (503 and close beyond the cap) and runs a reaper
thread that shuts down the reading side of connections past their deadline, so a client that
trickles its request one byte at a time is cut off as surely as an idle one (a per-read socket
timeout alone never fires for it). :class:`GuardedHandler` gives each request ``idle_timeout``
seconds for its request line and headers and ``request_timeout`` for its body; refuses (400, close)
a negative, non-numeric or repeated ``Content-Length`` and any ``Transfer-Encoding``, so nothing
left in the stream is parsed as a second request; and answers 403 when the ``Host`` header names
another server (DNS rebinding). :func:`host_name` reads the name out of a ``Host`` header.

>>> host_name("[::1]:7700"), host_name("LocalHost:80"), host_name("localhost@attacker.example")
('::1', 'localhost', 'localhost@attacker.example')
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
"""Host names always allowed in the ``Host`` header."""
WILDCARDS = ("", "0.0.0.0", "::")
"""Bind addresses that name no host."""
_DIGITS = re.compile(r"[0-9]{1,18}")
_HOST = re.compile(r"\[([0-9A-Fa-f:.]+)\](?::\d*)?|([^:\[\]]*)(?::\d*)?")


def host_name(header: str) -> str:
    """The lower-case host name of a ``Host`` header, without port or IPv6 brackets."""
    m = _HOST.fullmatch(header.strip())
    return ((m.group(1) or m.group(2)) if m else header.strip()).lower()


class GuardedServer(ThreadingHTTPServer):
    """A threaded HTTP server with a connection cap and per-connection deadlines."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], *, max_connections: int,
                 idle_timeout: float, request_timeout: float, allowed_hosts: frozenset[str]) -> None:  # fmt: skip
        self.max_connections, self.idle_timeout, self.request_timeout = max_connections, idle_timeout, request_timeout
        self.allowed_hosts = allowed_hosts
        self._conn_lock = threading.Lock()
        self.connections = 0
        self.refused = 0
        self._deadlines: dict[int, tuple[float, socket.socket]] = {}
        self._stopping = threading.Event()
        super().__init__(address, handler)
        threading.Thread(target=self._reap, name="ecokg-http-reaper", daemon=True).start()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conn_lock:
            over = self.connections >= self.max_connections
            if over:
                self.refused += 1
            else:
                self.connections += 1
        if not over:
            return super().process_request(request, client_address)
        body = f"too many connections (the limit is {self.max_connections}); try again\n".encode()
        head = (
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        )
        with contextlib.suppress(OSError):
            request.settimeout(1.0)
            request.sendall(head.encode() + body)
        self.shutdown_request(request)
        return None

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._conn_lock:
                self.connections -= 1

    def watch(self, conn: socket.socket, seconds: float) -> None:
        """Shut ``conn`` down unless :meth:`unwatch` is called within ``seconds``."""
        with self._conn_lock:
            self._deadlines[id(conn)] = (time.monotonic() + seconds, conn)

    def unwatch(self, conn: socket.socket) -> None:
        with self._conn_lock:
            self._deadlines.pop(id(conn), None)

    def _reap(self) -> None:
        while not self._stopping.wait(0.2):
            now = time.monotonic()
            with self._conn_lock:
                late = [k for k, (t, _c) in self._deadlines.items() if t <= now]
                conns = [self._deadlines.pop(k)[1] for k in late]
            for conn in conns:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RD)  # reads end; a 408 can still go out

    def server_close(self) -> None:
        self._stopping.set()
        super().server_close()


class GuardedHandler(BaseHTTPRequestHandler):
    """Request parsing with the guards above; subclasses answer through :meth:`_text`."""

    server: GuardedServer
    protocol_version = "HTTP/1.1"
    body_length: int | None = None

    def _text(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        body = (message.rstrip() + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def setup(self) -> None:
        self.timeout = self.server.idle_timeout  # type: ignore[misc]  # StreamRequestHandler reads it per instance
        super().setup()

    def handle_one_request(self) -> None:
        self.server.watch(self.connection, self.server.idle_timeout)
        try:
            super().handle_one_request()
        except OSError:
            self.close_connection = True  # the reaper shut a late connection down
        finally:
            self.server.unwatch(self.connection)

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        self.server.watch(self.connection, self.server.request_timeout)  # now the body's deadline
        problem = self._framing_problem()
        if problem is None:
            problem = self._host_problem()
            if problem is not None:
                self._text(403, problem, {"Connection": "close"})
                return False
            return True
        self._text(400, problem, {"Connection": "close"})
        return False

    def _framing_problem(self) -> str | None:
        if self.headers.get_all("Transfer-Encoding"):
            return "Transfer-Encoding is not supported: send the body with one Content-Length"
        lengths = self.headers.get_all("Content-Length") or []
        if len(lengths) > 1:
            return "more than one Content-Length header"
        if lengths and not _DIGITS.fullmatch(lengths[0].strip()):
            return f"bad Content-Length {lengths[0]!r}: it must be a number of bytes"
        self.body_length = int(lengths[0]) if lengths else None
        if self.body_length and self.command != "POST":
            self.close_connection = True  # never read a GET's body as the next request
        return None

    def _host_problem(self) -> str | None:
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            return "more than one Host header"
        if not hosts:
            return "a request needs a Host header" if self.request_version >= "HTTP/1.1" else None
        name = host_name(hosts[0])
        if name in self.server.allowed_hosts:
            return None
        return (
            f"Host {hosts[0]!r} is not served here (a guard against DNS rebinding); "
            f"start the endpoint with --allow-host {name or 'NAME'} to allow it"
        )
