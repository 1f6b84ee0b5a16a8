"""Rows of a table without rulings: which label lines belong to which numbered line.

A numbered line is one table row.  Label texts are read per label column, top to bottom:
a line continues the cell above it only when the line above is full (text wraps only
where it reached the cell's edge), the baselines are a wrapped line's distance apart
(rows sit further apart than the lines inside a cell), nothing starts a new item
(1. （三） 四、), no horizontal rule lies between them, and the cell does not already own
another row's numbers.  A cell holding a numbered line's last label is that row's label;
a cell starting on a numbered line otherwise is a merged group label (三、本年度办理结果)
and precedes the row's label; a cell on no numbered line is a row whose values are all
blank.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lines import join_lines
from .params import ROW_START, UNRULED
from .pieces import Piece, PLine
from .tables import CellRef, PageTable, Slot
from .unruled_columns import Columns

HRule = tuple[float, float, float]  # y, x0, x1


@dataclass
class _Frag:
    line: int
    col: int
    piece: Piece
    base: float
    size: float
    row_label: bool


@dataclass
class _Cell:
    col: int
    frags: list[_Frag] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines([f.piece.text for f in self.frags])


def build_band(head: list[PLine], body: list[PLine], cols: Columns, rules: list[HRule], page: int) -> PageTable:
    """One band (header lines, then rows) → a PageTable in the ruled tables' slot layout."""
    nl = cols.n_labels
    table = PageTable(page, cols.xs, (head or body)[0].top, (body or head)[-1].bottom, columns=cols)
    table.rows.extend(_header_rows(head, cols, rules, page))
    cells = _label_cells(body, cols, rules)
    rows: dict[int, list[_Cell]] = {}
    for cell in cells:
        owner = next((f.line for f in cell.frags if f.row_label), None)
        if owner is None:
            owner = cell.frags[0].line
        rows.setdefault(owner, []).append(cell)
    for i, ln in enumerate(body):
        if ln.values:
            rows.setdefault(i, [])
    for i in sorted(rows):
        row = [Slot(c.col, c.col, CellRef(c.text, page, _full(c.frags[-1], cols)), True)
               for c in sorted(rows[i], key=lambda c: c.col)]
        values = [""] * len(cols.centres)
        confs: list[float | None] = [None] * len(cols.centres)
        for p in body[i].values:
            k = cols.value_col(p.centre)
            values[k] = (values[k] + " " + p.text).strip()
            if p.conf is not None:
                confs[k] = p.conf if confs[k] is None else min(confs[k], p.conf)
        row.extend(Slot(nl + k, nl + k, CellRef(t, page, conf=confs[k]), True) for k, t in enumerate(values))
        table.rows.append(row)
    return table


@dataclass
class _HCell:
    c0: int
    c1: int
    texts: list[str]
    base: float
    full: bool
    last: Piece
    size: float

    def wraps_into(self, p: Piece) -> bool:
        """``p`` is this header's next line: no wider, and left-aligned or centred the same."""
        q, tol = self.last, UNRULED.start_tol
        return p.x1 - p.x0 <= q.x1 - q.x0 + max(tol, self.size / 2) and (abs(p.x0 - q.x0) <= tol or abs(p.centre - q.centre) <= tol)


def _header_rows(head: list[PLine], cols: Columns, rules: list[HRule], page: int) -> list[list[Slot]]:
    """Header texts joined down their column span (结果 / 维持 → 结果维持), one row per start line.

    The aligner reads headers as label tokens, so a wrapped header must arrive whole: its
    fragments would otherwise read as other labels (其他, 总计)."""
    spans: list[tuple[int, int, int, Piece, float, float]] = []
    full: dict[int, bool] = {}
    for i, ln in enumerate(head):
        room = UNRULED.full_em * ln.size + UNRULED.full_pad
        for p in ln.pieces:
            if p.x1 <= cols.v_left + UNRULED.start_tol:
                c0 = c1 = cols.label_col(p.x0)
                full[id(p)] = cols.edge(p.x1) - p.x1 < room
            else:
                a, b = cols.value_span(p)
                c0, c1 = cols.n_labels + a, cols.n_labels + b
                full[id(p)] = True
            spans.append((i, c0, c1, p, p.base, ln.size))
    last: dict[tuple[int, int], float] = {}
    pitch = float("inf")
    for _, c0, c1, _, base, size in spans:
        prev = last.get((c0, c1))
        if prev is not None and base - prev >= 0.8 * size:
            pitch = min(pitch, base - prev)
        last[(c0, c1)] = base
    open_cells: dict[tuple[int, int], _HCell] = {}
    rows: dict[int, list[_HCell]] = {}
    for i, c0, c1, p, base, size in spans:
        cur = open_cells.get((c0, c1))
        if cur is not None and cur.full and cur.wraps_into(p) and base - cur.base <= pitch + UNRULED.pitch_tol \
                and not _ruled_between(rules, cur.base, base - 0.7 * size, p.x0, p.x1):
            cur.texts.append(p.text)
            cur.base, cur.full, cur.last = base, full[id(p)], p
            continue
        cur = open_cells[(c0, c1)] = _HCell(c0, c1, [p.text], base, full[id(p)], p, size)
        rows.setdefault(i, []).append(cur)
    return [[Slot(c.c0, c.c1, CellRef(join_lines(c.texts), page), True) for c in sorted(rows[i], key=lambda c: c.c0)]
            for i in sorted(rows)]


def _ruled_between(rules: list[HRule], lo: float, hi: float, x0: float, x1: float) -> bool:
    return any(lo < y < hi and s <= x0 + 2 and e >= x1 - 2 for y, s, e in rules)


def _label_cells(body: list[PLine], cols: Columns, rules: list[HRule]) -> list[_Cell]:
    frags: list[_Frag] = []
    for i, ln in enumerate(body):
        labels = ln.labels
        for j, p in enumerate(labels):
            frags.append(_Frag(i, cols.label_col(p.x0), p, p.base, ln.size,
                               bool(ln.values) and j == len(labels) - 1))
    pitch = _wrap_pitch(frags)
    open_cells: dict[int, _Cell] = {}
    cells: list[_Cell] = []
    for f in frags:
        cur = open_cells.get(f.col)
        if cur is not None and _continues(cur, f, cols, rules, pitch):
            cur.frags.append(f)
            continue
        cur = _Cell(f.col, [f])
        open_cells[f.col] = cur
        cells.append(cur)
    return cells


def _wrap_pitch(frags: list[_Frag]) -> float:
    """Baseline distance of wrapped lines: the smallest between texts of one column."""
    last: dict[int, _Frag] = {}
    best = float("inf")
    for f in frags:
        p = last.get(f.col)
        if p is not None and f.base - p.base >= 0.8 * f.size:
            best = min(best, f.base - p.base)
        last[f.col] = f
    return best


def _full(f: _Frag, cols: Columns) -> bool:
    return cols.edge(f.piece.x1) - f.piece.x1 < UNRULED.full_em * f.size + UNRULED.full_pad


def _continues(cell: _Cell, f: _Frag, cols: Columns, rules: list[HRule], pitch: float) -> bool:
    a = cell.frags[-1]
    if f.base - a.base > pitch + UNRULED.pitch_tol or not _full(a, cols):
        return False
    if ROW_START.match(f.piece.text) or (f.row_label and any(g.row_label for g in cell.frags)):
        return False
    return not _ruled_between(rules, a.base, f.base - 0.7 * f.size,
                              min(a.piece.x0, f.piece.x0), max(a.piece.x1, f.piece.x1))
