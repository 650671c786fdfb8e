"""Query results as pandas DataFrames: :func:`to_frame` (also ``ecokg.to_frame``).

A named query (``queries/NAME.rq``), a ``.rq`` file or a SPARQL text runs on the build, its
parameters bound exactly as ``ecokg query -p key=value`` binds them; the answer is a DataFrame of
plain Python values:

* an entity IRI (``https://w3id.org/ecokg/id/…``) becomes its **bare local id**
  (``taiping_bird``) -- the id of the projection's nodes, of ``centrality.csv`` and of every
  ``ecokg export`` file, so the frames join with them (a figure, ``ekg:obs/…``, keeps its prefix);
* an article IRI (``https://w3id.org/ecokg/source/2019-05-haishu-246-clusters``) becomes the
  article's id, as in the projection's and the export files' ``sources``;
* any other IRI becomes a CURIE with the project's prefixes (``eco:Company``,
  ``src:2024-haishu-excellent-district``; :func:`ecokg.query.results.short_iri`), or stays whole
  when no prefix fits;
* a literal becomes its Python value (``int``, ``float`` for ``xsd:decimal`` and ``xsd:double``,
  ``bool``, ``datetime.date``; text for strings and language-tagged strings); unbound is ``None``.

pandas is optional (``pip install 'ecokg[export]'``); without it :func:`to_frame` raises
:class:`MissingPandas` saying so. :func:`term_value` does the conversion (the ids by
:func:`ecokg.query.results.entity_id`, which ``ecokg query -f csv`` uses too):

>>> from rdflib import Literal, URIRef, XSD
>>> term_value(URIRef("https://w3id.org/ecokg/id/taiping_bird"))
'taiping_bird'
>>> term_value(URIRef("https://w3id.org/ecokg/ontology#Company"))
'eco:Company'
>>> term_value(Literal("0.50", datatype=XSD.decimal)), term_value(Literal("区委书记", lang="zh"))
(0.5, '区委书记')
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef

from ecokg.project import Project
from ecokg.query.results import entity_id

if TYPE_CHECKING:
    import pandas as pd
    from rdflib import Dataset


class MissingPandas(ImportError):
    """pandas is not installed (it is an optional dependency: the ``export`` extra)."""


def require_pandas() -> Any:
    """The pandas module, or :class:`MissingPandas` with the command that installs it."""
    try:
        import pandas
    except ImportError as exc:
        raise MissingPandas(
            "this needs pandas, an optional dependency: pip install 'ecokg[export]' (or pip install pandas)"
        ) from exc
    return pandas


def term_value(term: object) -> Any:
    """The plain Python value of a result term (see the module's description)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return entity_id(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, Literal):  # an ill-typed literal rdflib cannot convert stays text
            return str(value)
        return value
    return str(term)


def _looks_like_text(query: str) -> bool:
    return any(ch.isspace() or ch == "{" for ch in query.strip())


_OPEN: dict[tuple[str, str], tuple[tuple[int, int], Dataset]] = {}


def _dataset(build: str | Path | None, project: Project | str | Path | None, store: str) -> Dataset:
    """The build's Dataset, reused while ``ecosystem.trig`` is unchanged (same size and mtime)."""
    from ecokg.query.store import BuildMissing, open_dataset

    path = Path(build) if build is not None else Project.of(project).build_dir
    trig = path / "ecosystem.trig" if path.is_dir() else path
    if not trig.is_file():
        raise BuildMissing(f"{trig} not found: run `ecokg build` first")
    stat = trig.stat()
    key, stamp = (str(trig.resolve()), store), (stat.st_size, stat.st_mtime_ns)
    cached = _OPEN.get(key)
    if cached is None or cached[0] != stamp:
        _OPEN.clear()  # one build at a time stays in memory
        _OPEN[key] = (stamp, open_dataset(trig, store=store))
    return _OPEN[key][1]


def to_frame(
    query: str,
    /,
    *,
    dataset: Dataset | None = None,
    build: str | Path | None = None,
    project: Project | str | Path | None = None,
    store: str = "oxigraph",
    params: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """Run a SELECT query on the build and return its answer as a pandas DataFrame.

    Parameters
    ----------
    query : str
        A named query (``ecokg queries`` lists them), a ``.rq`` file, or a SPARQL text (anything
        with a space or a brace in it).
    dataset : rdflib Dataset, optional
        An open build (:func:`ecokg.query.store.open_dataset`); default: the workspace's build,
        opened once and reused while ``ecosystem.trig`` does not change.
    build : str or Path, optional
        A build directory or ``.trig`` file instead of the workspace's ``build/``.
    project : Project or path, optional
        The workspace (default: found from the current directory, as the CLI does).
    store : {"oxigraph", "memory"}
        The embedded store.
    params, **kwargs
        Parameters, bound like ``ecokg query -p key=value`` (values are read as their text, typed
        by the query's declared parameters). ``params`` is for a name that a keyword of this
        function already takes.

    Returns
    -------
    pandas.DataFrame
        One column per projected variable, in the query's order; plain Python values.

    Raises
    ------
    ValueError
        An unknown query or parameter, a value of the wrong type, or a query that is not a SELECT.
    ecokg.query.safety.QueryError
        A syntax error (the message gives its position).
    MissingPandas
        pandas is not installed.

    Examples
    --------
    >>> import ecokg
    >>> df = ecokg.to_frame("posts", person="sun_liming")  # doctest: +SKIP
    >>> df.loc[0, ["person", "name", "title"]].tolist()  # doctest: +SKIP
    ['sun_liming', '孙黎明', '区委书记']
    """
    from ecokg.query.library import resolve_query
    from ecokg.query.safety import check_query

    pandas = require_pandas()
    given = {**(params or {}), **kwargs}
    raw = {k.lstrip("?$"): ("" if v is None else str(v)) for k, v in given.items()}
    if _looks_like_text(query):
        text = resolve_query(sparql=query, params=raw, project=project)
    else:
        text = resolve_query(query, params=raw, project=project)
    check_query(text)
    ds = dataset if dataset is not None else _dataset(build, project, store)
    result = ds.query(text)
    if result.type != "SELECT":
        raise ValueError(f"to_frame needs a SELECT query; this one is {result.type}")
    columns = [str(v) for v in result.vars or []]
    rows = [[term_value(t) for t in row] for row in result]  # type: ignore[union-attr]  # SELECT rows are tuples
    return pandas.DataFrame(rows, columns=columns)


__all__ = ["MissingPandas", "entity_id", "require_pandas", "term_value", "to_frame"]
