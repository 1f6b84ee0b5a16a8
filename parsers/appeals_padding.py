"""Table 四's header padding told from its data: blank cells printed in its header rows, the
filler run of pipes that ends a printed header row, a stub table of blank marks under
placeholder headers beside the one printed row holding the row's cells.  Table 四 has one
row opened by its headers, so whatever the flattening prints among its headers would
otherwise be read as its first cells.
"""
from __future__ import annotations

from .hits import _Hit
from .tokens import BLANK, VALUE, Token


def _appeals_values(h: _Hit, n: int) -> list[Token]:
    """Table 四's values without its headers' padding: blank cells printed in a header row, and,
    where the flattening keeps printed rows, printed rows of blank marks only ("| - | - | - | - |",
    a converter's stub table under placeholder headers) beside one printed row holding exactly
    the row's ``n`` cells — that row is the whole data row, so nothing else can be a cell of it.
    The stub's four "-" were read as the first of 19 cells, and the row's sums then pushed its
    numbers into the wrong five columns (行政复议's 80 1 3 _ 84 written as 未经复议直接起诉's)."""
    values = [v for v in h.values if not (v.kind == BLANK and v.row in h.header_rows)]
    if len(values) <= n or any(v.row is None for v in values):
        return values
    rows: dict[int, list[Token]] = {}
    for v in values:
        rows.setdefault(v.row, []).append(v)
    full = [r for r, vs in rows.items() if len(vs) == n]
    if len(full) != 1 or not all(v.kind == BLANK or (v.number is not None and v.number.is_blank)
                                 for r, vs in rows.items() if r != full[0] for v in vs):
        return values
    return rows[full[0]]


def _padding(tok: Token) -> bool:
    """A cell before one of table 四's header rows that says nothing: a blank, or a dash or
    slash (Markdown stub tables under placeholder headers are filled with "-")."""
    return tok.kind == BLANK or (tok.kind == VALUE and tok.number is not None and tok.number.is_blank)


def _drop_header_padding(values: list[Token], first_value: Token) -> None:
    """Before table 四's first number: blank cells from the header rows are not data.

    Where rows are known (tab/pipe rows, grids): a blank printed in another row than the
    number is header padding.  In cell-per-line text a blank's row is unknown, but a line of
    pipes only that closes several blank cells at once ("|||||") is the filler run ending a
    printed row (its spanned positions), never cells of the next row: it and what stands
    before it are the headers'.  A lone "|" may be a blank data cell, so it stays.
    """
    if any(v.kind == VALUE for v in values):
        return
    if first_value.row is None:
        per_line: dict[int, int] = {}
        for v in values:
            if v.line is not None:
                per_line[v.line] = per_line.get(v.line, 0) + (1 if v.kind == BLANK else 1 << 20)
        ends = [k for k, v in enumerate(values) if v.kind == BLANK and v.line is not None
                and 2 <= per_line[v.line] < 1 << 20 and v.line != first_value.line]
        if ends:
            del values[:ends[-1] + 1]
        return
    values[:] = [v for v in values if v.row is None or v.row == first_value.row]
