"""Real grids are never "repaired": every printed value lands in exactly its printed cell.

Random reports (consistent and inconsistent: sums that fail, 总计 printed blank), printed as
Word-exported web pages with header spans that straddle the data columns, 2019 table 二 with
merged headers that do not line up with the value cells, empty trailing ``<td>``s and numbers
split over runs with ``&nbsp;`` (tests/roundtrip/wordgrid.py).  The truth is the print.

``GRID_EXAMPLES`` sets the number of examples per test (default 60; derandomized, so CI is
reproducible); a failing example's HTML is written to ``.roundtrip-failures/``.
"""
from __future__ import annotations

import hashlib
import math
import os
import pathlib

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from parsers.base import Cell, Document, TableBlock, TextLine
from pipeline.analyze import analyze_document
from pipeline.process import process_document
from pipeline.result import ReportResult
from tests.roundtrip.reportgen import APPLICANTS, MONEY_CODES, DrawChooser
from tests.roundtrip.wordgrid import render, word_report

ROOT = pathlib.Path(__file__).resolve().parents[1]
FAIL_DIR = ROOT / ".roundtrip-failures"
GRID = settings(max_examples=int(os.environ.get("GRID_EXAMPLES", "60")), derandomize=True, deadline=None,
                database=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


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
        raw = render(rep, opts, ch)
        result = process_document(raw, source_path="x.html")
        FAIL_DIR.mkdir(exist_ok=True)
        path = FAIL_DIR / f"grid-{template}-{hashlib.sha256(raw).hexdigest()[:12]}.html"
        ctx = f"template {template}; {opts.describe()}; html: {path}"
        got, want = _facts(result), rep.expected_cells()
        wrong = [f"{k}: {got[k]} != {v}" for k, v in want.items() if k in got and not _same(k[0], got[k], v)]
        missing = [k for k in want if k not in got]
        spurious = [k for k in got if k not in want]
        not_grid = sorted({(f["category"], f["placement"]) for f in result.facts if f["placement"] != "grid"})
        problems = [p for p in (
            wrong and f"wrong cells {wrong[:5]}",
            spurious and f"spurious cells {spurious[:5]}",
            missing and f"cells left out {missing[:5]} ({result.error})",
            result.status != "ok" and f"status {result.status}: {result.error}",
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
@GRID
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
