"""Validate a built package with frictionless: the Table Schemas (types, enums, minimums,
patterns, primary and foreign keys), bytes and hashes, plus the data rules a schema cannot say
(non-negative counts except the change cells) as frictionless row constraints."""
from __future__ import annotations

import fnmatch
from pathlib import Path

from frictionless import Checklist, Package, checks

from . import dictionary

_SHOWN = 10


def problems(root: Path) -> list[str]:
    """Sentences for every error frictionless finds (at most a few per resource); [] when valid."""
    package = Package(str(root / "datapackage.json"))
    out = _report(package.validate())
    for res in package.resources:
        rule = _nonnegative_formula(res.name)
        if rule and res.type == "table":
            out += _report(res.validate(checklist=Checklist(checks=[checks.row_constraint(formula=rule)])), res.name)
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
