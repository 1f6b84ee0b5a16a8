"""Tables that are not fully ruled (tests/pdfgen.py ``rules``), read back through the pipeline.

No lines at all, three-line tables, horizontal rules between rows only, and only the outer
frame: columns come from the header texts and the numbers' x positions, rows from
baselines, so every cell is placed even where blank cells print nothing.
"""
from __future__ import annotations

import pytest

from parsers.pdf import PdfParser
from pipeline.process import process_document
from tests.pdfcheck import mismatches
from tests.pdfgen import generate
from tests.test_pdf_roundtrip import assert_facts, facts_of

STYLES = ["none", "three_line", "rows", "frame"]
SEEDS = [0, 2, 8, 9, 16]

# Layouts that each stress one thing without rulings.
EDGE_CASES = {
    # invisible blanks: a column can only be told from its header's x-range
    "invisible-blanks": dict(blank_style=""),
    # a row cut by the page break, its label's tail on the next page, under a repeated header
    "split-rows-repeated-header": dict(split_rows=True, repeat_header=True, cjk_size=12.0,
                                       label_widths=(30.0, 40.0, 48.0), blank_style=""),
    "split-rows-no-header": dict(split_rows=True, repeat_header=False, cjk_size=12.0,
                                 label_widths=(30.0, 40.0, 48.0)),
    # narrow label columns: group labels and row labels wrap over many lines
    "narrow-labels": dict(label_widths=(30.0, 40.0, 48.0), cjk_size=10.5, blank_style="mixed"),
    "narrow-values": dict(narrow_values=True, blank_style=""),
    "landscape-appeals": dict(appeals_page="landscape", blank_style=""),
    "separate-subtables": dict(separate_active=True, blank_style=""),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("rules", STYLES)
def test_unruled_end_to_end(rules, template, seed):
    rep = generate(seed, template=template, rules=rules)
    assert_facts(process_document(rep.pdf, source_path=f"unruled-{seed}.pdf"), rep)


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
@pytest.mark.parametrize("template", ["2021", "2019"])
@pytest.mark.parametrize("rules", ["none", "rows"])
def test_unruled_edge_cases(rules, template, name):
    rep = generate(2000 + len(name), template=template, rules=rules, **EDGE_CASES[name])
    assert_facts(process_document(rep.pdf, source_path=f"unruled-{name}.pdf"), rep)


@pytest.mark.parametrize("rules", STYLES)
def test_unruled_never_wrong(rules):
    """Over many layouts: a placed cell is never a wrong number (missing ones must be reported)."""
    for seed in range(30, 40):
        rep = generate(seed, rules=rules)
        result = process_document(rep.pdf, source_path="x.pdf")
        got = facts_of(result)
        for code, value in got.items():
            want = rep.facts[code]
            if isinstance(want, list):
                assert all(g is None or float(g) == float(w) for g, w in zip(value, want)), (seed, code)
            else:
                assert float(value) == float(want), (seed, code)
        if len(got) < len(rep.facts):
            assert result.status == "partial" and result.error


@pytest.mark.parametrize("rules", STYLES)
def test_unruled_grid_rows(rules):
    """Grid level: every data row arrives as [.., label, v1, .., vn] with blanks in place."""
    rep = generate(7, template="2021", rules=rules, blank_style="", label_widths=(44.0, 48.0, 64.0))
    doc = PdfParser().parse(rep.pdf)
    assert mismatches(doc, rep.rows) == []


def test_group_labels_are_own_cells():
    rep = generate(3, template="2021", rules="none", label_widths=(30.0, 40.0, 48.0))
    doc = PdfParser().parse(rep.pdf)
    rows = [[c.text for c in r] for b in doc.blocks for r in getattr(b, "rows", ())]
    assert any(r[:2] == ["三、本年度办理结果", "（一）予以公开"] for r in rows)
    assert any(r[:2] == ["（三）不予公开", "1.属于国家秘密"] for r in rows)


def test_default_output_is_fully_ruled():
    """``rules`` defaults to full borders: the fixtures of the ruled tests are unchanged."""
    import reportlab.rl_config as rl_config

    assert generate(1).options.rules == "full"
    rl_config.invariant = 1  # no timestamps, so the bytes can be compared
    try:
        assert generate(1).pdf == generate(1, rules="full").pdf
    finally:
        rl_config.invariant = 0
