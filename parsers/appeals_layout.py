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
break in the same order), every outcome at most once, and a row
must print exactly three cells (numbers or known blanks); other rows are left out and said.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, TypeVar

from .grid_columns import header_keys
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
    _cells: list[Token] = field(default_factory=list)
    _seen: set[int] = field(default_factory=set)

    def group(self, text: str, values: list[Token]) -> None:
        self.groups.append((text, len(self.cells(values))))

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
                make_cell: Callable[[Token], C]) -> tuple[list[C | None], str | None]:
    """The 15 cells of a turned table 四 (None where not certain) and a sentence for the rest."""
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
    unread: list[str] = []
    for outcome, toks in rows:
        if len(toks) != len(groups) or any(t.kind not in (VALUE, BLANK) for t in toks):
            unread.append(f"{outcome} ({' '.join(t.text or '∅' for t in toks) or 'nothing printed'})")
            continue
        for group, tok in zip(groups, toks):
            k = where.get(f"appeals.{group}.{outcome}")
            if k is not None:
                cells[k] = make_cell(tok)
    note = None
    if unread:
        note = ("table 四 is printed with the outcomes as rows; the rows " + "; ".join(unread)
                + f" do not print one cell per group ({len(groups)}) and were left out")
    return cells, note


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
