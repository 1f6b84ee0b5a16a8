"""Bounds on the column borders of laid-out text (parsers/layout_bounds.py): a word's first
character is its position, its real width only bounded below, every text of a cell inside
it — so a number is given one column only where nothing else is possible."""
from __future__ import annotations

from parsers.layout_bounds import Borders, band_slots, BandRow, piece
from parsers.layout_columns import Mark, display_width
from parsers.templates import template
from parsers.tokens import LABEL, VALUE, Token

ROWS = {r.id: r for r in template("2021").rows}
NEW, TOTAL = ROWS["requests.new"], ROWS["requests.total"]


def mark(text: str, start: float, line: int) -> Mark:
    return Mark(text, start, start + display_width(text), line)


def num(text: str, start: float, line: int) -> Token:
    return Token(VALUE, text, None, line=line, x=start + len(text) / 2)


# table 三's header as pdfplumber layout=True prints a real WPS report (corpus-full r-03): each
# CJK character one column although it is wider, so the texts' ends are not where they print
HEADER = (
    mark("申请人情况", 51, 1), mark("法人或其他组织", 40, 2), mark("自然人", 35, 3), mark("总计", 68, 3),
    mark("商业企", 40, 4), mark("科研机", 45, 4), mark("社会公益", 50, 4), mark("法律服务", 56, 4),
    mark("其他", 63, 5), mark("业", 40, 6), mark("构", 45, 6), mark("组织", 50, 6), mark("机构", 56, 6),
)


def test_a_text_bounds_the_borders_around_its_column():
    b = Borders(3)
    b.inside(piece("本年制发件数", 16), 0, 0)   # x0 <= 16.5, x1 >= 15.5 + 6
    b.inside(piece("本年废止件数", 29), 1, 1)
    assert (b.lo, b.hi) == ([21.5, 34.5], [29.5, float("inf")])
    assert b.columns(piece("2", 19)) == [0]
    assert b.columns(piece("2", 28)) == [0, 1]  # between the two headers: either
    assert b.columns(piece("2", 40)) == [1, 2]  # nothing bounds the second column on its right


def test_a_pushed_word_gives_only_an_upper_bound():
    b = Borders(2)
    b.inside(piece("12", 20, pushed=True), 1, 1)
    assert (b.lo, b.hi) == ([float("-inf")], [20.5])


def test_headers_and_numbers_of_a_real_report_place_its_columns():
    # 34 under 自然人, 61 under 法律服务, 34 under 总计; nothing printed elsewhere
    rows = [BandRow(NEW, (num("34", 36, 10), num("61", 58, 10), num("95", 69, 10)))]
    assert band_slots(HEADER, rows) == {0: [[0], [4], [6]]}


def test_a_number_between_two_headers_keeps_both_columns():
    rows = [BandRow(NEW, (num("5", 43, 10), num("5", 69, 10)))]
    assert band_slots(HEADER, rows)[0][0] == [1, 2]  # 商业企 or 科研机: its column is not certain


def test_a_column_printed_in_one_row_helps_another():
    """A full row fixes where each column's numbers stand; a row below with one number that
    the headers alone leave between two columns is then placed."""
    full = BandRow(TOTAL, tuple(num(t, x, 11) for t, x in
                                (("301", 35), ("53", 41), ("12345", 47), ("0", 53), ("61", 58), ("4", 64), ("12764", 68))))
    alone = BandRow(NEW, (num("7", 48, 10), num("7", 69, 10)))
    assert band_slots(HEADER, [alone])[0][0] == [2, 3]  # 科研机 or 社会公益 by the headers alone
    assert band_slots(HEADER, [alone, full])[0] == [[2], [6]]  # 12345 reaches past 48: 科研机


def test_text_over_the_values_that_names_no_column_gives_no_bounds():
    rows = [BandRow(NEW, (num("34", 36, 10), num("34", 69, 10)))]
    assert band_slots(HEADER + (mark("备注", 74, 3),), rows) is None


def test_a_number_far_beside_the_last_header_is_not_its_column():
    rows = [BandRow(NEW, (num("34", 36, 10), num("34", 90, 10)))]
    assert band_slots(HEADER, rows)[0][1] == []  # no column: place() leaves the row out


def test_a_stray_number_on_a_line_of_its_own_bounds_nothing():
    """A page number below a row (another line) gets the columns it could stand in but never
    bounds the borders for the other rows."""
    stray = BandRow(NEW, (num("34", 36, 10), num("34", 69, 10), num("12345", 47, 30)))
    other = BandRow(TOTAL, (num("5", 48, 12), num("5", 69, 12)))
    assert band_slots(HEADER, [stray, other])[1][0] == [2, 3]  # as a number of the row it would say 科研机


def test_headers_that_overlap_the_numbers_inconsistently_give_nothing():
    # a full row whose numbers stand left of where their headers allow: no bounds hold
    full = BandRow(TOTAL, tuple(num(t, x, 11) for t, x in
                                (("1", 20), ("1", 22), ("0", 24), ("0", 26), ("0", 28), ("0", 30), ("2", 32))))
    assert band_slots(HEADER, [full]) is None


def test_pushed_numbers_are_seen_from_their_line():
    label = Token(LABEL, "一、本年新收政府信息公开申请数量", None, line=10, x=11 + 16)
    rows = [BandRow(NEW, (num("3001", 36, 10), num("53", 41, 10), num("3054", 68, 10)), (label,))]
    slots = band_slots(HEADER, rows)[0]
    assert slots[0] == [0] and slots[2] == [6]
    assert 1 in slots[1]  # "53" follows "3001" after one space: perhaps pushed, so 商业企 or later


# table 三's header of a sparse generated report (tests/test_pdf_layout_sparse.py seed 16):
# 科研机构 starts one space after 商业企业 ends, so it may have been pushed there (its start is
# only bounded above) — but it starts inside its cell, right of the border after 商业企业
PUSHED_HEADER = (
    mark("申请人情况", 49, 1), mark("自然人", 32, 2), mark("法人或其他组织", 47, 2), mark("总计", 68, 2),
    mark("商业企业", 38, 4), mark("科研机构", 43, 4), mark("社会公益", 49, 4), mark("法律服务", 55, 4),
    mark("其他", 62, 4), mark("组织", 51, 5), mark("机构", 56, 5),
)


def test_a_pushed_header_still_ends_past_the_border_before_it():
    # 商业企业 (not pushed, 38) ends at 41.5 at least, so the border after it too; 科研机构 starts
    # after that border and takes four columns at least: its column reaches 45.5, and 63
    # starting at 45 cannot stand in 社会公益's
    rows = [BandRow(NEW, (num("63", 45, 10), num("37", 63, 10), num("100", 68, 10)))]
    assert band_slots(PUSHED_HEADER, rows) == {0: [[2], [5], [6]]}


def test_a_number_past_a_pushed_headers_least_end_keeps_both_columns():
    # a single digit starting at 46 is past 45.5: 科研机构 or 社会公益, the bounds do not tell
    rows = [BandRow(NEW, (num("2", 46, 10), num("1", 63, 10), num("3", 69, 10)))]
    assert band_slots(PUSHED_HEADER, rows) == {0: [[2, 3], [5], [6]]}
