"""Scratch SQLite databases for what the main process would otherwise hold per document.

A run over a million documents cannot keep a Python object per document in its main
process (about 1 KB each: paths, hashes, stat signatures, sort keys), so the scan, the
stat index and the store's sort keys live in SQLite files in the run's spill folder
(``pipeline.extract.outdir``), and are read back in sorted order by SQLite's own external
sort.  They are scratch data, rebuilt every run: no journal, no fsync, a small page cache.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import weakref
from pathlib import Path

CACHE_KIB = 8 * 1024
"""SQLite's page cache per database (8 MiB): bounded whatever the corpus size."""

BATCH = 4096
"""Rows written (or read) per round trip: large enough to be cheap, small enough to be bounded."""


def open_scratch(path: Path | str | None) -> sqlite3.Connection:
    """A scratch database at ``path``; with None, in a temporary folder removed with the
    connection's owner (see :func:`own_temp`)."""
    con = sqlite3.connect(os.fspath(path), isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{CACHE_KIB}", "temp_store=FILE"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("BEGIN")  # one transaction for the scratch data: commits are what cost
    return con


def own_temp(owner: object, name: str) -> Path:
    """A fresh temporary file path, its folder removed when ``owner`` is collected."""
    folder = tempfile.mkdtemp(prefix="zfxxgk-scratch-")
    weakref.finalize(owner, shutil.rmtree, folder, True)
    return Path(folder) / name


def remove(path: Path | str) -> None:
    """Remove a scratch database file (and SQLite's side files, if any)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            os.unlink(f"{os.fspath(path)}{suffix}")
        except FileNotFoundError:
            pass
