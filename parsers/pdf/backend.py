"""The one small interface both PDF libraries are read through.

A backend turns PDF bytes into :class:`PageData`: the page size as displayed, every
character with its box, baseline origin, size, font and writing direction, and every
straight edge of the vector paths (table rulings).  Coordinates are *display*
coordinates: origin at the top-left of the page as a viewer shows it (``/Rotate``
applied), y growing downwards, in points.  Everything geometric after this is
library-blind, so the two backends can be measured against each other.

``pdfium`` (pypdfium2) is the default because it reads the same characters several times
faster; ``plumber`` (pdfplumber/pdfminer) is kept as the reference.  Pick with the
``backend=`` argument or the ``ZFXXGK_PDF_BACKEND`` environment variable.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterator, NamedTuple

from ..base import DocumentError
from .params import LIMITS, PdfLimits


class Char(NamedTuple):
    """One glyph; ``dx, dy`` is the unit writing direction in display coordinates."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    ox: float   # baseline origin x
    oy: float   # baseline origin y (the baseline, for grouping lines)
    size: float
    font: str
    dx: float
    dy: float
    conf: float | None = None  # recognition confidence of a character read by OCR; None from a text layer


class Segment(NamedTuple):
    """A straight, axis-parallel edge of a vector path (a possible table ruling)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class PageData:
    """What a backend read from one page (1-based ``number``)."""

    number: int
    width: float
    height: float
    rotation: int
    chars: list[Char] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    n_images: int = 0
    note: str | None = None  # why a page was skipped or cut short, for Document.notes
    lossy: bool = False      # the backend saw text objects it could not turn into characters


class OpenedPdf(NamedTuple):
    """A readable PDF: its page count and a lazy page iterator (one page in memory at a time):
    ``pages()`` reads the first ``max_pages``, ``pages(numbers)`` those 1-based pages."""

    n_pages: int
    pages: Callable[..., Iterator[PageData]]
    close: Callable[[], None]


BACKENDS = ("pdfium", "plumber")
ENV_VAR = "ZFXXGK_PDF_BACKEND"

PASSWORD_SENTENCE = ("the PDF is encrypted and needs a password; open it with the password "
                     "and save an unprotected copy, then extract that copy")


def choose_backend(name: str | None = None) -> str:
    """The backend to use: the argument, else $ZFXXGK_PDF_BACKEND, else ``pdfium``."""
    name = (name or os.environ.get(ENV_VAR) or "pdfium").strip().lower()
    aliases = {"pypdfium2": "pdfium", "pdfplumber": "plumber", "pdfminer": "plumber"}
    name = aliases.get(name, name)
    if name not in BACKENDS:
        raise ValueError(f"unknown PDF backend {name!r}; choose one of {', '.join(BACKENDS)}")
    return name


def open_pdf(data: bytes, backend: str | None = None, limits: PdfLimits = LIMITS) -> OpenedPdf:
    """Open ``data`` with the chosen backend; raises DocumentError with a sentence on bad input."""
    if not data.strip():
        raise DocumentError("the PDF file is empty (0 bytes): nothing to read")
    if len(data) > limits.max_bytes:
        raise DocumentError(f"the PDF is larger than {limits.max_bytes // 2**20} MB; "
                            "split it or raise the limit")
    if b"%PDF-" not in data[:1024]:
        raise DocumentError("the file does not start like a PDF (no %PDF- header)")
    name = choose_backend(backend)
    if name == "pdfium":
        from .backend_pdfium import open_pdfium
        opened = open_pdfium(data, limits)
    else:
        from .backend_plumber import open_plumber
        opened = open_plumber(data, limits)
    if opened.n_pages == 0:
        opened.close()
        raise DocumentError("the PDF has no pages (it may be truncated or damaged)")
    return opened


def display_transform(rotation: int, width: float, height: float) -> Callable[[float, float], tuple[float, float]]:
    """Map user space (origin bottom-left, y up, unrotated box ``width``×``height``) to display space."""
    r = rotation % 360
    if r == 90:
        return lambda x, y: (y, x)
    if r == 180:
        return lambda x, y: (width - x, y)
    if r == 270:
        return lambda x, y: (height - y, width - x)
    return lambda x, y: (x, height - y)


def display_direction(rotation: int, dx: float, dy: float) -> tuple[float, float]:
    """Rotate a user-space direction (y up) into display space (y down), normalised."""
    r = rotation % 360
    if r == 90:
        vx, vy = dy, dx
    elif r == 180:
        vx, vy = -dx, dy
    elif r == 270:
        vx, vy = -dy, -dx
    else:
        vx, vy = dx, -dy
    n = (vx * vx + vy * vy) ** 0.5 or 1.0
    return vx / n, vy / n


def check_page_size(number: int, width: float, height: float, limits: PdfLimits) -> str | None:
    """A sentence when a page is too large (or degenerate) to read, else None."""
    if not (width > 1 and height > 1):
        return f"page {number} has no usable size ({width:.0f}×{height:.0f} pt) and was skipped"
    if max(width, height) > limits.max_page_side:
        return (f"page {number} is {width:.0f}×{height:.0f} pt, larger than PDF allows "
                f"({limits.max_page_side:.0f} pt), and was skipped")
    return None
