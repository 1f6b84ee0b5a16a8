"""An HTML <table> → a rectangular grid of cell texts, spans expanded.

The aligner reads a row's cells by position, so a cell covered by a rowspan/colspan is an
empty string at its grid position rather than missing.  Tables used for page layout (a
cell holding the whole article, nested tables) are told apart here so the walker can read
them as running text instead.
"""
from __future__ import annotations

from lxml import etree

from ..base import Cell
from .cues import BLOCK_TAGS, SKIP_TAGS
from .hidden import is_hidden, style_hides
from ..memo import MEMO_TEXT_MAX, remember, text_memo
from ..textnorm import join_fragments, normalize_cell

MAX_COLSPAN = 200
MAX_GRID_CELLS = 100_000
# A data cell is short; a cell this long is a layout box around running text.
LAYOUT_CELL_CHARS = 400

Grid = list[list[str]]


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _span(el: etree._Element, name: str, limit: int) -> int:
    """rowspan/colspan as an int in 0..limit (0 = to the end of the table, HTML's meaning)."""
    value = el.get(name)
    if value is None:  # most cells: no attribute, no parsing
        return min(1, limit)
    raw = (value or "1").strip()
    digits = "".join(ch for ch in raw.split(".")[0] if ch.isdigit())
    if not digits:
        return 1
    return min(int(digits), limit)


def table_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own <tr>s in rendering order (thead, bodies, tfoot), nested tables excluded."""
    head: list[etree._Element] = []
    body: list[etree._Element] = []
    foot: list[etree._Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            body.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows = [tr for tr in child if _tag(tr) == "tr"]
            {"thead": head, "tbody": body, "tfoot": foot}[tag].extend(rows)
    return head + body + foot


def cell_text(cell: etree._Element) -> str:
    """A cell's text: its lines (<p>, <br>) joined without spaces for CJK.

    A table nested in the cell is flattened in reading order with one space between its
    cells, so its labels stay apart.
    """
    if len(cell) == 0:  # text only (most cells): what the walk below gives, without it
        return _plain_cell_text(cell.text) if cell.text else ""
    # The text is a function of the cell's markup alone (tags, hidden/style, texts and tails,
    # which the serialization holds, escaped): a report repeats its cells' markup
    # ("<td><p><span>0</span></p></td>"), and serializing costs a fraction of the walk.
    markup = etree.tostring(cell, encoding="unicode", with_tail=False)
    if len(markup) > _MARKUP_MAX:
        return _walked_cell_text(cell)
    text = _BY_MARKUP.get(markup)
    if text is None:
        if len(_BY_MARKUP) >= _MARKUP_ENTRIES:
            _BY_MARKUP.clear()
        text = _BY_MARKUP[markup] = _walked_cell_text(cell)
    return text


_MARKUP_MAX = 2000  # characters of a cell's markup worth remembering
_MARKUP_ENTRIES = 4096  # cells remembered (emptied when full): a few MB at most
_BY_MARKUP: dict[str, str] = remember({})


def _walked_cell_text(cell: etree._Element) -> str:
    """:func:`cell_text` of a cell with child elements, by walking them."""
    groups: list[list[str]] = [[]]
    cur: list[str] = []

    def flush() -> None:
        if cur:
            groups[-1].append(normalize_cell("".join(cur)))
            cur.clear()

    if cell.text:
        cur.append(cell.text)
    walker = etree.iterwalk(cell, events=("start", "end"))
    for event, el in walker:
        if el is cell:
            continue
        tag = el.tag
        tag = tag.lower() if tag.__class__ is str else ""
        if event == "start":
            if tag in SKIP_TAGS:
                walker.skip_subtree()
                continue
            if is_hidden(el):
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS or tag == "br":
                flush()
            if el.text:
                cur.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                flush()
                if tag == "td" or tag == "th":
                    groups.append([])
            if el.tail:
                cur.append(el.tail)
    flush()
    return " ".join(text for text in (join_fragments(g) for g in groups) if text)


@text_memo
def _plain_cell_text(text: str) -> str:
    """The text of a cell without child elements (the same cell texts recur in every report)."""
    return join_fragments([normalize_cell(text)])


def table_grid(table: etree._Element) -> Grid | None:
    """Expand spans into a rectangular grid of texts; None when the table is too large."""
    cells = table_cells(table)
    return None if cells is None else [[c.text for c in row] for row in cells]


def table_cells(table: etree._Element) -> list[list[Cell]] | None:
    """Expand spans into a rectangular grid of cells that remember their span.

    A position covered by a neighbour's rowspan/colspan, or past the end of a short row, is
    an empty ``Cell`` with ``origin=False``; None when the table is too large to be data.

    One pass over the rows: each row keeps the set of its grid positions already taken (by
    its own cells or a rowspan from above) and the cells that start in it, built as they are
    read; the grid is then built row by row from a copy of the covered positions.
    """
    rows = [tr for tr in table_rows(table) if not is_hidden(tr)]
    n_rows = len(rows)
    taken: list[set[int]] = [set() for _ in range(n_rows)]
    starts: list[list[Cell]] = [[] for _ in range(n_rows)]
    n_taken = 0  # distinct grid positions filled so far
    width = 0
    plain, made = _PLAIN_CELLS, _CELLS
    for r, tr in enumerate(rows):
        c = 0
        here = taken[r]
        row_cells = starts[r]
        for cell in tr:
            tag = cell.tag
            if tag != "td" and tag != "th" and _tag(cell) not in ("td", "th"):
                continue
            attrs = cell.keys()
            colspan = rowspan = 1
            if attrs:  # most cells carry no attribute: nothing hidden, no span to parse
                if "hidden" in attrs or "style" in attrs and style_hides(cell.get("style")):  # is_hidden
                    continue
                if "colspan" in attrs:
                    colspan = max(_span(cell, "colspan", MAX_COLSPAN), 1)
                if "rowspan" in attrs:
                    rowspan = _span(cell, "rowspan", n_rows)
                    rowspan = n_rows - r if rowspan == 0 else min(rowspan, n_rows - r)
            while c in here:
                c += 1
            if colspan == 1 and rowspan == 1:  # most cells: one new position
                if n_taken + 1 > MAX_GRID_CELLS:
                    return None
                here.add(c)
                n_taken += 1
            else:
                if n_taken + colspan * rowspan > MAX_GRID_CELLS:
                    return None
                cols = range(c, c + colspan)
                for dr in range(rowspan):
                    row_taken = taken[r + dr]
                    before = len(row_taken)
                    row_taken.update(cols)
                    n_taken += len(row_taken) - before
            if len(cell) == 0:  # text only (most cells): the cell by its raw text, in one look-up
                key = (cell.text, c, colspan)
                got = plain.get(key)
                if got is None:
                    got = _cell(plain, key, _plain_cell_text(key[0]) if key[0] else "", c, colspan)
            else:
                text = cell_text(cell)
                key = (text, c, colspan)
                got = made.get(key)
                if got is None:
                    got = _cell(made, key, text, c, colspan)
            row_cells.append(got)
            c += colspan
            if c > width:
                width = c
    # Positions covered by a span or past a short row's end: one (immutable) empty cell per column.
    covered = _covered(width)
    grid: list[list[Cell]] = []
    for row_cells in starts:
        row = covered[:]
        for got in row_cells:
            row[got.col] = got
        grid.append(row)
    return grid


def _cell(memo: dict[tuple[str | None, int, int], Cell], key: tuple[str | None, int, int], text: str,
          col: int, colspan: int) -> Cell:
    """A new origin cell, remembered under ``key`` unless its text is long (prose)."""
    made = Cell(text, None, col, colspan, True)
    if len(text) <= MEMO_TEXT_MAX and (key[0] is None or len(key[0]) <= MEMO_TEXT_MAX):
        if len(memo) >= _CELL_ENTRIES:
            memo.clear()
        memo[key] = made
    return made


# Cells are immutable, so equal ones are shared: the same short texts recur at the same
# columns in every report ("0" in column 3), and building a cell costs more than finding it.
# A cell without child elements is found by its raw text (what ``cell_text`` reads it from),
# one with children by its text.  Bounded (emptied when full), emptied by ``forget_all``.
_CELL_ENTRIES = 8192
_CELLS: dict[tuple[str | None, int, int], Cell] = remember({})
_PLAIN_CELLS: dict[tuple[str | None, int, int], Cell] = remember({})
_COVERED: list[Cell] = []
_COVERED_SHARED = 256  # columns: a report's tables are narrower; a hostile one is built anew


def _covered(width: int) -> list[Cell]:
    """The empty cells of covered positions, one per column (shared: they are immutable)."""
    if width > _COVERED_SHARED:
        return [Cell("", None, c, 1, False) for c in range(width)]
    while len(_COVERED) < width:
        _COVERED.append(Cell("", None, len(_COVERED), 1, False))
    return _COVERED[:width]


def is_layout_cells(cells: list[list[Cell]]) -> bool:
    """:func:`is_layout_grid` of the cells' texts, without building the grid of texts."""
    if len(cells) == 1 and len(cells[0]) == 1:
        return True
    texts = [c.text for row in cells for c in row if c.text]
    return not texts or any(len(text) > LAYOUT_CELL_CHARS for text in texts)


def is_layout_grid(grid: Grid) -> bool:
    """A box around running text rather than a table of figures."""
    if not grid or not any(any(row) for row in grid):
        return True
    if len(grid) == 1 and len(grid[0]) == 1:
        return True
    return any(len(text) > LAYOUT_CELL_CHARS for row in grid for text in row)
