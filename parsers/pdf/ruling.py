"""Ruled tables from vector lines: merge rulings, group them into tables, find merged cells.

Word and WPS draw every cell border; a table is a connected set of horizontal and vertical
rulings.  Its column boundaries are the distinct x of the vertical rulings, its row
boundaries the distinct y of the horizontal ones, and two neighbouring grid slots belong to
the same (merged) cell exactly when no ruling separates them.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .backend import Segment
from .params import GEOMETRY


@dataclass
class Ruling:
    pos: float      # y of a horizontal ruling, x of a vertical one
    start: float
    end: float


@dataclass
class GridCell:
    """A visual cell: grid columns ``c0..c1`` and rows ``r0..r1`` (inclusive)."""

    c0: int
    c1: int
    r0: int
    r1: int


@dataclass
class Grid:
    """A ruled table on one page: boundaries and its visual cells."""

    xs: list[float]
    ys: list[float]
    cells: list[GridCell]
    slot: list[list[int]]  # slot[row][col] → index into cells

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def locate(self, x: float, y: float) -> int | None:
        """Index of the cell holding point (x, y), or None outside the grid."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        ci = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        ri = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.slot[ri][ci]


def find_grids(segments: list[Segment]) -> list[Grid]:
    """All ruled tables on a page, top to bottom."""
    hs = _merge([Ruling(s.y0, s.x0, s.x1) for s in segments if s.y1 - s.y0 < 0.5 < s.x1 - s.x0])
    vs = _merge([Ruling(s.x0, s.y0, s.y1) for s in segments if s.x1 - s.x0 < 0.5 < s.y1 - s.y0])
    if len(hs) < 2 or len(vs) < 2:
        return []
    grids = []
    for comp_h, comp_v in _components(hs, vs):
        if len(comp_h) >= 2 and len(comp_v) >= 2:
            g = _grid(comp_h, comp_v)
            if g is not None:
                grids.append(g)
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _merge(rs: list[Ruling]) -> list[Ruling]:
    """Join collinear rulings that overlap or nearly touch (borders are drawn per cell)."""
    g = GEOMETRY
    rs.sort(key=lambda r: (r.pos, r.start))
    # cluster by position first, then join along the line
    out: list[Ruling] = []
    clusters: list[list[Ruling]] = []
    for r in rs:
        if clusters and r.pos - clusters[-1][-1].pos <= g.snap_tol / 2:
            clusters[-1].append(r)
        else:
            clusters.append([r])
    for cl in clusters:
        pos = sum(r.pos for r in cl) / len(cl)
        cl.sort(key=lambda r: r.start)
        cur = Ruling(pos, cl[0].start, cl[0].end)
        for r in cl[1:]:
            if r.start <= cur.end + g.join_tol:
                cur.end = max(cur.end, r.end)
            else:
                out.append(cur)
                cur = Ruling(pos, r.start, r.end)
        out.append(cur)
    return out


def _components(hs: list[Ruling], vs: list[Ruling]) -> list[tuple[list[Ruling], list[Ruling]]]:
    """Group rulings that touch each other (one table each)."""
    tol = GEOMETRY.join_tol
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[Ruling], list[Ruling]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return list(groups.values())


def _cluster(values: list[float]) -> list[float]:
    values = sorted(values)
    out: list[list[float]] = []
    for v in values:
        if out and v - out[-1][-1] <= GEOMETRY.snap_tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _grid(hs: list[Ruling], vs: list[Ruling]) -> Grid | None:
    xs = _cluster([v.pos for v in vs])
    ys = _cluster([h.pos for h in hs])
    if len(xs) < 2 or len(ys) < 2:
        return None
    tol = GEOMETRY.cover_tol
    snap = GEOMETRY.snap_tol
    nr, nc = len(ys) - 1, len(xs) - 1

    def v_wall(x: float, y0: float, y1: float) -> bool:
        return any(abs(v.pos - x) <= snap and v.start <= y0 + tol and v.end >= y1 - tol for v in vs)

    def h_wall(y: float, x0: float, x1: float) -> bool:
        return any(abs(h.pos - y) <= snap and h.start <= x0 + tol and h.end >= x1 - tol for h in hs)

    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not v_wall(xs[c + 1], ys[r], ys[r + 1]):
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not h_wall(ys[r + 1], xs[c], xs[c + 1]):
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    index: dict[int, int] = {}
    cells: list[GridCell] = []
    slot = [[0] * nc for _ in range(nr)]
    for r in range(nr):
        for c in range(nc):
            root = find(r * nc + c)
            k = index.get(root)
            if k is None:
                k = index[root] = len(cells)
                cells.append(GridCell(c, c, r, r))
            else:
                cell = cells[k]
                cell.c0, cell.c1 = min(cell.c0, c), max(cell.c1, c)
                cell.r0, cell.r1 = min(cell.r0, r), max(cell.r1, r)
            slot[r][c] = k
    if len(cells) < 2:
        return None
    return Grid(xs, ys, cells, slot)
