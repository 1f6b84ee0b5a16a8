"""Tunable thresholds and pattern lists of the PDF reader, kept as data in one place.

Units are PDF points (1/72 inch) unless a name says ``_em`` (a multiple of the font size).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import regex


@dataclass(frozen=True)
class PdfLimits:
    """Bounds on the work one document may cost, so a hostile file cannot hang a run."""

    max_pages: int = 400
    max_search_pages: int = 20_000  # pages a longer PDF's text is searched for the report (window.py)
    max_search_chars: int = 20_000_000  # ... and the characters that search may hold
    max_chars_per_page: int = 60_000
    max_path_objects_per_page: int = 20_000
    max_page_side: float = 14_400.0  # PDF's own limit is 200 inches = 14400 pt
    max_bytes: int = 300 * 1024 * 1024


@dataclass(frozen=True)
class Geometry:
    """Distances that decide what belongs together on a page."""

    dedupe_tol: float = 1.0            # fake-bold copies sit closer than this ...
    dedupe_tol_em: float = 0.15        # ... or this fraction of the font size
    baseline_tol_em: float = 0.35      # chars whose baselines differ less are one line
    word_gap_em: float = 0.15          # gap that becomes a space beside an ASCII word (a space glyph is wider)
    space_gap_em: float = 0.05         # ... or any gap this wide where the PDF draws a space glyph
    wide_gap_em: float = 1.0           # gap that becomes a space whatever the script
    line_gap_em: float = 2.5           # horizontal gap that splits a visual line into chunks
    snap_tol: float = 2.5              # rulings this close are the same line
    join_tol: float = 3.0              # collinear rulings with gaps below this are joined
    min_ruling: float = 2.0            # shorter path edges are ignored (corners, ticks)
    max_ruling_width: float = 3.0      # a filled rect thinner than this is a ruling line
    cover_tol: float = 2.0             # slack when testing whether a ruling covers a cell edge
    stitch_tol: float = 4.0            # column boundaries of a continued table may drift this much
    full_line_em: float = 1.2          # a cell line ending closer than this to the edge is full ...
    cell_pad: float = 6.0              # ... allowing for the cell's inner margin
    margin_frac: float = 0.12          # top/bottom share of the page where furniture lives
    background_frac: float = 0.85      # rects covering this share of both sides are backgrounds


LIMITS = PdfLimits()
MAX_PAGES_ENV = "ZFXXGK_PDF_MAX_PAGES"
"""Setting: how many pages of one PDF are read (default ``LIMITS.max_pages``)."""


def max_pages_setting() -> int:
    """``$ZFXXGK_PDF_MAX_PAGES`` as a positive page count; ValueError with a sentence if not."""
    text = os.environ.get(MAX_PAGES_ENV, "").strip()
    if not text:
        return LIMITS.max_pages
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{MAX_PAGES_ENV}={text!r} is not a page count; give a whole number of "
                         f"pages of at least 1 (default {LIMITS.max_pages}) or unset it")
    return int(text)


def current_limits() -> PdfLimits:
    """The limits with the page limit the settings give."""
    return replace(LIMITS, max_pages=max_pages_setting())
GEOMETRY = Geometry()

# The patterns below are compiled (``regex``) when a reader first asks for them, by
# ``__getattr__``: importing regex and compiling them at import cost every command line's
# start-up (this module is imported to read the settings), and only reading a PDF needs them.
_PATTERNS: dict[str, str | tuple[str, ...]] = {
    # Page furniture: page numbers and footers that must never become text or table cells.
    "PAGE_NUMBER_PATTERNS": (
        r"^[-—–－─一~～\s]*\d{1,4}[-—–－─一~～\s]*$",              # "— 5 —", "- 5 -", "5"
        r"^第\s*\d{1,4}\s*页(\s*[/，,]?\s*共\s*\d{1,4}\s*页)?$",      # "第5页", "第 5 页 共 8 页"
        r"^共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页$",                  # "共8页 第5页"
        r"^\d{1,4}\s*/\s*\d{1,4}$",                                  # "5/8"
        r"^(page|p\.)\s*\d{1,4}(\s*of\s*\d{1,4})?$",                 # "Page 5 of 8"
    ),
    # A cell that begins like this starts a new table row (it is never the tail of a label
    # that was split over a page break): 一、 （三） 1. 2．etc.
    "ROW_START": r"^\s*([（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．])",
    # Cell texts read as numbers or as the blank markers the schema counts as 0.
    "NUMBER": r"^[-+−]?[\d０-９][\d０-９,，.．\s]*%?$",
}
if TYPE_CHECKING:
    PAGE_NUMBER_PATTERNS: tuple[regex.Pattern[str], ...]
    ROW_START: regex.Pattern[str]
    NUMBER: regex.Pattern[str]


def __getattr__(name: str) -> Any:
    """``PAGE_NUMBER_PATTERNS``, ``ROW_START``, ``NUMBER``, compiled on first use (PEP 562)
    and kept as the module's own attributes from then on."""
    text = _PATTERNS.get(name)
    if text is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import regex

    value = tuple(regex.compile(p) for p in text) if isinstance(text, tuple) else regex.compile(text)
    globals()[name] = value
    return value

BLANK_MARKERS = frozenset({"-", "—", "–", "－", "/", "／", "无", "——", "--", "\\"})


@dataclass(frozen=True)
class Unruled:
    """When text lines are read as a table without (enough) rulings, and how it is cut up."""

    min_values: int = 2          # a headerless row run: each row ends in at least this many numbers
    min_rows: int = 2            # a headerless run needs this many numbered rows
    max_line_gap_em: float = 1.6 # vertical gap that ends a table
    column_tol: float = 12.0     # number centres this close are one column
    piece_gap_em: float = 0.4    # a gap this wide between glyphs separates two cells' texts
    value_gap_em: float = 0.8    # a number is a cell of its own only after a gap this wide
    start_tol: float = 2.0       # left edges of label texts this close start the same column
    size_tol: float = 0.1        # lines whose font size differs more (relative) are not the table's
    pitch_tol: float = 1.0       # baselines this much further apart than a wrapped line: next row
    full_em: float = 1.2         # a label line ending this close to its column's edge is full ...
    full_pad: float = 9.0        # ... allowing for both cells' inner margins
    overlap_frac: float = 0.3    # a lower header text covering this share of a higher one is below it
UNRULED = Unruled()
