"""One row per agency and year, and one row per agency.

Several reports for one agency-year (re-posts, corrected versions) resolve to the newest:
the sidecar's publication date, else its fetch time, else the last source path — an order
that is the same on every run; the others are listed in ``other_report_ids``.
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

from ..figures import ReportCells, arrow_fields, figure_values

USABLE = ("ok", "partial")


def order_key(r: dict[str, Any]) -> tuple:
    """Older first: publication date, fetch time, source path, report id."""
    return (str(r.get("published") or ""), str(r.get("fetched_at") or r.get("fetched") or ""),
            r["source_path"], r["report_id"])


def choose(reports: list[dict[str, Any]]) -> dict[tuple[str, int], tuple[dict[str, Any], list[str]]]:
    """(agency_id, year) → (the newest report, the other report ids)."""
    groups: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in reports:
        if usable(r):
            groups.setdefault((r["agency_id"], int(r["year"])), []).append(r)
    return {key: choose_one(rs) for key, rs in groups.items()}


def choose_one(rs: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """The newest of one agency-year's reports, and the other report ids (sorted)."""
    rs = sorted(rs, key=order_key)
    return rs[-1], sorted(x["report_id"] for x in rs[:-1])


def usable(r: dict[str, Any]) -> bool:
    """Whether a report may stand for its agency-year (``choose``)."""
    return bool(r.get("agency_id")) and r.get("year") is not None and r.get("status") in USABLE


def panel_schema() -> pa.Schema:
    fields = [("agency_id", pa.string()), ("agency", pa.string()), ("adcode", pa.string()),
              ("level", pa.string()), ("type", pa.string()), ("year", pa.int16()),
              ("report_id", pa.string()), ("other_report_ids", pa.list_(pa.string())),
              ("template", pa.string()), ("status", pa.string())]
    return pa.schema([pa.field(n, t) for n, t in fields] + arrow_fields())


AGENCIES_SCHEMA = pa.schema([
    ("agency_id", pa.string()), ("name", pa.string()), ("names_printed", pa.list_(pa.string())),
    ("adcode", pa.string()), ("province", pa.string()), ("city", pa.string()), ("county", pa.string()),
    ("level", pa.string()), ("type", pa.string()), ("function", pa.string()),
    ("years", pa.list_(pa.int16())), ("n_reports", pa.int32()),
])


def panel_rows(chosen: dict[tuple[str, int], tuple[dict[str, Any], list[str]]],
               cells: dict[str, ReportCells]) -> list[dict[str, Any]]:
    return [panel_row(aid, year, r, others, cells.get(r["report_id"], ReportCells()))
            for (aid, year), (r, others) in sorted(chosen.items())]


def panel_row(aid: str, year: int, r: dict[str, Any], others: list[str], cells: ReportCells) -> dict[str, Any]:
    """The panel row of one agency-year: its chosen report ``r`` and that report's cells."""
    return {"agency_id": aid, "agency": r.get("agency_name"), "adcode": r.get("adcode"),
            "level": r.get("level"), "type": r.get("type"), "year": year,
            "report_id": r["report_id"], "other_report_ids": others, "template": r.get("template"),
            "status": r.get("status"), **figure_values(cells)}


def counts_for_agency(r: dict[str, Any]) -> bool:
    """Whether a report is one of its agency's (``agency_rows``): a page that is no report names no reporter."""
    return bool(r.get("agency_id")) and r.get("status") != "not_a_report"


def agency_rows(reports: list[dict[str, Any]],
                chosen: dict[tuple[str, int], tuple[dict[str, Any], list[str]]]) -> list[dict[str, Any]]:
    """One row per agency_id of a report; descriptive columns from its newest chosen report."""
    by_agency: dict[str, list[dict[str, Any]]] = {}
    for r in reports:
        if counts_for_agency(r):
            by_agency.setdefault(r["agency_id"], []).append(r)
    rows = []
    for aid in sorted(by_agency):
        years = sorted({y for (a, y) in chosen if a == aid})
        rows.append(agency_row(aid, by_agency[aid], [(y, chosen[(aid, y)][0]) for y in years]))
    return rows


def agency_row(aid: str, rs: list[dict[str, Any]], picked: list[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
    """One agency's row: ``rs`` its reports, ``picked`` (year, chosen report) in year order."""
    latest = picked[-1][1] if picked else sorted(rs, key=lambda r: (r.get("year") or 0, *order_key(r)))[-1]
    return {"agency_id": aid, "name": latest.get("agency_name"),
            "names_printed": sorted({r["agency"] for r in rs if r.get("agency")}),
            **{k: latest.get(k) for k in ("adcode", "province", "city", "county", "level", "type", "function")},
            "years": [y for y, _ in picked], "n_reports": len(rs)}
