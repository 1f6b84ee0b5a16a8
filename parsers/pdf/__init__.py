"""PDF reader: character and ruling geometry → text lines and table grids.

Modules, one job each: ``backend`` (the interface) with ``backend_pdfium`` (default) and
``backend_plumber``; ``geometry`` (upright pages, fake-bold de-duplication); ``lines``
(baselines → lines → strings); ``ruling`` (rulings → grids with merged cells); ``pieces``
(a line cut into cell texts); ``unruled`` with ``unruled_columns`` and ``unruled_rows``
(tables without full rulings, from header x-ranges, number alignment and baselines); ``tables`` (grid → aligner rows, page
stitching); ``furniture`` (page numbers); ``layout`` (one page); ``parser`` (the document).
"""
from .parser import SCANNED_SENTENCE, PdfParser

__all__ = ["PdfParser", "SCANNED_SENTENCE"]
