"""Bare row labels in laid-out text (issue 9, point 9; session 9): what closes a row label
printed with nothing after it, read from text with x positions — pdfplumber
``extract_text(layout=True)`` (each character one column) and display-width text (a CJK
character two columns, tests/pdftext.py ``display``).  Session 8's bare-row rules were tested
on flattened text only (tests/test_page_break_rows.py, tests/test_bare_row_table_end.py).

The texts are table 三 and 四 of one generated sparse report (tests/pdfgen.py seed 7000,
``sparse_applicants``, 2019 template) in both renderings, cut down: blank cells printed
empty, so its all-blank rows are bare labels (``*_ZEROS``: the same report with blank cells
printed ``0``, where no bare row proves that).  A bare row reads as zeros where what follows
closes it for certain: the next row label of its table; a group label, or its table's header
repeated over a page (its first line one long text, ``sequence.header_line``), then a row
label of its table; or, where the document proves it prints blank rows as bare labels, the
end of its table (the next heading, or the header repeated and then the next heading or
another table's row).  The document's end after it, or after a header or group label
below it, leaves it out, named.  Session 8 read a bare row before the repeated header and
the next heading (or another table) as "the table breaks right after its label": left out
even where the document proves its blank rows bare.
"""
from __future__ import annotations

import pytest

from pipeline.process import process_document
from tests.pdftext import encode
from tests.pdftext_oracle import emitted, emitted_rows

LAYOUT = """\
          三、收到和处理政府信息公开申请情况

          （本列数据的勾稽关系为：第一项加第二项之和，等于第                   申请人情况
          三项加第四项之和）                         自然       法人或其他组织         总计
                                            人   商业  科研  社会  法律   其他
                                                企业  机构  公益  服务
                                                        组织  机构
          一、本年新收政府信息公开申请数量                   42                      42
          二、上年结转政府信息公开申请数量
          三、本年度    （一）予以公开
          办理结果     （二）部分公开（区分处理的，只计这一情       2                        2
                   形，不计其他情形）
                   （三）不予公开  1.属于国家秘密
                            2.其他法律行政法规禁止     5                        5
                            公开
                            3.危及“三安全一稳定”
                            4.保护第三方合法权益      7                        7
                            5.属于三类内部事务信息
                            6.属于四类过程性信息

                            7.属于行政执法案卷
                            8.属于行政查询事项
                   （四）无法提供  1.本机关不掌握相关政府
                            信息
                            2.没有现成信息需要另行     5                        5
                            制作
                            3.补正后申请内容仍不明
                            确
                   （五）不予处理  1.信访举报投诉类申请
                            2.重复申请           5                        5
                            3.要求提供公开出版物      6                        6
                            4.无正当理由大量反复申     11                      11
                            请
                            5.要求行政机关确认或重     1                        1
                            新出具已获取信息
                   （六）其他处理
                   （七）总计                     42                      42
          四、结转下年度继续办理
"""
LAYOUT_APPEALS = """\
          四、政府信息公开行政复议、行政诉讼情况
                       行政复议                                             行政诉讼
           结果维持  结果纠正  其他结果   尚未审结    总计             未经复议直接起诉                          复议后起诉
                                           结果维持  结果纠正   其他结果  尚未审结    总计   结果维持  结果纠正   其他结果  尚未审结    总计
                   6      3     3     12     6                  5     11
          五、存在的主要问题及改进情况
"""

DISPLAY = """\
              三、收到和处理政府信息公开申请情况
               （本列数据的勾稽关系为：第一项加第二项之和，等于第              申请人情况
               三项加第四项之和）                               自然         法人或其他组织         总计
                                                                人    商业  科研  社会  法律  其他
                                                                      企业  机构  公益  服务
                                                                                  组织  机构
               一、本年新收政府信息公开申请数量                  42                                  42
               二、上年结转政府信息公开申请数量
               三、本年度  （一）予以公开
               办理结果    （二）部分公开（区分处理的，只计这一情 2                                  2
                           形，不计其他情形）
                           （三）不予公开 1.属于国家秘密
                                         2.其他法律行政法规禁止  5                                   5
                                         公开
                                         3.危及“三安全一稳定”
                                         4.保护第三方合法权益    7                                   7
                                         5.属于三类内部事务信息
                                         6.属于四类过程性信息
                                         7.属于行政执法案卷
                                         8.属于行政查询事项
                           （四）无法提供 1.本机关不掌握相关政府
                                         信息
                                         2.没有现成信息需要另行  5                                   5
                                         制作
                                         3.补正后申请内容仍不明
                                         确
                           （五）不予处理 1.信访举报投诉类申请
                                         2.重复申请              5                                   5
                                         3.要求提供公开出版物    6                                   6
                                         4.无正当理由大量反复申  11                                  11
                                         请
                                         5.要求行政机关确认或重  1                                   1
                                         新出具已获取信息
                           （六）其他处理
                           （七）总计                            42                                  42
               四、结转下年度继续办理
"""
DISPLAY_APPEALS = """\
              四、政府信息公开行政复议、行政诉讼情况
                                  行政复议                                                              行政诉讼
               结果维持  结果纠正 其他结果 尚未审结   总计                   未经复议直接起诉                                 复议后起诉
                                                              结果维持 结果纠正  其他结果 尚未审结   总计    结果维持 结果纠正 其他结果 尚未审结    总计
                            6        3         3       12        6                           5        11
              五、存在的主要问题及改进情况
"""

LAYOUT_ZEROS = """\
          三、收到和处理政府信息公开申请情况

          （本列数据的勾稽关系为：第一项加第二项之和，等于第                   申请人情况
          三项加第四项之和）                         自然       法人或其他组织         总计
                                            人   商业  科研  社会  法律   其他
                                                企业  机构  公益  服务
                                                        组织  机构
          一、本年新收政府信息公开申请数量                   42  0   0   0   0    0  42
          二、上年结转政府信息公开申请数量                   0   0   0   0   0    0   0
          三、本年度    （一）予以公开                   0   0   0   0   0    0   0
          办理结果     （二）部分公开（区分处理的，只计这一情       2   0   0   0   0    0   2
                   形，不计其他情形）
                   （三）不予公开  1.属于国家秘密         0   0   0   0   0    0   0
                            2.其他法律行政法规禁止     5   0   0   0   0    0   5
                            公开
                            3.危及“三安全一稳定”     0   0   0   0   0    0   0
                            4.保护第三方合法权益      7   0   0   0   0    0   7
                            5.属于三类内部事务信息     0   0   0   0   0    0   0
                            6.属于四类过程性信息      0   0   0   0   0    0   0

                            7.属于行政执法案卷       0   0   0   0   0    0   0
                            8.属于行政查询事项       0   0   0   0   0    0   0
                   （四）无法提供  1.本机关不掌握相关政府     0   0   0   0   0    0   0
                            信息
                            2.没有现成信息需要另行     5   0   0   0   0    0   5
                            制作
                            3.补正后申请内容仍不明     0   0   0   0   0    0   0
                            确
                   （五）不予处理  1.信访举报投诉类申请      0   0   0   0   0    0   0
                            2.重复申请           5   0   0   0   0    0   5
                            3.要求提供公开出版物      6   0   0   0   0    0   6
                            4.无正当理由大量反复申     11  0   0   0   0    0  11
                            请
                            5.要求行政机关确认或重     1   0   0   0   0    0   1
                            新出具已获取信息
                   （六）其他处理                   0   0   0   0   0    0   0
                   （七）总计                     42  0   0   0   0    0  42
          四、结转下年度继续办理                        0   0   0   0   0    0   0
"""
LAYOUT_ZEROS_APPEALS = """\
          四、政府信息公开行政复议、行政诉讼情况
                       行政复议                                             行政诉讼
           结果维持  结果纠正  其他结果   尚未审结    总计             未经复议直接起诉                          复议后起诉
                                           结果维持  结果纠正   其他结果  尚未审结    总计   结果维持  结果纠正   其他结果  尚未审结    总计
             0     6      3     3     12     6     0      0     5     11     0     0      0     0      0
          五、存在的主要问题及改进情况
"""

DISPLAY_ZEROS = """\
              三、收到和处理政府信息公开申请情况
               （本列数据的勾稽关系为：第一项加第二项之和，等于第              申请人情况
               三项加第四项之和）                               自然         法人或其他组织         总计
                                                                人    商业  科研  社会  法律  其他
                                                                      企业  机构  公益  服务
                                                                                  组织  机构
               一、本年新收政府信息公开申请数量                  42    0     0     0     0     0     42
               二、上年结转政府信息公开申请数量                  0     0     0     0     0     0     0
               三、本年度  （一）予以公开                        0     0     0     0     0     0     0
               办理结果    （二）部分公开（区分处理的，只计这一情 2    0     0     0     0     0     2
                           形，不计其他情形）
                           （三）不予公开 1.属于国家秘密         0     0     0     0     0     0     0
                                         2.其他法律行政法规禁止  5     0     0     0     0     0     5
                                         公开
                                         3.危及“三安全一稳定”    0     0     0     0     0     0     0
                                         4.保护第三方合法权益    7     0     0     0     0     0     7
                                         5.属于三类内部事务信息  0     0     0     0     0     0     0
                                         6.属于四类过程性信息    0     0     0     0     0     0     0
                                         7.属于行政执法案卷      0     0     0     0     0     0     0
                                         8.属于行政查询事项      0     0     0     0     0     0     0
                           （四）无法提供 1.本机关不掌握相关政府 0     0     0     0     0     0     0
                                         信息
                                         2.没有现成信息需要另行  5     0     0     0     0     0     5
                                         制作
                                         3.补正后申请内容仍不明  0     0     0     0     0     0     0
                                         确
                           （五）不予处理 1.信访举报投诉类申请   0     0     0     0     0     0     0
                                         2.重复申请              5     0     0     0     0     0     5
                                         3.要求提供公开出版物    6     0     0     0     0     0     6
                                         4.无正当理由大量反复申  11    0     0     0     0     0     11
                                         请
                                         5.要求行政机关确认或重  1     0     0     0     0     0     1
                                         新出具已获取信息
                           （六）其他处理                        0     0     0     0     0     0     0
                           （七）总计                            42    0     0     0     0     0     42
               四、结转下年度继续办理                            0     0     0     0     0     0     0
"""
DISPLAY_ZEROS_APPEALS = """\
              四、政府信息公开行政复议、行政诉讼情况
                                  行政复议                                                              行政诉讼
               结果维持  结果纠正 其他结果 尚未审结   总计                   未经复议直接起诉                                 复议后起诉
                                                              结果维持 结果纠正  其他结果 尚未审结   总计    结果维持 结果纠正 其他结果 尚未审结    总计
                   0        6        3         3       12        6        0         0        5        11        0        0        0         0        0
              五、存在的主要问题及改进情况
"""



# table 二 of the same report (its sub-tables' headers between the rows)
LAYOUT_TWO = """\
          二、主动公开政府信息情况
                   第二十条第（一）项
               信息内容       本年新 本年新  对外公
                          制作数 公开数  开总数
                           量    量   量
          规章
          规范性文件                 38   4
                   第二十条第（五）项
               信息内容       上一年 本年增  处理决
                          项目数  /减  定数量
                           量
          行政许可                       2
          其他对外管理服务事项
                   第二十条第（六）项
               信息内容       上一年 本年增  处理决
                          项目数  /减  定数量
                           量
          行政处罚                       2
          行政强制
                   第二十条第（八）项
               信息内容       上一年   本年增/减
                          项目数
                           量
          行政事业性收费                 -2
                   第二十条第（九）项
               信息内容       采购项  采购总金额
                          目数量

          政府集中采购           1      9
"""
DISPLAY_TWO = """\
              二、主动公开政府信息情况
                            第二十条第（一）项
                      信息内容       本年新 本年新 对外公
                                     制作数 公开数 开总数
                                       量     量    量
               规章
               规范性文件                     38     4
                            第二十条第（五）项
                      信息内容       上一年 本年增 处理决
                                     项目数  /减   定数量
                                       量
               行政许可                              2
               其他对外管理服务事项
                            第二十条第（六）项
                      信息内容       上一年 本年增 处理决
                                     项目数  /减   定数量
                                       量
               行政处罚                              2
               行政强制
                            第二十条第（八）项
                      信息内容       上一年   本年增/减
                                     项目数
                                       量
               行政事业性收费                    -2
                            第二十条第（九）项
                      信息内容       采购项   采购总金额
                                     目数量
               政府集中采购            1          9
"""


TITLE = "某某市生态环境局2019年政府信息公开工作年度报告\n\n"
FOOTER = "\n                                       — 1 —\n\f"  # the page's footer, then the next page
FIVE = "              部分栏目更新不够及时。下一步将完善信息发布审核机制，确保信息准确及时发布。\n"
RENDERINGS = {"layout": (LAYOUT, LAYOUT_APPEALS, LAYOUT_ZEROS, LAYOUT_ZEROS_APPEALS),
              "display": (DISPLAY, DISPLAY_APPEALS, DISPLAY_ZEROS, DISPLAY_ZEROS_APPEALS)}
TWO = {"layout": LAYOUT_TWO, "display": DISPLAY_TWO}
ZEROS = [0.0] * 7


def _header(table: str) -> str:
    """Table 三's header as printed at the top of each of its pages (the 5 lines below its heading)."""
    return "\n".join(table.split("\n")[1:6]) + "\n"


def _line(table: str, key: str) -> str:
    return next(ln for ln in table.split("\n") if key in ln) + "\n"


def _upto(table: str, key: str) -> str:
    """The table cut right after the line holding ``key``."""
    line = _line(table, key)
    return table[:table.index(line) + len(line)]


def _after(table: str, key: str, inserted: str) -> str:
    cut = _upto(table, key)
    return cut + inserted + table[len(cut):]


def _bare(table: str, key: str) -> str:
    """The line holding ``key`` printed as its label alone (its cells' zeros dropped)."""
    line = _line(table, key)
    return table.replace(line, line[:line.index(key) + len(key)] + "\n")


def _read(text: str):
    result = process_document(encode(TITLE + text, "utf-8"), source_path="x.txt")
    return result, emitted_rows(result)


def _said(result, code: str) -> list[str]:
    """The report's sentences about row ``code`` (each up to the next row's)."""
    clauses = (result.error or "").split("; ")
    out: list[str] = []
    for c in clauses:
        if c.startswith("row ") or c.startswith("table ") or not out:
            out.append(c)
        else:  # a sentence's own "; …" tail
            out[-1] += "; " + c
    return [c for c in out if c.startswith(f"row {code}:")]


_FORWARD = "requests.carried_forward"  # 三's last row: 四、结转下年度继续办理
_QUERY = "requests.denied.admin_query"  # 8.属于行政查询事项, bare, before the group label （四）无法提供


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_bare_rows_closed_by_the_next_row_or_a_group_label_then_its_row_are_all_blank(rendering):
    table, appeals, _, _ = RENDERINGS[rendering]
    result, rows = _read(table + "\f" + appeals + FIVE)
    assert rows["requests.new"] == [42.0, 0, 0, 0, 0, 0, 42.0]
    assert rows["requests.carried_over"] == ZEROS  # then the group label 三、本年度 and （一）予以公开
    assert rows["requests.granted"] == ZEROS  # then the group label's second line 办理结果 and （二）
    assert rows[_QUERY] == ZEROS  # then the group label （四）无法提供 and its 1.
    assert rows["requests.other.total"] == ZEROS  # then （七）总计
    assert rows[_FORWARD] == ZEROS  # then heading 四, in a document that proves its blank rows bare
    assert rows["requests.total"] == [42.0, 0, 0, 0, 0, 0, 42.0]
    assert not any(c.startswith("row requests.") for c in (result.error or "").split("; ")), result.error


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_bare_row_then_the_end_is_left_out(rendering):
    table = RENDERINGS[rendering][0]
    result, rows = _read(_upto(table, "8.属于行政查询事项"))
    assert _QUERY not in rows and rows["requests.denied.third_party_rights"] == [7.0, 0, 0, 0, 0, 0, 7.0]
    assert _said(result, _QUERY) == [f"row {_QUERY}: the document ends right after its label, which may be an "
                                     f"all-blank row or a row cut off; no cell of it is in the document"]


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_bare_row_then_a_group_label_then_the_end_is_left_out(rendering):
    table = RENDERINGS[rendering][0]
    group = _line(table, "（四）无法提供")
    result, rows = _read(_upto(table, "8.属于行政查询事项") + group[:group.index("（四）无法提供") + 7] + "\n")
    assert _QUERY not in rows
    assert "then the document ends with no row of its table" in _said(result, _QUERY)[0]


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_bare_row_then_its_header_repeated_then_its_next_row_is_all_blank(rendering):
    table, appeals, _, _ = RENDERINGS[rendering]
    result, rows = _read(_after(table, "8.属于行政查询事项", FOOTER + _header(table)) + "\f" + appeals + FIVE)
    assert rows[_QUERY] == ZEROS and rows["requests.unable.not_held"] == ZEROS
    assert rows["requests.unable.needs_creation"] == [5.0, 0, 0, 0, 0, 0, 5.0]
    assert _said(result, _QUERY) == []


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_bare_row_then_its_header_repeated_then_the_end_is_left_out(rendering):
    """A page whose rows are not in the document: the row's cells are not either (session 8
    said "the table breaks right after its label"; now what followed the header)."""
    table = RENDERINGS[rendering][0]
    result, rows = _read(_upto(table, "8.属于行政查询事项") + FOOTER + _header(table))
    assert _QUERY not in rows
    assert "only a column header or group label follows its label, then the document ends" in _said(result, _QUERY)[0]


def _last_row_bare(rendering: str, proven: bool) -> tuple[str, str]:
    """Table 三 whose last row 四、结转… is printed bare, and table 四; ``proven``: the sparse
    rendering (its other blank rows bare and confirmed), else the one printing blank cells '0'."""
    table, appeals, zeros, zeros_appeals = RENDERINGS[rendering]
    return (table, appeals) if proven else (_bare(zeros, "四、结转下年度继续办理"), zeros_appeals)


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("proven", [True, False], ids=["proven", "control-unproven"])
def test_bare_last_row_then_the_heading(rendering, proven):
    table, appeals = _last_row_bare(rendering, proven)
    result, rows = _read(table + "\f" + appeals + FIVE)
    assert rows["requests.total"] == [42.0, 0, 0, 0, 0, 0, 42.0]
    if proven:
        assert rows[_FORWARD] == ZEROS and _said(result, _FORWARD) == []
    else:
        assert _FORWARD not in rows and rows["requests.carried_over"] == ZEROS
        assert "the next section follows right after its label" in _said(result, _FORWARD)[0]


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("proven", [True, False], ids=["proven", "control-unproven"])
def test_bare_last_row_then_its_header_repeated_then_the_heading(rendering, proven):
    """'四、结转…' at the foot of a page, 三's header repeated atop the next, then heading 四:
    the table ended after the row, as with the heading right after it (session 8: left out
    as "the table breaks" even where proven)."""
    table, appeals = _last_row_bare(rendering, proven)
    result, rows = _read(table + FOOTER + _header(table) + "\f" + appeals + FIVE)
    if proven:
        assert rows[_FORWARD] == ZEROS and _said(result, _FORWARD) == []
    else:
        assert _FORWARD not in rows
        assert "then the next section's heading follows" in _said(result, _FORWARD)[0]


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("proven", [True, False], ids=["proven", "control-unproven"])
def test_bare_last_row_then_its_header_repeated_then_another_tables_row(rendering, proven):
    """The same with heading 四 missing: 四's header and numbers follow 三's repeated header.  The
    section finder takes 四's header line for its heading (parsers/sections.py), so to the rows
    it is the next heading; 四 is read all the same."""
    table, appeals = _last_row_bare(rendering, proven)
    result, rows = _read(table + FOOTER + _header(table) + appeals.split("\n", 1)[1] + FIVE)
    if proven:
        assert rows[_FORWARD] == ZEROS and _said(result, _FORWARD) == []
    else:
        assert _FORWARD not in rows
        assert "then the next section's heading follows" in _said(result, _FORWARD)[0]
    appeals = {code: v for (code, _), v in emitted(result).items() if code.startswith("appeals.")}
    assert len(appeals) == 15 and [appeals[f"appeals.review.{c}"] for c in ("upheld", "corrected", "total")] == \
        [0.0, 6.0, 12.0]
    assert [appeals[f"appeals.litigation_direct.{c}"] for c in ("upheld", "pending", "total")] == [6.0, 5.0, 11.0]


def _active(result) -> dict[str, float]:
    return {code: v for (code, _), v in emitted(result).items() if code.startswith("active.")}


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_table_two_bare_rows_closed_by_the_next_sub_tables_header_then_its_row_are_all_blank(rendering):
    """'其他对外管理服务事项' bare, then '第二十条第（六）项' and its header, then '行政处罚 … 2';
    '行政强制' bare, then the fees sub-table's header and '行政事业性收费 … -2': zeros."""
    table, appeals, _, _ = RENDERINGS[rendering]
    result, _ = _read(TWO[rendering] + table + "\f" + appeals + FIVE)
    got = _active(result)
    for row in ("other_services", "coercion"):
        assert [got[f"active.{row}.{c}"] for c in ("prev_items", "change", "decisions")] == [0.0, 0.0, 0.0]
    assert got["active.punishment.decisions"] == 2.0 and got["active.fees.change"] == -2.0
    assert not any(c.startswith("row active.") for c in (result.error or "").split("; ")), result.error


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("cut", ["after-the-label", "after-the-header"])
def test_table_two_bare_row_then_the_end_is_left_out(rendering, cut):
    """The document cut right after '行政强制', or after the fees sub-table's header below it."""
    two = TWO[rendering]
    text = _upto(two, "行政强制") if cut == "after-the-label" else two[:two.index(_line(two, "行政事业性收费"))]
    result, _ = _read(text)
    got = _active(result)
    assert not any(k.startswith("active.coercion") for k in got) and got["active.other_services.decisions"] == 0.0
    said = "the document ends right after its label" if cut == "after-the-label" else \
        "only a column header or group label follows its label, then the document ends"
    assert said in _said(result, "active.coercion")[0]


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("footer", ["", FOOTER], ids=["no-footer", "footer"])
def test_header_repeated_before_the_group_label_of_granted_keeps_every_row(rendering, footer):
    """Table 三's header repeated over a page right before '三、本年度  （一）予以公开' / '办理结果
    （二）部分公开…' (session 10, issue 9): the header's last pieces '组织' '机构' were joined with
    the three label fragments after them into one loose match of （二）部分公开, so （一）予以公开
    (printed bare: zeros) was lost and, in pdfplumber text, the header band with it (six rows
    kept only their totals).  Two numbered fragments are two labels: every row reads as
    without the repeated header."""
    table, appeals, _, _ = RENDERINGS[rendering]
    _, plain = _read(table + "\f" + appeals + FIVE)
    result, rows = _read(_after(table, "二、上年结转", footer + _header(table)) + "\f" + appeals + FIVE)
    assert rows["requests.granted"] == ZEROS and rows["requests.carried_over"] == ZEROS
    assert rows["requests.partially_granted"] == [2.0, 0, 0, 0, 0, 0, 2.0]
    assert rows == plain
    assert not any(c.startswith("row requests.") or c.startswith("table 三") for c in (result.error or "").split("; ")), \
        result.error
