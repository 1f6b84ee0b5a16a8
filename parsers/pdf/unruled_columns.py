"""Columns of a table without rulings: label columns from aligned left edges, value columns
from the x-centres of numbers and of the lowest header texts.

Numbers say where the value columns are, but a column that is blank in every row prints
no number at all; its header still stands above it (Word centres both), so the lowest
header text at each x adds the columns the numbers cannot show.  A header spanning
several number columns is a group heading, not a column: one with header texts below it,
or one the templates name as standing over several columns (行政诉讼 centred over its two
groups stands in the gap between their headers, with nothing directly below it).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..layout_columns import over_several_columns
from .params import UNRULED
from .pieces import Piece, PLine


@dataclass
class Columns:
    """Label columns (their texts' left edges) and value columns (their centres)."""

    starts: list[float]
    v_left: float
    centres: list[float]
    right: float

    @property
    def n_labels(self) -> int:
        return len(self.starts)

    @property
    def xs(self) -> list[float]:
        """Boundaries: one per label column start, the label/value border, value borders."""
        mids = [(a + b) / 2 for a, b in zip(self.centres, self.centres[1:])]
        return list(self.starts) + [self.v_left] + mids + [self.right]

    def label_col(self, x0: float) -> int:
        k = 0
        for i, s in enumerate(self.starts):
            if s <= x0 + UNRULED.start_tol:
                k = i
        return k

    def value_col(self, x: float) -> int:
        return min(range(len(self.centres)), key=lambda k: abs(self.centres[k] - x))

    def value_span(self, p: Piece) -> tuple[int, int]:
        """Value columns a (header) text stands over: the one it is centred on, else every
        column whose centre it covers, else the nearest."""
        k = self.value_col(p.centre)
        if abs(self.centres[k] - p.centre) <= UNRULED.column_tol / 2:
            return k, k
        inside = [k for k, c in enumerate(self.centres) if p.x0 <= c <= p.x1]
        return (inside[0], inside[-1]) if inside else (k, k)

    def edge(self, x1: float) -> float:
        """Right edge of the label cell a text ending at ``x1`` sits in (its next column)."""
        nxt = [s for s in self.starts if s > x1 - UNRULED.start_tol] + [self.v_left]
        return max(min(nxt), x1)


def build_columns(head: list[PLine], body: list[PLine], label_right: float,
                  hint: Columns | None = None) -> Columns | None:
    """The columns of one band (header lines ``head`` above rows ``body``); None without numbers."""
    tol = UNRULED.column_tol
    centres = _cluster(sorted(p.centre for ln in body for p in ln.values), tol)
    for p in _lowest(head, label_right):
        covered = [c for c in centres if p.x0 - tol / 2 <= c <= p.x1 + tol / 2]
        if not covered and all(abs(c - p.centre) > tol for c in centres):
            centres.append(p.centre)
    centres.sort()
    # a label text after another one on the same line starts a column even if it is alone
    starts = _starts([p.x0 for ln in body for p in ln.labels],
                     [p.x0 for ln in body for p in ln.labels[1:]])
    if hint is not None and centres and all(min(abs(c - h) for h in hint.centres) <= tol for c in centres):
        return Columns(_starts(hint.starts + starts, hint.starts + starts), hint.v_left, list(hint.centres), hint.right)
    if not centres:
        return None
    if len(centres) >= 2:
        half = (centres[1] - centres[0]) / 2
        v_left = max(label_right, centres[0] - half)
        right = centres[-1] + (centres[-1] - centres[-2]) / 2
    else:
        xs = [p.x0 for ln in body for p in ln.values] + [p.x0 for p in _lowest(head, label_right)]
        first = min(xs) if xs else centres[0]
        v_left = (label_right + first) / 2 if label_right > float("-inf") else first - 1.0
        right = centres[0] + (centres[0] - v_left)
    starts = [x for x in starts if x < v_left] or \
        [min([v_left - 1.0] + [p.x0 for ln in head for p in ln.pieces if p.x1 <= v_left])]
    return Columns(starts, v_left, centres, right)


def _lowest(head: list[PLine], label_right: float) -> list[Piece]:
    """Header texts over the value area with no other header text below them."""
    out: list[Piece] = []
    frac = UNRULED.overlap_frac
    for i, ln in enumerate(head):
        for p in ln.pieces:
            if p.x0 < label_right - 1.0 or over_several_columns(p.text):
                continue
            below = any(_overlap(p, q) > frac * min(p.x1 - p.x0, q.x1 - q.x0)
                        for other in head[i + 1:] for q in other.pieces if q.x0 >= label_right - 1.0)
            if not below:
                out.append(p)
    return out


def _overlap(a: Piece, b: Piece) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _starts(xs: list[float], sure: list[float]) -> list[float]:
    """Left edges shared by several label texts (left-aligned cells), the leftmost, and the
    ``sure`` ones (texts that follow another text on their line)."""
    groups: list[list[float]] = []
    for x in sorted(xs):
        if groups and x - groups[-1][-1] <= UNRULED.start_tol:
            groups[-1].append(x)
        else:
            groups.append([x])
    tol = UNRULED.start_tol
    keep = [g for i, g in enumerate(groups)
            if i == 0 or len(g) >= 2 or any(g[0] - tol <= x <= g[-1] + tol for x in sure)]
    return [min(g) for g in keep]


def _cluster(values: list[float], tol: float) -> list[float]:
    groups: list[list[float]] = []
    for v in values:
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]
