"""One page image → :class:`~parsers.pdf.backend.PageData`, the PDF reader's own page input.

grey without the seal → deskew → rulings (segments) → grids as the PDF reader finds them →
a crop per text chunk in every cell, and per text line outside the tables → recognition →
characters placed where they stand.  The page then goes through the same layout, table and
alignment code as a text-layer page: a scan yields the same Document.
"""
from __future__ import annotations

import numpy as np

from ..pdf.backend import Char, PageData
from ..pdf.params import BLANK_MARKERS, NUMBER
from ..pdf.ruling import find_grids
from ..textnorm import is_cjk
from .boxes import Box, text_boxes
from .chars import chunk_chars
from .deskew import rotate, skew_angle
from .engine import Reading, recognizer
from .image import ink_grey
from .params import OCR
from .rulings import ruling_masks, segments


def ocr_page(img: np.ndarray, number: int, dpi: float) -> PageData:
    """Read one page image (BGR or grey) scanned at ``dpi``."""
    import cv2

    grey = ink_grey(img)
    grey = rotate(grey, skew_angle(_ink(grey)))
    ink = _ink(grey)
    hor, ver = ruling_masks(ink)
    scale = 72.0 / dpi
    segs = segments(hor, ver, scale)
    lines = cv2.dilate(cv2.bitwise_or(hor, ver), np.ones((3, 3), np.uint8))
    text = cv2.bitwise_and(ink, cv2.bitwise_not(lines))
    text = cv2.morphologyEx(text, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # specks of paper noise
    boxes: list[tuple[Box, bool]] = []
    free = text.copy()
    for g in find_grids(segs):
        for cell in g.cells:
            x0, x1 = g.xs[cell.c0] / scale, g.xs[cell.c1 + 1] / scale
            y0, y1 = g.ys[cell.r0] / scale, g.ys[cell.r1 + 1] / scale
            boxes.extend((b, True) for b in text_boxes(text, int(x0) + 1, int(y0) + 1, int(x1), int(y1)))
        gx0, gy0, gx1, gy1 = (int(v / scale) for v in g.bbox)
        free[max(gy0 - 2, 0):gy1 + 3, max(gx0 - 2, 0):gx1 + 3] = 0
    boxes.extend((b, False) for b in text_boxes(free))
    h, w = grey.shape
    page = PageData(number=number, width=w * scale, height=h * scale, rotation=0, segments=segs, n_images=1)
    if not boxes:
        return page
    readings = recognizer().read([_crop(grey, b) for b, _ in boxes])
    for (box, in_grid), (free_read, value_read) in zip(boxes, readings):
        chosen = _choose(free_read, value_read, in_grid)
        if in_grid and not chosen.text:
            # ink the model could not read: never a blank cell (that would be a 0); a value
            # with no confidence, which the facts stage leaves out and names
            chosen = Reading(value_read.text or "0", 0.0)
        page.chars.extend(chunk_chars(chosen.text, box, scale, chosen.confidence))
    return page


def _choose(free: Reading, value: Reading, in_grid: bool) -> Reading:
    """The free reading, except in a table cell that holds no CJK text: there only digits and
    blank marks are possible, and the digits-only reading (with its own confidence) is used."""
    t = free.text
    if not in_grid or not t or any(is_cjk(ch) for ch in t) or _is_value(t):
        return free
    return value if value.text else Reading(t, 0.0)


def _is_value(text: str) -> bool:
    return text in BLANK_MARKERS or NUMBER.match(text) is not None


def _ink(grey: np.ndarray) -> np.ndarray:
    """Ink mask (255 = ink): Otsu's threshold, kept from eating faint paper or bold print."""
    import cv2

    t, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    t = min(max(t, 100), OCR.ink_threshold + 40)
    return np.where(grey < t, 255, 0).astype(np.uint8)


def _crop(grey: np.ndarray, b: Box) -> np.ndarray:
    """The chunk with a white margin (the network was trained on loosely cropped lines)."""
    import cv2

    p = OCR.pad_px
    crop = grey[b.y0:b.y1, b.x0:b.x1]
    return cv2.copyMakeBorder(crop, p, p, p, p, cv2.BORDER_CONSTANT, value=255)
