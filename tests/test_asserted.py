"""One fact, one row: the build's default graph is its asserted graph (``ecokg.dataset.asserted``).

Issue 14: the default graph was the union of the article graphs with repeats, so a fact stated by
four articles came back four times. Here, on the real build, the issue's examples give each fact
once -- ``?e a eco:Company`` counts as many rows as companies, ``DESCRIBE ekg:taiping_bird``
repeats no triple, the README's Python example and the query page's default query repeat no row
-- on the embedded store (both stores), through ``ecokg query`` and ``ecokg.to_frame``; the same
checks (:func:`check_issue_examples`) run on ``ecokg serve`` (tests/test_endpoint.py), on an
Oxigraph server after ``ecokg push`` (tests/test_remote.py) and on Virtuoso after ``ecokg push
--to virtuoso`` (tests/test_virtuoso.py). Corroboration stays countable per article graph, and the
analysis graph joins the default graph once.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import CHECKOUT

from ecokg.cli.main import main
from ecokg.namespaces import ANA, PREFIXES
from ecokg.network.rows import store_of
from ecokg.query import remote
from ecokg.query.store import open_dataset

_PROLOGUE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in sorted({**PREFIXES, "ana": str(ANA._NS)}.items()))
COMPANIES = _PROLOGUE + "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?e) AS ?d) WHERE { ?e a eco:Company }"
DESCRIBE = _PROLOGUE + "DESCRIBE ekg:taiping_bird"
SCORES = _PROLOGUE + "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?e) AS ?d) WHERE { ?e ana:pagerank ?score }"
SCORES_IN_GRAPH = _PROLOGUE + "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ekgg:analysis { ?e ana:pagerank ?score } }"


def _readme_query() -> str:
    """The SPARQL of the README's Python example (the text inside ``ds.query(\"\"\" ... \"\"\")``)."""
    readme = (CHECKOUT.root / "README.md").read_text(encoding="utf-8")
    (text,) = re.findall(r'ds\.query\("""(.*?)"""\)', readme, flags=re.S)
    return _PROLOGUE + text


def _page_query() -> str:
    """The query the endpoint's page opens with (its textarea)."""
    page = (CHECKOUT.root / "graph/ecokg/serve/static/sparql.html").read_text(encoding="utf-8")
    (text,) = re.findall(r'<textarea id="query"[^>]*>(.*?)</textarea>', page, flags=re.S)
    return _PROLOGUE + html.unescape(text)


README_QUERY = _readme_query()
PAGE_QUERY = _page_query()


@dataclass
class Runner:
    """How one store answers: SELECT rows (each a tuple of cells: a term's string, or its value,
    kind and language or datatype) and, when the store can say, the triples of a graph answer as it
    sent them (N-Triples lines, repeats kept)."""

    select: Callable[[str], list[tuple[Any, ...]]]
    triples: Callable[[str], list[str]] | None = None


def check_issue_examples(run: Runner, companies: int) -> dict[str, tuple[int, int]]:
    """Issue 14's examples on one store: each fact once. ``companies``: how many the build has.
    Returns example -> (rows or triples, distinct ones)."""
    ((n, d),) = [tuple(map(number, row)) for row in run.select(COMPANIES)]
    assert n == d == companies
    seen = {"companies": (n, d)}
    if run.triples is not None:
        described = run.triples(DESCRIBE)
        assert described and len(described) == len(set(described)), Counter(described).most_common(3)
        seen["describe"] = (len(described), len(set(described)))
    for name, text in (("readme", README_QUERY), ("page", PAGE_QUERY)):
        rows = run.select(text)
        assert rows and len(rows) == len(set(rows)), Counter(rows).most_common(3)
        seen[name] = (len(rows), len(set(rows)))
    return seen


def protocol_runner(url: str, params: Sequence[tuple[str, str]] = (), prepare: Callable[[str], str] = str) -> Runner:
    """A :class:`Runner` for a SPARQL 1.1 Protocol endpoint, reading its raw answers."""

    def select(text: str) -> list[tuple[Any, ...]]:
        _ctype, body = remote.query_raw(url, prepare(text), "application/sparql-results+json", params=params)
        doc = json.loads(body)

        def cell(term: dict[str, str] | None) -> tuple[str | None, ...]:
            term = term or {}
            return term.get("value"), term.get("type"), term.get("xml:lang") or term.get("datatype")

        return [tuple(cell(b.get(v)) for v in doc["head"]["vars"]) for b in doc["results"]["bindings"]]

    def triples(text: str) -> list[str]:
        _ctype, body = remote.query_raw(url, prepare(text), "application/n-triples", params=params)
        return [line.strip() for line in body.decode("utf-8").splitlines() if line.strip()]

    return Runner(select, triples)


def dataset_runner(ds: Any) -> Runner:
    """A :class:`Runner` for an open build (:func:`ecokg.query.store.open_dataset`)."""

    def select(text: str) -> list[tuple[str, ...]]:
        return [tuple(map(str, row)) for row in ds.query(text)]

    store = store_of(ds)  # Oxigraph: the triples of a DESCRIBE as the store yields them
    return Runner(select, None if store is None else (lambda text: [str(t) for t in store.query(text)]))


def number(cell: Any) -> int:
    """The integer a cell of :attr:`Runner.select` holds."""
    return int(cell[0] if isinstance(cell, tuple) else cell)


def scores_once(run: Runner, nodes: int) -> None:
    """Every node's score (``ana:pagerank``) in the default graph once, and in ``ekgg:analysis``."""
    assert [tuple(map(number, row)) for row in run.select(SCORES)] == [(nodes, nodes)]
    assert [tuple(map(number, row)) for row in run.select(SCORES_IN_GRAPH)] == [(nodes,)]


def analysed_nodes(analyzed: Path) -> int:
    """How many nodes ``ecokg analyze`` scored (rows of its centrality.csv)."""
    with (analyzed / "centrality.csv").open(encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def manifest(build_dir: Path) -> dict[str, Any]:
    return json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ the build


def test_the_default_graph_is_every_named_triple_once(build_dir: Path) -> None:
    named: set[ox.Triple] = set()
    default: Counter[ox.Triple] = Counter()
    stated: Counter[ox.Triple] = Counter()
    for q in ox.parse(path=str(build_dir / "ecosystem.trig"), format=ox.RdfFormat.TRIG):
        if isinstance(q.graph_name, ox.DefaultGraph):
            default[q.triple] += 1
        else:
            named.add(q.triple)
            stated[q.triple] += 1
    assert max(stated.values()) >= 4  # some facts are in four article graphs ...
    assert set(default) == named and set(default.values()) == {1}  # ... and once in the default graph
    man = manifest(build_dir)
    assert man["asserted"] == len(default) and man["quads"] == sum(stated.values())
    assert all(g.startswith("https://w3id.org/ecokg/graph/") for g in man["graphs"])  # named graphs only
    ttl = {q.triple for q in ox.parse(path=str(build_dir / "ecosystem.ttl"), format=ox.RdfFormat.TURTLE)}
    assert ttl == named  # the union Turtle is the asserted graph


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_the_issue_examples_give_each_fact_once_on_the_embedded_store(build_dir: Path, store: str) -> None:
    ds = open_dataset(build_dir / "ecosystem.trig", store=store)
    seen = check_issue_examples(dataset_runner(ds), manifest(build_dir)["classes"]["Company"])
    assert store == "memory" or "describe" in seen


def test_the_readme_example_through_to_frame_and_ecokg_query(
    build_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import ecokg

    frame = ecokg.to_frame(README_QUERY, build=build_dir)
    assert len(frame) > 0 and not frame.duplicated().any()
    assert main(["query", "--build", str(build_dir), "--sparql", README_QUERY, "-f", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    assert len(rows) == len(frame) and len({tuple(r) for r in rows}) == len(rows)
    assert main(["query", "--build", str(build_dir), "--sparql", COMPANIES, "-f", "csv"]) == 0
    ((n, d),) = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    assert n == d == str(manifest(build_dir)["classes"]["Company"])


# ------------------------------------------------------------------------------ corroboration


def test_corroboration_is_still_counted_per_article_graph(built: Any, facts: Any) -> None:
    """A relation several articles state is in each of their graphs (counted by GRAPH ?g and by the
    `corroborated` query, as the facts files say) and once in the default graph."""
    from ecokg.dataset import iris
    from ecokg.query.library import load_queries

    by_fact: dict[tuple[str, str, str], set[str]] = {}
    for r in facts.relations:
        by_fact.setdefault((r.s, r.p, r.o), set()).add(r.source)
    several = {k: v for k, v in by_fact.items() if len(v) >= 2}
    assert len(several) >= 5
    for (s, p, o), sources in several.items():
        triple = f"<{iris.entity(s)}> eco:{p} <{iris.entity(o)}>"
        per_graph = _PROLOGUE + f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ {triple} }} }}"
        once = _PROLOGUE + f"SELECT (COUNT(*) AS ?n) WHERE {{ {triple} }}"
        assert int(next(iter(built.query(per_graph)))[0]) == len(sources), (s, p, o)
        assert int(next(iter(built.query(once)))[0]) == 1, (s, p, o)
    text = load_queries()["corroborated"].bound()
    got = {(str(row.subject), str(row.relation), str(row.object)): int(row.articles) for row in built.query(text)}  # type: ignore[union-attr]  # SELECT rows are ResultRows
    want = {(str(iris.entity(s)), p, str(iris.entity(o))): len(v) for (s, p, o), v in several.items()}
    assert got == want


# ------------------------------------------------------------------------------ the analysis graph


def test_the_analysis_graph_joins_the_default_graph_once(analyzed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nodes = analysed_nodes(analyzed)
    scores_once(dataset_runner(open_dataset(analyzed / "ecosystem.trig")), nodes)
    assert main(["query", "--build", str(analyzed), "--sparql", SCORES, "-f", "csv"]) == 0  # its worker too
    assert list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:] == [[str(nodes), str(nodes)]]
