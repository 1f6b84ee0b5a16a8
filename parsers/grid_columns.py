"""Place the values of a real grid (HTML, DOCX, ruled PDF table) by their columns, never by sums.

A grid's cell positions are known, so a printed value stays in the cell it was printed in:
a row whose 总计 is printed blank keeps its blank 总计 (and fails its check), it is never
"repaired" by moving values until the sums hold.  Columns are read in this order of
authority:

1. the data row's own cells: a row that prints exactly as many cells (right of its label) as
   the template row has values is read one to one, whatever spans its cells or the header
   have (Word exports often give the header spans that straddle the data columns);
2. otherwise the table's other rows with the same number of cells (their columns), and the
   column headers above the row (``templates/columns.toml``) as evidence; where the two say
   the same, that is the reading; where they differ, the row's own sums may choose between
   them (placement ``sums``); what still differs is left out and named.

A cell that cannot be placed is ``None`` and the row's note says which; never a guess.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
import tomllib
from importlib import resources

from .memo import text_memo
from .normalize import normalize_label, strip_numbering
from .placement import GRID, SEQUENCE, SUMS
from .templates import CellSpec, RowSpec
from .tokens import BLANK, LABEL, VALUE, Token

APPEALS = "appeals"
_HEADER_SLACK = 8  # a header cell may print this many more characters than its wording (units)
_HEADER_ROW = "header"  # a grid row without numbers that prints column headers (``_row_kind``)


@dataclass(slots=True, unsafe_hash=True)
class GridCell:
    """One printed cell of a grid row, with the tokens its text was cut into.

    Never changed once built (treat as frozen: equality and hash are the fields'); not a
    frozen dataclass because every printed cell of every grid is one, and a frozen one costs
    about four times as much to build (``object.__setattr__`` per field).
    """

    row: int
    col: int
    span: int
    tokens: tuple[Token, ...]
    # Derived from ``tokens`` once (``grid_cell``): the placement rules ask every cell's kind many times.
    kind: str = field(compare=False)
    text: str = field(compare=False)

    def within(self, col: int, span: int) -> bool:
        return col <= self.col and self.col + self.span <= col + span

    def overlaps(self, col: int, span: int) -> bool:
        return self.col < col + span and col < self.col + self.span


def grid_cell(row: int, col: int, span: int, tokens: tuple[Token, ...]) -> GridCell:
    """A grid cell with its kind and text."""
    if len(tokens) == 1:
        return GridCell(row, col, span, tokens, _cell_kind(tokens), tokens[0].text)
    return GridCell(row, col, span, tokens, _cell_kind(tokens), "".join(t.text for t in tokens))


_ONE_TOKEN_KINDS = (BLANK, VALUE, LABEL)


def _cell_kind(tokens: tuple[Token, ...]) -> str:
    if len(tokens) == 1:  # most cells: one token, whose kind the rules below give back
        kind = tokens[0].kind
        return kind if kind in _ONE_TOKEN_KINDS else "mixed"
    kinds = {t.kind for t in tokens}
    if kinds <= {BLANK}:
        return BLANK
    if kinds == {VALUE} and len(tokens) == 1:
        return VALUE
    if LABEL in kinds and VALUE not in kinds:
        return LABEL
    return "mixed"  # several numbers in one cell, or words and numbers: not one value


def _by_col(cell: GridCell) -> int:
    return cell.col


class GridIndex:
    """The grids of a token stream, row by row, for reading a row's cells and its headers."""

    def __init__(self, tokens: list[Token]) -> None:
        cells: dict[tuple[int, int], list[Token]] = {}
        grid_rows: dict[int, list[int]] = {}
        spans: dict[tuple[int, int], int] = {}
        self._grid_rows, self._span = grid_rows, spans
        for t in tokens:
            grid = t.grid
            if grid is None:
                continue  # text tokens: most of a flattened report
            row, col = t.row, t.col
            if row is None or col is None:
                continue
            rows = grid_rows.get(grid)
            if rows is None:
                rows = grid_rows[grid] = [row]
            elif rows[-1] != row:
                rows.append(row)
            if not t.origin:
                continue  # a position covered by a neighbour's span holds nothing of its own
            key = (row, col)
            at = cells.get(key)
            if at is None:
                cells[key] = [t]
            else:
                at.append(t)
            spans[key] = t.span
        self._rows: dict[int, list[GridCell]] = {}
        by_row = self._rows
        for key, toks in cells.items():
            row, col = key
            at_row = by_row.get(row)
            if at_row is None:
                at_row = by_row[row] = []
            if len(toks) == 1:  # most cells: grid_cell's one-token reading, without its two calls
                tok = toks[0]
                kind = tok.kind
                at_row.append(GridCell(row, col, spans[key], (tok,), kind if kind in _ONE_TOKEN_KINDS else "mixed",
                                       tok.text))
            else:
                at_row.append(grid_cell(row, col, spans[key], tuple(toks)))
        for at_row in by_row.values():
            at_row.sort(key=_by_col)
        self._grid_of = {r: g for g, rows in self._grid_rows.items() for r in rows}
        self.header_rows: dict[int, list[int]] = {}
        """``_header_rows`` per row, filled as asked (every template row of a part asks)."""
        self.row_kinds: dict[int, str] = {}
        """``_row_kind`` per row, filled as asked."""

    def cells(self, row: int) -> list[GridCell]:
        return self._rows.get(row, [])

    def grid_of(self, row: int) -> int | None:
        return self._grid_of.get(row)

    def rows_above(self, row: int) -> list[int]:
        """The rows of the same grid above ``row``, nearest first."""
        rows = self._grid_rows.get(self._grid_of.get(row, -1), [])
        return list(reversed(rows[:rows.index(row)])) if row in rows else []

    def rows_below(self, row: int) -> list[int]:
        rows = self._grid_rows.get(self._grid_of.get(row, -1), [])
        return rows[rows.index(row) + 1:] if row in rows else []


@dataclass
class GridRow:
    """The printed value cells of one template row in a grid (right of its label)."""

    grid: int
    rows: tuple[int, ...]
    cells: list[GridCell]

    @property
    def shape(self) -> tuple[tuple[int, int], ...]:
        return tuple((c.col, c.span) for c in self.cells)


def find_row(index: GridIndex, label: Token | None, values: list[Token], spec: RowSpec) -> GridRow | None:
    """The grid cells that hold ``spec``'s values (padding at the ends left out); None when
    the row is not read from a grid."""
    row = _find_row(index, label, values, spec)
    if row is not None:
        row.cells = _without_padding(row.cells, len(spec.cells), spec, index, row.rows[0])
    return row


def _find_row(index: GridIndex, label: Token | None, values: list[Token], spec: RowSpec) -> GridRow | None:
    """The grid cells right of the row's label; None when the row is not read from a grid.

    The row is the label's own grid row (cells right of the label cell); a label alone on its
    row takes the next row if that row has no label at all; table 四 (no row label) takes the
    first row with a number after its headers.
    """
    if not any(v.grid is not None for v in values) and (label is None or label.grid is None):
        return None
    if label is not None and label.grid is not None and spec.id != APPEALS:
        own = next((c for c in index.cells(label.row) if c.col == label.col), None)
        if own is not None and any(t.kind == VALUE for t in own.tokens):
            return None  # label and numbers in one cell: the grid did not separate them
        cells = _value_run(c for c in index.cells(label.row) if c.col >= label.col + label.span)
        if cells is None or _glued(cells, spec):
            return None
        if cells:
            return GridRow(index.grid_of(label.row), (label.row,), cells)
        below = index.rows_below(label.row)[:1]
        if below and all(c.kind in (VALUE, BLANK) for c in index.cells(below[0])):
            return GridRow(index.grid_of(below[0]), (below[0],), index.cells(below[0]))
        return GridRow(index.grid_of(label.row), (label.row,), [])
    first = next((v for v in values if v.kind == VALUE and v.grid is not None), None)
    if first is None:  # a row printed all blank (every cell empty: all 0) is still its row
        first = next((v for v in values if v.grid is not None and v.row is not None and index.cells(v.row)
                      and all(c.kind == BLANK for c in index.cells(v.row))), None)
    if first is None:
        return None
    row = index.cells(first.row)
    last_label = max((k for k, c in enumerate(row) if c.kind == LABEL), default=-1)
    cells = _value_run(row[last_label + 1:])
    if cells is None:
        return None
    out = GridRow(first.grid, (first.row,), cells)
    if spec.id == APPEALS:
        _continue_appeals(index, out, len(spec.cells))
    return out


def _glued(cells: list[GridCell], spec: RowSpec) -> bool:
    """One cell holding n digits for an n-cell row ("1000001"): the separators were lost
    inside the cell, so its columns are not the grid's; the text reading (which splits it only
    if the row then adds up, and says so) decides."""
    n = len(spec.cells)
    if n < 2 or len(cells) != 1 or cells[0].kind != VALUE:
        return False
    text = cells[0].text.strip()
    return text.isdigit() and len(text) == n


def _value_run(cells) -> list[GridCell] | None:
    """The value cells after a label, up to the next text cell; None if a cell holds several
    numbers (a row flattened into one cell is read as text, not as a grid)."""
    out: list[GridCell] = []
    for c in cells:
        if c.kind == LABEL:
            break
        if c.kind == "mixed":
            return None
        out.append(c)
    return out


def _continue_appeals(index: GridIndex, row: GridRow, n: int) -> None:
    """Table 四 printed over several grid rows (e.g. 行政复议 and 行政诉讼 as two bands): the
    value-only rows right below continue it, but only if together they print exactly n cells."""
    if len(row.cells) >= n:
        return
    cells, rows = list(row.cells), list(row.rows)
    for r in index.rows_below(row.rows[-1]):
        more = index.cells(r)
        if not more or any(c.kind not in (VALUE, BLANK) for c in more):
            if any(c.kind == VALUE for c in more):
                return
            continue  # a header band between the value rows
        cells.extend(more)
        rows.append(r)
        if len(cells) >= n:
            break
    if len(cells) == n:
        row.cells, row.rows = cells, tuple(rows)


ShapeKey = tuple[int, int | None, int]  # (grid, first row of the header band above, n)


def shape_key(index: GridIndex, row: GridRow, spec: RowSpec) -> ShapeKey:
    band = _header_rows(index, row.rows[0])
    return row.grid, band[0] if band else None, len(spec.cells)


def grid_shapes(index: GridIndex, rows: list[tuple[RowSpec, GridRow | None]]) -> dict[ShapeKey, tuple[tuple[int, int], ...]]:
    """Per table part (same grid, same header band, same number of cells): the columns its
    rows that print all n cells print them at, when those rows agree on one shape."""
    seen: dict[ShapeKey, set[tuple[tuple[int, int], ...]]] = {}
    for spec, row in rows:
        if row is not None and len(row.rows) == 1 and len(row.cells) == len(spec.cells):
            seen.setdefault(shape_key(index, row, spec), set()).add(row.shape)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@dataclass
class GridPlacement:
    cells: list  # list[PlacedCell | None]
    note: str | None


def place_grid_row(grid_row: GridRow, spec: RowSpec, page: int | None, index: GridIndex,
                   consensus: tuple[tuple[int, int], ...] | None, make_cell) -> GridPlacement:
    """Each printed value into the column it was printed in (see the module docstring).

    ``make_cell(token, page, placement)`` builds the placed cell (``aligned_rows.PlacedCell``);
    ``consensus``: the shape of the table's other rows that print all ``n`` cells.
    """
    n = len(spec.cells)
    cells = grid_row.cells
    how = GRID if len(grid_row.rows) == 1 else SEQUENCE
    if len(cells) == n:  # the row's own cells decide (find_row keeps only value and blank cells)
        return GridPlacement([make_cell(c.tokens[0], page, how) for c in cells], None)  # (_read_cell's reading)
    candidates: dict[str, list[GridCell | None] | None] = {}
    if consensus is not None:
        candidates["the table's other rows"] = _by_shape(cells, consensus)
    header = _by_headers(cells, spec, index, grid_row.rows[0])
    if header is not None or not candidates:
        candidates["the column headers"] = header
    readings = {k: v for k, v in candidates.items() if v is not None}
    if not readings:
        return GridPlacement([None] * n, _note(spec, len(cells), list(range(n)),
                                               "neither the column headers nor the table's other rows say which is which"))
    values = {k: [_read_cell(c, page, GRID, make_cell) if c is not None else None for c in v]
              for k, v in readings.items()}
    agreed: list = []
    differ: list[int] = []
    for slot in range(n):
        seen = {None if v[slot] is None else v[slot].value for v in values.values()}
        if len(seen) == 1:
            agreed.append(next(iter(values.values()))[slot])
        else:
            agreed.append(None)
            differ.append(slot)
    if differ:
        fitting = [v for v in values.values() if all(c is not None for c in v)
                   and _sums_ok([c.value for c in v], spec)]
        if len(fitting) == 1 and spec.sums:
            agreed = [c if k not in differ else _with(c, SUMS) for k, c in enumerate(fitting[0])]
            differ = []
    missing = [k for k, c in enumerate(agreed) if c is None]
    if not missing:
        return GridPlacement(agreed, None)
    reason = ("the column headers and the table's other rows disagree and the row's sums cannot tell"
              if differ else "no printed cell stands under these columns")
    return GridPlacement(agreed, _note(spec, len(cells), missing, reason))


def _without_padding(cells: list[GridCell], n: int, spec: RowSpec, index: GridIndex, row: int) -> list[GridCell]:
    """Empty cells at the row's ends that stand under no column header of the row (an extra
    ``<td>`` after the last value, an empty corner column before the first) are not cells of
    the table."""
    if len(cells) <= n:
        return cells
    known = frozenset().union(*(slot_keys(c) for c in spec.cells))
    band = [h for h, k in _header_band(index, row) if k & known]

    def padding(c: GridCell) -> bool:
        return c.kind == BLANK and bool(band) and not any(c.overlaps(h.col, h.span) for h in band)
    out = list(cells)
    while len(out) > n and padding(out[-1]):
        out.pop()
    while len(out) > n and padding(out[0]):
        out.pop(0)
    return out


def _with(cell, placement: str):
    return replace(cell, placement=placement)


def _sums_ok(values: list[float], spec: RowSpec) -> bool:
    return all(abs(sum(values[p] for p in parts) - values[total]) < 1e-6 for parts, total in spec.sums)


def _read_cell(cell: GridCell, page: int | None, how: str, make_cell):
    """A printed cell's value (a blank is a printed empty cell: 0)."""
    return make_cell(cell.tokens[0], page, how)


def _note(spec: RowSpec, printed: int, slots: list[int], reason: str) -> str:
    names = ", ".join(cell_name(spec, k) for k in slots)
    return (f"row {spec.id}: the table row prints {printed} cells for {len(spec.cells)} columns and "
            f"{reason}; left out {names}")


def cell_name(spec: RowSpec, slot: int) -> str:
    c = spec.cells[slot]
    return f"{c.code}[{c.applicant_type}]" if c.applicant_type else c.code


def _collect(assigned: list[list[GridCell]]) -> list[GridCell | None] | None:
    """Per slot the one cell that stands there: a number wins over blanks under the same
    header (a header spanning a printed cell and an empty one).  Two numbers under one slot:
    this reading cannot be the table's (it has no column for one of them): None."""
    out: list[GridCell | None] = []
    for group in assigned:
        numbers = [c for c in group if c.kind != BLANK]
        if len(numbers) > 1:
            return None
        out.append(numbers[0] if numbers else (group[0] if group else None))
    return out


def _by_shape(cells: list[GridCell], shape: tuple[tuple[int, int], ...]) -> list[GridCell | None] | None:
    """Cells within the columns the table's full rows print theirs at; None if a number
    stands anywhere else (or across two of them)."""
    assigned: list[list[GridCell]] = [[] for _ in shape]
    for c in cells:
        inside = [k for k, (col, span) in enumerate(shape) if c.within(col, span)]
        if len(inside) != 1:
            if c.kind != BLANK:
                return None
            continue
        assigned[inside[0]].append(c)
    return _collect(assigned)


# ---- column headers as evidence -------------------------------------------------------

@lru_cache(maxsize=1)
def _header_words() -> tuple[tuple[str, str], ...]:
    """(normalized wording, key) pairs, longest wording first; key = "axis:value"."""
    data = tomllib.loads(resources.files("parsers.templates").joinpath("columns.toml").read_text(encoding="utf-8"))
    pairs = [(normalize_label(w), f"{axis}:{value}") for axis, table in data.items()
             for value, words in table.items() for w in words]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@text_memo
def header_keys(text: str) -> frozenset[str]:
    """What a header cell's text says about the cells under it (empty if nothing)."""
    norm = strip_numbering(normalize_label(text))
    if not norm:
        return frozenset()
    exact = frozenset(k for w, k in _header_words() if w == norm)
    if exact:
        return exact
    for w, _ in _header_words():
        if len(w) >= 3 and w in norm and len(norm) <= len(w) + _HEADER_SLACK:
            return frozenset(k for w2, k in _header_words() if w2 == w)
    return frozenset()


def slot_keys(cell: CellSpec) -> frozenset[str]:
    """What headers over a template cell say: its applicant type (table 三's columns), else
    the last part of its code and, in table 四, the group (the middle part)."""
    if cell.applicant_type:
        return frozenset({f"applicant:{cell.applicant_type}"})
    parts = cell.code.split(".")
    keys = {f"column:{parts[-1]}"}
    if parts[0] == APPEALS and len(parts) == 3:
        keys.add(f"group:{parts[1]}")
    return frozenset(keys)


def _header_rows(index: GridIndex, row: int) -> list[int]:
    """The nearest rows above ``row`` that print column headers (data rows in between skipped)."""
    band = index.header_rows.get(row)
    if band is None:
        band = index.header_rows[row] = _find_header_rows(index, row)
    return band


def _find_header_rows(index: GridIndex, row: int) -> list[int]:
    band: list[int] = []
    first_value = _first_value_col(index.cells(row))
    for r in index.rows_above(row):
        kind = index.row_kinds.get(r)
        if kind is None:
            kind = index.row_kinds[r] = _row_kind(index.cells(r))
        if kind == _HEADER_ROW and first_value is not None and not _heads_a_value_column(index.cells(r), first_value):
            kind = LABEL  # e.g. the （七）总计 row printed all blank: its label is no column header
        if kind == VALUE:
            if band:
                break
            continue
        if kind == _HEADER_ROW:
            band.append(r)
        elif band:
            break
    return band


def _first_value_col(cells: list[GridCell]) -> int | None:
    """The column of the row's first value or blank cell after its labels (None: none)."""
    last_label = max((k for k, c in enumerate(cells) if c.kind == LABEL), default=-1)
    return next((c.col for c in cells[last_label + 1:] if c.kind in (VALUE, BLANK)), None)


def _heads_a_value_column(cells: list[GridCell], first_value: int) -> bool:
    """A row without numbers heads the value columns only if one of its header cells reaches
    them; a data row printed all blank whose label is also a header's word ("（七）总计") has
    its "header" in the label columns, left of every value: it heads nothing."""
    return any(c.kind == LABEL and c.col + c.span > first_value and header_keys(c.text) for c in cells)


def _row_kind(cells: list[GridCell]) -> str:
    """VALUE: the row prints a number; _HEADER_ROW: else it prints a column header; else LABEL."""
    if any(c.kind == VALUE for c in cells):
        return VALUE
    if any(c.kind == LABEL and header_keys(c.text) for c in cells):
        return _HEADER_ROW
    return LABEL


def _header_band(index: GridIndex, row: int) -> list[tuple[GridCell, frozenset[str]]]:
    """The header cells (with what they say) of the nearest header rows above ``row``."""
    return [(c, k) for r in _header_rows(index, row) for c in index.cells(r)
            if c.kind == LABEL and (k := header_keys(c.text))]


def _by_headers(cells: list[GridCell], spec: RowSpec, index: GridIndex, row: int) -> list[GridCell | None] | None:
    """Each cell under the slot its headers name; None if a number stands where the headers
    name no single slot (or a header straddles it)."""
    slots = [slot_keys(c) for c in spec.cells]
    known = frozenset().union(*slots)
    band = [(c, k & known) for c, k in _header_band(index, row)]
    band = [(c, k) for c, k in band if k]
    if not band:
        return None
    assigned: list[list[GridCell]] = [[] for _ in slots]
    for cell in cells:
        needs = []
        clash = False
        for h, keys in band:
            if cell.within(h.col, h.span):
                needs.append(keys)
            elif cell.overlaps(h.col, h.span):
                clash = True
        matches = [k for k, sk in enumerate(slots) if needs and all(sk & need for need in needs)]
        if clash or len(matches) != 1:
            if cell.kind != BLANK:
                return None
            continue
        assigned[matches[0]].append(cell)
    return _collect(assigned)
