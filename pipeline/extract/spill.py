"""Rows of finished documents kept on disk, not in memory, until the sorted output is written.

Results arrive in completion order, but the outputs are sorted by source path.  Holding
every result until the end made memory grow with the corpus (about 70 KB per document), so
each document's rows are appended to an Arrow IPC file as one record batch the moment its
result arrives; only a few integers per document stay in memory.  At the end the batches
are read back one at a time, in sorted order, by random access (the IPC file format keeps
an index of its batches in its footer).
"""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc


class SpillFile:
    """Append record batches, then read any of them back by the number :meth:`append` gave."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = Path(path)
        self.schema = schema
        self._sink: pa.NativeFile | None = pa.OSFile(str(self.path), "wb")
        self._writer: ipc.RecordBatchFileWriter | None = ipc.new_file(self._sink, schema)
        self._reader: ipc.RecordBatchFileReader | None = None
        self._source: pa.NativeFile | None = None
        self._count = 0

    def append(self, table: pa.Table) -> int:
        """Store ``table`` as one batch; returns its number, or -1 for an empty table."""
        if table.num_rows == 0:
            return -1
        assert self._writer is not None, "append after reading started"
        batch = table.combine_chunks().to_batches()[0]
        self._writer.write_batch(batch)
        self._count += 1
        return self._count - 1

    def get(self, number: int) -> pa.RecordBatch:
        """Batch ``number`` (read from disk; only that batch is loaded)."""
        if self._reader is None:
            self._finish_writing()
            # A plain file, not a memory map: pages read stay out of the resident set.
            self._source = pa.OSFile(str(self.path), "rb")
            self._reader = ipc.open_file(self._source)
        return self._reader.get_batch(number)

    def _finish_writing(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._sink is not None:
            self._sink.close()
            self._sink = None

    def close(self) -> None:
        self._finish_writing()
        if self._source is not None:
            self._source.close()
            self._source = None
            self._reader = None

    def remove(self) -> None:
        self.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
