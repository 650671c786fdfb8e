"""The progress callback that long analyses accept: ``report(stage, done, total)``.

A function of the network stage that takes ``report`` calls it when it starts a stage (``done``
0) and, where it iterates, as it goes (``total`` the number of steps, or ``None`` when unknown).
It never reads anything back, so its results are the same with any ``report``; the default,
:func:`silent`, does nothing. The command line draws the calls on stderr
(:func:`ecokg.cli.progress.progress`).

>>> seen = []
>>> def report(stage: str, done: int, total: int | None) -> None:
...     seen.append((stage, done, total))
>>> from ecokg.network.structure import fragmentation
>>> import networkx as nx
>>> _ = fragmentation(nx.path_graph(4), [1, 2], report=report)
>>> seen
[('fragmentation', 0, 2), ('fragmentation', 1, 2), ('fragmentation', 2, 2)]
"""

from __future__ import annotations

from collections.abc import Callable

Report = Callable[[str, int, "int | None"], None]
"""``report(stage, done, total)``: a stage begins (``done`` 0) or has done ``done`` of ``total`` steps."""


def silent(stage: str, done: int, total: int | None) -> None:
    """The default :data:`Report`: nothing."""


__all__ = ["Report", "silent"]
