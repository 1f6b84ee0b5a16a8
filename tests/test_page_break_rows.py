"""A table broken over a page in flattened text (issue 9, session 8): a bare row label at the
foot of a page, the page footer, the table's header printed again, then numbers.

* Numbers after the repeated header, before a bare label: the next row's, printed before its
  label — or the bare row's, its numbers carried over the page.  Where the numbers could
  stand in either row (count and sums) the document cannot tell: both rows are left out and
  named, never placed (they once went to the next row, with status of a certain reading).
* Controls (main was right): the numbers go to the bare row where the next row label carries
  numbers of its own (only the bare row lies between); a bare row followed, after the
  repeated header, straight by a row label with numbers is all blank (a row's cells are
  printed on its label's page: nothing there is the row printed blank, as for a label
  followed by the next label); numbers after a group label that opens the next row's group
  are that row's (the group label's cell starts at that row, below anything of the bare row).
"""
from __future__ import annotations

from tests.test_align import NEXT, REQ_HEAD, cells, run

_REQ = "三、收到和处理政府信息公开申请情况\n" + REQ_HEAD
_NEW = "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n"
_CARRIED = "二、上年结转政府信息公开申请数量\n"  # bare, at the foot of page 1
_GROUP = "三、本年度办理结果\n"
_REST = "（二）部分公开 1 0 0 0 0 0 1\n（三）不予公开\n1.属于国家秘密 0 0 0 0 0 0 0\n" + NEXT


def _codes(res) -> set[str]:
    return {f["category"] for f in res.facts}


def test_numbers_after_a_repeated_header_before_a_bare_label_are_left_out():
    """'二、上年结转…' / '— 1 —' / header / '5 0 0 0 0 0 5' / '三、本年度办理结果' / '（一）予以公开':
    the 5-run may be 二's (carried over the page) or （一）'s (printed before its label)."""
    res = run(_REQ + _NEW + _CARRIED + "— 1 —\n" + REQ_HEAD + "5 0 0 0 0 0 5\n" + _GROUP + "（一）予以公开\n" + _REST)
    assert "requests.carried_over" not in _codes(res) and "requests.granted" not in _codes(res)
    assert res.status == "partial"
    assert "row requests.granted: '5 0 0 0 0 0 5' follow its table's header printed again right after the " \
           "label of row requests.carried_over" in res.error
    assert "requests.carried_over" in res.error
    assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]
    assert cells(res, "requests.denied.state_secret") == [0] * 7


def test_numbers_after_a_repeated_header_one_cell_per_line():
    """The same one cell per line (PDFium copy-paste, plain pdftotext), a bare page number
    as the footer: the '1' is no cell, and the 5-run is still either row's."""
    per_line = "\n".join("5000005") + "\n"
    res = run(_REQ + _NEW + _CARRIED + "1\n" + REQ_HEAD + per_line + _GROUP + "（一）予以公开\n" + _REST)
    assert "requests.carried_over" not in _codes(res) and "requests.granted" not in _codes(res)
    assert "continued over the page" in res.error


def test_numbers_after_a_repeated_header_table_two():
    """Table 二 (no sums): '规章' / '— 1 —' / header / '4 0 2' / '行政规范性文件': 规章's or the next's."""
    head = "信息内容 本年制发件数 本年废止件数 现行有效件数\n"
    res = run("二、主动公开政府信息情况\n第二十条第（一）项\n" + head + "规章\n— 1 —\n" + head + "4 0 2\n"
              "行政规范性文件\n第二十条第（五）项\n信息内容 本年处理决定数量\n行政许可 3\n" + _REQ + _NEW + NEXT)
    got = _codes(res)
    assert not any(c.startswith(("active.regulations", "active.normative_documents")) for c in got), got
    assert "active.licensing.decisions" in got
    assert "continued over the page" in res.error


def test_control_numbers_that_cannot_be_the_bare_rows_are_not_doubted_for_it():
    """'5 0 0 0 0 0 6' does not add up, so it cannot be 二's row (nor, by the same sums, any
    row's): no page-break doubt is raised for it; 二 stays left out all the same (a header of
    its table follows it, then numbers no label claims)."""
    res = run(_REQ + _NEW + _CARRIED + "— 1 —\n" + REQ_HEAD + "5 0 0 0 0 0 6\n" + _GROUP + "（一）予以公开\n" + _REST)
    assert "continued over the page" not in (res.error or "")
    assert "requests.carried_over" not in _codes(res)


def test_control_numbers_after_the_header_then_a_labelled_row_are_the_bare_rows():
    """'二、…' / footer / header / '5 … 5' / '（一）予以公开 2 … 2': only 二 lies between, so the
    numbers are 二's (by the row order), never zeros."""
    res = run(_REQ + _NEW + _CARRIED + "— 1 —\n" + REQ_HEAD + "5 0 0 0 0 0 5\n" + _GROUP
              + "（一）予以公开 2 0 0 0 0 0 2\n" + _REST)
    assert cells(res, "requests.carried_over") == [5, 0, 0, 0, 0, 0, 5]
    assert cells(res, "requests.granted") == [2, 0, 0, 0, 0, 0, 2]


def test_control_bare_row_then_repeated_header_then_a_labelled_row_is_all_blank():
    """'二、…' / footer / header / '（一）予以公开 2 … 2': nothing of 二 before the page ends and
    nothing after the header before the next label — the row printed blank: zeros."""
    res = run(_REQ + _NEW + _CARRIED + "— 1 —\n" + REQ_HEAD + _GROUP + "（一）予以公开 2 0 0 0 0 0 2\n" + _REST)
    assert cells(res, "requests.carried_over") == [0] * 7
    assert cells(res, "requests.granted") == [2, 0, 0, 0, 0, 0, 2]


def test_control_numbers_after_a_group_label_are_its_first_rows():
    """'二、…' / footer / header / '三、本年度办理结果' / '5 … 5' / '（一）予以公开': the numbers follow
    the group label, which opens （一）'s row: （一）'s (printed before its label); 二 stays
    left out (a header of its table follows it, then numbers)."""
    res = run(_REQ + _NEW + _CARRIED + "— 1 —\n" + REQ_HEAD + _GROUP + "5 0 0 0 0 0 5\n" + "（一）予以公开\n" + _REST)
    assert cells(res, "requests.granted") == [5, 0, 0, 0, 0, 0, 5]
    assert "requests.carried_over" not in _codes(res)


def test_control_the_next_sub_tables_header_is_no_page_break():
    """Table 二 of 2019, read column by column (plain pdftotext, wide-labels-zeros-2019-poppler):
    '行政事业性收费' bare, then the next sub-table's header ('第二十条第（九）项' / '信息内容' /
    '采购项目数量' / '采购总金额') and '3' / '0' before '政府集中采购': 采购项目数量 is a column the
    fees row has not, so that header is no page break of the fees table and the numbers are
    not doubted as its (the first form of the rule left them out)."""
    text = ("某县统计局2020年度政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(一)项\n"
            "信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n规章 0 0 0\n规范性文件 1 1 3\n"
            "第二十条第（八）项\n信息内容\n上一年项目数量\n本年增/减\n0\n0\n行政事业性收费\n"
            "第二十条第（九）项\n信息内容\n采购项目数量\n采购总金额\n3\n0\n政府集中采购\n"
            "三、收到和处理政府信息公开申请情况\n")
    res = run(text)
    assert res.template == "2019"
    assert "continued over the page" not in (res.error or "")
    got = {f["category"]: f["count"] if f["count"] is not None else f["amount"] for f in res.facts}
    assert got.get("active.procurement.items") == 3 and got.get("active.procurement.amount") == 0, got
