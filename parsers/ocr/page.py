"""One page image → :class:`~parsers.pdf.backend.PageData`, the PDF reader's own page input.

grey without the seal → deskew → rulings (segments) → grids as the PDF reader finds them →
a crop per text chunk in every cell, and per text line outside the tables → recognition →
characters placed where they stand.  The page then goes through the same layout, table and
alignment code as a text-layer page: a scan yields the same Document.
"""
from __future__ import annotations

import numpy as np

from ..base import DocumentError
from ..pdf.backend import PageData
from ..pdf.ruling import find_grids
from ..textnorm import is_cjk
from .boxes import Box, text_boxes
from .chars import chunk_chars
from .deskew import rotate, skew_angle
from .engine import VALUE_CHARS, Reading, recognizer
from .image import ink_grey
from .params import MEMORY_SENTENCE, OCR, unavailable
from .rulings import components, ruling_masks, segments
from .runtime import prepare




def ocr_page(img: np.ndarray, number: int, dpi: float) -> PageData:
    """Read one page image (BGR or grey) scanned at ``dpi``; failures become a sentence."""
    try:
        prepare()
        return _ocr_page(img, number, dpi)
    except DocumentError:
        raise
    except ImportError as exc:
        raise DocumentError(unavailable(exc, number)) from exc
    except MemoryError as exc:
        raise DocumentError(MEMORY_SENTENCE.format(page=number)) from exc
    except Exception as exc:  # onnxruntime reports std::bad_alloc as its own RuntimeException
        if "bad_alloc" in str(exc) or "Failed to allocate" in str(exc):
            raise DocumentError(MEMORY_SENTENCE.format(page=number)) from exc
        raise DocumentError(f"OCR of page {number} failed ({type(exc).__name__}: {str(exc)[:200]})") from exc


def _ocr_page(img: np.ndarray, number: int, dpi: float) -> PageData:
    import cv2

    grey = ink_grey(img)
    grey = rotate(grey, skew_angle(_ink(grey)))
    ink = _ink(grey)
    hor, ver = ruling_masks(ink)
    scale = 72.0 / dpi
    segs = segments(hor, ver, scale)
    lines = cv2.dilate(cv2.bitwise_or(hor, ver), np.ones((3, 3), np.uint8))
    text = cv2.bitwise_and(ink, cv2.bitwise_not(lines))
    text = _drop_specks(text)
    clean = grey.copy()
    clean[lines > 0] = 255  # crops never show a ruling; thin strokes the opening lost are kept
    boxes: list[tuple[Box, bool]] = []
    dashes: list[Box] = []
    free = text.copy()
    for g in find_grids(segs):
        for cell in g.cells:
            x0, x1 = g.xs[cell.c0] / scale, g.xs[cell.c1 + 1] / scale
            y0, y1 = g.ys[cell.r0] / scale, g.ys[cell.r1 + 1] / scale
            region = (int(x0) + 1, int(y0) + 1, int(x1), int(y1))
            found = text_boxes(text, *region)
            boxes.extend((b, True) for b in found)
            dash = None if found else _lone_dash(text, *region)
            if dash is not None:
                dashes.append(dash)
        gx0, gy0, gx1, gy1 = (int(v / scale) for v in g.bbox)
        free[max(gy0 - 2, 0):gy1 + 3, max(gx0 - 2, 0):gx1 + 3] = 0
    boxes.extend((b, False) for b in text_boxes(free))
    h, w = grey.shape
    page = PageData(number=number, width=w * scale, height=h * scale, rotation=0, segments=segs, n_images=1)
    for box in dashes:  # no digit is a flat stroke that thin: never given to the recogniser
        page.chars.extend(chunk_chars("—", box, scale, OCR.mark_confirmed))
    if not boxes:
        return page
    readings = _read(clean, boxes)
    for (box, in_grid), (free_read, value_read) in zip(boxes, readings):
        chosen = _choose(free_read, value_read, in_grid)
        if not in_grid and (chosen.confidence < OCR.text_score or not any(ch.isalnum() for ch in chosen.text)
                            or _stroke_angle(text, box) is not None):
            continue  # a stroke, a stamp's edge or a smudge outside the tables, not text
        if in_grid and chosen.text in SHAPE_CHECKED and _glyph_shape(text, box) != chosen.text:
            chosen = Reading(chosen.text, 0.0)  # the ink does not look like what was read
        if in_grid and chosen.confidence < OCR.min_confidence and chosen.text in BLANK_MARKS:
            chosen = _confirmed_mark(chosen, text, box)
        if in_grid and not chosen.text and not value_read.text and _stroke(text, box) == "—":
            # a dash too small for the model to read anything in it (no digit either), and
            # its ink one flat stroke: no digit is that
            chosen = Reading("—", OCR.mark_confirmed)
        if in_grid and not chosen.text:
            # ink the model could not read: never a blank cell (that would be a 0); a value
            # with no confidence, which the facts stage leaves out and names
            chosen = Reading(value_read.text or "0", 0.0)
        if in_grid and chosen.confidence > 0.0 and chosen.text and set(chosen.text) <= VALUE_CHARS \
                and chosen.text[0] not in "-—" and _leading_dash(text, box):
            # the ink starts with a flat stroke of its own, the reading with no minus: the
            # sign was read past (a scanned -3 read as 3 at 0.9955), however sure the model was
            chosen = Reading(chosen.text, 0.0)
        page.chars.extend(chunk_chars(chosen.text, box, scale, chosen.confidence))
    return page


def _read(grey: np.ndarray, boxes: list[tuple[Box, bool]]) -> list[tuple[Reading, Reading]]:
    """Short chunks in table cells (lone numbers) in strips, the rest one by one.

    Every chunk is read first by the int8 recogniser (:mod:`.quantize`); one it reads
    unsurely is read again by the float model from a crop with another margin (the network
    is sensitive to a crop's margin): a value then keeps its digits only where both readings
    agree, a text line keeps the surer one."""
    short = [i for i, (b, in_grid) in enumerate(boxes)
             if in_grid and b.x1 - b.x0 <= OCR.short_ratio * (b.y1 - b.y0)]
    is_short = set(short)
    rest = [i for i in range(len(boxes)) if i not in is_short]
    rec = recognizer()
    out: list[tuple[Reading, Reading]] = [(Reading("", 0.0), Reading("", 0.0))] * len(boxes)
    for group, (first, again), sure, strip in (
            (short, OCR.strip_context_px, lambda r: r[1].confidence >= OCR.value_sure, True),
            (rest, OCR.line_context_px, lambda r: r[0].confidence >= OCR.reread_below, False)):
        read = rec.read_strip if strip else rec.read
        for i, r in zip(group, read([_crop(grey, boxes[i][0], first) for i in group])):
            out[i] = r
        unsure = [i for i in group if not sure(out[i])]
        for i, r in zip(unsure, read([_crop(grey, boxes[i][0], again) for i in unsure], exact=True)):
            out[i] = _agree([out[i], r])
    return out


def _agree(readings: list[tuple[Reading, Reading]]) -> tuple[Reading, Reading]:
    """Free text: the surer reading.  Digits: the surer reading if all agree, else unsure (0)."""
    free = max((f for f, _ in readings), key=lambda r: r.confidence)
    values = [v for _, v in readings]
    value = max(values, key=lambda r: r.confidence)
    if len({v.text for v in values}) > 1:
        value = Reading(value.text, 0.0)
    return free, value


# Single glyphs the recogniser confuses in table cells (a slash blank mark read as 7), and
# the stroke that tells them apart: a 7 has a bar across its top, a slash does not.
SHAPE_CHECKED = frozenset({"7", "/"})


def _glyph_shape(text_mask: np.ndarray, box: Box) -> str | None:
    """``7`` if the glyph's top fifth spans most of its width, ``/`` if only a stroke's width."""
    glyph = text_mask[box.y0:box.y1, box.x0:box.x1] > 0
    cols = np.flatnonzero(glyph.any(axis=0))
    if cols.size < 2:
        return None
    width = cols[-1] - cols[0] + 1
    band = glyph[:max(2, glyph.shape[0] // 5)]
    top = np.flatnonzero(band.any(axis=0))
    if top.size == 0:
        return None
    share = (top[-1] - top[0] + 1) / width
    if share >= OCR.seven_bar_share:
        return "7"
    if share <= OCR.slash_top_share:
        return "/"
    return None


# What a blank cell prints (a 0 in the data), as the recogniser spells them.
BLANK_MARKS = {"/": "/", "-": "—", "—": "—", "一": "—"}


def _confirmed_mark(chosen: Reading, text_mask: np.ndarray, box: Box) -> Reading:
    """A blank mark read unsurely, taken when its ink is one straight stroke of the mark's
    direction: a dash lies flat (no digit is one flat stroke), a slash leans right with no
    bar across its top (a 1 stands upright, a 7 has its bar, a backslash leans left).  The
    cell then reads at ``OCR.mark_confirmed``; otherwise it keeps its low confidence and is
    left out."""
    mark = BLANK_MARKS[chosen.text]
    if _stroke(text_mask, box) != mark:
        return chosen
    if mark == "/" and _glyph_shape(text_mask, box) != "/":
        return chosen
    return Reading(chosen.text, max(chosen.confidence, OCR.mark_confirmed))


def _lone_dash(text_mask: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> Box | None:
    """The box of a cell's dash that is too thin to be a line of text (``text_boxes`` drops
    ink lines under ``OCR.min_text_line_px`` tall as specks): a printed "—" at 200 dpi is 2–3 px thick, and how many
    pixel rows it covers depends on the residual skew (a page levelled 0.1° more exactly
    loses dashes that a slight tilt had made 4 rows tall).  Taken only where it is the cell's
    only ink, one flat stroke (``_stroke``) at least ``OCR.lone_dash_min_px`` wide, standing
    clear of the cell's edges (a ruling's remnant touches them); None otherwise."""
    region = text_mask[y0:y1, x0:x1]
    if region.size == 0 or int(np.count_nonzero(region)) < OCR.min_ink_px:
        return None
    ys, xs = np.nonzero(region)
    top, bottom, left, right = int(ys.min()), int(ys.max()), int(xs.min()), int(xs.max())
    if bottom - top + 1 >= OCR.min_text_line_px or right - left + 1 < OCR.lone_dash_min_px:
        return None  # text_boxes reads it (or it is no dash)
    h, w = region.shape
    if top == 0 or left == 0 or bottom == h - 1 or right == w - 1:
        return None
    box = Box(x0 + left, y0 + top, x0 + right + 1, y0 + bottom + 1)
    return box if _stroke(text_mask, box) == "—" else None


def _stroke(text_mask: np.ndarray, box: Box) -> str | None:
    """``/`` or ``—`` if the chunk's ink is one thin straight stroke leaning right or lying flat."""
    angle = _stroke_angle(text_mask, box)
    if angle is None:
        return None
    if angle <= OCR.dash_max_angle or angle >= 180.0 - OCR.dash_max_angle:
        return "—"
    lo, hi = OCR.slash_angles
    if lo <= angle <= hi:
        return "/"
    return None


def _stroke_angle(text_mask: np.ndarray, box: Box) -> float | None:
    """The direction (0° flat, 90° upright, below 90° leaning right) of the chunk's ink if it
    is one thin straight stroke; None for anything else (no ink, several blobs, a glyph)."""
    import cv2

    glyph = (text_mask[box.y0:box.y1, box.x0:box.x1] > 0).astype(np.uint8)
    n, _ = cv2.connectedComponents(glyph, connectivity=8)
    if n != 2:
        return None  # no ink, or more than one stroke: a digit, a digit and a mark, noise
    ys, xs = np.nonzero(glyph)
    if xs.size < OCR.min_ink_px:
        return None
    height, width = int(ys.max() - ys.min()) + 1, int(xs.max() - xs.min()) + 1
    if height <= OCR.dash_max_px and width >= OCR.dash_min_ratio * height:
        return 0.0  # a short flat blob no taller than a pen stroke: a digit is several times taller
    cov = np.cov(np.stack([xs, -ys]).astype(np.float64))
    evals, evecs = np.linalg.eigh(cov)
    if evals[0] <= 0 or evals[1] / evals[0] < OCR.stroke_elongation ** 2:
        return None  # not thin and straight enough to be a single stroke
    vx, vy = evecs[:, 1]
    return float(np.degrees(np.arctan2(vy, vx))) % 180.0


def _choose(free: Reading, value: Reading, in_grid: bool) -> Reading:
    """The free reading, except in a table cell that holds no CJK text: there only digits and
    blank marks are possible, and the digits-only reading (with its own confidence) is used."""
    t = free.text
    if in_grid and t == "一":
        return Reading("—", free.confidence)  # 一 and a dash print alike; alone in a cell it is the dash
    if not in_grid or any(is_cjk(ch) for ch in t if ch != "无"):
        return free
    return value if value.text else Reading(t, 0.0)


def _leading_dash(text_mask: np.ndarray, box: Box) -> bool:
    """True if the chunk's ink begins with a flat stroke standing apart (blank columns after
    it) before more ink: a minus sign before a number, as the ink shows it."""
    cols = np.count_nonzero(text_mask[box.y0:box.y1, box.x0:box.x1], axis=0) > 0
    gaps = np.flatnonzero(cols[:-1] & ~cols[1:])  # the last inked column of each run but the last
    if not cols[0] or gaps.size == 0 or not cols[gaps[0] + 1:].any():
        return False
    first = text_mask[box.y0:box.y1, box.x0:box.x0 + int(gaps[0]) + 1]
    rows = np.flatnonzero(np.count_nonzero(first, axis=1))
    if rows.size == 0:
        return False
    stroke = Box(box.x0, box.y0 + int(rows[0]), box.x0 + int(gaps[0]) + 1, box.y0 + int(rows[-1]) + 1)
    return _stroke(text_mask, stroke) == "—"


def _drop_specks(mask: np.ndarray) -> np.ndarray:
    """Paper noise out: connected blobs of fewer pixels than a speck.  (A morphological
    opening would also erase the thin stroke of a "1", and a lost digit reads as a blank.)"""
    import cv2

    n, labels, stats = components(mask)
    keep = np.zeros(n, np.uint8)
    keep[1:] = (stats[1:, cv2.CC_STAT_AREA] >= OCR.speck_px).astype(np.uint8) * 255
    return keep[labels]


def _ink(grey: np.ndarray) -> np.ndarray:
    """Ink mask (255 = ink): Otsu's threshold, kept from eating faint paper or bold print."""
    import cv2

    t, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    t = min(max(t, 100), OCR.ink_threshold + 40)
    return np.where(grey < t, np.uint8(255), np.uint8(0))  # uint8 straight away (no int64 page)


def _crop(grey: np.ndarray, b: Box, m: int) -> np.ndarray:
    """The chunk with ``m`` pixels of its real surroundings (rulings already whitened): the
    ink mask may have lost a thin edge stroke, and the network reads loosely cropped lines."""
    h, w = grey.shape
    return grey[max(b.y0 - m, 0):min(b.y1 + m, h), max(b.x0 - m, 0):min(b.x1 + m, w)]
