"""DocxParser: document order, merged cells as blanks at covered positions, hostile archives."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers import parse_bytes, sniff_format
from parsers.base import DocumentError, TableBlock, TextLine
from parsers.docx import DocxParser
from tests.budget import property_settings
from tests.merge_layouts import merge_layouts

APPLICANTS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def to_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def grids(doc) -> list[list[list[str]]]:
    return [[[c.text for c in row] for row in b.rows] for b in doc.blocks if isinstance(b, TableBlock)]


def report_docx() -> bytes:
    """A report with tables 三 (excerpt) and 四 merged the way the official template is."""
    d = docx.Document()
    d.add_paragraph("某某县交通运输局")
    d.add_paragraph("2023年政府信息公开工作年度报告")
    d.add_paragraph("一、总体情况")
    p = d.add_paragraph("全年主动公开信息42条。")
    p.add_run().add_break()
    p.add_run("第二行")
    d.add_paragraph("")
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=8, cols=10)
    t.cell(0, 0).merge(t.cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for i, name in enumerate(APPLICANTS):
        t.cell(2, 4 + i).text = name
    t.cell(3, 0).merge(t.cell(3, 2)).text = "一、本年新收政府信息公开申请数量"
    for i, v in enumerate(["4", "1", "", "", "", "", "5"]):
        t.cell(3, 3 + i).text = v
    t.cell(4, 0).merge(t.cell(7, 0)).text = "三、本年度办理结果"
    t.cell(4, 1).merge(t.cell(4, 2)).text = "（一）予以公开"
    t.cell(5, 1).merge(t.cell(7, 1)).text = "（三）不予公开"
    t.cell(5, 2).text = "1.属于国家秘密"
    t.cell(6, 2).text = "2.其他法律行政法规禁止公开"
    t.cell(7, 2).text = "3.危及“三安全一稳定”"
    for r in range(4, 8):
        for c in range(3, 10):
            t.cell(r, c).text = "0"
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t4 = d.add_table(rows=4, cols=15)
    t4.cell(0, 0).merge(t4.cell(0, 4)).text = "行政复议"
    t4.cell(0, 5).merge(t4.cell(0, 14)).text = "行政诉讼"
    for i, name in enumerate(RESULTS):
        t4.cell(1, i).merge(t4.cell(2, i)).text = name
    t4.cell(1, 5).merge(t4.cell(1, 9)).text = "未经复议直接起诉"
    t4.cell(1, 10).merge(t4.cell(1, 14)).text = "复议后起诉"
    for i, name in enumerate(RESULTS * 2):
        t4.cell(2, 5 + i).text = name
    for i in range(15):
        t4.cell(3, i).text = "1" if i in (0, 4) else "0"
    d.add_paragraph("五、存在的主要问题及改进情况")
    return to_bytes(d)


@pytest.fixture(scope="module")
def report():
    return DocxParser().parse(report_docx())


def test_paragraphs_and_tables_in_document_order(report):
    kinds = ["T" if isinstance(b, TableBlock) else b.text for b in report.blocks]
    assert kinds == ["某某县交通运输局", "2023年政府信息公开工作年度报告", "一、总体情况", "全年主动公开信息42条。",
                     "第二行", "", "三、收到和处理政府信息公开申请情况", "T",
                     "四、政府信息公开行政复议、行政诉讼情况", "T", "五、存在的主要问题及改进情况"]
    assert report.format == "docx"


def test_table_three_merges_leave_blanks_at_covered_positions(report):
    g = grids(report)[0]
    assert all(len(r) == 10 for r in g)
    assert g[0] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"] + [""] * 6
    assert g[1] == ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    assert g[2] == ["", "", "", ""] + APPLICANTS + [""]
    assert g[3] == ["一、本年新收政府信息公开申请数量", "", "", "4", "1", "", "", "", "", "5"]
    assert g[4] == ["三、本年度办理结果", "（一）予以公开", ""] + ["0"] * 7
    assert g[5] == ["", "（三）不予公开", "1.属于国家秘密"] + ["0"] * 7
    assert g[6] == ["", "", "2.其他法律行政法规禁止公开"] + ["0"] * 7


def test_table_four_merges(report):
    g = grids(report)[1]
    assert g[0] == ["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9
    assert g[1] == RESULTS + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]
    assert g[2] == [""] * 5 + RESULTS + RESULTS
    assert g[3] == ["1", "0", "0", "0", "1"] + ["0"] * 10


def test_cell_paragraphs_join_without_spaces_for_cjk():
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "商业"
    t.cell(0, 0).add_paragraph("企业")
    t.cell(0, 1).text = "12"
    t.cell(0, 1).add_paragraph("34")
    assert grids(DocxParser().parse(to_bytes(d))) == [[["商业企业", "12 34"]]]


def test_sniffed_as_docx_and_read_through_the_registry():
    data = report_docx()
    assert sniff_format(data) == "docx"
    assert parse_bytes(data).format == "docx"


@property_settings("docx.merge_text", shrink=True)
@given(merge_layouts())
def test_any_merge_plan_gives_text_at_top_left_and_blanks_elsewhere(plan):
    rows, cols, rects = plan
    d = docx.Document()
    t = d.add_table(rows=rows, cols=cols)
    expected = [[""] * cols for _ in range(rows)]
    for r, c, h, w in rects:
        cell = t.cell(r, c).merge(t.cell(r + h - 1, c + w - 1)) if (h, w) != (1, 1) else t.cell(r, c)
        cell.text = f"格{r}x{c}"
        expected[r][c] = f"格{r}x{c}"
    assert grids(DocxParser().parse(to_bytes(d))) == [expected]


# -- hostile archives -----------------------------------------------------------------------

def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_is_refused_before_opening():
    good = zipfile.ZipFile(io.BytesIO(report_docx()))
    entries = {i.filename: good.read(i) for i in good.infolist()}
    entries["word/media/bomb.bin"] = b"\0" * 160_000_000
    bomb = _zip(entries)
    assert len(bomb) < 1_000_000 and sniff_format(bomb) == "docx"
    with pytest.raises(DocumentError) as err:
        DocxParser().parse(bomb)
    assert "ZIP bomb" in err.value.message and err.value.status == "failed"


def test_high_ratio_part_is_refused():
    good = zipfile.ZipFile(io.BytesIO(report_docx()))
    entries = {i.filename: good.read(i) for i in good.infolist()}
    entries["word/document2.xml"] = b" " * 20_000_000
    with pytest.raises(DocumentError, match="compressed more than"):
        DocxParser().parse(_zip(entries))


def test_under_declared_sizes_are_caught_while_inflating(monkeypatch):
    import parsers.zipguard as guard
    monkeypatch.setattr(guard, "MAX_TOTAL_BYTES", 200_000)
    monkeypatch.setattr(guard, "_check_declared", lambda infos, kind: None)  # as if sizes were forged
    with pytest.raises(DocumentError, match="forged ZIP bomb"):
        DocxParser().parse(report_docx())


def test_truncated_docx_is_a_clear_error():
    data = report_docx()
    with pytest.raises(DocumentError, match="damaged"):
        DocxParser().parse(data[: len(data) // 2])


def test_docx_with_broken_xml_is_a_clear_error():
    good = zipfile.ZipFile(io.BytesIO(report_docx()))
    entries = {i.filename: good.read(i) for i in good.infolist()}
    entries["word/document.xml"] = entries["word/document.xml"][:500]
    with pytest.raises(DocumentError, match="damaged or not a Word document"):
        DocxParser().parse(_zip(entries))


def test_docx_with_no_text_is_a_clear_error():
    with pytest.raises(DocumentError, match="no text"):
        DocxParser().parse(to_bytes(docx.Document()))


def test_truncated_docx_is_still_sniffed_as_docx_and_reported_damaged():
    from pipeline.process import process_document
    data = report_docx()
    cut = data[: len(data) // 2]
    assert sniff_format(cut) == "docx"
    result = process_document(cut, source_path="cut.docx")
    assert result.status == "failed" and "damaged" in result.error


@property_settings("docx.merge_spans", shrink=True)
@given(merge_layouts())
def test_any_merge_plan_keeps_each_cells_column_span_and_origin(plan):
    """gridSpan and vMerge become the cells' column, colspan and origin (not just blanks)."""
    rows, cols, rects = plan
    d = docx.Document()
    t = d.add_table(rows=rows, cols=cols)
    origins = {}
    for r, c, h, w in rects:
        cell = t.cell(r, c).merge(t.cell(r + h - 1, c + w - 1)) if (h, w) != (1, 1) else t.cell(r, c)
        cell.text = f"格{r}x{c}"
        origins[(r, c)] = w
    block = next(b for b in DocxParser().parse(to_bytes(d)).blocks if isinstance(b, TableBlock))
    for r, row in enumerate(block.rows):
        for c, cell in enumerate(row):
            assert cell.col == c
            assert cell.origin == ((r, c) in origins), (r, c)
            if cell.origin:
                assert cell.colspan == origins[(r, c)]
