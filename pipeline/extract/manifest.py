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
from typing import Any, Iterable

from .ingest import InputDoc
from .store import StoreStats


def inputs_digest(docs: Iterable[InputDoc], keys: dict[str, str], version: str) -> str:
    digest = hashlib.sha256(json.dumps(["zfxxgk-output", version]).encode())
    for d in docs:
        digest.update(json.dumps([d.source_path, d.report_id, d.duplicate_paths, d.problem, d.notes,
                                  keys.get(d.report_id)], ensure_ascii=False).encode("utf-8") + b"\n")
    return digest.hexdigest()


def cache_digest(folder: Path, names: Iterable[str]) -> str | None:
    """Size and mtime of every cache entry the output needs (file ``names`` in the cache
    ``folder``: plain strings, not a ``Path`` per document); None if one is missing.

    A damaged or replaced entry changes its signature, so the next run does not take the
    early exit and reads (and, if it is broken, re-parses) that document.
    """
    digest = hashlib.sha256()
    base = os.fspath(folder)
    for name in names:
        try:
            st = os.stat(os.path.join(base, name))
        except OSError:
            return None
        digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
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
