"""Legacy Word/WPS and Excel/ET files: converted by LibreOffice, then read by the DOCX or
HTML reader, so a ``.doc`` report yields the same Document its ``.docx`` would."""
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
        return Document(blocks=doc.blocks, format=self.format, n_pages=doc.n_pages,
                        notes=doc.notes + ["converted from a legacy Word/WPS file by LibreOffice"])


class LegacySheetParser(Parser):
    """Excel 97–2003 ``.xls`` and Kingsoft ``.et``: each sheet's cells as an HTML table."""

    format = "xls"
    what = "legacy Excel/ET (.xls/.et) spreadsheet"

    def parse(self, data: bytes) -> Document:
        from ..html import HtmlParser

        html = convert(data, ".xls", "html:HTML (StarCalc)", self.what)
        doc = HtmlParser().parse(html)
        return Document(blocks=doc.blocks, format=self.format, n_pages=doc.n_pages,
                        notes=doc.notes + ["converted from a legacy spreadsheet by LibreOffice"])
