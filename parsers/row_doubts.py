"""Why a row's values, which every best sequence alignment gives to that row, are still not
certainly its own in flattened text (``_doubt_in_text``): a bare label after numbers that may
be its own, a lone number below a one-cell row's label, a row cut off at the document's end,
a part-filled row with printed rows after it, a row continued over a page.  Each doubt is a
sentence; the row is then left out, never moved to another row.

The aligner (``alignment._Aligner._doubt``) asks it only where no real grid or turned table
四 keeps the values in their cells.
"""
from __future__ import annotations

from dataclasses import replace

from .appeals_padding import _appeals_values
from .bare_rows import _bare_row
from .cell_placement import _adds_up_as_evidence, _cell, _fits, _lone_number_rule
from .hits import _Hit
from .row_splitting import _lone_number_not_its_own
from .sequence import (APPEALS, Group, HitOrder, after_spilled_numbers, alone_below_a_one_cell_label,
                       continued_over_the_page, full_row_below, numbers_after_its_header)
from .templates import RowSpec
from .tokens import BLANK, VALUE, Token


def _doubt_in_text(h: _Hit, spec: RowSpec, order: HitOrder, proven: bool,
                   header_closed: RowSpec | None = None) -> str | None:
    """The doubts about a row's values in flattened text (``_Aligner._doubt``).
    ``header_closed``: for values with no label, the bare row a column header of its table
    closed right before them (``continued_over_the_page``)."""
    values = h.values
    if spec.id == APPEALS:
        values = _appeals_values(h, len(spec.cells))
    if not values:
        if spec.id == APPEALS and not h.has_header:
            return None  # a heading without a table
        cells, _ = _bare_row(spec, h, proven)
        if cells is not None and after_spilled_numbers(h, order, spec):
            return (f"row {spec.id}: nothing printed on its label's line, but the row before it has numbers on "
                    f"a line of their own that may be this row's, printed before its label; left out")
        if cells is not None and numbers_after_its_header(h, order):
            return (f"row {spec.id}: a column header of its table follows its label, then numbers no row "
                    f"label claims, which may be this row's (text read column by column); left out")
        return None
    if alone_below_a_one_cell_label(h, spec):
        return _lone_number_rule(values, spec, h.page, [[_cell(values[0], h.page)]])[1]  # the page-number rule
    if _may_be_cut_off(h, values, spec, order):
        return (f"row {spec.id}: the document ends after {_shown(values)}, fewer cells than the row has; it "
                f"may be cut off there, so no cell of it is certain; left out")
    if h.incomplete:
        return (f"row {spec.id}: {_shown(values)} fill only part of the row and the numbers printed after it "
                f"may be its own; left out")
    if continued_over_the_page(h, spec, header_closed, _fits):
        return (f"row {spec.id}: {_shown(values)} follow its table's header printed again right after the label "
                f"of row {header_closed.id} (nothing of it printed before), so they may be that row's, continued over the page; left out")
    return None


def _may_be_cut_off(h: _Hit, values: list[Token], spec: RowSpec, order: HitOrder) -> bool:
    """The row's ``values`` (table 四's without its headers' padding) are still open when the
    document ends, fewer than its cells (``_cut_at_the_end``), and the document's own pattern
    does not say the row is whole (``_printed_like_its_table``)."""
    return _cut_at_the_end(h if values is h.values else replace(h, values=values), spec) \
        and not _printed_like_its_table(h, order.hits)


def _cut_at_the_end(h: _Hit, spec: RowSpec) -> bool:
    """The row is still open when the document ends, with fewer cells printed than it has,
    in text that does not keep its cells' places (one cell per line, rows on lines): the
    rest may be cut off, and which cells the printed ones are cannot be told.  Rows whose
    flattening fixes each cell's place (tab and pipe rows, grids) are read as printed."""
    if h.closed or h.closed_by is not None:
        return False
    cells = [t for t in h.values if t.kind in (VALUE, BLANK)]
    values = [t for t in cells if t.kind == VALUE]
    if len(values) == 1 and values[0].text.strip().isdigit() and len(values[0].text.strip()) == len(spec.cells):
        return False  # one digit per cell, separators lost ("1000001"): the whole row, if it adds up
    return 0 < len(cells) < len(spec.cells) and any(t.row is None for t in cells)


_PATTERN_ROWS = 2


def _printed_like_its_table(h: _Hit, hits: list[_Hit]) -> bool:
    """The document's own pattern says the row at its end is whole: at least two other
    rows of its table, each closed by what follows, print exactly as many cells as it does
    (a report that drops the same blank cells in every row, shared/corpus a-03)."""
    cells = [t.kind for t in h.values if t.kind in (VALUE, BLANK)]
    while cells and cells[-1] == BLANK:
        cells.pop()  # empty lines closing the document say nothing
    n = len(cells)
    counts = [sum(1 for t in o.values if t.kind in (VALUE, BLANK)) for o in hits
              if o is not h and o.table == h.table and o.row_id and o.row_id != APPEALS and o.closed]
    return len(counts) >= _PATTERN_ROWS and all(c == n for c in counts)


def _set_aside_numbers_may_be_its_own(hits: list[_Hit], k: int, groups: list[Group], below: bool,
                                      after_loose: dict[int, _Hit], spec: RowSpec | None) -> bool:
    """The doubt about hit ``k`` of a table (``hits``, its ``groups``), opened by a row label
    (``spec``: that row's; the caller asks only of labelled hits), with nothing on the label's
    line(s) (``below``: its numbers stand on lines of their own below it): numbers no label
    claims stand right before it (``after_loose``: such a group right before a hit, in whichever
    table it was gathered) and may be its own, printed before its label — unless the row is read
    whole from the lines below its label (``sequence.full_row_below``), or all that stands
    before it is a lone number that cannot be this row's."""
    h = hits[k]
    return (_nothing_on_its_label_lines(h, below) and _numbers_set_aside_before(hits, k, groups, after_loose)
            and not full_row_below(h, spec, _adds_up_as_evidence)
            and not _only_a_lone_number_not_its_own_before(hits, k, after_loose, spec))


def _nothing_on_its_label_lines(h: _Hit, below: bool) -> bool:
    """The row label has no number on its own line(s): bare, or its numbers all on lines below it."""
    return not h.values or below


def _numbers_set_aside_before(hits: list[_Hit], k: int, groups: list[Group], after_loose: dict[int, _Hit]) -> bool:
    """Numbers no label claims stand right before hit ``k``: set aside while the stream was read
    (``loose_before``), a group of its table with numbers (``_loose``), or such a group of
    another table (``after_loose``: a missing heading leaves 三's first numbers in 二's table)."""
    h = hits[k]
    return h.loose_before or _loose(hits, k, groups) or id(h) in after_loose


def _only_a_lone_number_not_its_own_before(hits: list[_Hit], k: int, after_loose: dict[int, _Hit],
                                           spec: RowSpec | None) -> bool:
    """Nothing was set aside while the stream was read, and what stands right before hit ``k``
    is the hit before it in its table alone: a lone number on a line of its own that cannot be
    this row's (``row_splitting._lone_number_not_its_own``)."""
    h = hits[k]
    return (not h.loose_before and k > 0 and after_loose.get(id(h), hits[k - 1]) is hits[k - 1]
            and _lone_number_not_its_own(hits[k - 1], h, spec))


def _loose(hits: list[_Hit], k: int, groups: list[Group]) -> bool:
    """The group right before hit ``k`` holds numbers no label claims."""
    return k > 0 and hits[k - 1].row_id is None and groups[k - 1].n_values > 0


def _shown(tokens: list[Token]) -> str:
    vals = [t.text for t in tokens if t.kind == VALUE]
    return repr(" ".join(vals[:8]) + (" …" if len(vals) > 8 else ""))
