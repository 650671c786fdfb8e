"""Staging an import beside its target, so that a failed or killed import changes nothing.

:class:`Staging` opens a fresh Oxigraph store next to the target directory (a checkpoint of
the target when it exists: ``Store.backup`` hard-links RocksDB's files, so this is fast) and a
temporary file next to the ``-o`` file. :meth:`Staging.commit` swaps the staged store in with
one ``renameat2(RENAME_EXCHANGE)`` (Linux; elsewhere two renames) and renames the temporary
file into place; leaving the ``with`` block without ``commit`` -- an error, Ctrl-C --
removes both. A SIGKILL leaves the hidden staging directory and file behind, and the target
untouched; the next import removes them and lists them in :attr:`Staging.removed`.

>>> import tempfile, pyoxigraph as ox
>>> with tempfile.TemporaryDirectory() as tmp:
...     db = Path(tmp) / "db"
...     with Staging(db, None) as st:
...         st.store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
...     exists_after_abort = db.exists()
...     with Staging(db, None) as st:
...         st.store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
...         st.commit()
...     exists_after_abort, len(ox.Store(str(db))), sorted(p.name for p in Path(tmp).iterdir())
(False, 1, ['db'])
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import shutil
from pathlib import Path
from types import TracebackType
from typing import IO, TextIO

import pyoxigraph as ox

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> None:
    """Swap two directories atomically (``renameat2`` with ``RENAME_EXCHANGE``, Linux >= 3.15).

    Python's ``os`` has no ``renameat2``; where the C library lacks it the swap is two renames,
    with a moment in which ``b`` is missing.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is not None:
        if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(b))
    aside = b.with_name(b.name + ".swap")
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)


class Staging:
    """A fresh store beside ``db`` (in memory when ``db`` is None) and a temporary ``output``."""

    def __init__(self, db: Path | None, output: Path | None):
        self.db = Path(db) if db is not None else None
        self.output = Path(output) if output is not None else None
        tag = f".import-{os.getpid()}"
        self.dir = self.db.with_name(f".{self.db.name}{tag}") if self.db else None
        self.tmp_out = self.output.with_name(f".{self.output.name}{tag}") if self.output else None
        #: N-Quads staged for one ``bulk_load`` into the staged store (see :meth:`quads_file`).
        self.scratch = self.dir.with_name(self.dir.name + ".nq") if self.dir else None
        self.removed: list[Path] = []
        self.out: TextIO | None = None
        self._store: ox.Store | None = None
        self._done = False
        self._scratch_io: IO[bytes] | None = None

    @property
    def store(self) -> ox.Store:
        """The staged store (open until :meth:`commit` or the end of the ``with`` block)."""
        assert self._store is not None, "use Staging in a with block"
        return self._store

    def __enter__(self) -> Staging:
        for target in (self.db, self.output):
            if target is not None:
                for old in sorted(target.parent.glob(f".{target.name}.import-*")):
                    shutil.rmtree(old) if old.is_dir() else old.unlink()
                    self.removed.append(old)
        try:
            self._open()
        except BaseException:  # Ctrl-C or an unreadable store while staging: remove what was begun
            self.__exit__(None, None, None)
            raise
        return self

    def _open(self) -> None:
        if self.dir is not None and self.db is not None:
            self.dir.parent.mkdir(parents=True, exist_ok=True)
            if self.db.exists():
                old_store = ox.Store(str(self.db))
                old_store.backup(str(self.dir))
                del old_store
            self._store = ox.Store(str(self.dir))
        else:
            self._store = ox.Store()
        if self.tmp_out is not None:
            self.out = open(self.tmp_out, "w", encoding="utf-8")  # noqa: SIM115 -- closed in commit or __exit__

    def quads_file(self) -> tuple[Path, IO[bytes]]:
        """Where the import's N-Quads go before one ``bulk_load`` into the staged store, opened for writing.

        The ``-o`` file's temporary when there is one (written once, loaded from there), else a
        hidden file beside the staged store; either is removed with it on failure, and a killed
        import's is removed by the next one.
        """
        if self.tmp_out is not None and self.out is not None:
            self.out.flush()
            return self.tmp_out, self.out.buffer
        assert self.scratch is not None, "quads_file needs a target directory"
        self._scratch_io = open(self.scratch, "wb")  # noqa: SIM115 -- closed in _close
        return self.scratch, self._scratch_io

    def _close(self) -> None:
        if self._scratch_io is not None:
            self._scratch_io.close()
            self._scratch_io = None
        if self.scratch is not None:
            with contextlib.suppress(FileNotFoundError):
                self.scratch.unlink()
        if self.out is not None:
            self.out.close()
        self._store = None
        gc.collect()  # pyoxigraph releases the RocksDB lock when the Store object goes

    def commit(self) -> None:
        """Put the staged store and output in place."""
        store = self.store
        if self.dir is not None:
            store.flush()
        self._close()
        if self.dir is not None and self.db is not None:
            if self.db.exists():
                exchange(self.dir, self.db)
                shutil.rmtree(self.dir)  # now the old store
            else:
                os.rename(self.dir, self.db)
        if self.tmp_out is not None and self.output is not None:
            os.replace(self.tmp_out, self.output)
        self._done = True

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._done:
            return
        self._close()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
        if self.tmp_out is not None:
            with contextlib.suppress(FileNotFoundError):
                self.tmp_out.unlink()
