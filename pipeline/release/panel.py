"""The per-report panel: one row per report, its key figures (``pipeline/figures.toml``) as columns.

The figures are computed by :mod:`pipeline.figures`, the same code that fills ``panel.parquet``
(one row per agency and year), so a report's figures are the same numbers in both panels.
A figure is written only when every cell it needs is in the report; a report that left one
out (partial) gets an empty figure rather than a sum that would be wrong.
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

from ..figures import FACT_COLUMNS, ReportCells, arrow_fields, cells_by_report, figure_values

PANEL_STATUSES = ("ok", "partial")
"""Documents that are reports; not_a_report and failed documents have no figures."""
_CARRIED = ("agency_id", "adcode")
"""Report columns carried into the panel when the extract output has them."""
_IDENTITY = ("report_id", "agency", "year", "template", "status")


def build_panel(reports: pa.Table, facts: pa.Table) -> pa.Table:
    """report_id, agency, year, template, status, [agency_id, adcode], then one column per figure."""
    cells = cells_by_report(facts.select(list(FACT_COLUMNS)).to_pylist())
    columns = [*_IDENTITY, *(c for c in _CARRIED if c in reports.column_names)]
    rows: list[dict[str, Any]] = []
    for rep in reports.to_pylist():
        if rep["status"] not in PANEL_STATUSES:
            continue
        row = {k: rep.get(k) for k in columns}
        row.update(figure_values(cells.get(rep["report_id"], ReportCells())))
        rows.append(row)
    fields = [reports.schema.field(k) for k in columns] + arrow_fields()
    return pa.Table.from_pylist(rows, schema=pa.schema(fields))
