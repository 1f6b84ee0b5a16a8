"""Column positions of laid-out text from where the headers stand (parsers/layout_columns.py):
certain placements only — the header data (columns.toml leaves, header_spans.toml spans,
label-column headers and titles) decide which header marks which column."""
from __future__ import annotations

from parsers.layout_columns import HeaderBand, Mark, display_width, header_centres
from parsers.templates import template
from parsers.tokens import LABEL, VALUE, Token

ROWS = {r.id: r for r in template("2021").rows}
NEW = ROWS["requests.new"]          # seven applicant columns
REGS = ROWS["active.regulations"]   # issued, repealed, in_force


def mark(text: str, start: float, line: int) -> Mark:
    return Mark(text, start, start + display_width(text), line)


def values(*xs: float) -> list[Token]:
    return [Token(VALUE, "1", None, x=x) for x in xs]


# table 三's header as a layout tool prints it: the applicant leaves on the lowest header
# line (two of them wrapped), 法人或其他组织 over its five columns, 申请人情况 over all seven
REQUESTS_HEADER = (
    mark("申请人情况", 60, 1),
    mark("自然人", 40, 2), mark("法人或其他组织", 66, 2), mark("总计", 112, 2),
    mark("商业企业", 48, 3), mark("科研机构", 58, 3), mark("社会公益", 68, 3), mark("法律服务", 78, 3),
    mark("其他", 90, 3), mark("组织", 70, 4), mark("机构", 80, 4),
)


def test_leaves_spans_and_wrapped_fragments_give_the_columns():
    centres = header_centres(NEW, REQUESTS_HEADER, values(43, 52, 116))
    assert centres == [43.0, 52.0, 62.0, 72.0, 82.0, 92.0, 114.0]


def test_a_span_that_does_not_hold_its_leaves_gives_nothing():
    moved = tuple(mark("法人或其他组织", 100, 2) if m.text == "法人或其他组织" else m for m in REQUESTS_HEADER)
    assert header_centres(NEW, moved, values(43, 52)) is None


def test_overlapping_headers_give_nothing():
    # a tool that gives each CJK character one column squeezes the leaves into each other
    squeezed = tuple(mark(m.text, 40 + (m.start - 40) / 3, m.line) if m.line >= 3 else m for m in REQUESTS_HEADER)
    assert header_centres(NEW, squeezed, values(43)) is None


def test_a_number_between_two_columns_or_under_a_title_gives_nothing():
    head = (mark("第二十条第（一）项", 19, 1), mark("信息内容", 4, 2), mark("本年制发件数", 16, 2),
            mark("本年废止件数", 29, 2), mark("现行有效件数", 42, 2))
    assert header_centres(REGS, head, values(19.5, 45.5)) == [22.0, 35.0, 48.0]
    assert header_centres(REGS, head, values(28.5)) is None           # on the border of two columns
    unknown = head + (mark("备注说明", 56, 2),)
    assert header_centres(REGS, unknown, values(58.0)) is None        # under text that names no column
    assert header_centres(REGS, head[:4], values(19.5)) is None       # a column without its header
    assert header_centres(REGS, head, values(19.5, 22.0)) is not None  # two in one column: place() refuses


def test_header_band_keeps_the_headers_of_the_rows_below_them():
    band = HeaderBand()
    tok = lambda text, x, line: Token(LABEL, text, None, line=line, x=x)
    band.see([tok("信息内容", 8, 1)], header=True)
    band.see([tok("本年", 20, 1)], header=False)   # a fragment of a wrapped header: joins the band
    first = band.row()
    band.see([tok("事项", 2, 3)], header=False)    # a wrapped row label after the row: ignored
    assert band.row() == first and [m.text for m in first] == ["信息内容", "本年"]
    band.see([tok("信息内容", 8, 5)], header=True)  # the next sub-table's headers: a new band
    assert [m.line for m in band.row()] == [5]
    band.clear()
    assert band.row() == ()
