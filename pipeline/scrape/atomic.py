"""Atomic file writes: a temporary file beside the target, fsync, then one rename.

A crawl killed at any moment leaves either the previous file or the new one, never half.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable


import pyarrow as pa
import pyarrow.parquet as pq

from ..durable import fsync_path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace(tmp: str, path: Path) -> None:
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; researchers share these files
    os.replace(tmp, path)
    try:
        fsync_path(path.parent)
    except OSError:
        pass  # a folder that cannot be opened for reading: the rename stands, not yet durable


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    _publish(path, lambda tmp: Path(tmp).write_bytes(data))


def write_json(path: Path, obj: Any) -> None:
    """Pretty, key-sorted UTF-8 JSON, atomically (same object → same bytes)."""
    write_bytes(path, (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"))


def write_parquet(path: Path, table: pa.Table) -> None:
    """Write a Parquet table atomically."""
    _publish(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def _publish(path: Path, write: Callable[[str], object]) -> None:
    """``write(tmp)`` beside ``path``, fsync, then rename over it; no half file is ever seen."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        fsync_path(tmp)
        _replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
