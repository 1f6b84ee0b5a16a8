"""The per-report panel: one row per report, its key figures (``key_figures.toml``) as columns.

A key figure is a cell or the sum of several cells (e.g. the eight 不予公开 rows).  It is
written only when every cell it needs is in the report; a report that left one out (partial)
gets an empty figure rather than a sum that would be wrong.
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

from . import dictionary

PANEL_STATUSES = ("ok", "partial")
"""Documents that are reports; not_a_report and failed documents have no figures."""
_CARRIED = ("agency_id", "adcode")
"""Report columns carried into the panel when the extract output has them."""


def build_panel(reports: pa.Table, facts: pa.Table) -> pa.Table:
    """report_id, agency, year, template, status, [agency_id, adcode], then one column per figure."""
    taxonomy = dictionary.taxonomy()
    figures = dictionary.key_figures()
    cells = _cells(facts)
    carried = [c for c in _CARRIED if c in reports.column_names]
    needed = {t: {kf.name: kf.codes_for(t, taxonomy) for kf in figures}
              for t in set(reports.column("template").to_pylist())}
    rows: list[dict[str, Any]] = []
    for rep in reports.to_pylist():
        if rep["status"] not in PANEL_STATUSES:
            continue
        got = cells.get(rep["report_id"], {})
        row = {k: rep.get(k) for k in ("report_id", "agency", "year", "template", "status", *carried)}
        for kf in figures:
            row[kf.name] = _figure(needed[rep["template"]][kf.name], got)
        rows.append(row)
    fields = [reports.schema.field(k) for k in ("report_id", "agency", "year", "template", "status", *carried)]
    fields += [pa.field(kf.name, pa.float64() if kf.is_amount else pa.int64()) for kf in figures]
    return pa.Table.from_pylist(rows, schema=pa.schema(fields))


def _cells(facts: pa.Table) -> dict[str, dict[tuple[str, str | None], float | int]]:
    out: dict[str, dict[tuple[str, str | None], float | int]] = {}
    cols = facts.select(["report_id", "category", "applicant_type", "count", "amount"]).to_pydict()
    for rid, cat, who, count, amount in zip(*cols.values()):
        value = count if count is not None else amount
        if value is not None:
            out.setdefault(rid, {})[(cat, who)] = value
    return out


def _figure(needed: list[dictionary.Category], got: dict[tuple[str, str | None], float | int]) -> float | int | None:
    """The sum of the figure's cells (those of the report's template), or None when one is missing."""
    if not needed:
        return None
    total: float | int = 0
    for cat in needed:
        key = (cat.code, "total" if cat.by_applicant else None)
        if key not in got:
            return None
        total += got[key]
    return total
