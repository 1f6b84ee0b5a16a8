"""The official table layouts as data: taxonomy codes, templates and label vocabulary.

Adding a template (pre-2019) or a label variant is an edit to the TOML/CSV files beside this
module, not new code.
"""
from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

APPLICANT_TYPES = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")


@dataclass(frozen=True, slots=True)
class Category:
    """One row of taxonomy.csv."""

    code: str
    section: str
    templates: tuple[str, ...]
    label_zh: str
    label_en: str
    unit: str
    by_applicant: bool


@dataclass(frozen=True, slots=True)
class CellSpec:
    code: str
    applicant_type: str | None


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A table row: value cells in column order and which of them must add up."""

    id: str
    section: str
    cells: tuple[CellSpec, ...]
    # (parts, total) index groups: the report's own arithmetic, used to place values when
    # blanks were dropped (never to change a printed number).
    sums: tuple[tuple[tuple[int, ...], int], ...]


@dataclass(frozen=True, slots=True)
class Identity:
    """sum(left) == sum(right) for each applicant column (the 勾稽关系 across rows)."""

    check: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    markers: tuple[str, ...]
    rows: tuple[RowSpec, ...]
    identities: tuple[Identity, ...]
    row_sum_checks: dict[str, str]  # section → check name for the in-row sums

    def row(self, row_id: str) -> RowSpec | None:
        return next((r for r in self.rows if r.id == row_id), None)


def _read(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, Category]:
    rows = csv.DictReader(_read("taxonomy.csv").splitlines())
    return {
        r["code"]: Category(r["code"], r["section"], tuple(r["templates"].split("|")), r["label_zh"],
                            r["label_en"], r["unit"], r["by_applicant"] == "yes")
        for r in rows
    }


def _row_spec(row_id: str, codes: list[str]) -> RowSpec:
    tax = taxonomy()
    cells: list[CellSpec] = []
    for code in codes:
        if tax[code].by_applicant:
            cells.extend(CellSpec(code, at) for at in APPLICANT_TYPES)
        else:
            cells.append(CellSpec(code, None))
    sums: list[tuple[tuple[int, ...], int]] = []
    if len(codes) == 1 and tax[codes[0]].by_applicant:
        sums.append((tuple(range(6)), 6))
    # Codes sharing a prefix with a ".total" code add up to it (table 四's three groups).
    for i, code in enumerate(codes):
        if code.endswith(".total") and not tax[code].by_applicant:
            prefix = code[: -len("total")]
            parts = tuple(j for j, c in enumerate(codes) if j != i and c.startswith(prefix))
            if parts:
                sums.append((parts, i))
    return RowSpec(row_id, tax[codes[0]].section, tuple(cells), tuple(sums))


MIXED = "+"  # "2021+2019": table 二 follows the first template, 三 and 四 the second


def mixed_name(active: str, requests: str) -> str:
    """The name of a report whose tables follow different templates (one name if they agree)."""
    return active if active == requests else f"{active}{MIXED}{requests}"


def section_template(name: str, section: str) -> str:
    """Which template a table (``active``, ``requests``, ``appeals``) of report template ``name`` follows."""
    parts = name.split(MIXED)
    return parts[0] if section == "active" else parts[-1]


@lru_cache(maxsize=None)
def template(name: str) -> Template:
    if MIXED in name:
        return _mixed(name)
    data = tomllib.loads(_read(f"{name}.toml"))
    rows = tuple(_row_spec(r["id"], r["cells"]) for r in data["rows"])
    identities = tuple(Identity(i["check"], tuple(i["left"]), tuple(i["right"])) for i in data.get("identity", []))
    return Template(data["template"], tuple(data["markers"]), rows, identities, dict(data.get("row_sum_checks", {})))


def _mixed(name: str) -> Template:
    """Table 二 from one template, 三 and 四 (and the identities, which are 三's) from another."""
    active, requests = (template(part) for part in name.split(MIXED))
    rows = tuple(r for r in active.rows if r.section == "active") + \
        tuple(r for r in requests.rows if r.section != "active")
    return Template(name, active.markers + requests.markers, rows, requests.identities,
                    dict(requests.row_sum_checks))


TEMPLATE_NAMES = ("2021", "2019")


@lru_cache(maxsize=1)
def labels() -> dict:
    return tomllib.loads(_read("labels.toml"))
