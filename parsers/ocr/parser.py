"""ImageParser: a JPG/PNG/TIFF page (or a multi-page TIFF) → Document, by OCR.

Each page image goes through :func:`.page.ocr_page` and then the PDF reader's own layout,
table and stitching code, so a photographed or scanned report reads like its PDF.
"""
from __future__ import annotations


from ..base import Document, DocumentError, Parser
from ..sniff import sniff_format
from ..pdf.layout import layout_page
from ..pdf.parser import _append_page, _to_blocks
from ..pdf.tables import PageTable
from .image import decode_image
from .page import ocr_page
from .params import OCR

A4_LONG_SIDE_IN = 11.69


class ImageParser(Parser):
    format = "image"

    def parse(self, data: bytes) -> Document:
        import cv2

        pages = decode_image(data)
        items: list = []
        for number, img in enumerate(pages, 1):
            dpi = max(img.shape[:2]) / A4_LONG_SIDE_IN  # the file rarely says; pages are A4
            if dpi > 1.5 * OCR.dpi:  # a phone photo: read at the PDF scans' resolution
                f = OCR.dpi / dpi
                img = cv2.resize(img, (int(img.shape[1] * f), int(img.shape[0] * f)), interpolation=cv2.INTER_AREA)
                dpi = OCR.dpi
            page = ocr_page(img, number, dpi)
            hint = items[-1].columns if items and isinstance(items[-1], PageTable) else None
            _append_page(items, layout_page(page, hint))
        blocks = _to_blocks(items)
        if not blocks:
            raise DocumentError("OCR found no readable text in the image (blank, too faint or too small); "
                                "scan the page again at 200–300 dpi")
        return Document(blocks=blocks, format=sniff_format(data), n_pages=len(pages),
                        notes=[f"read by OCR from {len(pages)} page image(s)"])


__all__ = ["ImageParser"]
