"""The report's own arithmetic (勾稽关系), checked and recorded — never used to fix a number.

The identities are template data (``parsers/templates/<template>.toml``): the in-row sums of
each row (six applicant columns = 总计 → ``requests.row_total``; 维持+纠正+其他+尚未审结 =
总计 → ``appeals.total``) and the cross-row identities per applicant column
(``requests.balance``: 一+二 = （七）总计+四; ``requests.results_total``: （一）…（六） =
（七）总计).  A check runs wherever all of its cells are present.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from parsers.templates import APPLICANT_TYPES, Template, template

Cells = dict[tuple[str, str | None], float]


Key = tuple[str, str | None]


def run_checks(cells: Cells, template_name: str | None) -> list[dict[str, Any]]:
    if template_name is None:
        return []
    out: list[dict[str, Any]] = []
    for name, scope, left, right in _checks_of(template_name):
        _check(out, name, scope, cells, left, right)
    return sorted(out, key=lambda c: (c["check"], c["scope"]))


@lru_cache(maxsize=None)
def _checks_of(template_name: str) -> tuple[tuple[str, str, tuple[Key, ...], tuple[Key, ...]], ...]:
    """Every check of the template as (name, scope, left cells, right cells), in the order
    they are recorded: the identities per applicant column, then the in-row sums.  Built once
    per template (templates never change), not per document."""
    tpl = template(template_name)
    out: list[tuple[str, str, tuple[Key, ...], tuple[Key, ...]]] = []
    for ident in tpl.identities:
        for at in APPLICANT_TYPES:
            out.append((ident.check, at, tuple((c, at) for c in ident.left), tuple((c, at) for c in ident.right)))
    out.extend(_row_sums(tpl))
    return tuple(out)


def _row_sums(tpl: Template) -> list[tuple[str, str, tuple[Key, ...], tuple[Key, ...]]]:
    out: list[tuple[str, str, tuple[Key, ...], tuple[Key, ...]]] = []
    for spec in tpl.rows:
        name = tpl.row_sum_checks.get(spec.section)
        if not name:
            continue
        for parts, total in spec.sums:
            total_cell = spec.cells[total]
            scope = total_cell.code if total_cell.applicant_type else total_cell.code.split(".")[-2]
            out.append((name, scope, tuple((spec.cells[p].code, spec.cells[p].applicant_type) for p in parts),
                        ((total_cell.code, total_cell.applicant_type),)))
    return out


def _check(out: list[dict[str, Any]], name: str, scope: str, cells: Cells,
           left: tuple[Key, ...], right: tuple[Key, ...]) -> None:
    """Record sum(left) against sum(right) (the stated total) when every cell is present."""
    for k in left:
        if k not in cells:
            return
    for k in right:
        if k not in cells:
            return
    actual = sum(cells[k] for k in left)
    expected = sum(cells[k] for k in right)
    out.append({"check": name, "scope": scope, "expected": float(expected), "actual": float(actual),
                "passed": abs(expected - actual) < 1e-6})
