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
    pages = text.split(_PAGE_BREAK)
    paged = len(pages) > 1
    blocks = []
    for number, page in enumerate(pages, start=1):
        lines = page.split("\n")
        if paged:
            lines = strip_page_numbers(lines, number)
        blocks.extend(TextLine(line, number if paged else None) for line in lines)
    return Document(blocks=blocks, format=fmt, n_pages=len(pages) if paged else None)


_BARE_PAGE_NUMBER = regex.compile(r"^\s*(\d{1,4})\s*$")


def strip_page_numbers(lines: list[str], page: int) -> list[str]:
    """The page's number printed bare as its first or last line is dropped (a footer).

    Only when it equals the page's position (or one less, for an unnumbered cover): a
    value cell that happens to end a page stays a value.
    """
    out = list(lines)
    for edge in (-1, 0):
        idx = [i for i, l in enumerate(out) if l.strip()]
        m = _BARE_PAGE_NUMBER.match(out[idx[edge]]) if idx else None
        if m and int(m[1]) in (page, page - 1):
            del out[idx[edge]]
    return out


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
