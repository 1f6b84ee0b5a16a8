"""The data dictionary: table and column descriptions from ``dictionary.toml``, the category
code list from ``taxonomy.csv`` and the panels' key figures from ``pipeline/figures.toml`` (the
same file ``pipeline.figures`` computes them from, so a figure column is always described).

It is the one source of what a column means: datapackage.json's Table Schemas and the
release README are both generated from it, so the two can never say different things.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from parsers.templates import TEMPLATE_NAMES, Category, mixed_name, taxonomy as _taxonomy

from ..figures import Figure, figures

_HERE = resources.files(__package__)


class DictionaryError(Exception):
    """The extract output has something the dictionary does not describe."""


@dataclass(frozen=True)
class TableInfo:
    """What ``dictionary.toml`` says about one table."""

    name: str
    title: str
    description: str
    grain: str
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict[str, Any], ...]
    sort: tuple[str, ...]
    nonnegative: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)

    def column(self, name: str) -> dict[str, Any]:
        """The description of a column, or an error naming it and the file to edit."""
        try:
            return self.columns[name]
        except KeyError:
            raise DictionaryError(
                f"column {self.name}.{name} has no description in pipeline/release/dictionary.toml "
                f"(or pipeline/figures.toml for a key figure); add one under [tables.{self.name}.columns] "
                f"so the release can document it") from None


@cache
def taxonomy() -> tuple[Category, ...]:
    """The category codes, in taxonomy.csv order (read once, by ``parsers.templates``)."""
    return tuple(_taxonomy().values())


def key_figures() -> tuple[Figure, ...]:
    """The panel figures, from ``pipeline/figures.toml`` (the one definition both panels compute)."""
    return figures()


@cache
def _raw() -> dict[str, Any]:
    return tomllib.loads((_HERE / "dictionary.toml").read_text(encoding="utf-8"))


def package_info() -> dict[str, Any]:
    """The [package] table: name, title, licence, contributors …"""
    return dict(_raw()["package"])


def tables() -> dict[str, TableInfo]:
    """Every table the dictionary knows, in file order."""
    out: dict[str, TableInfo] = {}
    for name, t in _raw()["tables"].items():
        columns = {k: _resolve(dict(v)) for k, v in t.get("columns", {}).items()}
        if name in ("report_panel", "panel"):
            for kf in key_figures():
                columns.setdefault(kf.name, {"description": kf.description, "title": kf.label, "minimum": 0})
        out[name] = TableInfo(name=name, title=t["title"], description=t["description"],
                              grain=t["grain"], primary_key=tuple(t.get("primary_key", ())),
                              foreign_keys=tuple(t.get("foreign_keys", ())), sort=tuple(t.get("sort", ())),
                              nonnegative=dict(t.get("nonnegative", {})), columns=columns)
    return out


def table(name: str) -> TableInfo:
    try:
        return tables()[name]
    except KeyError:
        raise DictionaryError(f"table {name!r} has no entry in pipeline/release/dictionary.toml") from None


def report_templates() -> list[str]:
    """Every value ``reports.template`` can take: each template, then each mix of two."""
    names = list(TEMPLATE_NAMES)
    return names + [mixed_name(a, b) for a in names for b in names if a != b]


def _resolve(col: dict[str, Any]) -> dict[str, Any]:
    """Expand ``enum = "taxonomy.<column>"`` into the list of values taxonomy.csv has, and
    ``enum = "templates.table"`` / ``"templates.report"`` into the template names (one table's,
    a report's: mixes included)."""
    enum = col.get("enum")
    if enum == "templates.table":
        col["enum"] = list(TEMPLATE_NAMES)
    elif enum == "templates.report":
        col["enum"] = report_templates()
    elif isinstance(enum, str):
        attr = enum.removeprefix("taxonomy.")
        col["enum"] = list(dict.fromkeys(getattr(c, attr) for c in taxonomy()))
    if "description" not in col:
        raise DictionaryError(f"a column in pipeline/release/dictionary.toml has no description: {col}")
    return col
