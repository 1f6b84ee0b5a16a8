"""Legacy Word/WPS files: converted by LibreOffice, then read by the DOCX reader, so a
``.doc`` report yields the same Document its ``.docx`` would.

Spreadsheets (.xls/.et) are not converted: :mod:`parsers.sheet` reads their cells directly."""
from __future__ import annotations

from ..base import Document, DocumentError, Parser
from .convert import convert
from .ole import ole_kind


class LegacyWordParser(Parser):
    """Word 97–2003 ``.doc``, Kingsoft ``.wps`` (Word binary) and Microsoft Works ``.wps``."""

    format = "doc"
    what = "legacy Word/WPS (.doc/.wps) file"

    def parse(self, data: bytes) -> Document:
        from ..docx import DocxParser

        suffix = ".wps" if ole_kind(data) == "works" else ".doc"
        docx = convert(data, suffix, "docx:MS Word 2007 XML", self.what)
        try:
            doc = DocxParser().parse(docx)
        except DocumentError as exc:
            raise DocumentError(f"{exc.message} (after LibreOffice converted the {self.what} to DOCX)",
                                exc.status) from exc
        # format says it was a legacy file; a conversion that worked is not a problem to report
        return Document(blocks=doc.blocks, format=self.format, n_pages=doc.n_pages, notes=doc.notes)
