"""Querying Virtuoso 7 as the embedded store answers: the build's dataset only, its SPARQL quirks worked round.

Virtuoso's default graph is the union of *every* graph it holds, including its own system graphs
(``http://www.openlinksw.com/schemas/virtrdf#``, ``http://www.w3.org/ns/ldp#``, …), and a union
repeats a fact once per article graph that states it. So the build's default graph, its asserted
graph (each fact once; :mod:`ecokg.dataset.asserted`), is loaded into Virtuoso as the named graph
``ekgg:asserted`` (:data:`~ecokg.namespaces.ASSERTED_GRAPH`: Virtuoso takes no triples into a
default graph of its own), and ecokg's queries name the dataset explicitly: :func:`dataset_params`
gives the ``default-graph-uri`` (``ekgg:asserted``) and ``named-graph-uri`` (the build's named
graphs) parameters of the SPARQL 1.1 Protocol, so patterns outside ``GRAPH`` see each fact once and
``GRAPH ?g`` the article graphs, nothing of Virtuoso's own; :func:`virtuoso_dialect` works round
what Virtuoso gets wrong in standard SPARQL; :data:`KNOWN_WRONG` lists what cannot be worked
round. :func:`push_gsp` sends small builds by the Graph Store Protocol with Digest authentication.

>>> dataset_params(["https://w3id.org/ecokg/graph/sources"])
[('default-graph-uri', 'https://w3id.org/ecokg/graph/asserted'), ('named-graph-uri', 'https://w3id.org/ecokg/graph/sources')]
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from rdflib.query import Result
from rdflib.term import Node

from ecokg.namespaces import ASSERTED_GRAPH
from ecokg.query.safety import tokenize
from ecokg.scale.virtuoso_closures import MAX_INLINED, inline_closures

#: The graph that holds the build's default graph (its asserted graph) in Virtuoso.
ASSERTED = str(ASSERTED_GRAPH)


class VirtuosoError(RuntimeError):
    """Virtuoso is missing, did not start, refused a command or died; the message says what to do."""


#: Virtuoso's own graphs, present in every database and part of its default graph.
SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localhost",
    "http://localuriqaserver",
)


def dataset_params(graphs: Iterable[str]) -> list[tuple[str, str]]:
    """SPARQL 1.1 Protocol parameters making ``graphs`` the whole dataset of a query, as on the
    embedded store: ``ekgg:asserted`` is the default graph (patterns outside ``GRAPH`` see each
    fact once), the other ``graphs`` the named graphs (``GRAPH ?g`` sees them and nothing of
    Virtuoso's own).
    """
    gs = sorted(set(graphs) - {ASSERTED})
    return [("default-graph-uri", ASSERTED)] + [("named-graph-uri", g) for g in gs]


def stored_name(graph: str | None) -> str:
    """The Virtuoso graph a build's graph goes to: its own name, or ``ekgg:asserted`` for the default graph.

    >>> stored_name(None)
    'https://w3id.org/ecokg/graph/asserted'
    """
    return ASSERTED if graph is None else graph


def gsp_url(base: str, graph: str) -> str:
    """Virtuoso's authenticated Graph Store Protocol URL for one graph.

    >>> gsp_url("http://127.0.0.1:8890", "https://w3id.org/ecokg/graph/sources")
    'http://127.0.0.1:8890/sparql-graph-crud-auth?graph-uri=https%3A%2F%2Fw3id.org%2Fecokg%2Fgraph%2Fsources'
    """
    return f"{base.rstrip('/')}/sparql-graph-crud-auth?graph-uri={quote(graph, safe='')}"


#: What else Virtuoso 7 gets wrong in standard SPARQL, and how :func:`virtuoso_dialect` works round it:
#: a non-ASCII GROUP_CONCAT separator comes back as ``?`` (an ASCII placeholder is sent and put
#: back in the results), and a non-ASCII simple literal bound in ``VALUES`` or ``BIND`` never
#: matches data strings (``"x"^^xsd:string``, the same RDF 1.1 term, does).
_SEPARATOR = re.compile(r'(separator\s*=\s*)"((?:[^"\\]|\\.)*)"', re.I)
_VALUES = re.compile(r"(VALUES\s*(?:\?\w+|\([^)]*\))\s*\{)([^}]*)(\})", re.I)
_SIMPLE = re.compile(r'"((?:[^"\\\n]|\\.)*)"(?!\s*(?:@|\^\^))')
_XSD_STRING = "<http://www.w3.org/2001/XMLSchema#string>"


#: Named queries Virtuoso 7.2.5 answers wrongly even through :func:`query`, and why (checked against
#: the embedded store by tests/test_virtuoso.py, which fails the day these answer right). None now:
#: ``orgs-in-area``, ``area-strategic-emerging`` and ``sector-players`` were wrong through Virtuoso's
#: closure fault (:data:`MAX_INLINED`), which :func:`inline_closures` works round.
KNOWN_WRONG: dict[str, str] = {}


def virtuoso_dialect(text: str) -> tuple[str, dict[str, str]]:
    """The query as Virtuoso 7 answers it correctly, and the placeholders to put back in results.

    >>> q, back = virtuoso_dialect('SELECT (GROUP_CONCAT(?l; separator="、") AS ?x) { VALUES ?n { "研究院" 1 } }')
    >>> q
    'SELECT (GROUP_CONCAT(?l; separator="~ecokg-sep-0~") AS ?x) { VALUES ?n { "研究院"^^<http://www.w3.org/2001/XMLSchema#string> 1 } }'
    >>> back
    {'~ecokg-sep-0~': '、'}
    """
    back: dict[str, str] = {}

    def separator(m: re.Match[str]) -> str:
        if m.group(2).isascii():
            return m.group(0)
        key = back.setdefault(m.group(2), f"~ecokg-sep-{len(back)}~")
        return f'{m.group(1)}"{key}"'

    def values(m: re.Match[str]) -> str:
        return m.group(1) + _SIMPLE.sub(lambda s: f'"{s.group(1)}"^^{_XSD_STRING}', m.group(2)) + m.group(3)

    text = _VALUES.sub(values, _SEPARATOR.sub(separator, text))
    return text, {key: sep for sep, key in back.items()}


# ------------------------------------------------------------------------------ closures inlined


#: Virtuoso's ``MaxSortedTopRows``: the most rows its in-memory sort (``ORDER BY`` with ``LIMIT`` or
#: ``OFFSET``) takes; 10,000 unless the ini says otherwise (ecokg's ini says so explicitly).
SORTED_TOP_ROWS = 10_000
_SR319 = re.compile(r"SR319: Max row length is exceeded when trying to store a string of (\d+) chars")


def query(endpoint: str, text: str, graphs: Iterable[str], *, timeout: float = 60.0) -> Result:
    """Run a query on Virtuoso's ``/sparql`` over exactly ``graphs``, as the embedded store would.

    Closures are inlined first (:func:`inline_closures`). An ``ORDER BY`` over rows longer than
    Virtuoso's sort table holds (SR319: a row over about 4 KB, a long ``GROUP_CONCAT`` say) is
    sorted in memory instead (:func:`sorted_in_memory`), which holds :data:`SORTED_TOP_ROWS` rows.
    """
    from ecokg.query import remote

    params = dataset_params(graphs)

    def ask(closure: str) -> list[Node] | None:
        sent, _restore = virtuoso_dialect(closure)
        rows = list(remote.query(endpoint, sent, timeout=timeout, params=params))
        if len(rows) > MAX_INLINED:
            return None
        return [row[0] for row in rows]  # type: ignore[index]  # rdflib ResultRow

    sent, restore = virtuoso_dialect(inline_closures(text, ask))
    try:
        return remote.query(endpoint, sent, timeout=timeout, params=params, restore=restore)
    except remote.RemoteError as exc:
        long = _SR319.search(str(exc))
        if long is None:
            raise
        cannot = (
            f"Virtuoso cannot sort or store rows this long: a value of {long.group(1)} bytes (SR319) is "
            "more than a row of its temporary tables holds (about 4 KB: a long GROUP_CONCAT list, say)"
        )
        retry = sorted_in_memory(sent)
        if retry is None:
            raise VirtuosoError(
                f"{cannot}, and the query is not one whose ORDER BY ecokg can move to Virtuoso's in-memory "
                "sort (a top-level ORDER BY without LIMIT or OFFSET)"
            ) from None
        try:
            result = remote.query(endpoint, retry, timeout=timeout, params=params, restore=restore)
        except remote.RemoteError as again:
            raise VirtuosoError(f"{cannot}; sorted in memory instead, it failed too: {again}") from None
        if len(result) >= SORTED_TOP_ROWS:
            raise VirtuosoError(
                f"{cannot}, so ecokg sorted it with Virtuoso's in-memory sort (ORDER BY ... LIMIT "
                f"{SORTED_TOP_ROWS}, its MaxSortedTopRows), but the answer has {SORTED_TOP_ROWS:,} rows, as many "
                "as that sort holds, so it may be cut short: ask for fewer rows or shorter values, or leave out ORDER BY"
            ) from None
        return result


def sorted_in_memory(text: str) -> str | None:
    """The query with ``LIMIT`` :data:`SORTED_TOP_ROWS` after its top-level ``ORDER BY``, so that
    Virtuoso sorts its rows in memory rather than in a temporary table; ``None`` if the query has no
    top-level ``ORDER BY`` or already has a ``LIMIT`` or ``OFFSET`` (a trailing ``VALUES`` too).

    >>> sorted_in_memory("SELECT ?s { ?s ?p ?o } ORDER BY ?s  # last")
    'SELECT ?s { ?s ?p ?o } ORDER BY ?s  # last\\nLIMIT 10000'
    >>> sorted_in_memory("SELECT ?s { { SELECT ?s { ?s ?p ?o } ORDER BY ?s } } LIMIT 5") is None
    True
    """
    depth = 0
    words = set()
    for tok in tokenize(text):
        if tok.kind == "op" and tok.text in "{}":
            depth += 1 if tok.text == "{" else -1
        elif tok.kind == "word" and depth == 0:
            words.add(tok.text.upper())
    if "ORDER" not in words or words & {"LIMIT", "OFFSET", "VALUES"}:
        return None
    return f"{text}\nLIMIT {SORTED_TOP_ROWS}"


def push_gsp(
    base: str, build_file: Path | Sequence[Path], password: str, *, user: str = "dba", timeout: float = 120.0
) -> dict[str, int]:
    """PUT each graph of a build (and of its ``analysis.trig``, when given) to Virtuoso's Graph Store
    Protocol (HTTP Digest); triples sent per graph.

    For small builds; a graph is replaced as a whole by each PUT. Virtuoso refuses ``PUT ?default``,
    so the default graph (the asserted graph) goes to ``ekgg:asserted`` (:func:`stored_name`).
    """
    from ecokg.query.remote import graphs_of

    files = (build_file,) if isinstance(build_file, Path) else tuple(build_file)

    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, base, user, password)  # whatever realm Virtuoso names ("SPARQL")
    digest = urllib.request.HTTPDigestAuthHandler(passwords)
    opener = urllib.request.build_opener(digest)
    # Virtuoso answers an unauthenticated PUT with 401 and closes the connection while a large body is
    # still being sent (a broken pipe on the client). So the Digest challenge is fetched once with a
    # bodiless request, and every PUT carries its Authorization from the start (the stdlib handler's
    # own get_authorization computes it; nothing of Digest is re-implemented here).
    probe = "urn:ecokg:probe"
    challenge = _digest_challenge(gsp_url(base, probe), timeout)
    sent: dict[str, int] = {}

    def send(method: str, graph: str, data: bytes | None = None) -> None:
        headers = {"Content-Type": "application/n-triples"} if data is not None else {}
        req = urllib.request.Request(gsp_url(base, graph), data=data, method=method, headers=headers)
        if challenge is not None:
            authorization = digest.get_authorization(req, challenge)
            if authorization:
                req.add_unredirected_header("Authorization", f"Digest {authorization}")
        try:
            with opener.open(req, timeout=timeout) as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            if method == "GET" and exc.code == 404:
                return  # let in; the probe graph does not exist
            done = ", ".join(sent) or "none"
            raise VirtuosoError(
                f"{method} {graph}: HTTP {exc.code} {exc.reason}; graphs already replaced: {done}"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            raise VirtuosoError(f"{method} {graph}: cannot connect to {base}: {getattr(exc, 'reason', exc)}") from None

    # A wrong password is found by a bodiless request: Virtuoso resets a connection whose large body
    # it will not read, so a refused PUT would show as a reset rather than as 401.
    send("GET", probe)
    graphs = graphs_of(*files)
    for name in sorted(graphs, key=lambda g: g is None):  # the named graphs, then the asserted graph
        graph = stored_name(name)
        send("PUT", graph, graphs[name])
        sent[graph] = graphs[name].count(b"\n")
    return sent


def _digest_challenge(url: str, timeout: float) -> dict[str, str] | None:
    """The Digest challenge (realm, nonce, qop, …) a GET of ``url`` is answered with, if any."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=timeout) as resp:  # noqa: S310
            resp.read()
        return None  # no authentication asked for
    except urllib.error.HTTPError as exc:
        header = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        exc.read()
    except (urllib.error.URLError, OSError) as exc:
        raise VirtuosoError(f"cannot connect to {url}: {getattr(exc, 'reason', exc)}") from None
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "digest":
        return None
    return urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))


def build_graphs(build_file: Path | None) -> list[str]:
    """The named graphs of a build (from its manifest, else its TriG) and of its fresh
    ``analysis.trig``: the named graphs of a Virtuoso query (its default graph: ``ekgg:asserted``)."""
    import json

    from ecokg.query.remote import graphs_of
    from ecokg.query.store import build_files

    if build_file is None:
        raise VirtuosoError("--dialect virtuoso needs the build that was pushed (--build)")
    build, *analysis = build_files(build_file) if build_file.is_file() else (build_file,)
    try:
        found = set(json.loads((build.parent / "manifest.json").read_text(encoding="utf-8"))["graphs"])
    except (OSError, ValueError, KeyError):
        found = set()
    try:
        for path in analysis if found else [build, *analysis]:
            found.update(g for g in graphs_of(path) if g)
    except (OSError, SyntaxError) as exc:
        raise VirtuosoError(f"cannot read the build's graphs from {build_file}: {exc}") from None
    return sorted(found)


def push_virtuoso(
    build_file: Path | Sequence[Path],
    *,
    endpoint: str | None = None,
    server_dir: Path | None = None,
    password_file: Path | None = None,
    timeout: float = 120.0,
) -> dict[str, int]:
    """``ecokg push --to virtuoso``: bulk-load into a server ecokg started (``server_dir``), or send
    the graphs to any Virtuoso by the Graph Store Protocol (``endpoint`` + ``password_file``).
    ``build_file``: the build's TriG, or it and its ``analysis.trig``."""
    if server_dir is not None:
        from ecokg.scale.virtuoso import VirtuosoServer

        return VirtuosoServer.attach(server_dir).bulk_load(build_file)
    if endpoint is None or password_file is None:
        raise VirtuosoError("--to virtuoso needs --server-dir DIR, or --endpoint URL with --password-file FILE")
    try:
        password = password_file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise VirtuosoError(f"cannot read {password_file}: {exc.strerror}") from None
    return push_gsp(endpoint, build_file, password, timeout=timeout)
