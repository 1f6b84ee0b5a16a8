"""A recognised chunk → the positioned characters the PDF layout code reads.

The recogniser gives a string per chunk, not per-glyph boxes; CJK glyphs are square and
Latin digits about half as wide, so the chunk's width is shared out by those weights.  The
layout code only needs characters in the right cell, in order, on the right baseline.
"""
from __future__ import annotations

import unicodedata

from ..pdf.backend import Char
from .boxes import Box

FONT = "ocr"


def chunk_chars(text: str, box: Box, scale: float, confidence: float) -> list[Char]:
    """Characters of ``text`` spread over ``box`` (pixels) in points (``scale`` = points per pixel)."""
    if not text:
        return []
    weights = [_width(ch) for ch in text]
    total = sum(weights)
    x0, x1 = box.x0 * scale, box.x1 * scale
    top, bottom = box.y0 * scale, box.y1 * scale
    size = max(bottom - top, 1.0)
    step = (x1 - x0) / total
    out: list[Char] = []
    x = x0
    for ch, wt in zip(text, weights):
        nx = x + wt * step
        if not ch.isspace():
            out.append(Char(ch, x, top, nx, bottom, x, bottom, size, FONT, 1.0, 0.0, confidence))
        x = nx
    return out


def _width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55
