"""A bare row label at the foot of a page, then its table's header repeated over the next page
(laid-out text, sequence.header_line): where the header's first line is one long text (the
勾稽关系 note wrapped, then 申请人情况 after a run of spaces) it reads as prose and broke the table,
so the bare row was left out as perhaps cut off.  It is closed by its table's header when the
next thing of the table is straight a row label of it; a number between keeps it open."""
from __future__ import annotations

from pipeline.process import process_document
from tests.pdftext import encode
from tests.pdftext_oracle import emitted_rows

# table 三 as pdfplumber layout=True prints a sparse generated report (tests/test_pdf_layout_sparse.py
# seed 52, cut down): （一）予以公开 printed bare at the foot of page 1
SNIPPET = """某某镇人民政府2021年政府信息公开工作年度报告

三、收到和处理政府信息公开申请情况

          （本列数据的勾稽关系为：第一项加第二项之和，                      申请人情况
          等于第三项加第四项之和）                      自然       法人或其他组织         总计
                                            人   商业  科研  社会  法律  其他
                                                企业  机构  公益  服务
                                                        组织  机构

          一、本年新收政府信息公开申请数量                                   8        8
          二、上年结转政府信息公开申请数量                                   16      16
          三、本年度    （一）予以公开

                                       — 1 —



          （本列数据的勾稽关系为：第一项加第二项之和，                      申请人情况
          等于第三项加第四项之和）                      自然       法人或其他组织         总计
                                            人   商业  科研  社会  法律  其他
                                                企业  机构  公益  服务
                                                        组织  机构

          办理结果     （二）部分公开（区分处理的，只计
                   这一情形，不计其他情形）
                   （三）不予公   1.属于国家秘密
                   开        2.其他法律行政法规禁
                            止公开
                            3.危及“三安全一稳定                      3        3
                            ”

                            4.保护第三方合法权益
                            5.属于三类内部事务信
                            息
                            6.属于四类过程性信息                      6        6
                            7.属于行政执法案卷                       5        5
"""


def _rows(text: str):
    result = process_document(encode(text, "utf-8"), source_path="x.txt")
    return result, emitted_rows(result)


def test_a_bare_row_label_before_its_tables_repeated_header_is_all_blank():
    result, rows = _rows(SNIPPET)
    assert rows["requests.granted"] == [0.0] * 7
    assert rows["requests.new"] == [0.0, 0, 0, 0, 8.0, 0, 8.0]
    assert rows["requests.denied.security_stability"] == [0.0, 0, 0, 0, 3.0, 0, 3.0]
    assert "requests.granted" not in result.error


def test_numbers_between_the_header_and_the_next_row_label_keep_the_row_open():
    # numbers right after the repeated header, before any row label: they may be the bare
    # row's, continued over the page — its cells are not certain, and that is said
    line = "          办理结果     （二）部分公开（区分处理的，只计"
    assert line in SNIPPET
    numbers = SNIPPET.replace(line, "          办理结果" + " " * 57 + "4        4\n" + line)
    result, rows = _rows(numbers)
    assert "requests.granted" not in rows
    assert "row requests.granted: the table breaks right after its label" in result.error


def _prose_before_the_repeated_header(footer: str) -> str:
    head = "          （本列数据的勾稽关系为：第一项加第二项之和，                      申请人情况\n"
    assert SNIPPET.count(head) == 2
    first, rest = SNIPPET.rsplit(head, 1)
    return (first + "          本机关按照有关规定办理了全部申请并及时答复了申请人的全部诉求\n" + rest).replace("— 1 —", footer)


def test_a_long_line_that_is_no_header_of_the_table_still_breaks_it():
    # the same place, but the repeated header's long first line is prose: the row stays open
    # (the footer in words: one of numbers and blank marks is not certain here, below)
    result, rows = _rows(_prose_before_the_repeated_header("第 1 页"))
    assert "requests.granted" not in rows
    assert "row requests.granted: the table breaks right after its label" in result.error


def test_a_dash_footer_before_prose_is_read_as_cells_and_the_row_left_out():
    """'— 1 —' after the bare label, then prose, not the header again: nothing shows it is a page's
    foot (one footer, no numbering; parsers/page_footers.py), so it may be the row's cells —
    they fit no placement of its sums, and the row is left out and named (session 10)."""
    result, rows = _rows(_prose_before_the_repeated_header("— 1 —"))
    assert "requests.granted" not in rows
    assert "values '— 1 —' after the label '（一）予以公开' stand out of the table's row order" in result.error
