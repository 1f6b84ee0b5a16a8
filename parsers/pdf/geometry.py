"""Page-level clean-up before layout: turn sideways pages upright and drop fake-bold copies.

Both steps work on :class:`PageData` in display space and return new objects, so the
layout code only ever sees upright text read left to right, top to bottom.
"""
from __future__ import annotations

from collections import Counter

from .backend import Char, PageData, Segment
from .params import GEOMETRY


def upright(page: PageData) -> PageData:
    """Rotate the page's coordinates so that most characters run left to right.

    Landscape tables are often placed on a portrait page with the text turned 90°
    (or the page carries ``/Rotate``); a person turns the sheet, so do we.
    """
    if not page.chars:
        return page
    votes = Counter(_quadrant(c.dx, c.dy) for c in page.chars)
    q = votes.most_common(1)[0][0]
    if q == 0:
        return page
    w, h = page.width, page.height
    if q == 1:      # text runs downwards: turn the sheet counter-clockwise
        def f(x: float, y: float) -> tuple[float, float]: return y, w - x
        nw, nh = h, w
    elif q == 2:    # upside down
        def f(x: float, y: float) -> tuple[float, float]: return w - x, h - y
        nw, nh = w, h
    else:           # text runs upwards: turn the sheet clockwise
        def f(x: float, y: float) -> tuple[float, float]: return h - y, x
        nw, nh = h, w
    chars = []
    for c in page.chars:
        ax, ay = f(c.x0, c.top)
        bx, by = f(c.x1, c.bottom)
        px, py = f(c.ox, c.oy)
        dx, dy = _turn(q, c.dx, c.dy)
        chars.append(c._replace(x0=min(ax, bx), top=min(ay, by), x1=max(ax, bx), bottom=max(ay, by),
                                ox=px, oy=py, dx=dx, dy=dy))
    segs = []
    for s in page.segments:
        ax, ay = f(s.x0, s.y0)
        bx, by = f(s.x1, s.y1)
        segs.append(Segment(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return PageData(page.number, nw, nh, page.rotation, chars, segs, page.n_images, page.note)


def _quadrant(dx: float, dy: float) -> int:
    """0: rightwards, 1: downwards, 2: leftwards, 3: upwards (display space, y down)."""
    if abs(dx) >= abs(dy):
        return 0 if dx >= 0 else 2
    return 1 if dy > 0 else 3


def _turn(q: int, dx: float, dy: float) -> tuple[float, float]:
    if q == 1:
        return dy, -dx
    if q == 2:
        return -dx, -dy
    return -dy, dx


def dedupe(chars: list[Char]) -> list[Char]:
    """Drop a character drawn again at (almost) the same place: WPS/Word fake bold.

    Two copies of the same glyph closer than ``dedupe_tol`` (or a fraction of the font
    size) are one character; genuinely repeated characters ("项项") sit a full advance apart.
    """
    g = GEOMETRY
    kept: list[Char] = []
    rows: dict[tuple[str, int], list[Char]] = {}
    for c in chars:
        tol = max(g.dedupe_tol, g.dedupe_tol_em * c.size)
        band = int(c.top // 4)
        dup = False
        for b in (band - 1, band, band + 1):
            for o in rows.get((c.text, b), ()):
                if abs(o.x0 - c.x0) <= tol and abs(o.top - c.top) <= tol:
                    dup = True
                    break
            if dup:
                break
        if not dup:
            kept.append(c)
            rows.setdefault((c.text, band), []).append(c)
    return kept
