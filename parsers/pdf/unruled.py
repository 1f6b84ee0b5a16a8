"""Tables drawn without rulings, recovered from the alignment of their number columns.

Some exporters draw no borders (or draw them as images).  There, a table shows up as a run
of consecutive lines that each end in several numbers at the same x positions.  Such a
run becomes a table whose value columns are the clusters of those numbers' x-centres;
lines in the run without numbers are wrapped label fragments: one that starts with a
row number (1. （三） 四、) waits for the numbers below it, any other continues the row
above (Word aligns cell text to the top).  Blank cells stay blank because each
number is placed by its x position, not by its order.
"""
from __future__ import annotations

from .backend import Char
from .lines import Line, join_chars, join_lines, split_wide_gaps
from .params import ROW_START, UNRULED
from .tables import CellRef, PageTable, Slot, is_value


def find_unruled_tables(lines: list[Line], page: int) -> tuple[list[PageTable], list[Line]]:
    """Split ``lines`` into tables found by number alignment and the remaining text lines."""
    chunked = [split_wide_gaps(ln) for ln in lines]
    numbered = [_value_chunks(parts) for parts in chunked]
    tables: list[PageTable] = []
    rest: list[Line] = []
    i = 0
    while i < len(lines):
        if len(numbered[i]) < UNRULED.min_values:
            rest.append(lines[i])
            i += 1
            continue
        j = i
        run: list[int] = []
        while j < len(lines):
            if len(numbered[j]) >= UNRULED.min_values:
                run.append(j)
                j += 1
            elif j + 1 < len(lines) and _is_label_only(chunked[j]) and \
                    _gap_ok(lines[j - 1], lines[j]) and j - run[-1] <= UNRULED.max_wrap_lines:
                j += 1
            else:
                break
        last = run[-1]
        if len(run) < UNRULED.min_rows:
            rest.extend(lines[i:last + 1])
            i = last + 1
            continue
        # the first row's label may start on lines above its numbers (vertically centred)
        start = i
        if not ROW_START.match(_label_text(chunked[i], numbered[i])):
            k = i
            while k > 0 and i - k < UNRULED.max_wrap_lines and rest and rest[-1] is lines[k - 1] \
                    and _is_label_only(chunked[k - 1]) and _gap_ok(lines[k - 1], lines[k]):
                k -= 1
                if ROW_START.match(lines[k].text()):
                    start = k
                    break
            for _ in range(i - start):
                rest.pop()
        tables.append(_build(lines[start:last + 1], chunked[start:last + 1], numbered[start:last + 1], page))
        i = last + 1
    return tables, rest


def _value_chunks(parts: list[Line]) -> list[Line]:
    """Trailing chunks of a line that read as numbers (or blank markers)."""
    out: list[Line] = []
    for p in reversed(parts):
        if is_value(join_chars(p.chars)):
            out.append(p)
        else:
            break
    return out[::-1]


def _is_label_only(parts: list[Line]) -> bool:
    return not any(is_value(join_chars(p.chars)) for p in parts)


def _gap_ok(a: Line, b: Line) -> bool:
    size = max(c.size for c in a.chars + b.chars)
    return b.top - a.bottom <= UNRULED.max_line_gap_em * size


def _build(lines: list[Line], chunked: list[list[Line]], numbered: list[list[Line]], page: int) -> PageTable:
    centres: list[float] = []
    for vals in numbered:
        centres.extend((v.x0 + v.x1) / 2 for v in vals)
    cols = _cluster(sorted(centres), UNRULED.column_tol)
    ncol = len(cols)
    # boundaries: label column 0 spans up to halfway before the first value column
    xs = [min(ln.x0 for ln in lines)]
    xs.append((min(ln.x0 for vals in numbered for ln in vals) + cols[0]) / 2 if cols else xs[0] + 1)
    for a, b in zip(cols, cols[1:]):
        xs.append((a + b) / 2)
    xs.append(max(ln.x1 for ln in lines))
    table = PageTable(page, xs, lines[0].top, lines[-1].bottom)
    pending: list[str] = []          # label lines waiting for their numbers
    current: CellRef | None = None   # label of the last row that got numbers
    for parts, vals in zip(chunked, numbered):
        label = _label_text(parts, vals)
        if not vals:
            if pending:
                pending.append(label)
            elif ROW_START.match(label) or current is None:
                pending = [label]
            else:  # wrapped tail of the row above (top-aligned cells)
                current.text = join_lines([current.text, label])
            continue
        current = CellRef(join_lines(pending + [label]), page)
        pending = []
        row = [Slot(0, 0, current, True)]
        cells = [""] * ncol
        for v in vals:
            cx = (v.x0 + v.x1) / 2
            k = min(range(ncol), key=lambda k: abs(cols[k] - cx))
            cells[k] = (cells[k] + " " + join_chars(v.chars)).strip()
        row.extend(Slot(k + 1, k + 1, CellRef(t, page), True) for k, t in enumerate(cells))
        table.rows.append(row)
    if pending:
        table.rows.append([Slot(0, 0, CellRef(join_lines(pending), page), True)])
    return table


def _label_text(parts: list[Line], vals: list[Line]) -> str:
    label_parts = parts[:len(parts) - len(vals)] if vals else parts
    return "".join(join_chars(p.chars) for p in label_parts).strip()


def _cluster(values: list[float], tol: float) -> list[float]:
    groups: list[list[float]] = []
    for v in values:
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


__all__ = ["find_unruled_tables", "Char"]
