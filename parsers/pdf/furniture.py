"""Page furniture (page numbers, "第5页" footers) that must not reach text or tables."""
from __future__ import annotations

from .params import GEOMETRY, PAGE_NUMBER_PATTERNS


def is_page_number(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) <= 24 and any(p.match(t) for p in PAGE_NUMBER_PATTERNS)


def in_margin(top: float, bottom: float, page_height: float) -> bool:
    """True when a line sits in the top or bottom band of the page where headers/footers live."""
    band = GEOMETRY.margin_frac * page_height
    return bottom <= band or top >= page_height - band
