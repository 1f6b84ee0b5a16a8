"""Global template-order alignment: which printed group of values is which template row.

A flattened table is a sequence of *groups* (the values that follow a label, or values that
stand with no label of their own: a row printed before its wrapped label, a row whose label
was lost, a stray page number).  The template fixes the rows' order, so the groups are
aligned with the table's row sequence as a whole: a monotone alignment (each group goes to
at most one row, each row takes at most one group, both in order), found by dynamic
programming over integer scores.  Labels are the evidence (a group opened by a row's own
label, a group standing right before a bare label of that row, a near-miss label standing
where its row stands); the row's own sums are the constraint for a group without a label
(its values must be placeable in that row).

Only what the alignment makes certain is used: a group is given to a row only when every
best-scoring alignment gives it that row.  Groups that several best alignments place
differently are left out, and the caller names them in the report's sentence.

Some evidence says a group's values may not be that row's even where the order is not in
doubt (a lone number on a line of its own that may be a page number, a row still open where
the document ends, a part-filled row with printed rows after it, a bare label right after
numbers that may be its own): the caller's ``doubt`` names it.  Such a group still holds its
row in the alignment — no other group may take a row the document gives to a label, so
doubt never moves a value to another row — but it is not certain: it is left out with the
doubt's sentence.

The rules about bare labels and page numbers (what closes a bare row label, when nothing after
a label is not certainly an all-blank row, when a number alone on a line may be a page
number) are all at the end of this module, each with why; the alignment asks them of its
hits while it reads the stream and when it builds and doubts the groups.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import add
from typing import TYPE_CHECKING, Callable, Sequence

import regex

from .grid_columns import header_keys, slot_keys
from .tokens import VALUE, Token

if TYPE_CHECKING:  # the aligner's records (parsers/hits.py, parsers/label_segments.py), for the type hints
    from .hits import _Hit
    from .label_segments import _Segment
    from .templates import RowSpec
    from .vocab import Vocabulary

APPEALS = "appeals"  # table 四's one row, opened by its headers (no row label of its own)

# Evidence weights (integers: ties are exact, so "unique best" is decidable).
OWN_LABEL = 1000  # opened by the row's own (exactly matched) label, with values
NEAR_LABEL = 500  # opened by a near miss of the row's label
BARE_LABEL = 100  # the row's label with nothing printed after it
LABEL_AFTER = 600  # no label of its own, right before a bare label of the row
SEQUENCE_ONLY = 200  # no label at all: only the row order and the row's sums say which row
HOME = 300  # the group stands in the section the table belongs to (a table row beats prose)
FULL = 200  # as many values as the row has cells


@dataclass
class Group:
    """Values printed together, with what the document says about their row."""

    tokens: list  # value / blank tokens in printed order
    label_row: str | None = None  # row id of the label that opened it (None: no label)
    near_miss: bool = False  # the opening label is a near miss, not an exact match
    below_label: bool = False  # its numbers stand on lines of their own below the label
    next_bare: str | None = None  # row id of the label printed right after it, when that label has
    # nothing on its own line(s) (bare, or its numbers on lines below it)
    home: bool = False
    closed_by_label: bool = False  # the next row label of its table follows it, nothing between
    n_values: int = 0
    payload: object = None  # the caller's record (its hit)
    candidates: dict[str, int] = field(default_factory=dict)  # row id → score


@dataclass(frozen=True, slots=True)
class Outcome:
    """The certain part of the alignment."""

    assigned: dict[int, str]  # group index → row id, for groups every best alignment agrees on
    uncertain: list[int]  # groups that best alignments place differently (left out)
    strays: list[int]  # groups every best alignment leaves unassigned
    doubted: dict[int, str] = field(default_factory=dict)  # group → why its one row is not certain (left out)


def score_groups(groups: Sequence[Group], rows: Sequence[str], cells: dict[str, int],
                 fits: Callable[[Group, str], bool]) -> None:
    """Fill each group's candidate rows with their evidence score.

    ``cells``: row id → number of value cells; ``fits(group, row)``: the group's values can
    stand in that row (count, and the row's own sums for a group without a label)."""
    for g in groups:
        g.candidates = {}
        if g.label_row is not None:
            if g.label_row in cells:
                if g.tokens and g.below_label:
                    # numbers on lines below the label: no stronger than numbers above the next
                    # one, and like them held to the row's sums
                    if fits(g, g.label_row):
                        full = len(g.tokens) == cells[g.label_row]
                        g.candidates[g.label_row] = LABEL_AFTER + (HOME if g.home else 0) + (FULL if full else 0)
                elif g.tokens:
                    base = NEAR_LABEL if g.near_miss else OWN_LABEL
                    g.candidates[g.label_row] = base + (HOME if g.home else 0) + g.n_values
                else:
                    g.candidates[g.label_row] = BARE_LABEL // (2 if g.near_miss else 1) + (HOME if g.home else 0)
            continue
        if not g.n_values:
            continue
        for r in rows:
            if not fits(g, r):
                continue
            full = len(g.tokens) == cells[r]
            home = HOME if g.home else 0
            if g.next_bare == r:
                g.candidates[r] = LABEL_AFTER + home + (FULL if full else 0)
            elif full and cells[r] >= 3:
                g.candidates[r] = SEQUENCE_ONLY + home + FULL


def align_groups(groups: Sequence[Group], rows: Sequence[str],
                 doubt: Callable[[int, str], str | None] | None = None,
                 fits: Callable[[Group, str], bool] | None = None) -> Outcome:
    """The monotone alignment of groups (stream order) with rows (template order).

    ``doubt(group index, row id)``: why that group's values are not certainly that row's,
    asked only of groups every best alignment gives that one row (None: certain).
    ``fits`` (as for ``score_groups``): a bare label right after numbers that are left out
    and could stand in its row is not certain either (they may be its own)."""
    m, k = len(groups), len(rows)
    neg = -1 << 60

    # s(i, j): a group's candidate rows, as (j, score) in row order (every other s(i, j) is
    # ``neg`` and never wins).  Each row of the tables is monotone along j, so a row is its
    # neighbour's copy, raised only from each candidate on: the same recurrences as stepping
    # through every (i, j), in steps per candidate
    at = {r: j for j, r in enumerate(rows)}
    if len(at) == k:
        cand = [sorted((at[r], v) for r, v in g.candidates.items() if r in at and v > neg // 2) for g in groups]
    else:  # a row id twice in ``rows``: each position holds its score
        cand = [[(j, g.candidates[r]) for j, r in enumerate(rows)
                 if r in g.candidates and g.candidates[r] > neg // 2] for g in groups]

    fwd = [[0] * (k + 1)]
    for i in range(1, m + 1):
        up = fwd[i - 1]
        here = up[:]  # max(fwd[i-1][j], fwd[i][j-1]) where s(i-1, j-1) is neg: up is non-decreasing
        for c, sc in cand[i - 1]:  # max(..., fwd[i-1][j-1] + s(i-1, j-1)) at j = c + 1, carried right
            v = up[c] + sc
            j = c + 1
            while j <= k and here[j] < v:
                here[j] = v
                j += 1
        fwd.append(here)
    zeros = [0] * (k + 2)  # bwd[m] and bwd[m + 1]: read, never changed
    bwd = [zeros] * (m + 2)
    for i in range(m - 1, -1, -1):
        down = bwd[i + 1]
        here = bwd[i] = down[:]  # non-increasing along j (down[k + 1] stays 0)
        for c, sc in reversed(cand[i]):  # max(..., s(i, j) + bwd[i+1][j+1]) at j = c, carried left
            v = sc + down[c + 1]
            j = c
            while j >= 0 and here[j] < v:
                here[j] = v
                j -= 1
    opt = fwd[m][k]
    assigned: dict[int, str] = {}
    uncertain: list[int] = []
    strays: list[int] = []
    for i in range(m):
        f, b = fwd[i], bwd[i + 1]
        options = [j for j, sc in cand[i] if f[j] + sc + b[j + 1] == opt]
        can_stray = opt in map(add, f, b)  # some f[j] + b[j] == opt, j ≤ k (f has k + 1 entries)
        if len(options) == 1 and not can_stray:
            assigned[i] = rows[options[0]]
        elif options:
            uncertain.append(i)
        else:
            strays.append(i)
    # A row two uncertain groups compete for is uncertain too: nothing more to do, since an
    # uncertain group is never written; a certain group's row is certain by construction
    # (every best alignment gives that row to that group, so to no other).
    doubted: dict[int, str] = {}
    for i in sorted(assigned):
        why = doubt(i, assigned[i]) if doubt is not None else None
        if (not why and fits is not None and not groups[i].n_values and i and groups[i - 1].n_values
                and i - 1 not in assigned and fits(groups[i - 1], assigned[i])):
            # a bare label right after numbers no row certainly takes: they may be its own,
            # printed before its label, so it is not certainly an all-blank row
            why = (f"row {assigned[i]}: nothing printed after its label, but the numbers right before it "
                   f"were not placed and may be its own; left out")
        if not why and fits is not None and groups[i].n_values and i - 1 in strays:
            why = _after_a_label_out_of_order(groups, rows, i, assigned[i], fits)
        if why:
            doubted[i] = why
            del assigned[i]  # its row stays taken (by construction no other group had it)
    return Outcome(assigned, uncertain, strays, doubted)


# ---- bare labels and page numbers ---------------------------------------------------------
# Every rule about a row label with nothing (or only a lone number) printed after it, and
# about a number standing alone on a line (perhaps a page number), in one place.  The
# alignment (parsers/alignment.py) asks them of its hits (``_Hit``: a row label or values with
# no label, their tokens and what closed them) while it reads the stream (the closing rules)
# and when it builds and doubts the groups above (the others); what a bare row then reads as
# (zeros or nothing) is ``bare_rows._bare_row``, and whether a lone number is a row's last
# cell or a page number, with the sums, ``cell_placement._lone_number_rule`` (both place cells).

# -- where a number stands: a line of its own, or its row's label line
def on_a_line_of_its_own(h: _Hit, t: Token) -> bool:
    """The value's text line is a printed row of its own: column positions were set (rows
    on lines), or the document is seen to print rows on lines (``row_splitting._lines_hold_rows``)."""
    return t.line is not None and (t.x is not None or (h.lines_hold_rows and t.row is None and t.grid is None))


def printed_on_its_label_line(h: _Hit) -> bool:
    """Some of the row's numbers stand on its label's line (free text, no tab, pipe or grid):
    the document printed this row on a line, so numbers on lines of their own below it are
    other printed rows (a page number, the next row printed before its wrapped label)."""
    return h.lines_hold_rows and any(t.kind == VALUE and t.line in h.label_lines and t.row is None
                                     and t.grid is None for t in h.values)


def numbers_off_label_lines(h: _Hit) -> list[Token]:
    """A row's numbers on lines of their own below its label, in text whose rows sit on
    lines (so a number's line says which printed row it is in)."""
    if not h.label_lines:
        return []
    return [t for t in h.values if t.kind == VALUE and on_a_line_of_its_own(h, t) and t.line not in h.label_lines]


def all_below_label(h: _Hit) -> bool:
    """All of a row's numbers stand on lines of their own below its label."""
    vals = [t for t in h.values if t.kind == VALUE]
    return bool(vals) and len(numbers_off_label_lines(h)) == len(vals)


def lone_number(h: _Hit) -> bool:
    """A single number standing on a line of its own."""
    vals = [t for t in h.values if t.kind == VALUE]
    return len(vals) == 1 and len(h.values) == 1 and on_a_line_of_its_own(h, vals[0])


# -- page numbers: a lone number that may be one, and what it leaves certain
def alone_below_a_one_cell_label(h: _Hit, spec: RowSpec) -> bool:
    """A one-cell row whose only printed number stands on a line of its own below its label:
    the page-number question (``cell_placement._lone_number_rule``) for a row with no rest to place."""
    return len(spec.cells) == 1 and len(h.values) == 1 and h.values[0].kind == VALUE and all_below_label(h)


def full_row_below(h: _Hit, spec: RowSpec | None, adds_up: Callable[[list[Token], RowSpec], bool]) -> bool:
    """Below its label, on one line of their own, as many numbers as the row has cells, and
    they add up: no cell is left for numbers printed before the label (a page number, a
    stray), so those cannot be its own and do not put this row in doubt.  ``adds_up``: the
    row's own sums hold for these numbers as its cells (an unreadable one proves nothing)."""
    if spec is None or not spec.sums or len(h.values) != len(spec.cells):
        return False
    lines = {t.line for t in h.values}
    if len(lines) != 1 or None in lines or any(t.kind != VALUE for t in h.values) or not all_below_label(h):
        return False
    return adds_up(h.values, spec)


def bare_but_a_page_number(h: _Hit) -> bool:
    """Nothing printed after the row's label but perhaps the page number at the foot of its
    page: no value, or one number on a line of its own below the label."""
    vals = [t for t in h.values if t.kind == VALUE]
    if not vals:
        return True
    return (len(vals) == 1 and vals[0].line is not None and vals[0].line not in h.label_lines
            and all(t.line != vals[0].line for t in h.values if t is not vals[0]))


# -- what closes a bare row label (read while feeding the stream)
def header_line(seg: _Segment, table: str | None, vocab: Vocabulary) -> bool:
    """Laid-out text: an unmatched long text that is a line of ``table``'s header, its cells
    kept apart by runs of spaces ("（本列数据的勾稽关系为：第一项加第二项之和，       申请人情况"): the
    first the head of a wrapped header cell of the table, each other a header of it."""
    if len(seg.tokens) != 1 or seg.tokens[0].x is None or table is None:
        return False
    first, *rest = regex.split(r"\s{2,}", seg.text.strip())
    head = vocab.header_head(first) or (vocab.match(first) or (None,))[0]
    if head is None or head.kind != "header" or head.id != table:
        return False
    return all((m := vocab.match(p)) is not None and m[0].kind == "header" and m[0].id == table for p in rest)


def closed_by_page_header(last: _Hit | None, table: str | None, loose: bool) -> bool:
    """Laid-out text: the last row label, bare, was closed by a line of its table's header
    printed as one long text (``header_line``: the header repeated after a page break reads
    as prose), and now a row label of that same table follows straight, no number set aside
    between: the header closed the bare row (an all-blank row, as after the next label).
    Numbers between keep it open: they may be its own, continued over the page."""
    return (last is not None and last.before_page_header and last.closed_by == "prose" and not last.values
            and not loose and last.table == table)


def page_header_ended_table(closed: _Hit | None, last: _Hit | None, loose: bool, next_table: str | None) -> bool:
    """Laid-out text: the bare row ``closed`` by a line of its table's header printed as one
    long text (``header_line``), and after that header, with nothing between but the rest of
    it (no number, prose or other label: the last hit is still the bare row), not a row label
    of its table (``closed_by_page_header``) but the next heading, another table's row or the
    document's end (``next_table``: None or another table): as after a header read as one
    (``header_close_confirmed`` fails), the row is closed by a header with no row of its table
    after it (``closed_by`` "header-…", ``table_ended_after``)."""
    return (closed is not None and closed is last and closed.before_page_header and closed.closed_by == "prose"
            and not closed.values and not loose and next_table != closed.table)


def closes_a_bare_row(cur: _Hit | None, kind: str, table: str | None, text: str,
                      specs: dict[str, RowSpec]) -> bool:
    """A label of kind ``kind`` (a header's table ``table``, printed ``text``) closes the open
    row ``cur``: is it a column header of that row's own table, naming no column of a later
    sub-table (``names_later_columns``), closing a bare row (nothing after its label but
    perhaps the page number: ``bare_but_a_page_number``)?  Then numbers right after it may be
    that row's, carried over the page (``continued_over_the_page``)."""
    return (cur is not None and cur.row_id not in (None, APPEALS) and bare_but_a_page_number(cur)
            and kind == "header" and table == cur.table and not names_later_columns(text, cur.row_id, specs))


def keeps_a_bare_row_open(closed: _Hit | None, kind: str, table: str | None, text: str,
                          specs: dict[str, RowSpec]) -> bool:
    """After ``closes_a_bare_row``, a further label: another header of the bare row's table
    that names no column of a later sub-table (the rest of its header, or of the table's first
    header, repeated) keeps its numbers possibly carried over the page; anything else (a group
    label opening the next row's group, another table's header, the next sub-table's header)
    ends that."""
    return (kind == "header" and closed is not None and table == closed.table
            and not names_later_columns(text, closed.row_id, specs))


def names_the_next_table(bare: _Hit, kind: str, table: str | None, text: str, specs: dict[str, RowSpec]) -> bool:
    """A column header of the bare row's own table (kind ``header``, table ``table``, printed
    ``text``) naming a column of a later sub-table only (``names_later_columns``): numbers
    printed after it stand in its columns, not in the bare row's (``numbers_after_its_header``)."""
    return (bare.row_id not in (None, APPEALS) and bare_but_a_page_number(bare) and kind == "header"
            and table == bare.table and names_later_columns(text, bare.row_id, specs))


def names_later_columns(text: str, row_id: str, specs: dict[str, RowSpec]) -> bool:
    """A column header naming a column (``templates/columns.toml``) that the row has not and
    that only a row of its table set after it has: the header of the next (sub-)table
    ("采购项目数量" after 行政事业性收费).  A header naming only columns of rows set before the row
    ("本年制发件数" after 行政处罚) is no next sub-table: Word repeats a table's FIRST header row
    at the top of each page, whichever sub-table breaks there, so it is the page break.
    ``specs`` holds the template's rows in table order."""
    keys = header_keys(text)
    spec = specs[row_id]
    if not keys or any(keys & slot_keys(c) for c in spec.cells):
        return False
    mine = [r for r in specs.values() if r.section == spec.section]
    earlier = mine[:next(k for k, r in enumerate(mine) if r.id == row_id)]
    if any(keys & slot_keys(c) for r in earlier for c in r.cells) and not any(
            keys & slot_keys(c) for r in mine[len(earlier):] for c in r.cells):
        return False  # an earlier sub-table's header: the table's first header repeated over a page
    return True


def header_close_confirmed(closed: _Hit | None, next_table: str | None) -> bool:
    """A bare row closed by a column header or a group label (``closed_by == "header"``) is
    certainly an all-blank row only once a row label of its own table follows (the table goes
    on: the header was the next sub-table's, the group label the next group's, or the header
    repeated over a page and the next row printed there), or numbers (then the doubts about
    numbers after its header decide).  Where instead, with nothing between, the document ends,
    the next section's heading or another table's row comes first, the header may be the one
    repeated at the top of a page whose rows are not in the document (a page cut off, a
    missing heading): the row's cells are not in it (``bare_rows._bare_row``).  Prose between
    the header and that row label breaks the table as prose right after the label does
    (``alignment._Aligner._prose_after_header``): no close by a header is left to confirm."""
    return closed is not None and next_table is not None and next_table == closed.table


def table_ended_after(closed_by: str | None) -> bool:
    """A bare row is the last row of its table printed: the next section's heading follows it,
    or a header or group label and then the next heading or another table's row, with nothing
    between (``closed_by`` "heading", "header-heading", "header-table").  The header adds
    nothing to what ended the table (whether the page after it is in the document is the
    same question as for the heading right after the label), so the three read alike: where
    this document prints its all-blank rows as bare labels (``bare_rows_proven``) the row is
    all blank, elsewhere perhaps cut off (``bare_rows._bare_row``).  The document's end after
    the header stays what the end right after the label is: perhaps cut off."""
    return closed_by in ("heading", "header-heading", "header-table")


# -- bare labels: when nothing after a label is not certainly an all-blank row
def _after_a_label_out_of_order(groups: Sequence[Group], rows: Sequence[str], i: int, row: str,
                                fits: Callable[[Group, str], bool]) -> str | None:
    """Group ``i`` is given ``row``, but right before its label stands a bare label of its table,
    closed by that label, which every best alignment leaves out because the template puts its
    row after ``row`` ("（七）总计" / "3.其他" / numbers): text read out of order (plain pdftotext
    over a page break) printed the two labels one after the other, so the numbers after them
    may be either's, and are not certainly ``row``'s where they could stand in the other (None:
    they are).  A bare mention in prose (closed by the prose) says nothing of the kind."""
    bare = groups[i - 1]
    if bare.n_values or not bare.closed_by_label or bare.label_row not in rows or bare.label_row == row:
        return None
    if list(rows).index(bare.label_row) < list(rows).index(row) or not fits(groups[i], bare.label_row):
        return None
    return (f"row {row}: its label follows the label of row {bare.label_row}, which the template puts after it, "
            f"with nothing between, so the numbers after the two labels may be either row's; left out")


def bare_rows_proven(hits: list[_Hit]) -> bool:
    """The document prints an all-blank row as its label alone (blanks dropped): some row
    label is followed directly by the next row label of its table, or by a header or group
    label that a row label of its table then confirms (``header_close_confirmed``)."""
    return any(h.row_id and h.row_id != APPEALS and not h.values and h.closed_by in ("row", "header") for h in hits)


class HitOrder:
    """The stream's hits and where each stands, found once: the doubts below ask many hits
    for their neighbours, and finding each hit by scanning the list was quadratic in a
    document's hits."""

    __slots__ = ("hits", "_at", "_prev_row", "_below_one_line")

    def __init__(self, hits: list[_Hit]) -> None:
        self.hits = hits
        self._at: dict[int, int] = {}  # id(hit) → its first index
        self._prev_row: list[int | None] = []  # index → the nearest row label before it in its table
        self._below_one_line: dict[str | None, bool] = {}  # table → ``numbers_below_one_line_label``
        last: dict[str | None, int] = {}
        for k, h in enumerate(hits):
            self._at.setdefault(id(h), k)
            self._prev_row.append(last.get(h.table))
            if h.row_id:
                last[h.table] = k

    def previous_row(self, h: _Hit) -> _Hit | None:
        """The nearest hit before ``h`` opened by a row label of ``h``'s table."""
        k = self._at.get(id(h))
        p = self._prev_row[k] if k else None
        return None if p is None else self.hits[p]

    def numbers_below_one_line_label(self, table: str | None) -> bool:
        """Some row label of ``table`` printed on one line has its numbers on lines of their
        own below it (the document prints a row's numbers off a one-line label's line)."""
        seen = self._below_one_line.get(table)
        if seen is None:
            seen = self._below_one_line[table] = any(
                h.table == table and h.row_id and len(h.label_lines) == 1 and all_below_label(h) for h in self.hits)
        return seen

    def next_hit(self, h: _Hit) -> _Hit | None:
        """The hit right after ``h`` in the stream."""
        k = self._at.get(id(h))
        return self.hits[k + 1] if k is not None and k + 1 < len(self.hits) else None


def bare_on_its_one_line(h: _Hit, order: HitOrder) -> bool:
    """A bare row label printed whole on one line, in text whose rows sit on lines, in a table
    where no label printed on one line has its numbers below it: there a label on one line
    holds its row's numbers on that line, so numbers printed before it are not its own (only
    a wrapped label leaves lines for them before it: "A / v v v / B", shredded text)."""
    return (not h.values and h.lines_hold_rows and len(h.label_lines) == 1
            and not order.numbers_below_one_line_label(h.table))


def after_spilled_numbers(h: _Hit, order: HitOrder, spec: RowSpec) -> bool:
    """The row before ``h`` in its table (text whose rows sit on lines) has numbers on lines
    of their own below its label: shredded text may print a row's numbers before its label,
    so a bare label after them is not certainly an all-blank row.  A row with sums that is
    not all blank prints at least two numbers (a part and its total), so there a single
    stray number (a page number) does not count; in a row with no sums (table 二's) one
    number may be the whole row."""
    prev = order.previous_row(h)
    return (prev is not None and len(numbers_off_label_lines(prev)) >= (2 if spec.sums else 1)
            and not bare_on_its_one_line(h, order))


def numbers_after_its_header(h: _Hit, order: HitOrder) -> bool:
    """A bare label closed by a column header of its table, and right after that header
    numbers no row label claims: text read column by column (plain pdftotext of a small
    table) prints the label, then the column's header, then the row's numbers, so the
    label is not certainly an all-blank row.  A lone number split from the label (a page
    number, ``alignment._lone_number_not_the_rows``) was printed before the header, not after."""
    if h.closed_by != "header" or h.later_header:
        return False  # (after a later sub-table's column header the numbers are in its columns)
    nxt = order.next_hit(h)
    if nxt is not None and nxt.before_close:
        nxt = order.next_hit(nxt)
    return (nxt is not None and nxt.row_id is None and nxt.section == h.section
            and any(v.kind == VALUE for v in nxt.values))


def continued_over_the_page(h: _Hit, spec: RowSpec, header_closed: RowSpec | None,
                            fits: Callable[[list[Token], RowSpec], bool]) -> bool:
    """Values with no label of their own, given to ``spec``'s row, that stand right after a
    column header of their table which closed the bare label of another row (the header
    printed again after a page break: "A" / footer / header / numbers / "B"): they may be the
    next row's, printed before its label, or A's, its numbers carried over the page.  Where
    they could stand in A's row (``fits``: count and sums) the document cannot tell which."""
    return (h.row_id is None and header_closed is not None and header_closed.id != spec.id
            and fits(h.values, header_closed))
