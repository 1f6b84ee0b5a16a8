"""Table 四 printed the other way round: outcomes as rows, the three groups as columns.

The official form prints 四 as one row of 15 numbers under a three-level header (group,
then 结果维持 … 总计 per group).  Some agencies turn it: a header row 行政复议 /
未经复议直接起诉 / 复议后起诉, then one row per outcome (结果维持 1 0 0, …, 总计 1 0 0).
Read in stream order as the official layout, such a table puts every number under the wrong
group and outcome, and nothing looks wrong.  The tell is in the order of the printed words:
in the official layout every outcome header comes before the first number; in the turned
one numbers follow an outcome header and precede the next one.

A turned table is read by its own structure: each outcome header opens a row whose cells
are the groups in the order their headers were printed.  Only certain readings are kept:
the group headers must name each group once (a header row repeated after a page
break in the same order), every outcome at most once.  A row that prints three cells
(numbers or known blanks) is read as printed.  A row that prints fewer (its blank cells
dropped) keeps every order-preserving placement that the positions allow — in laid-out text
each number can take only the group columns left open by where the group headers and the
numbers of the full rows stand (``parsers/layout_bounds.py``) — and then only the
placements under which every group adds up (结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计,
all rows together); a cell is written when it is the same in every placement left, the
others are left out and said.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence, TypeVar

from .grid_columns import header_keys
from .layout_bounds import column_slots
from .layout_columns import Mark
from .layout_measure import CHARS, display_width
from .placement import SUMS
from .templates import RowSpec
from .tokens import BLANK, VALUE, Token

C = TypeVar("C")

_GROUPS = ("review", "litigation_direct", "litigation_after_review")
_OUTCOMES = ("upheld", "corrected", "other", "pending", "total")


@dataclass
class AppealsMarks:
    """Table 四's headers among its cells: (header text, cells printed before it).

    It keeps its own copy of the cells as they arrive, so blank cells that the aligner drops
    as header padding when the next header comes still close the row they were printed in."""

    groups: list[tuple[str, int]] = field(default_factory=list)
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    # laid-out text: where each group header stood (its fragments' marks), by header text
    group_marks: list[tuple[str, tuple[Mark, ...]]] = field(default_factory=list)
    _cells: list[Token] = field(default_factory=list)
    _seen: set[int] = field(default_factory=set)

    def group(self, text: str, values: list[Token], tokens: Sequence[Token] = ()) -> None:
        self.groups.append((text, len(self.cells(values))))
        placed = tuple(Mark(t.text, t.x - display_width(t.text) / 2, t.x + display_width(t.text) / 2, t.line)
                       for t in tokens if t.x is not None and t.text.strip())
        if placed and len(placed) == len(tokens):
            self.group_marks.append((text, placed))

    def outcome(self, text: str, values: list[Token]) -> None:
        self.outcomes.append((text, len(self.cells(values))))

    def cells(self, values: list[Token]) -> list[Token]:
        """Every cell printed so far, in order, including blanks dropped since as padding."""
        for v in values:
            if id(v) not in self._seen:
                self._seen.add(id(v))
                self._cells.append(v)
        return self._cells

    @property
    def turned(self) -> bool:
        """Each outcome header printed once, with numbers between two of them: the outcomes
        are rows.  The official layout prints every outcome once per group, so a stray
        number (a stub table of "-") between its header rows does not turn it."""
        named = [_outcome_of(text) for text, _ in self.outcomes]
        if len(named) < 2 or None in named or len(set(named)) != len(named):
            return False
        printed = [sum(1 for t in self._cells[:n] if t.kind == VALUE) for _, n in self.outcomes]
        return any(b > a for a, b in zip(printed, printed[1:]))


def read_turned(spec: RowSpec, values: list[Token], marks: AppealsMarks,
                make_cell: Callable[[Token], C], measure: str = CHARS) -> tuple[list[C | None], str | None]:
    """The 15 cells of a turned table 四 (None where not certain) and a sentence for the rest;
    ``measure``: how laid-out text counts its columns (parsers/layout_measure.py)."""
    where = {c.code: k for k, c in enumerate(spec.cells)}
    cells: list[C | None] = [None] * len(spec.cells)
    groups = _group_order(marks)
    if groups is None:
        return cells, ("table 四 is printed with the outcomes as rows, and its column headers do not "
                       "name the three groups (行政复议, 未经复议直接起诉, 复议后起诉) one each; left out")
    rows = _outcome_rows(marks.cells(values), marks)
    if rows is None:
        return cells, ("table 四 is printed with the outcomes as rows, and its row headers do not name "
                       "each outcome once; left out")
    slots = _position_slots(groups, marks, [toks for _, toks in rows], measure)
    unread: list[str] = []
    options: dict[str, list[tuple[Token | None, ...]]] = {}
    for k, (outcome, toks) in enumerate(rows):
        mine = _row_options(toks, len(groups), slots.get(k))
        if not mine:
            unread.append(f"{outcome} ({' '.join(t.text or '∅' for t in toks) or 'nothing printed'})")
        else:
            options[outcome] = mine
    kept = _adding_up(options, len(groups))
    unsure: list[str] = []
    blank = Token(BLANK, "", None, next((t.page for t in values if t.page is not None), None))
    for outcome, toks in rows:
        if outcome not in options:
            continue
        open_ = []
        for j, group in enumerate(groups):
            k = where.get(f"appeals.{group}.{outcome}")
            if k is None:
                continue
            if len({_value(combo[outcome][j]) for combo in kept}) != 1:
                open_.append(f"appeals.{group}.{outcome}")
                continue
            tok = kept[0][outcome][j]
            cell = make_cell(tok if tok is not None else blank)
            if len(options[outcome]) > 1:
                cell = replace(cell, placement=SUMS)  # the groups' sums chose among placements
            cells[k] = cell
        if open_:
            unsure.append(f"{outcome} ({' '.join(t.text or '∅' for t in toks) or 'nothing printed'}), "
                          f"left out {', '.join(open_)}")
    notes = []
    if unread:
        notes.append("table 四 is printed with the outcomes as rows; the rows " + "; ".join(unread)
                     + f" print more cells than the groups ({len(groups)}) or cells that are no number, "
                       "and were left out")
    if unsure:
        notes.append("table 四 is printed with the outcomes as rows; the rows " + "; ".join(unsure)
                     + f" do not print one cell per group ({len(groups)}), and neither where their numbers "
                       "stand nor the groups' sums tell which cells they are")
    return cells, "; ".join(notes) or None



def _value(tok: Token | None) -> float | str:
    if tok is None:
        return 0.0
    if tok.number is None:
        return 0.0
    v = tok.number.value
    return v if v == v else f"unreadable:{tok.text}"


def _row_options(toks: list[Token], n: int, slots: list[list[int]] | None) -> list[tuple[Token | None, ...]]:
    """The ways a row's printed cells can stand in its ``n`` group columns (None: a blank not
    printed), order kept, only where the positions allow."""
    if any(t.kind not in (VALUE, BLANK) for t in toks) or len(toks) > n:
        return []
    out = []
    for pos in itertools.combinations(range(n), len(toks)):
        if slots is not None and not all(p in s for p, s in zip(pos, slots)):
            continue
        row: list[Token | None] = [None] * n
        for p, t in zip(pos, toks):
            row[p] = t
        out.append(tuple(row))
    return out


def _adding_up(options: dict[str, list[tuple[Token | None, ...]]], n: int) -> list[dict[str, tuple]]:
    """Every combination of the rows' placements (at most 3 per row, 3⁵ in all); where all
    five outcome rows are there, only those under which each group's outcomes add up to its
    总计 (all of them if none does: the source's arithmetic is off, and only what every
    placement agrees on is kept)."""
    names = list(options)
    combos = [dict(zip(names, combo)) for combo in itertools.product(*(options[o] for o in names))]
    if set(names) != set(_OUTCOMES):
        return combos
    adding = [c for c in combos if all(_group_adds_up(c, j) for j in range(n))]
    return adding or combos


def _group_adds_up(combo: dict[str, tuple], j: int) -> bool:
    parts = [_value(combo[o][j]) for o in _OUTCOMES[:-1]]
    total = _value(combo["total"][j])
    if any(isinstance(v, str) for v in (*parts, total)):
        return True  # a cell nobody can read leaves the sum unchecked
    return abs(sum(parts) - total) < 1e-6


def _position_slots(groups: tuple[str, ...], marks: AppealsMarks,
                    rows: list[list[Token]], measure: str) -> dict[int, list[list[int]]]:
    """Laid-out text: the group columns each row's numbers may stand in, from where the group
    headers (行政诉讼 over its two) and the numbers of full rows stand; {} without positions."""
    leaves: list[tuple[Mark, ...]] = []
    spans: list[tuple[Mark, list[int]]] = []
    for group in groups:
        mine = [m for text, m in marks.group_marks if f"group:{group}" in header_keys(text)
                and sum(1 for g in _GROUPS if f"group:{g}" in header_keys(text)) == 1]
        if len(mine) != 1:
            return {}
        leaves.append(mine[0])
    for text, ms in marks.group_marks:
        covered = [j for j, g in enumerate(groups) if f"group:{g}" in header_keys(text)]
        if len(covered) > 1 and len(ms) == 1:
            spans.append((ms[0], covered))
    every = [m for _, ms in marks.group_marks for m in ms]
    return column_slots(len(groups), leaves, spans, every, [(toks, ()) for toks in rows], measure) or {}


def _group_order(marks: AppealsMarks) -> tuple[str, ...] | None:
    """The groups in the order their column headers were printed, if each is named once (a
    header row repeated after a page break must repeat the same order)."""
    named: list[str] = []
    for text, _ in marks.groups:
        found = [g for g in _GROUPS if f"group:{g}" in header_keys(text)]
        if len(found) == 1:  # 行政诉讼 stands over both litigation groups: it names neither
            named.append(found[0])
    n = len(_GROUPS)
    order = tuple(named[:n])
    if len(set(order)) != n or len(named) % n or any(tuple(named[k:k + n]) != order for k in range(0, len(named), n)):
        return None
    return order


def _outcome_of(text: str) -> str | None:
    """The one outcome a header names (结果维持 → upheld), else None."""
    found = [o for o in _OUTCOMES if f"column:{o}" in header_keys(text)]
    return found[0] if len(found) == 1 else None


def _outcome_rows(cells: list[Token], marks: AppealsMarks) -> list[tuple[str, list[Token]]] | None:
    """Each outcome header with the cells printed after it, up to the next one; None if the
    headers do not name each outcome once or numbers stand before the first of them."""
    named: list[tuple[str, int]] = []
    for text, before in marks.outcomes:
        outcome = _outcome_of(text)
        if outcome is None:
            return None
        named.append((outcome, before))
    if not named or len({o for o, _ in named}) != len(named) \
            or any(t.kind == VALUE for t in cells[:named[0][1]]):
        return None
    bounds = [before for _, before in named] + [len(cells)]
    return [(outcome, cells[bounds[k]:bounds[k + 1]]) for k, (outcome, _) in enumerate(named)]
