"""Turn a Document into one stream of cell tokens: labels, values, known blanks, headings.

Tables reach us flattened in many ways; this module only decides where one cell ends and
the next begins, and which empty cells are *known* to be there:

* tab-separated rows (empty fields are blank cells);
* pipes, on one line per row or one cell per line (`a |`, a lone `|` is a blank cell,
  `|||` filler runs), or pipes on lines of their own between cells;
* one cell per paragraph, where an empty cell is one extra empty line (the blank line after
  each cell is only a separator) or a whitespace-only paragraph;
* one cell per line with blank cells dropped (nothing known; alignment copes);
* real grids (HTML/DOCX/PDF ``TableBlock``), whose blank cells are all known.

What a label means is decided later (``align``), so wrapped labels simply arrive as several
consecutive label tokens.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import count
from statistics import median
import unicodedata
from typing import Iterable, Iterator

import regex

from .base import Document, TableBlock, TextLine
from .layout_measure import CHARS, display_width, line_measures, offset
from .memo import forget_long_texts, text_memo
from .page_footers import footer_lines
from .numbers import (UNREADABLE, Number, parse_number, qualified, qualifier_after, qualifier_before,
                      unreadable, value_like)
from .sections import Heading, undecorated

LABEL, VALUE, BLANK, HEADING = "label", "value", "blank", "heading"

_CELL_LINE_MAX = 40  # longer lines are prose, not table cells
_CELL_PART_MAX = 16  # a space-separated piece longer than this is prose, not a header cell
_MAX_CELLS_PER_LINE = 40
_PARAGRAPH_SHARE = 0.6  # share of cell lines followed by an empty line that means paragraph mode
_PIPE_SHARE = 0.3
_TAB_SHARE = 0.5  # most lines of the table part hold tabs: the document prints its rows as tab rows
_ROW_LINE_SHARE = 0.5
_LAID_OUT_GAP = 2  # spaces between a line's numbers (median) in text laid out in columns
_MARKDOWN_ROWS = 0.9  # share of pipe rows starting with a pipe that makes a leading pipe an opener
_VERTICAL_CHAR = regex.compile(r"^\p{Han}$")


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen init costs ~4x (see Token's note)
class Token:
    """One cell-sized piece of the stream.  Never changed after it is built: memos share
    tokens between documents, so a changed one is built anew (``dataclasses.replace`` or the
    constructor).  Not ``frozen`` only because a frozen dataclass sets each of its 13 fields
    through ``object.__setattr__`` (measured 6.6 against 1.1 µs a token); equality and hash
    are the same as a frozen one's."""

    kind: str
    text: str = ""
    number: Number | None = None
    page: int | None = None
    line: int | None = None  # index of the source TextLine (for section text), None in grids
    section: int | None = None  # for HEADING tokens
    # Which printed table row the cell sat in, where the flattening keeps rows (tab rows,
    # one-row-per-line pipes, grids); None where a row spans many lines.
    row: int | None = None
    # Horizontal position (character column of the value's centre) in space-aligned text
    # (pdftotext -layout): lets a row with blank cells be placed under its columns.
    x: float | None = None
    # Real grids only (``parsers.grid_columns``): which table, the grid column the cell starts
    # in and how many it spans, and False for a position covered by a neighbour's span.
    grid: int | None = None
    col: int | None = None
    span: int = 1
    origin: bool = True
    # Recognition confidence of a value read from an image (OCR); None for text and markup.
    confidence: float | None = None


def tokenize_document(doc: Document, headings: Iterable[Heading], measure: str = CHARS) -> list[Token]:
    """All tokens of the document in reading order; laid-out lines place their words by
    ``measure`` (characters or display width, :func:`laid_out_measures`)."""
    return read_tokens(doc, headings).tokens(measure)


def laid_out_measures(doc: Document, headings: Iterable[Heading]) -> tuple[str, ...]:
    """By which measure the document's laid-out lines (``pdftotext -layout``) may place their
    words, the likelier first (parsers/layout_measure.py).  Only characters where no line is
    laid out, or where the numbers on a line stand one space apart (words joined by a space:
    no columns to count, and reading them as before changes nothing)."""
    return read_tokens(doc, headings).measures


def read_tokens(doc: Document, headings: Iterable[Heading]) -> "TokenReading":
    """The document cut into tokens once, for :attr:`TokenReading.measures` and for
    :meth:`TokenReading.tokens` under each measure (one pass over the lines for both)."""
    return TokenReading(doc, headings)


@dataclass(slots=True)
class _LaidOutLine:
    """A line whose whole row stands on it, in a run of such lines: its tokens without
    columns and the character offset of each value and label (index in ``tokens``, offset)."""

    text: str
    tokens: list[Token]
    starts: list[tuple[int, int]]


@dataclass(slots=True)
class _LaidOutRun:
    """A run of lines with whole rows on them: tokens, and lines waiting for a measure."""

    items: list[Token | _LaidOutLine]


class TokenReading:
    """A document's line runs classified and cut into cells once (the flattening of each run:
    pipes, whole rows on lines, one cell per line or paragraph), so that telling the measure of
    laid-out lines and cutting the tokens under each measure plausible share one pass: only
    the column of a laid-out line's words depends on the measure.  Grids are cut anew for each
    :meth:`tokens` (each reading numbers its grids, as separate calls always did)."""

    __slots__ = ("_parts", "measures")

    def __init__(self, doc: Document, headings: Iterable[Heading]) -> None:
        forget_long_texts()
        heading_at = {h.line: h for h in headings}
        self._parts: list[TableBlock | _LaidOutRun | list[Token]] = []
        numbers: list[list[tuple[float, float]]] = []
        gaps: list[int] = []
        parts = list(_parts(doc))
        footers = footer_lines(line for part in parts if not isinstance(part, TableBlock) for line in part)
        for part in parts:
            if isinstance(part, TableBlock):
                self._parts.append(part)
            elif part:
                self._parts.append(_read_run(part, heading_at, numbers, gaps, footers))
        self.measures: tuple[str, ...] = (CHARS,) if not gaps or median(gaps) < _LAID_OUT_GAP \
            else line_measures(numbers)

    def tokens(self, measure: str = CHARS) -> list[Token]:
        """All tokens of the document in reading order, laid-out lines' words placed by ``measure``."""
        tokens: list[Token] = []
        for part in self._parts:
            if isinstance(part, TableBlock):
                tokens.extend(_tokenize_grid(part))
                continue
            if isinstance(part, _LaidOutRun):
                for item in part.items:
                    if isinstance(item, _LaidOutLine):
                        tokens.extend(_with_columns(item, measure))
                    else:
                        tokens.append(item)
                continue
            tokens.extend(part)
        return tokens


def _parts(doc: Document) -> Iterator[list[tuple[int, TextLine]] | TableBlock]:
    """The document's runs of text lines (numbered across the document) and its grids, in order."""
    run: list[tuple[int, TextLine]] = []
    line_no = 0
    for block in doc.blocks:
        if isinstance(block, TextLine):
            run.append((line_no, block))
            line_no += 1
            continue
        yield run
        run = []
        yield block
    yield run


def cell_tokens(text: str, page: int | None = None, line: int | None = None,
                single_cell: bool = True) -> list[Token]:
    """One cell's text: a value, a blank marker, a label, or "label v v v" on one line.

    ``single_cell``: the text is known to be one cell (tab/pipe/grid), so "1 234" is one
    number; a free line of text may hold a row's numbers split over lines ("6 136").
    """
    read = _read_cell(text, single_cell)
    if page is None and line is None:
        return list(read)
    return [_at(t, page, line) for t in read]


@text_memo
def _read_cell(text: str, single_cell: bool) -> tuple[Token, ...]:
    """:func:`cell_tokens` without a place (tokens are immutable, so they are shared)."""
    return _read_one_cell(text) if single_cell else tuple(_cell_tokens(text, None, None, False))


@text_memo
def _read_one_cell(text: str) -> tuple[Token, ...]:
    """``_read_cell(text, True)``, for the callers that read every cell of a grid or a tab row:
    a memo of the text alone answers without packing an argument tuple per cell."""
    return tuple(_cell_tokens(text, None, None, True))


def _at(t: Token, page: int | None, line: int | None) -> Token:
    """``t`` on ``page``/``line`` (the constructor: ``dataclasses.replace`` is slow)."""
    return Token(t.kind, t.text, t.number, page, line, t.section, t.row, t.x, t.grid, t.col, t.span, t.origin,
                 t.confidence)


def _cell_tokens(text: str, page: int | None, line: int | None, single_cell: bool) -> list[Token]:
    stripped = text.strip()
    if not stripped:
        return [Token(BLANK, "", None, page, line)]
    parts = stripped.split()
    spaced = len(parts) > 1  # a space inside (stripped: split() cuts at the same characters isspace() tells)
    num = parse_number(stripped) if single_cell or not spaced else None
    if num is None and len(parts) == 2 and parse_number(parts[0]) is not None \
            and not any(c.isdigit() for c in parts[1]):
        num = parse_number(stripped)  # "0.61 万元": a number and its unit, one cell
    if num is not None:
        return [Token(VALUE, stripped, num, page, line)]
    if (single_cell or not spaced or qualified(stripped)) and unreadable(stripped):
        return [Token(VALUE, stripped, UNREADABLE, page, line)]  # left out later, with a sentence
    tail = _row_tail(parts, page, line)
    if tail is not None:
        head, values = tail
        return (_label_tokens(" ".join(head), page, line) if head else []) + values
    return _label_tokens(stripped, page, line)


def _row_tail(parts: list[str], page: int | None, line: int | None) -> tuple[list[str], list[Token]] | None:
    """"规章 0 0 0" → (["规章"], three values): the run of cells at the end of a line that are
    numbers, blank marks or number look-alikes ("壹", "l": unreadable values that keep their
    place), with a qualifier word next to a number ("约 1", "3 左右") making that one cell an
    estimate (unreadable, never the number).  None unless the run holds a readable number."""
    values: list[Token] = []
    i = len(parts)
    while i > 0:
        p = parts[i - 1]
        if i >= 2 and not any(c.isdigit() for c in p) and _plain(parts[i - 2]) \
                and (unit := parse_number(parts[i - 2] + p)) is not None and unit.unit:
            values.append(Token(VALUE, f"{parts[i - 2]} {p}", unit, page, line))  # "4.5 万元": one cell
            i -= 2
            continue
        if i >= 2 and qualifier_after(p) and _plain(parts[i - 2]):
            values.append(Token(VALUE, f"{parts[i - 2]} {p}", UNREADABLE, page, line))
            i -= 2
            continue
        num = parse_number(p)
        if num is not None:
            if i >= 2 and not num.is_blank and qualifier_before(parts[i - 2]):
                values.append(Token(VALUE, f"{parts[i - 2]} {p}", UNREADABLE, page, line))
                i -= 2
                continue
            values.append(Token(VALUE, p, num, page, line))
            i -= 1
            continue
        if value_like(p):
            values.append(Token(VALUE, p, UNREADABLE, page, line))
            i -= 1
            continue
        break
    if not any((t.number is not None and not t.number.unreadable) or unreadable(t.text) for t in values):
        return None  # look-alikes alone ("一 二") are not a row's tail: the aligner judges them
    return parts[:i], values[::-1]


def _plain(text: str) -> bool:
    num = parse_number(text)
    return num is not None and not num.is_blank


def _label_tokens(text: str, page: int | None, line: int | None) -> list[Token]:
    """A short label line with spaces may hold several cells ("（三）不予公开 1.属于国家秘密");
    the aligner rejoins fragments that form one wrapped label, so splitting is safe."""
    parts = text.split()
    if 1 < len(parts) <= _MAX_CELLS_PER_LINE and max(map(len, parts)) <= _CELL_PART_MAX:
        return [Token(LABEL, p, None, page, line) for p in parts]
    return [Token(LABEL, text, None, page, line)]


_grid_rows = count(-1, -1)  # grid rows get negative ids, text lines their (positive) index
_grid_ids = count(1)


def _in_row(tokens: Iterable[Token], row: int) -> list[Token]:
    # The constructor, not dataclasses.replace: replace re-inspects the fields every call
    # and was a tenth of the time of reading an HTML report.
    return [Token(t.kind, t.text, t.number, t.page, t.line, t.section, row, t.x, t.grid, t.col, t.span,
                  t.origin, t.confidence) for t in tokens]


# A count written in words or with a word around its digits ("一", "十二", "约1件"), short.
_WORDY_COUNT = regex.compile(r"^(?:[零〇一二三四五六七八九十百千两]{1,4}|\S{0,3}\d\S{0,3})$")


def _strays_unreadable(tokens: list[Token], label_before: bool = False) -> list[Token]:
    """One whole printed row: a count written in words ("一") or a number wrapped in words,
    standing after the row's label *and* after a value or blank cell of a row that holds
    numbers, sits in a value column; so does any number look-alike after the label
    (``numbers.value_like``: "壹", "l", "—?").  It becomes an unreadable value (left out with a
    sentence), never a label whose place a blank cell would take — that would be a silent 0."""
    if not any(t.kind == VALUE for t in tokens):  # a row with a value goes on whatever its labels are
        words: list[Token] = []
        alike: list[Token] = []
        for t in tokens:
            if t.kind == LABEL:
                (alike if value_like(t.text) else words).append(t)
        if not (alike and len(words) <= (0 if label_before else 1)
                and all(tokens.index(w) < tokens.index(a) for w in words for a in alike)):
            return tokens  # header rows: texts and blanks only (a row label, then look-alikes, is a row)
    out: list[Token] = []
    seen_label, seen_cell, seen_number = label_before, False, False
    for t in tokens:
        if t.kind == LABEL:
            if ((seen_label or seen_number) and value_like(t.text)) or (
                    seen_label and seen_cell and _WORDY_COUNT.match(unicodedata.normalize("NFKC", t.text))):
                out.append(replace(t, kind=VALUE, number=UNREADABLE))
                continue
            seen_label = True
        elif seen_label:
            seen_cell = True
        seen_number = seen_number or t.kind in (VALUE, BLANK)  # a row of cells with no label (table 四's)
        out.append(t)
    return out


def _tokenize_grid(table: TableBlock) -> Iterator[Token]:
    gid = next(_grid_ids)
    read: dict[str, tuple[Token, ...]] = {}  # a table's texts recur ("0", ""): each read once here
    for row in table.rows:
        rid = next(_grid_rows)
        at = 0
        toks: list[Token] = []
        for cell in row:
            col = cell.col if cell.col is not None else at
            span = cell.colspan if cell.colspan > 1 else 1  # max(colspan, 1), without the call
            at = col + span
            page = cell.page if cell.page is not None else table.page
            text = cell.text
            cut = read.get(text)
            if cut is None:
                cut = read[text] = _read_one_cell(text)
            for t in cut:  # built once, in its row (no replace per field)
                toks.append(Token(t.kind, t.text, t.number, page, t.line, t.section, rid, t.x, gid, col, span,
                                  cell.origin, cell.confidence))
        yield from _strays_unreadable(toks)


def _read_run(run: list[tuple[int, TextLine]], heading_at: dict[int, Heading],
              numbers: list[list[tuple[float, float]]], gaps: list[int],
              footers: frozenset[int]) -> list[Token] | _LaidOutRun:
    """One run of text lines cut into tokens by its flattening; where whole rows sit on its
    lines (text lifted from a PDF), each line's numbers are added to ``numbers`` (centre by
    characters and by display width) and the spaces between them to ``gaps`` (for the measure,
    :class:`TokenReading`), and the line waits for a measure to place its words."""
    table_part = _table_part(run, heading_at)
    pipe_share, tab_share = _pipe_and_tab_shares(table_part)
    if pipe_share >= _PIPE_SHARE:
        return list(_pipe_mode(run, heading_at, footers))
    if _rows_on_lines(table_part):
        return _LaidOutRun(list(_laid_out_mode(run, heading_at, numbers, gaps, footers)))
    return list(_line_mode(run, heading_at, paragraphs=_is_paragraph_mode(table_part),
                           tab_rows=tab_share >= _TAB_SHARE, footers=footers))


def _table_part(run: list[tuple[int, TextLine]], heading_at: dict[int, Heading]) -> list[str]:
    """Texts of the lines from where the tables start (site chrome before the report often uses
    pipes): heading 二 or 三, the sections of tables 二 and 三.  Where neither is located, the
    tables may stand anywhere after heading 一 (or, without it, anywhere in the run): starting
    at heading 四 would leave tables 二 and 三 out and let the prose after 四 decide how they are
    flattened (pipe rows read one cell per line, their numbers as labels)."""
    located = [(k, heading_at[i].number) for k, (i, _) in enumerate(run) if i in heading_at]
    start = next((k for k, n in located if n in (2, 3)), None)
    if start is None:
        start = next((k for k, n in located if n == 1), 0)
    return [ln.text for _, ln in run[start:]]


def _pipe_and_tab_shares(texts: list[str]) -> tuple[float, float]:
    """The shares of the non-blank lines that hold a pipe and that hold a tab (one count)."""
    nonempty = pipes = tabs = 0
    for t in texts:
        if t and not t.isspace():  # t.strip(), without building the stripped text
            nonempty += 1
            pipes += "|" in t
            tabs += "\t" in t
    lines = max(nonempty, 1)
    return pipes / lines, tabs / lines


def _rows_on_lines(texts: list[str]) -> bool:
    """Whole rows on a line ("规章 0 0 0", text lifted from a PDF): then empty and blank lines
    are only spacing, never cells."""
    with_values = whole_rows = 0
    for t in texts:
        if "\t" in t or "|" in t or not t.strip():
            continue
        toks = _read_cell(t, False)  # cell_tokens without a place: the shared tokens, no copy
        n_values = sum(1 for k in toks if k.kind == VALUE)
        if n_values:
            with_values += 1
            whole_rows += n_values >= 2 or any(k.kind == LABEL for k in toks)
    return with_values >= 3 and whole_rows / with_values >= _ROW_LINE_SHARE


def _is_paragraph_mode(texts: list[str]) -> bool:
    """Cells separated by an empty line: then an extra empty line is a blank cell."""
    followed = total = 0
    for k, t in enumerate(texts[:-1]):
        s = t.strip()
        if not s or "\t" in t or len(s) > _CELL_LINE_MAX or _VERTICAL_CHAR.match(s):
            continue  # vertical headers (one character per line) say nothing about cells
        total += 1
        followed += texts[k + 1] == ""
    return total >= 8 and followed / total >= _PARAGRAPH_SHARE


def _heading_token(i: int, line: TextLine, heading: Heading) -> list[Token]:
    out = [Token(HEADING, heading.text, None, line.page, i, heading.number)]
    rest = undecorated(line.text)[len(heading.text):].strip()
    if rest:
        out.append(Token(LABEL, rest, None, line.page, i))
    return out


def _tab_cells(i: int, line: TextLine) -> list[Token]:
    """One tab-separated row; each token keeps its field index in ``col`` (``grid`` stays None):
    a tab row prints the whole grid, so a merged label's empty fields stand right after it."""
    out: list[Token] = []
    for field, cell in enumerate(line.text.split("\t")):
        out.extend(Token(t.kind, t.text, t.number, line.page, i, t.section, i, t.x, t.grid, field, t.span, t.origin,
                         t.confidence) for t in _read_one_cell(cell))
    return _strays_unreadable(out)


def _line_mode(run: list[tuple[int, TextLine]], heading_at: dict[int, Heading], paragraphs: bool,
               footers: frozenset[int], tab_rows: bool = False) -> Iterator[Token]:
    """One cell per line; in paragraph mode extra empty lines are blanks.

    ``tab_rows``: the document prints its rows as tab rows, so a line of tabs alone is a row of
    blank fields (table 四's data row printed all blank), as in paragraph mode — not one blank
    cell, which at the end of a document read as a row cut off.
    """
    expect_separator = False
    # paragraph mode: empty lines after a page footer, up to the next line, are the page's
    # spacing (the footer's own empty line, pages joined by another), never blank cells: read
    # as cells they gave table 四's last row 0s printed nowhere
    after_footer = False
    for i, line in run:
        text = line.text
        if i in heading_at:
            yield from _heading_token(i, line, heading_at[i])
            expect_separator = paragraphs
            after_footer = False
            continue
        if tab_rows and not paragraphs and text.count("\t") >= 2 and not text.strip():
            yield from _tab_cells(i, line)
            continue
        if text == "" or (not paragraphs and not text.strip()):
            if paragraphs and not expect_separator and not after_footer:
                yield Token(BLANK, "", None, line.page, i)
            expect_separator = False
            if not paragraphs and text.strip() == "" and text != "":
                yield Token(BLANK, "", None, line.page, i)
            continue
        if i in footers:
            after_footer = paragraphs
            continue
        after_footer = False
        if "\t" in text:
            yield from _tab_cells(i, line)
        elif "|" in text and (piped := _piped_line(i, line)) is not None:
            yield from piped
        else:
            yield from cell_tokens(text, line.page, i, single_cell=False)
        expect_separator = paragraphs


def _piped_line(i: int, line: TextLine) -> list[Token] | None:
    """A line with pipes in text read one cell per line (too few pipe lines for pipe mode: a
    converter printing some rows as pipe rows, "| 行政许可 | 4 | ||", or one cell per line
    between pipes, "| 4 |"): the pipes end its cells, as in pipe mode.  Read as words, the
    pipes kept a number from being a row's tail, so "4" became a label and its row, bare,
    read as 0.  Two or more cells with text: one printed row, each cell in its place; one:
    that cell's text alone.  A line of pipes only says nothing here (None: read as before)."""
    parts = line.text.split("|")
    filled = [p for p in parts if p.strip()]
    if not filled:
        return None
    if len(filled) >= 2:  # the line is the whole printed row: its first and last pieces too
        return _in_row(_pipe_mode([(i, line)], {}, frozenset()), i)
    return cell_tokens(filled[0], line.page, i, single_cell=False)


def _laid_out_mode(run: list[tuple[int, TextLine]], heading_at: dict[int, Heading],
                   numbers: list[list[tuple[float, float]]], gaps: list[int],
                   footers: frozenset[int]) -> Iterator[Token | _LaidOutLine]:
    """Whole rows on lines: empty or whitespace-only lines are spacing (pdftotext -layout pads
    pages with them); a line of cells waits for the measure that places its words
    (:func:`_with_columns`), its numbers' places go to ``numbers`` and ``gaps``."""
    for i, line in run:
        text = line.text
        if i in heading_at:
            numbers.append([])  # another section: its lines are not compared with those before
            yield from _heading_token(i, line, heading_at[i])
            continue
        if not text.strip() or i in footers:
            continue
        if "\t" in text:
            yield from _tab_cells(i, line)
            continue
        toks = _laid_out_cells(i, line)
        starts = list(_starts(text, toks))
        values = [(start, toks[k].text) for k, start in starts if toks[k].kind == VALUE]
        gaps.extend(b - (a + len(t)) for (a, t), (b, _) in zip(values, values[1:]))
        if values:
            numbers.append([(a + len(t) / 2, display_width(text[:a]) + len(t) / 2) for a, t in values])
        yield _LaidOutLine(text, toks, starts)


def _laid_out_cells(i: int, line: TextLine) -> list[Token]:
    """A laid-out line's cells.  A line with pipes ("规章 |   1   |       |   3   |", a few rows
    of a space-laid-out text printed with rules) is cut at its pipes as in text read one cell
    per line (``_piped_line``): read as words, the pipes kept its numbers from being the row's
    tail, so each was a number among words (left out).  Each cell keeps its place in the line
    (``_starts``), and an empty one between two pipes is a blank cell of the printed row.
    Only where the pipes fix the cells: in laid-out text runs of spaces part columns too, so a
    piece holding a number beside another word ("|  1    3  |", "| 1 300 |") may be two cells
    or one, and the line is read as words, as before."""
    if "|" in line.text and _pipes_fix_the_cells(line.text) and (piped := _piped_line(i, line)) is not None:
        return piped
    return cell_tokens(line.text, line.page, i, single_cell=False)


def _pipes_fix_the_cells(text: str) -> bool:
    """No piece of the line between pipes holds a number (or a blank mark, a look-alike)
    beside another word."""
    for piece in text.split("|"):
        words = piece.split()
        if len(words) > 1 and any(parse_number(w) is not None or value_like(w) for w in words):
            return False
    return True


def _with_columns(line: _LaidOutLine, measure: str = CHARS) -> list[Token]:
    """Give each value and label token the column where it stands in the line, by ``measure``
    (parsers/layout_measure.py): a value's centre; a label's start plus half its display width
    (``layout_columns.HeaderBand`` takes its extent back from that)."""
    out = list(line.tokens)
    text = line.text
    for k, start in line.starts:
        t = out[k]
        column = offset(text, start, measure)
        x = column + (len(t.text) if t.kind == VALUE else display_width(t.text)) / 2
        out[k] = Token(t.kind, t.text, t.number, t.page, t.line, t.section, t.row, x, t.grid, t.col, t.span,
                       t.origin, t.confidence)
    return out


def _starts(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """(index in ``tokens``, character offset in ``text``) of each value and label found in
    the line, in order."""
    at = 0
    for k, t in enumerate(tokens):
        if t.kind in (VALUE, LABEL) and t.text:
            start = text.find(t.text, at)
            if start >= 0:
                at = start + len(t.text)
                yield k, start


def _opens_row(text: str, parts: list[str]) -> bool:
    """A markdown-style row: starts with a pipe and has content between its pipes.

    A line of pipes only ("|", "||", "|||") is different: there each pipe closes a blank cell.
    """
    return text.lstrip().startswith("|") and any(p.strip() for p in parts[1:])


def _pipe_mode(run: list[tuple[int, TextLine]], heading_at: dict[int, Heading],
               footers: frozenset[int]) -> Iterator[Token]:
    """Pipes end cells; text between two pipes is one cell, whatever lines it spans.

    A leading pipe opens the row only where the table writes its rows so ("| a | b |", nine
    rows in ten starting with a pipe); where rows start with their label ("a | b |"), a row
    that starts with a pipe starts with an empty cell (a blank first cell, or a position
    covered by a merged label above), and that blank keeps its place."""
    pending: list[tuple[int, TextLine, str]] = []
    first = min((i for i, _ in run if i in heading_at), default=None)  # site chrome before the report says nothing
    split = [ln.text.split("|") for _, ln in run]  # each line cut at its pipes once
    filled = [sum(1 for p in parts if p.strip()) for parts in split]  # cells with text between them
    rows = [ln.text.strip() for k, (i, ln) in enumerate(run) if i not in heading_at and (first is None or i > first)
            and filled[k] >= 2]
    leading_opens = sum(1 for t in rows if t.startswith("|")) >= _MARKDOWN_ROWS * len(rows)

    for k, (i, line) in enumerate(run):
        if i in heading_at:
            if any(s.strip() for _, _, s in pending):
                yield from _flush(pending)
            pending = []
            yield from _heading_token(i, line, heading_at[i])
            continue
        parts = split[k]
        if len(parts) == 1:
            if i not in footers:
                pending.append((i, line, line.text))
            continue
        label_before = False
        if leading_opens and _opens_row(line.text, parts) and not any(s.strip() for _, _, s in pending):
            pending = []  # "| a | b |": the leading pipe opens the row, it ends no cell
        else:
            pending.append((i, line, parts[0]))
            opened = _flush(pending)
            label_before = any(t.kind == LABEL and t.line == i for t in opened)
            yield from opened
        if filled[k] >= 2:  # one printed row: a look-alike after its label sits in a value column
            row_tokens: list[Token] = []
            for p in parts[1:-1]:
                row_tokens.extend(_piece(i, line, p))
            yield from _in_row(_strays_unreadable(row_tokens, label_before), i)
        else:
            for p in parts[1:-1]:
                yield from _piece(i, line, p)
        pending = [(i, line, parts[-1])]
    if any(s.strip() for _, _, s in pending):
        yield from _flush(pending)


def _flush(pending: list[tuple[int, TextLine, str]]) -> list[Token]:
    """The cell that a pipe closes: the text pending since the last pipe, over its lines."""
    pieces = [(i, ln, s) for i, ln, s in pending if s.strip()]
    if not pieces:
        # an empty cell stands on the line of the pipe that closes it (a lone "|" is the
        # blank cell of its own line, not of the line before)
        last = pending[-1] if pending else None
        return [Token(BLANK, "", None, last[1].page if last else None, last[0] if last else None)]
    out: list[Token] = []
    for i, ln, s in pieces:
        out.extend(_piece(i, ln, s))
    return out


def _piece(i: int, line: TextLine, text: str) -> list[Token]:
    """The cell between two pipes of line ``i``: blank when only whitespace stands there."""
    if not text.strip():
        return [Token(BLANK, "", None, line.page, i)]
    if "\t" in text:
        return _tab_cells(i, TextLine(text, line.page))
    return cell_tokens(text, line.page, i)
