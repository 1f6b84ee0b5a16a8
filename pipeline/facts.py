"""Aligned table cells → fact rows of SCHEMA.md (one row per cell present in the document)."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from parsers.alignment import Alignment
from parsers.numbers import readable_number
from parsers.templates import section_template, taxonomy

from .value_kinds import MIXED, value_kind

_AMOUNT_UNITS = {"万元", "元"}


_EXACT = 2 ** 53  # beyond this a count read through a float may not be the printed number


def _is_money(code: str) -> bool:
    return code in _money_codes()


@lru_cache(maxsize=1)
def _money_codes() -> frozenset[str]:
    """Categories holding amounts (asked three times per cell: once per taxonomy, not per call)."""
    return frozenset(code for code, cat in taxonomy().items() if cat.unit in _AMOUNT_UNITS or cat.unit == "as printed")


def unusable(code: str, applicant_type: str | None, cell: Any) -> str | None:
    """Why a placed cell cannot be stored as printed (then it is left out), or None.

    A cell printed like a number but unreadable ("1x"), a count that is not a whole number
    ("2.5") or too long to be held exactly (20 digits) is never rounded, cut or guessed.
    """
    value = cell.value
    if value != value:  # NaN: printed like a number, not readable as one
        if cell.raw is not None and readable_number(cell.raw):  # a number printed among a line's words (parsers/label_segments.py _cell_text)
            return (f"cell {_where(code, applicant_type)} ({cell.raw!r}) is printed among words on its line, not as "
                    f"a cell of its own, so which cell it is is not certain; it was left out")
        return f"cell {_where(code, applicant_type)} ({_shown(cell)}) is not readable as a number and was left out"
    if _is_money(code):
        return None
    if value != int(value):
        return (f"cell {_where(code, applicant_type)} ({_shown(cell)}) is not a whole number but counts "
                f"requests; it was left out")
    if abs(value) >= _EXACT:
        return f"cell {_where(code, applicant_type)} ({_shown(cell)}) is too large to be a count; it was left out"
    return None


def _shown(cell: Any) -> str:
    """The cell as a sentence names it: its printed text, quoted; a ``mixed`` cell has none (the
    readings left open print it differently), so its value and that."""
    if cell.raw is None:
        return f"{cell.value:g}, printed differently in the readings left open"
    return repr(cell.raw)


def _where(code: str, applicant_type: str | None) -> str:
    return f"{code}/{applicant_type}" if applicant_type else code


def _plainly_usable(value: float, money: bool) -> bool:
    """What :func:`unusable` calls usable, asked as it asks it (the same tests, in its order),
    without building its sentence or looking the code up again: nearly every cell."""
    return value == value and (money or (value == int(value) and abs(value) < _EXACT))


def cell_problems(alignment: Alignment) -> list[str]:
    """The sentences for every placed cell that was left out by :func:`unusable`."""
    money = _money_codes()
    return [why for row in alignment.rows for spec, cell in zip(row.spec.cells, row.cells)
            if cell is not None and not _plainly_usable(cell.value, spec.code in money)
            and (why := unusable(spec.code, spec.applicant_type, cell))]


def build_facts(alignment: Alignment) -> list[dict[str, Any]]:
    tax = taxonomy()
    money = _money_codes()
    tables: dict[str, str] = {}  # section → the template its table follows (the same for all its cells)
    out: list[dict[str, Any]] = []
    for row in alignment.rows:
        raw_label = row.raw_label
        for spec, cell in zip(row.spec.cells, row.cells):
            if cell is None:
                continue  # could not be placed: reported, never guessed
            code = spec.code
            is_money = code in money
            value = cell.value
            if not _plainly_usable(value, is_money) and unusable(code, spec.applicant_type, cell):
                continue  # named by cell_problems
            cat = tax[code]
            section = cat.section
            table = tables.get(section)
            if table is None:
                table = tables[section] = section_template(alignment.template, section)  # the table's own
            unit = cat.unit
            if unit == "as printed":
                unit = _printed_unit(cell.raw) or alignment.header_units.get(code)
            confidence = cell.confidence
            out.append({
                "template": table,
                "section": section,
                "category": code,
                "applicant_type": spec.applicant_type,
                "count": None if is_money else int(value),
                "amount": float(value) if is_money else None,
                "unit": unit,
                "label_zh": cat.label_zh,
                "raw_label": raw_label,
                "raw_value": None if cell.mixed else cell.raw,  # no one printed text: SCHEMA.md
                "value_kind": MIXED if cell.mixed else value_kind(cell.raw),
                "page": cell.page,
                "placement": cell.placement,
                "confidence": None if confidence is None else round(confidence, 4),
            })
    return out


def _printed_unit(raw: str | None) -> str | None:
    """The unit printed in the cell's own text (None: no text, or no unit in it)."""
    if raw is None:
        return None
    for unit in ("万元", "元"):
        if raw.strip().endswith(unit):
            return unit
    return None


def cell_map(alignment: Alignment) -> dict[tuple[str, str | None], float]:
    """(category, applicant_type) → value, for the checks."""
    money = _money_codes()
    out: dict[tuple[str, str | None], float] = {}
    for row in alignment.rows:
        for spec, cell in zip(row.spec.cells, row.cells):
            if cell is None:
                continue
            if _plainly_usable(cell.value, spec.code in money) or not unusable(spec.code, spec.applicant_type, cell):
                out[(spec.code, spec.applicant_type)] = cell.value
    return out
