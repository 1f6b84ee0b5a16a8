"""WordprocessingML → text and cell grids, read straight from the XML.

python-docx's ``table.rows[i].cells`` repeats a merged cell at every position it covers,
which would double-count figures; reading ``gridSpan``/``vMerge`` here puts the text at
the merge's first position and an empty cell at every covered one instead.
"""
from __future__ import annotations

from dataclasses import replace

from lxml import etree

from ..base import Cell
from ..textnorm import join_fragments, normalize_cell, normalize_line

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (f"{{{W}}}{n}" for n in
                                                ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
_T, _TAB, _BR, _CR, _NBH = (f"{{{W}}}{n}" for n in ("t", "tab", "br", "cr", "noBreakHyphen"))
_FALLBACK = f"{{{MC}}}Fallback"  # duplicate of mc:Choice content (text boxes)
_VAL = f"{{{W}}}val"
# Wrappers whose children are block content as if they stood in the parent.
TRANSPARENT = frozenset({SDT, SDT_CONTENT, CUSTOM_XML})

Grid = list[list[str]]


def block_children(parent: etree._Element) -> list[etree._Element]:
    """Paragraphs and tables of a body or cell in order, content controls unwrapped."""
    out: list[etree._Element] = []
    stack = list(reversed(list(parent)))
    while stack:
        el = stack.pop()
        if el.tag in (P, TBL, TR, TC):
            out.append(el)
        elif el.tag in TRANSPARENT:
            stack.extend(reversed(list(el)))
    return out


def paragraph_lines(p: etree._Element) -> list[str]:
    """A paragraph's text, split at manual line breaks; tabs kept (they separate cells)."""
    parts: list[str] = []
    walker = etree.iterwalk(p, events=("start",))
    for _, el in walker:
        tag = el.tag
        if tag == _FALLBACK:
            walker.skip_subtree()
        elif tag == _T:
            parts.append(el.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NBH:
            parts.append("-")
    return [normalize_line(line) for line in "".join(parts).split("\n")]


def _prop(el: etree._Element, path: str) -> etree._Element | None:
    return el.find(path, namespaces={"w": W})


def _int_val(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return max(int(el.get(_VAL, default)), 0)
    except ValueError:
        return default


def cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs joined without spaces for CJK; nested tables flattened in order."""
    lines: list[str] = []
    for p in tc.iter(P):
        lines.extend(normalize_cell(line) for line in paragraph_lines(p))
    return join_fragments(lines)


def table_grid(tbl: etree._Element, max_cols: int = 200) -> Grid:
    """Rows of cell texts with merges expanded: the text at the first position, "" elsewhere."""
    return [[c.text for c in row] for row in table_cells(tbl, max_cols)]


def table_cells(tbl: etree._Element, max_cols: int = 200) -> list[list[Cell]]:
    """Rows of cells with merges expanded; a merged-over or padding position has ``origin=False``."""
    grid: list[list[Cell]] = []
    for tr in (el for el in block_children(tbl) if el.tag == TR):
        before = min(_int_val(_prop(tr, "w:trPr/w:gridBefore"), 0), max_cols)
        row = [Cell("", col=c, origin=False) for c in range(before)]
        for tc in (el for el in block_children(tr) if el.tag == TC):
            span = min(max(_int_val(_prop(tc, "w:tcPr/w:gridSpan"), 1), 1), max_cols)
            v_merge = _prop(tc, "w:tcPr/w:vMerge")
            h_merge = _prop(tc, "w:tcPr/w:hMerge")
            continued = (v_merge is not None and v_merge.get(_VAL, "continue") != "restart") or (
                h_merge is not None and h_merge.get(_VAL, "continue") != "restart")
            at = len(row)
            row.append(Cell("" if continued else cell_text(tc), col=at, colspan=span, origin=not continued))
            row.extend(Cell("", col=at + k, origin=False) for k in range(1, span))
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    grid = [r + [Cell("", col=c, origin=False) for c in range(len(r), width)] for r in grid]
    return _drop_slivers(grid, _grid_widths(tbl))


# Grid columns narrower than this (twips; 20 = 1 pt) hold no text: they are rounding left
# by converters (LibreOffice's .doc → .docx) where rows' cell edges differ by a hair.
SLIVER_TWIPS = 20


def _grid_widths(tbl: etree._Element) -> list[int | None]:
    cols = tbl.findall("w:tblGrid/w:gridCol", namespaces={"w": W})
    out: list[int | None] = []
    for c in cols:
        try:
            out.append(int(c.get(f"{{{W}}}w", "")))
        except ValueError:
            out.append(None)
    return out


def _drop_slivers(grid: list[list[Cell]], widths: list[int | None]) -> list[list[Cell]]:
    """Remove sliver grid columns; a cell that starts on one starts on the next column instead
    (its span covers that column, so the next position is its own continuation)."""
    slivers = [i for i, w in enumerate(widths) if w is not None and w < SLIVER_TWIPS]
    if not grid or not slivers or len(widths) != len(grid[0]):
        return grid
    marked: list[list[Cell | None]] = []
    for row in grid:
        cells: list[Cell | None] = list(row)
        for i in reversed(slivers):
            cell = cells[i]
            assert cell is not None
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            if cell.text and nxt is not None and not nxt.text:
                cells[i + 1] = replace(cell, col=i + 1, colspan=max(cell.colspan - 1, 1), origin=True)
            elif cell.text:
                continue  # text alone in a sliver: keep the column rather than lose the text
            cells[i] = None
        marked.append(cells)
    keep = [i for i in range(len(grid[0])) if any(r[i] is not None for r in marked)]
    new_col = {old: new for new, old in enumerate(keep)}
    out: list[list[Cell]] = []
    for cells in marked:
        row = []
        for old in keep:
            c = cells[old] or Cell("", col=old, origin=False)
            span = sum(1 for k in range(old, old + max(c.colspan, 1)) if k in new_col)
            row.append(replace(c, col=new_col[old], colspan=max(span, 1)))
        out.append(row)
    return out
