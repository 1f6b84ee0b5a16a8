"""Random merged-cell layouts for the grid readers' property tests (HTML spans, DOCX merges)."""
from __future__ import annotations

from hypothesis import strategies as st


@st.composite
def merge_layouts(draw, max_rows: int = 5, max_cols: int = 5):
    """(rows, cols, rects): non-overlapping rectangles (r, c, rowspan, colspan) tiling the grid.

    A rectangle that would run into one placed earlier is shrunk to one cell, which also keeps
    every rectangle mergeable by python-docx (its rows free over the same columns).
    """
    rows, cols = draw(st.integers(1, max_rows)), draw(st.integers(2, max_cols))
    taken = [[False] * cols for _ in range(rows)]
    rects = []
    for r in range(rows):
        for c in range(cols):
            if taken[r][c]:
                continue
            max_w = 1
            while c + max_w < cols and not taken[r][c + max_w]:
                max_w += 1
            w, h = draw(st.integers(1, max_w)), draw(st.integers(1, rows - r))
            if any(taken[rr][cc] for rr in range(r, r + h) for cc in range(c, c + w)):
                w, h = 1, 1
            for rr in range(r, r + h):
                for cc in range(c, c + w):
                    taken[rr][cc] = True
            rects.append((r, c, h, w))
    return rows, cols, rects
