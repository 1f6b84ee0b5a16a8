"""pypdfium2 backend: PDFium's C text engine reads character boxes several times faster
than pdfminer, which is why it is the default (see bench/RESULTS.md)."""
from __future__ import annotations

import ctypes
from typing import Callable, Iterable, Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pr

from ..base import DocumentError
from .backend import (PASSWORD_SENTENCE, Char, OpenedPdf, PageData, Segment, check_page_size,
                      display_direction, display_transform)
from .params import GEOMETRY, LIMITS, PdfLimits

_MAX_FORM_DEPTH = 8
_SPACES = frozenset((0x20, 0xA0, 0x3000, 0x2002, 0x2003, 0x2009))


def open_pdfium(data: bytes, limits: PdfLimits = LIMITS) -> OpenedPdf:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium's last-error code is process-wide and can be stale from the previous file a
        # worker read; only a file that has an /Encrypt dictionary can need a password.
        says_password = getattr(exc, "err_code", None) == pr.FPDF_ERR_PASSWORD or "password" in str(exc).lower()
        if says_password and b"/Encrypt" in data:
            raise DocumentError(PASSWORD_SENTENCE) from exc
        detail = "" if says_password else f" ({exc})"
        raise DocumentError(f"the PDF is damaged or truncated and cannot be opened{detail}") from exc
    n = len(doc)

    def pages(numbers: Iterable[int] | None = None) -> Iterator[PageData]:
        for i in (range(min(n, limits.max_pages)) if numbers is None else (k - 1 for k in numbers)):
            yield _read_page(doc, i, limits)

    return OpenedPdf(n_pages=n, pages=pages, close=doc.close)


def _read_page(doc: pdfium.PdfDocument, index: int, limits: PdfLimits) -> PageData:
    number = index + 1
    try:
        page = doc[index]
    except pdfium.PdfiumError as exc:
        return PageData(number, 0, 0, 0, note=f"page {number} could not be loaded ({exc}) and was skipped")
    try:
        rotation = page.get_rotation() % 360
        left, bottom, right, top = page.get_cropbox()
        w, h = right - left, top - bottom
        dw, dh = (h, w) if rotation in (90, 270) else (w, h)
        out = PageData(number, dw, dh, rotation)
        out.note = check_page_size(number, dw, dh, limits)
        if out.note:
            return out
        to_display = display_transform(rotation, w, h)

        def tf(x: float, y: float) -> tuple[float, float]:
            return to_display(x - left, y - bottom)

        out.chars, cut, dropped = _read_chars(page, tf, rotation, limits.max_chars_per_page)
        if cut:
            out.note = f"page {number} has more than {limits.max_chars_per_page} characters; the rest was ignored"
        out.lossy = dropped
        out.segments, out.n_images = _read_paths(page, tf, w, h, limits.max_path_objects_per_page)
        return out
    finally:
        page.close()


def _read_chars(page: pdfium.PdfPage, tf: Callable[[float, float], tuple[float, float]],
                rotation: int, cap: int) -> tuple[list[Char], bool, bool]:
    """Characters of the page, whether the cap cut them, and whether PDFium dropped some."""
    textpage = page.get_textpage()
    try:
        chars, cut, seen = _chars_of(textpage, tf, rotation, cap)
        return chars, cut, not cut and _orphan_text_objects(page, textpage, seen) > 0
    finally:
        textpage.close()


def _orphan_text_objects(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, seen: set[int]) -> int:
    """Visible text objects on the page that gave the text page no character.

    PDFium's text page silently leaves out glyphs it cannot place (e.g. a non-embedded CJK
    font without a system substitute, drawn rotated); such objects reveal the loss so the
    caller can read the document with pdfminer instead.  Not counted: empty objects (no
    extent), and copies PDFium merged itself (fake bold: a kept character sits there).
    """
    left, bottom, right, top = page.get_cropbox()
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    orphans = 0
    for k in range(pr.FPDFPage_CountObjects(page.raw)):
        obj = pr.FPDFPage_GetObject(page.raw, k)
        if pr.FPDFPageObj_GetType(obj) != pr.FPDF_PAGEOBJ_TEXT:
            continue
        if (ctypes.cast(obj, ctypes.c_void_p).value or 0) in seen:
            continue
        if not pr.FPDFPageObj_GetBounds(obj, l, b, r, t):
            continue
        if r.value - l.value < 0.1 and t.value - b.value < 0.1:
            continue
        cx, cy = (l.value + r.value) / 2, (b.value + t.value) / 2
        if not (left <= cx <= right and bottom <= cy <= top):
            continue
        if textpage.get_text_bounded(l.value - 0.5, b.value - 0.5, r.value + 0.5, t.value + 0.5).strip():
            continue
        orphans += 1
    return orphans


def _chars_of(textpage: pdfium.PdfTextPage, tf: Callable[[float, float], tuple[float, float]],
              rotation: int, cap: int) -> tuple[list[Char], bool, set[int]]:
    """All characters of a text page; font, size and direction are read once per text object."""
    raw = textpage.raw
    n = pr.FPDFText_CountChars(raw)
    text_all = textpage.get_text_range(0, n) if n else ""
    if len(text_all) != n:  # surrogate pairs: fall back to one call per character
        text_all = "".join(chr(pr.FPDFText_GetUnicode(raw, i) or 0xFFFD) for i in range(n))
    rect = pr.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    mat = pr.FS_MATRIX()
    fbuf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    per_obj: dict[int, tuple[str, float, float, float]] = {}
    chars: list[Char] = []
    seen: set[int] = set()
    # Per character the loop below is ctypes calls; looking the functions up once (not on
    # the module every call) is a measurable share of reading a page.
    get_object, get_box, get_origin = pr.FPDFText_GetTextObject, pr.FPDFText_GetLooseCharBox, pr.FPDFText_GetCharOrigin
    as_address = ctypes.c_void_p.from_buffer
    append = chars.append
    for i, ch in enumerate(text_all):
        code = ord(ch)
        if code <= 32 or code in _SPACES:
            if code < 32 or pr.FPDFText_IsGenerated(raw, i) == 1:
                continue
            ch = " "
        elif code in (0xFEFF, 0xFFFE, 0xFFFF):
            continue
        if len(chars) >= cap:
            return chars, True, seen
        obj = get_object(raw, i)
        key = as_address(obj).value or 0
        info = per_obj.get(key)
        if info is None:
            seen.add(key)
            pr.FPDFText_GetMatrix(raw, i, mat)
            size = pr.FPDFText_GetFontSize(raw, i) * (mat.c * mat.c + mat.d * mat.d) ** 0.5
            k = pr.FPDFText_GetFontInfo(raw, i, fbuf, 128, flags)
            font = fbuf.raw[:max(k - 1, 0)].decode("utf-8", "replace") if k else ""
            dx, dy = display_direction(rotation, mat.a, mat.b)
            info = per_obj[key] = (font, size, dx, dy)
        font, size, dx, dy = info
        get_box(raw, i, rect)
        get_origin(raw, i, ox, oy)
        ax, ay = tf(rect.left, rect.top)
        bx, by = tf(rect.right, rect.bottom)
        px, py = tf(ox.value, oy.value)
        append(Char(ch, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by),
                          px, py, size, font, dx, dy))
    return chars, False, seen


def _read_paths(page: pdfium.PdfPage, tf: Callable[[float, float], tuple[float, float]],
                w: float, h: float, cap: int) -> tuple[list[Segment], int]:
    """Axis-parallel edges of all path objects (form XObjects included), in display space."""
    segs: list[Segment] = []
    n_images = 0
    budget = [cap]
    pt_x, pt_y = ctypes.c_float(), ctypes.c_float()
    bl, bb, br, bt = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    mat = pr.FS_MATRIX()
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def visit(obj: ctypes.c_void_p, parent: tuple[float, ...], depth: int) -> None:
        nonlocal n_images
        if budget[0] <= 0:
            return
        budget[0] -= 1
        kind = pr.FPDFPageObj_GetType(obj)
        if kind == pr.FPDF_PAGEOBJ_IMAGE:
            n_images += 1
            return
        if kind not in (pr.FPDF_PAGEOBJ_PATH, pr.FPDF_PAGEOBJ_FORM):
            return
        if kind == pr.FPDF_PAGEOBJ_PATH and parent is identity and \
                pr.FPDFPageObj_GetBounds(obj, bl, bb, br, bt):
            # a border drawn as one line or a thin filled rect: its bounds are the ruling
            w_, h_ = br.value - bl.value, bt.value - bb.value
            if (w_ <= GEOMETRY.max_ruling_width) != (h_ <= GEOMETRY.max_ruling_width):
                x0, y0 = tf(bl.value, bb.value)
                x1, y1 = tf(br.value, bt.value)
                x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
                if x1 - x0 <= GEOMETRY.max_ruling_width and y1 - y0 >= GEOMETRY.min_ruling:
                    segs.append(Segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
                elif y1 - y0 <= GEOMETRY.max_ruling_width and x1 - x0 >= GEOMETRY.min_ruling:
                    segs.append(Segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
                return
        pr.FPDFPageObj_GetMatrix(obj, mat)
        m = _compose((mat.a, mat.b, mat.c, mat.d, mat.e, mat.f), parent)
        if kind == pr.FPDF_PAGEOBJ_FORM:
            if depth < _MAX_FORM_DEPTH:
                for j in range(pr.FPDFFormObj_CountObjects(obj)):
                    visit(pr.FPDFFormObj_GetObject(obj, j), m, depth + 1)
            return
        pts: list[tuple[float, float]] = []
        subpaths: list[list[tuple[float, float]]] = []
        for j in range(pr.FPDFPath_CountSegments(obj)):
            s = pr.FPDFPath_GetPathSegment(obj, j)
            pr.FPDFPathSegment_GetPoint(s, pt_x, pt_y)
            x, y = pt_x.value, pt_y.value
            p = (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
            kind_s = pr.FPDFPathSegment_GetType(s)
            if kind_s == pr.FPDF_SEGMENT_MOVETO:
                if pts:
                    subpaths.append(pts)
                pts = [p]
            elif kind_s == pr.FPDF_SEGMENT_LINETO:
                pts.append(p)
            else:  # a curve: not a ruling; break the polyline here
                if pts:
                    subpaths.append(pts)
                pts = [p]
                continue
            if pr.FPDFPathSegment_GetClose(s) and pts:
                pts.append(pts[0])
        if pts:
            subpaths.append(pts)
        for sp in subpaths:
            segs.extend(edges_of([tf(x, y) for x, y in sp], w, h))

    for k in range(pr.FPDFPage_CountObjects(page.raw)):
        visit(pr.FPDFPage_GetObject(page.raw, k), identity, 0)
    return segs, n_images


def _compose(m: tuple[float, ...], parent: tuple[float, ...]) -> tuple[float, ...]:
    """``m`` followed by ``parent`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = parent
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def edges_of(points: list[tuple[float, float]], page_w: float, page_h: float) -> list[Segment]:
    """Axis-parallel edges of a polyline in display space; a thin filled rect becomes its centre line.

    Rects covering nearly the whole page (backgrounds, page frames) are ignored: they
    would otherwise enclose all text as one giant table.
    """
    g = GEOMETRY
    if len(points) < 2:
        return []
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    bw, bh = max(xs) - min(xs), max(ys) - min(ys)
    if bw > g.background_frac * page_w and bh > g.background_frac * page_h:
        return []
    if len(points) >= 4 and (bw <= g.max_ruling_width or bh <= g.max_ruling_width):
        if bw <= g.max_ruling_width and bh >= g.min_ruling:
            cx = (min(xs) + max(xs)) / 2
            return [Segment(cx, min(ys), cx, max(ys))]
        if bh <= g.max_ruling_width and bw >= g.min_ruling:
            cy = (min(ys) + max(ys)) / 2
            return [Segment(min(xs), cy, max(xs), cy)]
        return []
    out: list[Segment] = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= g.min_ruling:
            out.append(Segment(min(x0, x1), (y0 + y1) / 2, max(x0, x1), (y0 + y1) / 2))
        elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= g.min_ruling:
            out.append(Segment((x0 + x1) / 2, min(y0, y1), (x0 + x1) / 2, max(y0, y1)))
    return out
