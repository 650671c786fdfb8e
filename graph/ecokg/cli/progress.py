"""Progress on stderr for the long commands (``analyze``, ``centrality``, ``communities``, the structure
commands): the stage under way -- loading the build, projecting it, each measure -- and, for a stage
that iterates (sampled closeness, fragmentation), how far it is, drawn by tqdm.

:func:`progress` is the one place that draws it: it hands the command a
:data:`ecokg.network.report.Report` for the analysis functions, which only call it. It draws only
when stderr is a terminal (or with ``--progress``), never with ``--quiet``; on a terminal one line,
erased when the stage ends; elsewhere (``--progress`` into a log) each stage's last state on a line of
its own. Never on stdout, so the command's output is the same byte for byte.

>>> import argparse, io
>>> err = io.StringIO()
>>> with progress(argparse.Namespace(quiet=False, progress=True), file=err) as report:
...     report("load", 0, None)
...     for i in range(3):
...         report("fragmentation", i + 1, 3)
>>> "load" in err.getvalue() and "fragmentation" in err.getvalue() and "3/3" in err.getvalue()
True
>>> with progress(argparse.Namespace(quiet=True, progress=True), file=err) as report:
...     report is silent
True
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from ecokg.network.report import Report, silent


def add_progress_options(p: argparse.ArgumentParser) -> None:
    """``--quiet`` and ``--progress``, for a command that reports its stages."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("--quiet", action="store_true", help="no progress on stderr (drawn only on a terminal anyway)")
    g.add_argument("--progress", action="store_true", help="draw progress on stderr even when it is not a terminal")


def enabled(args: argparse.Namespace, file: TextIO | None = None) -> bool:
    """Whether to draw: never with ``--quiet``; with ``--progress``, or when the stream is a terminal."""
    if getattr(args, "quiet", False):
        return False
    return bool(getattr(args, "progress", False)) or _isatty(file or sys.stderr)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no such method, or a closed stream
        return False


class _Bars:
    """One tqdm bar per stage, the previous one closed (and erased) when the next stage starts."""

    def __init__(self, file: TextIO) -> None:
        self.file, self.stage, self.bar = file, "", None
        self.tty = _isatty(file)  # a terminal: one line, erased at the end; a log: a line per stage

    def report(self, stage: str, done: int, total: int | None) -> None:
        from tqdm import tqdm

        if not stage:  # no stage: the last one ended, the line is free for other messages
            self.close()
            return
        if stage != self.stage or self.bar is None:
            self.close()
            fmt = "{desc} …" if total is None else None  # no count to show (its time, once done: close())
            self.bar = tqdm(total=total, desc=stage, file=self.file, leave=not self.tty, mininterval=0.2,
                            dynamic_ncols=True, bar_format=fmt)  # fmt: skip
            self.stage = stage
        bar: Any = self.bar
        if total is not None and bar.total != total:  # a count now known: a bar with its percentage
            bar.total, bar.bar_format = total, None
            bar.refresh()
        if done > bar.n:
            bar.update(done - bar.n)

    def close(self) -> None:
        if self.bar is not None:
            if self.bar.total is None:
                self.bar.bar_format = "{desc}: {elapsed}"
            self.bar.close()
            self.bar, self.stage = None, ""


@contextmanager
def progress(args: argparse.Namespace, file: TextIO | None = None) -> Iterator[Report]:
    """The command's :data:`~ecokg.network.report.Report`: tqdm bars on ``file`` (stderr), or
    :func:`~ecokg.network.report.silent` when not :func:`enabled`. An empty stage name ends the
    current stage without starting another (before the command prints to stderr itself)."""
    stream = file or sys.stderr
    if not enabled(args, stream):
        yield silent
        return
    bars = _Bars(stream)
    try:
        yield bars.report
    finally:
        bars.close()
