"""After the main outputs are written: ``agencies.parquet``, ``panel.parquet``, cross-year checks.

Runs on the staging folder (``pipeline.extract.outdir``) before it is swapped in, reading
what the store wrote (reports, facts), so the store may stream and still nothing
half-written is ever seen.  Cross-year checks need the other year's report, so they are
added to ``checks.parquet`` here (sorted after the per-report checks); ``reports.checks_failed``
keeps counting each document's own checks.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from ..durable import fsync_path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from .crossyear import cross_year_checks
from ..figures import FACT_COLUMNS, ReportCells, cells_by_report
from .panel import AGENCIES_SCHEMA, agency_rows, choose, panel_rows, panel_schema

AGENCIES_FILE = "agencies.parquet"
PANEL_FILE = "panel.parquet"
_FACT_COLUMNS = sorted({*FACT_COLUMNS, "section"})
REPORT_COLUMNS = frozenset({"report_id", "source_path", "status", "agency", "year", "template", "published",
                            "fetched_at", "agency_id", "agency_name", "adcode", "province", "city", "county",
                            "level", "type", "function"})
"""The reports columns the post-pass reads (``panel``, ``crossyear``): one dict per report is
held while it runs, so leaving out the long ones (error, title, paths) keeps that small."""


@dataclass
class PanelStats:
    agencies: int = 0
    panel_rows: int = 0
    checks_added: int = 0


def write_panel_outputs(dest: Path) -> PanelStats:
    """Build agencies/panel from ``dest``'s reports and facts, append cross-year checks."""
    dest = Path(dest)
    names = pq.read_schema(dest / "reports.parquet").names
    reports = pq.read_table(dest / "reports.parquet", columns=[c for c in names if c in REPORT_COLUMNS]).to_pylist()
    chosen = choose(reports)
    wanted = {r["report_id"] for r, _ in chosen.values()}
    cells, sections = _cells(dest / "facts", wanted)
    panel = panel_rows(chosen, cells)
    agencies = agency_rows(reports, chosen)
    extra = cross_year_checks(chosen, {rid: c.values for rid, c in cells.items()}, sections)
    _write(pa.Table.from_pylist(agencies, schema=AGENCIES_SCHEMA), dest / AGENCIES_FILE)
    _write(pa.Table.from_pylist(panel, schema=panel_schema()), dest / PANEL_FILE)
    if extra:
        checks = pq.read_table(dest / "checks.parquet")
        extra.sort(key=lambda c: (c["report_id"], c["check"], c["scope"]))
        added = pa.Table.from_pylist(extra, schema=checks.schema)
        _write(pa.concat_tables([checks, added]), dest / "checks.parquet")
    return PanelStats(agencies=len(agencies), panel_rows=len(panel), checks_added=len(extra))


def write_empty(dest: Path) -> None:
    """Zero-row agencies/panel files, so readers find the columns even when the post-pass failed."""
    _write(AGENCIES_SCHEMA.empty_table(), Path(dest) / AGENCIES_FILE)
    _write(panel_schema().empty_table(), Path(dest) / PANEL_FILE)


def _cells(facts_dir: Path, wanted: set[str]) -> tuple[dict[str, ReportCells], dict[str, dict[tuple[str, str | None], str]]]:
    """Cells (values and their tables' templates) and each cell's section, for the chosen reports only."""
    if not wanted or not facts_dir.exists():
        return {}, {}
    data = ds.dataset(facts_dir, format="parquet", partitioning="hive")
    # Read ahead one batch of one file at a time: the default read-ahead (16 batches, 4
    # files) held a share of the whole facts partition that grew with the corpus, though
    # only the chosen reports' rows are kept.
    rows = data.to_table(columns=_FACT_COLUMNS, filter=ds.field("report_id").isin(sorted(wanted)),
                         batch_readahead=1, fragment_readahead=1).to_pylist()
    sections: dict[str, dict[tuple[str, str | None], str]] = {}
    for row in rows:
        if row["count"] is not None or row["amount"] is not None:
            sections.setdefault(row["report_id"], {})[(row["category"], row["applicant_type"])] = row["section"]
    return cells_by_report(rows), sections


def _write(table: pa.Table, path: Path) -> None:
    """Write beside, fsync, rename: the staging folder never holds a half file either."""
    tmp = path.with_name(f".{path.name}.part")
    pq.write_table(table, tmp)
    fsync_path(tmp)
    os.replace(tmp, path)
