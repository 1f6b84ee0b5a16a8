"""Blank marks in scanned table cells (parsers/ocr/page.py): a lone ``/``, ``-`` or ``—`` read
unsurely is taken only when its ink is one straight stroke of the mark's direction, and no
digit's ink ever passes for one.

Glyphs are typeset by reportlab in the fonts the generated reports use, rendered by PDFium at
the scanners' resolutions and masked as the OCR reader masks a page, then each glyph's ink
is judged alone, as a cell's chunk is."""
from __future__ import annotations

import io

import numpy as np
import pytest

from parsers.ocr.boxes import text_boxes
from parsers.ocr.page import BLANK_MARKS, _confirmed_mark, _glyph_shape, _ink, _stroke
from parsers.ocr.engine import Reading

FONTS = ("Helvetica", "Times-Roman", "Courier", "STSong-Light")
DIGITS = "0123456789"


def _glyph_masks(text: str, font: str, size: float, dpi: int, strict: bool = True) -> list[tuple[str, np.ndarray, object]]:
    """Each character of ``text`` alone in its own cell-sized patch: (char, ink mask, box);
    the box is None where the chunk finder kept no ink (``strict``: never)."""
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if font == "STSong-Light" and font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(60 * len(text), 842))  # A4-tall: lines are judged against the page height
    for i, ch in enumerate(text):
        c.setFont(font, size)
        c.drawString(20 + 60 * i, 25, ch + (" " if font == "STSong-Light" else ""))
    c.showPage()
    c.save()
    page = pdfium.PdfDocument(buf.getvalue())[0]
    grey = np.asarray(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    mask = _ink(grey)
    out = []
    cell = int(60 * dpi / 72)
    for i, ch in enumerate(text):
        boxes = text_boxes(mask, i * cell, 0, (i + 1) * cell, mask.shape[0])
        assert len(boxes) == 1 or (not strict and not boxes), (ch, font, boxes)
        out.append((ch, mask, boxes[0] if boxes else None))
    return out


@pytest.mark.parametrize("dpi", [150, 170, 200, 300])
@pytest.mark.parametrize("font", FONTS)
def test_no_digit_passes_for_a_blank_mark(font, dpi):
    for size in (7.5, 9, 10.5, 12):
        for ch, mask, box in _glyph_masks(DIGITS, font, size, dpi):
            for mark in BLANK_MARKS:  # whatever the recogniser said, a digit's ink is not a mark
                got = _confirmed_mark(Reading(mark, 0.4), mask, box)
                assert got.confidence == 0.4, (ch, font, size, dpi, mark, _stroke(mask, box))


@pytest.mark.parametrize("dpi", [150, 170, 200, 300])
def test_marks_are_recognised_by_their_ink(dpi):
    """Every mark whose ink the chunk finder keeps.  (A clean dash 2–3 px thin is dropped
    before this as a speck — the cause of most cells left out in rows that print fewer
    chunks than columns; a scan's grain, turn and JPEG sometimes thicken it enough.)"""
    judged = 0
    for font, text, want in (("Helvetica", "/-", "/—"), ("Times-Roman", "/-", "/—"),
                             ("STSong-Light", "—一", "——")):
        for size in (9, 10.5, 12):
            for (ch, mask, box), mark in zip(_glyph_masks(text, font, size, dpi, strict=False), want):
                if box is None:
                    assert ch in "-—一", (ch, font, size, dpi)  # only flat strokes are that thin
                    continue
                judged += 1
                assert _stroke(mask, box) == mark, (ch, font, size, dpi)
                if mark == "/":
                    assert _glyph_shape(mask, box) == "/"
                got = _confirmed_mark(Reading(ch if ch in BLANK_MARKS else "/", 0.4), mask, box)
                assert got.confidence >= 0.98, (ch, font, size, dpi)
    assert judged >= 6  # every slash at least


def test_a_backslash_or_a_seven_read_as_a_slash_is_not_taken():
    for font in ("Helvetica", "Times-Roman"):
        for ch, mask, box in _glyph_masks("\\7", font, 10.5, 200):
            assert _confirmed_mark(Reading("/", 0.5), mask, box).confidence == 0.5, (ch, font)
