"""A digest of everything a run's output depends on, so an unchanged re-run can stop early.

The output is a function of the documents found (path, ``report_id``, duplicate paths, or
the problem that stopped a file), their cache keys (which already cover the parser
version, its code and the sidecar metadata) and the version of the writer.  When the
digest equals the one the live output was written with, every cache entry it needs still
exists and ``--force`` is not given, the output is already what this run would write, so
nothing is read or rewritten: a re-run over 100,000 unchanged files costs a walk, a
``stat`` per file (see ``pipeline.extract.index``) and this digest.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from collections import Counter
from typing import Any, Iterable, Iterator

from . import diskdb

from .ingest import InputDoc
from .store import StoreStats


def inputs_digest(docs: Iterable[InputDoc], keys: dict[str, str], version: str) -> str:
    digest = InputsDigest(version)
    for d in docs:
        digest.add(d, keys.get(d.report_id))
    return digest.hexdigest()


_JSON = json.JSONEncoder(ensure_ascii=False)
"""``json.dumps(..., ensure_ascii=False)`` without a new encoder per call (the same text)."""


class InputsDigest:
    """:func:`inputs_digest` taken one document at a time, in the scan's order."""

    def __init__(self, version: str) -> None:
        self._digest = hashlib.sha256(json.dumps(["zfxxgk-output", version]).encode())

    def add(self, d: InputDoc, key: str | None) -> None:
        self._digest.update(_JSON.encode([d.source_path, d.report_id, d.duplicate_paths, d.problem, d.notes,
                                          key]).encode("utf-8") + b"\n")

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


class CacheEntries:
    """The cache entries a run's output needs, as file names, sorted and distinct; kept in a
    scratch database (``pipeline.extract.diskdb``), not a list, and iterable again and again."""

    def __init__(self, work: Path, suffix: str) -> None:
        self._path, self._suffix = work, suffix
        diskdb.remove(work)
        self._db = diskdb.open_scratch(work)
        self._db.execute("CREATE TABLE entry (key TEXT PRIMARY KEY) WITHOUT ROWID")
        self._pending: list[tuple[str]] = []

    def add(self, key: str) -> None:
        self._pending.append((key,))
        if len(self._pending) >= diskdb.BATCH:
            self._flush()

    def _flush(self) -> None:
        self._db.executemany("INSERT OR IGNORE INTO entry VALUES (?)", self._pending)
        self._pending = []

    @property
    def count(self) -> int:
        self._flush()
        return self._db.execute("SELECT count(*) FROM entry").fetchone()[0]

    def close(self) -> None:
        self._db.close()
        diskdb.remove(self._path)

    def __iter__(self) -> Iterator[str]:
        self._flush()
        cur = self._db.execute("SELECT key FROM entry ORDER BY key")
        while rows := cur.fetchmany(diskdb.BATCH):
            yield from (f"{k}{self._suffix}" for (k,) in rows)


def cache_digest(folder: Path, names: Iterable[str]) -> str | None:
    """Size and mtime of every cache entry the output needs (file ``names`` in the cache
    ``folder``: plain strings, not a ``Path`` per document); None if one is missing.

    A damaged or replaced entry changes its signature, so the next run does not take the
    early exit and reads (and, if it is broken, re-parses) that document.
    """
    digest = hashlib.sha256()
    try:  # each entry stat'ed by its name in the open folder: no walk of the folder's path per entry
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        for name in names:
            try:
                st = os.stat(name, dir_fd=fd)
            except OSError:
                return None
            digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    finally:
        os.close(fd)
    return digest.hexdigest()


def stats_record(stats: StoreStats) -> dict[str, Any]:
    return {"documents": stats.documents, "facts": stats.facts, "checks_failed": stats.checks_failed,
            "statuses": dict(sorted(stats.statuses.items()))}


def stats_from_record(record: dict[str, Any]) -> StoreStats | None:
    try:
        return StoreStats(statuses=Counter({str(k): int(v) for k, v in record["statuses"].items()}),
                          facts=int(record["facts"]), checks_failed=int(record["checks_failed"]),
                          documents=int(record["documents"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
