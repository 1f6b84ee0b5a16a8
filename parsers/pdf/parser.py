"""PdfParser: PDF bytes → Document, pages read one at a time through a backend."""
from __future__ import annotations

from typing import Iterator

from ..base import Block, Document, DocumentError, Parser, TextLine
from .backend import PageData, choose_backend, open_pdf
from .layout import PageItem, PageText, layout_page
from .params import PdfLimits, current_limits
from .tables import PageTable, column_map, stitch, to_block
from .window import choose_window, page_ranges

SCANNED_SENTENCE = ("scanned PDF: no text layer, and OCR found no readable text on its pages "
                    "(blank pages, or an image too faint or too small to read)")


class PdfParser(Parser):
    """Reads PDFs; tables are rebuilt from character and ruling geometry.

    Pages with a text layer are read from it; pages without one (scans) are rendered and
    read by OCR (:mod:`parsers.ocr`), which yields the same characters and rulings, so a
    mixed PDF is one document."""

    format = "pdf"

    def __init__(self, backend: str | None = None, limits: PdfLimits | None = None) -> None:
        self.backend = backend
        self.limits = limits  # None: the defaults with the page limit of the settings

    def parse(self, data: bytes) -> Document:
        backend = choose_backend(self.backend)
        limits = self.limits or current_limits()
        opened = open_pdf(data, backend, limits)
        fallback = _PageFallback(data, limits) if backend == "pdfium" else None
        scans = _ScannedPages(data)
        window = None
        try:
            if opened.n_pages > limits.max_pages:  # read the pages a text search places the report on
                window = choose_window(data, opened.n_pages, limits)
            pages = opened.pages(window.numbers) if window else opened.pages()
            items, notes, n_chars, textless, lossy = self._read(pages, fallback, scans)
        finally:
            opened.close()
            scans.close()
            if fallback is not None:
                fallback.close()
        if n_chars == 0:
            raise DocumentError(SCANNED_SENTENCE, status="failed")
        incomplete = bool(notes) or bool(textless)  # page notes say what was skipped or cut
        if scans.read:
            notes.append(f"pages {page_ranges(scans.read)} have no text layer and were read by OCR")
        if textless:
            notes.append(f"pages {page_ranges(textless)} have no text layer and OCR found no text on them")
        if window is not None:
            incomplete = incomplete or not window.complete
            notes.append(window.note(limits.max_pages))
        if lossy:
            notes.append(f"PDFium could not place all characters on pages {page_ranges(lossy)}; "
                         "those pages were read with pdfplumber")
        return Document(blocks=_to_blocks(items), format="pdf", n_pages=opened.n_pages, notes=notes,
                        incomplete=incomplete)

    def _read(self, pages: Iterator[PageData], fallback: "_PageFallback | None",
              scans: "_ScannedPages") -> tuple[list[PageItem], list[str], int, list[int], list[int]]:
        items: list[PageItem] = []
        notes: list[str] = []
        textless: list[int] = []
        lossy: list[int] = []
        n_chars = 0
        try:
            for page in pages:
                if page.note:
                    notes.append(page.note)
                if page.lossy and fallback is not None:
                    # PDFium left glyphs out (unplaceable fonts): pdfminer reads this page right
                    lossy.append(page.number)
                    page = fallback.page(page.number)
                visible = sum(1 for c in page.chars if not c.text.isspace())
                if not visible and page.width > 1 and not page.note:
                    page = scans.page(page.number)  # no text layer: a scan, read by OCR
                    visible = sum(1 for c in page.chars if not c.text.isspace())
                if not visible:
                    if page.width > 1 and not page.note:
                        textless.append(page.number)
                    continue
                n_chars += visible
                hint = items[-1].columns if items and isinstance(items[-1], PageTable) else None
                _append_page(items, layout_page(page, hint))
        except DocumentError:
            raise
        except Exception as exc:  # the C library or pdfminer choking on a damaged file
            raise DocumentError(f"the PDF is damaged and could not be read ({type(exc).__name__}: {exc})") from exc
        return items, notes, n_chars, textless, lossy


class _ScannedPages:
    """Image-only pages rendered by PDFium and read by OCR, opened only when a page needs it."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pdf = None
        self.read: list[int] = []

    def page(self, number: int):
        import pypdfium2 as pdfium

        from ..ocr.params import MEMORY_SENTENCE, OCR, unavailable

        try:  # the OCR stack and the page image are the memory-hungry part of a scan
            from ..ocr.image import render_pdf_page
            from ..ocr.page import ocr_page

            if self._pdf is None:
                self._pdf = pdfium.PdfDocument(self._data)
            img = render_pdf_page(self._pdf[number - 1], OCR.dpi)
        except ImportError as exc:
            raise DocumentError(unavailable(exc, number)) from exc
        except MemoryError as exc:
            raise DocumentError(MEMORY_SENTENCE.format(page=number)) from exc
        page = ocr_page(img, number, OCR.dpi)
        w, h = self._pdf[number - 1].get_size()
        # back to the page's own size in points (the render may have been scaled down)
        f = w / page.width if page.width else 1.0
        if abs(f - 1.0) > 1e-3:
            page = _scaled(page, f)
        if page.chars:
            self.read.append(number)
        return page

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


def _scaled(page, f: float):
    from .backend import Segment

    page.chars = [c._replace(x0=c.x0 * f, top=c.top * f, x1=c.x1 * f, bottom=c.bottom * f,
                             ox=c.ox * f, oy=c.oy * f, size=c.size * f) for c in page.chars]
    page.segments = [Segment(s.x0 * f, s.y0 * f, s.x1 * f, s.y1 * f) for s in page.segments]
    page.width *= f
    page.height *= f
    return page


class _PageFallback:
    """pdfplumber opened only when a page needs it, then kept for the document's other pages."""

    def __init__(self, data: bytes, limits: PdfLimits) -> None:
        self._data, self._limits = data, limits
        self._reader = None

    def page(self, number: int):
        if self._reader is None:
            from .backend_plumber import PlumberPageReader

            self._reader = PlumberPageReader(self._data, self._limits)
        return self._reader.page(number)

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()


def _append_page(items: list[PageItem], page_items: list[PageItem]) -> None:
    """Add a page's blocks, continuing the previous page's last table when this page opens with it."""
    if page_items and items and isinstance(items[-1], PageTable) and isinstance(page_items[0], PageTable) \
            and page_items[0].page == items[-1].page + _pages_spanned(items[-1]):
        cmap = column_map(items[-1], page_items[0])
        if cmap is not None:
            stitch(items[-1], page_items[0], cmap)
            items[-1].columns = page_items[0].columns
            page_items = page_items[1:]
    items.extend(page_items)


def _pages_spanned(t: PageTable) -> int:
    """How many pages a (possibly stitched) table already covers."""
    pages = {s.ref.page for row in t.rows for s in row}
    return max(pages) - t.page + 1 if pages else 1


def _to_blocks(items: list[PageItem]) -> list[Block]:
    blocks: list[Block] = []
    for it in items:
        if isinstance(it, PageText):
            if it.text.strip():
                blocks.append(TextLine(it.text, it.page))
        else:
            b = to_block(it)
            if b is not None:
                blocks.append(b)
    return blocks
