"""Which pages of a PDF longer than the page limit hold the report.

Reading a page fully (characters, rulings, layout, OCR) is what the page limit bounds; a
page's plain text from PDFium's text API costs a small fraction of that.  So a PDF with
more pages than the limit is first searched page by page for the report's section
headings (the same words ``parsers.sections`` finds them by, in increasing order), and the
window of pages read fully is placed where they are: an annex of 400 pages in front of the
report no longer hides it.  Pages without a text layer cannot be searched this way; they
are named, so a scanned report past the limit is said, never silently missed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..base import Document, TextLine
from ..sections import locate_sections
from .params import MAX_PAGES_ENV, PdfLimits

_TITLE_WORDS = ("年度报告", "年报")
_TITLE_LOOKBACK = 2  # a cover or title page may stand this many pages before heading 一


@dataclass
class PageWindow:
    """The pages to read fully (1-based, inclusive) and what the text search saw."""

    first: int
    last: int
    n_pages: int
    heading_pages: list[int] = field(default_factory=list)
    textless: list[int] = field(default_factory=list)  # unread pages the search could not see into
    searched: int = 0  # pages searched (all of them unless the search limit stopped it)

    @property
    def numbers(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def complete(self) -> bool:
        """Every heading found is inside the window and nothing unread could hide another."""
        return (bool(self.heading_pages) and self.first <= min(self.heading_pages)
                and max(self.heading_pages) <= self.last and not self.textless
                and self.searched == self.n_pages)

    def note(self, limit: int) -> str:
        """The sentence for reports.error: which pages were read, which not, and why."""
        skipped = list(range(1, self.first)) + list(range(self.last + 1, self.n_pages + 1))
        read = list(self.numbers)
        head = (f"the PDF has {self.n_pages} pages, more than the page limit of {limit} "
                f"(set {MAX_PAGES_ENV} to read more): {_named(read)} {_were(read)} read, "
                f"{_named(skipped)} {_were(skipped)} not")
        if self.heading_pages:
            found = _named(sorted(set(self.heading_pages)))
            head += f"; a text search of the pages found the report's section headings on {found}"
            if not self.complete and max(self.heading_pages) > self.last:
                head += ", not all of them inside the pages read: the report may be cut short"
        else:
            head += ("; a text search of the pages found no report section heading: the report, "
                     "if any, may be in the pages not read")
        if self.textless:
            head += (f"; {_named(self.textless)} among those not read could not be searched: "
                     f"no text layer (a scanned report may be there)")
        if self.searched < self.n_pages:
            head += f"; only the first {self.searched} pages could be searched"
        return head


def choose_window(data: bytes, n_pages: int, limits: PdfLimits) -> PageWindow:
    """The ``limits.max_pages`` pages to read of a PDF with ``n_pages`` > that limit."""
    lines, textless, searched = _page_lines(data, min(n_pages, limits.max_search_pages),
                                            limits.max_chars_per_page, limits.max_search_chars)
    headings = locate_sections(Document(blocks=lines, format="pdf"))
    pages = [lines[h.line].page or 1 for h in headings]
    size = limits.max_pages
    first = 1
    if pages and max(pages) > size:
        first = min(pages)
        # a title page just before heading 一 belongs to the report, if the window still
        # reaches the last heading with it
        titles = [ln.page for ln in lines if ln.page is not None and first - _TITLE_LOOKBACK <= ln.page < first
                  and ln.page + size > max(pages) and any(w in ln.text for w in _TITLE_WORDS)]
        if titles:
            first = min(titles)
        first = max(1, min(first, n_pages - size + 1))
    last = min(n_pages, first + size - 1)
    unread_textless = [p for p in textless if not first <= p <= last]
    return PageWindow(first, last, n_pages, pages, unread_textless, searched)


def _page_lines(data: bytes, n: int, cap: int, budget: int) -> tuple[list[TextLine], list[int], int]:
    """Each page's text lines (PDFium's text API, no layout), the pages without text, and
    how many pages were searched (fewer than ``n`` once ``budget`` characters are held)."""
    import pypdfium2 as pdfium

    lines: list[TextLine] = []
    textless: list[int] = []
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return lines, textless, 0  # only the other backend opens it: nothing searched, said
    searched = 0
    try:
        for index in range(n):
            number = index + 1
            searched = number
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                textless.append(number)
                continue
            try:
                textpage = page.get_textpage()
                try:
                    count = textpage.count_chars()
                    text = textpage.get_text_range(0, min(count, cap)) if count else ""
                finally:
                    textpage.close()
            finally:
                page.close()
            found = [TextLine(t, number) for t in text.splitlines() if t.strip()]
            if not found:
                textless.append(number)
            lines.extend(found)
            budget -= len(text)
            if budget <= 0:
                break
    finally:
        pdf.close()
    return lines, textless, searched


def _named(pages: list[int]) -> str:
    """"page 4", "pages 1-6, 13-14"."""
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {page_ranges(pages)}"


def _were(pages: list[int]) -> str:
    return "was" if len(pages) == 1 else "were"


def page_ranges(pages: list[int]) -> str:
    """Page numbers as ranges for a sentence: [1, 2, 3, 7] → "1-3, 7"."""
    out: list[str] = []
    if not pages:
        return "none"
    start = prev = pages[0]
    for p in pages[1:] + [None]:  # type: ignore[list-item]
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if p is not None:
            start = prev = p
    return ", ".join(out)
