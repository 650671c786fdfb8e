"""Issue 17: the endpoint's HTTP framing, deadlines, connection cap and Host allow-list (raw sockets, loopback).

One server for the module with short deadlines (1 s to send the headers, 1 s for the body), a cap
of 6 connections and ``ecokg.example`` allowed as a Host name besides the localhost names.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from ecokg.serve.server import EndpointConfig, SparqlServer, running

pytestmark = pytest.mark.server

ASK = "ASK { ekg:haishu eco:partOf ekg:ningbo }"


@pytest.fixture(scope="module")
def srv(build_dir: Path) -> Iterator[SparqlServer]:
    config = EndpointConfig(
        trig=build_dir / "ecosystem.trig", port=0, workers=1, idle_timeout=1.0, request_timeout=1.0,
        max_connections=6, allowed_hosts=("ecokg.example",),
    )  # fmt: skip
    with running(config) as server:
        yield server


def connect(server: SparqlServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5)
    return sock


def read_all(sock: socket.socket, limit: float = 5.0) -> bytes:
    """Everything the server sends until it closes the connection (at most ``limit`` seconds)."""
    sock.settimeout(limit)
    out = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except (TimeoutError, ConnectionResetError):
            break
        if not chunk:
            return out
        out += chunk
    raise AssertionError(f"the server kept the connection open for {limit} s; got {out[:300]!r}")


def exchange(server: SparqlServer, raw: bytes, limit: float = 5.0) -> bytes:
    with connect(server) as sock:
        sock.sendall(raw)
        return read_all(sock, limit)


def post(length_headers: str, body: bytes = b"ASK {}", host: str = "127.0.0.1") -> bytes:
    return (
        f"POST /sparql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n{length_headers}\r\n"
    ).encode() + body


def status_lines(data: bytes) -> list[bytes]:
    return [line for line in data.split(b"\r\n") if line.startswith(b"HTTP/1.")]


def test_a_normal_request_still_works(srv: SparqlServer) -> None:
    body = ASK.encode()
    data = exchange(srv, post(f"Content-Length: {len(body)}\r\nConnection: close\r\n", body))
    assert status_lines(data) == [b"HTTP/1.1 200 OK"] and b'"boolean": true' in data


def test_a_negative_content_length_is_refused_without_reading_on(srv: SparqlServer) -> None:
    with connect(srv) as sock:
        sock.sendall(post("Content-Length: -1\r\n", b"x" * 65536))
        data = read_all(sock)  # the old server read to EOF, so this never ended
    assert status_lines(data) == [b"HTTP/1.1 400 Bad Request"] and b"bad Content-Length '-1'" in data


@pytest.mark.parametrize("value", ["12abc", "+6", "0x10", " ", "99999999999999999999"])
def test_a_non_numeric_content_length_is_refused(srv: SparqlServer, value: str) -> None:
    data = exchange(srv, post(f"Content-Length: {value}\r\n"))
    assert status_lines(data) == [b"HTTP/1.1 400 Bad Request"]


def test_two_content_lengths_cannot_smuggle_a_second_request(srv: SparqlServer) -> None:
    smuggled = b"GET /sparql?query=" + quote(ASK).encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    body = b"ASK {}" + smuggled
    data = exchange(srv, post(f"Content-Length: 6\r\nContent-Length: {len(body)}\r\n", body))
    assert status_lines(data) == [b"HTTP/1.1 400 Bad Request"]  # one answer, the smuggled GET never runs
    assert b"more than one Content-Length" in data and b"boolean" not in data


def test_transfer_encoding_is_refused(srv: SparqlServer) -> None:
    data = exchange(srv, post("Transfer-Encoding: chunked\r\n", b"6\r\nASK {}\r\n0\r\n\r\n"))
    assert status_lines(data) == [b"HTTP/1.1 400 Bad Request"] and b"Transfer-Encoding" in data


def test_a_get_with_a_body_does_not_become_a_second_request(srv: SparqlServer) -> None:
    smuggled = b"GET /sparql?query=" + quote(ASK).encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    raw = f"GET /queries.json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(smuggled)}\r\n\r\n".encode()
    data = exchange(srv, raw + smuggled)
    assert status_lines(data) == [b"HTTP/1.1 200 OK"] and b"boolean" not in data


def test_a_body_shorter_than_its_length_gets_408_after_the_deadline(srv: SparqlServer) -> None:
    started = time.monotonic()
    with connect(srv) as sock:
        sock.sendall(post("Content-Length: 100\r\n", b"ASK {"))
        data = read_all(sock)  # the old server waited for the rest forever
    assert status_lines(data) == [b"HTTP/1.1 408 Request Timeout"] and b"body of 100 bytes did not arrive" in data
    assert time.monotonic() - started < 4


def test_a_client_trickling_its_headers_is_cut_off(srv: SparqlServer) -> None:
    started = time.monotonic()
    with connect(srv) as sock:
        sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        closed = False
        for _ in range(40):  # one byte every 0.1 s: each read is quick, the whole is not
            try:
                sock.sendall(b"a")
            except OSError:
                closed = True
                break
            sock.settimeout(0.1)
            try:
                if sock.recv(4096) == b"":
                    closed = True
                    break
            except TimeoutError:
                pass
    assert closed and time.monotonic() - started < 3


def test_an_idle_connection_is_closed(srv: SparqlServer) -> None:
    started = time.monotonic()
    with connect(srv) as sock:
        assert read_all(sock) == b""
    assert time.monotonic() - started < 3


def test_connections_over_the_cap_get_503_and_are_closed(srv: SparqlServer) -> None:
    held = [connect(srv) for _ in range(6)]
    try:
        deadline = time.monotonic() + 5
        while srv.connections < 6 and time.monotonic() < deadline:
            time.sleep(0.02)
        data = exchange(srv, f"GET /sparql?query={quote(ASK)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert status_lines(data) == [b"HTTP/1.1 503 Service Unavailable"] and b"too many connections" in data
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 5
    while srv.connections and time.monotonic() < deadline:
        time.sleep(0.02)
    data = exchange(
        srv, f"GET /sparql?query={quote(ASK)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    )
    assert status_lines(data) == [b"HTTP/1.1 200 OK"]


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:7700", b"200"),
        ("localhost", b"200"),
        ("[::1]:7700", b"200"),
        ("ECOKG.example:80", b"200"),
        ("attacker.example", b"403"),
        ("127.0.0.1.attacker.example", b"403"),
        ("localhost@attacker.example", b"403"),
    ],
)
def test_the_host_header_must_name_this_server(srv: SparqlServer, host: str, status: bytes) -> None:
    raw = f"GET /sparql?query={quote(ASK)} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    data = exchange(srv, raw)
    assert status_lines(data)[0].split()[1] == status
    if status == b"403":
        assert b"DNS rebinding" in data and b"--allow-host" in data


def test_a_missing_or_repeated_host_header_is_refused(srv: SparqlServer) -> None:
    assert status_lines(exchange(srv, b"GET / HTTP/1.1\r\n\r\n"))[0].split()[1] == b"403"
    twice = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: attacker.example\r\n\r\n"
    assert status_lines(exchange(srv, twice))[0].split()[1] == b"403"
