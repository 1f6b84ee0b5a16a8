"""The report's own arithmetic (勾稽关系), checked and recorded — never used to fix a number.

Every identity of SCHEMA.md is run wherever all of its cells are present:
requests.balance (一+二 = （七）总计+四, per applicant column), requests.row_total (six
applicant columns = 总计, per row), requests.results_total (（一）…（六） = （七）总计, per
column) and appeals.total (维持+纠正+其他+尚未审结 = 总计, per group).
"""
from __future__ import annotations

from typing import Any

from parsers.templates import APPLICANT_TYPES, template

Cells = dict[tuple[str, str | None], float]

_APPEAL_GROUPS = ("review", "litigation_direct", "litigation_after_review")
_APPEAL_PARTS = ("upheld", "corrected", "other", "pending")


def run_checks(cells: Cells, template_name: str | None) -> list[dict[str, Any]]:
    if template_name is None:
        return []
    tpl = template(template_name)
    request_rows = [c.code for r in tpl.rows for c in r.cells[:1] if r.section == "requests"]
    out: list[dict[str, Any]] = []
    for at in APPLICANT_TYPES:
        _check(out, "requests.balance", at, cells,
               [("requests.new", at), ("requests.carried_over", at)],
               [("requests.total", at), ("requests.carried_forward", at)])
    for code in request_rows:
        _check(out, "requests.row_total", code, cells,
               [(code, at) for at in APPLICANT_TYPES[:-1]], [(code, "total")])
    results = [c for c in request_rows if c not in ("requests.new", "requests.carried_over",
                                                     "requests.total", "requests.carried_forward")]
    for at in APPLICANT_TYPES:
        _check(out, "requests.results_total", at, cells,
               [(c, at) for c in results], [("requests.total", at)], expected_side=1)
    for g in _APPEAL_GROUPS:
        _check(out, "appeals.total", g, cells,
               [(f"appeals.{g}.{p}", None) for p in _APPEAL_PARTS], [(f"appeals.{g}.total", None)],
               expected_side=1)
    return out


def _check(out: list[dict[str, Any]], name: str, scope: str, cells: Cells,
           left: list[tuple[str, str | None]], right: list[tuple[str, str | None]],
           expected_side: int = 0) -> None:
    """Record left == right when every cell on both sides is present.

    ``expected`` is the side the report states as the total (for row totals: the 总计 cell).
    """
    if not all(k in cells for k in left + right):
        return
    lsum = sum(cells[k] for k in left)
    rsum = sum(cells[k] for k in right)
    if name == "requests.row_total":
        expected_side = 1
    expected, actual = (rsum, lsum) if expected_side == 1 else (lsum, rsum)
    out.append({"check": name, "scope": scope, "expected": float(expected), "actual": float(actual),
                "passed": abs(expected - actual) < 1e-6})
