"""Which columns a number of laid-out text can stand in, bounded by what stands in the cells.

Laid-out text (pdfplumber ``layout=True``, ``pdftotext -layout``) puts each word where the PDF
drew it: its first character at ``round(x0 / density)`` — unless the text before it on the line
already reaches there, when it follows after one space (pushed) — and its other characters one
column each after it (two for a CJK character in text laid out by display width: positions and
printed ends are counted by the document's measure, parsers/layout_measure.py), whatever their
real width.  So only a word's start is a position (to half
a column); its real end is not printed, only bounded below: a wide (CJK) character is at least
``WIDE_MIN`` columns wide (pdfplumber's 7.25 pt per column: every CJK glyph of 7.25 pt and up),
any other at least ``NARROW_MIN``.

A table's cells are side by side, and every text printed in a cell lies wholly inside it.  The
unknown borders between a row's value columns are therefore bounded by the texts known to
stand in a column: each leaf header (``layout_columns.header_layout``; every fragment of one
wrapped over lines), each header over several columns (法人或其他组织 inside its five), and the
numbers of the band's rows printed in full.  A number can stand in a column only where the
bounds leave room for it there; where that leaves exactly one column the column is certain, and
each certain number bounds the borders further (repeated until nothing changes, so a column
printed in one row helps the rows above and below it).  Nothing here guesses: a number the
bounds leave between two columns keeps both, and sums or identities choose — or nobody does,
and the cell is left out.  The outer columns have only one border: a number there must also
reach the leaf header's widest possible extent (``WIDE_MAX``, ``NARROW_MAX``), so a number far
beside the last header (a column the template does not know) is not taken for it.  Text over
the value columns that names no column (a 备注 header) gives no bounds at all.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

from .layout_columns import HeaderLayout, Mark, header_layout
from .layout_measure import CHARS, display_width, width
from .templates import RowSpec
from .tokens import VALUE, Token

ROUNDING = 0.5    # columns: a word's start is its x position rounded
WIDE_MIN = 1.0    # columns a CJK character takes at least
NARROW_MIN = 0.4  # columns a digit or other narrow character takes at least
WIDE_MAX = 2.5    # … and at most (a header's widest extent, for the outer columns)
NARROW_MAX = 1.5

_INF = math.inf


@dataclass(frozen=True, slots=True)
class Piece:
    """A text printed in one cell: its first column, its width in characters, and whether it
    may have been pushed right by the text before it (its start is then only an upper bound)."""

    start: float
    wide: int
    narrow: int
    pushed: bool = False

    @property
    def x0_max(self) -> float:
        return self.start + ROUNDING

    @property
    def x0_min(self) -> float:
        return -_INF if self.pushed else self.start - ROUNDING

    @property
    def min_width(self) -> float:
        return WIDE_MIN * self.wide + NARROW_MIN * self.narrow

    @property
    def x1_min(self) -> float:
        return self.x0_min + self.min_width

    @property
    def x1_max(self) -> float:
        return self.x0_max + WIDE_MAX * self.wide + NARROW_MAX * self.narrow


def piece(text: str, start: float, pushed: bool = False) -> Piece:
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return Piece(start, wide, len(text) - wide, pushed)


class Borders:
    """Bounds on the ``n - 1`` borders between ``n`` value columns (border ``k`` is right of
    column ``k``), each ``lo[k] <= b_k <= hi[k]``, borders left to right."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.lo = [-_INF] * (n - 1)
        self.hi = [_INF] * (n - 1)

    def inside(self, p: Piece, first: int, last: int) -> None:
        """``p`` lies within columns ``first`` … ``last``.  A pushed piece's start is only
        bounded above, but it starts inside its cell, right of the border before it: its end
        is at least that border's lower bound plus its narrowest width."""
        x1_min = p.x1_min
        if first > 0:
            self.hi[first - 1] = min(self.hi[first - 1], p.x0_max)
            x1_min = max(x1_min, self.lo[first - 1] + p.min_width)
        if last < self.n - 1:
            self.lo[last] = max(self.lo[last], x1_min)
        for k in range(1, self.n - 1):  # borders stand left to right
            self.lo[k] = max(self.lo[k], self.lo[k - 1])
        for k in range(self.n - 3, -1, -1):
            self.hi[k] = min(self.hi[k], self.hi[k + 1])

    @property
    def consistent(self) -> bool:
        return all(lo <= hi for lo, hi in zip(self.lo, self.hi))

    def columns(self, p: Piece) -> list[int]:
        """The columns ``p`` may lie in wholly.  Texts of two cells never touch (glyphs have
        side bearings, cells padding), so a bound met exactly, with every rounding at its
        extreme, is no room."""
        return [j for j in range(self.n)
                if (j == 0 or self.lo[j - 1] < p.x0_max) and (j == self.n - 1 or self.hi[j] > p.x1_min)]


@dataclass(frozen=True, slots=True)
class BandRow:
    """One row read under a header band: its template row and printed tokens (with the
    other tokens printed on its lines, to see which were pushed)."""

    spec: RowSpec
    values: tuple[Token, ...]
    neighbours: tuple[Token, ...] = ()


def token_piece(tok: Token, line_tokens: Iterable[Token], measure: str = CHARS) -> Piece | None:
    """The piece a value token of laid-out text is: start from its centre column."""
    if tok.x is None:
        return None
    start = tok.x - len(tok.text) / 2
    return piece(tok.text, start, pushed=any(_ends_at(o, start - 1, measure) for o in line_tokens if o is not tok))


def _ends_at(tok: Token, column: float, measure: str) -> bool:
    """``tok``'s printed text ends at ``column`` (its last character's column plus one), as
    ``measure`` counts the characters (parsers/layout_measure.py)."""
    if tok.x is None or not tok.text:
        return False
    start = tok.x - (len(tok.text) if tok.kind == VALUE else display_width(tok.text)) / 2
    return abs(start + width(tok.text, measure) - column) < 0.01


def _mark_piece(m: Mark, marks: Sequence[Mark], measure: str = CHARS) -> Piece:
    """A header mark (its ``start`` is its first column) as a piece; pushed if another mark on
    its line ends one space before it."""
    pushed = any(o is not m and o.line == m.line and abs(o.start + width(o.text, measure) - (m.start - 1)) < 0.01
                 for o in marks)
    return piece(m.text, m.start, pushed)


def band_slots(marks: tuple[Mark, ...], rows: Sequence[BandRow], measure: str = CHARS
               ) -> dict[int, list[list[int]]] | None:
    """For each row of one header band (by index in ``rows``) whose values are all positioned
    numbers, the columns each may stand in; None where the band gives no bounds."""
    if not rows:
        return None
    spec = rows[0].spec
    n = len(spec.cells)
    layout = header_layout(spec, marks, measure)
    if layout is None or any(len(r.spec.cells) != n for r in rows):
        return None
    first_leaf = min(m.start for m in layout.leaves[0])
    if any(min(m.start for m in other) >= first_leaf for other in layout.others):
        return None  # text over the value columns that names no column: another column?
    return column_slots(n, layout.leaves, layout.spans, marks, [(r.values, r.neighbours) for r in rows], measure)


def column_slots(n: int, leaves: Sequence[Sequence[Mark]], spans: Sequence[tuple[Mark, Sequence[int]]],
                 marks: Sequence[Mark], rows: Sequence[tuple[Sequence[Token], Sequence[Token]]],
                 measure: str = CHARS) -> dict[int, list[list[int]]] | None:
    """The core: ``n`` value columns, the header marks standing over each (``leaves``) and
    over several (``spans``), and the rows (values, other tokens on their lines) printed under
    them → for each row whose values are all positioned, the columns each value may take."""
    borders = Borders(n)
    for k, stack in enumerate(leaves):  # left to right: a pushed header's start is bounded by the one before
        for m in stack:
            borders.inside(_mark_piece(m, marks, measure), k, k)
    for m, covered in spans:
        if list(covered) != list(range(covered[0], covered[-1] + 1)):
            return None
        borders.inside(_mark_piece(m, marks, measure), covered[0], covered[-1])
    pieces: dict[int, list[Piece]] = {}
    bounding: set[int] = set()  # rows whose numbers stand on one line (no stray page number)
    for i, (vals, neighbours) in enumerate(rows):
        if not vals or any(v.kind != VALUE or v.x is None for v in vals):
            continue
        line_of = {v.line for v in vals}
        around = [t for t in (*vals, *neighbours) if t.line in line_of]
        pieces[i] = [token_piece(v, [t for t in around if t.line == v.line], measure) for v in vals]
        if len(line_of) == 1:
            bounding.add(i)
        if len(vals) == n and len(line_of) == 1:  # a row printed in full: each number in its own column
            for k, p in enumerate(pieces[i]):
                borders.inside(p, k, k)
    if not borders.consistent:
        return None
    outer = (_outer(leaves[0], marks, measure), _outer(leaves[-1], marks, measure))
    changed = True
    out: dict[int, list[list[int]]] = {}
    while changed:
        changed = False
        for i, ps in pieces.items():
            slots = [_reaching(borders.columns(p), p, outer, n) for p in ps]
            slots = _in_order(slots)
            out[i] = slots
            for p, s in zip(ps, slots):
                if len(s) == 1 and i in bounding:
                    before = (list(borders.lo), list(borders.hi))
                    borders.inside(p, s[0], s[0])
                    changed |= before != (borders.lo, borders.hi)
        if not borders.consistent:
            return None
    return out


def _outer(stack: Sequence[Mark], marks: Sequence[Mark], measure: str) -> tuple[float, float]:
    """The widest extent an outer column's leaf header may have."""
    ps = [_mark_piece(m, marks, measure) for m in stack]
    return min(p.x0_min for p in ps), max(p.x1_max for p in ps)


def _reaching(cols: list[int], p: Piece, outer: tuple[tuple[float, float], tuple[float, float]],
              n: int) -> list[int]:
    """An outer column has a border on one side only: the number must also reach under its
    leaf header's widest extent there (else it may stand in a column beside the table's)."""
    (first_lo, _), (_, last_hi) = outer
    return [j for j in cols
            if not (j == 0 and p.x1_max < first_lo) and not (j == n - 1 and p.x0_min > last_hi)]


def layout_slots(rows: Iterable[tuple[object, RowSpec, tuple[Mark, ...], Sequence[Token], Sequence[Token]]],
                 measure: str = CHARS) -> dict[object, list[list[int]]]:
    """Rows of laid-out text grouped by the header band they stand under (same band, same
    number of cells): ``key`` → the columns each of the row's values may stand in."""
    bands: dict[tuple, list[tuple[object, BandRow]]] = {}
    for key, spec, marks, values, neighbours in rows:
        if marks and values and all(v.x is not None for v in values):
            bands.setdefault((marks, spec.section, len(spec.cells)), []).append(
                (key, BandRow(spec, tuple(values), tuple(neighbours))))
    out: dict[object, list[list[int]]] = {}
    for (marks, _, _), members in bands.items():
        slots = band_slots(marks, [r for _, r in members], measure)
        for i, (key, _) in enumerate(members):
            if slots and i in slots:
                out[key] = slots[i]
    return out


def _in_order(slots: list[list[int]]) -> list[list[int]]:
    """Values stand left to right, one per column: the k-th can take only columns that leave
    room for those before and after it."""
    if not slots or any(not s for s in slots):
        return slots
    out = [list(s) for s in slots]
    low = -1
    for s in out:
        s[:] = [j for j in s if j > low]
        if not s:
            return out
        low = s[0]
    high = math.inf
    for s in reversed(out):
        s[:] = [j for j in s if j < high]
        if not s:
            return out
        high = s[-1]
    return out
