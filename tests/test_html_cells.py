"""HTML table cells shared between tables: a remembered cell is the cell a fresh read builds."""
from __future__ import annotations

import random

from lxml import etree

from parsers.base import Cell, TableBlock
from parsers.html import HtmlParser
from parsers.html import table as html_table
from parsers.memo import MEMO_TEXT_MAX, forget_all

_TEXTS = ["0", " 0 ", "\n\t0\u3000", "总计", "总 计", "商业\n企业", "1 234", "", "  ", "自然人", "x" * (MEMO_TEXT_MAX + 5),
          " " * (MEMO_TEXT_MAX + 5) + "7"]


def _page(seed: int) -> str:
    """A table whose cells repeat texts with different markup whitespace, spans and children."""
    rnd = random.Random(seed)
    rows = []
    for _ in range(rnd.randint(2, 7)):
        cells = []
        for _ in range(rnd.randint(1, 6)):
            attrs = "".join(rnd.choice(["", ' colspan="2"', ' rowspan="2"', ' style="color:red"']) for _ in range(2))
            text = rnd.choice(_TEXTS)
            inner = rnd.choice([text, f"<p>{text}</p>", f"<span>{text}</span>", f"{text}<br>{rnd.choice(_TEXTS)}"])
            cells.append(f"<td{attrs}>{inner}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<html><body><p>一、总体情况</p><table>{''.join(rows)}</table></body></html>"


def _grids(page: str) -> list[tuple[tuple[Cell, ...], ...]]:
    doc = HtmlParser().parse(page.encode())
    return [b.rows for b in doc.blocks if isinstance(b, TableBlock)]


def test_remembered_cells_equal_cells_read_with_every_memo_emptied():
    pages = [_page(seed) for seed in range(300)]
    warm = [_grids(p) for p in pages]  # later pages reuse the cells of earlier ones
    cold = []
    for p in pages:
        forget_all()
        cold.append(_grids(p))
    assert warm == cold
    assert sum(len(g) for g in warm) > 200  # the pages do have data tables


def test_a_plain_cell_is_found_by_its_raw_text_and_reads_as_its_normalized_text():
    forget_all()
    root = etree.fromstring("<table><tr><td> 总 计 </td><td>总计</td></tr><tr><td>\n总计\t</td><td>0</td></tr></table>",
                            etree.HTMLParser())
    grid = html_table.table_cells(root.find(".//table"))
    assert [[c.text for c in row] for row in grid] == [["总计", "总计"], ["总计", "0"]]
    assert grid[0][0] == grid[1][0] == Cell("总计", None, 0, 1, True)  # two raw texts, one cell
    assert all(c.origin and c.colspan == 1 and c.col == k for row in grid for k, c in enumerate(row))


def test_long_cell_texts_are_not_remembered():
    forget_all()
    long_text = "长" * (MEMO_TEXT_MAX + 1)
    root = etree.fromstring(f"<table><tr><td>{long_text}</td><td><p>{long_text}</p></td><td>1</td></tr></table>",
                            etree.HTMLParser())
    grid = html_table.table_cells(root.find(".//table"))
    assert [c.text for c in grid[0]] == [long_text, long_text, "1"]
    remembered = list(html_table._PLAIN_CELLS.values()) + list(html_table._CELLS.values())
    assert [c.text for c in remembered] == ["1"]
