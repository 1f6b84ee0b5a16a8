"""One page image → :class:`~parsers.pdf.backend.PageData`, the PDF reader's own page input.

grey without the seal → deskew → rulings (segments) → grids as the PDF reader finds them →
a crop per text chunk in every cell, and per text line outside the tables → recognition →
characters placed where they stand.  The page then goes through the same layout, table and
alignment code as a text-layer page: a scan yields the same Document.
"""
from __future__ import annotations

import numpy as np

from ..pdf.backend import Char, PageData
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
    clean = grey.copy()
    clean[lines > 0] = 255  # crops never show a ruling; thin strokes the opening lost are kept
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
    readings = _read(clean, boxes)
    for (box, in_grid), (free_read, value_read) in zip(boxes, readings):
        chosen = _choose(free_read, value_read, in_grid)
        if in_grid and not chosen.text:
            # ink the model could not read: never a blank cell (that would be a 0); a value
            # with no confidence, which the facts stage leaves out and names
            chosen = Reading(value_read.text or "0", 0.0)
        page.chars.extend(chunk_chars(chosen.text, box, scale, chosen.confidence))
    return page


def _read(grey: np.ndarray, boxes: list[tuple[Box, bool]]) -> list[tuple[Reading, Reading]]:
    """Every chunk read twice, from a tight and a looser crop (the network is sensitive to the
    margin): labels keep the surer reading; a value keeps its digits only where both agree."""
    views = [_read_view(grey, boxes, ms, ml) for ms, ml in zip(OCR.strip_context_px, OCR.line_context_px)]
    out: list[tuple[Reading, Reading]] = []
    for per_view in zip(*views):
        free = max((f for f, _ in per_view), key=lambda r: r.confidence)
        values = [v for _, v in per_view]
        if len({v.text for v in values}) == 1:
            value = max(values, key=lambda r: r.confidence)
        else:  # the two views disagree on the digits: not certain
            value = Reading(max(values, key=lambda r: r.confidence).text, 0.0)
        out.append((free, value))
    return out


def _read_view(grey: np.ndarray, boxes: list[tuple[Box, bool]], strip_margin: int,
               line_margin: int) -> list[tuple[Reading, Reading]]:
    """Short chunks in table cells (lone numbers) read in strips, the rest one by one."""
    short = [i for i, (b, in_grid) in enumerate(boxes)
             if in_grid and b.x1 - b.x0 <= OCR.short_ratio * (b.y1 - b.y0)]
    is_short = set(short)
    rest = [i for i in range(len(boxes)) if i not in is_short]
    out: list[tuple[Reading, Reading] | None] = [None] * len(boxes)
    rec = recognizer()
    for i, r in zip(short, rec.read_strip([_crop(grey, boxes[i][0], strip_margin) for i in short])):
        out[i] = r
    for i, r in zip(rest, rec.read([_crop(grey, boxes[i][0], line_margin) for i in rest])):
        out[i] = r
    return [r if r is not None else (Reading("", 0.0), Reading("", 0.0)) for r in out]


def _choose(free: Reading, value: Reading, in_grid: bool) -> Reading:
    """The free reading, except in a table cell that holds no CJK text: there only digits and
    blank marks are possible, and the digits-only reading (with its own confidence) is used."""
    t = free.text
    if not in_grid or any(is_cjk(ch) for ch in t if ch != "无"):
        return free
    return value if value.text else Reading(t, 0.0)


def _ink(grey: np.ndarray) -> np.ndarray:
    """Ink mask (255 = ink): Otsu's threshold, kept from eating faint paper or bold print."""
    import cv2

    t, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    t = min(max(t, 100), OCR.ink_threshold + 40)
    return np.where(grey < t, 255, 0).astype(np.uint8)


def _crop(grey: np.ndarray, b: Box, m: int) -> np.ndarray:
    """The chunk with ``m`` pixels of its real surroundings (rulings already whitened): the
    ink mask may have lost a thin edge stroke, and the network reads loosely cropped lines."""
    h, w = grey.shape
    return grey[max(b.y0 - m, 0):min(b.y1 + m, h), max(b.x0 - m, 0):min(b.x1 + m, w)]
