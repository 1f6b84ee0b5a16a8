"""A ruled grid plus its characters → the rows the aligner reads.

The contract with the format-blind aligner (parsers/alignment.py): per table row, the row's
label joined into one cell (group labels such as 三、本年度办理结果 may precede it as their
own cells), then exactly one cell per value column with "" for a blank; header rows are
rows of label cells only.  A visual cell is emitted once, in its first row; the rows it
spans below get nothing in label columns and "" in value columns.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..base import Cell, TableBlock
from .backend import Char
from .lines import group_lines, join_lines
from .params import BLANK_MARKERS, NUMBER, ROW_START, GEOMETRY
from .ruling import Grid

if TYPE_CHECKING:
    from .unruled_columns import Columns


@dataclass
class CellRef:
    """The text of one visual cell, shared by every grid row the cell spans.

    ``full`` says the cell's last line runs up to its right edge: the text may go on
    (a row cut by a page break continues there), which a short last line rules out.
    """

    text: str
    page: int
    full: bool = False
    conf: float | None = None  # OCR confidence of the least sure character; None from a text layer


@dataclass
class Slot:
    """A visual cell as seen from one grid row."""

    c0: int
    c1: int
    ref: CellRef
    start: bool  # True in the cell's first row (where its text is emitted)

    @property
    def text(self) -> str:
        return self.ref.text if self.start else ""


@dataclass
class PageTable:
    """One table (or the stitched run of it over several pages).

    ``columns`` is set for a table read without rulings: the next page's continuation is
    read with the same columns, so that a column blank on that page keeps its place.
    """

    page: int
    xs: list[float]
    top: float
    bottom: float
    rows: list[list[Slot]] = field(default_factory=list)
    columns: "Columns | None" = None


def build_table(grid: Grid, chars: list[Char], page: int) -> PageTable:
    """Put each character in its cell and read every cell's lines as one string."""
    members: list[list[Char]] = [[] for _ in grid.cells]
    for c in chars:
        k = grid.locate((c.x0 + c.x1) / 2, (c.top + c.bottom) / 2)
        if k is not None:
            members[k].append(c)
    refs = []
    for cell, m in zip(grid.cells, members):
        lines = group_lines(m)
        ref = CellRef(join_lines([ln.text() for ln in lines]).strip(), page, conf=_least_sure(m))
        if lines:
            last = lines[-1]
            size = max(c.size for c in last.chars)
            ref.full = grid.xs[cell.c1 + 1] - last.x1 < size * GEOMETRY.full_line_em + GEOMETRY.cell_pad
        refs.append(ref)
    table = PageTable(page, list(grid.xs), grid.ys[0], grid.ys[-1])
    for r in range(len(grid.ys) - 1):
        row: list[Slot] = []
        seen: set[int] = set()
        for c in range(len(grid.xs) - 1):
            k = grid.slot[r][c]
            if k in seen:
                continue
            seen.add(k)
            cell = grid.cells[k]
            row.append(Slot(cell.c0, cell.c1, refs[k], cell.r0 == r))
        table.rows.append(row)
    return table


def _least_sure(chars: list[Char]) -> float | None:
    confs = [c.conf for c in chars if c.conf is not None]
    return min(confs) if confs else None


def _join_conf(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def looks_tabular(table: PageTable) -> bool:
    """A grid is a table when some row has two cells with text; boxes around prose are not."""
    return any(sum(1 for s in row if s.text) >= 2 for row in table.rows)


def is_value(text: str) -> bool:
    """A number or one of the blank markers the schema reads as 0."""
    t = text.strip()
    return bool(t) and (t in BLANK_MARKERS or NUMBER.match(t) is not None)


# ---- stitching a table that runs over a page break ------------------------------------

def column_map(prev: PageTable, nxt: PageTable) -> tuple[list[float], dict[int, int], dict[int, int]] | None:
    """Common column boundaries of a table and its continuation, or None when they differ.

    The outer edges must match and one boundary set must contain the other (a page may
    show fewer column rulings when its rows merge cells).  Returns the merged boundaries
    and, for each table, old boundary index → merged index.
    """
    tol = GEOMETRY.stitch_tol
    if abs(prev.xs[0] - nxt.xs[0]) > tol or abs(prev.xs[-1] - nxt.xs[-1]) > tol:
        return None
    small, big = (prev.xs, nxt.xs) if len(prev.xs) <= len(nxt.xs) else (nxt.xs, prev.xs)
    if any(min(abs(x - y) for y in big) > tol for x in small):
        return None
    merged = list(big)

    def index_map(xs: list[float]) -> dict[int, int]:
        return {i: min(range(len(merged)), key=lambda j: abs(merged[j] - x)) for i, x in enumerate(xs)}

    return merged, index_map(prev.xs), index_map(nxt.xs)


def stitch(prev: PageTable, nxt: PageTable, cmap: tuple[list[float], dict[int, int], dict[int, int]]) -> None:
    """Append ``nxt`` (the continuation on the next page) to ``prev`` in place.

    Rows that repeat ``prev``'s header are dropped, and a first row that only carries the
    tail of a label split by the page break is joined to the row it belongs to.
    """
    merged, pmap, nmap = cmap

    def remap(row: list[Slot], m: dict[int, int]) -> list[Slot]:
        return [Slot(m[s.c0], m[s.c1 + 1] - 1, s.ref, s.start) for s in row]

    prev.rows = [remap(row, pmap) for row in prev.rows]
    prev.xs = merged
    rows = [remap(row, nmap) for row in nxt.rows]
    # a table read without rulings may find one more label column on a page; its repeated
    # header is then told by its texts alone
    exact = prev.columns is None
    k = 0
    while k < len(rows) and k < len(prev.rows) and _signature(rows[k], exact) == _signature(prev.rows[k], exact) \
            and any(s.text for s in rows[k]):
        k += 1
    rows = rows[k:]
    if rows and prev.rows and _join_split_row(prev.rows[-1], rows[0]):
        rows = rows[1:]
    elif rows:
        _join_split_groups(prev.rows, rows[0])
    prev.rows.extend(rows)
    prev.bottom = nxt.bottom


def _signature(row: list[Slot], exact: bool = True) -> tuple[tuple[int, int, str], ...]:
    return tuple((s.c0 if exact else 0, s.c1 if exact else 0, "".join(s.text.split())) for s in row if s.text)


def _join_split_row(last: list[Slot], first: list[Slot]) -> bool:
    """Join ``first`` into ``last`` when it is the same table row cut by the page break.

    ``first`` must hold only label text (no values, no row number such as 1. or （三）),
    each piece under a cell of ``last`` with the same columns whose last line is full.
    """
    texts = [s for s in first if s.text]
    if not texts or any(is_value(s.text) or ROW_START.match(s.text) for s in texts):
        return False
    if not any(is_value(s.text) or (s.start and not s.text) for s in last):
        return False  # the row above is a header row
    targets = []
    for s in texts:
        t = next((o for o in last if o.c0 == s.c0 and o.c1 == s.c1 and o.ref.text), None)
        if t is None or is_value(t.ref.text) or not t.ref.full:
            return False
        targets.append((t, s))
    for t, s in targets:
        t.ref.text = join_lines([t.ref.text, s.text])
        t.ref.conf = _join_conf(t.ref.conf, s.ref.conf)
    return True


def _join_split_groups(above: list[list[Slot]], first: list[Slot]) -> None:
    """A merged group label cut by the page break (三、本年 | 度办理结果): the continuation's
    first row carries its tail left of the row's own label; join it to the open group cell.

    Only label texts left of the row's last label, not starting a new item, under a cell of
    the same columns whose last line is full."""
    labels = [s for s in first if s.text and not is_value(s.text)]
    if not any(is_value(s.text) for s in first) or len(labels) < 2:
        return
    for s in labels[:-1]:
        if ROW_START.match(s.text):
            continue
        target = next((o for row in reversed(above) for o in row
                       if o.start and o.ref.text and o.c0 == s.c0 and o.c1 == s.c1), None)
        if target is None or is_value(target.ref.text) or not target.ref.full:
            continue
        target.ref.text = join_lines([target.ref.text, s.text])
        target.ref.conf = _join_conf(target.ref.conf, s.ref.conf)
        s.ref = CellRef("", s.ref.page)


# ---- rows for the aligner -------------------------------------------------------------

def first_value_column(rows: list[list[Slot]]) -> int:
    """Leftmost grid column that holds values; columns left of it hold labels.

    Each row with a value (number or blank marker) votes for the column right after its
    last label text; the most common vote wins (a stray text cell cannot move it).  A
    table without any value falls back on the first blank cell that follows a label.
    """
    votes: Counter[int] = Counter()
    for row in rows:
        if not any(s.start and is_value(s.ref.text) for s in row):
            continue
        last = max((i for i, s in enumerate(row) if s.text and not is_value(s.text)), default=-1)
        if last + 1 < len(row):
            votes[row[last + 1].c0] += 1
    if votes:
        top = max(votes.values())
        return min(c for c, n in votes.items() if n == top)
    for row in rows:
        for i, s in enumerate(row):
            if not s.text and s.start and any(o.text for o in row[:i]):
                return s.c0
    return 10**6


def _cell(s: Slot) -> Cell:
    """A slot as a grid cell: its columns, and whether this row is where it was printed."""
    return Cell(s.text, s.ref.page, col=s.c0, colspan=s.c1 - s.c0 + 1, origin=s.start,
                confidence=s.ref.conf if s.start else None)


def to_block(table: PageTable) -> TableBlock | None:
    """The TableBlock the aligner reads, or None for a table with no text at all."""
    v = first_value_column(table.rows)
    out: list[tuple[Cell, ...]] = []
    for row in table.rows:
        labels = [s for s in row if s.c0 < v and s.text]
        values = [s for s in row if s.c0 >= v]
        spill = any(s.c1 >= v for s in labels)
        header = spill or any(s.text and not is_value(s.text) for s in values)
        if header:
            cells = tuple(_cell(s) for s in row if s.text)
        elif not labels and not any(s.text for s in values):
            continue
        else:
            cells = tuple(_cell(s) for s in labels) + tuple(_cell(s) for s in values)
        if cells:
            out.append(cells)
    if not out:
        return None
    return TableBlock(rows=tuple(out), page=table.page)
