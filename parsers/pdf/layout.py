"""One page's characters and rulings → ordered blocks (text lines and tables).

Tables come first: every ruled grid claims the characters inside it; the characters left
over form text lines by baseline.  Page numbers in the margins are dropped here.  Tables
without rulings are recovered from column alignment by :mod:`.unruled`.
"""
from __future__ import annotations

from dataclasses import dataclass

from .backend import PageData
from .furniture import in_margin, is_page_number
from .geometry import dedupe, upright
from .glyphs import spell_out
from .lines import Line, group_lines, split_wide_gaps
from .ruling import find_grids
from .tables import PageTable, build_table, looks_tabular
from .unruled import Columns, find_unruled_tables, horizontal_rules


@dataclass
class PageText:
    """A text line positioned on its page."""

    text: str
    page: int
    top: float
    bottom: float


PageItem = PageText | PageTable


def layout_page(raw: PageData, hint: Columns | None = None) -> list[PageItem]:
    """Blocks of one page, top to bottom; ``hint``: columns of the previous page's open table."""
    page = upright(raw)
    chars = dedupe(spell_out(page.chars))  # ligatures first: PDFium's share one box
    items: list[tuple[float, PageItem]] = []
    grids = find_grids(page.segments)
    free = chars
    if grids:
        claimed: list[list] = [[] for _ in grids]
        free = []
        for c in chars:
            cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
            for i, g in enumerate(grids):
                if g.locate(cx, cy) is not None:
                    claimed[i].append(c)
                    break
            else:
                free.append(c)
        for g, members in zip(grids, claimed):
            t = build_table(g, members, page.number)
            if looks_tabular(t):
                items.append((t.top, t))
            else:  # a frame or highlight boxes around running text
                free.extend(members)
    lines = [ln for ln in group_lines(free)
             if not (is_page_number(ln.text()) and in_margin(ln.top, ln.bottom, page.height))]
    tables, lines = find_unruled_tables(lines, page.number, horizontal_rules(page.segments), hint)
    for t in tables:
        items.append((t.top, t))
    for ln in lines:
        items.append((ln.top, PageText(ln.text(), page.number, ln.top, ln.bottom)))
    items.sort(key=lambda it: it[0])
    return [it for _, it in items]


__all__ = ["layout_page", "PageText", "PageItem", "Line", "split_wide_gaps"]
