"""What a row label with nothing printed after it reads as (``_bare_row``): all blank (zeros)
only where what follows closes the row for certain; otherwise the row may be cut off, no cell
of it is in the document, and the sentence says why.

What closed the row (``hits._Hit.closed_by``) is recorded by the aligner as it reads the
stream; the rules about closes are ``sequence``'s.  Asked when rows are placed and when a
bare row's reading is doubted (``row_doubts``).
"""
from __future__ import annotations

from .aligned_rows import PlacedCell
from .cell_placement import _placed_as
from .hits import _Hit
from .placement import POSITION, SEQUENCE
from .sequence import table_ended_after
from .templates import RowSpec


def _bare_row(spec: RowSpec, hit: _Hit, proven: bool) -> tuple[list[PlacedCell] | None, str | None]:
    """A row label with nothing printed after it.

    All blank (zeros) only where what follows closes the row for certain: the next row label
    of its table, or a header or group label of its table with a row label of the table after
    it (``sequence.header_close_confirmed``), or — where this document is seen to print its all-blank rows
    as bare labels (blanks dropped) — the end of its table: the next section's heading, or a
    header or group label and then the next heading or another table's row
    (``sequence.table_ended_after``), or a numbered label the template does not know (a
    wrapped or misprinted next row; said).  A document that ends right after the label (or
    after a header below it), or prose or an unknown label after it (or prose after a header
    below it, ``_prose_after_header``), may as well have cut the row off: then no cell of it
    is in the document, and the sentence says so."""
    zero = [PlacedCell(0.0, "", hit.page, POSITION)] * len(spec.cells)
    if hit.closed_by in ("row", "header") or (table_ended_after(hit.closed_by) and proven):
        return zero, None
    if hit.closed_by == "label" and proven:
        # a numbered label the template does not know (a misprinted one, or "（四）" of a group
        # label wrapped right after its numbering): the table goes on, so the row is closed —
        # read as all blank, and said
        return [_placed_as(c, SEQUENCE) for c in zero], (
            f"row {spec.id}: nothing printed after its label before the next numbered label, read as all "
            f"blank as this document prints its all-blank rows")
    if hit.closed_by == "header-prose":
        return None, (f"row {spec.id}: only a column header or group label follows its label, then prose (the "
                      f"table breaks there), which may be an all-blank row or a row cut off; no cell of it is in the "
                      f"document")
    if hit.closed_by and hit.closed_by.startswith("header-"):
        then = {"header-end": "the document ends", "header-heading": "the next section's heading follows",
                "header-table": "another table's row follows"}[hit.closed_by]
        return None, (f"row {spec.id}: only a column header or group label follows its label, then {then} "
                      f"with no row of its table (the page may be cut off there); no cell of it is in the document")
    where = "the document ends" if hit.closed_by is None else (
        "the next section follows" if hit.closed_by == "heading" else "the table breaks")
    return None, (f"row {spec.id}: {where} right after its label, which may be an all-blank row or a row "
                  f"cut off; no cell of it is in the document")
