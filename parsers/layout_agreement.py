"""Two readings of one laid-out document, by characters and by display width: keep what both say.

Where the lines do not show by which measure they were laid out (parsers/layout_measure.py),
the document is read under each.  A cell the two readings place alike is what the document
says under either; a cell they place differently (another value, or placed in one and left
out in the other) depends on a measure nobody can tell, so it is left out and said — never
written from one reading alone.  A cell both give the same value, from different printed
texts (a blank in one reading, a "-" or a "0" in the other: a row of zeros whose zero marks
the two readings put in different columns), holds that value under either measure: it is
kept with ``sums`` as its placement (one of the placements the document left open, all with
that value) and marked ``mixed``, with no text (which printed text stood there is open: facts
write value_kind ``mixed`` and no raw_value), as ``cell_placement._agreed`` keeps a cell on which all of
a row's placements agree on the value but not on the text.
"""
from __future__ import annotations

from dataclasses import replace

from .aligned_rows import AlignedRow, Alignment, PlacedCell
from .placement import SUMS

def agreed(first: Alignment, second: Alignment) -> Alignment:
    """``first`` (the likelier measure's reading) with every cell that ``second`` does not
    place alike left out, and a sentence per row that lost cells."""
    theirs = {row.spec.id: row for row in second.rows}
    rows: list[AlignedRow] = []
    for row in first.rows:
        other = theirs.get(row.spec.id)
        cells = [None if c is None or other is None else _both(c, other.cells[k]) for k, c in enumerate(row.cells)]
        lost = [k for k, (a, b) in enumerate(zip(row.cells, cells)) if a is not None and b is None]
        if not lost:  # every cell kept; those whose printed texts differ come back marked mixed
            rows.append(row if all(a is b for a, b in zip(row.cells, cells)) else replace(row, cells=cells))
            continue
        names = ", ".join(_name(row, k) for k in lost)
        said = (f"row {row.spec.id}: laid-out text whose columns may be counted by characters or by display "
                f"width (a CJK character one column or two), and the two place these cells differently; "
                f"left out {names}")
        note = said if row.note is None else f"{row.note}; {said}"  # a remark too: cells are now missing
        rows.append(replace(row, cells=cells, note=note, options=None))
    return replace(first, rows=rows)


def _both(a: PlacedCell, b: PlacedCell | None) -> PlacedCell | None:
    """The cell as both readings place it: ``a`` where they place it alike; the value, marked
    ``mixed``, where only the printed texts differ (or one reading's cell is mixed already);
    None where the values differ, or ``b`` did not place the cell (a number that cannot be read
    is compared by its text)."""
    if b is None:
        return None
    if a.raw == b.raw and a.mixed == b.mixed and (a.value == b.value or a.value != a.value and b.value != b.value):
        return a
    if a.value != b.value:  # (NaN too: an unreadable cell is the same only by its text)
        return None
    return replace(a, raw=None, placement=SUMS, mixed=True)  # which printed text: not known


def _name(row: AlignedRow, slot: int) -> str:
    c = row.spec.cells[slot]
    return f"{c.code}[{c.applicant_type}]" if c.applicant_type else c.code
