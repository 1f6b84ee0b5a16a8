"""Rows of finished documents kept on disk, not in memory, until the sorted output is written.

Results arrive in completion order, but the outputs are sorted by source path.  Holding
every result until the end made memory grow with the corpus (about 70 KB per document), so
each document's rows go to a spill file as soon as its result arrives.  A document's rows
arrive already serialized, as one Arrow IPC record-batch message made by the worker that
parsed it (:mod:`pipeline.extract.stored`), so appending is a plain buffered file write in
the main process: no Arrow work per document there.  Nothing per document stays in
memory: the caller keeps where its message starts and its length (the store, on disk).

At the end each document's message is read back by offset (``os.pread``) and decoded
against the table's schema.  Every document is its own buffer, so a document buffered for a
row group holds only its own rows.
"""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

_WRITE_BUFFER = 1 << 20


class SpillFile:
    """Append serialized record batches, then read any of them back by the offset
    :meth:`append` gave and its length."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = Path(path)
        self.schema = schema
        self._out = open(self.path, "wb", buffering=_WRITE_BUFFER)  # noqa: SIM115 - closed in close()
        self._fd: int | None = None
        self._size = 0

    def append(self, message: bytes) -> int:
        """Store one IPC record-batch message; returns where it starts, or -1 for none (``b""``)."""
        if not message:
            return -1
        assert self._out is not None, "append after reading started"
        self._out.write(message)
        start = self._size
        self._size += len(message)
        return start

    def get(self, start: int, length: int) -> tuple[pa.RecordBatch, int]:
        """The message at ``start`` as a record batch, and its serialized size in bytes (the
        size a row group is cut by: it depends on the rows alone, see ``store``)."""
        if self._fd is None:
            self._finish_writing()
            self._fd = os.open(self.path, os.O_RDONLY)
        raw = os.pread(self._fd, length, start)
        if len(raw) != length:
            raise OSError(f"spill file {self.path} is truncated")
        return ipc.read_record_batch(pa.py_buffer(raw), self.schema), length

    def _finish_writing(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None

    def close(self) -> None:
        self._finish_writing()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def remove(self) -> None:
        self.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
