"""Write the four outputs of SCHEMA.md into a folder, rows in a deterministic order.

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

import copy
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

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


def prepare(result: ReportResult) -> ReportResult:
    """A copy fit for storage: a plausible year or none, and a sentence when facts lack one."""
    r = copy.deepcopy(result)
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


def _tables(r: ReportResult, parser_version: str) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    return (pa.Table.from_pylist([r.report_row(parser_version)], schema=REPORTS_SCHEMA),
            pa.Table.from_pylist(r.facts, schema=FACTS_FILE_SCHEMA),
            pa.Table.from_pylist(r.checks, schema=CHECKS_SCHEMA),
            pa.Table.from_pylist(r.sections, schema=SECTIONS_SCHEMA))


def _convert(r: ReportResult, parser_version: str) -> tuple[ReportResult, tuple[pa.Table, ...]]:
    """Arrow tables for one report; rows that do not fit the schema cost this report only."""
    try:
        return r, _tables(r, parser_version)
    except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
        bad = copy.deepcopy(r)
        bad.status, bad.facts, bad.checks, bad.sections = "failed", [], [], []
        bad.error = f"its results could not be stored ({type(exc).__name__}: {exc}); please report it"
        return bad, _tables(bad, parser_version)


def write_tables(results: Iterable[ReportResult], dest: Path, parser_version: str) -> StoreStats:
    """Write facts/, reports, checks and sections Parquet files under ``dest``."""
    dest = Path(dest)
    stats = StoreStats()
    reports, checks, sections = [], [], []
    facts_by_year: dict[int, list[pa.Table]] = {}
    for r in sort_results(results):
        r, (rep, fac, chk, sec) = _convert(prepare(r), parser_version)
        reports.append(rep)
        checks.append(chk)
        sections.append(sec)
        if fac.num_rows:
            year = UNKNOWN_YEAR if r.year is None else int(r.year)
            facts_by_year.setdefault(year, []).append(fac)
        stats.documents += 1
        stats.statuses[r.status] += 1
        stats.facts += fac.num_rows
        stats.checks_failed += sum(1 for c in r.checks if not c.get("passed"))
    _write(_concat(reports, REPORTS_SCHEMA), dest / "reports.parquet")
    _write(_concat(checks, CHECKS_SCHEMA), dest / "checks.parquet")
    _write(_concat(sections, SECTIONS_SCHEMA), dest / "sections.parquet")
    facts_dir = dest / "facts"
    if not facts_by_year:  # a zero-row file, so every reader still finds the columns
        _write(FACTS_FILE_SCHEMA.empty_table(), facts_dir / f"year={UNKNOWN_YEAR}" / "part-0.parquet")
    for year in sorted(facts_by_year):
        _write(_concat(facts_by_year[year], FACTS_FILE_SCHEMA), facts_dir / f"year={year}" / "part-0.parquet")
    return stats


def _concat(tables: list[pa.Table], schema: pa.Schema) -> pa.Table:
    return pa.concat_tables(tables) if tables else schema.empty_table()


def _write(table: pa.Table, path: Path) -> None:
    """Write and fsync, so the folder swap never publishes a file still in the page cache only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
