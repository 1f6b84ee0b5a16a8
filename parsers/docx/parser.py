"""Word (DOCX) reports: paragraphs and tables in document order.

The archive is vetted (``zipguard``) before python-docx opens it, so a ZIP bomb or a
damaged file becomes a clear sentence instead of a hang or a stack trace.
"""
from __future__ import annotations

import io

from ..base import Document, DocumentError, Parser, TableBlock, TextLine
from .ooxml import P, TBL, block_children, paragraph_lines, table_cells
from ..zipguard import check_zip


def _open(data: bytes):  # -> docx.document.Document
    import docx  # python-docx
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, XMLSyntaxError…
        reason = str(exc) or type(exc).__name__
        raise DocumentError(
            f"the DOCX file is damaged or not a Word document ({reason}); "
            "open it in Word and save it again, or export it as PDF") from exc


class DocxParser(Parser):
    format = "docx"

    def parse(self, data: bytes) -> Document:
        check_zip(data, "DOCX")
        body = _open(data).element.body
        blocks: list[TextLine | TableBlock] = []
        for el in block_children(body):
            if el.tag == P:
                blocks.extend(TextLine(line) for line in paragraph_lines(el))
            elif el.tag == TBL:
                grid = table_cells(el)
                if grid:
                    blocks.append(TableBlock(rows=tuple(tuple(row) for row in grid)))
        if not any((isinstance(b, TextLine) and b.text.strip()) or isinstance(b, TableBlock) for b in blocks):
            raise DocumentError("the DOCX file has no text (it may hold only images: scanned pages need OCR)")
        return Document(blocks=blocks, format="docx")
