"""HtmlParser: article body among chrome, span-expanded grids, encodings, hostile pages."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers import parse_bytes, sniff_format
from parsers.base import DocumentError, TableBlock, TextLine
from parsers.html import HtmlParser
from tests.budget import property_settings
from tests.merge_layouts import merge_layouts

FIX = Path(__file__).parent / "fixtures" / "html"


def parse(data: bytes | str):
    return HtmlParser().parse(data.encode("utf-8") if isinstance(data, str) else data)


def lines(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, TextLine)]


def tables(doc) -> list[list[list[str]]]:
    return [[[c.text for c in row] for row in b.rows] for b in doc.blocks if isinstance(b, TableBlock)]


def row_of(grid: list[list[str]], label: str) -> list[str]:
    return next(row for row in grid if label in row)


# -- a report inside site chrome ------------------------------------------------------------

@pytest.fixture(scope="module")
def chrome_doc():
    return parse((FIX / "report_chrome.html").read_bytes())


def test_chrome_is_dropped_and_title_comes_first(chrome_doc):
    text = chrome_doc.plain_text()
    assert lines(chrome_doc)[0] == "某某区住房和城乡建设局2023年政府信息公开工作年度报告"
    for chrome in ("首页", "当前位置", "索引号", "11330302MB0000000X", "主办单位", "分享到", "打印本页",
                   "政府信息公开指南", "2022年政府信息公开工作年度报告", "浏览次数", "广告", "_hmt"):
        assert chrome not in text, chrome
    assert chrome_doc.format == "html"


def test_reading_order_keeps_tables_between_headings(chrome_doc):
    kinds = ["T" if isinstance(b, TableBlock) else b.text for b in chrome_doc.blocks]
    i2 = kinds.index("二、主动公开政府信息情况")
    i3 = kinds.index("三、收到和处理政府信息公开申请情况")
    i4 = kinds.index("四、政府信息公开行政复议、行政诉讼情况")
    i5 = kinds.index("五、存在的主要问题及改进情况")
    assert kinds[i2 + 1] == kinds[i3 + 1] == kinds[i4 + 1] == "T"
    assert i2 < i3 < i4 < i5
    assert kinds.index("一、总体情况") < i2
    assert kinds[-2:] == ["某某区住房和城乡建设局", "2024年1月22日"]


def test_source_wraps_between_cjk_vanish(chrome_doc):
    assert "2023年，我局认真贯彻落实《条例》，全面推进政务公开工作。" in lines(chrome_doc)


def test_table_two_colspans(chrome_doc):
    grid = tables(chrome_doc)[0]
    assert grid[0] == ["第二十条第（一）项", "", "", ""]
    assert grid[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert grid[3] == ["行政规范性文件", "2", "1", "15"]
    assert grid[5] == ["信息内容", "本年处理决定数量", "", ""]
    assert grid[6] == ["行政许可", "1,234", "", ""]
    assert grid[13] == ["行政事业性收费", "0.5", "", ""]
    assert len(grid) == 14 and all(len(r) == 4 for r in grid)


def test_table_three_official_layout(chrome_doc):
    grid = tables(chrome_doc)[1]
    assert all(len(r) == 10 for r in grid) and len(grid) == 28
    assert grid[0] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "",
                       "申请人情况", "", "", "", "", "", ""]
    assert grid[1] == ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    # <p>商业</p><p>企业</p> and 科研<br>机构 join without a space
    assert grid[2] == ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]
    assert grid[3] == ["一、本年新收政府信息公开申请数量", "", "", "12", "3", "0", "0", "1", "0", "16"]
    assert grid[5] == ["三、本年度办理结果", "（一）予以公开", "", "6", "1", "0", "0", "1", "0", "8"]
    assert grid[6][:3] == ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""]
    # rowspan of 三、本年度办理结果 and of （三）不予公开: covered positions are empty cells
    assert grid[7] == ["", "（三）不予公开", "1.属于国家秘密", "", "", "", "", "", "", "0"]
    assert grid[8] == ["", "", "2.其他法律行政法规禁止公开", "", "", "", "", "", "", "0"]  # &nbsp; cells
    assert grid[9] == ["", "", "3.危及“三安全一稳定”"] + ["-"] * 7
    assert grid[15][:3] == ["", "（四）无法提供", "1.本机关不掌握相关政府信息"]
    assert grid[18][:3] == ["", "（五）不予处理", "1.信访举报投诉类申请"]
    assert grid[23][:3] == ["", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]
    assert grid[25][:3] == ["", "", "3.其他"]
    assert grid[26] == ["", "（七）总计", "", "12", "2", "0", "0", "1", "0", "15"]
    assert grid[27] == ["四、结转下年度继续办理", "", "", "2", "1", "0", "0", "0", "0", "3"]


def test_table_four_official_layout(chrome_doc):
    grid = tables(chrome_doc)[2]
    assert grid[0] == ["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9
    assert grid[1] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                       "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert grid[2] == [""] * 5 + heads + heads
    assert grid[3] == ["1", "0", "0", "1", "2", "0", "1", "0", "0", "1", "0", "0", "0", "0", "0"]


# -- GBK, table-based layout of an old site -------------------------------------------------

@pytest.fixture(scope="module")
def gbk_doc():
    data = (FIX / "layout_gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    return parse(data)


def test_gbk_page_decoded_and_title_not_repeated(gbk_doc):
    ls = lines(gbk_doc)
    assert ls[:2] == ["某某县民政局", "2022年度政府信息公开工作年度报告"]  # body prints the title itself
    assert "统计期限自2022年1月1日起至2022年12月31日止" in ls[2]
    assert "索引号" not in gbk_doc.plain_text() and "当前位置" not in gbk_doc.plain_text()
    assert "主办" not in gbk_doc.plain_text()


def test_layout_table_cells_read_as_text_and_nested_tables_as_grids(gbk_doc):
    grids = tables(gbk_doc)
    assert len(grids) == 3
    three = grids[1]
    assert three[2] == ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]
    assert three[5][:3] == ["三、本年度办理结果", "（一）予以公开", ""]
    assert row_of(three, "1.本机关不掌握相关政府信息") == ["", "（四）无法提供", "1.本机关不掌握相关政府信息",
                                                    "2", "0", "0", "0", "0", "0", "2"]
    # blank (&nbsp;) cells of （五） keep their positions
    assert row_of(three, "2.重复申请") == ["", "", "2.重复申请", "", "", "", "", "", "", "0"]
    assert grids[2][3][10] == "1"


# -- text already flattened inside the page -------------------------------------------------

def test_one_cell_per_paragraph_keeps_empty_paragraphs():
    doc = parse((FIX / "flat_cells_b01.html").read_bytes())
    ls = lines(doc)
    assert ls[0] == "温州市自然资源和规划局鹿城分局2022年政府信息公开工作年度报告"
    assert "网站首页" not in doc.plain_text() and "版权所有" not in doc.plain_text()
    i = ls.index("一、本年新收政府信息公开申请数量")
    assert ls[i:i + 12] == ["一、本年新收政府信息公开申请数量", "", "103", "", "3", "", "", "", "1", "", "", "107"]
    assert not tables(doc)


def test_pipes_separated_by_br_stay_one_line_each():
    doc = parse((FIX / "pipes_br_c20.html").read_bytes())
    ls = lines(doc)
    assert ls[0] == "广州市海珠区官洲街道办事处2023年政府信息公开工作年度报告"
    assert "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |" in ls
    assert "商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 |" in ls
    assert "您当前的位置" not in doc.plain_text()


def test_tabs_inside_a_paragraph_survive_but_indentation_does_not():
    doc = parse("<html><body><div>\n\t\t<p>\n\t\t\t规章\t0\t0\t0\n\t\t</p><pre>行政许可\t5\n行政处罚\t1</pre></div></body></html>")
    assert lines(doc) == ["规章\t0\t0\t0", "行政许可\t5", "行政处罚\t1"]


# -- encodings ------------------------------------------------------------------------------

@pytest.mark.parametrize("declared,encoding", [
    ('<meta charset="gbk">', "gbk"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=GB2312">', "gb18030"),
    ('<meta charset="gb2312">', "utf-8"),  # declaration lies: content wins
    ("", "gb18030"),
    ('<meta charset="utf-8">', "utf-16"),  # BOM wins
])
def test_encodings(declared, encoding):
    page = f"<html><head>{declared}<title>年度报告</title></head><body><p>三、收到和处理政府信息公开申请情况</p></body></html>"
    doc = parse(page.encode(encoding))
    assert "三、收到和处理政府信息公开申请情况" in lines(doc)


def test_bad_bytes_never_crash():
    page = "<html><body><p>一、总体情况</p><p>本年度</p></body></html>".encode() + b"\xff\xfe\x80\x00garbage<p>\xc3(</p>"
    doc = parse(page)
    assert "一、总体情况" in lines(doc)


# -- pages that are not reports, or not readable --------------------------------------------

def test_scripts_page_is_a_document_not_an_error():
    page = """<html><head><title>页面跳转中</title>
    <script>var a = "一、总体情况"; location.href = "/zwgk/";</script><style>body{}</style></head>
    <body><script src="/app.js"></script><noscript>请开启JavaScript</noscript><div id="app"></div></body></html>"""
    doc = parse(page)
    assert lines(doc) == ["页面跳转中"] or lines(doc)[0] == "页面跳转中"
    assert "location" not in doc.plain_text() and "JavaScript" not in doc.plain_text()
    assert not tables(doc)


def test_news_page_keeps_its_text():
    page = """<html><head><title>我区召开安全生产工作会议_某某区人民政府</title></head><body>
    <div class="nav"><a>首页</a></div><div class="content"><h1>我区召开安全生产工作会议</h1>
    <p>3月5日，我区召开安全生产工作会议，部署全年工作。</p></div><div class="footer">版权所有</div></body></html>"""
    doc = parse(page)
    assert lines(doc) == ["我区召开安全生产工作会议", "3月5日，我区召开安全生产工作会议，部署全年工作。"]


@pytest.mark.parametrize("page", [
    "<html><head></head><body></body></html>",
    "<html><head><script>var x=1;</script></head><body>  <!-- nothing -->\n <div> </div></body></html>",
    "   <html>   ",
])
def test_page_without_text_is_an_error(page):
    with pytest.raises(DocumentError) as err:
        parse(page)
    assert err.value.status == "failed" and "no visible text" in err.value.message


def test_html_named_anything_is_sniffed_by_content():
    data = (FIX / "report_chrome.html").read_bytes()
    assert sniff_format(data) == "html"
    assert parse_bytes(data).format == "html"


# -- hostile structure ----------------------------------------------------------------------

def _calls(page: str) -> int:
    """The work of parsing ``page``: Python and C function calls, counted by a profile hook
    (the same count on any machine, at any load, unlike a time)."""
    count = 0

    def hook(frame, event, arg):
        nonlocal count
        count += event in ("call", "c_call")

    sys.setprofile(hook)
    try:
        parse(page)
    finally:
        sys.setprofile(None)
    return count


def _nested_divs(n: int) -> str:
    return ("<html><body>" + "<div>" * n + "<p>一、总体情况</p><table><tr><td>行政复议</td><td>行政诉讼</td></tr>"
            "<tr><td>1</td><td></td></tr></table><p>五、存在的主要问题及改进情况</p>" + "</div>" * n + "</body></html>")


def _nested_tables(n: int) -> str:
    return "<html><body>" + "<table><tr><td>" * n + "<p>一、总体情况</p>" + "</td></tr></table>" * n + "</body></html>"


def test_5000_nested_divs_keep_the_table():
    doc = parse(_nested_divs(5000))
    assert lines(doc) == ["一、总体情况", "五、存在的主要问题及改进情况"]
    assert tables(doc) == [[["行政复议", "行政诉讼"], ["1", ""]]]
    assert doc.notes and "nested too deeply" in doc.notes[0]


def test_5000_nested_tables_fall_back_to_text():
    doc = parse(_nested_tables(5000))
    assert "一、总体情况" in lines(doc)


@pytest.mark.parametrize("page", [_nested_divs, _nested_tables], ids=["divs", "tables"])
def test_deep_nesting_costs_work_linear_in_depth(page):
    """Twice the depth, at most about twice the work (measured: 20,232 and 40,232 calls for
    5,000 and 10,000 nested divs; 92 for the tables, read by the text fallback): a walk that
    went back up the ancestors at every level would cost four times as much."""
    assert _calls(page(10000)) <= 2.2 * _calls(page(5000))


def test_huge_page_is_refused_with_a_sentence(monkeypatch):
    import parsers.html.parser as mod
    monkeypatch.setattr(mod, "MAX_HTML_CHARS", 1000)
    with pytest.raises(DocumentError, match="limit for a report page"):
        parse("<html><body>" + "<p>一、总体情况</p>" * 200 + "</body></html>")


def test_inline_base64_images_do_not_count_against_the_bound(monkeypatch):
    import parsers.html.parser as mod
    monkeypatch.setattr(mod, "MAX_HTML_CHARS", 5000)
    page = f'<html><body><p>一、总体情况</p><img src="data:image/png;base64,{"A" * 100000}"></body></html>'
    assert lines(parse(page)) == ["一、总体情况"]


def test_hidden_elements_are_not_text():
    page = ('<html><body><p>一、总体情况</p><div style="display: none">隐藏的旧版本</div>'
            '<p hidden>也隐藏</p><p>二、主动公开政府信息情况</p></body></html>')
    assert lines(parse(page)) == ["一、总体情况", "二、主动公开政府信息情况"]


# -- table grids ----------------------------------------------------------------------------

def test_rowspan_zero_and_oversized_spans_are_clamped():
    page = """<html><body><p>三、收到和处理政府信息公开申请情况</p><table>
    <tr><td rowspan="0">甲</td><td colspan="abc">乙</td><td rowspan="99">丙</td></tr>
    <tr><td>1</td></tr><tr><td>2</td><td>3</td></tr></table></body></html>"""
    # 丙 covers column 2 to the end, so the last row's "3" moves right of it (HTML table model)
    assert tables(parse(page)) == [[["甲", "乙", "丙", ""], ["", "1", "", ""], ["", "2", "", "3"]]]


def test_nested_data_table_is_flattened_into_its_cell():
    page = """<html><body><table><tr><td>自然人</td><td>法人或其他组织</td></tr>
    <tr><td>12</td><td><table><tr><td>商业企业</td><td>科研机构</td></tr></table></td></tr></table></body></html>"""
    doc = parse(page)
    # the outer table holds a table: layout, so its cells become lines and the inner one a grid
    assert lines(doc) == ["自然人", "法人或其他组织", "12"]
    assert tables(doc) == [[["商业企业", "科研机构"]]]


def test_ragged_rows_are_padded():
    page = "<html><body><table><tr><td>行政复议</td><td>行政诉讼</td><td>x</td></tr><tr><td>1</td></tr></table></body></html>"
    assert tables(parse(page)) == [[["行政复议", "行政诉讼", "x"], ["1", "", ""]]]


@property_settings("html.merge_text", shrink=True)
@given(merge_layouts(max_rows=6, max_cols=6))
def test_any_merge_layout_expands_to_text_at_top_left_and_blanks_elsewhere(case):
    rows, cols, rects = case
    by_row: dict[int, list[str]] = {r: [] for r in range(rows)}
    expected = [[""] * cols for _ in range(rows)]
    for r, c, h, w in sorted(rects):
        label = f"格{r}x{c}"
        expected[r][c] = label
        by_row[r].append(f'<td rowspan="{h}" colspan="{w}">{label}</td>')
    body = "".join(f"<tr>{''.join(by_row[r])}</tr>" for r in range(rows))
    doc = parse(f"<html><body><p>年度报告</p><table>{body}</table></body></html>")
    grid = tables(doc)[0]
    # rows made only of covered positions still exist; columns right of the last cell start are kept
    assert grid == expected


@property_settings("html.merge_spans", shrink=True)
@given(merge_layouts(max_rows=6, max_cols=6))
def test_any_merge_layout_keeps_each_cells_column_span_and_origin(case):
    """The grid placement reads rows by their printed cells: every position knows its grid
    column, an origin cell its colspan, and a position covered by a span is not an origin."""
    rows, cols, rects = case
    by_row: dict[int, list[str]] = {r: [] for r in range(rows)}
    origins = {}
    for r, c, h, w in sorted(rects):
        origins[(r, c)] = w
        by_row[r].append(f'<td rowspan="{h}" colspan="{w}">格{r}x{c}</td>')
    body = "".join(f"<tr>{''.join(by_row[r])}</tr>" for r in range(rows))
    block = next(b for b in parse(f"<html><body><p>年度报告</p><table>{body}</table></body></html>").blocks
                 if isinstance(b, TableBlock))
    for r, row in enumerate(block.rows):
        for c, cell in enumerate(row):
            assert cell.col == c
            assert cell.origin == ((r, c) in origins)
            if cell.origin:
                assert cell.colspan == origins[(r, c)]


# -- one pass: the bytes as they came, the title noted by the walk ----------------------------

_SAME_PAGE = ('<html><head><meta charset="utf-8"><title>某局2023年政府信息公开工作年度报告</title></head><body>'
              '<p>一、总体情况</p><img src="data:image/png;base64,{img}"><p>本年度\u3000共 3 件</p>'
              '<table><tr><td>本年新收政府信息公开申请数量</td><td>3</td></tr></table></body></html>')


@pytest.mark.parametrize("variant", ["utf-8", "data-uri", "bom", "nul", "gb18030", "utf-16"])
def test_a_page_reads_the_same_whether_its_bytes_go_to_the_parser_as_they_came(variant):
    """Valid UTF-8 goes to lxml as it came; a BOM, a NUL, a cut data URI or another encoding
    goes as the decoded text encoded again: the same page reads the same either way."""
    page = _SAME_PAGE.format(img="A" * (300 if variant == "data-uri" else 10))
    data = {"bom": b"\xef\xbb\xbf" + page.encode(), "nul": page.replace("<p>", "<p>\x00").encode(),
            "gb18030": page.encode("gb18030"), "utf-16": page.encode("utf-16")}.get(variant, page.encode())
    expected = parse(_SAME_PAGE.format(img="A" * 10))  # a data URI too short to cut
    doc = parse(data)
    assert lines(doc) == lines(expected) and tables(doc) == tables(expected)
    assert lines(doc)[:3] == ["某局2023年政府信息公开工作年度报告", "一、总体情况", "本年度 共 3 件"]


def test_the_title_is_looked_for_where_the_walk_does_not_go():
    """The walk notes the elements a title may stand in as it goes, skipped parts included
    (hidden boxes, <noscript>, data tables): the same elements, in the same order, as a
    search of the whole tree, so the title is the one the page would give."""
    from parsers.html.tree import parse_tree
    from parsers.html.walk import title_candidates, walk_tree

    page = ('<html><head><title>首页</title></head><body><h1>网站导航</h1>'
            '<div style="display:none"><h2>隐藏</h2><p class="Title">旧标题</p></div>'
            '<div hidden class="mainTitle">藏</div><noscript><span class="title">无脚本</span></noscript>'
            '<table><tr><td class="art-title">某局2023年政府信息公开工作年度报告</td><td>1</td></tr>'
            '<tr><td>本年新收政府信息公开申请数量</td><td><span class="TITLE">2</span></td></tr></table>'
            '<table><tr><td><table><tr><td class="title">嵌套</td></tr></table></td></tr></table>'
            '<p class="subtitle">副</p><h3>三</h3></body></html>')
    root, _ = parse_tree(page)
    noted = walk_tree(root).titled
    assert noted == title_candidates(root)
    assert [e.text for e in noted] == ["网站导航", "隐藏", "旧标题", "藏", "无脚本", "某局2023年政府信息公开工作年度报告",
                                       "2", "嵌套", "副", "三"]
    assert lines(parse(page))[0] == "某局2023年政府信息公开工作年度报告"


def _title_rule(el):
    """title_candidates' rule, element by element (what the class-name search must find)."""
    from parsers.html.cues import TITLE_TAGS

    return [e for e in el.iter(*TITLE_TAGS) if e.tag[0] == "h" or "title" in (e.get("class") or "").lower()]


def test_title_candidates_by_class_names_are_the_elements_the_rule_names_in_document_order():
    """Below an element without headings the candidates are found from the class attributes
    alone; over generated subtrees (classes in any case, İ and the Kelvin sign, tags that may
    and may not stand for a title, headings or none) they are the rule's elements, in order."""
    import random

    from parsers.html.tree import parse_tree
    from parsers.html.walk import holds_table, title_candidates

    classes = ["", "title", "Title", "art-TITLE", "subtitle x", "TİTLE", "tİtle", "\u212atitle", "titl e", "main"]
    tags = ["div", "p", "td", "span", "a", "li", "font", "th", "b"]
    rnd = random.Random(12)
    tested = found = 0
    for _ in range(300):
        cells = []
        for _ in range(rnd.randint(1, 12)):
            tag, cls = rnd.choice(tags), rnd.choice(classes)
            inner = rnd.choice(["0", f'<span class="{rnd.choice(classes)}">x</span>', "<p>1</p>", ""])
            if rnd.random() < 0.1:
                inner += f"<h{rnd.randint(1, 4)}>标题</h{1}>"
            cells.append(f'<td><{tag} class="{cls}">{inner}</{tag}></td>' if cls else f"<td><{tag}>{inner}</{tag}></td>")
        nested = "<table><tr><td>1</td></tr></table>" if rnd.random() < 0.2 else ""
        page = f"<html><body><table><tr>{''.join(cells)}<td>{nested}</td></tr></table></body></html>"
        root, _ = parse_tree(page)
        for el in root.iter():
            assert title_candidates(el) == _title_rule(el), page
            tested += 1
            found += len(title_candidates(el))
        table = root.find(".//table")
        assert holds_table(table) == bool(nested)
    assert tested > 3000 and found > 300
