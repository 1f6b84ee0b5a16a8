"""Lines that read both as a page number and as a row's cells (issue 9, session 10).

PDFium text of generated reports (tests/test_pdf_text_roundtrip.py, 40-seed search) lost two
rows' numbers this way, and the rows were then read as printed blank — zeros where numbers
are printed:

* ``s35-pdfium-nl``: table 二's wrapped label "其他对外管理服务事 / 项", then its numbers on a line
  of their own, "8 / 5" (prev_items 8, change blank "/", decisions 5) — the shape of a
  "page 2 of 5" footer, so the line was dropped as one;
* ``s33-pdfium-ff``: 四、结转下年度继续办理's last number, "3", alone on the last line of page 3
  — the page's own number, so it was dropped as a bare page footer (the report prints no
  page numbers at all).

A footer-shaped line is a page number only where the document numbers its pages so: the same
shape with the next or previous number elsewhere in the text (in page order), or, for a bare
number at a page's edge, the same edge of another page carrying that page's number the same
way.  One such line alone is read as what it also is, cells.  Controls: footers printed on
every page are still dropped, whatever the rows around them.
"""
from __future__ import annotations

from parsers.base import TextLine
from parsers.page_footers import footer_lines
from parsers.text import strip_page_numbers
from tests.test_align import NEXT, REQ_HEAD, cells, run

_ACTIVE = ("二、主动公开政府信息情况\n第二十条第（五）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n"
           "行政许可 0 / 3\n")
_PUNISHMENT = "第二十条第（六）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政处罚 1 0 2\n"
_REQ = "三、收到和处理政府信息公开申请情况\n" + REQ_HEAD
_NEW = "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n"
_CARRIED_OVER = "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"


def _active(res, code: str) -> list:
    by = {f["category"]: f["count"] for f in res.facts}
    return [by.get(f"active.{code}.{c}") for c in ("prev_items", "change", "decisions")]


def test_row_printed_like_a_slash_footer_is_read():
    """'8 / 5' below a wrapped label, no other line of that shape: the row's cells."""
    res = run(_ACTIVE + "其他对外管理服务事\n项\n8 / 5\n" + _PUNISHMENT + _REQ + _NEW + NEXT)
    assert _active(res, "other_services") == [8, 0, 5]
    assert _active(res, "licensing") == [0, 0, 3]


def test_row_printed_like_a_dash_footer_is_read():
    """'— 2 —' (blank, 2, blank) below a wrapped label, alone of its shape: the row's cells."""
    res = run(_ACTIVE + "其他对外管理服务事\n项\n— 2 —\n" + _PUNISHMENT + _REQ + _NEW + NEXT)
    assert _active(res, "other_services") == [0, 2, 0]


def test_slash_footers_numbering_the_pages_are_not_cells():
    """The control: '1 / 3', '2 / 3', '3 / 3' number the pages; none is a row's cells, even the
    one right below a wrapped label whose numbers follow it."""
    res = run("1 / 3\n" + _ACTIVE + "其他对外管理服务事\n项\n2 / 3\n8 / 5\n" + _PUNISHMENT + _REQ + _NEW + "3 / 3\n"
              + _CARRIED_OVER + NEXT)
    assert _active(res, "other_services") == [8, 0, 5]
    assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]
    assert cells(res, "requests.carried_over") == [0] * 7


def test_dash_footers_numbering_the_pages_are_not_cells():
    res = run(_ACTIVE + "— 1 —\n其他对外管理服务事项 8 / 5\n" + _REQ + "— 2 —\n" + _NEW + NEXT)
    assert _active(res, "other_services") == [8, 0, 5]
    assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]


_APPEALS = (NEXT + "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
            "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n"
            "1 0 0 0 1 0 0 0 0 0 0 0 5 0 5\n五、存在的主要问题及改进情况\n无。\n")
_PAGES_TWO = "某某县民政局2023年政府信息公开工作年度报告\n一、总体情况\n本机关认真贯彻落实条例。\n"


def _three_pages(end_of_page_three: str, footers: bool) -> str:
    """Three pages joined by form feeds; page 3 ends with 四、结转下年度继续办理 as PDFium prints
    it (wrapped label, the blanks, then each number on a line of its own)."""
    f = (lambda n: f"{n}\n") if footers else (lambda n: "")
    return (_PAGES_TWO + f(1) + "\f" + _REQ + _NEW + f(2) + "\f" + _CARRIED_OVER
            + "（七）总计 3 0 0 0 0 3 6\n四、结转下年度继续办\n理\n— — — — —\n" + end_of_page_three + f(3)
            + "\f" + _APPEALS)


def test_last_number_of_a_page_equal_to_its_page_is_a_cell():
    """'3' ends page 3, the row's total; no page of the text prints its number: a cell."""
    res = run(_three_pages("3\n3\n", footers=False))
    assert cells(res, "requests.carried_forward") == [0, 0, 0, 0, 0, 3, 3]


def test_bare_page_numbers_on_every_page_are_not_cells():
    """The control: every page ends with its number; page 3's is a footer, not the row's."""
    res = run(_three_pages("3\n3\n", footers=True))
    assert cells(res, "requests.carried_forward") == [0, 0, 0, 0, 0, 3, 3]
    assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]


def _footers(*texts: str) -> list[str]:
    return [texts[i] for i in sorted(footer_lines(enumerate(TextLine(t) for t in texts)))]


def test_which_lines_are_footers():
    """The rule line by line: words always; numbers and blank marks by numbering or page break."""
    assert _footers("第 2 页", "规章", "page 3") == ["第 2 页", "page 3"]
    assert _footers("— 1 —", "规章 1 0 2", "— 2 —", "行政许可 3") == ["— 1 —", "— 2 —"]  # numbered
    assert _footers("规章", "— 2 —", "行政许可 3") == []  # alone: cells
    assert _footers("— 1 —", "规章", "— 2 —", "— 2 —") == []  # 2 printed twice: which is the page's?
    assert _footers("1 / 3", "规章", "2 / 3", "8 / 5", "3 / 3") == ["1 / 3", "2 / 3", "3 / 3"]
    assert _footers("信息内容 本年制发件数", "规章", "2 / 5", "", "信息内容 本年制发件数") == ["2 / 5"]  # page break
    assert _footers("信息内容 本年制发件数", "规章", "9 / 5", "信息内容 本年制发件数") == []  # page 9 of 5


def _stripped(*pages: str) -> list[list[str]]:
    return [[line for line in page if line.strip()] for page in strip_page_numbers([p.split("\n") for p in pages])]


def test_which_bare_edge_numbers_are_page_numbers():
    """The text reader's rule page by page (form feeds): a bare number at a page's edge is its
    page's number where another page's same edge agrees, told by the pages (parsers/page_numbering)."""
    assert _stripped("规章 1 0 2\n1", "行政许可\n3", "行政处罚 2") == [["规章 1 0 2", "1"], ["行政许可", "3"], ["行政处罚 2"]]
    assert _stripped("规章\n2", "行政许可 3\n2", "行政处罚\n3") == [["规章", "2"], ["行政许可 3"], ["行政处罚"]]
    assert _stripped("规章", "行政许可\n1", "行政处罚\n2") == [["规章"], ["行政许可"], ["行政处罚"]]  # a cover
    assert _stripped("规章 1", "行政许可\n2", "行政处罚", "其他\n4") == [["规章 1"], ["行政许可"], ["行政处罚"], ["其他"]]
    assert _stripped("规章 1", "行政许可\n2", "行政处罚\n2") == [["规章 1"], ["行政许可", "2"], ["行政处罚", "2"]]
    assert _stripped("规章\n1", "2", "行政许可\n3") == [["规章"], [], ["行政许可"]]  # a page of one line loses it once
