"""Issue 17: the remote client (``ecokg query --endpoint``, ``ecokg push``) against hostile or failing servers.

Small stdlib servers on 127.0.0.1 play the remote store: one that redirects, one that sends a
header line every 0.5 s, and a Graph Store Protocol store (a dict of graphs) that fails on a
chosen PUT.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from ecokg.cli import main as cli
from ecokg.query import remote

ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()


class Recorder(BaseHTTPRequestHandler):
    """Answers by ``self.server.script(handler) -> (status, headers, body)``; records every request."""

    server: Any

    def _any(self) -> None:
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        self.server.seen.append((self.command, self.path, self.headers.get("Authorization"), body))
        status, headers, out = self.server.script(self, body)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = do_PUT = do_DELETE = _any  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def make_server() -> Iterator[Any]:
    started: list[ThreadingHTTPServer] = []

    def make(script: Any) -> ThreadingHTTPServer:
        srv = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        srv.seen, srv.script = [], script  # type: ignore[attr-defined]
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        started.append(srv)
        return srv

    yield make
    for srv in started:
        srv.shutdown()
        srv.server_close()


def base(srv: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{srv.server_address[1]}"


def test_credentials_never_follow_a_redirect_to_another_origin(make_server: Any, capsys: Any) -> None:
    other = make_server(lambda h, b: (200, {"Content-Type": "application/sparql-results+json"}, ASK_TRUE))
    redirector = make_server(lambda h, b: (302, {"Location": base(other) + "/sparql"}, b""))
    url = f"http://ann:s3cret@127.0.0.1:{redirector.server_address[1]}/sparql"
    with pytest.raises(remote.RemoteError, match="another origin; not followed") as err:
        remote.query(url, "ASK { ?s ?p ?o }")
    assert "s3cret" not in str(err.value)
    assert other.seen == []  # nothing (and no credentials) went to the other origin
    assert cli.main(["query", "--endpoint", url, "--sparql", "ASK { ?s ?p ?o }"]) == 1
    out = capsys.readouterr()
    assert "redirected (HTTP 302)" in out.err and out.out == "" and "s3cret" not in out.err
    assert other.seen == []


def test_a_redirect_that_would_turn_the_post_into_a_get_is_refused(make_server: Any) -> None:
    def script(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict[str, str], bytes]:
        if handler.path == "/old":
            return 302, {"Location": "/new"}, b""
        return 200, {"Content-Type": "application/sparql-results+json"}, ASK_TRUE

    srv = make_server(script)
    with pytest.raises(remote.RemoteError, match="would turn the POST into a GET without its body"):
        remote.query(base(srv) + "/old", "ASK { ?s ?p ?o }")
    assert [m for m, *_ in srv.seen] == ["POST"]


def test_a_same_origin_307_is_followed_with_the_query_and_credentials(make_server: Any) -> None:
    def script(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict[str, str], bytes]:
        if handler.path == "/old":
            return 307, {"Location": "/new"}, b""
        assert parse_qs(body.decode())["query"] == ["ASK { ?s ?p ?o }"]
        return 200, {"Content-Type": "application/sparql-results+json"}, ASK_TRUE

    srv = make_server(script)
    url = f"http://ann:pw@127.0.0.1:{srv.server_address[1]}/old"
    assert remote.query(url, "ASK { ?s ?p ?o }").askAnswer is True
    assert [(m, p) for m, p, *_ in srv.seen] == [("POST", "/old"), ("POST", "/new")]
    assert {a for _m, _p, a, _b in srv.seen} == {"Basic YW5uOnB3"}


@pytest.fixture()
def trickler() -> Iterator[str]:
    """A server that answers with one header line every 0.5 s, for ever (until closed)."""
    lsock = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for i in range(200):
                if stop.wait(0.5):
                    return
                try:
                    conn.sendall(f"X-Slow-{i}: 1\r\n".encode())
                except OSError:
                    return

    def accept() -> None:
        lsock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = lsock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{lsock.getsockname()[1]}"
    stop.set()
    lsock.close()


def test_a_whole_request_ends_within_the_timeout(trickler: str, build_dir: Path, capsys: Any) -> None:
    started = time.monotonic()
    with pytest.raises(remote.RemoteError, match="no complete answer within 2 s"):
        remote.query(trickler + "/sparql", "ASK { ?s ?p ?o }", timeout=2)
    assert time.monotonic() - started < 3.5  # a per-read timeout alone never fired
    started = time.monotonic()
    assert cli.main(["push", "--endpoint", trickler + "/store", "--build", str(build_dir), "--timeout", "2"]) == 1
    assert time.monotonic() - started < 3.5
    assert "no complete answer within 2 s" in capsys.readouterr().err


class Store:
    """A Graph Store Protocol store in a dict; PUT number ``fail_at`` (1-based) and, with
    ``broken_after``, every request after it answer 500."""

    def __init__(self, graphs: dict[str | None, bytes], fail_at: int, broken_after: bool = False) -> None:
        self.graphs, self.fail_at, self.broken_after, self.puts, self.broken = (
            dict(graphs),
            fail_at,
            broken_after,
            0,
            False,
        )

    def __call__(self, handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict[str, str], bytes]:
        query = urlsplit(handler.path).query
        graph = None if query == "default" else parse_qs(query)["graph"][0]  # None: the default graph
        if self.broken:
            return 500, {}, b"store broken"
        if handler.command == "GET":
            if graph not in self.graphs:
                return 404, {}, b"no such graph"
            return 200, {"Content-Type": "application/n-triples"}, self.graphs[graph]
        if handler.command == "DELETE":
            return (204, {}, b"") if self.graphs.pop(graph, None) is not None else (404, {}, b"")
        self.puts += 1
        if self.puts == self.fail_at:
            self.graphs[graph] = body[: len(body) // 2]  # half-written, as a crashing store might leave it
            self.broken = self.broken_after
            return 500, {}, b"disk full"
        self.graphs[graph] = body
        return 204, {}, b""


def old_store(build_dir: Path) -> dict[str | None, bytes]:
    """What the remote store held before: the default graph and every other graph of the build's 9
    named graphs, each with one stale triple."""
    names = list(remote.graphs_of(build_dir / "ecosystem.trig"))
    assert names[0] is None and len(names) == 10  # the default graph; ontology, sources, five articles, two code lists
    return {g: f"<urn:old:{i}> <urn:old:p> <urn:old:o> .\n".encode() for i, g in enumerate(names) if i % 2 == 0}


def test_a_push_that_fails_part_way_puts_the_old_graphs_back(make_server: Any, build_dir: Path, capsys: Any) -> None:
    before = old_store(build_dir)
    store = Store(before, fail_at=4)
    srv = make_server(store)
    with pytest.raises(remote.PushFailed, match=r"push stopped after 3 of 10 graphs; .* the store is unchanged") as err:
        remote.push(base(srv) + "/store", build_dir / "ecosystem.trig")
    assert store.graphs == before  # replaced graphs restored, graphs it had added deleted again
    assert err.value.new == [] and err.value.unknown == [] and len(err.value.old) == 10
    store.puts, store.fail_at = 0, 4
    assert cli.main(["push", "--endpoint", base(srv) + "/store", "--build", str(build_dir)]) == 1
    assert "HTTP 500" in capsys.readouterr().err and store.graphs == before


def test_when_the_restore_fails_too_the_error_names_new_and_old_graphs(make_server: Any, build_dir: Path) -> None:
    before = old_store(build_dir)
    store = Store(before, fail_at=4, broken_after=True)
    srv = make_server(store)
    with pytest.raises(remote.PushFailed) as err:
        remote.push(base(srv) + "/store", build_dir / "ecosystem.trig")
    new = remote.graphs_of(build_dir / "ecosystem.trig")
    order = list(new)  # the default graph first
    names = [g or "(default graph)" for g in order]
    assert err.value.new == names[:3] and err.value.unknown == names[3:4] and err.value.old == names[4:]
    assert all(store.graphs[g] == new[g] for g in order[:3])  # what it says is what the store holds
    assert all(store.graphs.get(g) == before.get(g) for g in order[4:])
    message = str(err.value)
    assert "the NEW content in 3 graphs: " + ", ".join(names[:3]) in message
    assert f"the OLD content in {len(order) - 4} graphs: " + ", ".join(names[4:]) in message
