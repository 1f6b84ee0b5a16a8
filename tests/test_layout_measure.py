"""By which measure laid-out text counts its columns (parsers/layout_measure.py), and what is
kept where the lines do not tell (parsers/layout_agreement.py)."""
from __future__ import annotations

from parsers.alignment import AlignedRow, Alignment, PlacedCell, align
from parsers.layout_agreement import agreed
from parsers.layout_measure import CHARS, DISPLAY, display_width, line_measures, offset
from parsers.placement import SUMS
from parsers.sections import locate_sections
from parsers.templates import template
from parsers.text import text_to_document
from parsers.tokens import VALUE, laid_out_measures, tokenize_document
from pipeline.process import process_document

# table 二's rows, as a tool lays them out: each number starting at its column (40, 52, 64)
ROWS = [("规章", ["3", "1", "12"]), ("规范性文件", ["25", "4", "130"]), ("行政许可", ["7", "0", "7"]),
        ("其他对外管理服务事项", ["2", "2", "9"]), ("行政处罚", ["14", "3", "5"]), ("政府集中采购", ["1", "0", "1"])]
COLUMNS = (40, 52, 64)


def laid_out(rows, measure: str, label_at: int = 4) -> str:
    """Lines padded with spaces so that each number starts at its column, as ``measure`` counts."""
    lines = []
    for label, numbers in rows:
        line = " " * label_at + label
        for column, text in zip(COLUMNS, numbers):
            line += " " * (column - offset(line, len(line), measure)) + text
        lines.append(line)
    return "\n".join(lines)


def measures_of(text: str) -> tuple[str, ...]:
    doc = text_to_document(text)
    return laid_out_measures(doc, locate_sections(doc))


def test_rows_whose_labels_differ_show_the_measure():
    assert measures_of(laid_out(ROWS, CHARS)) == (CHARS,)
    assert measures_of(laid_out(ROWS, DISPLAY)) == (DISPLAY,)


def test_labels_of_one_length_do_not_tell():
    same = [(label[:2] + "事项", numbers) for label, numbers in ROWS]  # four CJK characters each
    assert set(measures_of(laid_out(same, CHARS))) == {CHARS, DISPLAY}
    assert set(measures_of(laid_out(same, DISPLAY))) == {CHARS, DISPLAY}


def test_text_that_is_not_laid_out_needs_no_measure():
    plain = "\n".join(f"{label} {' '.join(numbers)}" for label, numbers in ROWS)
    assert measures_of(plain) == (CHARS,)


def test_the_lines_say_one_measure_only_when_the_other_lines_up_far_less():
    # two rows' numbers: (chars centre, display centre); the CJK prefixes differ by 6 and 3
    a, b, c = [(40.5, 46.5), (52.5, 58.5)], [(43.5, 46.5), (55.5, 58.5)], [(40.5, 43.5), (52.5, 55.5)]
    assert line_measures([a, b, a, b, a, b]) == (DISPLAY,)  # lined up by display width only
    assert line_measures([a, c, a, c, a, c]) == (CHARS,)
    assert set(line_measures([a, b])) == {CHARS, DISPLAY}  # one pair is not enough


def test_lines_of_another_section_are_not_compared():
    """Table 四's numbers, printed with no label before them (chars and display centres alike),
    stand densely enough that rows of 三 line up with some under the other measure by chance:
    an empty entry (a section heading, tokens._laid_out_mode) keeps them apart (generated
    sparse reports 104 and 109, pdfplumber layout=True, were left undecided so)."""
    a, c = [(40.5, 46.5), (52.5, 58.5)], [(40.5, 43.5), (52.5, 55.5)]  # lined up by characters
    four = [(46.5, 46.5), (58.5, 58.5)]  # lines up with ``a`` by display width only
    assert set(line_measures([a, c, a, c, four])) == {CHARS, DISPLAY}  # 4 pairs against 2
    assert line_measures([a, c, a, c, [], four]) == (CHARS,)
    assert set(line_measures([a, c, [], a, c])) == {CHARS, DISPLAY}  # one pair each side: not enough


def test_positions_by_display_width():
    line = laid_out(ROWS[:1], DISPLAY)
    doc = text_to_document("\n".join([line] * 3))
    for measure, start in ((DISPLAY, 40), (CHARS, 40 - 2)):  # 规章: two CJK characters before
        xs = [t.x for t in tokenize_document(doc, locate_sections(doc), measure) if t.kind == VALUE][:3]
        assert xs[0] == start + 0.5, (measure, xs)
    assert display_width("规章 12") == 7


# Table 二 of a sparse report (tests/test_pdf_layout_sparse.py display report 21) laid out by
# display width: 规章 prints one number, 1,346, under 本年新公开数量.  No two rows with the same
# count of numbers tell the measures apart, and by characters the CJK before it (规章 and the
# header's 信息内容 本年新制作数量 …) put it under 对外公开总数量.
EXCERPT = "\n".join([
    '              二、主动公开政府信息情况',
    '                                              第二十条第（一）项',
    '                     信息内容          本年新制作数量      本年新公开数量      对外公开总数量',
    '               规章                                             1,346',
    '               规范性文件                   2,379               1,409',
    '                                              第二十条第（五）项',
    '                     信息内容          上一年项目数量         本年增/减         处理决定数量',
    '               行政许可                     1,678                                     1',
    '               其他对外管理服务事                                                     2',
    '               项',
    '                                              第二十条第（六）项',
    '                     信息内容          上一年项目数量         本年增/减         处理决定数量',
    '               行政处罚                                           -4',
    '               行政强制                      760',
    '                                              第二十条第（八）项',
    '                     信息内容          上一年项目数量                   本年增/减',
    '               行政事业性收费',
    '                                              第二十条第（九）项',
    '                     信息内容           采购项目数量                   采购总金额',
    '               政府集中采购                   1                           870.3',
])


def test_by_characters_alone_the_excerpt_reads_one_column_off():
    doc = text_to_document(EXCERPT)
    read = {}
    for measure in (CHARS, DISPLAY):
        al = align(tokenize_document(doc, locate_sections(doc), measure), "2019", measure)
        row = next(r for r in al.rows if r.spec.id == "active.regulations")
        read[measure] = {c.code: cell.value for c, cell in zip(row.spec.cells, row.cells) if cell is not None}
    assert read[DISPLAY].get("active.regulations.published") == 1346  # the printed column
    assert read[CHARS].get("active.regulations.published") != 1346  # the old reading: one column off


def test_where_the_lines_do_not_tell_a_cell_the_measures_place_apart_is_left_out_and_said():
    result = process_document(EXCERPT.encode("utf-8"), source_path="x.txt")
    got = {f["category"]: f["count"] for f in result.facts}
    assert "active.regulations.published" not in got and "active.regulations.total_public" not in got
    assert got["active.normative_documents.made"] == 2379  # placed alike by both
    assert result.status == "partial"
    assert "counted by characters or by display width" in result.error
    assert "active.regulations.published" in result.error


def test_agreed_keeps_only_the_cells_both_readings_place_alike():
    spec = next(r for r in template("2019").rows if r.id == "active.regulations")
    cell = lambda v: PlacedCell(float(v), str(v), 1)  # noqa: E731
    first = Alignment("2019", rows=[AlignedRow(spec, "规章", [cell(0), cell(1346), None])])
    second = Alignment("2019", rows=[AlignedRow(spec, "规章", [cell(0), None, cell(1346)])])
    out = agreed(first, second)
    assert out.rows[0].cells == [cell(0), None, None]
    assert "left out active.regulations.published" in out.rows[0].note
    assert agreed(first, first).rows[0].cells == first.rows[0].cells
    assert agreed(first, Alignment("2019")).rows[0].cells == [None, None, None]  # a row the other lacks


def test_agreed_keeps_a_value_both_readings_give_from_different_printed_texts():
    """A row of zeros printed with mixed zero marks ("-", "/", "0", blank): the two measures put
    the marks in different columns, but every cell is 0 under both.  The value is kept, with no
    text, marked ``mixed`` (which mark stood there is open) and ``sums`` as its placement; a cell
    whose values differ, or that one reading leaves out, is still left out and said."""
    spec = next(r for r in template("2019").rows if r.id == "active.regulations")
    first = Alignment("2019", rows=[AlignedRow(spec, "规章", [PlacedCell(0.0, "-", 1), PlacedCell(0.0, "", 1),
                                                             PlacedCell(7.0, "7", 1)])])
    second = Alignment("2019", rows=[AlignedRow(spec, "规章", [PlacedCell(0.0, "0", 1), PlacedCell(0.0, "-", 1),
                                                              None])])
    out = agreed(first, second).rows[0]
    assert out.cells == [PlacedCell(0.0, None, 1, SUMS, mixed=True), PlacedCell(0.0, None, 1, SUMS, mixed=True), None]
    assert out.note.endswith("left out active.regulations.total_public")
    third = Alignment("2019", rows=[AlignedRow(spec, "规章", [PlacedCell(0.0, "-", 1), PlacedCell(1.0, "1", 1),
                                                             PlacedCell(7.0, "7", 1)])])
    out = agreed(first, third).rows[0]
    assert out.cells == [PlacedCell(0.0, "-", 1), None, PlacedCell(7.0, "7", 1)]  # alike: kept as placed
    assert out.note.endswith("left out active.regulations.published")


def test_agreed_keeps_a_mixed_cell_mixed():
    """A cell one reading already holds as ``mixed`` (its own placements printed different
    texts there) stays mixed even where the other reading prints that same text."""
    spec = next(r for r in template("2019").rows if r.id == "active.regulations")
    mixed = PlacedCell(0.0, None, 1, SUMS, mixed=True)
    first = Alignment("2019", rows=[AlignedRow(spec, "规章", [mixed, PlacedCell(1.0, "1", 1), None])])
    second = Alignment("2019", rows=[AlignedRow(spec, "规章", [PlacedCell(0.0, "0", 1), PlacedCell(1.0, "1", 1), None])])
    assert agreed(first, second).rows[0].cells[0] == mixed
    assert agreed(second, first).rows[0].cells[0] == mixed


# The excerpt with 规章 printing "-" and "0" in two of its three columns: by characters the
# "0" may stand under 本年新公开数量 or 对外公开总数量 (which of them holds the "0" and which is
# blank, the row's placements leave open), by display width it stands under 本年新公开数量 and
# 对外公开总数量 is blank.  Every reading gives each cell 0; the "-" is under 本年新制作数量 in all.
MIXED_MARKS = "\n".join(EXCERPT.split("\n")[:3] + ["               规章                  -                   0"]
                        + EXCERPT.split("\n")[4:])


def test_a_cell_whose_readings_print_different_texts_says_its_text_is_not_known():
    result = process_document(MIXED_MARKS.encode("utf-8"), source_path="x.txt")
    got = {f["category"]: f for f in result.facts if f["category"].startswith("active.regulations.")}
    assert set(got) == {"active.regulations.made", "active.regulations.published", "active.regulations.total_public"}
    made = got["active.regulations.made"]
    assert (made["count"], made["raw_value"], made["value_kind"]) == (0, "-", "dash")  # the same text in every reading
    for code in ("active.regulations.published", "active.regulations.total_public"):
        f = got[code]
        assert (f["count"], f["raw_value"], f["value_kind"], f["placement"]) == (0, None, "mixed", "sums"), f
    # raw_value is only ever a text the document printed (or "" for a blank cell)
    assert all(f["raw_value"] in MIXED_MARKS for f in result.facts if f["raw_value"] is not None)


def test_a_cell_placed_from_different_printed_texts_carries_no_text():
    """No text is made up for a ``mixed`` cell: by characters the row's placements put "0" or a
    blank under 本年新公开数量 and 对外公开总数量 (``alignment._agreed``), and the two measures'
    agreement keeps that (``layout_agreement._both``); the cell carries its value and no text,
    where it once carried the number re-typed ("0") as if printed."""
    doc = text_to_document(MIXED_MARKS)
    readings = [align(tokenize_document(doc, locate_sections(doc), m), "2019", m) for m in (CHARS, DISPLAY)]
    chars = next(r for r in readings[0].rows if r.spec.id == "active.regulations").cells
    assert chars == [PlacedCell(0.0, "-", None, SUMS), PlacedCell(0.0, None, None, SUMS, mixed=True),
                     PlacedCell(0.0, None, None, SUMS, mixed=True)]
    both = next(r for r in agreed(*readings).rows if r.spec.id == "active.regulations").cells
    assert [(c.raw, c.mixed) for c in both] == [("-", False), (None, True), (None, True)]


def test_a_mixed_cell_stays_mixed_when_re_marked_and_is_named_by_its_value():
    """Re-marking a cell's placement (``alignment._placed_as``) keeps it ``mixed`` (else it would
    come out as a blank cell with no text); a mixed cell left out says its value, having no text."""
    from parsers.alignment import _placed_as
    from parsers.placement import SEQUENCE
    from pipeline.facts import build_facts, unusable

    cell = PlacedCell(2.5, None, 1, SUMS, mixed=True)
    assert _placed_as(cell, SEQUENCE) == PlacedCell(2.5, None, 1, SEQUENCE, mixed=True)
    assert unusable("active.regulations.made", None, cell) == (
        "cell active.regulations.made (2.5, printed differently in the readings left open) is not a whole "
        "number but counts requests; it was left out")
    spec = next(r for r in template("2019").rows if r.id == "active.regulations")
    facts = build_facts(Alignment("2019", rows=[AlignedRow(spec, "规章", [PlacedCell(0.0, None, 1, SUMS, mixed=True),
                                                                            None, None])]))
    assert [(f["count"], f["raw_value"], f["value_kind"]) for f in facts] == [(0, None, "mixed")]
