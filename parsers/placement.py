"""How a cell's value was put into its column: the ``placement`` column of facts.

Researchers filter on it (a ``grid`` cell was read from a real table cell and can only be
wrong if the agency misprinted it; a ``sums`` cell was chosen by the report's arithmetic
among placements the flattening left open).  Kept in one place so the grid path and the
text path write the same words (SCHEMA.md, "Columns and tables that join").
"""
from __future__ import annotations

GRID = "grid"          # a real table cell (HTML/DOCX/PDF TableBlock), read at its column
POSITION = "position"  # tabs, pipes or column x-positions fixed the column
SEQUENCE = "sequence"  # the template's order of cells and rows fixed the column
SUMS = "sums"          # the report's identities chose among placements the document left open
OCR = "ocr"            # read from an image by OCR

PLACEMENTS = (GRID, POSITION, SEQUENCE, SUMS, OCR)
