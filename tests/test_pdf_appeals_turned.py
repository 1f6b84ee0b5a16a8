"""Table 四 printed turned (outcomes as rows, the three groups as columns): read by its own
structure or left out with a sentence — never the official layout's order, which would put
every number under the wrong group and outcome (parsers/appeals_layout.py).

Generated reports (tests/pdfgen.py ``appeals_turned``) as ruled PDFs and as the text four
tools lift from them; then minimal texts and a web page."""
from __future__ import annotations

import pytest

from pipeline.process import process_document
from tests.pdfgen import generate
from tests.pdftext import pdf_to_text
from tests.test_pdf_roundtrip import facts_of

SEEDS = range(8)
RENDERINGS = ("pdf", "plain", "layout", "words", "pdfium")
OUTCOMES = ("upheld", "corrected", "other", "pending", "total")
GROUPS = ("review", "litigation_direct", "litigation_after_review")


def _appeals(got: dict) -> list:
    return [got.get(f"appeals.{g}.{o}") for g in GROUPS for o in OUTCOMES]


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("seed", SEEDS)
def test_turned_table_four_round_trips(seed, rendering):
    rep = generate(seed, appeals_turned=True, appeals_page="same")
    data = rep.pdf if rendering == "pdf" else pdf_to_text(rep.pdf, rendering, "ff").encode()
    result = process_document(data, source_path="x.pdf" if rendering == "pdf" else "x.txt")
    got, want = _appeals(facts_of(result)), [rep.facts[f"appeals.{g}.{o}"] for g in GROUPS for o in OUTCOMES]
    assert [(k, g) for k, (g, w) in enumerate(zip(got, want)) if g is not None and float(g) != float(w)] == []
    if rendering == "pdf" or rep.options.blank_style != "mixed":  # every cell is carried
        assert got == want, result.error
    else:  # blank cells with nothing printed were dropped by the text tool: left out, and said
        assert None not in got or "outcomes as rows" in result.error


_HEAD = "某某县民政局2023年政府信息公开工作年度报告\n一、总体情况\n本机关认真贯彻落实条例。\n四、政府信息公开行政复议、行政诉讼情况\n"
_TAIL = "五、存在的主要问题及改进情况\n无。\n"


def _read(body: str) -> tuple:
    result = process_document((_HEAD + body + _TAIL).encode("utf-8"), source_path="x.txt")
    got = {f["category"]: f["count"] for f in result.facts if f["category"].startswith("appeals.")}
    return result, _appeals(got)


def test_turned_rows_are_read_by_their_groups():
    _, got = _read("行政复议 未经复议直接起诉 复议后起诉\n结果维持 1 2 3\n结果纠正 4 5 6\n其他结果 0 0 0\n"
                   "尚未审结 0 0 0\n总计 5 7 9\n")
    assert got == [1, 4, 0, 0, 5, 2, 5, 0, 0, 7, 3, 6, 0, 0, 9]  # once read as 1 2 3 4 5 6 0 … in order


def test_turned_tab_rows_keep_their_blank_cells():
    _, got = _read("行政复议\t未经复议直接起诉\t复议后起诉\n结果维持\t1\t\t3\n结果纠正\t\t5\t\n其他结果\t0\t0\t0\n"
                   "尚未审结\t0\t0\t0\n总计\t1\t5\t3\n")
    assert got == [1, 0, 0, 0, 1, 0, 5, 0, 0, 5, 3, 0, 0, 0, 3]


def test_turned_row_with_a_cell_missing_is_left_out_and_said():
    result, got = _read("行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n结果维持 1 2 3\n结果纠正 4 5\n其他结果 0 0 0\n"
                        "尚未审结 0 0 0\n总计 5 7 9\n")
    assert got == [1, None, 0, 0, 5, 2, None, 0, 0, 7, 3, None, 0, 0, 9]
    assert result.status == "partial" and "corrected (4 5)" in result.error


def test_turned_table_whose_columns_are_not_named_is_left_out():
    result, got = _read("行政复议 行政诉讼\n结果维持 1 2 3\n结果纠正 4 5 6\n其他结果 0 0 0\n尚未审结 0 0 0\n总计 5 7 9\n")
    assert got == [None] * 15
    assert result.status == "partial" and "do not name the three groups" in result.error


def test_turned_table_in_a_web_page():
    rows = [("结果维持", [1, "", 3]), ("结果纠正", [4, 5, ""]), ("其他结果", [0, 0, 0]), ("尚未审结", [0, 0, 0]),
            ("总计", [5, 5, 3])]
    html = ("<html><body><p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr><td></td><td>行政复议</td>"
            "<td>未经复议直接起诉</td><td>复议后起诉</td></tr>"
            + "".join(f"<tr><td>{o}</td>" + "".join(f"<td>{v}</td>" for v in vals) + "</tr>" for o, vals in rows)
            + "</table><p>五、存在的主要问题及改进情况</p></body></html>")
    result = process_document(html.encode("utf-8"), source_path="x.html")
    got = _appeals({f["category"]: f["count"] for f in result.facts})
    assert got == [1, 4, 0, 0, 5, 0, 5, 0, 0, 5, 3, 0, 0, 0, 3]
    assert {f["placement"] for f in result.facts if f["category"].startswith("appeals.")} == {"grid"}


def test_official_layout_is_not_taken_for_turned():
    _, got = _read("行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
                   "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n"
                   "1 0 0 0 1 0 0 0 0 0 0 0 5 0 5\n")
    assert got == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 5]


def test_a_stub_between_the_official_header_rows_does_not_turn_the_table():
    """Converter Markdown may put a stub table of "-" between 四's header rows: numbers then
    stand between outcome headers, but each outcome is printed more than once, so the table
    is the official one."""
    _, got = _read("| 行政复议 | 行政诉讼 |\n|---|---|\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n\n"
                   "| 数据1 | 数据2 |\n|---|---|\n| - | - |\n\n"
                   "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
                   "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 4 | 0 | 5 |\n")
    assert got == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 4, 0, 5]


@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("seed", SEEDS)
def test_turned_table_four_with_blank_cells_dropped(seed, rendering):
    """Zeros printed as empty cells: the text tools drop them.  Laid-out text keeps where the
    numbers stand, so every cell comes back; text without positions keeps what the groups'
    sums decide; never a wrong cell, and what is left out is said."""
    rep = generate(seed, appeals_turned=True, blank_style="")
    data = rep.pdf if rendering == "pdf" else pdf_to_text(rep.pdf, rendering, "ff").encode()
    result = process_document(data, source_path="x.pdf" if rendering == "pdf" else "x.txt")
    got, want = _appeals(facts_of(result)), [rep.facts[f"appeals.{g}.{o}"] for g in GROUPS for o in OUTCOMES]
    assert [(k, g) for k, (g, w) in enumerate(zip(got, want)) if g is not None and float(g) != float(w)] == []
    if rendering in ("pdf", "layout"):
        assert got == want, result.error
    else:
        assert None not in got or ("outcomes as rows" in result.error and result.status == "partial")


def test_turned_rows_with_blanks_dropped_are_placed_by_the_group_sums():
    result, got = _read("行政复议 未经复议直接起诉 复议后起诉\n结果维持 1 3\n结果纠正 2\n其他结果\n尚未审结\n总计 1 2 3\n")
    assert got == [1, 0, 0, 0, 1, 0, 2, 0, 0, 2, 3, 0, 0, 0, 3]
    placed = {f["category"]: f["placement"] for f in result.facts}
    assert placed["appeals.litigation_after_review.upheld"] == "sums" and placed["appeals.review.total"] == "position"


def test_turned_rows_the_sums_cannot_tell_are_left_out():
    result, got = _read("行政复议 未经复议直接起诉 复议后起诉\n结果维持 1\n结果纠正 1\n其他结果 0 0 0\n尚未审结 0 0 0\n"
                        "总计 1 1 0\n")
    assert got == [None, None, 0, 0, 1, None, None, 0, 0, 1, 0, 0, 0, 0, 0]
    assert result.status == "partial" and "upheld (1), left out appeals.review.upheld" in result.error


def test_turned_rows_laid_out_are_placed_by_where_they_stand():
    """The same rows laid out: each number under its group's header — no sums needed."""
    lines = ["              行政复议      未经复议直接起诉      复议后起诉",
             "结果维持          1",
             "结果纠正                          1",
             "其他结果          0               0               0",
             "尚未审结          0               0               0",
             "总计              1               1               0"]
    _, got = _read("\n".join(lines) + "\n")
    assert got == [1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("rules", ["none", "three_line", "rows", "frame"])
@pytest.mark.parametrize("seed", range(4))
def test_turned_table_four_without_rulings(seed, rules):
    """A turned 四 typeset without (full) rulings and its zeros left empty: its columns come
    from the numbers and the lowest headers — 行政诉讼, centred over its two groups in the gap
    between their headers, is a group heading and no column of its own."""
    rep = generate(seed, appeals_turned=True, blank_style="", rules=rules, appeals_page=("same", "rotated")[seed % 2])
    result = process_document(rep.pdf, source_path="x.pdf")
    got, want = _appeals(facts_of(result)), [rep.facts[f"appeals.{g}.{o}"] for g in GROUPS for o in OUTCOMES]
    assert got == want, result.error
