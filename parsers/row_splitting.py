"""Where rows sit on lines: which printed rows after a row label are that row's own
(``_split_overfull``).  A labelled row takes the printed rows after its label only as far as
they fit in it and, together, keep its sums; the printed rows after that become groups of
their own (a row printed before its wrapped label, a row whose label was lost, a page number)
for the sequence alignment to place.  Also the lone-number rules this needs: a number alone
on a line below a label that cannot be the row's (``_lone_number_not_the_rows``), or that
right before a label cannot be that row's (``_lone_number_not_its_own``).

It reshapes the aligner's hits (``hits._Hit``) before the sequence alignment
(``alignment._Aligner.result``); the arithmetic is ``cell_placement``'s.
"""
from __future__ import annotations

from dataclasses import replace

from .cell_placement import _adds_up_as_evidence, _fits, _sums_ok, _value
from .hits import _Hit
from .settled_order import in_one_printed_row_each
from .sequence import (APPEALS, all_below_label, bare_but_a_page_number, lone_number, on_a_line_of_its_own,
                       printed_on_its_label_line)
from .templates import RowSpec
from .tokens import BLANK, VALUE, Token


def _lines_hold_rows(hits: list[_Hit]) -> bool:
    """Some row label and its numbers stand on one free text line (no tab, pipe or grid):
    the document prints a row on a line, as text lifted from a PDF does, even where too few
    rows hold numbers for the tokenizer to see it.  There a number on a line of its own is
    not tied to the label above it (a page number, or a row printed before its label), as
    it is in text that prints one cell per line."""
    return any(h.row_id and h.row_id != APPEALS and any(
        t.kind == VALUE and t.line in h.label_lines and t.row is None and t.grid is None for t in h.values)
        for h in hits)


def _printed_rows(h: _Hit) -> list[int | None]:
    """The printed row each of the hit's values sat in, where the flattening keeps rows (tab/pipe
    rows, grids, whole rows on lines); None in cell-per-line text.  Free text lines in text too
    sparse for column positions count only for a row printed on its label's line
    (``printed_on_its_label_line``, asked once per hit): a document can print some rows on lines and
    others one cell per line (PDFium copy-paste, tests/test_pdf_text_roundtrip.py s0-pdfium),
    and a row printed one cell per line throughout is one printed row, however many lines it
    takes."""
    keys: list[int | None] = []
    on_label_line: bool | None = None
    for tok in h.values:
        if tok.row is not None:
            keys.append(tok.row)
        elif tok.x is not None:
            keys.append(tok.line)
        else:
            if on_label_line is None:
                on_label_line = printed_on_its_label_line(h)
            keys.append(tok.line if on_label_line and on_a_line_of_its_own(h, tok) else None)
    return keys


def _split_overfull(hits: list[_Hit], specs: dict[str, RowSpec]) -> list[_Hit]:
    """Where rows sit on lines, a labelled row takes the printed rows after its label only as
    far as they fit in it (a row's numbers may break over two lines); the printed rows
    after that are groups of their own (a row printed before its wrapped label, a row whose
    label was lost, a page number) for the sequence alignment to place.  Printed rows are
    one row only where together they fill it exactly and keep its sums; otherwise the second
    stands alone, and the first, if it fills only part of the row, is not certain either.
    Each hit is split knowing whether the hit after it is read as a whole row below its label
    (``_whole_below``), so the hits are split from the last one back."""
    if in_one_printed_row_each(hits):  # nothing to split (parsers/settled_order.py)
        return list(hits)
    parts: list[list[_Hit]] = []
    nxt_whole = False
    for i in range(len(hits) - 1, -1, -1):
        split, nxt_whole = _split_one(hits[i], hits[i + 1] if i + 1 < len(hits) else None, specs, nxt_whole)
        parts.append(split)
    return [h for split in reversed(parts) for h in split]


def _split_one(h: _Hit, nxt: _Hit | None, specs: dict[str, RowSpec], nxt_whole: bool) -> tuple[list[_Hit], bool]:
    """``_split_overfull`` for one hit, ``nxt`` the hit after it (``nxt_whole``: read as a whole
    row below its label): the hits it is read as, and whether it is itself read as a whole row
    below its label (``_whole_below``)."""
    if h.row_id and h.row_id != APPEALS and _lone_number_not_the_rows(h, specs[h.row_id]):
        lone = _Hit(None, "", h.values[0].page, h.section, values=list(h.values), closed=h.closed,
                    closed_by=h.closed_by, table=h.table, lines_hold_rows=h.lines_hold_rows, before_close=True)
        return [replace(h, values=[]), lone], False
    keys = _printed_rows(h) if h.row_id and h.row_id != APPEALS else None
    if not keys or None in keys:
        return [h], False
    n = len(specs[h.row_id].cells)
    printed: list[list[Token]] = []
    last = None  # the printed row of the last group's first value (keys[] holds it)
    for t, k in zip(h.values, keys):
        if printed and last == k:
            printed[-1].append(t)
        else:
            printed.append([t])
            last = k
    take, count = 1, len(printed[0])
    while take < len(printed) and count + len(printed[take]) <= n:
        count += len(printed[take])
        take += 1
    head = [t for p in printed[:take] for t in p]
    spec = specs[h.row_id]
    refused = False
    if take > 1 and (not spec.sums or (len(head) < n and _another_row_among(printed[1:take], specs, spec))
                     or (len(head) == n and not _sums_ok([_value(t) for t in head], spec, unknown_holds=False)
                         and not _lone_number_filling(printed[1:take]))
                     or (not nxt_whole and _before_bare_label(printed[1:take], nxt, specs))):
        # nothing says the printed rows are one: only a whole row that adds up proves it (a
        # part-filled row and later printed rows of which some run could be a row of the
        # table may as well be two rows, the second's label lost or printed after its numbers,
        # a page number perhaps between; ones that fit no row — a page number alone — stay,
        # for the placement to weigh), and not even that
        # where the next row's label has nothing on its line and they fit that row — unless
        # that row is read as a whole row from the numbers below its own label, which leaves
        # no cell of it for these
        take, head, refused = 1, list(printed[0]), True
    rest = printed[take:]
    if not any(t.kind == VALUE for p in rest for t in p):
        return [h], _whole_below(h, spec)
    while len(head) > n and head[-1].kind == BLANK:
        head.pop()
    # fewer numbers than cells, and the printed rows after it set apart: which of them
    # (if any) are this row's cannot be told, so its own numbers do not stand alone
    out = [replace(h, values=head, closed=True, closed_by="row", incomplete=refused and len(head) < n)]
    for part in rest:
        if any(t.kind == VALUE for t in part):
            out.append(_Hit(None, "", part[0].page, h.section, values=part, closed=True, closed_by="row",
                            table=h.table, lines_hold_rows=h.lines_hold_rows))
    out[-1].closed, out[-1].closed_by = h.closed, h.closed_by
    return out, False


def _lone_number_not_the_rows(h: _Hit, spec: RowSpec) -> bool:
    """All that follows the row's label is one number alone on a line of its own below it (a
    page number at the foot of the page, text whose rows sit on lines), which cannot stand in
    the row: a row with sums prints at least two numbers unless it is all blank.  The label
    is then read as a bare label (what closed it decides what that means,
    ``_bare_row``), the number as one no row label claims (said, never read)."""
    if len(h.values) != 1 or h.values[0].kind != VALUE or h.values[0].grid is not None or not spec.sums \
            or not bare_but_a_page_number(h):
        return False  # (a real grid keeps every value in its printed cell)
    return on_a_line_of_its_own(h, h.values[0]) and not _fits(h.values, spec)


def _lone_number_not_its_own(before: _Hit, h: _Hit, spec: RowSpec | None) -> bool:
    """A lone number on a line of its own (``before``: a page number, a stray) right before
    the label of ``h`` that cannot be this row's, so it does not put the row in doubt.  A bare
    label: the number alone cannot stand in the row (count and sums: one number that is not 0
    is no row with sums).  A row read whole from the lines below its label (``_whole_below``):
    were the number its first cell, the row would be it and the first of those lines (the
    others the next rows', printed before their labels); no such reading fits the row — as
    ``sequence.full_row_below`` says for one such line.  (A row that prints only part of its
    cells below its label stays in doubt.)"""
    if spec is None or before.row_id is not None or not lone_number(before):
        return False
    lone = [t for t in before.values if t.kind == VALUE]
    if not h.values:
        return bool(spec.sums) and not _fits(lone, spec)
    if not _whole_below(h, spec):
        return False
    lines: list[list[Token]] = []
    for t in h.values:
        if lines and lines[-1][-1].line == t.line:
            lines[-1].append(t)
        else:
            lines.append([t])
    return not any(_fits(lone + [t for line in lines[:j] for t in line], spec) for j in range(len(lines)))


def _whole_below(h: _Hit, spec: RowSpec) -> bool:
    """The row is read whole from the printed rows below its label (``_split_one`` kept them
    all as its own): as many numbers as it has cells, each a readable number, on lines of
    their own below the label, keeping its sums.  Then no cell of it is left for numbers
    printed before its label (``_before_bare_label``), as for one such line
    (``sequence.full_row_below``)."""
    return (bool(spec.sums) and len(h.values) == len(spec.cells) and all(t.kind == VALUE for t in h.values)
            and all_below_label(h) and _adds_up_as_evidence(h.values, spec))


def _lone_number_filling(parts: list[list[Token]]) -> bool:
    """What would fill the row is one number alone on a line of its own: its own last cell or
    a page number, the one question the page-number rule (``_lone_number_rule``) answers for
    a full row — so the row keeps it for place() to ask (set apart, the row's own numbers
    were left out as part of a row, though without it they may add up for certain)."""
    return len(parts) == 1 and len(parts[0]) == 1 and parts[0][0].kind == VALUE


def _another_row_among(parts: list[list[Token]], specs: dict[str, RowSpec], spec: RowSpec) -> bool:
    """Some run of the printed rows after a part-filled row could be a row of its table on its
    own: the next row printed before its label, a row whose label was lost (a page number
    may stand between), so the printed rows are not certainly one row with it."""
    same = [s for s in specs.values() if s.section == spec.section]
    return any(_fits([t for p in parts[a:b] for t in p], s)
               for a in range(len(parts)) for b in range(a + 1, len(parts) + 1) for s in same)


def _before_bare_label(parts: list[list[Token]], nxt: _Hit | None, specs: dict[str, RowSpec]) -> bool:
    """Printed rows that stand right before a row label with nothing on its own line, and fit
    that row: shredded text prints a row's numbers before its label, so they may be its own."""
    if nxt is None or not nxt.row_id or nxt.row_id not in specs or (nxt.values and not all_below_label(nxt)):
        return False
    return _fits([t for p in parts for t in p], specs[nxt.row_id])
