"""Beyond one machine: load the build into a SPARQL 1.1 store and query it there.

* :func:`push` sends every named graph of ``build/ecosystem.trig`` to a store's Graph Store Protocol
  endpoint (``PUT <gsp>?graph=<iri>``, N-Triples), replacing each graph, so pushing twice gives the
  same store.
* :func:`query` runs a query through the SPARQL 1.1 Protocol (``POST``, form-encoded) and returns
  an rdflib :class:`~rdflib.query.Result`, so the named queries run unchanged on a remote store.

Queries that do not name a graph read the store's default graph; ecokg's queries expect it to be
the union of the named graphs (Oxigraph server: ``--union-default-graph``; Fuseki:
``tdb2:unionDefaultGraph true``; GraphDB and Virtuoso do so by default).

Credentials, when a store needs them, go in the URL (``https://user:password@host/...``) and are
sent as HTTP Basic authentication; they are never printed.

>>> split_credentials("https://ann:s3cret@example.org/ds/data")
('https://example.org/ds/data', 'Basic YW5uOnMzY3JldA==')
>>> graph_url("http://127.0.0.1:7878/store", "https://w3id.org/ecokg/graph/sources")
'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fecokg%2Fgraph%2Fsources'
"""

from __future__ import annotations

import base64
import io
import json
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit, urlunsplit

from rdflib import Graph
from rdflib.query import Result

from ecokg.query.safety import query_form

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


def _request(
    method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float
) -> tuple[int, str, bytes]:
    clean, auth = split_credentials(url)
    if urlsplit(clean).scheme not in ("http", "https"):
        raise RemoteError(f"not an http(s) URL: {clean}")
    req = urllib.request.Request(clean, data=body, method=method, headers={"User-Agent": USER_AGENT, **headers})
    if auth:
        req.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked above
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()
        raise RemoteError(f"{method} {clean}: HTTP {exc.code} {exc.reason}: {detail[:2000]}", exc.code) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError(f"{method} {clean}: cannot connect: {reason}") from None


def graphs_of(trig: Path) -> dict[str | None, bytes]:
    """The named graphs of a TriG file as N-Triples documents (None: the default graph, if any)."""
    import pyoxigraph as ox

    by_graph: dict[str | None, list] = defaultdict(list)
    for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        by_graph[name].append(quad.triple)
    return {
        g: ox.serialize(ts, format=ox.RdfFormat.N_TRIPLES) or b""
        for g, ts in sorted(by_graph.items(), key=lambda kv: kv[0] or "")
    }


def push(gsp: str, trig: Path, *, timeout: float = 120.0) -> dict[str, int]:
    """PUT every graph of ``trig`` to the Graph Store Protocol endpoint ``gsp``; graph -> triples sent."""
    sent: dict[str, int] = {}
    for graph, data in graphs_of(trig).items():
        _request("PUT", graph_url(gsp, graph), data, {"Content-Type": "application/n-triples; charset=utf-8"}, timeout)
        sent[graph or "(default graph)"] = data.count(b"\n")
    return sent


def query_raw(
    endpoint: str, text: str, accept: str, *, timeout: float = 60.0, params: Sequence[tuple[str, str]] = ()
) -> tuple[str, bytes]:
    """POST a query (SPARQL 1.1 Protocol, form-encoded); the response's content type and body.

    ``params`` are further protocol parameters, e.g. ``default-graph-uri`` / ``named-graph-uri``.
    """
    body = urlencode([("query", text), *params]).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
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
    work-arounds, see :func:`ecokg.scale.virtuoso.virtuoso_dialect`).
    """
    form = query_form(text) or "SELECT"
    if form in ("SELECT", "ASK"):
        _ctype, data = query_raw(endpoint, text, "application/sparql-results+json", timeout=timeout, params=params)
        for placeholder, original in (restore or {}).items():
            data = data.replace(placeholder.encode("ascii"), json.dumps(original)[1:-1].encode("utf-8"))
        try:
            result = Result.parse(io.BytesIO(data), format="json")
        except Exception as exc:
            raise RemoteError(f"{endpoint} did not answer with SPARQL JSON results: {exc}") from None
        if form == "ASK" and result.type == "SELECT":
            # Virtuoso 7 answers ASK in JSON as one row of one variable (__ASK_RETVAL: 1 or 0)
            rows = list(result)
            answer = Result("ASK")
            answer.askAnswer = bool(rows and rows[0][0] is not None and int(rows[0][0]))  # type: ignore[arg-type]
            return answer
        return result
    _ctype, data = query_raw(endpoint, text, "application/n-triples", timeout=timeout, params=params)
    for placeholder, original in (restore or {}).items():
        data = data.replace(placeholder.encode("ascii"), original.encode("utf-8"))
    graph = Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    result = Result(form)
    result.graph = graph
    return result
