"""Bounds on what one parsed document may hand to the format-blind stages.

A reader returns whatever the file holds; a hostile file can hold a 10 MB "title" line or
a table of a million rows.  Real reports are a few thousand lines and cells, so the stages
after the reader see at most these amounts — many times any real report — and a document
cut here says so (``Document.notes``) and is never called complete.  Without the bound,
the regular expressions and the alignment spend minutes on such a file and every row
copied from it (titles, sections, cells) carries the bulk to the main process.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .base import Block, Cell, Document, TableBlock, TextLine


@dataclass(frozen=True)
class TextBounds:
    max_line_chars: int = 50_000   # a report's longest paragraph is a few thousand characters
    max_cell_chars: int = 5_000
    max_lines: int = 50_000        # a 400-page PDF at 100 lines a page fits twice over
    max_cells: int = 100_000       # tables 二 三 四 hold about 200 cells


BOUNDS = TextBounds()


def _within(doc: Document, bounds: TextBounds) -> bool:
    """Nothing of ``doc`` is past a bound (every real report): :func:`bound_document` would
    cut and say nothing, so it returns the document as it is without rebuilding its blocks."""
    lines = cells = 0
    max_line, max_cell = bounds.max_line_chars, bounds.max_cell_chars
    for block in doc.blocks:
        if isinstance(block, TextLine):
            lines += 1
            if len(block.text) > max_line:
                return False
            continue
        for row in block.rows:
            cells += len(row)
            for c in row:
                if len(c.text) > max_cell:
                    return False
    return lines <= bounds.max_lines and cells <= bounds.max_cells


def bound_document(doc: Document, bounds: TextBounds = BOUNDS) -> Document:
    """``doc`` with over-long lines and cells cut and blocks past the totals dropped, said."""
    if _within(doc, bounds):
        return doc
    blocks: list[Block] = []
    lines = cells = 0
    cells_full = False
    long_lines = long_cells = 0
    dropped_lines = dropped_rows = 0
    for block in doc.blocks:
        if isinstance(block, TextLine):
            if lines >= bounds.max_lines:
                dropped_lines += 1
                continue
            lines += 1
            if len(block.text) > bounds.max_line_chars:
                long_lines += 1
                block = TextLine(block.text[: bounds.max_line_chars], block.page)
            blocks.append(block)
            continue
        rows: list[tuple[Cell, ...]] = []
        for row in block.rows:
            if cells_full or cells + len(row) > bounds.max_cells:
                cells_full = True  # the rest of the tables is dropped, not picked over
                dropped_rows += 1
                continue
            cells += len(row)
            if any(len(c.text) > bounds.max_cell_chars for c in row):
                long_cells += sum(1 for c in row if len(c.text) > bounds.max_cell_chars)
                row = tuple(replace(c, text=c.text[: bounds.max_cell_chars])
                            if len(c.text) > bounds.max_cell_chars else c for c in row)
            rows.append(row)
        if rows:
            blocks.append(TableBlock(tuple(rows), block.page))
    said: list[str] = []
    if long_lines:
        said.append(f"{long_lines} line(s) longer than {bounds.max_line_chars:,} characters were cut "
                    f"to that length (the file is not laid out like a report there)")
    if long_cells:
        said.append(f"{long_cells} table cell(s) longer than {bounds.max_cell_chars:,} characters "
                    f"were cut to that length")
    if dropped_lines:
        said.append(f"the document has {lines + dropped_lines:,} lines of text; only the first "
                    f"{bounds.max_lines:,} were read")
    if dropped_rows:
        said.append(f"the document's tables hold more than {bounds.max_cells:,} cells; "
                    f"{dropped_rows:,} table row(s) after that were not read")
    if not said:
        return doc
    return Document(blocks=blocks, format=doc.format, n_pages=doc.n_pages,
                    notes=doc.notes + said, incomplete=True)
