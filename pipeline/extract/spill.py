"""Rows of finished documents kept on disk, not in memory, until the sorted output is written.

Results arrive in completion order, but the outputs are sorted by source path.  Holding
every result until the end made memory grow with the corpus (about 70 KB per document), so
each document's rows go to an Arrow IPC file as soon as its result arrives; only four
integers per document stay in memory.  Documents are gathered into record batches of a
bounded size (one batch per document made writing cost more than building the rows), and
at the end each document's rows are read back as a slice of its batch, by random access
(the IPC file format keeps an index of its batches in its footer).  Batches read are kept
in a small cache, since the order read back is mostly the order written.
"""
from __future__ import annotations

import os
from array import array
from collections import OrderedDict
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

BATCH_ROWS = 8192
BATCH_BYTES = 4 * 1024 * 1024
_CACHED_BATCHES = 4


class SpillFile:
    """Append tables, then read any of them back by the number :meth:`append` gave."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = Path(path)
        self.schema = schema
        self._sink: pa.NativeFile | None = pa.OSFile(str(self.path), "wb")
        self._writer: ipc.RecordBatchFileWriter | None = ipc.new_file(self._sink, schema)
        self._reader: ipc.RecordBatchFileReader | None = None
        self._source: pa.NativeFile | None = None
        # per appended table: its batch, first row in it, rows, and Arrow size in bytes
        self._batch, self._offset, self._rows, self._bytes = array("q"), array("q"), array("q"), array("q")
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._pending_bytes = 0
        self._written = 0
        self._cache: OrderedDict[int, pa.RecordBatch] = OrderedDict()

    def append(self, table: pa.Table) -> int:
        """Store ``table``; returns its number, or -1 for an empty table."""
        if table.num_rows == 0:
            return -1
        assert self._writer is not None, "append after reading started"
        nbytes = table.get_total_buffer_size()  # (table.nbytes walks every array: slow)
        self._batch.append(self._written)
        self._offset.append(self._pending_rows)
        self._rows.append(table.num_rows)
        self._bytes.append(nbytes)
        self._pending.append(table)
        self._pending_rows += table.num_rows
        self._pending_bytes += nbytes
        if self._pending_rows >= BATCH_ROWS or self._pending_bytes >= BATCH_BYTES:
            self._flush()
        return len(self._rows) - 1

    def _flush(self) -> None:
        if not self._pending:
            return
        assert self._writer is not None
        batch = pa.concat_tables(self._pending).combine_chunks().to_batches()[0]
        self._writer.write_batch(batch)
        self._written += 1
        self._pending, self._pending_rows, self._pending_bytes = [], 0, 0

    def get(self, number: int) -> tuple[pa.RecordBatch, int]:
        """Table ``number`` as a record batch, and its Arrow size in bytes when appended."""
        if self._reader is None:
            self._finish_writing()
            # A plain file, not a memory map: pages read stay out of the resident set.
            self._source = pa.OSFile(str(self.path), "rb")
            self._reader = ipc.open_file(self._source)
        b = self._batch[number]
        batch = self._cache.get(b)
        if batch is None:
            batch = self._cache[b] = self._reader.get_batch(b)
            if len(self._cache) > _CACHED_BATCHES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(b)
        rows = self._rows[number]
        part = batch.slice(self._offset[number], rows)
        if rows * 2 < batch.num_rows:
            # A slice keeps its whole batch alive: copy a small one out, so a caller that
            # buffers many documents read out of order holds their rows, not their batches.
            part = part.take(pa.array(range(rows), type=pa.int32()))
        return part, self._bytes[number]

    def _finish_writing(self) -> None:
        if self._writer is not None:
            self._flush()
            self._writer.close()
            self._writer = None
        if self._sink is not None:
            self._sink.close()
            self._sink = None

    def close(self) -> None:
        self._finish_writing()
        self._cache.clear()
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
