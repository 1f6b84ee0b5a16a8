"""Scans made from the typeset reports of ``tests/pdfgen.py``: what a scanner and a stamp do.

Each page is rendered at a scanner's resolution, stamped with a red seal (over the table
where the page has one), turned by a few degrees, given paper noise and saved as JPEG; the
pages become an image-only PDF (Pillow writes the JPEGs as they are), or stay image files.
Needs a CJK system font for PDFium to draw reportlab's non-embedded STSong-Light
(``.ci/run`` installs fonts-wqy-microhei).
"""
from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageDraw


def scan_pages(pdf: bytes, rng: random.Random, dpi: int = 170) -> list[Image.Image]:
    """Each page of ``pdf`` as a noisy, turned, stamped greyish RGB scan (JPEG-decoded)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for i in range(len(doc)):
            img = doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
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


def scanned_pdf(pdf: bytes, seed: int, dpi: int = 170) -> bytes:
    return image_pdf(scan_pages(pdf, random.Random(seed), dpi), dpi)


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
