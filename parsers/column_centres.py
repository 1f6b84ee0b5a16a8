"""Where a laid-out table's value columns stand, for ``cell_placement.place`` to put a row
with blank cells dropped under its columns: learned from the table's rows printed in full
(``_column_positions``: only text truly laid out in columns) or from where its leaf headers
stand (``_header_columns``).  Nothing here places a cell.
"""
from __future__ import annotations

from statistics import median

from .hits import _Hit
from .templates import RowSpec
from .tokens import VALUE


_MIN_LAYOUT_GAP = 2.0  # spaces between numbers of a laid-out row
_COLUMN_SPREAD = 2.0  # characters
_MIN_COLUMN_GAP = 3.0


def _table_key(spec: RowSpec) -> tuple[str, int]:
    return spec.section, len(spec.cells)


def _column_positions(chosen: list[tuple[RowSpec, "_Hit", str]]) -> dict[tuple[str, int], list[float]]:
    """Column centres of space-aligned tables, learned from their rows printed in full."""
    seen: dict[tuple[str, int], list[list[float]]] = {}
    gaps: dict[tuple[str, int], list[float]] = {}
    for spec, hit, _how in chosen:
        vals = hit.values
        if len(vals) == len(spec.cells) and all(v.kind == VALUE and v.x is not None for v in vals):
            seen.setdefault(_table_key(spec), []).append([v.x for v in vals])
            gaps.setdefault(_table_key(spec), []).extend(
                (b.x - len(b.text) / 2) - (a.x + len(a.text) / 2) for a, b in zip(vals, vals[1:]))
    out: dict[tuple[str, int], list[float]] = {}
    for key, rows in seen.items():
        cols = list(zip(*rows))
        # Only text truly laid out in columns (pdftotext -layout): the numbers of the full rows
        # stand at the same places with runs of spaces between them; text whose numbers are
        # separated by single spaces has no columns to go by.
        laid_out = bool(gaps[key]) and median(gaps[key]) >= _MIN_LAYOUT_GAP
        if laid_out and all(max(c) - min(c) <= _COLUMN_SPREAD for c in cols):
            centres = [median(c) for c in cols]
            if all(b - a >= _MIN_COLUMN_GAP for a, b in zip(centres, centres[1:])):
                out[key] = centres
    return out


_HEADER_CLUSTER = 1.5  # characters: header fragments this close stand in one column


def _header_columns(xs: list[float], n: int) -> list[float] | None:
    """Column centres from where a table's leaf headers stand in laid-out text, when they
    form exactly as many columns as the row has cells (stacked fragments share a column)."""
    if len(xs) < n:
        return None
    clusters: list[list[float]] = []
    for x in sorted(xs):
        if clusters and x - clusters[-1][-1] <= _HEADER_CLUSTER:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    if len(clusters) != n:
        return None
    centres = [sum(c) / len(c) for c in clusters]
    return centres if all(b - a >= _MIN_COLUMN_GAP for a, b in zip(centres, centres[1:])) else None
