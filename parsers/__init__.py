"""Format readers behind one entry point: bytes → :class:`parsers.base.Document`.

One module per format (camelot-style), chosen by content (``sniff``), never by file name.
"""
from __future__ import annotations

import importlib

from .base import Document, DocumentError, Parser
from .sniff import sniff_format

# format → "module:Class"; imported lazily so a broken optional reader costs only its format.
PARSERS: dict[str, str] = {
    "txt": "parsers.text:TextParser",
    "html": "parsers.html:HtmlParser",
    "pdf": "parsers.pdf:PdfParser",
    "docx": "parsers.docx:DocxParser",
    "image": "parsers.ocr.parser:ImageParser",
    "doc": "parsers.legacy:LegacyWordParser",
    "xls": "parsers.sheet:XlsParser",
    "xlsx": "parsers.sheet:XlsxParser",
}

_UNSUPPORTED = {
    "empty": "the file is empty: nothing to read",
    "binary": "the file is binary data, not a text, HTML, PDF or DOCX report",
    "zip": "the file is a ZIP archive without a Word document or a workbook inside; unpack it and extract the files",
    "ole:damaged": ("the file starts like a legacy Office (.doc/.wps/.xls) file but its structure is damaged; "
                    "open it in WPS or Word and save it as DOCX or PDF"),
    "ole:encrypted": ("the Office file is password-protected (an encrypted Word or Excel file); save an "
                      "unprotected copy as DOCX, XLSX or PDF"),
    "ole:ppt": "the file is a PowerPoint presentation, not a report; export the report itself as PDF or DOCX",
    "ole:other": ("the file is an OLE compound file that is neither a Word/WPS document nor a spreadsheet; "
                  "save the report as DOCX or PDF"),
}


def get_parser(fmt: str) -> Parser:
    target = PARSERS.get(fmt.split(":")[0] if fmt.startswith("image:") else fmt)
    if target is None:
        raise DocumentError(_UNSUPPORTED.get(fmt, f"unsupported format: {fmt}"))
    module, cls = target.split(":")
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:  # a reader not built yet or a missing dependency
        raise DocumentError(f"no reader for {fmt} files is available ({exc})") from exc
    return getattr(mod, cls)()


def parse_bytes(data: bytes) -> Document:
    """Sniff the format and read the document; raises DocumentError on unreadable input."""
    fmt = sniff_format(data)
    return get_parser(fmt).parse(data)


__all__ = ["Document", "DocumentError", "Parser", "parse_bytes", "sniff_format", "get_parser"]
