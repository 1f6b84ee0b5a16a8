"""Alignment rules on small real-shaped inputs: placement, blanks, sums, ambiguity."""
from parsers.base import Document, TableBlock, Cell
from parsers.text import text_to_document
from pipeline.analyze import analyze_document
from pipeline.result import ReportResult

# What follows a table's last row: the next section (a row label at the very end of a
# document may be cut off, see test_row_cut_off_after_its_label_has_no_cells).
NEXT = "四、政府信息公开行政复议、行政诉讼情况\n"
REQ_HEAD = "申请人情况\n自然人\n法人或其他组织\n总计\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n"


def run(text: str) -> ReportResult:
    res = ReportResult("r", "x.txt", "txt", "failed")
    analyze_document(text_to_document(text), res, {})
    return res


def cells(res: ReportResult, code: str) -> list:
    by = {f["applicant_type"]: f["count"] for f in res.facts if f["category"] == code}
    order = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
    return [by.get(a) for a in order] if by and None not in by else by.get(None)


def test_dropped_blanks_placed_by_row_total_when_unique():
    # 12 natural persons, total 12: the only placements with six columns summing to the
    # total put 12 in one of the six columns — ambiguous; total is certain.
    res = run("三、收到和处理政府信息公开申请情况\n" + REQ_HEAD + "一、本年新收政府信息公开申请数量\n12\n12\n" + NEXT)
    got = cells(res, "requests.new")
    assert got is None or isinstance(got, list)
    by = {f["applicant_type"]: f["count"] for f in res.facts if f["category"] == "requests.new"}
    assert by == {"total": 12}
    assert res.status == "partial" and "cannot be told apart" in res.error


def test_all_zero_row_with_dropped_blanks_is_all_zero():
    res = run(REQ_HEAD + "一、本年新收政府信息公开申请数量\n0\n0\n0\n" + NEXT)
    assert cells(res, "requests.new") == [0] * 7


def test_row_cut_off_after_its_label_has_no_cells():
    """A document ending right after a row label: the row's cells are not in it (no zeros)."""
    for end in ("", "\n"):
        res = run(REQ_HEAD + "一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n二、上年结转政府信息公开申请数量" + end)
        assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]
        assert cells(res, "requests.carried_over") is None
        assert res.status == "partial" and "requests.carried_over: the document ends right after its label" in res.error


def test_glued_digits_split_when_the_row_adds_up():
    res = run(REQ_HEAD + "一、本年新收政府信息公开申请数量\n1000001\n")
    assert cells(res, "requests.new") == [1, 0, 0, 0, 0, 0, 1]


def test_glued_digits_not_split_when_the_row_does_not_add_up():
    res = run(REQ_HEAD + "一、本年新收政府信息公开申请数量\n1000002\n")
    by = {f["applicant_type"]: f["count"] for f in res.facts if f["category"] == "requests.new"}
    assert 1000002 not in by.values() or by == {}


def test_source_arithmetic_kept_and_checked():
    text = (REQ_HEAD + "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t2\n")
    res = run(text)
    assert cells(res, "requests.new") == [1, 0, 0, 0, 0, 0, 2]
    bad = [c for c in res.checks if not c["passed"]]
    assert bad and bad[0]["check"] == "requests.row_total" and bad[0]["expected"] == 2 and bad[0]["actual"] == 1


def test_blank_markers_and_units():
    text = ("第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t-\t—\t/\n"
            "规范性文件\t１２\t1,234\t无\n第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t30\t2792220.8元\n")
    res = run(text)
    assert res.template == "2019"
    f = {x["category"]: x for x in res.facts}
    assert f["active.regulations.made"]["count"] == 0 and f["active.regulations.made"]["raw_value"] == "-"
    assert f["active.normative_documents.made"]["count"] == 12
    assert f["active.normative_documents.published"]["count"] == 1234
    assert f["active.procurement.amount"]["amount"] == 2792220.8 and f["active.procurement.amount"]["unit"] == "元"


def test_signed_change_column():
    text = ("信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t10\t-2\t5\n行政处罚\t3\t+1\t0\n")
    res = run(text)
    f = {x["category"]: x["count"] for x in res.facts}
    assert f["active.licensing.change"] == -2 and f["active.punishment.change"] == 1


def test_grid_table_blanks_keep_positions():
    header = tuple(Cell(t) for t in ["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])
    row = tuple(Cell(t) for t in ["一、本年新收政府信息公开申请数量", "", "3", "", "", "1", "", "", "4"])
    doc = Document([TableBlock((header, row))], "html")
    res = ReportResult("r", "x.html", "html", "failed")
    analyze_document(doc, res, {})
    assert cells(res, "requests.new") == [3, 0, 0, 1, 0, 0, 4]


def test_appeals_row_after_header_and_heading():
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\t\t\t\t\t行政诉讼\n"
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
            "1\t0\t0\t1\t2\t0\t0\t0\t0\t0\t0\t1\t0\t0\t1\n五、存在的主要问题及改进情况\n仍有不足 3 项。\n")
    res = run(text)
    f = {x["category"]: x["count"] for x in res.facts}
    assert f["appeals.review.upheld"] == 1 and f["appeals.review.total"] == 2
    assert f["appeals.litigation_after_review.total"] == 1
    assert len(f) == 15
    assert all(c["passed"] for c in res.checks if c["check"] == "appeals.total")


def test_not_a_report():
    res = run("Hello world\nThis is a shopping list\n3 apples\n")
    assert res.status == "not_a_report" and res.facts == []


def test_report_without_tables_is_partial_with_sentence():
    res = run("某县2023年政府信息公开工作年度报告\n一、总体情况\n我县认真贯彻落实条例。\n")
    assert res.status == "partial" and "no disclosure tables" in res.error


def test_identities_across_rows_place_dropped_blanks():
    """一 + 二 = （七）+ 四 and （一）…（六） = （七） per column pin the lone values to 自然人."""
    zero = "\n".join(["0"] * 7)
    rows = ["一、本年新收政府信息公开申请数量\n5\n5", "二、上年结转政府信息公开申请数量\n" + zero,
            "三、本年度办理结果\n(一)予以公开\n5\n5"]
    for label in ["(二)部分公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                  "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷",
                  "8.属于行政查询事项", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
                  "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                  "5.要求行政机关确认或重新出具已获取信息",
                  "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]:
        rows.append(label + "\n" + zero)
    rows += ["(七)总计\n5\n0\n0\n0\n0\n0\n5", "四、结转下年度继续办理\n" + zero]
    res = run(REQ_HEAD + "\n".join(rows) + "\n")
    assert cells(res, "requests.new") == [5, 0, 0, 0, 0, 0, 5]
    assert cells(res, "requests.granted") == [5, 0, 0, 0, 0, 0, 5]
    assert res.status == "partial" and "四 (复议诉讼) not found" in res.error and "cannot be told" not in res.error


def test_identities_do_not_settle_what_they_cannot():
    res = run(REQ_HEAD + "一、本年新收政府信息公开申请数量\n5\n5\n二、上年结转政府信息公开申请数量\n" + "\n".join(["0"] * 7) + "\n")
    by = {f["applicant_type"]: f["count"] for f in res.facts if f["category"] == "requests.new"}
    assert by == {"total": 5}


def test_procurement_unit_from_header_or_cell():
    base = "信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可\t1\t0\t2\n"
    res = run(base + "第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额（万元）\n政府集中采购\t3\t12.5\n")
    f = {x["category"]: x for x in res.facts}
    assert f["active.procurement.amount"]["amount"] == 12.5 and f["active.procurement.amount"]["unit"] == "万元"
    res = run(base + "第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t3\t12.5\n")
    f = {x["category"]: x for x in res.facts}
    assert f["active.procurement.amount"]["unit"] is None  # not printed: not invented


def test_title_alone_is_not_a_report():
    res = run("2023年政府信息公开工作年度报告\n点击下载附件\n")
    assert res.status == "not_a_report"


def test_numbers_after_an_unknown_row_label_are_reported():
    res = run(REQ_HEAD + "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
              "9.其他未列明情形\t2\t0\t0\t0\t0\t0\t2\n")
    assert cells(res, "requests.new") == [1, 0, 0, 0, 0, 0, 1]
    assert res.status == "partial" and "9.其他未列明情形" in res.error and "not read" in res.error


def test_sentence_after_the_totals_place_some_open_cells():
    """A laid-out row left partly open keeps its own reason once the identities across rows
    place some of its cells, says which they placed, and names only what is still out (it no
    longer says 'blank cells dropped' of a row whose blanks kept their places)."""
    from parsers.alignment import PlacedCell, _settled_note
    from parsers.templates import template

    spec = next(r for r in template("2021").rows if r.id == "requests.new")
    cell = PlacedCell(1.0, "1", None)
    had = [cell, None, None, None, cell, cell, cell]
    now = [cell, cell, None, None, cell, cell, cell]
    note = ("row requests.new: only 4 of 7 cells printed, and where they stand leaves some of them more than one "
            "column; left out requests.new[commercial], requests.new[research], requests.new[social_welfare]")
    said = _settled_note(spec, note, had, now)
    assert said == ("row requests.new: only 4 of 7 cells printed, and where they stand leaves some of them more than "
                    "one column; the table's totals across rows placed requests.new[commercial]; left out "
                    "requests.new[research], requests.new[social_welfare]")
    assert "blank cells dropped" not in said
    assert _settled_note(spec, note, had, had) == note  # nothing placed: the sentence as it was


def test_laid_out_row_read_by_its_columns_without_the_page_number_below_it():
    """Laid-out text (pdfplumber ``layout=True``): table 四's 15 columns known from its headers,
    seven numbers on the row's line (its zeros printed empty), the page number alone on a line
    below, under a column one of them already holds.  The row adds up only without it: the page
    number is set aside and said, and the rest is read by its columns, as it is where no page
    number is printed — not by order and sums, which leave every cell open."""
    from parsers.alignment import place
    from parsers.numbers import parse_number
    from parsers.templates import template
    from parsers.tokens import VALUE, Token

    spec = next(r for r in template("2019").rows if r.id == "appeals")
    centres = [13.5, 20.0, 26.0, 33.0, 39.0, 45.5, 52.0, 58.5, 65.0, 71.0, 77.5, 84.0, 90.5, 97.0, 103.0]
    at = lambda text, x, line: Token(VALUE, text, parse_number(text), 3, line, x=x)  # noqa: E731
    row = [at("6", 45.5, 206), at("1", 58.5, 206), at("7", 71.5, 206), at("2", 77.5, 206), at("2", 83.5, 206),
           at("1", 96.5, 206), at("5", 103.5, 206)]
    want = [0, 0, 0, 0, 0, 6, 0, 1, 0, 7, 2, 2, 0, 1, 5]
    cells, note, _ = place(row, spec, 3, centres)
    assert [c.value for c in cells] == want and note is None  # the control: no page number
    cells, note, _ = place(row + [at("4", 58.5, 234)], spec, 3, centres)
    assert [c and c.value for c in cells] == want
    assert "the lone number '4' after it was taken for a page number and not read" in note
