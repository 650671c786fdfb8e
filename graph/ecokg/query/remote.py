"""Beyond one machine: load the build into a SPARQL 1.1 store and query it there.

* :func:`push` sends every graph of ``build/ecosystem.trig`` (and of a fresh ``analysis.trig``) to a
  store's Graph Store Protocol endpoint (``PUT <gsp>?graph=<iri>`` for each named graph, ``PUT
  <gsp>?default`` for the default graph; N-Triples), replacing each graph, so pushing twice gives
  the same store.
* :func:`query` runs a query through the SPARQL 1.1 Protocol (``POST``, form-encoded) and returns
  an rdflib :class:`~rdflib.query.Result`, so the named queries run unchanged on a remote store.
  A query gets the prefixes ecokg predeclares locally (:data:`ecokg.namespaces.PREFIXES`) there too:
  :func:`declare_prefixes` declares those it uses and does not declare itself.

Queries that do not name a graph read the store's default graph, which after a push holds the
build's asserted graph: every fact once (:mod:`ecokg.dataset.asserted`). So the store must keep
its default graph a graph of its own -- Oxigraph server *without* ``--union-default-graph``,
Fuseki without ``tdb2:unionDefaultGraph`` --, as a union of the named graphs would answer a fact
once per article that states it. (Virtuoso's default graph is always such a union: see
:mod:`ecokg.scale.virtuoso_sparql`.)

Credentials, when a store needs them, go in the URL (``https://user:password@host/...``) and are
sent as HTTP Basic authentication; they are never printed.

>>> split_credentials("https://ann:s3cret@example.org/ds/data")
('https://example.org/ds/data', 'Basic YW5uOnMzY3JldA==')
>>> graph_url("http://127.0.0.1:7878/store", "https://w3id.org/ecokg/graph/sources")
'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fecokg%2Fgraph%2Fsources'
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import io
import json
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from rdflib import Graph
from rdflib.query import Result

from ecokg.namespaces import PREFIXES
from ecokg.query.safety import query_form, tokenize

USER_AGENT = "ecokg (+https://w3id.org/ecokg)"


class RemoteError(RuntimeError):
    """The remote store answered with an error (status and its message) or could not be reached."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def split_credentials(url: str) -> tuple[str, str | None]:
    """The URL without ``user:password@`` and the matching ``Authorization`` header value."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    token = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
    return clean, "Basic " + base64.b64encode(token).decode("ascii")


def graph_url(gsp: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of one graph (``?graph=`` or ``?default``)."""
    sep = "&" if urlsplit(gsp).query else "?"
    return f"{gsp}{sep}default" if graph is None else f"{gsp}{sep}graph={quote(graph, safe='')}"


MAX_REDIRECTS = 5
"""Same-origin redirects followed at most."""
_REDIRECTS = (301, 302, 303, 307, 308)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https" else 80)


def _abort(conn: http.client.HTTPConnection, fired: threading.Event) -> None:
    fired.set()
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _once(method: str, url: str, body: bytes | None, headers: dict[str, str], deadline: float, timeout: float):  # noqa: ANN202
    """One exchange, finished before ``deadline`` (a timer shuts the socket down when it passes)."""
    parts = urlsplit(url)
    left = deadline - time.monotonic()
    if left <= 0:
        raise RemoteError(f"{method} {url}: no complete answer within {timeout:g} s")
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = cls(parts.hostname or "", parts.port, timeout=left)
    fired = threading.Event()
    timer = threading.Timer(left, _abort, (conn, fired))
    timer.daemon = True
    timer.start()
    try:
        try:
            conn.connect()
        except OSError as exc:
            raise RemoteError(f"{method} {url}: cannot connect: {exc}") from None
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target, body=body, headers=headers)
        resp = conn.getresponse()
        answer = resp.status, resp.reason, resp.headers, resp.read()
        if fired.is_set():  # cut off mid-answer: what arrived is not the whole answer
            raise OSError("deadline")
        return answer
    except (OSError, http.client.HTTPException) as exc:
        if fired.is_set() or time.monotonic() >= deadline - 0.05:
            raise RemoteError(f"{method} {url}: no complete answer within {timeout:g} s") from None
        raise RemoteError(f"{method} {url}: the connection failed: {exc}") from None
    finally:
        timer.cancel()
        conn.close()


def _request(
    method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float
) -> tuple[int, str, bytes]:
    """One request, redirects included, finished within ``timeout`` seconds in all.

    Redirects are followed only within the same origin and only when they keep the method and
    body (307 / 308, or any for GET): credentials never go to another origin, and a query is
    never silently turned into a bodyless GET.
    """
    clean, auth = split_credentials(url)
    origin = _origin(clean)
    deadline = time.monotonic() + timeout
    sent = {"User-Agent": USER_AGENT, **headers, **({"Authorization": auth} if auth else {})}
    for _hop in range(MAX_REDIRECTS + 1):
        if urlsplit(clean).scheme not in ("http", "https"):
            raise RemoteError(f"not an http(s) URL: {clean}")
        status, reason, resp_headers, data = _once(method, clean, body, sent, deadline, timeout)
        if status in _REDIRECTS and resp_headers.get("Location"):
            target = split_credentials(urljoin(clean, resp_headers["Location"]))[0]
            if _origin(target) != origin:
                raise RemoteError(
                    f"{method} {clean}: the server redirected (HTTP {status}) to {target}, another origin; "
                    "not followed, so the credentials and the request stay with the URL you gave",
                    status,
                )
            if method not in ("GET", "HEAD") and status not in (307, 308):
                raise RemoteError(
                    f"{method} {clean}: the server redirected (HTTP {status}) to {target}, which would turn the "
                    f"{method} into a GET without its body; not followed (give that URL instead)",
                    status,
                )
            clean = target
            continue
        if status >= 400:
            detail = data.decode("utf-8", "replace").strip()
            raise RemoteError(f"{method} {clean}: HTTP {status} {reason}: {detail[:2000]}", status)
        return status, resp_headers.get("Content-Type", ""), data
    raise RemoteError(f"{method} {url}: more than {MAX_REDIRECTS} redirects")


def graphs_of(*trigs: Path) -> dict[str | None, bytes]:
    """The graphs of TriG files as N-Triples documents, by name (None: the default graph, if any).

    A graph in several files (the default graph of the build and of its ``analysis.trig``) is
    one document with each triple once.
    """
    import pyoxigraph as ox

    by_graph: dict[str | None, dict] = defaultdict(dict)  # graph -> its triples, once each, in file order
    for trig in trigs:
        for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            by_graph[name][quad.triple] = None
    return {
        g: ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES) or b""
        for g, ts in sorted(by_graph.items(), key=lambda kv: kv[0] or "")
    }


class PushFailed(RemoteError):
    """A push that stopped part-way; ``new`` / ``old`` name the graphs by the content they hold now."""

    def __init__(self, message: str, status: int | None, new: list[str], old: list[str], unknown: list[str]) -> None:
        super().__init__(message, status)
        self.new, self.old, self.unknown = new, old, unknown


_NO_COPY = ("", b"")
"""The backup of a graph the store would not give back (GET refused with other than 404)."""


def _name(graph: str | None) -> str:
    return graph or "(default graph)"


def push(gsp: str, trig: Path | Sequence[Path], *, timeout: float = 120.0) -> dict[str, int]:
    """PUT every graph of ``trig`` (a TriG file, or several loaded together: the build and its
    ``analysis.trig``) to the Graph Store Protocol endpoint ``gsp``; graph -> triples sent (the
    default graph, the build's asserted graph, is named ``(default graph)``).

    Each graph is read back (GET) before it is replaced. When a request fails part-way, the graphs
    already replaced are put back as they were (a graph that did not exist is deleted again) and
    :class:`PushFailed` says so; when that fails too, its message names exactly which graphs hold
    the new content, which the old, and which are unknown. ``timeout`` bounds each request in all.
    """
    graphs = graphs_of(*((trig,) if isinstance(trig, Path) else trig))
    sent: dict[str, int] = {}
    backups: dict[str | None, tuple[str, bytes] | None] = {}  # graph -> (type, old content) or None: absent
    touched: list[str | None] = []
    for graph, data in graphs.items():
        url = graph_url(gsp, graph)
        try:
            try:
                _s, ctype, old = _request("GET", url, None, {"Accept": "application/n-triples"}, timeout)
                backups[graph] = (ctype or "application/n-triples", old)
            except RemoteError as exc:
                if exc.status is None:  # no answer at all: stop before replacing anything more
                    raise
                backups[graph] = None if exc.status == 404 else _NO_COPY  # e.g. 405: the store cannot give it
            touched.append(graph)
            _request("PUT", url, data, {"Content-Type": "application/n-triples; charset=utf-8"}, timeout)
        except RemoteError as exc:
            raise _rollback(gsp, exc, graphs, touched, backups, timeout, len(sent)) from None
        sent[_name(graph)] = data.count(b"\n")
    return sent


def _rollback(gsp: str, exc: RemoteError, graphs: Mapping[str | None, bytes], touched: list[str | None],
              backups: Mapping[str | None, tuple[str, bytes] | None], timeout: float, done: int) -> PushFailed:  # fmt: skip
    """Put back the graphs a failed push touched; the error that says what the store holds now."""
    restored: list[str] = []
    new: list[str] = []
    unknown: list[str] = []
    for i, graph in enumerate(touched):
        url, backup = graph_url(gsp, graph), backups[graph]
        try:
            if backup is _NO_COPY:
                raise RemoteError("no copy of the old graph")
            if backup is None:
                with contextlib.suppress(RemoteError):  # 404: it was never created
                    _request("DELETE", url, None, {}, timeout)
                _request("GET", url, None, {"Accept": "application/n-triples"}, timeout)
                unknown.append(_name(graph))  # still there after the DELETE
            else:
                _request("PUT", url, backup[1], {"Content-Type": backup[0]}, timeout)
                restored.append(_name(graph))
        except RemoteError as again:
            if backup is None and again.status == 404:
                restored.append(_name(graph))
            else:
                (new if i < done else unknown).append(_name(graph))  # the failed PUT may or may not have landed
    old = restored + [_name(g) for g in graphs if g not in touched]
    head = f"{exc}\npush stopped after {done} of {len(graphs)} graphs"
    if not new and not unknown:
        msg = f"{head}; the {len(restored)} graphs it had touched were put back as they were: the store is unchanged"
    else:
        msg = (
            f"{head}, and putting the old graphs back failed too. The store now holds:\n"
            f"  the NEW content in {len(new)} graphs: {', '.join(new) or '-'}\n"
            f"  the OLD content in {len(old)} graphs: {', '.join(old) or '-'}\n"
            f"  unknown content in {len(unknown)} graphs: {', '.join(unknown) or '-'}"
        )
    return PushFailed(msg, exc.status, new, old, unknown)


#: http.client's limit on the header lines of one response (its ``_MAXHEADERS``, 100).
BASE_RESPONSE_HEADERS = 100


def allow_response_headers(params: int) -> None:
    """Let a response carry one more header line per protocol parameter sent.

    Virtuoso echoes every ``default-graph-uri`` / ``named-graph-uri`` of a query as an
    ``X-SPARQL-default-graph`` / ``X-SPARQL-named-graph`` response header. A query over a region's
    dataset (73 graphs at 1M triples: 146 parameters) got more header lines than http.client's
    limit of 100, which refused the whole answer ("got more than 100 headers"). The limit is
    http.client's module-wide ``_MAXHEADERS``; it is raised to what the request asks for, never
    lowered, so concurrent requests cannot shrink it under each other.

    >>> allow_response_headers(300)
    >>> http.client._MAXHEADERS >= BASE_RESPONSE_HEADERS + 300
    True
    """
    limit = BASE_RESPONSE_HEADERS + params
    if limit > http.client._MAXHEADERS:  # type: ignore[attr-defined]  # private stdlib limit, read per response
        http.client._MAXHEADERS = limit  # type: ignore[attr-defined]  # private stdlib limit, read per response


def query_raw(
    endpoint: str, text: str, accept: str, *, timeout: float = 60.0, params: Sequence[tuple[str, str]] = ()
) -> tuple[str, bytes]:
    """POST a query (SPARQL 1.1 Protocol, form-encoded); the response's content type and body.

    ``params`` are further protocol parameters, e.g. ``default-graph-uri`` / ``named-graph-uri``.
    """
    body = urlencode([("query", text), *params]).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    allow_response_headers(len(params))
    _status, ctype, data = _request("POST", endpoint, body, headers, timeout)
    return ctype, data


def query(
    endpoint: str,
    text: str,
    *,
    timeout: float = 60.0,
    params: Sequence[tuple[str, str]] = (),
    restore: Mapping[str, str] | None = None,
) -> Result:
    """Run a query on a remote SPARQL 1.1 endpoint; an rdflib Result (SELECT, ASK or a graph).

    ``params``: further protocol parameters (``default-graph-uri``, ``named-graph-uri``);
    ``restore``: placeholder -> text replacements applied to the answer (a store dialect's
    work-arounds, see :func:`ecokg.scale.virtuoso.virtuoso_dialect`). The prefixes ecokg
    predeclares are declared for the store (:func:`declare_prefixes`).
    """
    form = query_form(text) or "SELECT"
    _ctype, data = query_raw(endpoint, declare_prefixes(text), answer_type(form), timeout=timeout, params=params)
    return parse_answer(form, data, restore, source=endpoint)


def declare_prefixes(text: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """``text`` with PREFIX declarations in front for the predeclared ``prefixes`` it uses but
    does not declare itself, so it runs on a store that predeclares nothing.

    The query is read by the safety checks' SPARQL tokenizer (a ``ekg:`` inside a string, an IRI or a
    comment is no use of ``ekg:``). A prefix the query declares keeps the query's IRI; a ``BASE``
    is unaffected (the declared IRIs are absolute). The declarations go in front of line 1, on
    that line, so the line numbers in a store's syntax errors are still the query's own.

    >>> declare_prefixes("SELECT ?l WHERE { ekg:taiping_bird rdfs:label ?l }  # eco:x")
    'PREFIX ekg: <https://w3id.org/ecokg/id/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?l WHERE { ekg:taiping_bird rdfs:label ?l }  # eco:x'
    >>> declare_prefixes("BASE <http://example.org/>\\nPREFIX ekg: <http://example.org/id/> ASK { ekg:a <p> 'x:y' }")
    "BASE <http://example.org/>\\nPREFIX ekg: <http://example.org/id/> ASK { ekg:a <p> 'x:y' }"
    """
    declared: set[str] = set()
    used: list[str] = []
    after_prefix = False
    for tok in tokenize(text):
        if tok.kind in ("ws", "comment"):
            continue
        if tok.kind == "pname":
            name = tok.text.split(":", 1)[0]
            if after_prefix:
                declared.add(name)
            elif name in prefixes and name not in used:
                used.append(name)
        after_prefix = tok.kind == "word" and tok.text.upper() == "PREFIX"
    missing = [name for name in used if name not in declared]
    return "".join(f"PREFIX {name}: <{prefixes[name]}> " for name in missing) + text


def answer_type(form: str) -> str:
    """The media type ecokg asks for: SPARQL JSON results (SELECT, ASK) or N-Triples (graphs)."""
    return "application/sparql-results+json" if form in ("SELECT", "ASK") else "application/n-triples"


def parse_answer(form: str, data: bytes, restore: Mapping[str, str] | None = None, *, source: str = "") -> Result:
    """An rdflib Result from an answer in :func:`answer_type` (``restore``: see :func:`query`).

    >>> parse_answer("ASK", b'{"head": {}, "boolean": true}').askAnswer
    True
    """
    if form in ("SELECT", "ASK"):
        for placeholder, original in (restore or {}).items():
            data = data.replace(placeholder.encode("ascii"), json.dumps(original)[1:-1].encode("utf-8"))
        try:
            result = Result.parse(io.BytesIO(data), format="json")
        except Exception as exc:
            raise RemoteError(f"{source or 'the store'} did not answer with SPARQL JSON results: {exc}") from None
        if form == "ASK" and result.type == "SELECT":
            # Virtuoso 7 answers ASK in JSON as one row of one variable (__ASK_RETVAL: 1 or 0)
            rows = [tuple(r) for r in result]  # type: ignore[arg-type]  # SELECT rows; rdflib types them as a union
            answer = Result("ASK")
            answer.askAnswer = bool(rows and rows[0][0] is not None and int(str(rows[0][0])))
            return answer
        return result
    for placeholder, original in (restore or {}).items():
        data = data.replace(placeholder.encode("ascii"), original.encode("utf-8"))
    graph = Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    result = Result(form)
    result.graph = graph
    return result
