"""Align a token stream to a template: which values belong to which row and column.

The template says which labels come in which order and how many value cells each row
has.  Labels are matched (wrapped fragments joined), the values after a row label belong to
that row, and a row with fewer values than cells (blanks dropped by the flattening) is
placed using what is known: surviving blank markers and the report's own sums (six applicant
columns add up to 总计; 维持+纠正+其他+尚未审结 = 总计).  A cell whose value differs between
the placements that remain possible is left out and reported, never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations, islice, product
from statistics import median

from .numbers import UNREADABLE, readable_number, value_like
from .tokens import BLANK, HEADING, LABEL, VALUE, Token
from .grid_columns import GridIndex, find_row, grid_shapes, place_grid_row, shape_key
from .layout_columns import HeaderBand, Mark, header_centres
from .label_columns import label_columns, shares_a_line
from .layout_bounds import layout_slots
from .layout_measure import CHARS
from .appeals_layout import AppealsMarks, read_turned
from .blocks import blocks_note, cells_as_blocks
from .placement import GRID, OCR, POSITION, SEQUENCE, SUMS
from .normalize import han_count, normalize_label, strip_numbering
from .templates import APPLICANT_TYPES, TEMPLATE_NAMES, RowSpec, Template, labels, template
from .sequence import (APPEALS, Group, HitOrder, after_spilled_numbers, align_groups, all_below_label,
                       alone_below_a_one_cell_label, bare_but_a_page_number, bare_on_its_one_line, bare_rows_proven,
                       closed_by_page_header, closes_a_bare_row,
                       continued_over_the_page, full_row_below, header_close_confirmed, header_line,
                       keeps_a_bare_row_open, lone_number, names_the_next_table,
                       numbers_after_its_header, on_a_line_of_its_own, page_header_ended_table,
                       printed_on_its_label_line, score_groups, table_ended_after)
from .vocab import Entry, Vocabulary, vocabulary

_MAX_FRAGMENTS = 8  # a label wrapped over more lines than this is not a label
_MAX_LABEL_LEN = 90
_SEGMENT_MEMO_CHARS = 400  # label runs longer than this (prose) are split afresh, not remembered
_PROSE_HAN = 15  # unmatched text this long is prose: it ends the current row
_MAX_PLACEMENTS = 20000
_HOME_SECTION = {"active": 2, "requests": 3, "appeals": 4}


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


@dataclass(slots=True, unsafe_hash=True)  # never changed once built; not frozen: see tokens.Token
class _Segment:
    entry: Entry | None  # None: unmatched text
    text: str
    tokens: tuple[Token, ...]


def detect_template(tokens: list[Token], year: int | None = None) -> str | None:
    """Pick the template whose marker wordings the document prints most; None if neither."""
    text = normalize_label("".join(t.text for t in tokens if t.kind == LABEL))
    scores = {}
    for name in TEMPLATE_NAMES:
        scores[name] = sum(1 for m in template_markers(name) if m in text)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None
    return best


@lru_cache(maxsize=None)
def template_markers(name: str) -> tuple[str, ...]:
    """The template's marker wordings, normalized (once per process: templates never change)."""
    return tuple(normalize_label(m) for m in template(name).markers)


def segment_labels(run: list[Token], vocab: Vocabulary, near: bool = True) -> list[_Segment]:
    """:func:`_segment_labels`, remembered per vocabulary: the split depends on the run's
    texts alone, and the same runs of label cells recur in every report."""
    found, cuts = _split_or_remembered(run, vocab, near)
    if found is not None:
        return found
    out: list[_Segment] = []
    i = 0
    for entry, text, n in cuts:
        out.append(_Segment(entry, text, tuple(run[i:i + n])))
        i += n
    return out


def last_segment_entry(run: list[Token], vocab: Vocabulary, near: bool = True) -> Entry | None:
    """``segment_labels(run, vocab, near)[-1].entry`` (the same split, the same memo), without
    building the segments where the split is remembered (``template_choice`` asks only this)."""
    found, cuts = _split_or_remembered(run, vocab, near)
    return found[-1].entry if found is not None else cuts[-1][0]


def _split_or_remembered(run: list[Token], vocab: Vocabulary, near: bool
                         ) -> tuple[list[_Segment] | None, tuple[tuple[Entry | None, str, int], ...] | None]:
    """(segments, None) where the run is split afresh (and remembered, when it can be), or
    (None, the remembered cuts): the one route to the vocabulary's remembered splits."""
    texts = tuple(t.text for t in run)
    if sum(map(len, texts)) > _SEGMENT_MEMO_CHARS:
        return _segment_labels(run, vocab, near), None
    cuts = vocab.segments(texts, near)
    if cuts is None:
        found = _segment_labels(run, vocab, near)
        if _in_order(found, run):  # a label put back together around a group's fragment is not
            vocab.remember_segments(texts, near, tuple((s.entry, s.text, len(s.tokens)) for s in found))
        return found, None
    return None, cuts


def _by_label_columns(run: list[Token], found: list[_Segment], vocab: Vocabulary, near: bool) -> list[_Segment]:
    """Laid-out text: a row label matched from fragments printed side by side on one line
    took in another label column's (a group label wrapped beside the rows, "三、" /
    "（一）予以公开" / "本年" / "（二）部分公开…", parsers/label_columns.py).  Each column is then
    read on its own and the segments put back in line order; that reading is taken only where
    it finds every row the run's reading found, in the same order, and more (the bare row
    label the join swallowed)."""
    if not any(s.entry is not None and s.entry.kind == "row" and shares_a_line(s.tokens) for s in found):
        return found
    columns = label_columns(run)
    if columns is None:
        return found
    split = sorted((s for col in columns for s in segment_labels(col, vocab, near)),
                   key=lambda s: (s.tokens[0].line, s.tokens[0].x))
    before, after = _row_ids(found), _row_ids(split)
    if len(after) <= len(before) or not _is_subsequence(before, after):
        return found
    return split


def _row_ids(segments: list[_Segment]) -> list[str]:
    """The rows the segments open, in order (a label cut in two by a group's fragment counts once)."""
    out: list[str] = []
    for s in segments:
        if s.entry is not None and s.entry.kind == "row" and (not out or out[-1] != s.entry.id):
            out.append(s.entry.id)
    return out


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(x in it for x in short)


def _in_order(found: list[_Segment], run: list[Token]) -> bool:
    """The segments are consecutive slices of the run, so their lengths alone rebuild them."""
    flat = [t for s in found for t in s.tokens]
    return len(flat) == len(run) and all(a is b for a, b in zip(flat, run))


def _segment_labels(run: list[Token], vocab: Vocabulary, near: bool = True) -> list[_Segment]:
    """Split consecutive label fragments into recognized labels and leftover text.

    ``near``: also try near misses of row labels (inside a table only: costly, and outside
    the tables any text may resemble a label).

    A label's numbering stands at its start, once, so a join of fragments that holds two
    fragments opening with a numbering is two labels, never one: a loose match (a row's key)
    across them would swallow a row.  Laid-out text repeating table 三's header over a page
    before "三、本年度" / "（一）予以公开" / "办理结果 （二）部分公开…" joined the header's last pieces
    ("组织" "机构") with all of them into one near match of （二）部分公开, and （一） was lost.
    One numbered fragment after header pieces ("组织" "机构" "一、本年新收…") is still one label
    with leading strays (``_leading_strays``)."""
    texts = [t.text for t in run]
    n = len(run)
    number_from = [n] * (n + 1)  # k -> the first readable number at k or after (n: none)
    for k in range(n - 1, -1, -1):
        number_from[k] = k if readable_number(texts[k]) else number_from[k + 1]
    out: list[_Segment] = []
    i = 0
    while i < n:
        hit: tuple[int, Entry] | None = None
        if _cell_text(texts[i]) and vocab.match(texts[i]) is None:
            # a number ("4" among a line's words) or a look-alike ("壹", "l", "—?") starts no
            # label: it is a cell of its own
            out.append(_Segment(None, texts[i], (run[i],)))
            i += 1
            continue
        end = number_from[i + 1]  # a readable number ends every label
        if len(normalize_label(texts[i])) <= _MAX_LABEL_LEN:
            for j in range(min(end, i + _MAX_FRAGMENTS), i, -1):
                joined = "".join(texts[i:j])
                if len(joined) > _MAX_LABEL_LEN * 2:
                    continue
                exact = vocab.exact_match(joined)  # only an exact match is taken here
                if exact is not None:
                    hit = (j, exact)
                    break
            if hit is None:
                heads = 0  # fragments of the join that open with a numbering
                for j in range(i + 1, min(end, i + _MAX_FRAGMENTS) + 1):
                    heads += _opens_numbered(texts[j - 1])
                    if heads > 1:
                        break  # two labels' heads: never one label (below)
                    m = vocab.match("".join(texts[i:j]))
                    if m:
                        hit = (j, m[0])
                        break
                if hit is not None:  # absorb the wrapped tail of the same label
                    j, entry = hit
                    while j < end and vocab.match(texts[j]) is None and not value_like(texts[j]) \
                            and not _opens_numbered(texts[j]):
                        m = vocab.match("".join(texts[i:j + 1]))
                        if not m or m[0] != entry:
                            break
                        j += 1
                    hit = (j, entry)
        if hit is not None and hit[1].kind == "row":
            beside = _tail_beside_a_group_fragment(run, texts, i, hit, vocab)
            if beside is not None:
                out.extend(beside[0])
                i = beside[1]
                continue
        if hit is None and near:
            hit = _near_miss(texts, i, end, vocab)
        if hit is None:
            out.append(_Segment(None, texts[i], (run[i],)))
            i += 1
        else:
            j, entry = hit
            out.append(_Segment(entry, "".join(texts[i:j]), tuple(run[i:j])))
            i = j
    return out


def _tail_beside_a_group_fragment(run: list[Token], texts: list[str], i: int, hit: tuple[int, Entry],
                                  vocab: Vocabulary) -> tuple[list[_Segment], int] | None:
    """A wrapped row label matched by its head alone (fragments ``i`` to ``j``), whose tail
    stands on the next line after a fragment of a group label wrapped beside the rows ("1.申请人
    无正当理由逾期不补" / "他处理 正、行政机关不再处理其政府信息公开申请"): where the head and that
    line's last fragment are exactly the row's label, the label is put back together and the
    group's fragment stands after it on its own (the tail alone, long, would read as prose).
    The two may be two fragments or one split at its last space.  (segments, next fragment)."""
    j, entry = hit
    if j >= len(run) or run[j].line is None or run[j].line == run[j - 1].line or vocab.match(texts[j]) is not None:
        return None
    head = "".join(texts[i:j])
    if j + 1 < len(run) and run[j + 1].line == run[j].line and (j + 2 >= len(run) or run[j + 2].line != run[j].line):
        frag, tail, end = run[j], run[j + 1], j + 2
    elif " " in texts[j].strip() and (j + 1 >= len(run) or run[j + 1].line != run[j].line):
        left, right = texts[j].strip().rsplit(" ", 1)
        frag, tail, end = replace(run[j], text=left), replace(run[j], text=right, x=None), j + 1
    else:
        return None
    if vocab.exact_match(head + tail.text) != entry or vocab.match(frag.text) is not None:
        return None
    return [_Segment(entry, head + tail.text, tuple(run[i:j]) + (tail,)), _Segment(None, frag.text, (frag,))], end


def _cell_text(text: str) -> bool:
    """A fragment that starts no label and, where a table's values stand, is a cell: a
    readable number or a number look-alike (``value_like``).  A line read as words ("行政许可 4
    （件）", "行政许可 4 备注") keeps a number from being its row's tail; joined into the label, or
    dropped as an unmatched fragment, it vanished and its row, bare, read as 0.  (A number
    look-alike starts no label and is not absorbed as a label's tail, but may stand inside a
    join: "总" "计" "(" "j" "ì" ")", pinyin printed one character per line in a vertical
    header; a readable number ends every join, ``_segment_labels``.)"""
    return value_like(text) or readable_number(text)


def _opens_numbered(text: str) -> bool:
    """The fragment starts with a numbering ("2.重", "（六）其"): the head of the next label
    (a row, or a group label wrapped beside the rows), never the wrapped tail of the one
    before, whose numbering stands at its own start."""
    norm = normalize_label(text)
    return strip_numbering(norm) != norm


def _leading_strays(seg: _Segment, vocab: Vocabulary) -> tuple[Token, ...]:
    """Fragments at the head of a row label's segment that the label matches without
    (wrapped header pieces "组织" "机构" before "一、本年新收…"): in laid-out text they are
    the header band's."""
    k = 0
    while k + 1 < len(seg.tokens):
        m = vocab.match("".join(t.text for t in seg.tokens[k + 1:]))
        if not m or m[0] != seg.entry:
            break
        k += 1
    return seg.tokens[:k]


def _near_miss(texts: list[str], i: int, n: int, vocab: Vocabulary) -> tuple[int, Entry] | None:
    """A misprinted row label starting at fragment ``i`` (its wrapped fragments joined, the
    longest join first), when no fragment after ``i`` is a label of its own."""
    if len(texts[i]) > _MAX_LABEL_LEN:
        return None  # every join holds it: too long for a label (prose)
    for j in range(min(n, i + _MAX_FRAGMENTS), i, -1):
        joined = "".join(texts[i:j])
        if len(joined) > _MAX_LABEL_LEN:
            continue  # (asked first: the cheapest of the three, each a pure test of the texts)
        if any(vocab.match(t) or _opens_numbered(t) for t in texts[i + 1:j]):
            continue
        if han_count(joined) >= _PROSE_HAN * 2:
            continue
        entry = vocab.near_miss(joined)
        if entry is not None:
            return j, entry
    return None


def _rejoin_wrapped_heads(tokens: list[Token], vocab: Vocabulary) -> list[Token]:
    """Text lifted from a PDF prints a wrapped row label's numbers on its FIRST line
    ("8.属 6 0 0 0 0 0 6" / "于行政查询事项"): where the head alone is no label and the head
    joined with the next line's fragments is exactly one, the label is put back together
    before its numbers.  Only where rows sit on lines (values with a column position)."""
    out = list(tokens)
    i = 0
    while i < len(out):
        tok = out[i]
        if tok.kind != LABEL or tok.line is None or vocab.match(tok.text) is not None:
            i += 1
            continue
        j = i + 1
        while j < len(out) and out[j].kind == VALUE and out[j].line == tok.line and out[j].x is not None:
            j += 1
        if j == i + 1 or j >= len(out) or out[j].kind != LABEL or out[j].line == tok.line:
            i += 1
            continue
        k = j
        while k < len(out) and out[k].kind == LABEL and k - j < _MAX_FRAGMENTS and out[k].line != tok.line:
            k += 1
        lines = list(dict.fromkeys(t.line for t in out[j:k]))
        done = False
        for n_lines in range(len(lines), 0, -1):
            span = [t for t in out[j:k] if t.line in lines[:n_lines]]
            end = j + len(span)
            # all fragments of those lines, or (a group label wrapping beside it) the last of each
            for chosen in (span, [[t for t in span if t.line == ln][-1] for ln in lines[:n_lines]]):
                exact = vocab.exact_match(tok.text + "".join(t.text for t in chosen))
                if exact is not None and exact.kind == "row":
                    others = [t for t in span if t not in chosen]
                    out[i:end] = [tok] + chosen + out[i + 1:j] + others
                    done = True
                    break
            if done:
                break
        i += 1
    return out


class _Aligner:
    def __init__(self, tpl: Template, measure: str = CHARS) -> None:
        self.tpl = tpl
        self.measure = measure  # laid-out text: how its columns are counted (parsers/layout_measure.py)
        self.vocab = vocabulary(tpl.name)
        self.row_ids = {r.id for r in tpl.rows}
        self.table_of = {r.id: r.section for r in tpl.rows}
        self.specs = {r.id: r for r in tpl.rows}
        self.order: list[_Hit] = []  # every group of values, labelled or not, in stream order
        self.grids = GridIndex([])
        self.current: _Hit | None = None
        self.table: str | None = None  # the table whose rows are being read (for unlabelled values)
        self.used: set[int] = set()
        self.section = 0
        self.header_units: dict[str, str] = {}
        # numbers printed after a row label that matches no template row: reported, not read
        self.unread_label: str | None = None
        self.unread: dict[str, list[str]] = {}
        self.loose = False  # numbers were set aside since the last row label (they may be the next row's)
        self.broke_table = False  # prose ended a table, and no heading or row label came since
        self.header_band = HeaderBand()  # laid-out text: column headers since the last row
        self.group_lines: dict[int, str] = {}  # text line → the group label printed on it (group id)
        # a bare row closed by a column header of its own table, nothing but that header since
        self.header_closed: _Hit | None = None
        # the last row closed by a column header or a group label, until a row label of its
        # table confirms that close (``sequence.header_close_confirmed``)
        self.header_close: _Hit | None = None
        # laid-out text: the bare row a line of its table's header printed as one long text
        # closed (the header repeated over a page), until what follows the header settles it
        # (``sequence.page_header_ended_table``)
        self.page_header_close: _Hit | None = None
        self._unit_headers = {code: normalize_label(h) for code, h in labels()["printed_unit_headers"].items()}

    def _close(self, by: str, page_header: bool = False, next_row: str | None = None) -> None:
        """End the open row: ``by`` says what ended it (``_Hit.closed_by``).  ``page_header``:
        laid-out text, the prose that ends it is a line of its table's header (repeated over a
        page, ``sequence.header_line``).  ``next_row``: a row label ends it; where no row was
        open, the bare row the page header closed before it is closed by that header, when
        the label is of its table and no number was set aside between
        (``sequence.closed_by_page_header``)."""
        if self.current is not None:
            self.current.before_page_header = self.current.before_page_header or page_header
            self.current.closed = True
            self.current.closed_by = by
            if by == "header" and self.current.row_id not in (None, APPEALS):
                self.header_close = self.current
            if page_header and self.current.row_id not in (None, APPEALS) and not self.current.values:
                self.page_header_close = self.current
        elif next_row is not None:
            last = self.order[-1] if self.order else None
            if closed_by_page_header(last, self.table_of.get(next_row), self.loose):
                last.closed_by = "header"
        self.current = None

    def _prose_after_header(self, seg: _Segment) -> None:
        """Prose right after the header or group label that closed the last row, nothing else
        between (``header_close`` is still open): the table breaks there, as with prose right
        after the row's label, which leaves a bare row out (``_bare_row``: the prose may be
        what is left of the row or of the page after it).  The header adds nothing, so the
        row is closed by prose after a header (``closed_by`` "header-prose"), whatever follows
        the prose — a row label of its table would have confirmed the header's close.  A line
        of the table's own header printed as one long text (laid-out text, ``header_line``) is
        no prose here."""
        closed = self.header_close
        if closed is None or self.current is not None or header_line(seg, closed.table, self.vocab):
            return
        self.header_close = None
        if closed.closed_by == "header":
            closed.closed_by = "header-prose"

    def _settle_header_close(self, next_table: str | None, then: str) -> None:
        """The row last closed by a header (``header_close``) meets what follows that header:
        a row label of ``next_table`` (None: a heading, the document's end), ``then`` naming
        it.  Unless that confirms the close, the row is marked closed by a header with no row
        of its table after it (``closed_by`` "header-" + ``then``: its cells are not in the
        document, ``_bare_row``)."""
        closed, self.header_close = self.header_close, None
        if closed is not None and closed.closed_by == "header" and not header_close_confirmed(closed, next_table):
            closed.closed_by = "header-" + then
        paged, self.page_header_close = self.page_header_close, None
        if page_header_ended_table(paged, self.order[-1] if self.order else None, self.loose, next_table):
            paged.closed_by = "header-" + then

    def start(self, row_id: str, label: str, page: int | None, near_miss: bool = False,
              lines: frozenset[int] = frozenset(), label_token: Token | None = None) -> None:
        cur = self.current
        if cur is not None and cur.row_id == row_id and row_id != APPEALS and not cur.values:
            # the same row's label again with nothing between: one wrapped label that a group
            # label's fragment, wrapped beside it, cut in two ("1.本机关不" / "提供" / "掌握相关
            # 政府信息") — one row label, not a bare row and then its row again
            cur.raw_label += label
            cur.near_miss = cur.near_miss and near_miss
            cur.label_lines = cur.label_lines | lines
            cur.label_token = label_token or cur.label_token
            return
        self._close("row" if self.table_of.get(row_id) == self.table else "label", next_row=row_id)
        self._settle_header_close(self.table_of.get(row_id, APPEALS), "table")
        self.table = self.table_of.get(row_id, APPEALS)
        hit = _Hit(row_id, label, page, self.section, near_miss=near_miss, table=self.table,
                   label_lines=lines, loose_before=self.loose, label_token=label_token,
                   header_marks=self.header_band.row())
        self.loose = self.broke_table = False
        self.header_closed = None
        self.order.append(hit)
        self.current = hit

    def _unlabelled(self, tok: Token) -> None:
        """Values inside a table with no row label before them: a group the sequence places."""
        if self.current is None:
            if tok.kind == VALUE and self.table is None and self.broke_table:
                # numbers right after prose broke a table off (a wrapped label's long tail read
                # as prose): set aside, and perhaps the next row's, printed before its label
                self.loose = True
            if tok.kind != VALUE or self.table is None:
                return
            self.current = _Hit(None, "", tok.page, self.section, table=self.table,
                                after_header_of=self.header_closed.row_id if self.header_closed else None)
            self.order.append(self.current)
        self.current.values.append(tok)
        self._use(tok)

    def feed(self, tokens: list[Token]) -> None:
        run: list[Token] = []
        for tok in _rejoin_wrapped_heads(tokens, self.vocab):
            if tok.kind == LABEL:
                run.append(tok)
                continue
            if run:
                self.labels(run)
                run = []
            if tok.kind == HEADING:
                self.header_closed = None
                self._close("heading")
                self._settle_header_close(None, "heading")
                self.table = None
                self.broke_table = False
                self.header_band.clear()
                self.unread_label = None
                self.section = tok.section or 0
                if tok.section == 4:
                    self.start(APPEALS, tok.text, tok.page)
                self._use(tok)
            else:
                self._value(tok)
        if run:
            self.labels(run)

    def _value(self, tok: Token) -> None:
        """A value or blank cell: the open row's, a group with no label, or set aside."""
        self._value_in(tok)
        if tok.kind == VALUE:
            self.header_closed = None
            self.page_header_close = None
            # numbers after the header: the row's doubts about them decide
            # (``sequence.numbers_after_its_header``, ``continued_over_the_page``), not the close
            self.header_close = None

    def _value_in(self, tok: Token) -> None:
        if self.current is None:
            if self.unread_label and tok.kind == VALUE and tok.number and tok.number.value:
                self.unread.setdefault(self.unread_label, []).append(tok.text)
            if self.unread_label and tok.kind == VALUE:
                self.loose = True
            elif not self.unread_label:
                self._unlabelled(tok)
        elif self.current.row_id is None:
            self._unlabelled(tok)
        else:
            if tok.kind == VALUE and self.current.row_id == APPEALS:
                _drop_header_padding(self.current.values, tok)
            self.current.values.append(tok)
            self._use(tok)

    def _use(self, tok: Token) -> None:
        if tok.line is not None:
            self.used.add(tok.line)

    def labels(self, run: list[Token]) -> None:
        near = self.table is not None or self.section in (2, 3, 4)
        for seg in _by_label_columns(run, segment_labels(run, self.vocab, near), self.vocab, near):
            entry = seg.entry
            if entry is None and len(seg.tokens) == 1 and self._value_position() and _cell_text(seg.text):
                # a number look-alike ("壹", "l", "—?", "约1") where a table's values stand: a
                # cell whose number cannot be read — it keeps its place, never a label or a 0;
                # so does a number printed among words ("4" of "行政许可 4 备注"): it stands in
                # a value column, but which and whether the words are a cell is not certain
                self._value(replace(seg.tokens[0], kind=VALUE, number=UNREADABLE))
                continue
            if entry is None or entry.kind == "header":
                self.header_band.see(seg.tokens, header=entry is not None)
            if entry is None:
                if self.current is not None and self.current.row_id == APPEALS:
                    # fragments of 四's wrapped leaf headers ("结果"/"维持") mark its columns
                    self.current.header_x.extend(t.x for t in seg.tokens if t.x is not None)
                prose = len(seg.text) >= _PROSE_HAN and han_count(seg.text) >= _PROSE_HAN  # a Han character is one
                numbered = strip_numbering(normalize_label(seg.text)) != normalize_label(seg.text)
                if prose or numbered:
                    self.header_closed = None
                    if prose:
                        self._prose_after_header(seg)
                    paged = self.page_header_close
                    if paged is not None and not (prose and header_line(seg, paged.table, self.vocab)):
                        self.page_header_close = None  # prose or a label after the header: the table broke
                    self._close("prose" if prose else "label", page_header=prose and self.current is not None
                                and header_line(seg, self.current.table, self.vocab))
                    if prose:
                        self.broke_table = self.broke_table or self.table is not None
                        self.table = None
                    self.unread_label = seg.text if numbered and not prose else None
                elif self.current is not None and self.current.row_id is None:
                    self._close("label")
                continue
            self.unread_label = None
            for t in seg.tokens:
                self._use(t)
            if entry.kind == "header":
                self._note_unit(seg.text)
            in_appeals = self.current is not None and self.current.row_id == APPEALS
            if entry.kind == "row" and entry.id in self.row_ids:
                self.header_band.see(_leading_strays(seg, self.vocab), header=False)
                self.start(entry.id, seg.text, seg.tokens[0].page, near_miss=entry.near_miss,
                           lines=frozenset(t.line for t in seg.tokens if t.line is not None),
                           label_token=seg.tokens[-1])
            elif entry.kind == "appeals_start":
                if not in_appeals:
                    self.start(APPEALS, seg.text, seg.tokens[0].page)
                self.current.appeals_marks.group(seg.text, self.current.values, seg.tokens)
                self.current.has_header = True
                self.current.header_rows.update(t.row for t in seg.tokens if t.row is not None)
                while self.current.values and _padding(self.current.values[-1]):
                    self.current.values.pop()
            elif in_appeals and entry.kind in ("header", "appeals_more"):
                # 四's own headers, or its wrapped fragments that look like 三's ("其他", "总计")
                self.current.header_x.extend(t.x for t in seg.tokens if t.x is not None)
                self.current.appeals_marks.outcome(seg.text, self.current.values)
                self.current.has_header = True
                self.current.header_rows.update(t.row for t in seg.tokens if t.row is not None)
                # Blank cells between header cells are header padding, not data.
                while self.current.values and _padding(self.current.values[-1]):
                    self.current.values.pop()
                continue
            else:
                cur = self.current
                if closes_a_bare_row(cur, entry.kind, entry.id, seg.text, self.specs):
                    self.header_closed = cur  # a bare row, then a column header of its table
                elif not keeps_a_bare_row_open(self.header_closed, entry.kind, entry.id, seg.text, self.specs):
                    # a group label, another table's header, or a header of columns the row has not
                    # (the next sub-table's: "第二十条第（九）项" / "采购项目数量" after 行政事业性收费)
                    bare = self.header_closed or cur
                    if bare is not None and names_the_next_table(bare, entry.kind, entry.id, seg.text, self.specs):
                        bare.later_header = True  # numbers after it are under that header's columns
                    self.header_closed = None
                self._close("header")
                if entry.kind == "group":
                    self.group_lines.update((t.line, entry.id) for t in seg.tokens
                                            if t.line is not None and t.grid is None)
                if entry.kind == "header" and entry.id in _HOME_SECTION and self.table is None:
                    # a header opens its table; inside another table the same words ("其他" of
                    # 其他对外管理服务事项 wrapped) are that table's, and its first row label decides
                    self.table = entry.id if entry.id != "appeals" else APPEALS

    def _value_position(self) -> bool:
        """Inside a table, after a row label or among values: where a cell would be a value."""
        if self.current is not None:
            return self.current.row_id != APPEALS or any(v.kind == VALUE for v in self.current.values) \
                or self.current.has_header
        return self.table is not None and not self.unread_label

    def _note_unit(self, text: str) -> None:
        norm = normalize_label(text)
        for code, header in self._unit_headers.items():
            if header in norm:
                unit = next((u for u in ("万元", "元") if u in norm[norm.index(header):]), None)
                if unit:
                    self.header_units[code] = unit

    def result(self) -> Alignment:
        self._settle_header_close(None, "end")
        out = Alignment(self.tpl.name, used_lines=self.used, header_units=self.header_units)
        if _lines_hold_rows(self.order):
            for h in self.order:
                h.lines_hold_rows = True
        hits = _split_overfull(self.order, {r.id: r for r in self.tpl.rows})
        proven = bare_rows_proven(hits)
        chosen, notes = self._sequence(hits, proven)
        columns = _column_positions(chosen)
        slots = layout_slots(  # laid-out text: columns bounded by the cells' texts
            ((id(h), spec, h.header_marks, h.values, (h.label_token,) if h.label_token else ()) for spec, h, _ in chosen),
            self.measure)
        grid_rows = {spec.id: find_row(self.grids, best.label_token, best.values, spec) for spec, best, _ in chosen}
        shapes = None  # the table parts' consensus shapes, found once a grid row prints fewer or more cells
        for spec, best, how in chosen:
            if spec.id == APPEALS and best.appeals_marks.turned:  # outcomes as rows (parsers/appeals_layout.py)
                cells, note = read_turned(spec, best.values, best.appeals_marks,
                                          lambda t: _grid_cell(t, best.page, GRID if t.grid is not None else POSITION),
                                          self.measure)
                notes.extend([note] if note else [])
                out.rows.append(AlignedRow(spec, best.raw_label, cells))
                continue
            grid_row = grid_rows[spec.id]
            if grid_row is not None:  # a real grid: every value stays in the cell it was printed in
                consensus = None  # asked by place_grid_row only for a row that does not print all its cells
                if len(grid_row.cells) != len(spec.cells):
                    if shapes is None:
                        shapes = grid_shapes(self.grids, [(s, grid_rows[s.id]) for s, _, _ in chosen])
                    consensus = shapes.get(shape_key(self.grids, grid_row, spec))
                g = place_grid_row(grid_row, spec, best.page, self.grids, consensus, _cell)
                out.rows.append(AlignedRow(spec, best.raw_label, g.cells, g.note, None))
                continue
            if spec.id == APPEALS:
                best.values = _appeals_values(best, len(spec.cells))
            if spec.id == APPEALS and not best.values and not best.has_header:
                continue  # a heading without a table
            if not best.values:
                cells, note = _bare_row(spec, best, proven)
                if note:
                    notes.append(note)
                if cells is not None:
                    out.rows.append(AlignedRow(spec, best.raw_label, cells))
                continue
            centres = columns.get(_table_key(spec))
            if centres is None and spec.id == APPEALS:
                centres = _header_columns(best.header_x, len(spec.cells))
            if centres is None and best.header_marks:
                centres = header_centres(spec, best.header_marks, best.values)
            values = best.values
            cells, note, options = place(values, spec, best.page, centres, slots.get(id(best)))
            if how != "label":
                cells = [None if c is None else _placed_as(c, SEQUENCE) if c.placement == POSITION else c
                         for c in cells]
                options = [[_placed_as(c, SEQUENCE) if c.placement == POSITION else c for c in o]
                           for o in options] if options else options
            out.rows.append(AlignedRow(spec, best.raw_label, cells, note, options))
        if cells_as_blocks(self.order, self._widest()):
            notes.append(_not_read_as_blocks(out.rows))
        resolve_with_identities(out.rows, self.tpl)
        out.unread = [f"numbers after the unrecognized row label {label!r} were not read ({' '.join(v[:7])})"
                      for label, v in self.unread.items()] + notes
        return out

    def _widest(self) -> dict[str, int]:
        """Cells of each table's widest row."""
        out: dict[str, int] = {}
        for r in self.tpl.rows:
            out[r.section] = max(out.get(r.section, 0), len(r.cells))
        return out

    def _sequence(self, hits: list[_Hit], proven: bool) -> tuple[list[tuple[RowSpec, _Hit, str]], list[str]]:
        """Each table's groups aligned with its rows as a whole (parsers/sequence.py): which
        group is which row, and whether that is certain (the alignment's own ties, and the
        doubts of ``_doubt``), is decided here; the rows chosen are then only placed."""
        cells = {r.id: len(r.cells) for r in self.tpl.rows}
        specs = {r.id: r for r in self.tpl.rows}
        chosen: list[tuple[RowSpec, _Hit, str]] = []
        notes: list[str] = []
        # numbers with no label of their own right before a hit, in whichever table they
        # were gathered (a missing heading leaves 三's first numbers in 二's table)
        after_loose = {id(b): a for a, b in zip(hits, hits[1:]) if a.row_id is None and any(
            v.kind == VALUE for v in a.values)}
        order = HitOrder(hits)  # where each hit stands, for the doubts
        for table in _HOME_SECTION:
            rows = [r.id for r in self.tpl.rows if r.section == table]
            mine = [h for h in hits if h.table == table]
            # asked of each hit and its neighbours several times below; no hit changes here
            below = [all_below_label(h) for h in mine] + [False]
            fit_memo: dict[tuple[int, str], tuple[list[Token], bool]] = {}

            def fits(tokens: list[Token], r: str,
                     fit_memo: dict[tuple[int, str], tuple[list[Token], bool]] = fit_memo) -> bool:
                # keyed by the list's identity (a hit's or group's own values, never changed here);
                # the memo holds the list too, so no later list can take its id within the table
                key = (id(tokens), r)
                seen = fit_memo.get(key)
                if seen is None:
                    seen = fit_memo[key] = (tokens, _fits(tokens, specs[r]))
                return seen[1]

            groups = []
            for k, h in enumerate(mine):
                nxt = mine[k + 1] if k + 1 < len(mine) else None
                groups.append(Group(
                    tokens=h.values, label_row=h.row_id, near_miss=h.near_miss,
                    next_bare=nxt.row_id if nxt is not None and nxt.row_id and (
                        not nxt.values or below[k + 1]) else None,
                    below_label=bool(h.row_id) and below[k],
                    home=h.section == _HOME_SECTION[table], closed_by_label=h.closed_by == "row",
                    n_values=sum(1 for v in h.values if v.kind == VALUE), payload=h))
            score_groups(groups, rows, cells, lambda g, r: fits(g.tokens, r))
            doubtful: list[str] = []
            labelled = {h.row_id for h in mine if h.row_id}
            for k, (g, h) in enumerate(zip(groups, mine)):
                if h.row_id is None and lone_number(h):
                    # one number on a line of its own names no one-cell row: by the page-number
                    # rule it would never be certainly that row's value (alone_below_a_one_cell_label)
                    g.candidates = {r: v for r, v in g.candidates.items() if len(specs[r].cells) > 1}
                if h.row_id is None and g.next_bare in g.candidates:
                    # numbers before a label with nothing on its line may be that row's — or the
                    # row before's, where that row's label is nowhere in the document: a tie
                    prev = next((rows.index(x.row_id) for x in reversed(mine[:k]) if x.row_id in rows), -1)
                    for r in rows[prev + 1:rows.index(g.next_bare)]:
                        if r not in labelled and fits(g.tokens, r):
                            g.candidates[r] = g.candidates[g.next_bare]
                if h.row_id in rows and h.row_id in g.candidates and below[k]:
                    # numbers on lines of their own below a label may as well be the next
                    # rows', where those rows' labels are nowhere in the document: a tie
                    for r in rows[rows.index(h.row_id) + 1:]:
                        if r in labelled:
                            break
                        if fits(h.values, r):
                            g.candidates[r] = g.candidates[h.row_id]
                group = self._group_beside(h, rows)
                if group:
                    # numbers on the line of a group label wrapped beside its rows stand in one
                    # of that group's rows (its merged cell spans them and no other)
                    g.candidates = {r: v for r, v in g.candidates.items() if r in group}
                nxt = mine[k + 1] if k + 1 < len(mine) else None
                if (h.row_id and nxt is not None and nxt.row_id and (not nxt.values or below[k + 1])
                        and below[k] and nxt.row_id in specs and fits(h.values, nxt.row_id)
                        and h.row_id in g.candidates and not bare_on_its_one_line(nxt, order)):
                    # "A / v v v / B" in text lifted from a PDF: the numbers on a line of their
                    # own may be A's or, printed before B's wrapped label, B's — a tie
                    g.candidates[nxt.row_id] = g.candidates.get(h.row_id, 0)
                    bare = groups[k + 1]
                    if not nxt.values:
                        bare.candidates = {r: 0 for r in bare.candidates}  # its zeros: no evidence of their own
                if h.row_id is None and k > 0 and mine[k - 1].incomplete and mine[k - 1].row_id:
                    # a printed row right after a row that fills only part of its cells may be
                    # that row's continuation or the next row's: neither is certain
                    g.candidates = {}
                if h.row_id and (not h.values or below[k]) and (
                        h.loose_before or _loose(mine, k, groups) or id(h) in after_loose) \
                        and not full_row_below(h, specs.get(h.row_id), _adds_up_as_evidence) \
                        and not (not h.loose_before and k > 0 and after_loose.get(id(h), mine[k - 1]) is mine[k - 1]
                                 and _lone_number_not_its_own(mine[k - 1], h, specs.get(h.row_id))):
                    g.candidates = {}  # numbers just before it were set aside: perhaps its own
                    doubtful.append(h.row_id)
            outcome = align_groups(groups, rows, lambda i, r: self._doubt(mine[i], specs[r], order, proven),
                                   lambda g, r: fits(g.tokens, r))
            notes.extend(outcome.doubted[i] for i in sorted(outcome.doubted))
            placed = set(outcome.assigned.values())
            notes.extend(f"row {r}: nothing printed on its label's line(s), but numbers right before it were "
                         f"not placed and may be its own; left out" for r in doubtful if r not in placed)
            for i, row_id in outcome.assigned.items():
                h = mine[i]
                how = "label" if h.row_id == row_id and not h.near_miss else "sequence"
                chosen.append((specs[row_id], h, how))
            for i in outcome.uncertain:
                g = groups[i]
                where = ", ".join(sorted(r for r in g.candidates))
                if g.n_values:
                    rows_ = sorted(g.candidates)
                    where = ", ".join(rows_[:4]) + (f" and {len(rows_) - 4} more" if len(rows_) > 4 else "")
                    notes.append(f"values {_shown(g.tokens)} could stand in more than one row ({where}); left out")
                else:
                    notes.append(f"row {where}: its label stands alone next to numbers that may be its own; left out")
            for i in outcome.strays:
                h = mine[i]
                if not any(v.kind == VALUE for v in h.values):
                    continue
                after = _previous_label(mine, i)
                if h.row_id:
                    notes.append(f"values {_shown(h.values)} after the label {h.raw_label!r} stand out of the "
                                 f"table's row order and were not read")
                else:
                    notes.append(f"number(s) {_shown(h.values)}{after} fit no row of the table and were not read "
                                 f"(a page number or a stray)")
        order = {r.id: k for k, r in enumerate(self.tpl.rows)}
        chosen.sort(key=lambda c: order[c[0].id])
        return chosen, notes


    def _group_beside(self, h: _Hit, rows: list[str]) -> set[str]:
        """The rows of the one group whose label (wrapped beside its rows, text lifted from a
        PDF) shares a text line with the numbers of ``h``, a group with no row label of its own;
        empty where there is none.  A group's rows are the rows whose id it prefixes."""
        if h.row_id is not None:
            return set()
        found = {self.group_lines[t.line] for t in h.values
                 if t.kind == VALUE and t.grid is None and t.line in self.group_lines}
        if len(found) != 1:
            return set()
        prefix = next(iter(found)) + "."
        return {r for r in rows if r.startswith(prefix)}

    def _doubt(self, h: _Hit, spec: RowSpec, order: HitOrder, proven: bool) -> str | None:
        """Why the values of ``h``, which every best alignment gives to ``spec``'s row, are
        still not certainly that row's (None: they are).  Flattened text only: a real grid
        keeps every value in its printed cell, and a turned table 四 is read by its headers."""
        why = _doubt_in_text(h, spec, order, proven, self.specs.get(h.after_header_of or ""))
        if why is None or (spec.id == APPEALS and h.appeals_marks.turned):
            return None
        return None if find_row(self.grids, h.label_token, h.values, spec) is not None else why


def _doubt_in_text(h: _Hit, spec: RowSpec, order: HitOrder, proven: bool,
                   header_closed: RowSpec | None = None) -> str | None:
    """The doubts about a row's values in flattened text (``_Aligner._doubt``).
    ``header_closed``: for values with no label, the bare row a column header of its table
    closed right before them (``continued_over_the_page``)."""
    values = h.values
    if spec.id == APPEALS:
        values = _appeals_values(h, len(spec.cells))
    if not values:
        if spec.id == APPEALS and not h.has_header:
            return None  # a heading without a table
        cells, _ = _bare_row(spec, h, proven)
        if cells is not None and after_spilled_numbers(h, order, spec):
            return (f"row {spec.id}: nothing printed on its label's line, but the row before it has numbers on "
                    f"a line of their own that may be this row's, printed before its label; left out")
        if cells is not None and numbers_after_its_header(h, order):
            return (f"row {spec.id}: a column header of its table follows its label, then numbers no row "
                    f"label claims, which may be this row's (text read column by column); left out")
        return None
    if alone_below_a_one_cell_label(h, spec):
        return _lone_number_rule(values, spec, h.page, [[_cell(values[0], h.page)]])[1]  # the page-number rule
    if _cut_at_the_end(h if values is h.values else replace(h, values=values), spec) \
            and not _printed_like_its_table(h, order.hits):
        return (f"row {spec.id}: the document ends after {_shown(values)}, fewer cells than the row has; it "
                f"may be cut off there, so no cell of it is certain; left out")
    if h.incomplete:
        return (f"row {spec.id}: {_shown(values)} fill only part of the row and the numbers printed after it "
                f"may be its own; left out")
    if continued_over_the_page(h, spec, header_closed, _fits):
        return (f"row {spec.id}: {_shown(values)} follow its table's header printed again right after the label "
                f"of row {header_closed.id} (nothing of it printed before), so they may be that row's, continued over the page; left out")
    return None


def _appeals_values(h: _Hit, n: int) -> list[Token]:
    """Table 四's values without its headers' padding: blank cells printed in a header row, and,
    where the flattening keeps printed rows, printed rows of blank marks only ("| - | - | - | - |",
    a converter's stub table under placeholder headers) beside one printed row holding exactly
    the row's ``n`` cells — that row is the whole data row, so nothing else can be a cell of it.
    The stub's four "-" were read as the first of 19 cells, and the row's sums then pushed its
    numbers into the wrong five columns (行政复议's 80 1 3 _ 84 written as 未经复议直接起诉's)."""
    values = [v for v in h.values if not (v.kind == BLANK and v.row in h.header_rows)]
    if len(values) <= n or any(v.row is None for v in values):
        return values
    rows: dict[int, list[Token]] = {}
    for v in values:
        rows.setdefault(v.row, []).append(v)
    full = [r for r, vs in rows.items() if len(vs) == n]
    if len(full) != 1 or not all(v.kind == BLANK or (v.number is not None and v.number.is_blank)
                                 for r, vs in rows.items() if r != full[0] for v in vs):
        return values
    return rows[full[0]]


def _not_read_as_blocks(rows: list[AlignedRow]) -> str:
    """Text giving the cells as blocks (parsers/blocks.py): every cell not from a real grid is
    left out, and every row that lacks a cell then is named — here, or, a row of a real grid
    that lost nothing here, by its own note (a text row's note, whose reading is moot now,
    goes: naming its row here keeps its missing cells said)."""
    left: list[str] = []
    for r in rows:
        kept = [c if c is not None and c.placement == GRID else None for c in r.cells]
        grid_note = (r.note is not None and not r.options and any(c is not None for c in kept)
                     and all(a is b for a, b in zip(kept, r.cells)))
        if None in kept and not grid_note:
            left.append(r.spec.id)
            r.note = None
        r.cells, r.options = kept, None
    return blocks_note(left)


def _padding(tok: Token) -> bool:
    """A cell before one of table 四's header rows that says nothing: a blank, or a dash or
    slash (Markdown stub tables under placeholder headers are filled with "-")."""
    return tok.kind == BLANK or (tok.kind == VALUE and tok.number is not None and tok.number.is_blank)


def _cut_at_the_end(h: _Hit, spec: RowSpec) -> bool:
    """The row is still open when the document ends, with fewer cells printed than it has,
    in text that does not keep its cells' places (one cell per line, rows on lines): the
    rest may be cut off, and which cells the printed ones are cannot be told.  Rows whose
    flattening fixes each cell's place (tab and pipe rows, grids) are read as printed."""
    if h.closed or h.closed_by is not None:
        return False
    cells = [t for t in h.values if t.kind in (VALUE, BLANK)]
    values = [t for t in cells if t.kind == VALUE]
    if len(values) == 1 and values[0].text.strip().isdigit() and len(values[0].text.strip()) == len(spec.cells):
        return False  # one digit per cell, separators lost ("1000001"): the whole row, if it adds up
    return 0 < len(cells) < len(spec.cells) and any(t.row is None for t in cells)


_PATTERN_ROWS = 2


def _printed_like_its_table(h: _Hit, hits: list[_Hit]) -> bool:
    """The document's own pattern says the row at its end is whole: at least two other
    rows of its table, each closed by what follows, print exactly as many cells as it does
    (a report that drops the same blank cells in every row, shared/corpus a-03)."""
    cells = [t.kind for t in h.values if t.kind in (VALUE, BLANK)]
    while cells and cells[-1] == BLANK:
        cells.pop()  # empty lines closing the document say nothing
    n = len(cells)
    counts = [sum(1 for t in o.values if t.kind in (VALUE, BLANK)) for o in hits
              if o is not h and o.table == h.table and o.row_id and o.row_id != APPEALS and o.closed]
    return len(counts) >= _PATTERN_ROWS and all(c == n for c in counts)


def _lines_hold_rows(hits: list[_Hit]) -> bool:
    """Some row label and its numbers stand on one free text line (no tab, pipe or grid):
    the document prints a row on a line, as text lifted from a PDF does, even where too few
    rows hold numbers for the tokenizer to see it.  There a number on a line of its own is
    not tied to the label above it (a page number, or a row printed before its label), as
    it is in text that prints one cell per line."""
    return any(h.row_id and h.row_id != APPEALS and any(
        t.kind == VALUE and t.line in h.label_lines and t.row is None and t.grid is None for t in h.values)
        for h in hits)


def _loose(hits: list[_Hit], k: int, groups: list[Group]) -> bool:
    """The group right before hit ``k`` holds numbers no label claims."""
    return k > 0 and hits[k - 1].row_id is None and groups[k - 1].n_values > 0


def _shown(tokens: list[Token]) -> str:
    vals = [t.text for t in tokens if t.kind == VALUE]
    return repr(" ".join(vals[:8]) + (" …" if len(vals) > 8 else ""))


def _previous_label(hits: list[_Hit], i: int) -> str:
    prev = next((h for h in reversed(hits[:i]) if h.row_id), None)
    return f" after row {prev.row_id}" if prev is not None else ""


def _printed_rows(h: _Hit) -> list[int | None]:
    """The printed row each of the hit's values sat in, where the flattening keeps rows (tab/pipe
    rows, grids, whole rows on lines); None in cell-per-line text.  Free text lines in text too
    sparse for column positions count only for a row printed on its label's line
    (``printed_on_its_label_line``, asked once per hit): a document can print some rows on lines and
    others one cell per line (PDFium copy-paste, tests/test_pdf_text_roundtrip.py s0-pdfium),
    and a row printed one cell per line throughout is one printed row, however many lines it
    takes."""
    keys: list[int | None] = []
    on_label_line: bool | None = None
    for tok in h.values:
        if tok.row is not None:
            keys.append(tok.row)
        elif tok.x is not None:
            keys.append(tok.line)
        else:
            if on_label_line is None:
                on_label_line = printed_on_its_label_line(h)
            keys.append(tok.line if on_label_line and on_a_line_of_its_own(h, tok) else None)
    return keys


def _split_overfull(hits: list[_Hit], specs: dict[str, RowSpec]) -> list[_Hit]:
    """Where rows sit on lines, a labelled row takes the printed rows after its label only as
    far as they fit in it (a row's numbers may break over two lines); the printed rows
    after that are groups of their own (a row printed before its wrapped label, a row whose
    label was lost, a page number) for the sequence alignment to place.  Printed rows are
    one row only where together they fill it exactly and keep its sums; otherwise the second
    stands alone, and the first, if it fills only part of the row, is not certain either.
    Each hit is split knowing whether the hit after it is read as a whole row below its label
    (``_whole_below``), so the hits are split from the last one back."""
    parts: list[list[_Hit]] = []
    nxt_whole = False
    for i in range(len(hits) - 1, -1, -1):
        split, nxt_whole = _split_one(hits[i], hits[i + 1] if i + 1 < len(hits) else None, specs, nxt_whole)
        parts.append(split)
    return [h for split in reversed(parts) for h in split]


def _split_one(h: _Hit, nxt: _Hit | None, specs: dict[str, RowSpec], nxt_whole: bool) -> tuple[list[_Hit], bool]:
    """``_split_overfull`` for one hit, ``nxt`` the hit after it (``nxt_whole``: read as a whole
    row below its label): the hits it is read as, and whether it is itself read as a whole row
    below its label (``_whole_below``)."""
    if h.row_id and h.row_id != APPEALS and _lone_number_not_the_rows(h, specs[h.row_id]):
        lone = _Hit(None, "", h.values[0].page, h.section, values=list(h.values), closed=h.closed,
                    closed_by=h.closed_by, table=h.table, lines_hold_rows=h.lines_hold_rows)
        return [replace(h, values=[]), lone], False
    keys = _printed_rows(h) if h.row_id and h.row_id != APPEALS else None
    if not keys or None in keys:
        return [h], False
    n = len(specs[h.row_id].cells)
    printed: list[list[Token]] = []
    last = None  # the printed row of the last group's first value (keys[] holds it)
    for t, k in zip(h.values, keys):
        if printed and last == k:
            printed[-1].append(t)
        else:
            printed.append([t])
            last = k
    take, count = 1, len(printed[0])
    while take < len(printed) and count + len(printed[take]) <= n:
        count += len(printed[take])
        take += 1
    head = [t for p in printed[:take] for t in p]
    spec = specs[h.row_id]
    refused = False
    if take > 1 and (not spec.sums or (len(head) < n and _another_row_among(printed[1:take], specs, spec))
                     or (len(head) == n and not _sums_ok([_value(t) for t in head], spec, unknown_holds=False)
                         and not _lone_number_filling(printed[1:take]))
                     or (not nxt_whole and _before_bare_label(printed[1:take], nxt, specs))):
        # nothing says the printed rows are one: only a whole row that adds up proves it (a
        # part-filled row and later printed rows of which some run could be a row of the
        # table may as well be two rows, the second's label lost or printed after its numbers,
        # a page number perhaps between; ones that fit no row — a page number alone — stay,
        # for the placement to weigh), and not even that
        # where the next row's label has nothing on its line and they fit that row — unless
        # that row is read as a whole row from the numbers below its own label, which leaves
        # no cell of it for these
        take, head, refused = 1, list(printed[0]), True
    rest = printed[take:]
    if not any(t.kind == VALUE for p in rest for t in p):
        return [h], _whole_below(h, spec)
    while len(head) > n and head[-1].kind == BLANK:
        head.pop()
    # fewer numbers than cells, and the printed rows after it set apart: which of them
    # (if any) are this row's cannot be told, so its own numbers do not stand alone
    out = [replace(h, values=head, closed=True, closed_by="row", incomplete=refused and len(head) < n)]
    for part in rest:
        if any(t.kind == VALUE for t in part):
            out.append(_Hit(None, "", part[0].page, h.section, values=part, closed=True, closed_by="row",
                            table=h.table, lines_hold_rows=h.lines_hold_rows))
    out[-1].closed, out[-1].closed_by = h.closed, h.closed_by
    return out, False


def _lone_number_not_the_rows(h: _Hit, spec: RowSpec) -> bool:
    """All that follows the row's label is one number alone on a line of its own below it (a
    page number at the foot of the page, text whose rows sit on lines), which cannot stand in
    the row: a row with sums prints at least two numbers unless it is all blank.  The label
    is then read as a bare label (what closed it decides what that means,
    ``_bare_row``), the number as one no row label claims (said, never read)."""
    if len(h.values) != 1 or h.values[0].kind != VALUE or h.values[0].grid is not None or not spec.sums \
            or not bare_but_a_page_number(h):
        return False  # (a real grid keeps every value in its printed cell)
    return on_a_line_of_its_own(h, h.values[0]) and not _fits(h.values, spec)


def _lone_number_not_its_own(before: _Hit, h: _Hit, spec: RowSpec | None) -> bool:
    """A lone number on a line of its own (``before``: a page number, a stray) right before
    the label of ``h`` that cannot be this row's, so it does not put the row in doubt.  A bare
    label: the number alone cannot stand in the row (count and sums: one number that is not 0
    is no row with sums).  A row read whole from the lines below its label (``_whole_below``):
    were the number its first cell, the row would be it and the first of those lines (the
    others the next rows', printed before their labels); no such reading fits the row — as
    ``sequence.full_row_below`` says for one such line.  (A row that prints only part of its
    cells below its label stays in doubt.)"""
    if spec is None or before.row_id is not None or not lone_number(before):
        return False
    lone = [t for t in before.values if t.kind == VALUE]
    if not h.values:
        return bool(spec.sums) and not _fits(lone, spec)
    if not _whole_below(h, spec):
        return False
    lines: list[list[Token]] = []
    for t in h.values:
        if lines and lines[-1][-1].line == t.line:
            lines[-1].append(t)
        else:
            lines.append([t])
    return not any(_fits(lone + [t for line in lines[:j] for t in line], spec) for j in range(len(lines)))


def _whole_below(h: _Hit, spec: RowSpec) -> bool:
    """The row is read whole from the printed rows below its label (``_split_one`` kept them
    all as its own): as many numbers as it has cells, each a readable number, on lines of
    their own below the label, keeping its sums.  Then no cell of it is left for numbers
    printed before its label (``_before_bare_label``), as for one such line
    (``sequence.full_row_below``)."""
    return (bool(spec.sums) and len(h.values) == len(spec.cells) and all(t.kind == VALUE for t in h.values)
            and all_below_label(h) and _adds_up_as_evidence(h.values, spec))


def _lone_number_filling(parts: list[list[Token]]) -> bool:
    """What would fill the row is one number alone on a line of its own: its own last cell or
    a page number, the one question the page-number rule (``_lone_number_rule``) answers for
    a full row — so the row keeps it for place() to ask (set apart, the row's own numbers
    were left out as part of a row, though without it they may add up for certain)."""
    return len(parts) == 1 and len(parts[0]) == 1 and parts[0][0].kind == VALUE


def _another_row_among(parts: list[list[Token]], specs: dict[str, RowSpec], spec: RowSpec) -> bool:
    """Some run of the printed rows after a part-filled row could be a row of its table on its
    own: the next row printed before its label, a row whose label was lost (a page number
    may stand between), so the printed rows are not certainly one row with it."""
    same = [s for s in specs.values() if s.section == spec.section]
    return any(_fits([t for p in parts[a:b] for t in p], s)
               for a in range(len(parts)) for b in range(a + 1, len(parts) + 1) for s in same)


def _before_bare_label(parts: list[list[Token]], nxt: _Hit | None, specs: dict[str, RowSpec]) -> bool:
    """Printed rows that stand right before a row label with nothing on its own line, and fit
    that row: shredded text prints a row's numbers before its label, so they may be its own."""
    if nxt is None or not nxt.row_id or nxt.row_id not in specs or (nxt.values and not all_below_label(nxt)):
        return False
    return _fits([t for p in parts for t in p], specs[nxt.row_id])


def _fits(tokens: list[Token], spec: RowSpec) -> bool:
    """Values with no label of their own can stand in ``spec``'s row: not more than its
    cells, and (where the row has sums) some order-preserving placement keeps them — with
    or without a last number alone on a line of its own, which may be a page number (what
    it is, place() decides by the page-number rule, ``_lone_number_rule``)."""
    toks = [t for t in tokens if t.kind == VALUE]
    if _fits_all(toks, spec):
        return True
    return len(toks) > 1 and _lone_last(toks) and _rows_on_lines(toks) and _fits_all(toks[:-1], spec)


def _fits_all(toks: list[Token], spec: RowSpec) -> bool:
    """Every one of the values ``toks`` can stand in ``spec``'s row (``_fits``)."""
    n = len(spec.cells)
    if not toks or len(toks) > n:
        return False
    if not spec.sums:
        return True
    if len(toks) == n:
        return _sums_ok([_value(t) for t in toks], spec)
    for count, pos in enumerate(combinations(range(n), len(toks))):
        if count >= _MAX_PLACEMENTS:
            return True  # too many to check: the placement step decides
        vals = [0.0] * n
        for t, p in zip(toks, pos):
            vals[p] = _value(t)
        if _sums_ok(vals, spec):
            return True
    return False


def _bare_row(spec: RowSpec, hit: _Hit, proven: bool) -> tuple[list[PlacedCell] | None, str | None]:
    """A row label with nothing printed after it.

    All blank (zeros) only where what follows closes the row for certain: the next row label
    of its table, or a header or group label of its table with a row label of the table after
    it (``sequence.header_close_confirmed``), or — where this document is seen to print its all-blank rows
    as bare labels (blanks dropped) — the end of its table: the next section's heading, or a
    header or group label and then the next heading or another table's row
    (``sequence.table_ended_after``), or a numbered label the template does not know (a
    wrapped or misprinted next row; said).  A document that ends right after the label (or
    after a header below it), or prose or an unknown label after it (or prose after a header
    below it, ``_prose_after_header``), may as well have cut the row off: then no cell of it
    is in the document, and the sentence says so."""
    zero = [PlacedCell(0.0, "", hit.page, POSITION)] * len(spec.cells)
    if hit.closed_by in ("row", "header") or (table_ended_after(hit.closed_by) and proven):
        return zero, None
    if hit.closed_by == "label" and proven:
        # a numbered label the template does not know (a misprinted one, or "（四）" of a group
        # label wrapped right after its numbering): the table goes on, so the row is closed —
        # read as all blank, and said
        return [_placed_as(c, SEQUENCE) for c in zero], (
            f"row {spec.id}: nothing printed after its label before the next numbered label, read as all "
            f"blank as this document prints its all-blank rows")
    if hit.closed_by == "header-prose":
        return None, (f"row {spec.id}: only a column header or group label follows its label, then prose (the "
                      f"table breaks there), which may be an all-blank row or a row cut off; no cell of it is in the "
                      f"document")
    if hit.closed_by and hit.closed_by.startswith("header-"):
        then = {"header-end": "the document ends", "header-heading": "the next section's heading follows",
                "header-table": "another table's row follows"}[hit.closed_by]
        return None, (f"row {spec.id}: only a column header or group label follows its label, then {then} "
                      f"with no row of its table (the page may be cut off there); no cell of it is in the document")
    where = "the document ends" if hit.closed_by is None else (
        "the next section follows" if hit.closed_by == "heading" else "the table breaks")
    return None, (f"row {spec.id}: {where} right after its label, which may be an all-blank row or a row "
                  f"cut off; no cell of it is in the document")


def _drop_header_padding(values: list[Token], first_value: Token) -> None:
    """Before table 四's first number: blank cells from the header rows are not data.

    Where rows are known (tab/pipe rows, grids): a blank printed in another row than the
    number is header padding.  In cell-per-line text a blank's row is unknown, but a line of
    pipes only that closes several blank cells at once ("|||||") is the filler run ending a
    printed row (its spanned positions), never cells of the next row: it and what stands
    before it are the headers'.  A lone "|" may be a blank data cell, so it stays.
    """
    if any(v.kind == VALUE for v in values):
        return
    if first_value.row is None:
        per_line: dict[int, int] = {}
        for v in values:
            if v.line is not None:
                per_line[v.line] = per_line.get(v.line, 0) + (1 if v.kind == BLANK else 1 << 20)
        ends = [k for k, v in enumerate(values) if v.kind == BLANK and v.line is not None
                and 2 <= per_line[v.line] < 1 << 20 and v.line != first_value.line]
        if ends:
            del values[:ends[-1] + 1]
        return
    values[:] = [v for v in values if v.row is None or v.row == first_value.row]


def align(tokens: list[Token], template_name: str, measure: str = CHARS) -> Alignment:
    """``tokens`` read against the template; ``measure``: the one the tokens' laid-out
    positions were counted by (``tokens.tokenize_document``)."""
    aligner = _Aligner(template(template_name), measure)
    aligner.grids = GridIndex(tokens)
    aligner.feed(tokens)
    return aligner.result()


Placement = tuple[list[PlacedCell | None], str | None, list[list[PlacedCell]] | None]


_MIN_LAYOUT_GAP = 2.0  # spaces between numbers of a laid-out row
_COLUMN_SPREAD = 2.0  # characters
_MIN_COLUMN_GAP = 3.0


def _table_key(spec: RowSpec) -> tuple[str, int]:
    return spec.section, len(spec.cells)


def _column_positions(chosen: list[tuple[RowSpec, "_Hit", str]]) -> dict[tuple[str, int], list[float]]:
    """Column centres of space-aligned tables, learned from their rows printed in full."""
    seen: dict[tuple[str, int], list[list[float]]] = {}
    gaps: dict[tuple[str, int], list[float]] = {}
    for spec, hit, _how in chosen:
        vals = hit.values
        if len(vals) == len(spec.cells) and all(v.kind == VALUE and v.x is not None for v in vals):
            seen.setdefault(_table_key(spec), []).append([v.x for v in vals])
            gaps.setdefault(_table_key(spec), []).extend(
                (b.x - len(b.text) / 2) - (a.x + len(a.text) / 2) for a, b in zip(vals, vals[1:]))
    out: dict[tuple[str, int], list[float]] = {}
    for key, rows in seen.items():
        cols = list(zip(*rows))
        # Only text truly laid out in columns (pdftotext -layout): the numbers of the full rows
        # stand at the same places with runs of spaces between them; text whose numbers are
        # separated by single spaces has no columns to go by.
        laid_out = bool(gaps[key]) and median(gaps[key]) >= _MIN_LAYOUT_GAP
        if laid_out and all(max(c) - min(c) <= _COLUMN_SPREAD for c in cols):
            centres = [median(c) for c in cols]
            if all(b - a >= _MIN_COLUMN_GAP for a, b in zip(centres, centres[1:])):
                out[key] = centres
    return out


_HEADER_CLUSTER = 1.5  # characters: header fragments this close stand in one column


def _header_columns(xs: list[float], n: int) -> list[float] | None:
    """Column centres from where a table's leaf headers stand in laid-out text, when they
    form exactly as many columns as the row has cells (stacked fragments share a column)."""
    if len(xs) < n:
        return None
    clusters: list[list[float]] = []
    for x in sorted(xs):
        if clusters and x - clusters[-1][-1] <= _HEADER_CLUSTER:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    if len(clusters) != n:
        return None
    centres = [sum(c) / len(c) for c in clusters]
    return centres if all(b - a >= _MIN_COLUMN_GAP for a, b in zip(centres, centres[1:])) else None


def _place_by_columns(toks: list[Token], centres: list[float], page: int | None) -> list[PlacedCell] | None:
    """Each printed value under the column whose centre it stands at; None unless every value
    sits clearly within one column, in order, one value per column."""
    if not toks or any(t.x is None or t.kind != VALUE for t in toks) or len(centres) < 2:
        return None
    tolerance = min(b - a for a, b in zip(centres, centres[1:])) / 2
    if tolerance <= 0:
        return None
    slots = []
    for t in toks:
        slot = min(range(len(centres)), key=lambda k: abs(centres[k] - t.x))
        if abs(centres[slot] - t.x) >= tolerance or (slots and slot <= slots[-1]):
            return None
        slots.append(slot)
    cells = [PlacedCell(0.0, "", page)] * len(centres)  # placement "position": x-columns
    for t, slot in zip(toks, slots):
        cells[slot] = _cell(t, page)
    return cells


def place(tokens: list[Token], spec: RowSpec, page: int | None,
          centres: list[float] | None = None, slots: list[list[int]] | None = None) -> Placement:
    """Put a row's tokens into its cells; None for a cell that cannot be placed (with the
    placements still possible, so identities across rows may settle them later)."""
    n = len(spec.cells)
    toks = list(tokens)
    page = next((t.page for t in toks if t.page is not None), page)
    if len(toks) > n and spec.sums and any(_unknown(t) for t in toks) and _tab_fields(toks):
        trims = _trim_readings(toks, n, spec)
        if len(trims) > 1:
            # Blank cells at both ends beyond the row's cells (a merged label's empty fields,
            # trailing separators): which are the row's is told by its sums, and a cell whose
            # number cannot be read leaves them unchecked — only cells every reading agrees on
            pool = [[_cell(t, page, SUMS) for t in r] for r in trims]
            cells = _agreed(pool)
            missing = ", ".join(_cell_name(spec, s) for s, c in enumerate(cells) if c is None)
            return cells, (None if not missing else (
                f"row {spec.id}: more cells printed than it has, blank at both ends, and a cell that cannot be "
                f"read leaves its sums unchecked, so which blanks are its own cannot be told; left out {missing}")), pool
    while len(toks) > n and toks[-1].kind == BLANK:
        toks.pop()
    while len(toks) > n and toks[0].kind == BLANK:
        toks.pop(0)
    printed = [t for t in toks if t.kind == VALUE]
    if len(printed) == 1 and n > 1:  # one number, the rest blank or missing: glued digits?
        glued = _unglue(printed[0], spec, page)
        if glued is not None:
            return glued, Remark(f"row {spec.id}: the number {printed[0].text!r} was read as {n} cells "
                                 f"{' '.join(c.raw for c in glued)} (separators lost, and only that reading "
                                 f"adds up)"), None
    strays = _lone_after_row(toks, n)
    if strays and len(toks) == n:
        full = [_cell(t, page) for t in toks]
        decided = _lone_number_rule(toks, spec, page, [full] if _adds_up(full, spec) else [], strays, centres, slots)
        if decided is not None:
            return decided
    if len(toks) == n:
        shifted = _shift_to_fit(toks, spec)
        how = POSITION if shifted is toks else SUMS
        return [_cell(t, page, how) for t in shifted], None, None
    if len(toks) < n and centres and len(centres) == n:
        by_columns = _place_by_columns(toks, centres, page)
        if by_columns is not None and _sums_ok([c.value for c in by_columns], spec):
            return _mark(by_columns, POSITION), None, None
    if len(toks) < n and slots is not None and len(slots) == len(toks):
        return _place_fewer(toks, spec, page, slots, centres)  # only where the positions leave room
    if len(toks) > n:
        decided = _lone_number_rule(toks, spec, page, None, strays) if strays else None
        if decided is not None:
            return decided
        window = _window_fitting_sums(toks, spec)
        extra = len(toks) - n
        if window is None:
            return [None] * n, (f"row {spec.id}: {extra} more value(s) than the table has columns and no "
                                f"one run of {n} adds up; left out"), None
        chosen = toks[window:window + n]
        dropped = " ".join(t.text for t in toks[:window] + toks[window + n:] if t.kind == VALUE)
        return [_cell(t, page, SUMS) for t in chosen], (
            f"row {spec.id}: {extra} more value(s) than it has cells, and only one run of {n} adds up, so the "
            f"number(s) {dropped!r} beside it were not read"), None
    return _place_fewer(toks, spec, page, centres=centres)


def _unknown(tok: Token) -> bool:
    """A value printed so that its number cannot be read."""
    return tok.kind == VALUE and tok.number is not None and tok.number.unreadable


def _tab_fields(toks: list[Token]) -> bool:
    """Tokens of tab-separated rows (a field index, no grid).  Such rows print the whole
    grid — a merged label's empty fields after it, trailing tabs at the end — where pipes
    and cells per line print a row's own cells from its label on, padding only at the end."""
    return all(t.grid is None and t.col is not None for t in toks)


def _trim_readings(toks: list[Token], n: int, spec: RowSpec) -> list[list[Token]]:
    """Every way of dropping surplus blank cells from the two ends of a row, kept where the
    row's sums allow it (a sum with an unreadable cell allows anything)."""
    surplus = len(toks) - n
    out = []
    for left in range(surplus + 1):
        right = surplus - left
        if all(t.kind == BLANK for t in toks[:left]) and all(t.kind == BLANK for t in toks[len(toks) - right:]):
            reading = toks[left:len(toks) - right]
            if _sums_ok([_value(t) for t in reading], spec):
                out.append(reading)
    return out


_MAX_SHIFT = 2


def _shift_to_fit(toks: list[Token], spec: RowSpec) -> list[Token]:
    """A full row that breaks its own sums may sit one or two cells off: a blank first cell
    lost to a leading pipe, or a merged-label blank kept.  Move blank end cells across when
    that makes every sum hold; otherwise keep the row as printed (the checks will say)."""
    if not spec.sums or _sums_ok([_value(t) for t in toks], spec):
        return toks
    blank = Token(BLANK)
    for k in range(1, _MAX_SHIFT + 1):
        if all(t.kind == BLANK for t in toks[-k:]):
            shifted = [blank] * k + toks[:-k]
            if _sums_ok([_value(t) for t in shifted], spec):
                return shifted
        if all(t.kind == BLANK for t in toks[:k]):
            shifted = toks[k:] + [blank] * k
            if _sums_ok([_value(t) for t in shifted], spec):
                return shifted
    return toks


def _mark(cells: list[PlacedCell | None], placement: str) -> list[PlacedCell | None]:
    """The same cells, saying what fixed their columns."""
    return [None if c is None else _placed_as(c, placement) for c in cells]


def _value(tok: Token) -> float:
    return tok.number.value if tok.number is not None else 0.0


def _grid_cell(tok: Token, page: int | None, placement: str) -> PlacedCell:
    return _cell(tok, page, placement)  # not dataclasses.replace: slow, and once per grid cell


def _placed_as(cell: PlacedCell, placement: str) -> PlacedCell:
    """``replace(cell, placement=placement)``, built directly (``dataclasses.replace`` walks the
    fields each time, and the placement pools make one per cell of every placement)."""
    return PlacedCell(cell.value, cell.raw, cell.page, placement, cell.confidence, cell.mixed)


def _cell(tok: Token, page: int | None, placement: str = POSITION) -> PlacedCell:
    value = tok.number.value if tok.number is not None else 0.0
    return PlacedCell(value, tok.text if tok.kind == VALUE else "", tok.page if tok.page is not None else page,
                      placement, tok.confidence)


def _adds_up_as_evidence(toks: list[Token], spec: RowSpec) -> bool:
    """The numbers, as the row's cells in order, keep its sums, none unreadable (evidence that
    they are the whole row: ``sequence.full_row_below``)."""
    return _sums_ok([_value(t) for t in toks], spec, unknown_holds=False)


def _sums_ok(values: list[float], spec: RowSpec, unknown_holds: bool = True) -> bool:
    """The row's own sums hold.  A sum with a cell whose number cannot be read (NaN) cannot
    be checked: it holds for choosing among placements (``unknown_holds``, so the unreadable
    cell rules nothing out), never as evidence that printed rows belong together."""
    for parts, total in spec.sums:
        cells = [values[p] for p in parts] + [values[total]]
        if any(v != v for v in cells):
            if not unknown_holds:
                return False
            continue
        if abs(sum(values[p] for p in parts) - values[total]) >= 1e-6:
            return False
    return True


def _window_fitting_sums(toks: list[Token], spec: RowSpec) -> int | None:
    """The one run of ``n`` consecutive values that keeps the row's sums; None if there is
    none, several with different values, or the row has no sums to tell."""
    n = len(spec.cells)
    if not spec.sums:
        return None
    fitting = {}
    for start in range(len(toks) - n + 1):
        vals = tuple(_cell(t, None).value for t in toks[start:start + n])
        if _sums_ok(list(vals), spec):
            fitting.setdefault(vals, start)
    return next(iter(fitting.values())) if len(fitting) == 1 else None


def _unglue(tok: Token, spec: RowSpec, page: int | None) -> list[PlacedCell | None] | None:
    """'1000001' for a seven-cell row: separators lost between single-digit cells."""
    raw = tok.text.strip()
    if tok.kind != VALUE or not raw.isdigit() or len(raw) != len(spec.cells) or not spec.sums:
        return None
    values = [float(ch) for ch in raw]
    if not _sums_ok(values, spec):
        return None
    return [PlacedCell(v, ch, page, SUMS, tok.confidence) for v, ch in zip(values, raw)]


def _place_fewer(toks: list[Token], spec: RowSpec, page: int | None,
                 slots: list[list[int]] | None = None, centres: list[float] | None = None) -> Placement:
    """Every order-preserving placement of the printed values (only into the columns
    ``slots`` leaves each, where positions bound them), kept where the row's sums hold.
    ``centres`` (the columns' centres, where the header fixes them) go to the page-number
    rule: without its lone last number the rest is read as it would be had it not been
    printed, by its columns first."""
    n, k = len(spec.cells), len(toks)
    placements = []
    for count, pos in enumerate(combinations(range(n), k)):
        if count >= _MAX_PLACEMENTS:
            break
        if slots is None or all(p in s for p, s in zip(pos, slots)):
            placements.append(pos)
    rows = _rows_placed(toks, placements, n, page)
    consistent = [r for r in rows if _sums_ok([c.value for c in r], spec)] if spec.sums else []
    strays = _lone_after_row(toks, n)
    if strays:
        decided = _lone_number_rule(toks, spec, page, (consistent if spec.sums else rows) if placements else None,
                                    strays, centres, slots)
        if decided is not None:
            return decided
    if slots is not None and not placements:
        return [None] * n, (f"row {spec.id}: its numbers stand where no placement in its columns fits; left out "
                            + ", ".join(_cell_name(spec, s) for s in range(n))), None
    if slots is not None:
        pool = consistent or rows
        if len(pool) > 1:
            pool = [[_placed_as(c, SUMS) for c in r] for r in pool]
        cells = _agreed(pool)
        if all(c is not None for c in cells):
            return cells, None, None
        names = ", ".join(_cell_name(spec, s) for s, c in enumerate(cells) if c is None)
        return cells, (f"row {spec.id}: only {k} of {n} cells printed, and where they stand leaves some of them "
                       f"more than one column; left out {names}"), pool
    pool = consistent or rows
    if len(pool) > 1:  # the arithmetic chose among placements the document left open
        pool = [[_placed_as(c, SUMS) for c in r] for r in pool]
    cells = _agreed(pool)
    if all(c is not None for c in cells):
        return cells, None, None
    return cells, _ambiguity_note(spec, cells, k), pool


# ---- The page-number rule ------------------------------------------------------------------
# "Is a number alone on a line after a row a page number, or the row's last number?" is
# asked here and nowhere else: by place() (a full row, a row with more numbers than cells),
# by _place_fewer() (blank cells dropped, with or without column bounds), and by the
# sequence's doubt about a one-cell row (_doubt_in_text) and its candidates (_sequence).

def _lone_after_row(toks: list[Token], n: int) -> int:
    """How many of a row's last numbers may be page numbers (0: the question does not
    arise).  One: the last number stands alone on a text line of its own after the rest, in
    text where that says something — rows sit on lines (two of the rest share a line, or the
    tokenizer set column positions) or the row prints fewer numbers than cells (which cells
    they are is open anyway); in one-cell-per-line text a full row's cells are fixed by
    their count.  More than the row has cells: the whole row on one line, then each surplus
    number alone on a line of its own."""
    if len(toks) > n:
        line = toks[0].line
        if line is None or any(t.line != line for t in toks[:n]):
            return 0
        lines = [t.line for t in toks[n:]]
        alone = all(x is not None and x != line for x in lines) and len(set(lines)) == len(lines)
        return len(toks) - n if alone else 0
    if not _lone_last(toks):
        return 0
    return 1 if len(toks) < n or _rows_on_lines(toks) else 0


def _rows_on_lines(toks: list[Token]) -> bool:
    """The row is printed on lines, so a number's line says which printed row it is in."""
    return shares_a_line(toks[:-1]) or all(t.x is not None for t in toks)


def _lone_number_rule(toks: list[Token], spec: RowSpec, page: int | None,
                      with_it: list[list[PlacedCell]] | None, strays: int = 1,
                      centres: list[float] | None = None, slots: list[list[int]] | None = None) -> Placement | None:
    """The one rule for the last ``strays`` numbers of a row, each alone on a line of its
    own (``_lone_after_row``): the row's own or a page number?

    ``with_it``: the placements keeping them that the positions allow and the row's sums
    keep (every one, where the row has no sums); None where they cannot stand in the row at
    all (more numbers than cells, or no column the positions leave).  Without them, the rest
    is placed the same way (columns, bounds, sums).  Then:

    * they cannot stand in the row → page numbers: the rest is read, and that is said;
    * the rest adds up in no placement → they are the row's (None: the caller goes on) —
      unless nothing adds up with them either, where rows sit on lines: all left out;
    * only the rest adds up → page numbers (said);
    * both add up → where rows sit on lines, the cells the two readings disagree on are left
      out and said; in one-cell-per-line text a number below a label is that row's (None).

    A one-cell row's single number (the caller says it stands alone below the label) has no
    rest to place: what its bare label would mean is decided elsewhere, so it is left out."""
    n = len(spec.cells)
    lone = toks[len(toks) - strays:]
    shown = " ".join(t.text for t in lone if t.kind == VALUE)
    names = lambda cells: ", ".join(_cell_name(spec, s) for s, c in enumerate(cells) if c is None)  # noqa: E731
    rest = toks[:len(toks) - strays]
    if not rest:
        return [None] * n, (f"row {spec.id}: the lone number {shown!r} on a line of its own after the label may be "
                            f"its value or a page number; left out"), None
    rows, adding = _readings(rest, spec, page, centres, slots[:len(rest)] if slots else None)
    on_lines = _rows_on_lines(toks)
    if with_it is None:
        pool = adding or rows
        if not pool:
            return None
        if len(pool) > 1:
            pool = [[_placed_as(c, SUMS) for c in r] for r in pool]
        cells = _agreed(pool)
        said = (f"row {spec.id}: the lone number(s) {shown!r} after "
                + ("the full row" if len(toks) > n else "it, fitting none of its columns,")
                + " were taken for a page number and not read")
        if all(c is not None for c in cells):
            return cells, said, None
        return cells, f"{said}; left out {names(cells)}", pool
    if not adding:
        if with_it or not on_lines:
            return None
        return [None] * n, (f"row {spec.id}: its last number {shown!r} stands alone on a line of its own and the row "
                            f"adds up neither with nor without it; left out {names([None] * n)}"), None
    if not with_it:
        pool = [[_placed_as(c, SUMS) for c in r] for r in adding]
        cells = _agreed(pool)
        said = (f"row {spec.id}: the lone number {shown!r} after it was taken for a page number and not read "
                f"(the row adds up only without it)")
        if all(c is not None for c in cells):
            return cells, said, None
        return cells, f"{said}; left out {names(cells)}", pool
    if not on_lines:
        return None
    pool = [[_placed_as(c, SUMS) for c in r] for r in with_it + adding]
    cells = _agreed(pool)
    if all(c is not None for c in cells):
        return None
    return cells, (f"row {spec.id}: the lone number {shown!r} below it may be its last cell or a "
                   f"page number; left out {names(cells)}"), pool


def _readings(toks: list[Token], spec: RowSpec, page: int | None, centres: list[float] | None = None,
              slots: list[list[int]] | None = None) -> tuple[list[list[PlacedCell]], list[list[PlacedCell]]]:
    """(every placement of the values the positions allow, those the row's sums keep — every
    one, where the row has no sums): a full row as printed; fewer values by the columns
    where they fix each one and it adds up, else order-preserving, in the columns ``slots``
    leaves each."""
    n, k = len(spec.cells), len(toks)
    if k > n:
        return [], []
    if k == n:
        rows = [[_cell(t, page) for t in toks]]
    else:
        by_columns = _place_by_columns(toks, centres, page) if centres and len(centres) == n else None
        if by_columns is not None and _adds_up(by_columns, spec):
            rows = [by_columns]
        else:
            rows = _rows_placed(toks, [pos for pos in islice(combinations(range(n), k), _MAX_PLACEMENTS)
                                       if slots is None or all(p in s for p, s in zip(pos, slots))], n, page)
    return rows, [r for r in rows if _adds_up(r, spec)]


def _adds_up(cells: list[PlacedCell], spec: RowSpec) -> bool:
    """The row's own sums hold for this placement (a row with no sums: any)."""
    return not spec.sums or _sums_ok([c.value for c in cells], spec)


def _lone_last(toks: list[Token]) -> bool:
    last = toks[-1]
    return (len(toks) > 1 and last.kind == VALUE and last.line is not None
            and all(t.line != last.line for t in toks[:-1]))


def _rows_placed(toks: list[Token], placements: list[tuple[int, ...]], n: int,
                 page: int | None) -> list[list[PlacedCell]]:
    """The row's cells in each placement (positions of the tokens, in order).  Each token's
    cell and the blank are built once and shared by the rows (cells are never changed):
    thousands of placements were thousands of cells each."""
    blank = PlacedCell(0.0, "", page)
    cells = [_cell(tok, page) for tok in toks]
    out = []
    for pos in placements:
        row = [blank] * n
        for cell, p in zip(cells, pos):
            row[p] = cell
        out.append(row)
    return out


def _agreed(pool: list[list[PlacedCell]]) -> list[PlacedCell | None]:
    """Cells with the same value in every remaining placement; None elsewhere."""
    out: list[PlacedCell | None] = []
    for slot in range(len(pool[0])):
        seen = {row[slot] for row in pool}
        values = {_comparable(c) for c in seen}
        if len(values) != 1:
            out.append(None)
        elif len(seen) == 1 or any(c.value != c.value for c in seen):
            out.append(next(iter(seen)))  # (the same unreadable cell in every placement: left out later)
        else:
            first = next(iter(seen))
            texts = {c.raw for c in seen}
            mixed = len(texts) > 1 or any(c.mixed for c in seen)
            out.append(PlacedCell(first.value, None if mixed else first.raw, first.page, SUMS,
                                  min((c.confidence for c in seen if c.confidence is not None), default=None),
                                  mixed))
    return out


def _comparable(cell: PlacedCell) -> float | str:
    """A cell's value for comparing placements; an unreadable cell (NaN) by its printed text."""
    return cell.value if cell.value == cell.value else f"unreadable:{cell.raw}"


def _ambiguity_note(spec: RowSpec, cells: list[PlacedCell | None], printed: int | None = None) -> str:
    names = ", ".join(_cell_name(spec, s) for s, c in enumerate(cells) if c is None)
    some = f"only {printed} of {len(cells)}" if printed is not None else "not all"
    return (f"row {spec.id}: {some} cells printed and their columns cannot be told apart "
            f"(blank cells dropped); left out {names}")


_MAX_COMBINATIONS = 5000


def resolve_with_identities(rows: list[AlignedRow], tpl: Template) -> None:
    """Settle ambiguous rows with the identities across rows (一+二 = （七）+四 per column …).

    First each identity, column by column, removes the placements of a row that no choice in
    the other rows can balance (cheap, and sound); then, if few combinations are left, every
    combination is tried.  Cells that agree in all surviving placements are placed.  If the
    source's arithmetic is off so that nothing survives, nothing changes.
    """
    ambiguous = [r for r in rows if r.options]
    if not ambiguous or not tpl.identities:
        return
    before = {id(r): list(r.options) for r in ambiguous}
    if not _propagate(rows, tpl) or not _enumerate(rows, tpl):
        for r in ambiguous:
            r.options = before[id(r)]
        return
    for r in ambiguous:
        had = list(r.cells)
        r.cells = _agreed(r.options)
        if all(c is not None for c in r.cells):
            r.note, r.options = None, None
        else:
            r.note = _settled_note(r.spec, r.note, had, r.cells)


def _settled_note(spec: RowSpec, note: str | None, had: list[PlacedCell | None],
                  cells: list[PlacedCell | None]) -> str:
    """The row's sentence after the identities across rows placed some of its open cells: why
    the row was open (its own sentence, up to what it left out), what the totals placed, what
    is still left out."""
    settled = [_cell_name(spec, s) for s, (a, b) in enumerate(zip(had, cells)) if a is None and b is not None]
    if not settled:
        return note or _ambiguity_note(spec, cells)
    why = note.rsplit("; left out ", 1)[0] if note and "; left out " in note else \
        f"row {spec.id}: not all cells could be placed"
    names = ", ".join(_cell_name(spec, s) for s, c in enumerate(cells) if c is None)
    return f"{why}; the table's totals across rows placed {', '.join(settled)}; left out {names}"


_MAX_SUMS = 4096


def _possible_values(rows: list[AlignedRow]) -> dict[tuple[str, str | None], tuple[AlignedRow | None, set[float]]]:
    out: dict[tuple[str, str | None], tuple[AlignedRow | None, set[float]]] = {}
    for r in rows:
        for slot, spec in enumerate(r.spec.cells):
            key = (spec.code, spec.applicant_type)
            if r.options:
                out[key] = (r, {o[slot].value for o in r.options})  # NaN: unreadable (identities skip it)
            elif r.cells[slot] is not None:
                out[key] = (None, {r.cells[slot].value})
    return out


def _propagate(rows: list[AlignedRow], tpl: Template) -> bool:
    """Arc consistency over the identities; False if some row loses every placement."""
    changed = True
    while changed:
        changed = False
        for ident in tpl.identities:
            for at in APPLICANT_TYPES:
                terms = [((c, at), 1) for c in ident.left] + [((c, at), -1) for c in ident.right]
                values = _possible_values(rows)
                if not all(k in values for k, _ in terms):
                    continue
                for k, sign in terms:
                    row = values[k][0]
                    if row is None:
                        continue
                    if any(v != v for o, _ in terms if o != k for v in values[o][1]):
                        continue  # another cell may be unreadable: the sum says nothing about this one
                    others = _signed_sums([(values[o][1], s) for o, s in terms if o != k])
                    if others is None:
                        continue
                    slot = next(i for i, c in enumerate(row.spec.cells) if (c.code, c.applicant_type) == k)
                    # a placement putting an unreadable cell here cannot be checked: it stays
                    kept = [o for o in row.options if o[slot].value != o[slot].value
                            or any(abs(sign * o[slot].value + x) < 1e-6 for x in others)]
                    if not kept:
                        return False
                    if len(kept) < len(row.options):
                        row.options = kept
                        changed = True
    return True


def _signed_sums(parts: list[tuple[set[float], int]]) -> set[float] | None:
    sums = {0.0}
    for vals, sign in parts:
        sums = {s + sign * v for s in sums for v in vals}
        if len(sums) > _MAX_SUMS:
            return None
    return sums


def _enumerate(rows: list[AlignedRow], tpl: Template) -> bool:
    """Exact check of the remaining combinations when there are few; False if none holds.

    Bounded on purpose: past ``_MAX_COMBINATIONS`` the propagated placements stand (sound,
    possibly leaving out a cell an exhaustive search could place)."""
    ambiguous = [r for r in rows if r.options]
    size = 1
    for r in ambiguous:
        size *= len(r.options)
    if not ambiguous:
        return True
    if size > _MAX_COMBINATIONS:
        return _supported_by_sums(rows, tpl)
    known = {(s.code, s.applicant_type): c.value for r in rows if not r.options
             for s, c in zip(r.spec.cells, r.cells) if c is not None}
    survivors = []
    for combo in product(*(r.options for r in ambiguous)):
        cells = dict(known)
        for r, option in zip(ambiguous, combo):
            cells.update(((s.code, s.applicant_type), c.value) for s, c in zip(r.spec.cells, option))
        if _identities_hold(cells, tpl):
            survivors.append(combo)
    if not survivors:
        return False
    for i, r in enumerate(ambiguous):
        r.options = [combo[i] for combo in survivors]
    return True


_MAX_WORK = 30_000  # partial sums × placements followed, forward (the backward pass costs the same)


def _supported_by_sums(rows: list[AlignedRow], tpl: Template) -> bool:
    """Exact, without trying every combination: keep each ambiguous row's placements that
    some choice in all the other rows completes so that every identity holds, column by
    column.  The identities are linear, so a row's placement only adds its signed cells to
    each (identity, column) sum: a forward pass collects the reachable partial sums row by
    row, a backward pass keeps those that can still end at zero, and a placement survives
    when it links the two.

    Only the sums still open are followed: an (identity, column) sum enters with the first
    of its rows and leaves with its last, where it must be zero (partial sums that are not
    are dropped there), and the rows are taken in the order that keeps the fewest sums open
    (``_closing_order``: 一, 二, （七）总计 close the balance before the result rows open
    the results' sums).  Followed all at once in the document's order, every sum stayed
    open to the last row, the partial sums multiplied, and past the bound the identities
    placed nothing they fix (issue 9: a 2019 report, blanks dropped, 33,126 steps).  Past
    ``_MAX_WORK`` steps the placements stand as they are (sound: nothing removed).  False
    when no combination holds (the caller then keeps what it had: the source's arithmetic
    is off)."""
    values = _possible_values(rows)
    constraints: list[list[tuple[tuple[str, str | None], int]]] = []
    for ident in tpl.identities:
        for at in APPLICANT_TYPES:
            terms = [((c, at), 1) for c in ident.left] + [((c, at), -1) for c in ident.right]
            if all(k in values for k, _ in terms) and not any(v != v for k, _ in terms for v in values[k][1]):
                constraints.append(terms)
    if not constraints:
        return True
    base = [0.0] * len(constraints)
    members: list[set[int]] = [set() for _ in constraints]
    involved: dict[int, AlignedRow] = {}
    for j, terms in enumerate(constraints):
        for k, sign in terms:
            row, vals = values[k]
            if row is None:
                base[j] += sign * next(iter(vals))
            else:
                involved[id(row)] = row
                members[j].add(id(row))
    if any(not m and round(b, 6) != 0 for m, b in zip(members, base)):
        return False  # an identity of placed cells alone fails
    order = _closing_order([r for r in rows if id(r) in involved], members)
    steps = _sum_steps(order, constraints, members, base)
    contribs = [[s.contribution(o) for o in r.options] for r, s in zip(order, steps)]
    forward: list[set[tuple[float, ...]]] = [{()}]
    work = 0
    for step, cs in zip(steps, contribs):
        distinct = set(cs)
        work += len(forward[-1]) * len(distinct)
        if work > _MAX_WORK:
            return True  # too many partial sums to follow in time: nothing removed
        forward.append({t for s in forward[-1] for c in distinct if (t := step.add(s, c)) is not None})
    back = forward[-1]  # {()} when some combination holds, else empty
    if not back:
        return False
    kept: list[set[int]] = [set() for _ in order]
    for i in range(len(order) - 1, -1, -1):
        step, cs, here = steps[i], contribs[i], set()
        for s in forward[i]:
            links = {c for c in set(cs) if step.add(s, c) in back}
            if links:
                here.add(s)
                kept[i].update(n for n, c in enumerate(cs) if c in links)
        back = here
    for r, ns in zip(order, kept):
        r.options = [r.options[n] for n in sorted(ns)]
    return True


def _closing_order(rows: list[AlignedRow], members: list[set[int]]) -> list[AlignedRow]:
    """The rows in the order that keeps the fewest (identity, column) sums open at a time:
    each step takes the row after which the fewest sums have some of their rows in and some
    still out (ties: the document's order).  Any order gives the same answer; this one
    keeps the partial sums few."""
    done: set[int] = set()
    left = list(rows)
    out: list[AlignedRow] = []
    while left:
        def still_open(r: AlignedRow) -> int:
            seen = done | {id(r)}
            return sum(1 for m in members if m & seen and not m <= seen)
        best = min(left, key=still_open)  # min keeps the first of equals: the document's order
        left.remove(best)
        done.add(id(best))
        out.append(best)
    return out


@dataclass
class _SumStep:
    """One row's step in ``_supported_by_sums``: which sums are open before it and after it,
    which it opens (starting from the placed cells' part, ``base``) and which it closes."""

    before: tuple[int, ...]
    after: tuple[int, ...]
    opens: dict[int, float]
    closes: tuple[int, ...]
    terms: list[tuple[int, int, int]]  # (sum, the row's slot, sign)

    def contribution(self, option: list[PlacedCell]) -> tuple[tuple[int, float], ...]:
        acc: dict[int, float] = {}
        for j, slot, sign in self.terms:
            acc[j] = acc.get(j, 0.0) + sign * option[slot].value
        return tuple(sorted((j, round(v, 6)) for j, v in acc.items()))

    def add(self, state: tuple[float, ...], contribution: tuple[tuple[int, float], ...]) -> tuple[float, ...] | None:
        """The open sums after this row's placement; None where a sum it closes is not zero."""
        acc = dict(zip(self.before, state))
        acc.update(self.opens)
        for j, v in contribution:
            acc[j] = round(acc[j] + v, 6)
        if any(acc[j] != 0 for j in self.closes):
            return None
        return tuple(acc[j] for j in self.after)


def _sum_steps(order: list[AlignedRow], constraints: list[list[tuple[tuple[str, str | None], int]]],
               members: list[set[int]], base: list[float]) -> list[_SumStep]:
    first = {j: next(i for i, r in enumerate(order) if id(r) in m) for j, m in enumerate(members) if m}
    last = {j: max(i for i, r in enumerate(order) if id(r) in m) for j, m in enumerate(members) if m}
    steps = []
    for i, r in enumerate(order):
        slot = {(c.code, c.applicant_type): n for n, c in enumerate(r.spec.cells)}
        steps.append(_SumStep(
            before=tuple(j for j in sorted(first) if first[j] < i <= last[j]),
            after=tuple(j for j in sorted(first) if first[j] <= i < last[j]),
            opens={j: round(base[j], 6) for j in first if first[j] == i},
            closes=tuple(j for j in last if last[j] == i),
            terms=[(j, slot[k], sign) for j, terms in enumerate(constraints) if id(r) in members[j]
                   for k, sign in terms if k in slot]))
    return steps


def _identities_hold(cells: dict[tuple[str, str | None], float], tpl: Template) -> bool:
    for ident in tpl.identities:
        for at in APPLICANT_TYPES:
            left = [(c, at) for c in ident.left]
            right = [(c, at) for c in ident.right]
            if all(k in cells for k in left + right):
                if any(cells[k] != cells[k] for k in left + right):
                    continue  # an unreadable cell: this sum cannot be checked
                if abs(sum(cells[k] for k in left) - sum(cells[k] for k in right)) > 1e-6:
                    return False
    return True


def _cell_name(spec: RowSpec, slot: int) -> str:
    c = spec.cells[slot]
    return f"{c.code}[{c.applicant_type}]" if c.applicant_type else c.code
