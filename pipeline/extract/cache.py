"""Per-document result cache, so a re-run only parses what changed.

One small pickle per document, named by ``report_id`` plus a digest of the parser version,
a fingerprint of the code that parses, and the sidecar metadata: a new parser, an edited
one (even without a version bump, e.g. a reader that did not exist before), or a corrected
``.meta.json`` must re-parse.  The
path a document was found under is *not* part of the key: a renamed file is reused and
re-stamped with its new path.  Entries are written atomically (temp file + rename) and a
damaged or foreign entry is simply a miss, so a run killed at any moment can only lose
the entry it was writing.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from ..result import ReportResult

SUFFIX = ".pkl"


_CODE_DIRS = ("parsers", "pipeline")
_CODE_SUFFIXES = {".py", ".toml", ".csv", ".json", ".txt"}


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Digest of the source of ``parsers`` and ``pipeline`` (what decides a result)."""
    base = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for pkg in _CODE_DIRS:
        for p in sorted((base / pkg).rglob("*")):
            if p.suffix in _CODE_SUFFIXES and p.is_file() and "__pycache__" not in p.parts:
                digest.update(p.relative_to(base).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def cache_key(report_id: str, parser_version: str, meta: dict[str, Any] | None) -> str:
    blob = json.dumps([parser_version, code_fingerprint(), meta or {}], sort_keys=True,
                      ensure_ascii=False, default=str)
    return f"{report_id}-{hashlib.sha256(blob.encode('utf-8')).hexdigest()[:12]}"


class ResultCache:
    """Read/write ``ReportResult``s under ``directory``; counts hits and writes for the summary."""

    def __init__(self, directory: Path, parser_version: str) -> None:
        self.directory = Path(directory)
        self.parser_version = parser_version
        self.hits = 0
        self.writes = 0

    def key(self, report_id: str, meta: dict[str, Any] | None) -> str:
        return cache_key(report_id, self.parser_version, meta)

    def path(self, key: str) -> Path:
        return self.directory / f"{key}{SUFFIX}"

    def get(self, key: str, report_id: str) -> ReportResult | None:
        try:
            with open(self.path(key), "rb") as fh:
                entry = pickle.load(fh)
            if entry.get("parser_version") != self.parser_version or entry.get("report_id") != report_id:
                return None
            result = ReportResult(**entry["result"])
        except FileNotFoundError:
            return None
        except Exception:  # damaged, truncated or from an incompatible version: re-parse
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: ReportResult) -> None:
        entry = {"parser_version": self.parser_version, "report_id": result.report_id,
                 "result": {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}}
        final = self.path(key)
        tmp = final.with_name(f"{final.name}.tmp-{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, final)
        self.writes += 1

    def clean_temp(self) -> None:
        """Remove temp files left by a killed run (we hold the output lock, so none is live)."""
        for p in self.directory.glob(f"*{SUFFIX}.tmp-*"):
            try:
                p.unlink()
            except OSError:
                pass
