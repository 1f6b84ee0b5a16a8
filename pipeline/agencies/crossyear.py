"""Checks between an agency's reports of consecutive years (rows in ``checks``; never corrections).

- ``requests.carried_over_vs_last_year``: 上年结转 of year t (per applicant column) against
  结转下年度继续办理 of year t−1; expected = t−1's carried-forward, actual = t's carried-over.
- ``tables.copied_from_last_year``: a table (二, 三 or 四) whose every cell equals last
  year's, with a non-zero flow (zeros repeating say nothing); expected = cells compared, actual =
  cells equal, passed = false when the table was copied unchanged.  Stocks (现行有效件数,
  上一年项目数量: ``[copy_check]`` in ``pipeline/figures.toml``) may repeat, so they alone never make a table "copied".

The scope names the applicant column or table and the other year's report.
"""
from __future__ import annotations

from typing import Any

from parsers.templates import APPLICANT_TYPES

from ..figures import Cells, stock_categories

SECTIONS = ("active", "requests", "appeals")


def cross_year_checks(chosen: dict[tuple[str, int], tuple[dict[str, Any], list[str]]],
                      cells: dict[str, Cells], sections: dict[str, dict[tuple[str, str | None], str]]) -> list[dict[str, Any]]:
    """Check rows for every agency with reports in years t−1 and t."""
    out: list[dict[str, Any]] = []
    for (aid, year), (report, _) in sorted(chosen.items()):
        prev = chosen.get((aid, year - 1))
        if prev is None:
            continue
        now_id, prev_id = report["report_id"], prev[0]["report_id"]
        out.extend(pair_checks(year, now_id, prev_id, cells.get(now_id, {}), cells.get(prev_id, {}),
                               sections.get(now_id, {}), sections.get(prev_id, {})))
    return out


def pair_checks(year: int, now_id: str, prev_id: str, now: Cells, before: Cells,
                now_sections: dict[tuple[str, str | None], str],
                prev_sections: dict[tuple[str, str | None], str]) -> list[dict[str, Any]]:
    """The checks between one agency's report of ``year`` and its report of the year before."""
    out: list[dict[str, Any]] = []
    for at in APPLICANT_TYPES:
        a, b = now.get(("requests.carried_over", at)), before.get(("requests.carried_forward", at))
        if a is None or b is None:
            continue
        out.append({"report_id": now_id, "check": "requests.carried_over_vs_last_year",
                    "scope": f"{at}; {year - 1}: {prev_id}", "expected": float(b), "actual": float(a),
                    "passed": abs(a - b) < 1e-6})
    for section in SECTIONS:
        mine = {k: v for k, v in now.items() if now_sections.get(k) == section}
        theirs = {k: v for k, v in before.items() if prev_sections.get(k) == section}
        if not mine or set(mine) != set(theirs):
            continue  # a different template or missing rows: nothing comparable
        equal = sum(1 for k in mine if abs(mine[k] - theirs[k]) < 1e-9)
        flows = [v for k, v in mine.items() if k[0] not in stock_categories()]
        copied = equal == len(mine) and any(v != 0 for v in flows)
        out.append({"report_id": now_id, "check": "tables.copied_from_last_year",
                    "scope": f"{section}; {year - 1}: {prev_id}", "expected": float(len(mine)),
                    "actual": float(equal), "passed": not copied})
    return out
