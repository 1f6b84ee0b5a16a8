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
While a run works, both the last run's entries and this run's live in a scratch SQLite
database (``pipeline.extract.diskdb``), not in dicts: the main process holds nothing per file.
"""
from __future__ import annotations

import os
import sqlite3
import struct
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

from . import diskdb

FILE_NAME = ".index.arrow"
RACY_NS = 2_000_000_000
# The path as the file system's bytes: a name that is not UTF-8 (GBK from an unzipped archive)
# must be stored as it is, and found again by the same bytes.
SCHEMA = pa.schema([("path", pa.binary()), ("size", pa.int64()), ("mtime_ns", pa.int64()),
                    ("ctime_ns", pa.int64()), ("ino", pa.uint64()), ("dev", pa.uint64()),
                    ("report_id", pa.string())])

SAVE_ROWS = 65_536
"""Rows per record batch of the saved file (an index of fewer files is one batch, as it always was)."""

_PACKED = struct.Struct("<qqqQQ")
Signature = bytes
"""(size, mtime_ns, ctime_ns, inode, device) packed into 40 bytes."""


def signature(st: os.stat_result) -> Signature:
    return _PACKED.pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class FileIndex:
    """Recorded hashes from the last run (``lookup``) and the ones of this run (``record``).

    ``work``: the scratch database file to keep them in (default: a temporary one)."""

    def __init__(self, work: Path | str | None = None) -> None:
        self._path = Path(work) if work is not None else diskdb.own_temp(self, "index.sqlite")
        diskdb.remove(self._path)
        self._db = diskdb.open_scratch(self._path)
        # the last run's entries by folder (the walk asks for one folder's files at a time);
        # this run's by path (the order of the saved file)
        self._db.execute("CREATE TABLE known (dir BLOB, name BLOB, sig BLOB, rid TEXT, PRIMARY KEY (dir, name)) "
                         "WITHOUT ROWID")
        self._db.execute("CREATE TABLE now (path BLOB PRIMARY KEY, sig BLOB, rid TEXT) WITHOUT ROWID")
        self._pending: list[tuple[bytes, bytes, str]] = []  # rows of ``now``
        self._recorded = 0
        """Fresh hashes put in ``now``: each is a file the loaded index did not have as it is."""
        self._folders: dict[bytes, dict[bytes, tuple[bytes, str]]] = {}
        self._known_dir: bytes | None = None  # the folder last looked in, and its entries
        self._known: dict[bytes, tuple[bytes, str]] = {}
        """The known entries of the folders being walked (the current one and those above it:
        the walk holds their listings too, so this is bounded as the walk is)."""
        self._started_ns = time.time_ns()
        self.reused = 0

    @classmethod
    def load(cls, path: Path, work: Path | str | None = None) -> "FileIndex":
        """The index at ``path``; empty when it is missing or unreadable (everything is hashed)."""
        index = cls(work)
        try:
            with pa.memory_map(str(path), "r") as fh:
                reader = ipc.open_file(fh)
                if not reader.schema.equals(SCHEMA):
                    return index
                for i in range(reader.num_record_batches):
                    batch = reader.get_batch(i)
                    for at in range(0, batch.num_rows, diskdb.BATCH):
                        index._db.executemany("INSERT OR REPLACE INTO known VALUES (?, ?, ?, ?)",
                                              [(*_split(p), sig, rid) for p, sig, rid in
                                               _rows(batch.slice(at, diskdb.BATCH))])
        except (OSError, pa.ArrowException, ValueError, sqlite3.IntegrityError):
            index._db.execute("DELETE FROM known")
        return index

    def lookup(self, path: Path | str, st: os.stat_result) -> str | None:
        """The report_id recorded for this file if its signature is unchanged, else None."""
        return self.lookup_in(*_split(_key(path)), st)

    def lookup_in(self, folder: bytes, name: bytes, st: os.stat_result) -> str | None:
        """:meth:`lookup` by the absolute folder's bytes and the name's (the walk has both
        once per folder, so no path is built and split again per file)."""
        known = self._known if folder == self._known_dir else self._folder(folder)
        entry = known.get(name)
        if entry is None:
            return None
        sig, rid = entry
        if sig != _PACKED.pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev):
            return None
        self._pending.append((folder + b"/" + name, sig, rid))  # the known row, as it was
        if len(self._pending) >= diskdb.BATCH:
            self._flush()
        self.reused += 1
        return rid

    def _folder(self, folder: bytes) -> dict[bytes, tuple[bytes, str]]:
        """The known entries of one folder, read once while the walk is in it or below it."""
        known = self._folders.get(folder)
        if known is None:
            above = folder + b"/"
            self._folders = {f: k for f, k in self._folders.items() if above.startswith(f + b"/")}
            known = self._folders[folder] = {name: (sig, rid) for name, sig, rid in self._db.execute(
                "SELECT name, sig, rid FROM known WHERE dir = ?", (folder,))}
        self._known_dir, self._known = folder, known
        return known

    def record(self, path: Path | str, st: os.stat_result, report_id: str) -> None:
        """Remember a freshly computed hash, unless the file changed too recently to trust."""
        self.record_in(*_split(_key(path)), st, report_id)

    def record_in(self, folder: bytes, name: bytes, st: os.stat_result, report_id: str) -> None:
        """:meth:`record` by the absolute folder's bytes and the name's (see :meth:`lookup_in`)."""
        if self._started_ns - st.st_mtime_ns < RACY_NS or self._started_ns - st.st_ctime_ns < RACY_NS:
            return
        self._pending.append((folder + b"/" + name, signature(st), report_id))
        self._recorded += 1
        if len(self._pending) >= diskdb.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._db.executemany("INSERT OR REPLACE INTO now VALUES (?, ?, ?)", self._pending)
            self._pending = []

    def known_count(self) -> int:
        """How many files the loaded index recorded."""
        return self._db.execute("SELECT count(*) FROM known").fetchone()[0]

    @property
    def changed(self) -> bool:
        """Whether this run's index differs from the one loaded (so it is worth writing).

        A row of ``now`` is either a known row found unchanged (:meth:`lookup_in` copies it)
        or a fresh hash, recorded only after the lookup of its path failed, so it differs
        from what was known there.  With no fresh hash, ``now`` is a subset of the known
        rows: the same set exactly when it is as large.  No join of the two tables."""
        self._flush()
        if self._recorded:
            return True
        (now,) = self._db.execute("SELECT count(*) FROM now").fetchone()
        return now != self.known_count()

    def save(self, path: Path) -> None:
        """Write this run's entries (only files seen in this run), sorted by path, atomically."""
        self._flush()
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        with pa.OSFile(str(tmp), "wb") as fh, ipc.new_file(fh, SCHEMA) as writer:
            cur = self._db.execute("SELECT path, sig, rid FROM now ORDER BY path")
            wrote = False
            while rows := cur.fetchmany(SAVE_ROWS):
                writer.write_table(_table(rows))
                wrote = True
            if not wrote:
                writer.write_table(_table([]))
        os.replace(tmp, path)

    def close(self) -> None:
        """Drop the scratch database (the index can no longer be used)."""
        self._db.close()
        diskdb.remove(self._path)


def _rows(batch: pa.RecordBatch) -> list[tuple[bytes, bytes, str]]:
    cols = [batch.column(n).to_pylist() for n in SCHEMA.names]
    pack = _PACKED.pack
    return [(p, pack(s, m, c, i, d), rid) for p, s, m, c, i, d, rid in zip(*cols)]


def _table(rows: list[tuple[bytes, bytes, str]]) -> pa.Table:
    unpack = _PACKED.unpack
    cols = list(zip(*[(p, *unpack(sig), rid) for p, sig, rid in rows])) or [[] for _ in SCHEMA.names]
    return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(cols, SCHEMA)], schema=SCHEMA)


def _split(key: bytes) -> tuple[bytes, bytes]:
    """An absolute path's folder and name."""
    folder, _, name = key.rpartition(b"/")
    return folder, name


def _key(path: Path | str) -> bytes:
    return os.fsencode(os.path.abspath(path))


def folder_key(folder: Path | str) -> bytes:
    """The ``folder`` argument of :meth:`FileIndex.lookup_in` for the files listed in ``folder``."""
    return _key(folder).rstrip(b"/")  # "/" itself: its files' keys are b"/name"
