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
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import add
from typing import Callable, Sequence

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
