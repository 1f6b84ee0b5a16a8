"""What an alignment yields: each template row's cells (``PlacedCell``: a value, the text
printed, how its column was fixed), the rows (``AlignedRow``) and the whole reading
(``Alignment``: rows, sentences about what was left out, ``Remark``s about what was read).

A module of its own so that the steps that build and settle rows (``cell_placement``,
``identity_search``, ``layout_agreement``) and the pipeline's readers of them import the
types without importing the aligner.  ``parsers.alignment`` re-exports them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .placement import OCR, POSITION
from .templates import RowSpec


@dataclass(slots=True, unsafe_hash=True)  # never changed once built; not frozen: see tokens.Token
class PlacedCell:
    """A value in its cell; ``placement`` says what fixed the column (``parsers.placement``)."""

    value: float
    raw: str | None  # the printed text ("" for a blank cell); None only when ``mixed``
    page: int | None
    # How the cell was placed (parsers/placement.py), so researchers can filter: POSITION (the
    # flattening kept every cell: tabs, pipes, one per line, x-columns), SEQUENCE (the row was
    # told by the template's row order, not by its own label), SUMS (one of several
    # placements the document left open, chosen by the arithmetic); GRID is the grid path's.
    placement: str = POSITION
    confidence: float | None = None  # OCR recognition confidence; None for text and markup
    # The placements left open agree on the value but put different printed texts here (a
    # blank in one, "-" or "0" in another): which text stood here is not known, so ``raw`` is
    # None (no text is made up) and facts say so (value_kind ``mixed``, raw_value null).
    mixed: bool = False

    def __post_init__(self) -> None:
        if self.confidence is not None:  # read from an image: that is how it was placed, whatever the path
            self.placement = OCR


class Remark(str):
    """A sentence about a reading that placed every cell (glued digits read as cells): said
    in the report's sentence, but no cell is missing, so the report stays ``ok``."""


@dataclass
class AlignedRow:
    spec: RowSpec
    raw_label: str
    cells: list[PlacedCell | None]
    note: str | None = None
    # When some cells could not be placed: every full placement still possible.
    options: list[list[PlacedCell]] | None = None


@dataclass
class Alignment:
    template: str
    rows: list[AlignedRow] = field(default_factory=list)
    used_lines: set[int] = field(default_factory=set)
    header_units: dict[str, str] = field(default_factory=dict)  # code → unit printed in its header
    unread: list[str] = field(default_factory=list)  # sentences about numbers no row could take

    @property
    def notes(self) -> list[str]:
        """What was left out or not read: the report is ``partial``."""
        return [r.note for r in self.rows if r.note and not isinstance(r.note, Remark)] + self.unread

    @property
    def remarks(self) -> list[str]:
        """Readings worth saying that left nothing out (the report may still be ``ok``)."""
        return [r.note for r in self.rows if isinstance(r.note, Remark)]
