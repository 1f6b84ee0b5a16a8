"""The aligner's record of one group of values in the token stream (``_Hit``): a row label and
the values after it, or values with no label of their own, with what the stream said around
them (what closed it, the lines it stood on, the headers above it).

It has a module of its own because the aligner (``alignment``) builds hits while the rules
about them live elsewhere — the sequence's doubts and bare-label rules (``sequence``), the
splitting of overfull rows (``row_splitting``), the doubts of flattened text (``row_doubts``):
each imports the record from here, so no module has to import the aligner back.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .appeals_layout import AppealsMarks
from .layout_columns import Mark
from .tokens import Token


@dataclass
class _Hit:
    row_id: str | None  # None: values with no row label of their own
    raw_label: str
    page: int | None
    section: int  # the report section (by heading) the row label stood in; 0 before any
    values: list[Token] = field(default_factory=list)
    near_miss: bool = False  # opened by a near miss of the row's label (parsers/vocab.py)
    table: str | None = None  # the table it stands in
    label_lines: frozenset[int] = frozenset()  # text lines the row label was printed on
    loose_before: bool = False  # numbers set aside right before the label (perhaps its own)
    incomplete: bool = False  # fewer numbers than cells, with printed rows after it set apart
    closed_by: str | None = None  # "row": the next row label of the same table; else what ended it
    has_header: bool = False  # table 四: its column headers were seen
    header_x: list[float] = field(default_factory=list)  # table 四: where its leaf headers stand
    header_rows: set[int] = field(default_factory=set)  # table 四: printed rows holding its headers
    closed: bool = False  # something after it ended the row (a heading, prose, another label)
    label_token: Token | None = None  # the last token of the row label (grids: its cell)
    header_marks: tuple[Mark, ...] = ()  # laid-out text: the headers above the row, where they stand
    appeals_marks: AppealsMarks = field(default_factory=AppealsMarks)  # table 四: its headers among its numbers
    # the document prints row labels and their numbers on one text line (rows sit on lines),
    # though too sparsely for the tokenizer to set column positions (_lines_hold_rows)
    lines_hold_rows: bool = False
    # laid-out text: closed by a line of its table's header printed as one long text (the
    # header repeated after a page break), which reads as prose
    before_page_header: bool = False
    # a bare row label followed (its own table's headers perhaps between) by a column header of
    # a later sub-table of its table, so numbers after that header stand in that header's columns
    later_header: bool = False
    # values with no label: the row whose bare label a column header of its table closed
    # right before them (the header repeated over a page break), whose numbers they may be
    after_header_of: str | None = None
    # one number alone split from the bare label before it (``_lone_number_not_the_rows``):
    # printed between that label and what closed it, so never "numbers after" that close
    before_close: bool = False
