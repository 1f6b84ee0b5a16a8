"""Rows settled by their own print: what two steps of the alignment would find, known without
running them (a real grid always prints its rows so; most text with tab or pipe rows does too).

**One printed row each** (``in_one_printed_row_each``, before ``alignment._split_overfull``):
where every labelled row's numbers sit in the first printed row after its label, all its
values cells of a real grid, nothing is split — ``_split_one`` keeps a hit whole when no
printed row after the first holds a number (blank cells after it, such as the positions a
group label's row span covers in the next grid row, do not count), and its lone-number rule
never applies to a grid cell (a real grid keeps every value in its printed cell); unlabelled
groups and table 四 are never split.

**A table settled by its own labels** (``settled_by_labels``, in ``alignment._Aligner._sequence``):

Most reports print each table row with its own label, in the template's order, its numbers
after the label (a real grid always does).  Then every group of the table is opened by its
own row's exactly matched label and holds values, so ``sequence.score_groups`` gives each
group exactly one candidate, its own row, with a positive score, and those rows stand in
strictly increasing template order: the one best alignment gives every group its row, none is
uncertain or a stray, and only each row's own doubts (``alignment._Aligner._doubt``) can
still leave one out.  ``alignment._Aligner._sequence`` then skips building the groups, their
candidates and the dynamic programme, and asks only those doubts, in the same order.

Why each condition is needed (the branches of ``_sequence`` and ``align_groups`` it keeps
untaken), so that the outcome is the full path's exactly:

* a row label of the table on every group (no unlabelled numbers: their candidates are
  found by the row sums, the bare-label and page-number rules);
* numbers printed after the label on its line(s) (``all_below_label`` false): numbers on
  lines of their own below a label may be the next rows' (a tie), and are held to the sums;
* at least one number in every group: a group of blanks only, right after a doubted group,
  is doubted too (numbers before a bare label may be its own);
* no near miss among the labels (a near miss is read, but placed as ``sequence``, never
  ``label``: the full path says so; kept out to keep this path to the plainest case);
* each row once, in template order: otherwise the alignment chooses between groups.

Anything else takes the full path; ``tests/test_settled_order.py`` runs both on the same
tables and asserts the same rows, placements and notes.
"""
from __future__ import annotations

from typing import Sequence

from .hits import _Hit
from .sequence import APPEALS
from .tokens import VALUE


def in_one_printed_row_each(hits: Sequence[_Hit]) -> bool:
    """Every hit opened by a row label (table 四's aside) holds only real-grid cells, its
    numbers all in the first printed row among them, or nothing: ``_split_overfull`` would give
    the hits back as they are."""
    for h in hits:
        if not h.row_id or h.row_id == APPEALS or not h.values:
            continue
        values, row = h.values, h.values[0].row
        if row is None or any(t.grid is None for t in values):
            return False
        k = 1
        while k < len(values) and values[k].row == row:
            k += 1
        if any(t.kind == VALUE for t in values[k:]):
            return False
    return True


def settled_by_labels(mine: Sequence[_Hit], rows: Sequence[str], below: Sequence[bool]) -> bool:
    """Every hit of the table (``mine``, stream order) is opened by its own row's exact label,
    holds a number printed after the label (``below[k]``: ``all_below_label``), and the rows
    stand once each in the template's order ``rows``."""
    at = {r: j for j, r in enumerate(rows)}
    if len(at) != len(rows):
        return False  # a row id twice in the table's rows: the alignment's other case
    last = -1
    for k, h in enumerate(mine):
        j = at.get(h.row_id) if h.row_id is not None else None
        if j is None or j <= last or h.near_miss or below[k]:
            return False
        if not any(v.kind == VALUE for v in h.values):
            return False
        last = j
    return True
