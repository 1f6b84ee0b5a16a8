"""One row's printed values put into its cells (``place``): a full row as printed (or shifted
so its sums hold), fewer values than cells by the columns where positions fix them, else
every order-preserving placement its sums keep (the cells they agree on are placed, the
rest left out with the placements still open), more values than cells by the one run that
adds up; glued digits; and the page-number rule for a number alone on a line after a row.

It knows a row's tokens and its ``RowSpec`` only: which row the values are is the aligner's
and the sequence's question (``alignment``, ``sequence``), settling open cells across rows
the identities' (``identity_search``).  ``_fits`` (whether values can stand in a row at all)
lives here because it is the same arithmetic.
"""
from __future__ import annotations

from itertools import combinations, islice

from .aligned_rows import PlacedCell, Remark
from .label_columns import shares_a_line
from .placement import POSITION, SUMS
from .templates import RowSpec
from .tokens import BLANK, VALUE, Token


_MAX_PLACEMENTS = 20000


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


Placement = tuple[list[PlacedCell | None], str | None, list[list[PlacedCell]] | None]


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


def _cell_name(spec: RowSpec, slot: int) -> str:
    c = spec.cells[slot]
    return f"{c.code}[{c.applicant_type}]" if c.applicant_type else c.code
