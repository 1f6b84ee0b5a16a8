"""Minimal reproductions of parser bugs found by the round-trip property tests.

Each builds one small, fully consistent report with tests/roundtrip (all cells 0 except the
few that matter), flattens it in one style, and checks every cell.  Marked
xfail(strict=True): when the parser is fixed the test XPASSes and the mark must go.
"""
from __future__ import annotations

import pytest

from pipeline.process import process_document
from tests.roundtrip.flatten import Options, render
from tests.roundtrip.oracle import AMBIGUOUS, determined_cells, read_number
from tests.roundtrip.reportgen import APPLICANTS, RandomChooser, check_identities, generate_report


def _zero_report(template: str, zero_text: str = "0"):
    rep = generate_report(RandomChooser(0), template)
    for code, v in list(rep.facts.items()):
        rep.facts[code] = [0] * 7 if isinstance(v, list) else 0
    for t in rep.tables.values():
        for row in t.rows:
            for c in row:
                if c.role == "value":
                    c.value, c.text = 0, zero_text
    return rep


def _set_appeals(rep, texts):
    for c, t in zip(rep.tables["appeals"].rows[3], texts):
        c.text, c.value = t, read_number(t)
        rep.facts[c.code] = c.value


def _set_request_row(rep, code, values, blank_zero):
    for row in rep.tables["requests"].rows:
        cells = [c for c in row if c.role == "value"]
        if cells and cells[0].code == code:
            for c, v in zip(cells, values):
                c.value, c.text = v, (str(v) if v or not blank_zero else "")
            rep.facts[code] = list(values)


def _roundtrip(rep, opts, must=None):
    check_identities(rep)
    doc = render(rep, opts, RandomChooser(1))
    res = process_document(doc.encode("utf-8"), source_path="x.txt")
    got = {(f["category"], f["applicant_type"]): (f["count"] if f["count"] is not None else f["amount"])
           for f in res.facts}
    exp = rep.expected_cells()
    keys = exp if must is None else must
    bad = {k: (exp[k], got.get(k, "MISSING")) for k in keys if got.get(k) != exp[k]}
    assert not bad, f"(expected, got) {bad}; status {res.status}: {res.error}"
    assert all(k in exp and got[k] == exp[k] for k in got)


@pytest.mark.xfail(strict=True, reason="tab rows: appeals row whose trailing cells are blank is right-aligned")
@pytest.mark.parametrize("trailing_tabs", [0, 1])
def test_tab_appeals_trailing_blanks(trailing_tabs):
    rep = _zero_report("2021")
    _set_appeals(rep, ["1", "3", "", "", "4", "2", "4", "", "2", "8", "", "", "", "", ""])
    _roundtrip(rep, Options(style="a", trailing_tabs=trailing_tabs))


@pytest.mark.xfail(strict=True, reason="pipe rows: a blank FIRST cell of the appeals data row is dropped (values shift left)")
def test_pipe_appeals_leading_blank():
    rep = _zero_report("2021")
    _set_appeals(rep, ["", "0", "3", "", "3", "", "", "0", "0", "", "", "", "", "", ""])
    _roundtrip(rep, Options(style="b", filler=True))


@pytest.mark.xfail(strict=True, reason="'0.39萬元' (Traditional 万元) is not read as a number")
def test_traditional_wan_yuan_unit():
    rep = _zero_report("2019")
    for row in rep.tables["active"].rows:
        for c in row:
            if c.code == "active.procurement.amount":
                c.text, c.value = "0.39万元", 0.39
                rep.facts[c.code] = 0.39
    _roundtrip(rep, Options(style="b", filler=False, traditional=True))


@pytest.mark.xfail(strict=True, reason="blanks dropped: an all-blank appeals row makes table 四 'not found' instead of zeros")
@pytest.mark.parametrize("style", ["h", "i"])
def test_dropped_blanks_all_blank_appeals(style):
    rep = _zero_report("2021", "")
    _roundtrip(rep, Options(style=style))


@pytest.mark.xfail(strict=True, reason="blanks dropped: column identities (（七）=Σ results, 一+二=（七）+四) are not used to place cells")
@pytest.mark.parametrize("style", ["h", "i"])
def test_dropped_blanks_column_identities(style):
    rep = _zero_report("2021")
    _set_request_row(rep, "requests.new", [3, 0, 0, 0, 0, 0, 3], blank_zero=False)
    _set_request_row(rep, "requests.granted", [3, 0, 0, 0, 0, 0, 3], blank_zero=True)
    _set_request_row(rep, "requests.total", [3, 0, 0, 0, 0, 0, 3], blank_zero=True)
    det = determined_cells(rep, "global")
    assert all(det[("requests.granted", a)] is not AMBIGUOUS for a in APPLICANTS)
    assert any(v is AMBIGUOUS for v in determined_cells(rep, "row").values())
    _roundtrip(rep, Options(style=style))


@pytest.mark.xfail(strict=True, reason="empty-cell-as-newline paragraphs: vertical headers + all-blank tables -> table 四 not found")
def test_paragraph_vertical_headers_all_blank():
    rep = _zero_report("2019", "")
    _roundtrip(rep, Options(style="f", vertical=True))


def test_paragraph_vertical_headers_with_zeros():
    rep = _zero_report("2019", "0")
    _roundtrip(rep, Options(style="f", vertical=True))


def test_paragraph_all_blank_horizontal_headers():
    rep = _zero_report("2019", "")
    _roundtrip(rep, Options(style="f"))
