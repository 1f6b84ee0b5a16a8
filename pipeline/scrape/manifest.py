"""STATEDIR/manifest.parquet: one row per URL ever tried, the latest attempt winning.

It is the state scheduled runs need between runs (what Scrapy's JOBDIR and HTTP cache do
not keep): the validators for conditional re-requests (etag, last_modified), the path and
SHA-256 of the file kept for the URL, and what the last attempt gave.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from .atomic import write_parquet

KINDS = ("list", "report", "attachment", "other")
STATUSES = ("fetched", "not_modified", "skipped_robots", "blocked", "too_large", "error",
            "off_site", "not_a_report")
SCHEMA = pa.schema([
    ("url", pa.string()), ("site", pa.string()), ("kind", pa.string()), ("status", pa.string()),
    ("http_status", pa.int32()), ("reason", pa.string()), ("path", pa.string()),
    ("sha256", pa.string()), ("fetched_at", pa.string()),
    ("etag", pa.string()), ("last_modified", pa.string()),
])
FILE = "manifest.parquet"


def read_manifest(state: Path) -> dict[str, dict[str, Any]]:
    """Rows of the previous manifest by URL ({} when there is none yet)."""
    path = state / FILE
    if not path.exists():
        return {}
    table = pq.read_table(path)
    return {r["url"]: r for r in table.to_pylist()}


def merge(previous: dict[str, dict[str, Any]], rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """This run's rows replace the previous rows of the same URL; others are kept."""
    out = dict(previous)
    for r in rows:
        out[r["url"]] = {name: r.get(name) for name in SCHEMA.names}
    return [out[u] for u in sorted(out)]


def write_manifest(state: Path, rows: list[dict[str, Any]]) -> None:
    """Write the manifest atomically, rows sorted by URL."""
    table = pa.Table.from_pylist([{n: r.get(n) for n in SCHEMA.names} for r in rows], schema=SCHEMA)
    write_parquet(state / FILE, table)
