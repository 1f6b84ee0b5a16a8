"""Which label column each fragment of a run of laid-out label text stands in.

In laid-out text (``pdftotext -layout``, pdfplumber ``layout=True``) table 三's row labels
stand in up to three columns: a group label wrapped down the left ("三、" / "本年" / "度办" /
"理结" / "果"), the row labels beside it ("（一）予以公开" / "（二）部分公开…") and, for the
sub-rows of （三）…（六）, a third column.  The text gives each line's fragments left to
right, so a wrapped group label and the row labels beside it interleave, line by line; read
in that order a bare row label (one printed with no number after it) and its group's
wrapped tail join into one text, which matches the next row's label ("三、（一）予以公开本年
（二）部分公开…") and the bare row is lost.

A fragment's first character is where it stands (only the first: a CJK character is wider
than a column, ``parsers/layout_bounds.py``), and the fragments of one label cell start in
one column, give or take a character (pdfplumber's character grid; a numbered head "2.其"
may start a character left of its tail).  :func:`label_columns` splits a run into its
columns by those starts, so each column can be read on its own.
"""
from __future__ import annotations

from .layout_measure import display_width
from .tokens import Token

_SAME_COLUMN = 2.0  # columns between the starts of two fragments of one label cell, at most


def start(tok: Token) -> float | None:
    """The column where a laid-out label fragment's first character stands (its ``x`` is
    that column plus half its display width, ``tokens._with_columns``)."""
    return None if tok.x is None else tok.x - display_width(tok.text) / 2


def shares_a_line(tokens: tuple[Token, ...] | list[Token]) -> bool:
    """Two of the tokens were printed on one text line, side by side (label fragments here;
    a row's numbers in the alignment: the row is printed on lines, not a cell per line)."""
    lines = [t.line for t in tokens if t.line is not None]
    return len(set(lines)) < len(lines)


def label_columns(run: list[Token]) -> list[list[Token]] | None:
    """The run's fragments by the column they start in, left to right, each in run order;
    None where the split is not clean: a fragment without a position, a single column, or
    two fragments of one line starting in one column."""
    starts = [start(t) for t in run]
    if any(s is None for s in starts) or any(t.line is None for t in run):
        return None
    edges = sorted(set(starts))
    column_of: dict[float, int] = {}
    k = 0
    for prev, s in zip([edges[0]] + edges, edges):
        if s - prev > _SAME_COLUMN:
            k += 1
        column_of[s] = k
    if k == 0:
        return None
    cols = [column_of[s] for s in starts]
    seen: set[tuple[int, int]] = set()
    for t, c in zip(run, cols):
        if (t.line, c) in seen:
            return None
        seen.add((t.line, c))
    return [[t for t, c in zip(run, cols) if c == j] for j in range(k + 1)]
