"""After the main outputs are written: ``agencies.parquet``, ``panel.parquet``, cross-year checks.

Runs on the staging folder (``pipeline.extract.outdir``) before it is swapped in, reading
what the store wrote (reports, facts), so the store may stream and still nothing
half-written is ever seen.  Cross-year checks need the other year's report, so they are
added to ``checks.parquet`` here (sorted after the per-report checks); ``reports.checks_failed``
keeps counting each document's own checks.

It streams: reports and facts are read in batches into a scratch SQLite database
(``pipeline.extract.diskdb``, in a ``-postpass`` folder beside the staging folder), and read
back sorted by agency and year, one agency-year at a time (its chosen report, the cells of
that report and of the year before), so the main process holds nothing per report.  The
files are written by the store's row-group writer (``store.RowGroupWriter``, one row group
each time the rows pass the cap, atomically); below the cap each is byte-identical to one
``pq.write_table`` of all its rows.
"""
from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from ..durable import fsync_path
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from .crossyear import pair_checks
from ..extract import diskdb
from ..extract.settings import row_group_bytes
from ..extract.store import RowGroupWriter
from ..figures import FACT_COLUMNS, Cells, ReportCells, cells_by_report
from .panel import (AGENCIES_SCHEMA, agency_row, choose_one, counts_for_agency, order_key, panel_row,
                    panel_schema, usable)

AGENCIES_FILE = "agencies.parquet"
PANEL_FILE = "panel.parquet"
_FACT_COLUMNS = sorted({*FACT_COLUMNS, "section"})
REPORT_COLUMNS = frozenset({"report_id", "source_path", "status", "agency", "year", "template", "published",
                            "fetched_at", "agency_id", "agency_name", "adcode", "province", "city", "county",
                            "level", "type", "function"})
"""The reports columns the post-pass reads (``panel``, ``crossyear``); the long ones (error,
title, paths) are left out of its scratch rows."""


@dataclass
class PanelStats:
    agencies: int = 0
    panel_rows: int = 0
    checks_added: int = 0


def write_panel_outputs(dest: Path) -> PanelStats:
    """Build agencies/panel from ``dest``'s reports and facts, append cross-year checks."""
    dest = Path(dest)
    folder = dest.parent / f"{dest.name}-postpass"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = diskdb.open_scratch(folder / "postpass.sqlite")
    try:
        return _write_panel_outputs(dest, db)
    finally:
        db.close()
        shutil.rmtree(folder, ignore_errors=True)


def _write_panel_outputs(dest: Path, db: sqlite3.Connection) -> PanelStats:
    stats = PanelStats()
    _load_reports(dest / "reports.parquet", db)
    _choose(db)
    _load_cells(dest / "facts", db)
    db.execute("CREATE TABLE extra (report_id TEXT, check_ TEXT, scope TEXT, row BLOB)")
    with _rows(dest / PANEL_FILE, panel_schema()) as panel:
        prev: tuple[str, int, str, Cells, dict] | None = None
        for aid, year, rid, row, others in db.execute(
                "SELECT agency_id, year, report_id, row, others FROM chosen ORDER BY agency_id, year"):
            cells, sections = _cells_of(db, rid)
            panel.add_row(panel_row(aid, year, _unpickled(row), _unpickled(others), cells))
            if prev is not None and prev[0] == aid and prev[1] == year - 1:
                extra = pair_checks(year, rid, prev[2], cells.values, prev[3], sections, prev[4])
                db.executemany("INSERT INTO extra VALUES (?, ?, ?, ?)",
                               [(c["report_id"], c["check"], c["scope"], _pickled(c)) for c in extra])
                stats.checks_added += len(extra)
            prev = (aid, year, rid, cells.values, sections)
            stats.panel_rows += 1
    with _rows(dest / AGENCIES_FILE, AGENCIES_SCHEMA) as agencies:
        for aid, group in groupby(db.execute("SELECT agency_id, row FROM rep WHERE counts ORDER BY agency_id, n"),
                                  key=lambda t: t[0]):
            rs = [_unpickled(row) for _, row in group]
            picked = [(y, _unpickled(row)) for y, row in db.execute(
                "SELECT year, row FROM chosen WHERE agency_id = ? ORDER BY year", (aid,))]
            agencies.add_row(agency_row(aid, rs, picked))
            stats.agencies += 1
    if stats.checks_added:
        _append_checks(dest / "checks.parquet", db)
    return stats


def _load_reports(path: Path, db: sqlite3.Connection) -> None:
    """The reports that name an agency (the only ones the post-pass uses), in file order."""
    db.execute("CREATE TABLE rep (n INTEGER PRIMARY KEY, agency_id TEXT, year INTEGER, usable INTEGER, "
               "counts INTEGER, k1 TEXT, k2 TEXT, source_path TEXT, report_id TEXT, row BLOB)")
    reader = pq.ParquetFile(path)
    columns = [c for c in reader.schema_arrow.names if c in REPORT_COLUMNS]
    for batch in reader.iter_batches(batch_size=diskdb.BATCH, columns=columns):
        rows = []
        for r in batch.to_pylist():
            if not r.get("agency_id"):
                continue
            use = usable(r)
            rows.append((r["agency_id"], int(r["year"]) if use else None, use, counts_for_agency(r),
                         *order_key(r)[:3], r["report_id"], _pickled(r)))
        db.executemany("INSERT INTO rep VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _choose(db: sqlite3.Connection) -> None:
    """One chosen report per agency-year (``panel.choose``), read one agency-year at a time."""
    db.execute("CREATE TABLE chosen (agency_id TEXT, year INTEGER, report_id TEXT PRIMARY KEY, row BLOB, "
               "others BLOB)")
    cur = db.execute("SELECT agency_id, year, row FROM rep WHERE usable "
                     "ORDER BY agency_id, year, k1, k2, source_path, report_id")
    rows = []
    for (aid, year), group in groupby(cur, key=lambda t: (t[0], t[1])):
        r, others = choose_one([_unpickled(row) for _, _, row in group])
        rows.append((aid, year, r["report_id"], _pickled(r), _pickled(others)))
        if len(rows) >= diskdb.BATCH:
            _insert_chosen(db, rows)
            rows = []
    _insert_chosen(db, rows)
    db.execute("CREATE INDEX chosen_by_agency ON chosen (agency_id, year)")


def _insert_chosen(db: sqlite3.Connection, rows: list[tuple]) -> None:
    # the select above is still being read: write to the other table only
    db.executemany("INSERT INTO chosen VALUES (?, ?, ?, ?, ?)", rows)


def _load_cells(facts_dir: Path, db: sqlite3.Connection) -> None:
    """The facts with a value of the chosen reports only, in the order the dataset reads them."""
    db.execute("CREATE TABLE fact (report_id TEXT, category TEXT, applicant_type TEXT, count, amount, "
               "template TEXT, section TEXT)")
    if not facts_dir.exists() or db.execute("SELECT 1 FROM chosen LIMIT 1").fetchone() is None:
        return
    data = ds.dataset(facts_dir, format="parquet", partitioning="hive")
    # Read ahead one batch of one file at a time: the default read-ahead (16 batches, 4
    # files) held a share of the whole facts partition that grew with the corpus.
    for batch in data.to_batches(columns=_FACT_COLUMNS, batch_readahead=1, fragment_readahead=1):
        ids = pc.unique(batch.column("report_id")).to_pylist()
        wanted = [rid for rid, in _chosen_among(db, ids)]
        if not wanted:
            continue
        batch = batch.filter(pc.is_in(batch.column("report_id"), value_set=pa.array(wanted, pa.string())))
        db.executemany("INSERT INTO fact VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(r["report_id"], r["category"], r["applicant_type"], r["count"], r["amount"],
                         r["template"], r["section"]) for r in batch.to_pylist()
                        if r["count"] is not None or r["amount"] is not None])
    db.execute("CREATE INDEX fact_by_report ON fact (report_id)")


def _chosen_among(db: sqlite3.Connection, ids: list[str]) -> Iterator[tuple[str]]:
    for at in range(0, len(ids), 500):
        part = ids[at:at + 500]
        yield from db.execute(f"SELECT report_id FROM chosen WHERE report_id IN ({', '.join('?' * len(part))})",
                              part).fetchall()


def _cells_of(db: sqlite3.Connection, rid: str) -> tuple[ReportCells, dict[tuple[str, str | None], str]]:
    """One chosen report's cells and each cell's section (as ``cells_by_report`` reads them)."""
    rows = [dict(zip(("report_id", "category", "applicant_type", "count", "amount", "template", "section"), r))
            for r in db.execute("SELECT * FROM fact WHERE report_id = ? ORDER BY rowid", (rid,))]
    sections = {(r["category"], r["applicant_type"]): r["section"] for r in rows}
    return cells_by_report(rows).get(rid, ReportCells()), sections


def _append_checks(path: Path, db: sqlite3.Connection) -> None:
    """``checks.parquet`` with the cross-year checks after the per-report ones (sorted)."""
    reader = pq.ParquetFile(path)
    schema = reader.schema_arrow
    with _rows(path, schema) as out:
        for batch in reader.iter_batches(batch_size=diskdb.BATCH):
            out.add(batch)
        for (row,) in db.execute("SELECT row FROM extra ORDER BY report_id, check_, scope, rowid"):
            out.add_row(_unpickled(row))


def _rows(path: Path, schema: pa.Schema) -> RowGroupWriter:
    """The writer of one post-pass file: the run's cap (``ZFXXGK_ROW_GROUP_BYTES``), each row
    group one chunk (as these files were always written)."""
    return RowGroupWriter(path, schema, row_group_bytes(), one_chunk=True)


def _pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(raw: bytes) -> Any:
    return pickle.loads(raw)  # noqa: S301 - this run's own scratch rows, written above


def write_empty(dest: Path) -> None:
    """Zero-row agencies/panel files, so readers find the columns even when the post-pass failed."""
    _write(AGENCIES_SCHEMA.empty_table(), Path(dest) / AGENCIES_FILE)
    _write(panel_schema().empty_table(), Path(dest) / PANEL_FILE)


def _write(table: pa.Table, path: Path) -> None:
    """Write beside, fsync, rename: the staging folder never holds a half file either."""
    tmp = path.with_name(f".{path.name}.part")
    pq.write_table(table, tmp)
    fsync_path(tmp)
    os.replace(tmp, path)
