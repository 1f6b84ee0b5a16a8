"""Real grids are never "repaired": every printed value lands in exactly its printed cell.

Random reports (consistent and inconsistent: sums that fail, 总计 printed blank), printed as
Word-exported web pages with header spans that straddle the data columns, 2019 table 二 with
merged headers that do not line up with the value cells, empty trailing ``<td>``s and numbers
split over runs with ``&nbsp;`` (tests/roundtrip/wordgrid.py).  The truth is the print.

How many examples per test: fixed derandomized counts calibrated to a CPU budget
(tests/budget.py; ``ZFXXGK_EXAMPLES_SCALE=N`` multiplies them, ``GRID_EXAMPLES=N`` sets N web
pages and N/5 Word files, as before); a failing example's HTML is written to ``.roundtrip-failures/``.
"""
from __future__ import annotations

import hashlib
import math
import pathlib

from hypothesis import given
from hypothesis import strategies as st

from parsers.base import Cell, Document, TableBlock, TextLine
from pipeline.analyze import analyze_document
from pipeline.process import process_document
from pipeline.result import ReportResult
from tests.budget import property_settings
from tests.roundtrip.reportgen import APPLICANTS, MONEY_CODES, DrawChooser
from tests.roundtrip.wordgrid import render, render_docx, word_report
from tests.sentence_names import cell_named

ROOT = pathlib.Path(__file__).resolve().parents[1]
FAIL_DIR = ROOT / ".roundtrip-failures"
GRID = property_settings("grid.word_html")


def _facts(result) -> dict[tuple, float]:
    out = {}
    for f in result.facts:
        key = (f["category"], f["applicant_type"])
        assert key not in out, f"duplicate fact {key}"
        out[key] = f["count"] if f["count"] is not None else f["amount"]
    return out


def _same(code: str, a, b) -> bool:
    if code in MONEY_CODES:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return float(a) == float(b)


@given(st.data())
@GRID
def test_word_export_grids_every_printed_value_in_its_cell(data):
    for template in ("2021", "2019"):
        ch = DrawChooser(data)
        rep, opts = word_report(ch, template)
        _assert_grid_roundtrip(rep, opts, render(rep, opts, ch), template, "html")


@given(st.data())
@property_settings("grid.word_docx")
def test_word_documents_every_printed_value_in_its_cell(data):
    """The same reports as .docx files with real merges (python-docx gridSpan / vMerge)."""
    for template in ("2021", "2019"):
        ch = DrawChooser(data)
        rep, opts = word_report(ch, template)
        _assert_grid_roundtrip(rep, opts, render_docx(rep), template, "docx")


def _assert_grid_roundtrip(rep, opts, raw: bytes, template: str, ext: str) -> None:
    """Every printed value in exactly its printed cell; a cell left out only where the
    document leaves it open (``opts.open_cells``), and then named in the sentence."""
    result = process_document(raw, source_path=f"x.{ext}")
    FAIL_DIR.mkdir(exist_ok=True)
    path = FAIL_DIR / f"grid-{template}-{hashlib.sha256(raw).hexdigest()[:12]}.{ext}"
    ctx = f"template {template}; {opts.describe()}; {ext}: {path}"
    got, want = _facts(result), rep.expected_cells()
    wrong = [f"{k}: {got[k]} != {v}" for k, v in want.items() if k in got and not _same(k[0], got[k], v)]
    left_out = [k for k in want if k not in got]
    missing = [k for k in left_out if k not in opts.open_cells]
    spurious = [k for k in got if k not in want]
    how = {(f["category"], f["applicant_type"]): f["placement"] for f in result.facts}
    not_grid = sorted({(k, p) for k, p in how.items() if p != "grid" and not (p == "sums" and k in opts.open_cells)})
    unnamed = [k for k in left_out if not cell_named(result.error or "", k[0], k[1])]
    problems = [p for p in (
        wrong and f"wrong cells {wrong[:5]}",
        spurious and f"spurious cells {spurious[:5]}",
        missing and f"cells left out {missing[:5]} ({result.error})",
        unnamed and f"cells left out without a word {unnamed[:5]}",
        result.status != ("partial" if left_out else "ok") and f"status {result.status}: {result.error}",
        result.template != template and f"template {result.template}",
        not_grid and f"not placed as grid cells: {not_grid[:5]}") if p]
    if problems:
        path.write_bytes(raw)
    assert not problems, "; ".join(problems) + f"; {ctx}"


# ---- a grid on its own: any values, any blanks, sums that hold or not -----------------

_APPL_HEADERS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
_ROWS_2021 = [("requests.new", "一、本年新收政府信息公开申请数量"),
              ("requests.carried_over", "二、上年结转政府信息公开申请数量"),
              ("requests.granted", "（一）予以公开"),
              ("requests.total", "（七）总计"),
              ("requests.carried_forward", "四、结转下年度继续办理")]
_APPEALS_HEADERS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
_APPEALS_CODES = [f"appeals.{g}.{o}" for g in ("review", "litigation_direct", "litigation_after_review")
                  for o in ("upheld", "corrected", "other", "pending", "total")]

_cell_text = st.one_of(st.integers(0, 9999).map(str), st.sampled_from(["", " ", "-", "—", "/", "无", "0"]))


def _value(text: str) -> float:
    t = text.strip()
    return 0.0 if t in ("", "-", "—", "/", "无") else float(t)


@given(requests=st.lists(st.lists(_cell_text, min_size=7, max_size=7), min_size=len(_ROWS_2021),
                         max_size=len(_ROWS_2021)),
       appeals=st.lists(_cell_text, min_size=15, max_size=15),
       blank_total=st.booleans())
@property_settings("grid.never_moved")
def test_no_grid_cell_is_ever_moved(requests, appeals, blank_total):
    """Any printed grid — sums holding or failing, blank 总计 columns — comes back cell for cell."""
    if blank_total:
        requests = [row[:6] + [""] for row in requests]
    rows = [(Cell("申请人情况"), *(Cell(h) for h in _APPL_HEADERS))]
    rows += [(Cell(label), *(Cell(v) for v in vals)) for (_, label), vals in zip(_ROWS_2021, requests)]
    table3 = TableBlock(rows=tuple(rows))
    table4 = TableBlock(rows=(
        (Cell("行政复议"), *(Cell("") for _ in range(4)), Cell("行政诉讼"), *(Cell("") for _ in range(9))),
        tuple(Cell(h) for h in _APPEALS_HEADERS * 3),
        tuple(Cell(v) for v in appeals)))
    doc = Document(blocks=[TextLine("三、收到和处理政府信息公开申请情况"), table3,
                           TextLine("四、政府信息公开行政复议、行政诉讼情况"), table4], format="html")
    result = ReportResult("r", "x.html", "html", "ok")
    analyze_document(doc, result, {})
    got = _facts(result)
    want = {(code, at): _value(v) for (code, _), vals in zip(_ROWS_2021, requests) for at, v in zip(APPLICANTS, vals)}
    want.update({(code, None): _value(v) for code, v in zip(_APPEALS_CODES, appeals)})
    assert {k: got.get(k) for k in want} == want
    assert {f["placement"] for f in result.facts} == {"grid"}
    raws = {(f["category"], f["applicant_type"]): f["raw_value"] for f in result.facts}
    printed = {(code, at): v.strip() for (code, _), vals in zip(_ROWS_2021, requests) for at, v in zip(APPLICANTS, vals)}
    assert {k: raws[k] for k in printed} == printed
    failed = {c["check"] for c in result.checks if not c["passed"]}
    sums_fail = any(_value(r[6]) != sum(map(_value, r[:6])) for r in requests)
    assert ("requests.row_total" in failed) == sums_fail


# ---- rows that do not print one cell per column: the header and the other rows decide ----

def _requests_grid(header_natural_span: int, rows: list[list[tuple[str, int, int]]],
                   header_spans: list[int] | None = None) -> Document:
    """Table 三 on a grid: the label in column 0, the header's 自然人 over ``header_natural_span``
    columns from column 1, then the other six headers one column each (or the seven headers
    over ``header_spans``); data rows as given ((text, col, colspan) per cell)."""
    spans = header_spans or [header_natural_span] + [1] * 6
    head = [Cell("申请人情况", col=0)] + [Cell(h, col=c, colspan=s) for h, c, s in _full(_APPL_HEADERS, spans)]
    body = [tuple([Cell(label, col=0)] + [Cell(t, col=c, colspan=s) for t, c, s in cells])
            for label, cells in zip([lbl for _, lbl in _ROWS_2021], rows)]
    return Document(blocks=[TextLine("三、收到和处理政府信息公开申请情况"), TableBlock(rows=(tuple(head), *body))],
                    format="html")


def _analyze(doc: Document) -> ReportResult:
    result = ReportResult("r", "x.html", "html", "ok")
    analyze_document(doc, result, {})
    return result


def _full(values: list[str], spans: list[int]) -> list[tuple[str, int, int]]:
    out, col = [], 1
    for v, s in zip(values, spans):
        out.append((v, col, s))
        col += s
    return out


def test_header_places_a_row_with_an_extra_empty_cell():
    """自然人's header spans two columns; one row prints its 自然人 value and an empty cell
    under it, the others print one cell there: every value still lands in its column."""
    full = _full(["3", "1", "0", "0", "0", "0", "4"], [2, 1, 1, 1, 1, 1, 1])
    split = _full(["5", "", "1", "0", "0", "0", "0", "6"], [1, 1, 1, 1, 1, 1, 1, 1])
    result = _analyze(_requests_grid(2, [full, split, full, full, full]))
    got = _facts(result)
    assert [got[("requests.carried_over", at)] for at in APPLICANTS] == [5, 1, 0, 0, 0, 0, 6]
    assert [got[("requests.new", at)] for at in APPLICANTS] == [3, 1, 0, 0, 0, 0, 4]
    assert {f["placement"] for f in result.facts} == {"grid"}


def test_header_and_rows_disagree_cells_left_out_and_named():
    """The full rows print 商业企业 over columns 2–3, the header puts 自然人 over 1–2 and 商业企业
    at 3: a row printing one cell per column is read differently by the two, and its sums
    hold either way — those two cells are left out, named, never guessed."""
    full = _full(["3", "1", "0", "0", "0", "0", "4"], [1, 2, 1, 1, 1, 1, 1])
    odd = _full(["", "4", "", "0", "0", "0", "0", "4"], [1, 1, 1, 1, 1, 1, 1, 1])
    result = _analyze(_requests_grid(2, [full, odd, full, full, full]))
    got = _facts(result)
    assert ("requests.carried_over", "natural_person") not in got
    assert ("requests.carried_over", "commercial") not in got
    assert [got[("requests.carried_over", at)] for at in APPLICANTS[2:]] == [0, 0, 0, 0, 4]
    assert result.status == "partial"
    assert "requests.carried_over[natural_person]" in result.error
    assert "requests.carried_over[commercial]" in result.error
    assert "disagree" in result.error


def test_a_printed_row_whose_sums_fail_stays_as_printed():
    """总计 printed blank while the other columns hold numbers: nothing moves into 总计."""
    full = _full(["3", "1", "0", "0", "0", "0", "4"], [1] * 7)
    blank_total = _full(["2", "1", "0", "0", "0", "0", ""], [1] * 7)
    result = _analyze(_requests_grid(1, [full, blank_total, full, full, full]))
    got = _facts(result)
    assert [got[("requests.carried_over", at)] for at in APPLICANTS] == [2, 1, 0, 0, 0, 0, 0]
    row_total = [c for c in result.checks if c["check"] == "requests.row_total"
                 and c["scope"] == "requests.carried_over"]
    assert row_total and not row_total[0]["passed"] and row_total[0]["actual"] == 3


def test_nbsp_split_number_is_the_number():
    page = ('<html><body><p>三、收到和处理政府信息公开申请情况</p><table><tr><td>申请人情况</td>'
            + "".join(f"<td>{h}</td>" for h in _APPL_HEADERS) + "</tr><tr><td>一、本年新收政府信息公开申请数量</td>"
            + '<td><p><span>&nbsp;</span><span lang="EN-US">5</span></p></td>'
            + "<td><p><span>&nbsp;</span></p></td>" * 5 + "<td><p>&nbsp;5</p></td></tr></table></body></html>")
    got = _facts(process_document(page.encode(), source_path="x.html"))
    assert [got[("requests.new", at)] for at in APPLICANTS] == [5, 0, 0, 0, 0, 0, 5]


def test_sums_choose_only_between_readings_the_grid_leaves_open():
    """The full rows print 总计 over two columns, the header 其他 over two: a row printing one
    cell per column is read two ways (3 under 总计, or under 其他 with 总计 blank); only the
    reading by the other rows adds up, so it stands — and those cells say placement 'sums'."""
    full = _full(["3", "1", "0", "0", "0", "0", "4"], [1, 1, 1, 1, 1, 1, 2])
    odd = _full(["2", "1", "0", "0", "0", "", "3", ""], [1] * 8)  # by the header: 其他 3, 总计 blank
    result = _analyze(_requests_grid(1, [full, odd, full, full, full], header_spans=[1, 1, 1, 1, 1, 2, 1]))
    got = _facts(result)
    assert [got[("requests.carried_over", at)] for at in APPLICANTS] == [2, 1, 0, 0, 0, 0, 3]
    how = {f["applicant_type"]: f["placement"] for f in result.facts if f["category"] == "requests.carried_over"}
    assert how["total"] == how["other_org"] == "sums"
    assert how["natural_person"] == "grid"


def test_appeals_with_an_empty_corner_column():
    """Table 四 with an empty first column (the corner cell over the headers, an empty cell in
    the data row): the fifteen values still land under their headers."""
    values = [str(v) for v in range(1, 16)]
    table4 = TableBlock(rows=(
        (Cell("", col=0), Cell("行政复议", col=1, colspan=5), Cell("行政诉讼", col=6, colspan=10)),
        (Cell("", col=0, origin=False), *(Cell(h, col=1 + k) for k, h in enumerate(_APPEALS_HEADERS)),
         Cell("未经复议直接起诉", col=6, colspan=5), Cell("复议后起诉", col=11, colspan=5)),
        (Cell("", col=0, origin=False), *(Cell("", col=1 + k, origin=False) for k in range(5)),
         *(Cell(h, col=6 + k) for k, h in enumerate(_APPEALS_HEADERS * 2))),
        (Cell("", col=0), *(Cell(v, col=1 + k) for k, v in enumerate(values)))))
    doc = Document(blocks=[TextLine("四、政府信息公开行政复议、行政诉讼情况"), table4], format="html")
    got = _facts(_analyze(doc))
    assert [got[(code, None)] for code in _APPEALS_CODES] == list(range(1, 16))


def test_regression_total_header_over_a_total_row():
    """tests/fixtures/grid/uneven-rows-2019.html: 总计 over the （六）其他处理 row names its 总计
    column, not every cell of a row whose code ends in 'total'."""
    raw = (ROOT / "tests" / "fixtures" / "grid" / "uneven-rows-2019.html").read_bytes()
    result = process_document(raw, source_path="uneven-rows-2019.html")
    assert result.status == "ok" and len(result.facts) == 198
    assert {f["placement"] for f in result.facts} == {"grid"}
    row = {f["applicant_type"]: f["raw_value"] for f in result.facts if f["category"] == "requests.other.total"}
    assert [row[at] for at in APPLICANTS] == ["", "", "０", "０", "", "０", ""]
