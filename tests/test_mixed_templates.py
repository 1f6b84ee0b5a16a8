"""Mixed templates: table 二 on the 2021 layout, table 三 keeping the 2019 single （六）其他处理 row.

The template is decided per table, and each table's codes come from the template it follows,
in every lossless rendering (grids and flattened text alike).
"""
from __future__ import annotations


import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.templates import section_template
from pipeline.process import process_document
from tests.budget import property_settings
from tests.roundtrip.flatten import draw_options, flatten
from tests.roundtrip.reportgen import DrawChooser, RandomChooser, check_identities, generate_report
from tests.roundtrip.wordgrid import WordOptions, render



def _mixed_report(ch, active: str = "2021", requests: str = "2019"):
    """A report whose table 二 is that of an ``active`` report and table 三 (and its truth)
    that of a ``requests`` report."""
    rep = generate_report(ch, active)
    other = generate_report(ch, requests)
    rep.tables["requests"] = other.tables["requests"]
    rep.facts = {k: v for k, v in rep.facts.items() if not k.startswith("requests.")}
    rep.facts.update({k: v for k, v in other.facts.items() if k.startswith("requests.")})
    rep.template = f"{active}+{requests}"
    check_identities(other)
    return rep


def _check(rep, result, ctx, whole: bool = True):
    """Tables 二 and 三 exact with their own templates' codes; ``whole``: 四 and status too
    (table 四 in flattened text is the text half's business: tests/test_roundtrip.py)."""
    tables = ("active", "requests", "appeals") if whole else ("active", "requests")
    got = {(f["category"], f["applicant_type"]): f for f in result.facts if f["section"] in tables}
    want = {k: v for k, v in rep.expected_cells().items() if k[0].split(".")[0] in tables}
    assert result.template == rep.template, ctx
    assert set(got) == set(want), f"{sorted(set(got) ^ set(want))[:6]}; {result.error}; {ctx}"
    for key, v in want.items():
        f = got[key]
        assert float(f["count"] if f["count"] is not None else f["amount"]) == pytest.approx(float(v)), (key, ctx)
        assert f["template"] == section_template(rep.template, f["section"]), (key, f["template"])
    active, requests = rep.template.split("+")
    assert ("active.regulations.issued" if active == "2021" else "active.regulations.made", None) in got
    assert ("requests.other.total" if requests == "2019" else "requests.other.other", "total") in got
    failed = [c for c in result.checks if not c["passed"] and c["check"].startswith("requests.")]
    assert not failed, failed[:3]
    if whole:
        assert result.status == "ok", f"{result.error}; {ctx}"


@given(st.data())
@property_settings("mixed.text")
@pytest.mark.parametrize("style", list("abcdefg"))
def test_mixed_templates_in_flattened_text(style, data):
    ch = DrawChooser(data)
    rep = _mixed_report(ch)
    opts = draw_options(ch, style)
    opts.glue = False
    opts.missing_headings = ()  # the tables are told apart by their section headings
    opts.headings = "std"
    raw = flatten(rep, opts, ch)
    _check(rep, process_document(raw, source_path="x.txt"), f"style {style}: {opts.describe()}", whole=False)


@given(st.data())
@property_settings("mixed.grids")
@pytest.mark.parametrize("active,requests", [("2021", "2019"), ("2019", "2021")])
def test_mixed_templates_in_word_grids(active, requests, data):
    ch = DrawChooser(data)
    rep = _mixed_report(ch, active, requests)
    raw = render(rep, WordOptions(nbsp_runs=True), ch)
    _check(rep, process_document(raw, source_path="x.html"), "word grid")


def test_one_template_reports_are_not_called_mixed():
    for template in ("2021", "2019"):
        ch = RandomChooser(7)
        rep = generate_report(ch, template)
        result = process_document(render(rep, WordOptions(), ch), source_path="x.html")
        assert result.template == template
        assert {f["template"] for f in result.facts} == {template}
