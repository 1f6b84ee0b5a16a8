"""The one document model every format parser returns.

Everything after a parser is format-blind: it sees an ordered list of blocks, either text
lines (flattened text, PDF text outside tables, HTML paragraphs) or tables (cell grids from
HTML ``<table>``, DOCX tables or PDF geometry).  Keeping this small is what lets a new
format be one more module in ``parsers/`` and nothing else.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar, Union


@dataclass(slots=True, unsafe_hash=True)  # never changed once built; not frozen: see tokens.Token
class Cell:
    """One table cell as printed; ``text`` is "" for a blank or spanned-over position.

    Where the reader knows the grid (HTML, DOCX, ruled PDF), ``col`` is the grid column the
    cell starts in, ``colspan`` how many it covers, and ``origin`` is False for a position
    that belongs to a neighbour's span (or lies past the end of a short row): the grid
    placement (``parsers.grid_columns``) reads a row by its own printed cells, never by the
    positions a span covers.

    ``confidence`` is set only where the text was recognised from an image (OCR): the
    least sure character's probability, so later stages can leave out what was not read
    surely and say the cell came from OCR.  Text layers and markup leave it None.
    """

    text: str
    page: int | None = None
    col: int | None = None
    colspan: int = 1
    origin: bool = True
    confidence: float | None = None


@dataclass(slots=True, unsafe_hash=True)  # never changed once built; not frozen: see tokens.Token
class TextLine:
    """One line of running text (a table flattened into text arrives as lines too)."""

    text: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A cell grid whose rows keep blank cells, so column positions are known.

    A cell covered by a rowspan/colspan from a neighbour is an empty ``Cell`` at its
    position: downstream alignment treats it like any blank and never double-counts.
    """

    rows: tuple[tuple[Cell, ...], ...]
    page: int | None = None


Block = Union[TextLine, TableBlock]


@dataclass
class Document:
    """What a parser read: blocks in reading order plus the detected format."""

    blocks: list[Block]
    format: str
    n_pages: int | None = None
    # Sentences about what the reader could not do as usual; they reach reports.error.
    notes: list[str] = field(default_factory=list)
    # Part of the file was not read (page limit, pages without text or that failed to load,
    # characters cut): the document may hold more than was read, so it is never called
    # complete (ok) nor certainly not a report.
    incomplete: bool = False

    def text_lines(self) -> list[TextLine]:
        return [b for b in self.blocks if isinstance(b, TextLine)]

    def plain_text(self) -> str:
        """All text, tables included (cells joined by tabs), for metadata search."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, TextLine):
                out.append(b.text)
            else:
                out.extend("\t".join(c.text for c in row) for row in b.rows)
        return "\n".join(out)


class DocumentError(Exception):
    """A document that cannot be read; ``status`` and the message go to reports.parquet.

    ``status`` is ``failed`` (could not be read) or ``not_a_report`` (read, but it is not
    an annual report).  The message is a sentence a person can act on.
    """

    def __init__(self, message: str, status: str = "failed") -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Parser(ABC):
    """A format reader: bytes in, :class:`Document` out, :class:`DocumentError` on bad input."""

    format: ClassVar[str]

    @abstractmethod
    def parse(self, data: bytes) -> Document:
        """Read ``data``; raise DocumentError with a clear sentence when it cannot."""
