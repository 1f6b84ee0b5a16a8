"""PDF reader: character and ruling geometry → text lines and table grids.

Modules, one job each: ``backend`` (the interface) with ``backend_pdfium`` (default) and
``backend_plumber``; ``geometry`` (upright pages, fake-bold de-duplication); ``lines``
(baselines → lines → strings); ``ruling`` (rulings → grids with merged cells); ``pieces``
(a line cut into cell texts); ``unruled`` with ``unruled_columns`` and ``unruled_rows``
(tables without full rulings, from header x-ranges, number alignment and baselines); ``tables`` (grid → aligner rows, page
stitching); ``furniture`` (page numbers); ``layout`` (one page); ``parser`` (the document).

The reader is imported on first use (PEP 562 ``__getattr__``), so the light modules
(``backend``'s names, ``params``) can be imported alone: ``pipeline.cli`` checks the
backend and page-limit settings of every run, an unchanged re-run included, and the whole
reader costs seconds of start-up it does not need.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .parser import SCANNED_SENTENCE, PdfParser

__all__ = ["PdfParser", "SCANNED_SENTENCE"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import parser

        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
