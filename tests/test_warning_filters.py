"""pyproject's ``filterwarnings`` do what their comments say, for modules at any depth of the package.

Each probe attributes a warning to a module by name (``warnings.warn_explicit``), as ``warnings.warn``
does for the module that calls it.
"""

from __future__ import annotations

import warnings

import pytest


def _warn(category: type[Warning], module: str, message: str = "probe") -> None:
    warnings.warn_explicit(message, category, f"{module.replace('.', '/')}.py", 1, module=module)


@pytest.mark.parametrize("module", ["ecokg", "ecokg.query.store", "ecokg.cli.main", "ecokg.network.fast_centrality"])
@pytest.mark.parametrize("category", [UserWarning, DeprecationWarning, RuntimeWarning])
def test_ecokg_warnings_are_errors(module: str, category: type[Warning]) -> None:
    with pytest.raises(category, match="probe"):
        _warn(category, module)


@pytest.mark.parametrize("module", ["rdflib", "rdflib.graph", "rdflib.plugins.sparql.evaluate"])
def test_rdflib_deprecations_are_ignored(module: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        _warn(DeprecationWarning, module)
    assert caught == []


@pytest.mark.parametrize("module", ["ecokgx", "rdflibx.graph", "networkx"])
def test_other_modules_keep_the_default(module: str) -> None:
    """Neither filter catches a module whose name only starts like ``ecokg`` or ``rdflib``."""
    with warnings.catch_warnings(record=True) as caught:  # not pytest.warns: it would show ignored ones too
        _warn(DeprecationWarning, module)
    assert [(w.category, str(w.message)) for w in caught] == [(DeprecationWarning, "probe")]


def test_rdflib_user_warnings_still_show() -> None:
    with warnings.catch_warnings(record=True) as caught:
        _warn(UserWarning, "rdflib.term", "Serializing weird numerical Literal('abc')")
    assert [w.category for w in caught] == [UserWarning]
