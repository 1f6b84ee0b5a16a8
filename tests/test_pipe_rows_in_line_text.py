"""A number printed among a line's words in text read one cell per line (issue 9; session 10).

A converter may print a few rows as pipe rows ("| 行政许可 | 4 | ||") in text that is
otherwise one cell per line, too few pipe lines for the text to be read by its pipes
(``tokens._PIPE_SHARE``).  Read as words, the pipes kept the number from being the row's
tail: "4" became a label fragment, was dropped (or joined into the label), and the row,
bare, read as 0 — a wrong cell.  Now a line with pipes is cut at its pipes as in pipe mode
(one printed row where two or more cells hold text), and anywhere a readable number still
stands among label fragments where a table's values stand ("行政许可 4 （件）") it is a cell
left out and named, never a label.
"""
from __future__ import annotations

import pytest

from tests.test_align import NEXT, REQ_HEAD, cells, run

_TWO = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
        "规章\n1\n0\n2\n行政规范性文件\n0\n0\n1\n第二十条第（五）项\n信息内容\n本年处理决定数量\n")
# 行政处罚 printed bare, closed by 行政强制: the document prints its blank rows as bare labels,
# so a bare 行政许可 reads as 0
_REST = ("第二十条第（六）项\n信息内容\n本年处理决定数量\n行政处罚\n行政强制\n8\n第二十条第（八）项\n信息内容\n"
         "本年收费金额（单位：万元）\n行政事业性收费\n0.5\n三、收到和处理政府信息公开申请情况\n")


def _active(res) -> dict[str, float]:
    return {f["category"]: f["count"] if f["count"] is not None else f["amount"]
            for f in res.facts if f["category"].startswith("active.")}


@pytest.mark.parametrize("row", ["| 行政许可 | 4 | ||", "| 行政许可 | 4 |", "行政许可 | 4 | ||",
                                 "| 行政许可 |\n| 4 |\n| ||"])
def test_a_pipe_row_in_text_read_one_cell_per_line_keeps_its_number(row):
    """Was 行政许可 = 0 (the 4 a label, the row bare)."""
    res = run(_TWO + row + "\n" + _REST)
    got = _active(res)
    assert got["active.licensing.decisions"] == 4
    assert got["active.punishment.decisions"] == 0 and got["active.coercion.decisions"] == 8
    assert "active.licensing" not in (res.error or "")


def test_control_the_same_row_one_cell_per_line():
    got = _active(run(_TWO + "行政许可\n4\n" + _REST))
    assert got["active.licensing.decisions"] == 4 and got["active.punishment.decisions"] == 0


@pytest.mark.parametrize("row", ["行政许可 4 （件）", "行政许可 4 备注"])
def test_a_number_among_words_is_left_out_and_named_never_dropped(row):
    """A number among a line's words, where 行政许可's value stands: not certainly its cell
    (the words after it may be one), so left out and named — it was dropped and the row read 0."""
    res = run(_TWO + row + "\n" + _REST)
    got = _active(res)
    assert "active.licensing.decisions" not in got
    control = _active(run(_TWO + "行政许可\n4\n" + _REST))
    assert all(control[k] == v for k, v in got.items()) and got["active.punishment.decisions"] == 0
    # a row label and its number on one line: the text prints rows on lines, so 8 alone on the
    # line below 行政强制 may be a page number (left out and named); nothing else is lost
    assert set(control) - set(got) <= {"active.licensing.decisions", "active.coercion.decisions",
                                       "active.fees.amount"}
    assert ("cell active.licensing.decisions ('4') is printed among words on its line, not as a cell of its own"
            in res.error)


_REQ = "三、收到和处理政府信息公开申请情况\n" + REQ_HEAD
_AFTER = ("二、上年结转政府信息公开申请数量\n0\n0\n0\n0\n0\n0\n0\n三、本年度办理结果\n（一）予以公开\n3\n0\n0\n0\n0\n0\n3\n"
          + NEXT)


@pytest.mark.parametrize("row", ["| 一、本年新收政府信息公开申请数量 | 3 | | | | | | 3 |",
                                 "一、本年新收政府信息公开申请数量 | 3 | | | | | | 3"])
def test_a_table_three_pipe_row_in_cell_per_line_text_keeps_its_places(row):
    """Blank cells between pipes keep their places; the rows after it are read as before."""
    res = run(_REQ + row + "\n" + _AFTER)
    assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]
    assert cells(res, "requests.carried_over") == [0] * 7
    assert cells(res, "requests.granted") == [3, 0, 0, 0, 0, 0, 3]


def test_a_2019_pipe_row_with_a_blank_cell_in_cell_per_line_text():
    two = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n"
           "规章\n1\n0\n2\n规范性文件\n0\n0\n1\n第二十条第（五）项\n信息内容\n上一年项目数量\n本年增/减\n处理决定数量\n"
           "| 行政许可 | 1 | | 5 |\n其他对外管理服务事项\n0\n0\n0\n三、收到和处理政府信息公开申请情况\n")
    got = _active(run(two))
    assert [got[f"active.licensing.{c}"] for c in ("prev_items", "change", "decisions")] == [1, 0, 5]
    assert [got[f"active.other_services.{c}"] for c in ("prev_items", "change", "decisions")] == [0, 0, 0]
