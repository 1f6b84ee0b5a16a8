"""Where the text is: lines and chunks of ink in a region, by projection profiles.

Typeset reports put text in rows; within a deskewed region the ink rows separate the lines
and wide blank columns separate chunks of one line (a label and a date far to its right).
Each chunk is one crop for the recogniser, so a lone digit in a table cell is read on its
own rather than lost in a page-wide detector.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .params import OCR


class Box(NamedTuple):
    """A chunk of one text line, in pixels (x1, y1 exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int


def text_boxes(ink: np.ndarray, x0: int = 0, y0: int = 0, x1: int | None = None, y1: int | None = None) -> list[Box]:
    """Chunks of text in ``ink[y0:y1, x0:x1]`` (uint8, 255 = ink, rulings removed), top to bottom."""
    x1 = ink.shape[1] if x1 is None else x1
    y1 = ink.shape[0] if y1 is None else y1
    region = ink[y0:y1, x0:x1]
    if region.size == 0 or int(np.count_nonzero(region)) < OCR.min_ink_px:
        return []
    out: list[Box] = []
    tallest = max(int(ink.shape[0] * OCR.max_line_frac), 8)
    for a, b in _runs(np.count_nonzero(region, axis=1), OCR.line_gap_px):
        line = region[a:b]
        height = b - a
        if height < OCR.min_text_line_px or int(np.count_nonzero(line)) < OCR.min_ink_px:
            continue  # a speck of noise, not a line of text
        if height > tallest:
            continue  # a picture, a filled box or a photo: no line of text is that tall
        gap = max(6, int(OCR.chunk_gap_em * height))
        for c, d in _runs(np.count_nonzero(line, axis=0), gap):
            part = line[:, c:d]
            if int(np.count_nonzero(part)) < OCR.min_ink_px:
                continue
            rows = np.flatnonzero(np.count_nonzero(part, axis=1))
            out.append(Box(x0 + c, y0 + a + int(rows[0]), x0 + d, y0 + a + int(rows[-1]) + 1))
    return out


def _runs(profile: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """[start, end) runs of non-zero entries, joining runs separated by fewer than ``gap`` zeros."""
    idx = np.flatnonzero(profile)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > gap)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    return list(zip(starts.tolist(), ends.tolist()))
