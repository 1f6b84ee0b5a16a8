"""Align a token stream to a template: which values belong to which row and column.

The template says which labels come in which order and how many value cells each row
has.  Labels are matched (wrapped fragments joined), the values after a row label belong to
that row, and a row with fewer values than cells (blanks dropped by the flattening) is
placed using what is known: surviving blank markers and the report's own sums (six applicant
columns add up to 总计; 维持+纠正+其他+尚未审结 = 总计).  A cell whose value differs between
the placements that remain possible is left out and reported, never guessed.

This module is the aligner itself (``_Aligner``: reading the stream into hits, then each
table's groups aligned with its rows) and its entry points (``align``, ``detect_template``).
What it asks lives beside it, each in a module of its own: the hit record (``hits``), label
segmentation (``label_segments``), the sequence alignment and its bare-label rules
(``sequence``), splitting overfull rows (``row_splitting``), the doubts of flattened text
(``row_doubts``) and bare rows (``bare_rows``), table 四's header padding (``appeals_padding``),
the columns of laid-out text (``column_centres``), one row's placement (``cell_placement``),
the identities across rows (``identity_search``) and the output types (``aligned_rows``).
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .aligned_rows import AlignedRow, Alignment
from .appeals_layout import read_turned
from .appeals_padding import _appeals_values, _drop_header_padding, _padding
from .bare_rows import _bare_row
from .blocks import blocks_note, cells_as_blocks
from .cell_placement import _cell, _fits, _grid_cell, _placed_as, place
from .column_centres import _column_positions, _header_columns, _table_key
from .grid_columns import GridIndex, find_row, grid_shapes, place_grid_row, shape_key
from .hits import _Hit
from .identity_search import resolve_with_identities
from .label_segments import (_PROSE_HAN, _Segment, _by_label_columns, _cell_text, _leading_strays,
                             _rejoin_wrapped_heads, segment_labels)
from .layout_bounds import layout_slots
from .layout_columns import HeaderBand, header_centres
from .layout_measure import CHARS
from .normalize import han_count, normalize_label, strip_numbering
from .numbers import UNREADABLE
from .placement import GRID, POSITION, SEQUENCE
from .row_doubts import _doubt_in_text, _set_aside_numbers_may_be_its_own, _shown
from .row_splitting import _lines_hold_rows, _split_overfull
from .sequence import (APPEALS, Group, HitOrder, align_groups, all_below_label, bare_on_its_one_line,
                       bare_rows_proven, closed_by_page_header, closes_a_bare_row, header_close_confirmed,
                       header_line, keeps_a_bare_row_open, lone_number, names_the_next_table,
                       page_header_ended_table, score_groups)
from .templates import TEMPLATE_NAMES, RowSpec, Template, labels, template
from .tokens import HEADING, LABEL, VALUE, Token
from .settled_order import settled_by_labels
from .vocab import vocabulary
from .wrapped_numbering import rejoin_wrapped_numberings

# Re-exported: other code and the tests import these from here (their homes are the modules named).
from .aligned_rows import PlacedCell, Remark  # noqa: F401
from .identity_search import _identities_hold, _settled_note, _supported_by_sums  # noqa: F401

_HOME_SECTION = {"active": 2, "requests": 3, "appeals": 4}


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
        for tok in rejoin_wrapped_numberings(_rejoin_wrapped_heads(tokens, self.vocab), self.vocab):
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
            if settled_by_labels(mine, rows, below):  # the one best alignment, known (parsers/settled_order.py)
                for h in mine:
                    why = self._doubt(h, specs[h.row_id], order, proven)
                    notes.extend([why] if why else [])
                    chosen.extend([] if why else [(specs[h.row_id], h, "label")])
                continue
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
                if h.row_id and _set_aside_numbers_may_be_its_own(mine, k, groups, below[k], after_loose,
                                                                  specs.get(h.row_id)):
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
        if why is None or _read_by_its_headers(h, spec) or self._in_its_grid_cells(h, spec):
            return None
        return why

    def _in_its_grid_cells(self, h: _Hit, spec: RowSpec) -> bool:
        """The row is a real grid's: every value stays in the cell it was printed in."""
        return find_row(self.grids, h.label_token, h.values, spec) is not None


def _read_by_its_headers(h: _Hit, spec: RowSpec) -> bool:
    """Table 四 printed turned (its outcomes as rows): read by its headers, not as flattened
    text (parsers/appeals_layout.py)."""
    return spec.id == APPEALS and h.appeals_marks.turned


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


def _previous_label(hits: list[_Hit], i: int) -> str:
    prev = next((h for h in reversed(hits[:i]) if h.row_id), None)
    return f" after row {prev.row_id}" if prev is not None else ""


def align(tokens: list[Token], template_name: str, measure: str = CHARS) -> Alignment:
    """``tokens`` read against the template; ``measure``: the one the tokens' laid-out
    positions were counted by (``tokens.tokenize_document``)."""
    aligner = _Aligner(template(template_name), measure)
    aligner.grids = GridIndex(tokens)
    aligner.feed(tokens)
    return aligner.result()
