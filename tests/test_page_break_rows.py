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
* A header (or group label) closes a bare row for certain only where a row label of its
  table follows it: a bare row, the header repeated, then the document's end, the next
  section's heading, or another table's row (a missing heading) once read as zeros; its cells
  are not in the document — left out and named.  Table 二's FIRST header repeated over a page
  inside a later sub-table is that page break too (Word repeats the first header row), not
  the next sub-table's header.
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


_CUT = "only a column header or group label follows its label, then "


def test_bare_row_then_repeated_header_then_the_end_is_left_out():
    """'二、上年结转…' / '— 1 —' / header / end of the document: the page after the header is
    not in the document, so neither is 二's row (once seven zeros)."""
    res = run(_REQ + _NEW + _CARRIED + "— 1 —\n" + REQ_HEAD)
    assert "requests.carried_over" not in _codes(res)
    assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]
    assert res.status == "partial"
    assert "row requests.carried_over: " + _CUT + "the document ends" in res.error


def test_bare_row_then_repeated_header_then_a_heading_is_left_out():
    """The same with the next section's heading after the header."""
    res = run(_REQ + _NEW + _CARRIED + "— 1 —\n" + REQ_HEAD + NEXT)
    assert "requests.carried_over" not in _codes(res)
    assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]
    assert "row requests.carried_over: " + _CUT + "the next section's heading follows" in res.error


def test_bare_row_then_a_group_label_then_the_end_is_left_out():
    """A group label closes a bare row no more certainly than a header: '二、…' / '三、本年度办理结果' / end."""
    res = run(_REQ + _NEW + _CARRIED + _GROUP)
    assert "requests.carried_over" not in _codes(res)
    assert "row requests.carried_over: " + _CUT + "the document ends" in res.error


_APPEALS_HEAD = "结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n行政复议\n行政诉讼\n未经复议直接起诉\n复议后起诉\n"
_RESULTS = "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n" + _GROUP + "（一）予以公开 3 0 0 0 0 0 3\n"


def test_bare_total_then_table_four_header_without_its_heading_is_left_out():
    """'（七）总计' bare, heading 四 missing, then 四's header (its outcome words first, which
    read as headers of 三 too), then 四's numbers: no row of 三 follows the header, so 总计 is
    not certainly all blank (once zeros); 四 is still read."""
    res = run(_REQ + _NEW + _RESULTS + "（七）总计\n" + _APPEALS_HEAD + " ".join(["0"] * 15) + "\n")
    assert "requests.total" not in _codes(res)
    assert "row requests.total: " + _CUT + "another table's row follows" in res.error
    assert cells(res, "requests.granted") == [3, 0, 0, 0, 0, 0, 3]
    assert "appeals.review.upheld" in _codes(res)


def test_bare_last_row_of_table_two_then_table_three_header_without_its_heading_is_left_out():
    """Table 二's last row '行政事业性收费' bare, heading 三 missing, then 三's header and rows."""
    two = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 1 0 2\n"
           "第二十条第（八）项\n信息内容 本年收费金额（单位：万元）\n行政事业性收费\n")
    res = run(two + REQ_HEAD + _NEW + NEXT)
    assert not any(c.startswith("active.fees") for c in _codes(res))
    assert "row active.fees: " + _CUT + "another table's row follows" in res.error
    assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]


def test_control_bare_row_then_a_group_label_then_its_rows_is_all_blank():
    """'（二）部分公开' bare, then the group label '（三）不予公开' and its first row: the table goes
    on, so the row was printed blank: zeros (main was right)."""
    res = run(_REQ + _NEW + _RESULTS + "（二）部分公开\n（三）不予公开\n1.属于国家秘密 0 0 0 0 0 0 0\n" + NEXT)
    assert cells(res, "requests.partially_granted") == [0] * 7
    assert "requests.partially_granted" not in (res.error or "")


_H1 = "信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"


def _table_two(after_break: str) -> str:
    """Table 二 one cell per line, '行政处罚' bare at the foot of a page, the page number, then
    Word's repeat of the table's FIRST header (columns 行政处罚 has not), then ``after_break``."""
    return ("二、主动公开政府信息情况\n第二十条第（一）项\n" + _H1 + "规章\n1\n0\n2\n行政规范性文件\n0\n0\n1\n第二十条第（五）项\n"
            "信息内容\n本年处理决定数量\n行政许可\n3\n行政处罚\n— 1 —\n" + _H1 + after_break + "第二十条第（八）项\n信息内容\n"
            "本年收费金额（单位：万元）\n行政事业性收费\n2\n" + _REQ + "一、本年新收政府信息公开申请数量\n"
            + "\n".join("3000003") + "\n" + NEXT)


def test_first_sub_tables_header_repeated_in_a_later_sub_table_is_a_page_break():
    """'行政处罚' / footer / first header / '4' / '行政强制': the 4 may be 行政处罚's (carried over
    the page) or 行政强制's (printed before its label); once 行政强制 = 4."""
    res = run(_table_two("4\n行政强制\n"))
    got = _codes(res)
    assert "active.punishment.decisions" not in got and "active.coercion.decisions" not in got, got
    assert "continued over the page" in res.error
    assert {f["category"]: f["count"] for f in res.facts if f["category"] == "active.licensing.decisions"} == \
           {"active.licensing.decisions": 3}


def test_control_first_sub_tables_header_repeated_then_a_labelled_row():
    """'行政处罚' / footer / first header / '行政强制' / '4': nothing of 行政处罚 on either page, the
    next row printed with its number: 行政处罚 printed blank (zeros), 行政强制 = 4 (main was right)."""
    res = run(_table_two("行政强制\n4\n"))
    got = {f["category"]: f["count"] for f in res.facts if f["category"].startswith("active.")}
    assert got.get("active.punishment.decisions") == 0 and got.get("active.coercion.decisions") == 4, got
