"""Both PDF backends (pypdfium2, the default; pdfplumber, the reference) give the same
Document on every real PDF at hand: the corpus reports, the complete report in
../shared/corpus-full and the real-world non-report PDFs — except where a difference is known
and named below (strict xfails: a backend fix shows up as XPASS)."""
from __future__ import annotations

import pathlib
import unicodedata

import pytest

from parsers.base import DocumentError
from parsers.pdf.parser import PdfParser

SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"
PDFS = sorted(p for d in ("corpus", "corpus-full", "realworld-pdfs") for p in (SHARED / d).glob("*.pdf"))

KNOWN_DIFFERENCES = {
    "issue-71-duplicate-chars.pdf": "word spacing: pdfplumber puts a space at wide gaps ('2020.01 - 2020.05', "
                                    "'炸 药'), PDFium does not, and full-width punctuation differs",
    "issue-848.pdf": "ligatures: PDFium reads the 'ﬃ'/'ﬀ' glyphs with one 'f' too few ('oficers')",
}


def _read(path: pathlib.Path, backend: str):
    try:
        doc = PdfParser(backend).parse(path.read_bytes())
        return doc.blocks, doc.n_pages
    except DocumentError as exc:
        return exc.status, exc.message


def test_there_are_pdfs():
    assert len(PDFS) >= 8 and any(p.parent.name == "corpus-full" for p in PDFS)


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DIFFERENCES[p.name]))
    if p.name in KNOWN_DIFFERENCES else p for p in PDFS], ids=[p.name for p in PDFS])
def test_backends_give_the_same_document(path):
    assert _read(path, "pdfium") == _read(path, "plumber")


def test_spacing_is_the_only_difference_on_the_spaced_pdf():
    path = SHARED / "realworld-pdfs" / "issue-71-duplicate-chars.pdf"

    def text(backend: str) -> str:
        return "".join(unicodedata.normalize("NFKC", PdfParser(backend).parse(path.read_bytes()).plain_text()).split())
    assert text("pdfium") == text("plumber")
