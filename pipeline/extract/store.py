"""Write the four outputs of SCHEMA.md into a folder, rows in a deterministic order.

Results are taken one at a time as they arrive (:class:`StreamingStore`): their rows go
to spill files on disk at once, and at the end are streamed, sorted, into Parquet one row
group at a time, so the memory of a run does not grow with the corpus.

The folder given is always a fresh staging folder (see ``pipeline.extract.outdir``): this module
only turns ``ReportResult``s into Parquet and never touches a live output.

Facts are hive-partitioned by ``year`` and the year lives only in the folder name
(``year=2023/part-0.parquet``).  A null partition key cannot be read by all three readers
of SCHEMA.md: pyarrow and DuckDB read ``year=__HIVE_DEFAULT_PARTITION__`` as null, but
pandas cannot mix it with real years ("Cannot yet unify dictionaries with nulls"), and a
file outside any ``year=`` folder breaks DuckDB ("Hive partition mismatch").  So the facts
of a report whose year is unknown are filed under ``year=0`` ("unknown"), which every
reader reads back as 0, and the report's ``error`` says so; ``reports.year`` stays null.
"""
from __future__ import annotations

import copy as _copymod
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from ..durable import fsync_path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from . import diskdb
from .spill import SpillFile
from .stored import StoredResult, to_stored
from ..result import CHECKS_SCHEMA, FACTS_SCHEMA, REPORTS_SCHEMA, SECTIONS_SCHEMA, ReportResult
from ..years import RANGE_TEXT, plausible

FACTS_FILE_SCHEMA = pa.schema([f for f in FACTS_SCHEMA if f.name != "year"])
UNKNOWN_YEAR = 0
"""Partition of the facts of reports whose reporting year was not found (see module doc)."""


@dataclass
class StoreStats:
    statuses: Counter = field(default_factory=Counter)
    facts: int = 0
    checks_failed: int = 0
    documents: int = 0


def sort_results(results: Iterable[ReportResult]) -> list[ReportResult]:
    """One order for every run and every ``-j``: by source path, then report id."""
    return sorted(results, key=lambda r: (r.source_path, r.report_id))


def prepare(result: ReportResult, copy: bool = True) -> ReportResult:
    """A copy fit for storage: a plausible year or none, and a sentence when facts lack one
    (``copy=False``: the result itself, for a caller that throws it away)."""
    r = _copy(result) if copy else result
    if r.year is not None:
        year = _as_year(r.year)
        if year is None:
            _add_problem(r, f"the reporting year {r.year!r} is not plausible ({RANGE_TEXT}) and was left empty")
        r.year = year
    r.finalize()
    if r.facts and r.year is None:
        _add_note(r, f"the reporting year is not known, so its facts are filed under "
                     f"year={UNKNOWN_YEAR} (unknown); give the year in a .meta.json sidecar")
    return r


def _copy(result: ReportResult) -> ReportResult:
    """A copy whose rows can be changed without touching the caller's result.

    Rows are flat dicts of scalars, so copying each dict is a full copy; ``copy.deepcopy``
    did the same walking every value and was the main cost of storing a result.
    """
    r = _copymod.copy(result)
    r.facts = [dict(f) for f in result.facts]
    r.checks = [dict(c) for c in result.checks]
    r.sections = [dict(s) for s in result.sections]
    r.duplicate_paths = list(result.duplicate_paths)
    return r


def _as_year(value: object) -> int | None:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if plausible(year) else None


def _add_problem(r: ReportResult, sentence: str) -> None:
    if r.status == "ok":
        r.status = "partial"
    _add_note(r, sentence)


def _add_note(r: ReportResult, sentence: str) -> None:
    r.error = f"{r.error}; {sentence}" if r.error else sentence


def _table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    """Rows → a one-chunk table.  Through ``RecordBatch.from_pylist``: the same arrays, but
    ``Table.from_pylist`` took several times longer (it was most of storing a result)."""
    return pa.Table.from_batches([pa.RecordBatch.from_pylist(rows, schema=schema)], schema=schema)


def _tables(r: ReportResult, parser_version: str) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    return (_table([r.report_row(parser_version)], REPORTS_SCHEMA),
            _table(r.facts, FACTS_FILE_SCHEMA),
            _table(r.checks, CHECKS_SCHEMA),
            _table(r.sections, SECTIONS_SCHEMA))


def convert(r: ReportResult, parser_version: str) -> tuple[ReportResult, tuple[pa.Table, ...]]:
    """Arrow tables for one report; rows that do not fit the schema cost this report only."""
    try:
        return r, _tables(r, parser_version)
    except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
        bad = _copy(r)
        bad.status, bad.facts, bad.checks, bad.sections = "failed", [], [], []
        bad.error = f"its results could not be stored ({type(exc).__name__}: {exc}); please report it"
        return bad, _tables(bad, parser_version)


ROW_GROUP_ROWS = 1024 * 1024
"""Rows per Parquet row group: pyarrow's own default, so files match ``pq.write_table``'s."""
_convert = convert  # the name the store's tests know

COMPACT_EVERY = 256
"""Documents buffered for a row group are merged into one batch this often (see ``add``)."""

ROW_GROUP_BYTES = 16 * 1024 * 1024
"""A row group also closes once the documents buffered for it add up to this many bytes, so
memory stays bounded however large a partition grows.  Below it, a file is byte-identical
to one ``pq.write_table`` of all its rows.  The size of a document is the length of its
rows' Arrow IPC message (:mod:`pipeline.extract.stored`), a function of the rows alone, so
where row groups are cut depends only on the data and its sorted order: a re-run, another
``-j``, cached or freshly parsed documents give the same bytes above the cap too.  Setting
``ZFXXGK_ROW_GROUP_BYTES`` changes the cap (``pipeline.extract.settings``)."""


_TABLES = ("reports", "facts", "checks", "sections")


class StreamingStore:
    """Takes results as they arrive, spills their rows to disk, writes the sorted outputs.

    Nothing per document stays in memory: its rows wait in
    :class:`~pipeline.extract.spill.SpillFile` s under ``spill_dir`` (a folder this store
    owns and removes), and its sort key, facts year and where each of its four tables sits
    in its spill file are a row of a scratch SQLite table there (``pipeline.extract.diskdb``).
    :meth:`write` reads them back in the order of :func:`sort_results` (SQLite sorts, on
    disk) and streams them into Parquet one row group at a time (see :data:`ROW_GROUP_BYTES`).
    """

    def __init__(self, spill_dir: Path, parser_version: str, row_group_bytes: int | None = None) -> None:
        self.spill_dir = Path(spill_dir)
        self.spill_dir.mkdir(parents=True, exist_ok=True)
        self.parser_version = parser_version
        self.row_group_bytes = row_group_bytes
        self.stats = StoreStats()
        self._db_path = self.spill_dir / "store.sqlite"
        self._db = diskdb.open_scratch(self._db_path)
        self._db.execute("CREATE TABLE doc (source_path TEXT, report_id TEXT, year INTEGER, "
                         + ", ".join(f"{t}_at INTEGER, {t}_len INTEGER" for t in _TABLES) + ")")
        self._pending: list[tuple] = []
        self._spills = {name: SpillFile(self.spill_dir / f"{name}.arrow", schema)
                        for name, schema in (("reports", REPORTS_SCHEMA), ("facts", FACTS_FILE_SCHEMA),
                                             ("checks", CHECKS_SCHEMA), ("sections", SECTIONS_SCHEMA))}

    def add(self, result: ReportResult) -> None:
        """Convert one result here and store it (results made in this process: cache hits,
        failures the supervisor writes)."""
        self.add_stored(to_stored(result, self.parser_version))

    def add_stored(self, s: StoredResult) -> None:
        """Move one converted result's rows to disk (the caller may drop it)."""
        row: list = [s.source_path, s.report_id, s.year]
        for name, message in (("reports", s.reports_ipc), ("facts", s.facts_ipc),
                              ("checks", s.checks_ipc), ("sections", s.sections_ipc)):
            row += (self._spills[name].append(message), len(message))
        self._pending.append(tuple(row))
        if len(self._pending) >= diskdb.BATCH:
            self._flush()
        st = self.stats
        st.documents += 1
        st.statuses[s.status] += 1
        st.facts += s.facts
        st.checks_failed += s.checks_failed

    def _flush(self) -> None:
        if self._pending:
            self._db.executemany(f"INSERT INTO doc VALUES ({', '.join('?' * 11)})", self._pending)
            self._pending = []

    def write(self, dest: Path) -> StoreStats:
        """Write facts/, reports, checks and sections Parquet files under ``dest``."""
        dest = Path(dest)
        _release()
        self._flush()
        db = self._db
        # the sorted order, once: ``n`` is a document's place in it (ties keep the order
        # results arrived in, rowid order, as Python's stable sort did)
        db.execute("DROP TABLE IF EXISTS sorted")
        db.execute("CREATE TABLE sorted (n INTEGER PRIMARY KEY, year INTEGER, "
                   + ", ".join(f"{t}_at INTEGER, {t}_len INTEGER" for t in _TABLES) + ")")
        db.execute("INSERT INTO sorted SELECT row_number() OVER (ORDER BY source_path, report_id, rowid), year, "
                   + ", ".join(f"{t}_at, {t}_len" for t in _TABLES) + " FROM doc")
        for name, schema, file in (("reports", REPORTS_SCHEMA, "reports.parquet"),
                                   ("checks", CHECKS_SCHEMA, "checks.parquet"),
                                   ("sections", SECTIONS_SCHEMA, "sections.parquet")):
            self._stream(self._spills[name], schema, self._places(name), dest / file)
        years = [y for (y,) in db.execute("SELECT DISTINCT year FROM sorted WHERE facts_at >= 0 ORDER BY year")]
        facts_dir = dest / "facts"
        if not years:  # a zero-row file, so every reader still finds the columns
            with RowGroupWriter(facts_dir / f"year={UNKNOWN_YEAR}" / "part-0.parquet", FACTS_FILE_SCHEMA):
                pass
        for year in years:
            self._stream(self._spills["facts"], FACTS_FILE_SCHEMA, self._places("facts", year),
                         facts_dir / f"year={year}" / "part-0.parquet", close=False)
        self._spills["facts"].close()
        return self.stats

    def _places(self, name: str, year: int | None = None) -> Iterator[tuple[int, int]]:
        """(offset, length) of table ``name``'s messages in the sorted order, read in batches."""
        where = f"{name}_at >= 0" + ("" if year is None else " AND year = ?")
        cur = self._db.execute(f"SELECT {name}_at, {name}_len FROM sorted WHERE {where} ORDER BY n",
                               () if year is None else (year,))
        while rows := cur.fetchmany(diskdb.BATCH):
            yield from rows

    def _stream(self, spill: SpillFile, schema: pa.Schema, places: Iterable[tuple[int, int]], path: Path,
                close: bool = True) -> None:
        with RowGroupWriter(path, schema, self.row_group_bytes) as out:
            for at, length in places:
                out.add(*spill.get(at, length))
        if close:
            spill.close()
        _release()

    def close(self) -> None:
        """Remove the spill files (the published outputs do not need them)."""
        for spill in self._spills.values():
            spill.remove()
        self._db.close()
        diskdb.remove(self._db_path)
        shutil.rmtree(self.spill_dir, ignore_errors=True)

    def __enter__(self) -> "StreamingStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _release() -> None:
    """Hand memory Arrow has freed back to the system between phases, so what one phase
    freed is not still counted (and grown on) while the next one runs."""
    pa.default_memory_pool().release_unused()


class RowGroupWriter:
    """One Parquet file written row group by row group from a stream of record batches (or
    of rows, as dicts), atomically: into a hidden file beside it, fsync'd, then renamed, so a
    reader never sees half a file, even when the file is rewritten from itself (the
    post-pass appends to ``checks.parquet`` so).  Every Parquet file of a run goes through it:
    the four outputs of the store and the post-pass's (``pipeline.agencies.postpass``).

    Row groups close at :data:`ROW_GROUP_ROWS` rows exactly as ``pq.write_table`` cuts them
    (the remainder carries over, with its share of the bytes), or after the batch that
    brings the buffered size to :data:`ROW_GROUP_BYTES` (or ``cap_bytes``).  Below both a
    file is one row group, and with no rows at all it is the file ``write_table`` gives for
    an empty table.

    ``one_chunk``: each row group is handed to the Parquet writer as one chunk (the bytes of
    one ``write_table`` of its rows); otherwise as the batches were buffered (merged every
    :data:`COMPACT_EVERY`).  Where chunks start moves where data pages are cut, so it changes
    the bytes of large files: the store keeps its layout, the post-pass its own.
    """

    def __init__(self, path: Path, schema: pa.Schema, cap_bytes: int | None = None, *,
                 one_chunk: bool = False) -> None:
        self.path, self.schema = Path(path), schema
        self.tmp = self.path.with_name(f".{self.path.name}.part")
        self.cap_bytes = cap_bytes or ROW_GROUP_BYTES
        self.one_chunk = one_chunk
        self._buf: list[pa.RecordBatch] = []
        self._rows = 0
        self._bytes = 0
        self._dicts: list[dict] = []
        self._writer: pq.ParquetWriter | None = None

    def add_row(self, row: dict) -> None:
        """Buffer one row; rows become a record batch every ``diskdb.BATCH`` rows (counted
        against the cap by its Arrow size)."""
        self._dicts.append(row)
        if len(self._dicts) >= diskdb.BATCH:
            self._batch_dicts()

    def _batch_dicts(self) -> None:
        if self._dicts:
            rows, self._dicts = self._dicts, []
            batch = pa.RecordBatch.from_pylist(rows, schema=self.schema)
            self.add(batch, batch.nbytes)

    def add(self, batch: pa.RecordBatch, nbytes: int | None = None) -> None:
        """Buffer a batch (the store: one document's rows), after any rows given before it.
        ``nbytes`` is what it counts against the cap (the store: the length of the rows' IPC
        message, a function of the rows alone); by default its Arrow size."""
        self._batch_dicts()
        self._buf.append(batch)
        self._rows += batch.num_rows
        self._bytes += batch.nbytes if nbytes is None else nbytes
        if len(self._buf) >= COMPACT_EVERY:
            # A decoded one-document batch costs ~15 KB of Arrow objects whatever its size
            # (reports: one row, thirty columns), so thousands of them waiting for the cap
            # cost far more than their bytes: merge them.  After every COMPACT_EVERY
            # documents of the file, so the chunks the Parquet writer sees (and so the bytes
            # it writes) still depend on the data and its order only.
            self._buf = pa.Table.from_batches(self._buf, self.schema).combine_chunks().to_batches()
        while self._rows >= ROW_GROUP_ROWS:
            table = pa.Table.from_batches(self._buf, self.schema)
            self._group(table.slice(0, ROW_GROUP_ROWS))
            rest = table.slice(ROW_GROUP_ROWS)
            self._buf = rest.to_batches()
            self._bytes = self._bytes * rest.num_rows // self._rows  # the remainder's share
            self._rows = rest.num_rows
        if self._bytes >= self.cap_bytes:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._group(pa.Table.from_batches(self._buf, self.schema))
        self._buf, self._rows, self._bytes = [], 0, 0

    def _group(self, table: pa.Table) -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self.tmp, self.schema)
        self._writer.write_table(table.combine_chunks() if self.one_chunk else table)

    def __enter__(self) -> "RowGroupWriter":
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None:
            if self._writer is not None:
                self._writer.close()
            self.tmp.unlink(missing_ok=True)
            return
        self._batch_dicts()
        self._flush()
        if self._writer is None:  # no rows at all: the same empty file write_table gives
            self.path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(self.schema.empty_table(), self.tmp)
        else:
            self._writer.close()
        fsync_path(self.tmp)
        os.replace(self.tmp, self.path)


def write_tables(results: Iterable[ReportResult], dest: Path, parser_version: str) -> StoreStats:
    """Write facts/, reports, checks and sections Parquet files under ``dest``."""
    dest = Path(dest)
    with StreamingStore(dest / ".spill", parser_version) as store:
        for r in results:
            store.add(r)
        return store.write(dest)
