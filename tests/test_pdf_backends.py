"""Both PDF backends (pypdfium2, the default; pdfplumber, the reference) give the same
Document on every real PDF at hand: the corpus reports, the complete report in
../shared/corpus-full and the real-world non-report PDFs (fake bold with stray spaces,
ligatures, a mirrored page, rotated tables, a damaged file).  There is no list of known
differences: the shared rules that made two of them agree (spaces from the glyphs'
geometry, ligatures spelled out) are tested on their own below."""
from __future__ import annotations

import pathlib
import pytest

from parsers.base import DocumentError, TextLine
from parsers.pdf.backend import Char
from parsers.pdf.glyphs import spell_out
from parsers.pdf.lines import join_chars
from parsers.pdf.parser import PdfParser

SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"
PDFS = sorted(p for d in ("corpus", "corpus-full", "realworld-pdfs") for p in (SHARED / d).glob("*.pdf"))

def _read(path: pathlib.Path, backend: str):
    try:
        doc = PdfParser(backend).parse(path.read_bytes())
        return doc.blocks, doc.n_pages
    except DocumentError as exc:
        return exc.status, exc.message


def test_there_are_pdfs():
    assert len(PDFS) >= 8 and any(p.parent.name == "corpus-full" for p in PDFS)


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_backends_give_the_same_document(path):
    assert _read(path, "pdfium") == _read(path, "plumber")


def _lines(path: pathlib.Path, backend: str) -> list[str]:
    return [b.text for b in PdfParser(backend).parse(path.read_bytes()).blocks if isinstance(b, TextLine)]


def test_ligatures_are_spelled_out_by_both_backends():
    """PDFium spells 'ﬃ' out as three letters on one box (once merged as fake bold: 'oficers'),
    pdfminer keeps the ligature: both now give the letters."""
    path = SHARED / "realworld-pdfs" / "issue-848.pdf"
    for backend in ("pdfium", "plumber"):
        text = "\n".join(_lines(path, backend))
        assert "three police officers" in text and "unofficial Old Detroit" in text, backend
        assert "oficer" not in text and "\ufb03" not in text, backend


def test_spaces_come_from_the_glyphs_not_from_space_characters():
    """A space glyph between two Han characters ('炸 药', pdfminer only) is no space; a gap
    beside ASCII is one whether the PDF's space is real or PDFium's generated one; a mirrored
    line's leading space lying on its first letter does not split the word."""
    fake_bold = SHARED / "realworld-pdfs" / "issue-71-duplicate-chars.pdf"
    mirrored = SHARED / "realworld-pdfs" / "issue-848.pdf"
    for backend in ("pdfium", "plumber"):
        lines = _lines(fake_bold, backend)
        assert "2020.01 - 2020.05" in lines, backend
        assert not [ln for ln in lines if "炸 药" in ln], backend
        page2 = [b.text for b in PdfParser(backend).parse(mirrored.read_bytes()).blocks
                 if isinstance(b, TextLine) and b.page == 2]
        assert page2[-1].startswith("The movie opens"), backend


def _char(text: str, x0: float, x1: float, size: float = 10.0) -> Char:
    return Char(text, x0, 0.0, x1, size, x0, size, size, "F", 1.0, 0.0)


def test_join_chars_reads_spaces_from_gaps():
    word = [_char("a", 0, 5), _char("b", 5, 10)]
    assert join_chars(word + [_char("c", 12.5, 17)]) == "ab c"      # 0.25 em beside ASCII
    assert join_chars(word + [_char(" ", 10, 12.5), _char("c", 12.5, 17)]) == "ab c"
    assert join_chars(word + [_char(" ", 10, 11), _char("c", 11, 16)]) == "ab c"  # a narrow gap with a space glyph
    assert join_chars([_char("T", 0, 6), _char(" ", 0, 2.5), _char("h", 6, 11)]) == "Th"  # a space on a letter
    assert join_chars([_char("炸", 0, 10), _char(" ", 10, 13), _char("药", 13, 23)]) == "炸药"
    assert join_chars([_char("炸", 0, 10), _char("药", 21, 31)]) == "炸 药"  # wider than 1 em


def test_spell_out_shares_the_glyph_box():
    lig = _char("\ufb03", 10, 19)
    pieces = [_char(t, 10, 19) for t in "ffi"]  # PDFium: three letters on one box
    for chars in ([lig], pieces):
        out = spell_out(chars)
        assert [c.text for c in out] == ["f", "f", "i"]
        assert [(c.x0, c.x1) for c in out] == [(10, 13), (13, 16), (16, 19)]
    same_letter_twice = [_char("a", 10, 15), _char("a", 10, 15)]  # not a ligature: left to dedupe
    assert spell_out(same_letter_twice) == same_letter_twice
