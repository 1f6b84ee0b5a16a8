"""Plain-text reports: decode whatever encoding they came in, keep every line.

The flattened tables inside stay as lines: telling cells apart is the job of
``parsers.tokens`` (tabs, pipes, one cell per line), which works the same for text lifted
out of HTML or PDF.
"""
from __future__ import annotations

import codecs

import regex
from charset_normalizer import from_bytes

from .base import Document, DocumentError, Parser, TextLine
from .page_numbering import numbered_by_page

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode report text: BOM, strict UTF-8, a declared charset, UTF-16 without BOM, GB18030, a guess.

    Chinese government sites serve UTF-8 and GBK/GB18030 in roughly equal measure; GB18030
    is a superset of GBK and GB2312, so it is tried strictly before any statistical guess.
    A bad byte never raises: the last resort replaces it.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and not declared.startswith("utf-8") and declared != "cp1252":
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    utf16 = bomless_utf16(data)
    if utf16 is not None:
        return utf16
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= max(3, len(lenient) // 200):
        return lenient  # UTF-8 with a few broken bytes (cut downloads, bad copy-paste)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    gb = data.decode("gb18030", errors="replace")
    return lenient if lenient.count("\ufffd") <= gb.count("\ufffd") else gb


def bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: its NUL bytes (from ASCII, newlines) sit on one parity only."""
    sample = data[:65536]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even + odd == 0 or len(data) % 2:
        return None
    for zeros, other, enc in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= 2 and other * 4 <= zeros:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


_PAGE_BREAK = "\f"


def text_to_document(text: str, fmt: str = "txt") -> Document:
    """Lines of the text; a form feed (pdftotext's page break) starts a new line and a new page."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    text = text.replace("\ufeff", "")
    pages = [page.split("\n") for page in text.split(_PAGE_BREAK)]
    paged = len(pages) > 1
    if paged:
        pages = strip_page_numbers(pages)
    blocks = []
    for number, lines in enumerate(pages, start=1):
        blocks.extend(TextLine(line, number if paged else None) for line in lines)
    return Document(blocks=blocks, format=fmt, n_pages=len(pages) if paged else None)


_BARE_PAGE_NUMBER = regex.compile(r"^\s*(\d{1,4})\s*$")


def strip_page_numbers(pages: list[list[str]]) -> list[list[str]]:
    """Each page's number printed bare as its first or last line is dropped (a footer or
    header) where the document numbers its pages so.

    A bare number at a page's edge equal to the page's position (or one less, for an
    unnumbered cover) is a page number only when the same edge of another page carries that
    page's number the same way (``parsers.page_numbering``, told by the pages): a number
    alone at the foot of one page may as well be the last cell of a row printed one number
    per line (PDFium text), and dropping it there reads the row as if that cell were blank.
    Alone, it stays where it is printed; the alignment's page-number rule weighs it with the
    row's sums.
    """
    numbered = {edge: numbered_by_page([(page, page - offset, page) for page, lines in enumerate(pages, start=1)
                                        for offset in [_edge_offset(lines, edge, page)] if offset is not None])
                for edge in (-1, 0)}
    out = []
    for page, lines in enumerate(pages, start=1):
        printed = [i for i, line in enumerate(lines) if line.strip()]
        drop = {printed[edge] for edge in (-1, 0) if page in numbered[edge]}  # a one-line page's line once
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out


def _edge_offset(lines: list[str], edge: int, page: int) -> int | None:
    """``page`` minus the bare number on the page's first (``edge`` 0) or last (-1) non-blank
    line, where that is 0 or 1 (the page's position, or one less); else None."""
    for line in (lines if edge == 0 else reversed(lines)):
        if line.strip():
            m = _BARE_PAGE_NUMBER.match(line)
            return page - int(m[1]) if m and page - int(m[1]) in (0, 1) else None
    return None


_CONTROL = regex.compile("[\x00-\x08\x0e-\x1f]")  # control characters but \t \n \v \f \r


class TextParser(Parser):
    format = "txt"

    def parse(self, data: bytes) -> Document:
        text = decode_text(data)
        if not text.strip():
            raise DocumentError("the file is empty: nothing to read", status="failed")
        bad = text.count("\ufffd") + len(_CONTROL.findall(text[:20000]))
        if bad > max(20, len(text) // 20):
            raise DocumentError(
                "the file is not readable text (binary data or an unknown encoding); "
                "check that it is a TXT/HTML/PDF/DOCX report", status="failed")
        return text_to_document(text)
