"""Table rulings from the page image: long thin runs of ink, found by OpenCV morphology.

Opening the ink mask with a long horizontal (vertical) kernel keeps only strokes at least
that long: rulings survive, characters do not.  Each surviving connected run becomes one
:class:`~parsers.pdf.backend.Segment`, so the PDF reader's grid builder sees a scan's table
exactly as it sees a vector-drawn one.
"""
from __future__ import annotations

import numpy as np

from ..pdf.backend import Segment
from .params import OCR


def ruling_masks(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling pixels of an ink mask (uint8, 255 = ink)."""
    import cv2

    h, w = ink.shape
    hlen = max(OCR.min_line_px, int(w * OCR.hline_frac))
    vlen = max(OCR.min_line_px, int(h * OCR.vline_frac))
    # bridge the breaks noise leaves in a printed line (a little: bridged wide, the horizontal
    # strokes of a line of CJK text chain into a false ruling through the words), keep long runs
    hor = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (OCR.bridge_px, 1)))
    hor = cv2.morphologyEx(hor, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hlen, 1)))
    ver = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, OCR.bridge_px)))
    ver = cv2.morphologyEx(ver, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vlen)))
    return hor, ver


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """``cv2.connectedComponentsWithStats`` (8-connected): (count, labels, stats).

    Labels are 16-bit while they fit: filling a page-sized 32-bit label image was most of
    the call's time (~26 against ~12 ms for a 2.8-megapixel page on one EPYC core).  OpenCV
    raises when a page has more components than 16 bits can number, and the call is then
    made with 32-bit labels; the labels and statistics are the same either way."""
    import cv2

    try:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_32S)
    return n, labels, stats


def segments(hor: np.ndarray, ver: np.ndarray, scale: float) -> list[Segment]:
    """Each connected ruling run as a segment in points (``scale`` = points per pixel)."""
    out: list[Segment] = []
    for mask, horizontal in ((hor, True), (ver, False)):
        n, _, stats = components(mask)
        for x, y, w, h, _area in stats[1:n]:
            if horizontal:
                if w < 3 * h:
                    continue
                yc = (y + h / 2) * scale
                out.append(Segment(x * scale, yc, (x + w) * scale, yc))
            else:
                if h < 3 * w:
                    continue
                xc = (x + w / 2) * scale
                out.append(Segment(xc, y * scale, xc, (y + h) * scale))
    return out
