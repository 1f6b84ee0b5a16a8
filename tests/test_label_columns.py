"""Label columns of laid-out text (parsers/label_columns.py, alignment._by_label_columns): a
bare row label printed on the line of its group's wrapped label is read apart from it where
the fragments' starts put them in separate columns — and only there."""
from __future__ import annotations

from parsers.label_columns import label_columns, shares_a_line
from parsers.tokens import LABEL, Token
from pipeline.process import process_document
from tests.pdftext import encode
from tests.pdftext_oracle import emitted_rows

# table 三 as pdfplumber layout=True prints a sparse generated report (tests/test_pdf_layout_sparse.py
# seed 1, cut down): （一）予以公开 is printed bare (all its cells blank) on the line of "三、",
# the first fragment of the group label 三、本年度办理结果 wrapped down the left
SNIPPET = """某某镇人民政府2021年政府信息公开工作年度报告

          三、收到和处理政府信息公开申请情况
          （本列数据的勾稽关系                 申请人情况
          为：第一项加第二项之       自然       法人或其他组织         总计
          和，等于第三项加第四        人  商业  科研  社会  法律   其他
          项之和）
                               企业  机构  公益  服务
                                       组织  机构
          一、本年新收政府信息       27       23           7  57
          公开申请数量
          二、上年结转政府信息                            17  17
          公开申请数量
          三、  （一）予以公开
          本年  （二）部分公开       3                        3
          度办  （区分处理的，
          理结  只计这一情形，
          果   不计其他情形）
              （三）   1.属于国
              不予公   家秘密
              开     2.其他法                       12  12
                    律行政法
                    规禁止公
                    开
                    3.危及“
                    三安全一
                    稳定”
                    4.保护第                        5   5
                    三方合法
                    权益
"""


def _rows(text: str):
    result = process_document(encode(text, "utf-8"), source_path="x.txt")
    return result, emitted_rows(result)


def test_a_bare_row_label_beside_its_wrapped_group_label_is_its_own_row():
    result, rows = _rows(SNIPPET)
    assert rows["requests.granted"] == [0.0] * 7  # bare, closed by the next row label: all blank
    assert rows["requests.partially_granted"] == [3.0, 0, 0, 0, 0, 0, 3.0]
    assert rows["requests.new"] == [27.0, 0, 23.0, 0, 0, 7.0, 57.0]
    assert "requests.granted" not in result.error


def test_where_the_starts_leave_no_clear_label_column_two_numberings_still_part_the_labels():
    # the group label's fragments start two columns after one another (10, 12) up to the row
    # labels' (14, 16): no gap tells the label columns apart, so the columns cannot part "三、"
    # from "（一）予以公开" (before session 10 granted was then not found, and said).  A join
    # holding two fragments that each open with a numbering is two labels, though (parsers/
    # alignment label segmentation, issue 9 session 10): granted is its own bare row, read as in
    # the unblurred text, and nothing else changes
    blurred = SNIPPET.replace("          本年  （二）部分公开       3", "            本年  （二）部分公开     3")
    assert blurred != SNIPPET
    result, rows = _rows(blurred)
    assert rows["requests.granted"] == [0.0] * 7
    assert "requests.granted" not in result.error
    assert rows["requests.partially_granted"] == [3.0, 0, 0, 0, 0, 0, 3.0]
    assert (rows, result.error) == (_rows(SNIPPET)[1], _rows(SNIPPET)[0].error)


def _frag(text: str, start: int, line: int, x: bool = True) -> Token:
    from parsers.layout_measure import display_width
    return Token(LABEL, text, line=line, x=start + display_width(text) / 2 if x else None)


def test_fragments_split_by_the_column_they_start_in():
    run = [_frag("三、", 10, 1), _frag("（一）予以公开", 14, 1), _frag("本年", 10, 2), _frag("（二）部分公开", 14, 2),
           _frag("1.属于国", 19, 3), _frag("家秘密", 20, 4)]
    assert shares_a_line(run[:2]) and not shares_a_line(run[4:])
    cols = label_columns(run)
    assert [[t.text for t in c] for c in cols] == [["三、", "本年"], ["（一）予以公开", "（二）部分公开"],
                                                  ["1.属于国", "家秘密"]]


def test_no_split_where_the_columns_are_not_clean():
    assert label_columns([_frag("三、", 10, 1), _frag("本年", 10, 2)]) is None           # one column
    assert label_columns([_frag("三、", 10, 1), _frag("（一）", 14, 1, x=False)]) is None  # no position
    # two fragments of one line in one column: the starts do not tell which label is which
    assert label_columns([_frag("三、", 10, 1), _frag("本", 12, 1), _frag("（一）", 16, 2)]) is None
