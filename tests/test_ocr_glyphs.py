"""A minus sign the recogniser read past (parsers/ocr/page.py ``_leading_dash``): the int8
recogniser read a scanned ``-3`` as ``3`` at 0.9955, a wrong number; a value cell whose ink
begins with a flat stroke of its own while its reading has no minus is left out.  No printed
number without a minus is doubted this way.

Numbers are typeset by reportlab in the generated reports' fonts, rendered by PDFium at
scanners' resolutions and masked as the OCR reader masks a page (tests/test_ocr_marks.py)."""
from __future__ import annotations

import pytest

from parsers.ocr.page import _leading_dash
from tests.test_ocr_marks import FONTS, _glyph_masks

NUMBERS = ["0", "1", "4", "7", "10", "38", "111", "105", "2046", "1,234", "12.5", "90%", "/", "77"]


@pytest.mark.parametrize("dpi", [150, 170, 200, 300])
@pytest.mark.parametrize("font", FONTS)
def test_no_number_without_a_minus_looks_like_one(font, dpi):
    for size in (7.5, 9, 10.5, 12):
        for text, mask, box in _glyph_masks(NUMBERS, font, size, dpi):
            assert not _leading_dash(mask, box), (text, font, size, dpi)


@pytest.mark.parametrize("dpi", [170, 200, 300])
@pytest.mark.parametrize("font", FONTS)
def test_a_minus_sign_is_seen_in_the_ink(font, dpi):
    for size in (9, 10.5, 12):
        for text, mask, box in _glyph_masks(["-3", "-12", "-7", "-1"], font, size, dpi):
            assert _leading_dash(mask, box), (text, font, size, dpi)
