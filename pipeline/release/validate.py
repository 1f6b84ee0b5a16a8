"""Validate a built package with frictionless: the Table Schemas (types, enums, minimums,
patterns, primary and foreign keys), bytes and hashes, plus the data rules a schema cannot say
(non-negative counts except the change cells) as frictionless row constraints."""
from __future__ import annotations

import fnmatch
from pathlib import Path

from frictionless import Checklist, FrictionlessException, Package, checks

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
        rule = _nonnegative_formula(res.name) if res.type == "table" else None
        checklist = Checklist(checks=[checks.row_constraint(formula=rule)]) if rule else Checklist()
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


def _nonnegative_formula(resource_name: str) -> str | None:
    """``count == None or count >= 0 or category in (<change codes>)`` for facts resources."""
    table = resource_name.removesuffix("_parquet")
    try:
        rule = dictionary.table(table).nonnegative
    except dictionary.DictionaryError:
        return None
    if not rule:
        return None
    exempt = tuple(c.code for c in dictionary.taxonomy()
                   if any(fnmatch.fnmatchcase(c.code, p) for p in rule.get("except_categories", [])))
    terms = [f"({c} == None or {c} >= 0 or category in {exempt!r})" for c in rule["columns"]]
    return " and ".join(terms)
