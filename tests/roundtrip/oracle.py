"""Independent readers for the round-trip tests (no parser code is imported here).

* ``decode_table``: a tiny reader for one table rendered in a lossless style, given the
  table's structure (cells per row); proves the flatteners keep every cell recoverable.
* ``placements``: for styles that drop blank cells without trace (h, i), which cells are
  still determined by what is visible.  A row shows its non-blank cells in order; every
  way of putting them back into the row's positions (the rest blank = 0) is a candidate,
  kept if it satisfies the row identities (six applicant columns sum to 总计; appeals
  维持+纠正+其他+尚未审结 = 总计).  ``level="global"`` further keeps only combinations of
  requests-row candidates that satisfy the column identities
  (一+二 = （七）总计+四 and （七）总计 = sum of the result rows) in every column.
  A cell is *determined* when it has one value in every surviving combination.
  The last row of a table with no visible cell is not determined: with blanks dropped it
  reads like a row cut off after its label.
"""
from __future__ import annotations

import itertools
import re
from typing import Any

from .reportgen import APPLICANTS, Cell, Report, Table, request_rows
from .spoil import is_unreadable

AMBIGUOUS = object()
UNKNOWN = float("nan")  # a printed cell whose count cannot be read: any number may stand there


def _known(*values: float) -> bool:
    return all(v == v for v in values)


# ---------------------------------------------------------------------------- numbers
_FW = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


def read_number(text: str) -> float:
    """The value a printed cell stands for (blank/dash/slash/无 = 0); NaN for a cell printed
    so that nobody can read its count (tests/roundtrip/spoil.py)."""
    if is_unreadable(text):
        return UNKNOWN
    t = text.translate(_FW).strip().replace(",", "").replace(" ", "")
    t = re.sub(r"(万元|元)$", "", t)
    if t in ("", "-", "—", "/", "无"):
        return 0
    return float(t)


# ---------------------------------------------------------------------------- lossless decoders
def decode_table(style: str, text: str, table: Table, *, trailing_tabs: int = 0,
                 leading_covered: bool = False, blank_ws: str = " ") -> list[list[str]]:
    """Origin-cell texts per row of ``table`` rendered (unperturbed) in ``style``."""
    counts = [len(r) for r in table.rows]
    kinds = table.covered_kind()
    rows: list[list[str]] = []
    if style == "a":
        for r, line in enumerate(text.split("\n")):
            fields = line.split("\t")
            if trailing_tabs:
                fields = fields[:-trailing_tabs]
            rows.append([fields[c] for c in range(table.ncols) if kinds[r][c] == "origin"])
        return rows
    if style in "bc":
        for r, line in enumerate(text.split("\n")):
            if style == "c":
                line = line[1:]
            parts = [p.strip() for p in line.split("|")]
            if style == "b" and leading_covered:
                lead = 0
                while lead < table.ncols and kinds[r][lead] == "row":
                    lead += 1
                parts = parts[lead:]
            cells = parts[: counts[r]]
            rows.append(cells + [""] * (counts[r] - len(cells)))
        return rows
    if style == "d":
        lines = text.split("\n")
        i = 0
        for r, n in enumerate(counts):
            rows.append([ln[:-1].strip() for ln in lines[i:i + n]])
            i += n + (1 if table.ncols > n else 0)
        return rows
    if style == "e":
        lines = text.split("\n")
        assert lines[1::2] == ["|"] * (len(lines) // 2)
        cells = lines[0::2]
    elif style == "f":
        cells = [m.group(1) or "" for m in re.finditer(r"([^\n]+)\n\n|\n", text)]
    elif style == "g":
        cells = ["" if p == blank_ws else p for p in text.split("\n\n")]
    else:
        raise ValueError(f"style {style} is not lossless")
    i = 0
    for n in counts:
        rows.append(cells[i:i + n])
        i += n
    assert i == len(cells), (i, len(cells))
    return rows


# ---------------------------------------------------------------------------- dropped blanks
def _row_ok(section: str, vals: tuple) -> bool:
    """The row's sums hold; a sum with an unknown cell holds whatever the others are."""
    if section == "requests":
        return not _known(*vals) or vals[6] == sum(vals[:6])
    if section == "appeals":
        return all(not _known(*vals[g * 5:g * 5 + 5]) or sum(vals[g * 5:g * 5 + 4]) == vals[g * 5 + 4]
                   for g in range(3))
    return True


def row_candidates(section: str, cells: list[Cell]) -> set[tuple]:
    """All value tuples a reader could place for a row whose blank cells were dropped."""
    visible = [c for c in cells if c.text.strip()]
    shown = [read_number(c.text) for c in visible]
    n = len(cells)
    out = set()
    for pos in itertools.combinations(range(n), len(shown)):
        vals = [0] * n
        for p, v in zip(pos, shown):
            vals[p] = v
        t = tuple(vals)
        if _row_ok(section, t):
            out.add(t)
    return out


def determined_cells(rep: Report, level: str = "global", cap: int = 200_000) -> dict[tuple, Any]:
    """{(code, applicant_type or None): value or AMBIGUOUS} for a report whose blanks are dropped."""
    out: dict[tuple, Any] = {}
    req_rows: list[tuple[list[Cell], list[tuple]]] = []
    maybe_cut: list[Cell] = []
    for sec in ("active", "requests", "appeals"):
        value_rows = [[c for c in row if c.role == "value"] for row in rep.tables[sec].rows]
        value_rows = [r for r in value_rows if r]
        for k, cells in enumerate(value_rows):
            cands = sorted(row_candidates(sec, cells))
            if k == len(value_rows) - 1 and not any(c.text.strip() for c in cells):
                # the last row of its table with no visible cell: nothing after its label but
                # the next section, as in a document cut right after that label
                maybe_cut.extend(cells)
            if sec == "requests":
                req_rows.append((cells, cands))
            _collect(out, cells, cands)
    if level == "global":
        _global_requests(rep, req_rows, out, cap)
    for c in maybe_cut:
        out[_key(c)] = AMBIGUOUS
    return out


def _key(c: Cell) -> tuple:
    return (c.code, c.applicant)


def _collect(out: dict, cells: list[Cell], cands: list[tuple]) -> None:
    for i, c in enumerate(cells):
        vals = {t[i] for t in cands}
        out[_key(c)] = vals.pop() if len(vals) == 1 else AMBIGUOUS


def _global_requests(rep: Report, req_rows: list, out: dict, cap: int) -> None:
    codes = [cells[0].code for cells, _ in req_rows]
    layout = request_rows(rep.template)
    results = [c for c, p in layout if p[0].startswith("三、") and c != "requests.total"]
    idx = {c: i for i, c in enumerate(codes)}
    multi = [i for i, (_, cands) in enumerate(req_rows) if len(cands) > 1]
    size = 1
    for i in multi:
        size *= len(req_rows[i][1])
    if not multi or size > cap:
        return  # nothing to combine, or too many: row-level answers stand
    fixed = [cands[0] if cands else None for _, cands in req_rows]
    seen: list[set] = [set() for _ in req_rows]
    for combo in itertools.product(*(req_rows[i][1] for i in multi)):
        rows = list(fixed)
        for i, t in zip(multi, combo):
            rows[i] = t
        ok = True
        for j in range(7):
            if not _known(*(r[j] for r in rows if r is not None)):
                continue  # an unknown cell in this column: its identities say nothing
            tot = rows[idx["requests.total"]][j]
            if tot != sum(rows[idx[c]][j] for c in results):
                ok = False
                break
            if rows[idx["requests.new"]][j] + rows[idx["requests.carried_over"]][j] != \
                    tot + rows[idx["requests.carried_forward"]][j]:
                ok = False
                break
        if ok:
            for i in multi:
                seen[i].add(rows[i])
    for i in multi:
        cells = req_rows[i][0]
        _collect(out, cells, sorted(seen[i]))


def expected_after_drop(rep: Report) -> dict[tuple, Any]:
    """Ground truth keyed like facts: {(code, applicant or None): value}."""
    return rep.expected_cells()


__all__ = ["AMBIGUOUS", "decode_table", "determined_cells", "read_number", "row_candidates", "APPLICANTS"]
