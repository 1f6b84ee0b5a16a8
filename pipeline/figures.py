"""The key figures of a report (``figures.toml``): one definition for both panels.

``panel.parquet`` (pipeline.agencies, written by extract) and ``report_panel`` (pipeline.release)
compute their figure columns here, and the release's data dictionary describes them from the
same file, so the two panels have the same column names, meanings and values.  It sits beside
the other format-blind stages, below both, so data still flows one way (extract → release).

A figure is the sum of the cells of its taxonomy codes that belong to the template of *that
section's table* in the report: the template comes from the facts themselves (``facts.template``),
so a report whose table 二 follows 2021 and 三/四 follow 2019 (``2021+2019``) is read table by
table.  When any needed cell is missing, or the section's facts disagree about their template,
the figure is null: a sum over missing or uncertain cells would be a wrong number.
"""
from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import pyarrow as pa

from parsers.templates import Category, taxonomy

Key = tuple[str, str | None]
"""(taxonomy code, applicant type or None)."""
Cells = dict[Key, float]
"""A report's cell values by key (the shape the cross-year and prose checks read)."""

_FILE = "figures.toml"
_STATA_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_STATA_LABEL_MAX = 80


class FiguresError(Exception):
    """figures.toml says something that cannot be computed (a programming error, caught by tests)."""


@dataclass(frozen=True)
class Figure:
    """One panel column: the sum of a report's cells of some taxonomy codes."""

    name: str
    codes: tuple[str, ...]
    label: str
    description: str
    section: str
    is_amount: bool

    def categories(self, template: str | None) -> tuple[Category, ...]:
        """The categories this figure adds up in a table of ``template`` (taxonomy.csv order)."""
        return _categories(self, template)

    @property
    def arrow_type(self) -> pa.DataType:
        return pa.float64() if self.is_amount else pa.int64()


@cache
def _categories(fig: Figure, template: str | None) -> tuple[Category, ...]:
    return tuple(c for c in taxonomy().values()
                 if template in c.templates and any(fnmatch.fnmatchcase(c.code, p) for p in fig.codes))


@cache
def _raw() -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath(_FILE).read_text(encoding="utf-8"))


@cache
def figures() -> tuple[Figure, ...]:
    """The figures in file order (= column order); each checked against taxonomy.csv."""
    return tuple(_figure(name, spec) for name, spec in _raw()["figures"].items())


def _figure(name: str, spec: dict[str, Any]) -> Figure:
    where = f"{_FILE} [figures.{name}]"
    if not _STATA_NAME.fullmatch(name):
        raise FiguresError(f"{where}: the name must be a Stata variable name (a-z, 0-9, _, at most 32)")
    if len(spec["label"]) > _STATA_LABEL_MAX:
        raise FiguresError(f"{where}: the label is longer than {_STATA_LABEL_MAX} characters")
    codes = tuple(spec["codes"])
    matched = [c for c in taxonomy().values() if any(fnmatch.fnmatchcase(c.code, p) for p in codes)]
    if not matched:
        raise FiguresError(f"{where}: no taxonomy.csv code matches {list(codes)}")
    sections = {c.section for c in matched}
    if len(sections) != 1:
        raise FiguresError(f"{where}: the codes span sections {sorted(sections)}; a figure reads one table")
    amounts = {c.code.endswith(".amount") for c in matched}
    if len(amounts) != 1:
        raise FiguresError(f"{where}: adds amounts and counts together")
    return Figure(name=name, codes=codes, label=spec["label"], description=spec["description"],
                  section=sections.pop(), is_amount=amounts.pop())


@cache
def stock_categories() -> frozenset[str]:
    """Categories whose value carries over year to year (not evidence of a copied table)."""
    return frozenset(_raw()["copy_check"]["stocks"])


@dataclass
class ReportCells:
    """One report's cell values and, per section, the templates its facts say they follow."""

    values: Cells = field(default_factory=dict)
    templates: dict[str, set[str | None]] = field(default_factory=dict)

    def add(self, category: str, applicant_type: str | None, value: float | int | None,
            template: str | None) -> None:
        """Record one fact; facts without a value (unreadable, not printed) are not cells."""
        cat = taxonomy().get(category)
        if cat is None or value is None:
            return
        self.values[(category, applicant_type)] = value
        self.templates.setdefault(cat.section, set()).add(template)


def figure_values(cells: ReportCells) -> dict[str, float | int | None]:
    """Every figure of one report: the sum of its cells, or None when one is missing or uncertain."""
    return {fig.name: _value(fig, cells) for fig in figures()}


def _value(fig: Figure, cells: ReportCells) -> float | int | None:
    templates = cells.templates.get(fig.section, set())
    if len(templates) != 1:
        return None  # no facts in this table, or facts that disagree on its template
    needed = fig.categories(next(iter(templates)))
    if not needed:
        return None  # the figure has no cell in this table's template
    total: float | int = 0
    for cat in needed:
        key = (cat.code, "total" if cat.by_applicant else None)
        if key not in cells.values:
            return None
        total += cells.values[key]
    return float(total) if fig.is_amount else int(total)


def cells_by_report(rows: Iterable[Mapping[str, Any]]) -> dict[str, ReportCells]:
    """Fact rows (report_id, category, applicant_type, count, amount, template) → cells per report."""
    out: dict[str, ReportCells] = {}
    for r in rows:
        value = r["count"] if r["count"] is not None else r["amount"]
        out.setdefault(r["report_id"], ReportCells()).add(r["category"], r["applicant_type"], value,
                                                           r["template"])
    return out


FACT_COLUMNS = ("report_id", "category", "applicant_type", "count", "amount", "template")
"""The facts columns the figures read."""


def arrow_fields() -> list[pa.Field]:
    """One nullable column per figure, in file order."""
    return [pa.field(f.name, f.arrow_type) for f in figures()]
