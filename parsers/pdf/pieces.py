"""A visual line cut into the texts of separate cells, for tables without rulings.

Inside one cell Word sets glyphs edge to edge (loose boxes touch); two neighbouring cells'
texts are at least the two inner margins apart.  So a gap wider than ``piece_gap_em`` is a
cell boundary, and a number standing after a wider gap (``value_gap_em``) is a value cell:
prose never leaves such gaps, which is what keeps running text out of tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lines import Line, join_chars
from .params import UNRULED
from .tables import is_value


@dataclass
class Piece:
    """The text of one cell on one visual line."""

    x0: float
    x1: float
    text: str
    base: float = 0.0   # its own baseline: a line may merge texts a few points apart
    value: bool = False
    conf: float | None = None  # OCR confidence of its least sure character; None from a text layer

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class PLine:
    """A visual line with its cell texts: label pieces first, then trailing value pieces."""

    line: Line
    base: float
    top: float
    bottom: float
    size: float
    pieces: list[Piece] = field(default_factory=list)

    @property
    def values(self) -> list[Piece]:
        return [p for p in self.pieces if p.value]

    @property
    def labels(self) -> list[Piece]:
        return [p for p in self.pieces if not p.value]

    @property
    def numbered(self) -> bool:
        """Ends in value cells: one after a label, or several on their own (table 四)."""
        n = len(self.values)
        return n >= 2 or (n == 1 and bool(self.labels))


def to_pline(line: Line) -> PLine:
    chars = [c for c in line.chars if c.text != " "]
    size = max((c.size for c in chars), default=1.0)
    base = sorted(c.oy for c in chars)[len(chars) // 2] if chars else line.bottom
    out = PLine(line, base, line.top, line.bottom, size)
    if not chars:
        return out
    gap = UNRULED.piece_gap_em
    groups = [[chars[0]]]
    gaps = [0.0]
    for prev, c in zip(chars, chars[1:]):
        g = c.x0 - prev.x1
        if g > gap * max(prev.size, c.size, 1.0):
            groups.append([c])
            gaps.append(g / max(prev.size, c.size, 1.0))
        else:
            groups[-1].append(c)
    # spaces inside a group stay (join_chars reads them from the full line's characters)
    pieces = [Piece(g[0].x0, max(c.x1 for c in g), _text(line, g), sorted(c.oy for c in g)[len(g) // 2],
                    conf=_least_sure(g)) for g in groups]
    # trailing numbers after a wide gap are value cells
    k = len(pieces)
    while k > 0 and is_value(pieces[k - 1].text) and (k == 1 or gaps[k - 1] >= UNRULED.value_gap_em):
        k -= 1
    for p in pieces[k:]:
        p.value = True
    out.pieces = pieces
    return out


def _least_sure(chars: list) -> float | None:
    confs = [c.conf for c in chars if c.conf is not None]
    return min(confs) if confs else None


def _text(line: Line, group: list) -> str:
    lo, hi = group[0].x0, max(c.x1 for c in group)
    return join_chars([c for c in line.chars if lo <= c.x0 and c.x1 <= hi]).strip()
