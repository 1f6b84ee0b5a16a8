"""Validate a built package with frictionless: the Table Schemas (types, enums, minimums,
patterns, primary and foreign keys), bytes and hashes, plus the data rules a schema cannot say
(non-negative counts except the change cells) as a frictionless row check."""
from __future__ import annotations

import fnmatch
from pathlib import Path

import attrs
from frictionless import Check, Checklist, FrictionlessException, Package, errors

from . import dictionary

_SHOWN = 10


def problems(root: Path) -> list[str]:
    """Sentences for every error frictionless finds (at most a few per resource); [] when valid."""
    try:  # what Package.validate does first: the descriptor against the v2 profile
        package = Package(str(root / "datapackage.json"))
        package.to_descriptor(validate=True)
    except FrictionlessException as exc:
        return [e.message for e in exc.to_errors()]
    out: list[str] = []
    for res in package.resources:  # then each resource once, with its own data rules
        checklist = Checklist(checks=data_rules(res.name) if res.type == "table" else [])
        out += _report(res.validate(checklist=checklist), res.name)
    return out


def _report(report, name: str | None = None) -> list[str]:
    out: list[str] = []
    for task in report.tasks:
        for err in task.errors[:_SHOWN]:
            out.append(f"{name or task.name}: {err.message}")
        if len(task.errors) > _SHOWN:
            out.append(f"{name or task.name}: … and {len(task.errors) - _SHOWN} more errors")
    for err in report.errors[:_SHOWN]:
        out.append(err.message)
    return out


@attrs.define(kw_only=True, repr=False)
class nonnegative_except(Check):
    """frictionless row check: ``columns`` are >= 0 unless the row's category is exempt.

    The same rule as ``checks.row_constraint`` with a formula, without re-parsing a formula
    on every row (several times faster on a million facts).
    """

    type = "nonnegative-except"
    Errors = [errors.RowConstraintError]

    columns: list[str]
    exempt: list[str]

    def validate_row(self, row):
        if row.get("category") in self._exempt:
            return
        for c in self.columns:
            v = row.get(c)
            if v is not None and v < 0:
                yield errors.RowConstraintError.from_row(
                    row, note=f'the row constraint to conform is "{c} >= 0 unless category is a change cell" '
                              f'({c} = {v}, category = {row.get("category")})')

    @property
    def _exempt(self) -> frozenset[str]:
        return frozenset(self.exempt)

    metadata_profile_patch = {"required": ["columns", "exempt"],
                              "properties": {"columns": {"type": "array"}, "exempt": {"type": "array"}}}


def data_rules(resource_name: str) -> list[Check]:
    """The row checks of a table resource beyond its Table Schema (dictionary.toml ``nonnegative``)."""
    try:
        rule = dictionary.table(resource_name).nonnegative
    except dictionary.DictionaryError:
        return []
    if not rule:
        return []
    exempt = [c.code for c in dictionary.taxonomy()
              if any(fnmatch.fnmatchcase(c.code, p) for p in rule.get("except_categories", []))]
    return [nonnegative_except(columns=list(rule["columns"]), exempt=exempt)]
