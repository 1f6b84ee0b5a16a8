"""Page images in: PDF pages rendered by PDFium, image files decoded by OpenCV, seals dropped.

Red seals are stamped over tables and signatures.  Red and black separate in the red
channel: red ink is nearly as bright as paper there, black stays dark, so the red channel
is the grey image with the seal gone (a blue stamp survives in it and is treated as noise).
"""
from __future__ import annotations

import numpy as np

from ..base import DocumentError
from .params import OCR, unavailable


def ink_grey(img: np.ndarray) -> np.ndarray:
    """Grey page with red ink removed: the red channel of a colour image (BGR), else itself."""
    if img.ndim == 3 and img.shape[2] >= 3:
        return np.ascontiguousarray(img[:, :, 2])
    if img.ndim == 3:
        return np.ascontiguousarray(img[:, :, 0])
    return img


def render_pdf_page(page, dpi: int = OCR.dpi) -> np.ndarray:
    """A pypdfium2 page as a BGR array at ``dpi`` (colour kept so the seal can be dropped)."""
    w, h = page.get_size()
    scale = dpi / 72.0
    if w * scale * h * scale > OCR.max_pixels:
        scale = (OCR.max_pixels / (w * h)) ** 0.5
    bitmap = page.render(scale=scale, rev_byteorder=False)
    arr = bitmap.to_numpy()
    if arr.ndim == 3 and arr.shape[2] == 4:
        arr = arr[:, :, :3]
    return np.ascontiguousarray(arr)


def decode_image(data: bytes) -> list[np.ndarray]:
    """Every page of an image file (a TIFF may hold several) as BGR or grey arrays."""
    try:
        import cv2
    except ImportError as exc:  # not installed, or more to map than a tight --max-memory allows
        raise DocumentError(unavailable(exc)) from exc

    from .runtime import prepare

    prepare()
    buf = np.frombuffer(data, dtype=np.uint8)
    pages: list[np.ndarray] = []
    try:
        ok, many = cv2.imdecodemulti(buf, cv2.IMREAD_COLOR)
        if ok:
            pages = list(many)
    except cv2.error:
        pages = []
    if not pages:
        one = cv2.imdecode(buf, cv2.IMREAD_COLOR)
        if one is not None:
            pages = [one]
    if not pages:
        raise DocumentError("the image could not be decoded (damaged or an unsupported image type); "
                            "save the page as PNG or JPEG, or as a PDF")
    for p in pages:
        if p.shape[0] * p.shape[1] > OCR.max_pixels:
            raise DocumentError(f"the image is {p.shape[1]}×{p.shape[0]} pixels, too large to read; "
                                "scale it down to about 200 dpi")
        if min(p.shape[:2]) < 100:
            raise DocumentError(f"the image is only {p.shape[1]}×{p.shape[0]} pixels: too small to hold a readable page")
    return pages
