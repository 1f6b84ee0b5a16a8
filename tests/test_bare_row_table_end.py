"""A bare row label that is the last row of its table printed (issue 9, point 9; session 9).

Where the document proves that it prints an all-blank row as its label alone (another bare
row of it is closed for certain: by the next row label of its table, or by a header or
group label that a row label of its table then follows), a bare row at the end of its table
is all blank (zeros) — whether the next section's heading follows it straight, or first a
header or group label (its table's header repeated at the top of the next page, 三's header
after 二's last row with heading 三 missing) and then the next heading or another table's row.
The table ended after the row either way; what the header adds (perhaps a page whose rows are
not in the document) is as open for the heading right after the label.  Session 8 read the
first as zeros and left the second out.  Without that proof each is left out and named, and
the document's end after the label, or after a header below it, is always left out (the
document may be cut off there).
"""
from __future__ import annotations

from tests.test_align import NEXT, REQ_HEAD, cells, run

_REQ = "三、收到和处理政府信息公开申请情况\n" + REQ_HEAD
_ZEROS = " 0 0 0 0 0 0 0\n"
_FOOTER = "— 2 —\n"
_LAST = "四、结转下年度继续办理"  # 三's last row, bare
# 四 with its heading missing: its header (行政复议 opens it), then its fifteen numbers
_APPEALS = ("行政复议\n结果维持\n结果纠正\n其他结果\n尚未审结\n总计\n行政诉讼\n未经复议直接起诉\n复议后起诉\n"
            "1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n")


def _requests(proof: bool) -> str:
    """Table 三 with its last row bare.  ``proof``: 二、上年结转 and （二）部分公开 are printed
    bare too, each closed for certain (by the group label and （一）, by （七）总计); else they
    are printed with their zeros and no bare row of the document is confirmed."""
    bare = "\n" if proof else _ZEROS
    return (_REQ + "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n二、上年结转政府信息公开申请数量" + bare
            + "三、本年度办理结果\n（一）予以公开 3 0 0 0 0 0 3\n（二）部分公开" + bare
            + "（七）总计 3 0 0 0 0 0 3\n" + _LAST + "\n")


def _placements(res, code: str) -> set[str]:
    return {f["placement"] for f in res.facts if f["category"] == code}


def test_proven_bare_last_row_then_the_heading_is_all_blank():
    """The session 8 reading, kept: '四、结转下年度继续办理' / '四、政府信息公开行政复议…'."""
    res = run(_requests(True) + NEXT + _APPEALS)
    assert cells(res, "requests.carried_forward") == [0] * 7
    assert cells(res, "requests.carried_over") == [0] * 7 and cells(res, "requests.partially_granted") == [0] * 7
    assert "requests.carried_forward" not in (res.error or "")


def test_control_unproven_bare_last_row_then_the_heading_is_left_out():
    res = run(_requests(False) + NEXT + _APPEALS)
    assert cells(res, "requests.carried_forward") is None
    assert cells(res, "requests.carried_over") == [0] * 7
    assert "row requests.carried_forward: the next section follows right after its label" in res.error


def test_proven_bare_last_row_then_its_header_then_another_tables_row_is_all_blank():
    """'四、结转下年度继续办理' / footer / 三's header repeated / 四's header and numbers (heading
    四 missing): the table ended after the row, as with the heading — zeros (once left out)."""
    res = run(_requests(True) + _FOOTER + REQ_HEAD + _APPEALS)
    assert cells(res, "requests.carried_forward") == [0] * 7
    assert _placements(res, "requests.carried_forward") == _placements(res, "requests.carried_over") == {"position"}
    assert "requests.carried_forward" not in (res.error or "")
    assert {f["category"] for f in res.facts if f["count"] == 1} >= {"appeals.review.upheld", "appeals.review.total"}


def test_control_unproven_bare_last_row_then_its_header_then_another_tables_row_is_left_out():
    res = run(_requests(False) + _FOOTER + REQ_HEAD + _APPEALS)
    assert cells(res, "requests.carried_forward") is None
    assert ("row requests.carried_forward: only a column header or group label follows its label, then another "
            "table's row follows") in res.error


def test_proven_bare_last_row_then_its_header_then_the_heading_is_all_blank():
    res = run(_requests(True) + _FOOTER + REQ_HEAD + NEXT + _APPEALS)
    assert cells(res, "requests.carried_forward") == [0] * 7
    assert "requests.carried_forward" not in (res.error or "")


def test_control_unproven_bare_last_row_then_its_header_then_the_heading_is_left_out():
    res = run(_requests(False) + _FOOTER + REQ_HEAD + NEXT + _APPEALS)
    assert cells(res, "requests.carried_forward") is None
    assert "then the next section's heading follows" in res.error


def test_proven_bare_last_row_then_the_end_is_still_left_out():
    """The document's end right after the label, or after the header below it: perhaps cut off,
    proof or not."""
    for tail, said in (("", "the document ends right after its label"),
                       (_FOOTER + REQ_HEAD, "then the document ends with no row of its table")):
        res = run(_requests(True) + tail)
        assert cells(res, "requests.carried_forward") is None
        assert cells(res, "requests.carried_over") == [0] * 7
        assert "row requests.carried_forward: " in res.error and said in res.error


_TWO = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n"
_FEES = "第二十条第（八）项\n信息内容 本年收费金额（单位：万元）\n行政事业性收费\n"  # 二's last row, bare


def _fees(res):
    return {f["category"]: f["amount"] for f in res.facts if f["category"].startswith("active.fees")}


def test_proven_bare_last_row_of_table_two_then_table_three_without_its_heading_is_all_blank():
    """'规章' printed bare before '行政规范性文件 0 0 1' (the proof), '行政事业性收费' bare, then 三's
    header and rows with heading 三 missing: 二 ended after the fees row — zero."""
    res = run(_TWO + "规章\n行政规范性文件 0 0 1\n" + _FEES + REQ_HEAD + "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n"
              + NEXT)
    assert list(_fees(res).values()) == [0]
    assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]


def test_control_unproven_bare_last_row_of_table_two_then_table_three_is_left_out():
    res = run(_TWO + "规章 1 0 2\n行政规范性文件 0 0 1\n" + _FEES + REQ_HEAD + "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n"
              + NEXT)
    assert _fees(res) == {}
    assert "row active.fees: only a column header or group label follows its label, then another table's row" \
        in res.error


# ---- prose right after the header that follows a bare row (session 10, issue 9) -------------
# The header adds nothing: prose after it breaks the table as prose right after the label does
# ("the table breaks right after its label": left out, proof or not).  Session 9 read the
# header's close as certain once a row label of its table came after the prose (zeros even
# where no bare row is proven), and as the table's end before the heading or another table.
_PROSE = "注：本表数据来源于本机关政府信息公开工作台账，统计截止时间为年末。\n"
_THEN_PROSE = ("row requests.{}: only a column header or group label follows its label, then prose (the table "
               "breaks there), which may be an all-blank row or a row cut off; no cell of it is in the document")


def _partly_bare(proof: bool, between: str) -> str:
    """（二）部分公开 printed bare, then ``between``, then （七）总计 and the rest of 三, then 四."""
    bare = "\n" if proof else _ZEROS
    return (_REQ + "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n二、上年结转政府信息公开申请数量" + bare
            + "三、本年度办理结果\n（一）予以公开 3 0 0 0 0 0 3\n（二）部分公开\n" + between
            + "（七）总计 3 0 0 0 0 0 3\n" + _LAST + _ZEROS + NEXT + _APPEALS)


def test_bare_row_then_its_header_then_prose_then_its_next_row_is_left_out():
    """Was seven zeros, in a document that proves nothing about bare rows (its other rows print 0)."""
    for proof in (True, False):
        res = run(_partly_bare(proof, _FOOTER + REQ_HEAD + _PROSE))
        assert cells(res, "requests.partially_granted") is None
        assert cells(res, "requests.granted") == [3, 0, 0, 0, 0, 0, 3] and cells(res, "requests.total") == [3, 0, 0, 0, 0, 0, 3]
        assert _THEN_PROSE.format("partially_granted") in res.error


def test_control_bare_row_then_its_header_then_its_next_row_is_all_blank():
    for proof in (True, False):
        res = run(_partly_bare(proof, _FOOTER + REQ_HEAD))
        assert cells(res, "requests.partially_granted") == [0] * 7
        assert "requests.partially_granted" not in (res.error or "")


def test_control_bare_row_then_prose_then_its_next_row_is_left_out():
    res = run(_partly_bare(True, _PROSE))
    assert cells(res, "requests.partially_granted") is None
    assert "row requests.partially_granted: the table breaks right after its label" in res.error


def test_proven_bare_last_row_then_its_header_then_prose_is_left_out():
    """'四、结转下年度继续办理' / footer / header / prose, then the heading or 四's header and row
    (heading 四 missing): was seven zeros; prose right after the label leaves it out, and so
    it does after the header."""
    for tail in (NEXT + _APPEALS, _APPEALS):
        res = run(_requests(True) + _FOOTER + REQ_HEAD + _PROSE + tail)
        assert cells(res, "requests.carried_forward") is None
        assert cells(res, "requests.carried_over") == [0] * 7 and cells(res, "requests.partially_granted") == [0] * 7
        assert _THEN_PROSE.format("carried_forward") in res.error
        assert {f["category"] for f in res.facts if f["count"] == 1} >= {"appeals.review.upheld", "appeals.review.total"}
