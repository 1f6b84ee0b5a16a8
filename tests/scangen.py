"""Scans made from the typeset reports of ``tests/pdfgen.py``: what a scanner and a stamp do.

Each page is rendered at a scanner's resolution, optionally written on by hand (blue or black
pen strokes: margin notes, a scrawl beside the title, a signature and a handwritten date, ticks,
circled notes, strokes across table rulings and prose, a few inside table cells), stamped with a
red seal (over the table where the page has one), turned by a few degrees, given paper noise and
saved as JPEG; the pages become an image-only PDF (Pillow writes the JPEGs as they are), or stay
image files.  Everything is drawn from the seed.
Needs a CJK system font for PDFium to draw reportlab's non-embedded STSong-Light
(``.ci/run`` installs fonts-wqy-microhei).
"""
from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageDraw


def scan_pages(pdf: bytes, rng: random.Random, dpi: int = 170, handwriting: bool = False) -> list[Image.Image]:
    """Each page of ``pdf`` as a noisy, turned, stamped greyish RGB scan (JPEG-decoded).

    ``handwriting`` adds pen strokes to every page (see :func:`handwrite`); without it the rng
    is used exactly as before, so the existing seeds give the same scans."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for i in range(len(doc)):
            img = doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
            if handwriting:
                img = handwrite(img, random.Random(rng.randrange(1 << 30)), dpi, last=i == len(doc) - 1)
            img = _seal(img, rng)
            angle = rng.choice([-1, 1]) * rng.uniform(1.0, 3.0)
            img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
            arr = np.asarray(img).astype(np.int16)
            noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 10, arr.shape[:2])[..., None]
            arr = np.clip(arr * 0.96 + 4 + noise, 0, 255).astype(np.uint8)  # paper grey and grain
            buf = io.BytesIO()
            Image.fromarray(arr).save(buf, format="JPEG", quality=rng.randint(60, 80))
            out.append(Image.open(io.BytesIO(buf.getvalue())))
    finally:
        doc.close()
    return out


def image_pdf(pages: list[Image.Image], dpi: int = 170) -> bytes:
    """The page images as an image-only PDF (no text layer)."""
    buf = io.BytesIO()
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()


def scanned_pdf(pdf: bytes, seed: int, dpi: int = 170, handwriting: bool = False) -> bytes:
    return image_pdf(scan_pages(pdf, random.Random(seed), dpi, handwriting), dpi)


def _seal(img: Image.Image, rng: random.Random) -> Image.Image:
    """A red round seal with a star and a ring of marks, half transparent, over the page's middle."""
    w, h = img.size
    r = int(w * rng.uniform(0.09, 0.12))
    cx, cy = int(w * rng.uniform(0.55, 0.8)), int(h * rng.uniform(0.3, 0.7))
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (220, 30, 30, 150)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=max(3, r // 18))
    star = []
    for k in range(10):
        rad = r * (0.35 if k % 2 == 0 else 0.15)
        a = np.pi / 2 + k * np.pi / 5
        star.append((cx + rad * np.cos(a), cy - rad * np.sin(a)))
    d.polygon(star, fill=red)
    for k in range(14):  # the seal's characters, as red marks along the ring
        a = np.pi * (0.15 + 0.7 * k / 13)
        x, y = cx - 0.72 * r * np.cos(a), cy - 0.72 * r * np.sin(a)
        d.rectangle([x - r * 0.07, y - r * 0.07, x + r * 0.07, y + r * 0.07], fill=red)
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


# ---- handwriting -------------------------------------------------------------------------

BLUE_INKS = [(25, 45, 150), (30, 60, 170), (20, 35, 120)]   # ballpoint blues
BLACK_INKS = [(25, 25, 30), (40, 40, 45), (15, 15, 25)]      # gel / fountain-pen blacks


def handwrite(img: Image.Image, rng: random.Random, dpi: int = 170, last: bool = False) -> Image.Image:
    """Pen strokes on a rendered page, placed from the page's own ink (no layout needed).

    The printed text's box and the table's horizontal rulings are found in the image; then a
    reviewer's marks go where they go on real scans: a note and a tick in a margin, a scrawl
    beside the first line (the title on page one), strokes crossing rulings and prose, a tick
    or loop inside a few table cells, a circled phrase, and on the last page a signature and a
    handwritten "2024年1月" date over the signature block.  One ink per page, blue or black; pen
    width 2–4 px at 170 dpi (scaled with ``dpi``)."""
    img = img.copy()
    d = ImageDraw.Draw(img)
    ink = rng.choice(BLUE_INKS if rng.random() < 0.6 else BLACK_INKS)
    s = dpi / 170
    pen = lambda: max(1, round(rng.randint(2, 4) * s))  # noqa: E731
    w, h = img.size
    dark = np.asarray(img.convert("L")) < 128
    rows = np.flatnonzero(dark.sum(axis=1) >= 12)  # printed lines (a page number is thinner)
    cols = np.flatnonzero(dark.any(axis=0))
    if not len(rows):
        return img
    top, bottom, left, right = rows[0], rows[-1], cols[0], cols[-1]
    rulings = [int(y) for y in np.flatnonzero(dark.sum(axis=1) > 0.5 * (right - left))]
    rulings = [y for k, y in enumerate(rulings) if k == 0 or y - rulings[k - 1] > 3]

    def stroke(pts, width=None):
        d.line([(float(x), float(y)) for x, y in pts], fill=ink, width=width or pen(), joint="curve")

    # a margin note: a cursive line of loops in the left or right margin, and a tick
    margin = max(left, w - right)
    if margin > 50 * s:
        mx = 8 * s if left > w - right else right + 8 * s
        y0 = rng.uniform(top, max(top + 1, bottom - 200 * s))
        stroke(_cursive(rng, mx, y0, margin - 20 * s, rng.uniform(16, 24) * s))
        stroke(_tick(rng, mx + margin / 2, y0 + rng.uniform(60, 160) * s, 14 * s))
    # beside the first printed line (the title on page one): a short scrawl and an underline
    x0 = min(right - 120 * s, left + (right - left) * rng.uniform(0.55, 0.75))
    stroke(_cursive(rng, x0, top - 4 * s, rng.uniform(90, 140) * s, 14 * s))
    stroke(_curve(rng, [(left + (right - left) * 0.2, top + 30 * s), (left + (right - left) * 0.5, top + 34 * s),
                        (left + (right - left) * 0.8, top + 28 * s)], 3 * s))
    # a long stroke crossing the page's prose and, where there is one, the table's rulings
    ya, yb = sorted(rng.uniform(top, bottom) for _ in range(2))
    stroke(_curve(rng, [(left + rng.uniform(0, 0.3) * (right - left), ya),
                        (left + rng.uniform(0.3, 0.7) * (right - left), (ya + yb) / 2),
                        (left + rng.uniform(0.7, 1.0) * (right - left), yb)], 40 * s))
    # a circled phrase in the prose (a ring around a few printed characters)
    cy = rng.uniform(top + 60 * s, bottom - 40 * s)
    cx = left + rng.uniform(0.1, 0.6) * (right - left)
    stroke(_ring(rng, cx, cy, rng.uniform(60, 110) * s, rng.uniform(16, 24) * s))
    # marks in table cells: a tick or a small loop between two rulings, as reviewers do
    if len(rulings) >= 3:
        for _ in range(rng.randint(2, 3)):
            k = rng.randrange(len(rulings) - 1)
            y1, y2 = rulings[k], rulings[k + 1]
            if y2 - y1 < 12 * s:
                continue
            x = left + rng.uniform(0.15, 0.95) * (right - left)
            size = min(y2 - y1, 40 * s) * 0.4
            mark = _tick(rng, x, (y1 + y2) / 2, size) if rng.random() < 0.5 else _ring(rng, x, (y1 + y2) / 2, size * 1.6, size)
            stroke(mark)
        # one stroke along a row that crosses several column rulings
        k = rng.randrange(len(rulings) - 1)
        yc = (rulings[k] + rulings[k + 1]) / 2
        xa = left + rng.uniform(0.0, 0.4) * (right - left)
        stroke(_curve(rng, [(xa, yc), (xa + 0.25 * (right - left), yc + rng.uniform(-8, 8) * s),
                            (xa + 0.5 * (right - left), yc + rng.uniform(-20, 20) * s)], 6 * s))
    if last:  # the signature block: a signature and a handwritten date below the last line
        sx = left + (right - left) * rng.uniform(0.5, 0.65)
        sy = min(h - 120 * s, bottom + 40 * s)
        stroke(_cursive(rng, sx, sy, rng.uniform(160, 220) * s, 30 * s))
        stroke(_curve(rng, [(sx - 10 * s, sy + 40 * s), (sx + 120 * s, sy + 30 * s), (sx + 240 * s, sy + 45 * s)], 4 * s))
        for pts in _date(rng, sx + 10 * s, sy + 60 * s, 26 * s):
            stroke(pts)
    return img


def _curve(rng: random.Random, anchors, wobble: float, n: int = 60) -> list[tuple[float, float]]:
    """A smooth pen curve through jittered anchors (Catmull-Rom, then a slow hand tremor)."""
    pts = [(x + rng.uniform(-wobble, wobble), y + rng.uniform(-wobble, wobble)) for x, y in anchors]
    pts = [pts[0]] + pts + [pts[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = (np.array(p) for p in pts[i - 1:i + 3])
        for t in np.linspace(0, 1, n // max(1, len(anchors) - 1), endpoint=False):
            out.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t
                              + (3 * p1 - p0 - 3 * p2 + p3) * t ** 3))
    out.append(np.array(pts[-2]))
    return [(float(p[0]), float(p[1])) for p in out]


def _cursive(rng: random.Random, x: float, y: float, length: float, height: float) -> list[tuple[float, float]]:
    """A line of joined cursive loops (prolate cycloid with a varying radius) along ``length``."""
    loops = max(3, int(length / max(height, 1) * rng.uniform(0.7, 1.1)))
    t = np.linspace(0, 2 * np.pi * loops, 40 * loops)
    r = height / 2 * (0.7 + 0.3 * np.sin(t / rng.uniform(3, 7) + rng.uniform(0, 6)))
    along = t / t[-1] * length - r * 0.9 * np.sin(t)
    across = -r * np.cos(t) + height * 0.15 * np.sin(t / loops * rng.uniform(1, 3))
    return list(zip(x + along, y + height / 2 + across))


def _tick(rng: random.Random, x: float, y: float, size: float) -> list[tuple[float, float]]:
    """A check mark: a short stroke down, a longer one up and right."""
    return _curve(rng, [(x - size, y - size * 0.1), (x - size * 0.3, y + size * 0.6),
                        (x + size * 1.2, y - size * 1.1)], size * 0.1, n=24)


def _ring(rng: random.Random, cx: float, cy: float, rx: float, ry: float) -> list[tuple[float, float]]:
    """A hand-drawn ellipse that overshoots its start, as a pen circling a note does."""
    a0 = rng.uniform(0, 2 * np.pi)
    t = np.linspace(a0, a0 + 2 * np.pi * rng.uniform(1.05, 1.2), 80)
    k = 1 + 0.08 * np.sin(3 * t + rng.uniform(0, 6))
    return list(zip(cx + rx * k * np.cos(t), cy + ry * k * np.sin(t)))


def _date(rng: random.Random, x: float, y: float, size: float) -> list[list[tuple[float, float]]]:
    """A scrawled "2024年1月": digit-like curves, then 年 and 月 as a few joined strokes."""
    j = lambda: rng.uniform(-0.08, 0.08) * size  # noqa: E731
    glyphs = {
        "2": [[(0.1, 0.25), (0.5, 0.0), (0.85, 0.3), (0.1, 1.0), (0.9, 0.95)]],
        "0": [[(0.5, 0.0), (0.1, 0.5), (0.5, 1.0), (0.9, 0.5), (0.5, 0.0)]],
        "4": [[(0.7, 1.0), (0.7, 0.0), (0.05, 0.7), (0.95, 0.7)]],
        "1": [[(0.35, 0.15), (0.55, 0.0), (0.5, 1.0)]],
        "年": [[(0.25, 0.0), (0.05, 0.35)], [(0.2, 0.2), (0.9, 0.2)], [(0.2, 0.45), (0.85, 0.45)],
               [(0.0, 0.7), (1.0, 0.7)], [(0.5, 0.2), (0.5, 1.0)]],
        "月": [[(0.2, 0.0), (0.15, 0.7), (0.0, 1.0)], [(0.2, 0.0), (0.8, 0.0), (0.8, 1.0), (0.6, 0.9)],
               [(0.2, 0.35), (0.8, 0.35)], [(0.2, 0.65), (0.8, 0.65)]],
    }
    out, cx = [], x
    for ch in "2024年1月":
        wide = 1.0 if ch in "年月" else 0.6
        for part in glyphs[ch]:
            out.append(_curve(rng, [(cx + px * size * wide + j(), y + py * size + j()) for px, py in part],
                              size * 0.03, n=12 * len(part)))
        cx += size * wide * rng.uniform(1.05, 1.3)
    return out
