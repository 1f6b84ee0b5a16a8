"""Column positions of laid-out text (``pdftotext -layout``) from where the headers stand.

Laid-out text keeps a row's blank cells as runs of spaces, so a row that prints fewer
numbers than it has cells can still be read: each number stands under its column.  Where
the table prints no full row to learn the columns from (``column_centres._column_positions``),
the columns come from the header cells above the row: each leaf header (one column,
``templates/columns.toml``) marks where its column stands, fragments of a header wrapped
over several lines stack in one column, headers over the row labels mark none and headers
over several columns (``templates/header_spans.toml``) must hold their leaves; sub-table
titles name no column.

Only certain placements count: every cell of the row needs exactly one leaf header, the
leaves must stand left to right in the template's order without overlapping, and every
printed number must stand inside exactly one leaf's extent and nearest to its centre.
Anything else (headers compressed so that they overlap, a number between two columns or
under text that names no column) gives no positions, and the row is left to the other
readings, which leave its cells out and say so.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

from .grid_columns import header_keys, slot_keys
from .layout_measure import CHARS, display_width, width
from .normalize import normalize_label
from .templates import RowSpec
from .tokens import VALUE, Token

_SLACK = 1.0  # characters a number may stand beyond its header's ends
_MIN_GAP = 3.0  # characters between two column centres


@dataclass(frozen=True, slots=True)
class Mark:
    """A header text in laid-out text: its characters' columns ``start`` … ``end``."""

    text: str
    start: float
    end: float
    line: int | None


class HeaderBand:
    """The header cells printed since the table's last row, with where they stand.

    A header entry (a sub-table title, 信息内容, 申请人情况, …) printed after a row opens a
    new band; unrecognized fragments join the band only while it is open (they are the
    wrapped pieces of its headers, not a wrapped row label)."""

    def __init__(self) -> None:
        self._marks: list[Mark] = []
        self._after_row = False

    def see(self, tokens: Iterable[Token], header: bool) -> None:
        """A mark's extent is its display width, the wider of the two measures
        (parsers/layout_measure.py), so two headers that might overlap are taken to overlap."""
        placed = [t for t in tokens if t.x is not None and t.text.strip()]
        if not placed:
            return
        if self._after_row:
            if not header:
                return
            self._marks, self._after_row = [], False
        for t in placed:
            start = t.x - display_width(t.text) / 2
            self._marks.append(Mark(t.text, start, start + display_width(t.text), t.line))

    def row(self) -> tuple[Mark, ...]:
        """The band over a row that starts now."""
        self._after_row = True
        return tuple(self._marks)

    def clear(self) -> None:
        self._marks, self._after_row = [], False


@dataclass(frozen=True, slots=True)
class _Column:
    lo: float
    hi: float
    keys: frozenset[str]

    @property
    def centre(self) -> float:
        return (self.lo + self.hi) / 2


def header_centres(spec: RowSpec, marks: tuple[Mark, ...], values: list[Token]) -> list[float] | None:
    """Column centres for ``spec``'s cells from the header band, or None unless certain."""
    n = len(spec.cells)
    xs = [v.x for v in values]
    if not marks or n < 2 or not values or len(values) >= n \
            or any(v.kind != VALUE or v.x is None for v in values):
        return None
    leaves: list[_Column] = []
    others: list[_Column] = []  # text over the values that names no column
    spans: list[tuple[_Column, frozenset[str]]] = []
    rest: list[Mark] = []
    for m in marks:  # whole headers that are no leaf are set aside before stacking fragments
        if _names_no_column(m.text):
            continue
        covered = _span(m.text)
        if covered:
            spans.append((_Column(m.start, m.end, frozenset()), covered))
        else:
            rest.append(m)
    for stack in _stacks(rest):
        text = "".join(m.text for m in sorted(stack, key=lambda m: (m.line or 0, m.start)))
        lo, hi = min(m.start for m in stack), max(m.end for m in stack)
        if _names_no_column(text):
            continue
        keys = header_keys(text)
        (leaves if keys else others).append(_Column(lo, hi, keys))
    cols: list[_Column] = []
    for cell in spec.cells:
        mine = [c for c in leaves if c.keys & slot_keys(cell)]
        if len(mine) != 1 or mine[0] in cols:
            return None
        cols.append(mine[0])
    if any(b.lo < a.hi or b.centre - a.centre < _MIN_GAP for a, b in zip(cols, cols[1:])):
        return None
    for span, covered in spans:  # a header over several columns stands over them, and only them
        mine = [col for col, cell in zip(cols, spec.cells) if slot_keys(cell) & covered]
        if mine and not mine[0].lo - _SLACK <= span.centre <= mine[-1].hi + _SLACK:
            return None
        if any(span.lo < col.centre < span.hi for col in cols if col not in mine):
            return None
    centres = [c.centre for c in cols]
    for x in xs:
        inside = [k for k, c in enumerate(cols) if c.lo - _SLACK <= x <= c.hi + _SLACK]
        nearest = min(range(n), key=lambda k: abs(centres[k] - x))
        if inside != [nearest] or any(o.lo - _SLACK <= x <= o.hi + _SLACK for o in others):
            return None
    return centres


@dataclass(frozen=True, slots=True)
class HeaderLayout:
    """The header band read against a row's cells: each cell's leaf header (the fragments of
    one header wrapped over lines), the headers over several cells with the cells they cover,
    and text over the values that names no column."""

    leaves: tuple[tuple[Mark, ...], ...]
    spans: tuple[tuple[Mark, tuple[int, ...]], ...]
    others: tuple[tuple[Mark, ...], ...]


def header_layout(spec: RowSpec, marks: tuple[Mark, ...], measure: str = CHARS) -> HeaderLayout | None:
    """Which header stands over which of ``spec``'s cells; None unless every cell has exactly
    one leaf header of its own (``templates/columns.toml``).  Fragments stack by the columns
    their characters take as ``measure`` counts them."""
    if not marks or len(spec.cells) < 2:
        return None
    spans: list[tuple[Mark, tuple[int, ...]]] = []
    rest: list[Mark] = []
    for m in marks:
        if _names_no_column(m.text):
            continue
        covered = _span(m.text)
        if covered:
            spans.append((m, tuple(k for k, cell in enumerate(spec.cells) if slot_keys(cell) & covered)))
        else:  # fragments stack by the columns they print (a wide character is a column at least)
            rest.append(Mark(m.text, m.start, m.start + width(m.text, measure), m.line))
    stacks: list[tuple[frozenset[str], tuple[Mark, ...]]] = []
    others: list[tuple[Mark, ...]] = []
    for stack in _stacks(tuple(rest)):
        ordered = tuple(sorted(stack, key=lambda m: (m.line or 0, m.start)))
        text = "".join(m.text for m in ordered)
        if _names_no_column(text):
            continue  # the label column's header, wrapped over lines
        keys = header_keys(text)
        if keys:
            stacks.append((keys, ordered))
        else:
            others.append(ordered)
    leaves: list[tuple[Mark, ...]] = []
    for cell in spec.cells:
        mine = [s for keys, s in stacks if keys & slot_keys(cell)]
        if len(mine) != 1 or mine[0] in leaves:
            return None
        leaves.append(mine[0])
    return HeaderLayout(tuple(leaves), tuple((m, c) for m, c in spans if c), tuple(others))


def _stacks(marks: tuple[Mark, ...]) -> list[list[Mark]]:
    """Marks on different lines whose extents overlap: one header wrapped over lines.  On one
    line a stack holds one mark, or marks that touch end to start (one fragment the text cut
    at a space it put between two glyphs: "本年" / "增 /减", the columns of "增" ending where
    "/减" starts)."""
    stacks: list[list[Mark]] = []
    for m in sorted(marks, key=lambda m: (m.start, m.line or 0)):
        home = [s for s in stacks if any(o.line != m.line and o.start < m.end and m.start < o.end for o in s)]
        if len(home) == 1 and all(o.line != m.line or _touching(o, m) for o in home[0]):
            home[0].append(m)
        else:
            stacks.append([m])
    return stacks


def _touching(a: Mark, b: Mark) -> bool:
    """``b`` starts on ``a``'s line in the column where ``a`` ends: no space between them."""
    return a.line == b.line and abs(b.start - a.end) < 0.5


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files("parsers.templates").joinpath("header_spans.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _names_no_column(text: str) -> bool:
    """A header over the row labels, or a sub-table's title over all its columns."""
    norm = normalize_label(text)
    labels, titles = _data()["label_column"], _data()["titles"]
    return norm in {normalize_label(w) for w in labels["words"]} \
        or any(k in norm for k in labels["keys"] + titles["keys"])


def _span(text: str) -> frozenset[str]:
    norm = normalize_label(text)
    for words, covered in _data()["spans"].items():
        if normalize_label(words) == norm:
            return frozenset(covered)
    return frozenset()


def over_several_columns(text: str) -> bool:
    """A header the templates say stands over several value columns (申请人情况, 行政诉讼 over
    both litigation groups): a group heading, never a column of its own."""
    if _span(text):
        return True
    keys = header_keys(text)
    kinds = [k.split(":", 1)[0] for k in keys]
    return any(kinds.count(kind) > 1 for kind in set(kinds))
