"""Small pure functions: numbers, normalization, headings, decoding, sniffing, metadata."""
import pytest

from parsers.normalize import normalize_label
from parsers.numbers import parse_number
from parsers.sections import classify_heading
from parsers.sniff import sniff_format
from parsers.text import decode_text
from pipeline.meta import extract_meta


@pytest.mark.parametrize("text,value", [
    ("0", 0), (" 47", 47), ("1,234", 1234), ("１２", 12), ("1 234", 1234), ("190.457379", 190.457379),
    ("2792220.8元", 2792220.8), ("-", 0), ("—", 0), ("/", 0), ("无", 0), ("-2", -2), ("+3", 3), ("减少2", -2),
])
def test_numbers(text, value):
    n = parse_number(text)
    assert n is not None and n.value == pytest.approx(value)


@pytest.mark.parametrize("text", ["规章", "1.属于国家秘密", "第二十条第(一)项", "2023 年政府信息公开"])
def test_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", [
    "1*", "1＊", "1※", "1†", "1‡", "1次", "1人次", "1件次", "1\u200e", "1\u200f", "\u202a1\u202c",
    "\u20661\u2069", "\u200b1", "1\ufeff", "1①", "1⑴", "1²", "1¹", "1⁽¹⁾", "1 *", "1（注）", "1(注1)",
])
def test_marks_after_a_number_leave_the_number(text):
    n = parse_number(text)
    assert n is not None and not n.is_blank and n.value == 1, (text, n)


@pytest.mark.parametrize("text", ["①", "²", "⑴", "*", "※"])
def test_a_mark_alone_is_not_a_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["1x", "12a", "1#2", "3?", "约1", "近30", "不详", "未統計"])
def test_unreadable_cell_is_a_value_without_a_number(text):
    from parsers.tokens import VALUE, cell_tokens

    (tok,) = cell_tokens(text)
    assert tok.kind == VALUE and tok.number is not None and tok.number.unreadable, tok


def test_normalize_variants_meet():
    assert normalize_label("規(guī)章") == normalize_label("规章")
    assert normalize_label("（一） 予以公开") == normalize_label("(一)予以公开")
    assert normalize_label("1、属于国家秘密") == normalize_label("1.属于国家秘密")
    assert normalize_label("行政規範性檔案") == normalize_label("行政规范性文件")


@pytest.mark.parametrize("line,number", [
    ("一、总体情况", 1), ("二、主动公开政府信息情况", 2), ("主动公开政府信息情况", 2),
    ("三、收到和处理政府信息公开申请情况", 3), ("四、政府信息公开行政复议、行政诉讼情况", 4),
    ("五、存在的主要问题及改进情况", 5), ("六、其他需要报告的事项", 6), ("一、 總體情況", 1),
    ("二、主动公开政府信息的情况", 2), ("一、总体情况。2023年我局坚持以习近平新时代中国特色社会主义思想为指导", 1),
])
def test_headings(line, number):
    assert classify_heading(line)[0] == number


@pytest.mark.parametrize("line", ["一、本年新收政府信息公开申请数量", "三、本年度办理结果", "四、结转下年度继续办理",
                                  "(一)主动公开情况", "（二）依申请公开", "行政复议"])
def test_not_headings(line):
    assert classify_heading(line) is None


def test_decode_encodings():
    text = "中宁县工业和信息化局2023年政府信息公开工作年度报告"
    for enc in ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"):
        assert decode_text(text.encode(enc)).lstrip("\ufeff") == text, enc
    assert "报告" in decode_text(text.encode("utf-8") + b"\xff\xfe\x80")


@pytest.mark.parametrize("data,fmt", [
    (b"%PDF-1.7\n...", "pdf"), (b"<!DOCTYPE html><html>", "html"), (b"", "empty"), (b"\x89PNG\r\n\x1a\n....", "image:png"),
    ("一、总体情况".encode("utf-16"), "txt"), (bytes(range(256)) * 10, "binary"), ("纯文本".encode("gbk"), "txt"),
])
def test_sniff(data, fmt):
    assert sniff_format(data) == fmt


def test_meta_title_over_two_lines_and_period():
    m = extract_meta(["中宁县工业和信息化局", "", "2023 年政府信息公开工作年度报告",
                      "本年度报告数据统计期限为 2023 年 1 月 1 日至 2023 年 12 月 31 日。"])
    assert m.agency == "中宁县工业和信息化局" and m.year == 2023


@pytest.mark.parametrize("lines", [
    # pdftotext -layout of a fake-bold title (each glyph drawn twice) whose font changes at the year
    ["某某区人民政府办公室", "某某区人民政府办公室2023 年政府信息公开工作年度报", "           2023年政府信息公开工作年度报",
     "              告", "一、总体情况"],
    # plain pdftotext of the same title: every run doubled, overlapping the next
    ["某某区人民政府办公室", "某某区人民政府办公室2023", "2023年政府信息公开工作年度报", "年政府信息公开工作年度报", "告",
     "一、总体情况"],
])
def test_meta_title_printed_twice_by_the_extractor(lines):
    m = extract_meta(lines)
    assert (m.agency, m.year) == ("某某区人民政府办公室", 2023)
    assert m.title.replace(" ", "") == "某某区人民政府办公室2023年政府信息公开工作年度报告"


def test_meta_notice_title_is_not_the_agency():
    m = extract_meta(["按照某县人民政府办公室《关于做好2022年度政府信息公开年度报告编制公布工作的通知》要求,现将茅坪回族镇2022年度政府信息公开工作报告如下:"])
    assert m.agency == "茅坪回族镇" and m.year == 2022


def test_meta_sidecar_overrides():
    m = extract_meta(["某镇2023年政府信息公开工作年度报告"], {"agency": "某县某镇人民政府", "year": 2022})
    assert m.agency == "某县某镇人民政府" and m.year == 2022


def test_meta_no_year_invented():
    m = extract_meta(["根据修订的《中华人民共和国政府信息公开条例》相关规定,制定本报告:", "一、总体情况"])
    assert m.year is None and m.agency is None


def test_meta_signing_date_line_is_no_evidence_of_the_year():
    """No year in the title (cut off, or hidden under handwriting in a scan): the date the report
    is signed on, a line of its own, falls after the year reported on and must not outvote it;
    the same date inside a sentence still counts."""
    body = ["一、总体情况", "2023年，我局认真贯彻落实条例。", "某某局", "2024年1月15日"]
    assert extract_meta(body).year == 2023
    assert extract_meta(body + ["2024年1月"]).year == 2023  # also written by hand under the seal
    assert extract_meta(["一、总体情况", "2024年1月，我局开展培训。", "2023年共办理申请3件。", "2024年1月15日"]).year == 2024


def test_contents_list_is_skipped():
    from parsers.base import Document, TextLine
    from parsers.sections import locate_sections
    toc = ["目录", "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
           "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    body = ["一、总体情况", "我局认真贯彻落实条例。", "二、主动公开政府信息情况", "表格", "六、其他需要报告的事项", "无。"]
    doc = Document([TextLine(t) for t in toc + body], "txt")
    found = locate_sections(doc)
    assert [h.number for h in found] == [1, 2, 6]
    assert found[0].line == len(toc)


def test_meta_year_first_title():
    m = extract_meta(["2023年度北京市商务局政府信息公开工作年度报告"])
    assert m.agency == "北京市商务局" and m.year == 2023


@pytest.mark.parametrize("title,agency,year", [
    ("某某镇人民政府2023年政府信息公开年报", "某某镇人民政府", 2023),
    ("某某市商务局政府信息公开工作年度报告（2023年度）", "某某市商务局", 2023),
    ("某某市商务局2022年度政府信息公开工作报告", "某某市商务局", 2022),
])
def test_meta_title_shapes(title, agency, year):
    m = extract_meta([title])
    assert (m.agency, m.year) == (agency, year)


def test_taxonomy_copy_is_the_shared_spec():
    """parsers/templates/taxonomy.csv ships the single list of categories; it must not drift."""
    import pathlib
    repo = pathlib.Path(__file__).resolve().parents[1]
    shipped = (repo / "parsers" / "templates" / "taxonomy.csv").read_text(encoding="utf-8")
    spec = (repo.parent / "shared" / "spec" / "taxonomy.csv").read_text(encoding="utf-8")
    assert shipped == spec


def test_every_template_code_is_in_the_taxonomy():
    from parsers.templates import TEMPLATE_NAMES, taxonomy, template
    tax = taxonomy()
    for name in TEMPLATE_NAMES:
        codes = {c.code for r in template(name).rows for c in r.cells}
        assert codes == {c for c, cat in tax.items() if name in cat.templates}
