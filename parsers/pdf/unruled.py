"""Tables drawn without (enough) rulings: no lines, three-line tables, rules between rows
only, or only the outer frame.  They are recovered from the text's own geometry.

A table is a run of lines around lines that end in value cells (numbers standing after a
wide gap, see :mod:`.pieces`): neighbouring lines join while they are close, set in the
table's font size and not prose (one text wider than half the table).  A line with text
over the value columns but no numbers is a header line; header lines after rows start a
new band (the sub-tables of table 二), and each band gets its own columns
(:mod:`.unruled_columns`) and rows (:mod:`.unruled_rows`).  Blank cells stay blank because
every number is placed by its x position, not by its order.
"""
from __future__ import annotations

from .lines import Line
from .params import GEOMETRY, UNRULED
from .pieces import PLine, to_pline
from .tables import PageTable
from .unruled_columns import Columns, build_columns
from .unruled_rows import HRule, build_band

NUM, HEAD, LABEL = "num", "head", "label"


def find_unruled_tables(lines: list[Line], page: int, rules: list[HRule] | None = None,
                        hint: Columns | None = None) -> tuple[list[PageTable], list[Line]]:
    """Split ``lines`` into tables found by alignment and the remaining text lines.

    ``hint`` holds the columns of a table the previous page ended with: a table opening
    this page is read with them (a column may be blank in every row of the continuation).
    """
    pl = [to_pline(ln) for ln in lines]
    used = [False] * len(pl)
    tables: list[PageTable] = []
    i = floor = 0
    while i < len(pl):
        if not pl[i].numbered:
            i += 1
            continue
        start, end = _grow(pl, i, floor)
        for table, members in _read_region(pl[start:end], page, rules or [], hint if start == 0 else None,
                                           end == len(pl)):
            tables.append(table)
            for k in members:
                used[start + k] = True
        i = floor = end
    return tables, [ln for ln, u in zip(lines, used) if not u]


def _grow(pl: list[PLine], i: int, floor: int) -> tuple[int, int]:
    """The run of lines around numbered line ``i`` that belong to its table."""
    seed = pl[i]
    size = seed.size
    lo = min(p.x0 for p in seed.pieces)
    first_value = seed.values[0].x0
    end = i + 1
    while end < len(pl) and _joins(pl[end - 1], pl[end], size, lo, first_value):
        if pl[end].numbered:
            lo = min(lo, pl[end].pieces[0].x0)
            first_value = min(first_value, pl[end].values[0].x0)
        end += 1
    start = i
    while start - 1 >= floor and _joins(pl[start], pl[start - 1], size, lo, first_value, upwards=True):
        start -= 1
    return start, end


def _joins(near: PLine, cand: PLine, size: float, lo: float, first_value: float, upwards: bool = False) -> bool:
    """``cand`` (next to ``near``) belongs to the table: close, in the table's size, and not
    prose, i.e. not one text that starts at the table's left edge and runs into the value
    columns (labels stop before them; headings over the columns stand inside the table)."""
    gap = near.top - cand.bottom if upwards else cand.top - near.bottom
    if gap > UNRULED.max_line_gap_em * size or not cand.pieces:
        return False
    if cand.numbered:
        return True
    if abs(cand.size - size) > UNRULED.size_tol * size:
        return False
    if len(cand.pieces) != 1:
        return True
    p = cand.pieces[0]
    return not (p.x0 <= lo + UNRULED.start_tol and p.x1 > first_value)


def _read_region(lines: list[PLine], page: int, rules: list[HRule], hint: Columns | None,
                 ends_page: bool) -> list[tuple[PageTable, list[int]]]:
    """The bands of one run of table lines.  A header with no rows under it is kept only
    at the foot of the page: its rows are on the next page and need its columns."""
    label_right = max((p.x1 for ln in lines if ln.values for p in ln.labels), default=float("-inf"))
    # a label never reaches the leftmost number nor starts right of where every numbered
    # row's label ended; header texts over the value columns do one or the other
    # (a spanning heading centred over the table starts where no row label does)
    first_value = min(ln.values[0].x0 for ln in lines if ln.values)
    starts = [p.x0 for ln in lines if ln.values for p in ln.labels] + \
        [p.x0 for ln in lines for p in ln.labels[1:]] + (hint.starts if hint is not None else [])
    kinds = [NUM if ln.values else HEAD if any(p.x1 > first_value or p.x0 > label_right for p in ln.pieces)
             or not any(abs(ln.pieces[0].x0 - x) <= UNRULED.start_tol for x in starts) else LABEL
             for ln in lines]
    _header_tails(lines, kinds)
    # every row label ends left of the value columns, all-blank rows' labels included
    label_right = max([label_right] + [p.x1 for ln, kind in zip(lines, kinds) if kind == LABEL for p in ln.pieces])
    out: list[tuple[PageTable, list[int]]] = []
    bands = _bands(kinds)
    for band in bands:
        first_num = next((k for k in band if kinds[k] == NUM), band[-1] + 1)
        heads = [k for k in band if k < first_num and kinds[k] == HEAD]
        last = band is bands[-1] and ends_page
        if first_num > band[-1] and (not heads or (heads[-1] == band[-1] and not last)):
            continue  # neither numbers nor rows under a header
        cut = heads[-1] + 1 if heads else band[0]
        head = [lines[k] for k in band if k < cut]
        body = [lines[k] for k in band if k >= cut]
        carried = hint if band[0] == 0 else None
        if not heads and carried is None and \
                sum(1 for ln in body if len(ln.values) >= UNRULED.min_values) < UNRULED.min_rows:
            continue
        cols = build_columns(head, body, label_right, carried)
        if cols is None:
            continue
        out.append((build_band(head, body, cols, rules, page), list(band)))
    return out


def _header_tails(lines: list[PLine], kinds: list[str]) -> None:
    """A label line that wraps a header's label text (the long 勾稽关系 note) is header too,
    so it cannot split the header into bands: same left edge, no wider, a wrapped line's
    distance below."""
    tol = UNRULED.start_tol
    for k in range(1, len(lines)):
        if kinds[k] != LABEL or kinds[k - 1] != HEAD:
            continue
        p = lines[k].pieces[0]
        j = k - 1
        while j >= 0 and kinds[j] == HEAD:
            q = next((q for q in lines[j].pieces if abs(q.x0 - p.x0) <= tol), None)
            if q is not None:
                if p.x1 - p.x0 <= q.x1 - q.x0 + tol and p.base - q.base < 1.4 * lines[k].size:
                    kinds[k] = HEAD
                break
            j -= 1


def _bands(kinds: list[str]) -> list[list[int]]:
    """Line indices of each band: a header line after rows starts the next band."""
    bands: list[list[int]] = [[]]
    for k, kind in enumerate(kinds):
        if kind == HEAD and k > 0 and kinds[k - 1] != HEAD and any(kinds[j] != LABEL for j in bands[-1]):
            bands.append([])
        bands[-1].append(k)
    return [b for b in bands if b]


def horizontal_rules(segments: list) -> list[HRule]:
    """Horizontal rulings of the page as (y, x0, x1): row separators of part-ruled tables."""
    return [(s.y0, s.x0, s.x1) for s in segments
            if s.y1 - s.y0 < 0.5 and s.x1 - s.x0 > GEOMETRY.min_ruling]


__all__ = ["find_unruled_tables", "horizontal_rules", "Columns"]
