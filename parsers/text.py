"""Plain-text reports: decode whatever encoding they came in, keep every line.

The flattened tables inside stay as lines: telling cells apart is the job of
``parsers.flat`` (tabs, pipes, one cell per line), which works the same for text lifted
out of HTML or PDF.
"""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from .base import Document, DocumentError, Parser, TextLine

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """Decode report text: BOM, then strict UTF-8, UTF-16 without BOM, GB18030, then a guess.

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
    sample = data[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even < odd // 4:
            return data.decode("utf-16-le", errors="replace")
        if even > len(sample) // 4 and odd < even // 4:
            return data.decode("utf-16-be", errors="replace")
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
    # Mostly UTF-8 with a few broken bytes is the common case left.
    utf8 = data.decode("utf-8", errors="replace")
    gb = data.decode("gb18030", errors="replace")
    return utf8 if utf8.count("\ufffd") <= gb.count("\ufffd") else gb


def text_to_document(text: str, fmt: str = "txt") -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    text = text.replace("\ufeff", "")
    return Document(blocks=[TextLine(line) for line in text.split("\n")], format=fmt)


class TextParser(Parser):
    format = "txt"

    def parse(self, data: bytes) -> Document:
        text = decode_text(data)
        if not text.strip():
            raise DocumentError("the file is empty: nothing to read", status="failed")
        bad = text.count("\ufffd") + sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
        if bad > max(20, len(text) // 20):
            raise DocumentError(
                "the file is not readable text (binary data or an unknown encoding); "
                "check that it is a TXT/HTML/PDF/DOCX report", status="failed")
        return text_to_document(text)
