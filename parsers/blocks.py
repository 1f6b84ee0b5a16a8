"""Text that gives a table's cells as separate blocks, not row by row.

Plain ``pdftotext`` (poppler's reading order, no ``-layout``) reads each cell of a ruled
table as a text block of its own and orders the blocks by its own rules: a run of row labels,
then the numbers of several rows (or of a column) one per line, a header fragment between a
label and its number.  There a label followed by the next label is no all-blank row, and the
order of the numbers says neither which row nor which column each is: nothing in the text
ties a number to its cell.

The sign is one the row-by-row flattenings never show: a run of numbers, one per line and
none on a row label's line, longer than any row of its table has cells (one cell per line
prints at most a row's cells before the next label; a row whose label was lost still prints
its numbers on one line).  Where it shows, the document's flattened tables are not read
(cells from a real grid keep their places); the report says so.
"""
from __future__ import annotations

from typing import Iterable, Protocol, Sequence

from .tokens import VALUE, Token


class _Row(Protocol):
    table: str | None
    values: list[Token]
    label_lines: frozenset[int]


def cells_as_blocks(hits: Iterable[_Row], widest: dict[str, int]) -> bool:
    """Some run of a table's numbers (one per line, off the row labels' lines, no tab, pipe or
    grid keeping its cells) holds more numbers than the table's widest row (``widest``: cells
    per table) has cells."""
    for h in hits:
        n = widest.get(h.table or "")
        if not n:
            continue
        run: list[Token] = []
        for t in h.values:
            if t.kind != VALUE:
                continue
            if t.grid is not None or t.row is not None or t.line is None or t.line in h.label_lines \
                    or (run and t.line == run[-1].line):
                run = []
                continue
            run.append(t)
            if len(run) > n:
                return True
    return False


def blocks_note(left_out: Sequence[str]) -> str:
    """The sentence naming every row left out (``left_out``: row ids, each of which begins with
    its table's section), so a researcher finds each missing cell's row in it."""
    return ("the text gives the tables' cells as separate blocks (numbers one per line apart from their row "
            "labels, as plain pdftotext prints a ruled table), so which cell a number is cannot be told; "
            f"left out the rows {', '.join(left_out)}")
