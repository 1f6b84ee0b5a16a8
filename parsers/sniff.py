"""Tell a file's format from its bytes, never from its name.

Downloads arrive misnamed (a PDF saved as .txt, an HTML error page saved as .pdf), so the
name is only a tie-breaker for plain text versus nothing at all.
"""
from __future__ import annotations

import io
import zipfile

_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
    b"BM": "bmp",
    b"RIFF": "webp",
}
_WORD_PART = b"word/document.xml"
_SHEET_PARTS = (b"xl/workbook.xml", b"xl/worksheets/")
_HTML_HINTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<table", b"<p>", b"<p ")


def sniff_format(data: bytes) -> str:
    """Return ``pdf``, ``docx``, ``doc``, ``xls``, ``xlsx``, ``zip``, ``html``, ``txt``, ``image:<kind>``,
    ``ole:<kind>`` (other or damaged compound files), ``binary`` or ``empty``."""
    if not data.strip():
        return "empty"
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    for magic, kind in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            if kind == "webp" and head[8:12] != b"WEBP":
                continue
            return f"image:{kind}"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _sniff_ole(data)
    text_head = _ascii_view(head)
    if any(h in text_head for h in _HTML_HINTS):
        return "html"
    if _looks_binary(data[:65536]) and not _is_utf16_text(data):
        return "binary"
    return "txt"


def _sniff_ole(data: bytes) -> str:
    """Legacy Office: ``doc`` (Word, Kingsoft WPS, Works), ``xls`` (Excel, Kingsoft ET), else ``ole:<kind>``."""
    from .legacy.ole import ole_kind

    kind = ole_kind(data)
    if kind in ("doc", "works"):
        return "doc"
    if kind == "xls":
        return "xls"
    return f"ole:{kind}"


def _is_utf16_text(data: bytes) -> bool:
    from .text import bomless_utf16  # decoding rules live with the text reader

    return bomless_utf16(data) is not None


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        # A damaged Word file or workbook still names its parts in the local headers: let
        # its reader say it is damaged rather than calling it a plain archive.
        if _WORD_PART in data[:1 << 20]:
            return "docx"
        return "xlsx" if any(p in data[:1 << 20] for p in _SHEET_PARTS) else "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:  # Excel 2007+, or Kingsoft ET saved as OOXML
        return "xlsx"
    return "zip"


def _ascii_view(head: bytes) -> bytes:
    """Lower-cased bytes with UTF-16 zero bytes removed, for tag sniffing."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:200].count(b"\x00") > 20:
        head = head.replace(b"\x00", b"")
    return head.lower().lstrip(b"\xef\xbb\xbf \t\r\n")


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def _looks_binary(sample: bytes) -> bool:
    """Binary junk: many control bytes that no text encoding we read would produce."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    nul = sample.count(b"\x00")
    if nul and nul / len(sample) > 0.3 and _utf16_like(sample):
        return False
    ctrl = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # bytes < 9 or 14..31, counted in C
    return ctrl / max(len(sample), 1) > 0.05


def _utf16_like(sample: bytes) -> bool:
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    return max(even, odd) > 0.3 * half and min(even, odd) < 0.1 * half
