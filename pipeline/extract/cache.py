"""Per-document result cache, so a re-run only parses what changed.

One small JSON file per document, named by ``report_id`` plus a digest of the parser
version, a fingerprint of the code that parses, the settings that change results (PDF
backend, page limit) and the sidecar metadata: a new parser, an edited one, another backend
or a corrected ``.meta.json`` must re-parse.  The path a document was found under is *not*
part of the key: a renamed file is reused and re-stamped with its new path.

The cache lives in the output folder, which other people and programs can write, so an
entry is data, never code (JSON, never pickle), and is only believed when it verifies: it
must be a regular file of bounded size, carry its own key, and match its SHA-256 checksum.
Anything else — edited, truncated, planted, a FIFO — is a miss and the document is parsed
again.  Entries are written atomically (temp file + rename), so a run killed at any moment
can only lose the entry it was writing.  ``get``/``put`` by key is the whole interface, so
an index in front of it (path, size, mtime → key) can be added without changing it.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

import regex

from ..result import ReportResult

SUFFIX = ".json"
FORMAT = "zfxxgk-result-cache/1"
MAX_ENTRY_BYTES = 64 * 1024 * 1024
OWN_NAME = regex.compile(r"^[0-9a-f]{16}-[0-9a-f]{12}\.(?:json|pkl)(?:\.tmp-\d+)?$")
"""Names of files this module writes (``.pkl``: entries of earlier versions), for outdir."""

_CODE_DIRS = ("parsers", "pipeline")
_CODE_SUFFIXES = {".py", ".toml", ".csv", ".json", ".txt", ".npz"}  # .npz: the OCR calibration set the int8 recogniser is made from


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Digest of the source of ``parsers`` and ``pipeline`` (what decides a result)."""
    base = Path(__file__).resolve().parent.parent.parent
    digest = hashlib.sha256()
    for pkg in _CODE_DIRS:
        for p in sorted((base / pkg).rglob("*")):
            if p.suffix in _CODE_SUFFIXES and p.is_file() and "__pycache__" not in p.parts:
                digest.update(p.relative_to(base).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


_KEY_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)
"""``json.dumps(..., sort_keys=True, ensure_ascii=False, default=str)`` without a new encoder per call."""


def cache_key(report_id: str, parser_version: str, meta: dict[str, Any] | None,
              settings: dict[str, str] | None = None) -> str:
    return report_id + _key_suffix(parser_version, meta, settings)


def _key_suffix(parser_version: str, meta: dict[str, Any] | None, settings: dict[str, str] | None) -> str:
    """What a key adds to the report_id: a digest of all but the report_id."""
    blob = _KEY_JSON.encode([parser_version, code_fingerprint(), settings or {}, meta or {}])
    return f"-{hashlib.sha256(blob.encode('utf-8')).hexdigest()[:12]}"


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=True).encode("utf-8")


class ResultCache:
    """Read/write ``ReportResult``s under ``directory``; counts hits and writes for the summary."""

    def __init__(self, directory: Path, parser_version: str, settings: dict[str, str] | None = None) -> None:
        self.directory = Path(directory)
        self.parser_version = parser_version
        self.settings = dict(settings or {})
        self._plain_suffix: str | None = None
        self.hits = 0
        self.writes = 0

    def key(self, report_id: str, meta: dict[str, Any] | None) -> str:
        """:func:`cache_key`; for a document without sidecar fields (most) its suffix is the
        same every time, so it is made once per cache."""
        if meta:
            return cache_key(report_id, self.parser_version, meta, self.settings)
        if self._plain_suffix is None:
            self._plain_suffix = _key_suffix(self.parser_version, None, self.settings)
        return report_id + self._plain_suffix

    def path(self, key: str) -> Path:
        return self.directory / f"{key}{SUFFIX}"

    def get(self, key: str, report_id: str) -> ReportResult | None:
        """The stored result, or None when there is none that verifies (see module doc)."""
        raw = _read_regular(self.path(key))
        if raw is None:
            return None
        try:
            entry = json.loads(raw.decode("utf-8"))
            payload = entry["result"]
            if (entry.get("format") != FORMAT or entry.get("key") != key
                    or entry.get("parser_version") != self.parser_version
                    or entry.get("sha256") != hashlib.sha256(_canonical(payload)).hexdigest()
                    or payload.get("report_id") != report_id):
                return None
            result = ReportResult(**payload)
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: ReportResult) -> None:
        self.put_entry(key, entry_bytes(key, self.parser_version, result))

    def put_entry(self, key: str, data: bytes) -> None:
        """Store an entry made by :func:`entry_bytes` (e.g. by a worker on another machine)."""
        write_entry(self.directory, key, data)
        self.writes += 1

    def clean_temp(self) -> None:
        """Remove temp files left by a killed run (we hold the output lock, so none is live)."""
        marker = f"{SUFFIX}.tmp-"  # the names glob("*.json.tmp-*") matched, without a Path per entry
        try:
            with os.scandir(self.directory) as it:
                temps = [e.path for e in it if marker in e.name and not e.name.startswith(".")]
        except OSError:
            return
        for path in temps:
            try:
                os.unlink(path)
            except OSError:
                pass


def entry_bytes(key: str, parser_version: str, result: ReportResult) -> bytes:
    """The bytes of the cache entry for ``result`` under ``key`` (a worker makes them, so
    the main process does not spend its time on JSON per document)."""
    payload = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}  # rows are plain dicts already
    entry = {"format": FORMAT, "key": key, "parser_version": parser_version,
             "sha256": hashlib.sha256(_canonical(payload)).hexdigest(), "result": payload}
    return _canonical(entry)


def write_entry(directory: str | os.PathLike[str], key: str, data: bytes) -> None:
    """Write an entry atomically (temp file + rename: a reader sees all of it or none)."""
    final = os.path.join(directory, f"{key}{SUFFIX}")
    tmp = f"{final}.tmp-{os.getpid()}"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, final)


def _read_regular(path: Path) -> bytes | None:
    """The bytes of a regular file of at most MAX_ENTRY_BYTES; None for anything else."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            raw = fh.read(MAX_ENTRY_BYTES + 1)
        return raw if len(raw) <= MAX_ENTRY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)
