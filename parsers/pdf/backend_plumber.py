"""pdfplumber backend: the reference reader (pure Python pdfminer underneath, slower)."""
from __future__ import annotations

import io
from typing import Any, Iterable, Iterator

from ..base import DocumentError
from .backend import PASSWORD_SENTENCE, Char, OpenedPdf, PageData, Segment, check_page_size
from .backend_pdfium import edges_of
from .params import LIMITS, PdfLimits


def open_plumber(data: bytes, limits: PdfLimits = LIMITS) -> OpenedPdf:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many unrelated types for bad input
        if _is_password_error(exc):
            raise DocumentError(PASSWORD_SENTENCE) from exc
        raise DocumentError(f"the PDF is damaged or truncated and cannot be opened ({type(exc).__name__}: {exc})") from exc

    def pages(numbers: Iterable[int] | None = None) -> Iterator[PageData]:
        chosen = range(1, min(n, limits.max_pages) + 1) if numbers is None else numbers
        for i, page in ((k - 1, pdf.pages[k - 1]) for k in chosen):
            try:
                yield _read_page(page, i + 1, limits)
            except Exception as exc:
                yield PageData(i + 1, 0, 0, 0, note=f"page {i + 1} could not be read ({type(exc).__name__}) and was skipped")
            finally:
                page.close()

    return OpenedPdf(n_pages=n, pages=pages, close=pdf.close)


class PlumberPageReader:
    """Reads single pages with pdfplumber, for pages PDFium could not read completely."""

    def __init__(self, data: bytes, limits: PdfLimits = LIMITS) -> None:
        import pdfplumber

        self._pdf = pdfplumber.open(io.BytesIO(data))
        self._limits = limits

    def page(self, number: int) -> PageData:
        page = self._pdf.pages[number - 1]
        try:
            return _read_page(page, number, self._limits)
        finally:
            page.close()

    def close(self) -> None:
        self._pdf.close()


def _is_password_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if "Password" in type(seen).__name__ or "password" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__ or (seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None)
    return False


def _read_page(page: Any, number: int, limits: PdfLimits) -> PageData:
    w, h = float(page.width), float(page.height)
    out = PageData(number, w, h, int(page.rotation or 0) % 360)
    out.note = check_page_size(number, w, h, limits)
    if out.note:
        return out
    chars: list[Char] = []
    for c in page.chars:
        text = c["text"]
        if not text:
            continue
        if text.isspace():
            text = " "
        if len(chars) >= limits.max_chars_per_page:
            out.note = f"page {number} has more than {limits.max_chars_per_page} characters; the rest was ignored"
            break
        a, b, _, _, e, f = c["matrix"]
        n = (a * a + b * b) ** 0.5 or 1.0
        dx, dy = a / n, -b / n
        # pdfminer's size is the box extent along y; for sideways text that is the advance
        size = float(c["size"]) if abs(dx) >= abs(dy) else float(c["x1"] - c["x0"])
        chars.append(Char(text, c["x0"], c["top"], c["x1"], c["bottom"], e, h - f,
                          size, c.get("fontname") or "", dx, dy))
    out.chars = chars
    segs: list[Segment] = []
    for obj in page.lines + page.curves:
        segs.extend(edges_of([(float(x), float(y)) for x, y in obj["pts"]], w, h))
    for r in page.rects:
        x0, t, x1, btm = r["x0"], r["top"], r["x1"], r["bottom"]
        segs.extend(edges_of([(x0, t), (x1, t), (x1, btm), (x0, btm), (x0, t)], w, h))
    out.segments = segs
    out.n_images = len(page.images)
    return out
