"""What the last run learned about each input file, so an unchanged file is not read again.

Hashing every byte of a 100,000-file corpus takes minutes; ``stat`` takes seconds.  The
index maps a file's absolute path and its stat signature (size, mtime and ctime in
nanoseconds, inode, device) to the ``report_id`` its bytes hashed to.  When the signature
is unchanged the recorded hash is used; anything else (edited, replaced, touched, moved
onto the path) hashes the file again.  The hash still decides everything downstream: the
cache and the outputs are keyed by ``report_id``, never by path or time.

As git does for its index, a file modified within :data:`RACY_NS` of the scan that hashed
it is not recorded (a later write in the same clock tick would keep the same mtime), so
it is simply hashed again next time.

Stored as ``OUT/.index.arrow`` (an Arrow IPC file: read back without conversion, and
without the pandas import a Parquet read triggers), written with the output it belongs to.
"""
from __future__ import annotations

import os
import struct
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

FILE_NAME = ".index.arrow"
RACY_NS = 2_000_000_000
# The path as the file system's bytes: a name that is not UTF-8 (GBK from an unzipped archive)
# must be stored as it is, and found again by the same bytes.
SCHEMA = pa.schema([("path", pa.binary()), ("size", pa.int64()), ("mtime_ns", pa.int64()),
                    ("ctime_ns", pa.int64()), ("ino", pa.uint64()), ("dev", pa.uint64()),
                    ("report_id", pa.string())])

_PACKED = struct.Struct("<qqqQQ")
Signature = bytes
"""(size, mtime_ns, ctime_ns, inode, device) packed into 40 bytes: the main process holds
one per input file (and one per file of the last run), and a tuple of five large ints
cost ~250 bytes."""


def signature(st: os.stat_result) -> Signature:
    return _PACKED.pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class FileIndex:
    """Recorded hashes from the last run (``lookup``) and the ones of this run (``record``)."""

    def __init__(self, known: dict[bytes, tuple[Signature, str]] | None = None) -> None:
        self._known = known or {}
        self._now: dict[bytes, tuple[Signature, str]] = {}
        self._started_ns = time.time_ns()
        self.reused = 0

    @classmethod
    def load(cls, path: Path) -> "FileIndex":
        """The index at ``path``; empty when it is missing or unreadable (everything is hashed)."""
        try:
            with pa.OSFile(str(path), "rb") as fh:
                t = ipc.open_file(fh).read_all()
            if not t.schema.equals(SCHEMA):
                return cls()
        except (OSError, pa.ArrowException, ValueError):
            return cls()
        cols = [t.column(n).to_pylist() for n in SCHEMA.names]
        pack = _PACKED.pack
        known = {p: (pack(s, m, c, i, d), rid) for p, s, m, c, i, d, rid in zip(*cols)}
        return cls(known)

    def lookup(self, path: Path, st: os.stat_result) -> str | None:
        """The report_id recorded for this file if its signature is unchanged, else None."""
        key = _key(path)
        entry = self._known.get(key)
        if entry is None or entry[0] != signature(st):
            return None
        self._now[key] = entry
        self.reused += 1
        return entry[1]

    def record(self, path: Path, st: os.stat_result, report_id: str) -> None:
        """Remember a freshly computed hash, unless the file changed too recently to trust."""
        if self._started_ns - st.st_mtime_ns < RACY_NS or self._started_ns - st.st_ctime_ns < RACY_NS:
            return
        self._now[_key(path)] = (signature(st), report_id)

    @property
    def changed(self) -> bool:
        """Whether this run's index differs from the one loaded (so it is worth writing)."""
        return self._now != self._known

    def save(self, path: Path) -> None:
        """Write this run's entries (only files seen in this run) atomically."""
        rows = sorted(self._now.items())
        unpack = _PACKED.unpack
        cols = list(zip(*[(p, *unpack(sig), rid) for p, (sig, rid) in rows])) or [[] for _ in SCHEMA.names]
        table = pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(cols, SCHEMA)], schema=SCHEMA)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        with pa.OSFile(str(tmp), "wb") as fh, ipc.new_file(fh, SCHEMA) as writer:
            writer.write_table(table)
        os.replace(tmp, path)


def _key(path: Path) -> bytes:
    return os.fsencode(os.path.abspath(path))
