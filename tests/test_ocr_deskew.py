"""The deskew search (parsers/ocr/deskew.py) on pages drawn with OpenCV and turned by a known angle.

``skew_angle`` is called with ``page._ink``'s uint8 0/255 mask; it must read that mask as it
reads the equivalent bool mask (issue 13: ``ink.astype(np.uint8) * 255`` wrapped 255 × 255 to
1, so the search ran on a 0/1 image whose reduction rounded thin ink away: the sparse pages
below were levelled wrongly, and a page without ink was turned by -5.5°).
"""
from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from parsers.ocr.deskew import skew_angle  # noqa: E402
from parsers.ocr.params import OCR  # noqa: E402

ANGLES = (1.3, 2.7, -3.1)
UINT8_CASES = [("text", a) for a in ANGLES] + [("dots", a) for a in ANGLES] + [
    ("dots and blocks", a) for a in ANGLES]
H, W = 2339, 1654  # an A4 page at 200 dpi, the reader's rendering resolution


def _text_page(seed: int) -> np.ndarray:
    """Rows of word-like blocks, a table's rulings around them: a dense typeset page."""
    rng = np.random.default_rng(seed)
    img = np.full((H, W), 255, np.uint8)
    y = 220
    while y < H - 260:
        x = 160
        while x < W - 220:
            w = int(rng.integers(15, 45))
            cv2.rectangle(img, (x, y), (x + w, y + 18), 0, -1)
            x += w + int(rng.integers(8, 24))
        y += 46
    for y in range(600, 1400, 50):
        cv2.line(img, (150, y), (W - 150, y), 0, 2)
    return img


def _sparse_page(block: bool) -> np.ndarray:
    """A faint, broken print: rows of one-pixel dots (and, with ``block``, two solid marks).

    Reduced to the search's 900 pixels, a lone pixel covers ~15 % of a reduced pixel: on a
    0/1 image that rounds to nothing (the rows vanish, only the solid marks are left to
    level), on a 0/255 image it stays ~40.
    """
    img = np.full((H, W), 255, np.uint8)
    for y in range(400, 1900, 60):
        img[y, 260:W - 300:12] = 0
    if block:
        cv2.circle(img, (1100, 1200), 120, 0, -1)  # a dark logo or photo
        cv2.rectangle(img, (300, 2100), (500, 2200), 0, -1)
    return img


def _turned_ink(img: np.ndarray, angle: float) -> np.ndarray:
    """The page turned by ``angle`` (counter-clockwise positive), as ``page._ink`` masks it: 0/255 uint8."""
    m = cv2.getRotationMatrix2D((W / 2, H / 2), angle, 1.0)
    grey = cv2.warpAffine(img, m, (W, H), flags=cv2.INTER_LINEAR, borderValue=255)
    return np.where(grey < 160, np.uint8(255), np.uint8(0))


def _within_step(found: float, turned: float) -> bool:
    return abs(found + turned) <= OCR.skew_step + 1e-6  # leveling undoes the turn


@pytest.mark.parametrize(("kind", "angle"), UINT8_CASES)
def test_uint8_mask_reads_as_the_bool_mask(kind, angle):
    page = _text_page(7) if kind == "text" else _sparse_page(block=kind != "dots")
    ink = _turned_ink(page, angle)
    as_uint8, as_bool = skew_angle(ink), skew_angle(ink > 0)
    assert as_uint8 == pytest.approx(as_bool, abs=1e-9)
    assert _within_step(as_uint8, angle), (kind, angle, as_uint8)


@pytest.mark.parametrize("angle", ANGLES)
@pytest.mark.parametrize("seed", [1, 2])
def test_known_turn_of_a_text_page_is_found(seed, angle):
    found = skew_angle(_turned_ink(_text_page(seed), angle))
    assert _within_step(found, angle), (seed, angle, found)


def test_level_page_stays_level():
    assert abs(skew_angle(_turned_ink(_text_page(3), 0.0))) <= OCR.skew_step + 1e-6


def test_page_without_ink_is_not_turned():  # the 0/1 search returned its first candidate, -5.5°
    assert skew_angle(np.zeros((H, W), np.uint8)) == 0.0
    assert skew_angle(np.zeros((H, W), bool)) == 0.0


# A page levelled more exactly makes a cell's printed "—" flatter: 3 pixel rows instead of 4,
# which text_boxes drops as a speck.  Such a lone flat stroke is the cell's dash (page._lone_dash).

def _cell_with(*marks: tuple[int, int, int, int]) -> np.ndarray:
    """A text mask (255 = ink) of one 84 × 39 px cell with filled rectangles (x0, y0, x1, y1)."""
    mask = np.zeros((39, 84), np.uint8)
    for x0, y0, x1, y1 in marks:
        mask[y0:y1, x0:x1] = 255
    return mask


def test_a_three_pixel_dash_is_dropped_by_text_boxes_but_read_as_a_dash():
    from parsers.ocr.boxes import text_boxes
    from parsers.ocr.page import _lone_dash

    cell = _cell_with((30, 18, 54, 21))  # 24 × 3 px, centred: as the bench's scans print "—"
    assert text_boxes(cell, 1, 1, 84, 39) == []
    assert tuple(_lone_dash(cell, 1, 1, 84, 39)) == (30, 18, 54, 21)


@pytest.mark.parametrize(("why", "marks"), [
    ("a ruling's remnant along the cell's top edge", [(5, 1, 70, 3)]),
    ("a remnant along its bottom edge", [(5, 36, 70, 39)]),
    ("too short for a printed dash: noise", [(40, 18, 48, 21)]),
    ("two strokes (二 or noise)", [(30, 12, 54, 15), (30, 24, 54, 27)]),
    ("tall enough for text_boxes to read", [(30, 17, 54, 21)]),
    ("not flat: a speck cluster", [(30, 18, 33, 21), (36, 18, 39, 21)]),
])
def test_no_dash_is_made_of_other_ink(why, marks):
    from parsers.ocr.page import _lone_dash

    assert _lone_dash(_cell_with(*marks), 1, 1, 84, 39) is None, why
