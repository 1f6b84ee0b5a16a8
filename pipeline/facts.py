"""Aligned table cells → fact rows of SCHEMA.md (one row per cell present in the document)."""
from __future__ import annotations

from typing import Any

from parsers.alignment import Alignment
from parsers.templates import taxonomy

_AMOUNT_UNITS = {"万元", "元"}


def build_facts(alignment: Alignment) -> list[dict[str, Any]]:
    tax = taxonomy()
    out: list[dict[str, Any]] = []
    for row in alignment.rows:
        for spec, cell in zip(row.spec.cells, row.cells):
            if cell is None:
                continue  # could not be placed: reported, never guessed
            cat = tax[spec.code]
            is_money = cat.unit in _AMOUNT_UNITS or cat.unit == "as printed"
            unit = cat.unit
            if cat.unit == "as printed":
                unit = _printed_unit(cell.raw) or alignment.header_units.get(spec.code)
            out.append({
                "section": cat.section,
                "category": spec.code,
                "applicant_type": spec.applicant_type,
                "count": None if is_money else int(round(cell.value)),
                "amount": float(cell.value) if is_money else None,
                "unit": unit,
                "label_zh": cat.label_zh,
                "raw_label": row.raw_label,
                "raw_value": cell.raw,
                "page": cell.page,
                "placement": cell.placement,
                "confidence": None if cell.confidence is None else round(cell.confidence, 4),
            })
    return out


def _printed_unit(raw: str) -> str | None:
    for unit in ("万元", "元"):
        if raw.strip().endswith(unit):
            return unit
    return None


def cell_map(alignment: Alignment) -> dict[tuple[str, str | None], float]:
    """(category, applicant_type) → value, for the checks."""
    out: dict[tuple[str, str | None], float] = {}
    for row in alignment.rows:
        for spec, cell in zip(row.spec.cells, row.cells):
            if cell is not None:
                out[(spec.code, spec.applicant_type)] = cell.value
    return out
