"""Two readings of one laid-out document, by characters and by display width: keep what both say.

Where the lines do not show by which measure they were laid out (parsers/layout_measure.py),
the document is read under each.  A cell the two readings place alike is what the document
says under either; a cell they place differently (another value, or placed in one and left
out in the other) depends on a measure nobody can tell, so it is left out and said — never
written from one reading alone.
"""
from __future__ import annotations

from dataclasses import replace

from .alignment import AlignedRow, Alignment, PlacedCell

def agreed(first: Alignment, second: Alignment) -> Alignment:
    """``first`` (the likelier measure's reading) with every cell that ``second`` does not
    place alike left out, and a sentence per row that lost cells."""
    theirs = {row.spec.id: row for row in second.rows}
    rows: list[AlignedRow] = []
    for row in first.rows:
        other = theirs.get(row.spec.id)
        cells = [c if c is not None and other is not None and _same(c, other.cells[k]) else None
                 for k, c in enumerate(row.cells)]
        lost = [k for k, (a, b) in enumerate(zip(row.cells, cells)) if a is not None and b is None]
        if not lost:
            rows.append(row)
            continue
        names = ", ".join(_name(row, k) for k in lost)
        said = (f"row {row.spec.id}: laid-out text whose columns may be counted by characters or by display "
                f"width (a CJK character one column or two), and the two place these cells differently; "
                f"left out {names}")
        note = said if row.note is None else f"{row.note}; {said}"  # a remark too: cells are now missing
        rows.append(replace(row, cells=cells, note=note, options=None))
    return replace(first, rows=rows)


def _same(a: PlacedCell, b: PlacedCell | None) -> bool:
    return b is not None and a.value == b.value and a.raw == b.raw


def _name(row: AlignedRow, slot: int) -> str:
    c = row.spec.cells[slot]
    return f"{c.code}[{c.applicant_type}]" if c.applicant_type else c.code
