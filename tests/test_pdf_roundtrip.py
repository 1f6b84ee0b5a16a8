"""Generated reports (tests/pdfgen.py) read back cell by cell: grid level and end to end."""
from __future__ import annotations

import pytest

from parsers.pdf import PdfParser
from pipeline.process import process_document
from tests.pdfcheck import mismatches
from tests.pdfgen import generate

APPL = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]

# Seeds cover both templates and every option (split rows, repeated headers, landscape and
# /Rotate'd pages, fake bold, blank markers, wrapped numbers, separate sub-tables).
GRID_SEEDS = list(range(24))
E2E_SEEDS = list(range(12))

# Hand-picked layouts that each stress one thing, whatever the seed draws.
EDGE_CASES = {
    "split-rows-repeated-header": dict(split_rows=True, repeat_header=True, cjk_size=12.0,
                                       label_widths=(30.0, 40.0, 48.0)),
    "blank-cells": dict(blank_style=""),
    "mixed-blank-markers": dict(blank_style="mixed"),
    "wrapped-numbers": dict(narrow_values=True, big_numbers=True, thousands=False),
    "landscape-appeals": dict(appeals_page="landscape"),
    "rotated-appeals": dict(appeals_page="rotated"),
    "fake-bold-rect-borders": dict(fake_bold=True, border="rect"),
    "separate-subtables": dict(separate_active=True),
}


def facts_of(result) -> dict:
    got: dict = {}
    for f in result.facts:
        v = f["amount"] if f["amount"] is not None else f["count"]
        if f["applicant_type"]:
            got.setdefault(f["category"], [None] * 7)[APPL.index(f["applicant_type"])] = v
        else:
            got[f["category"]] = v
    return got


def assert_facts(result, rep) -> None:
    got = facts_of(result)
    wrong = [(k, v, got.get(k)) for k, v in rep.facts.items()
             if got.get(k) is None or (
                 [float(x) for x in got[k]] != [float(x) for x in v] if isinstance(v, list)
                 else float(got[k]) != float(v))]
    assert not wrong, wrong[:8]
    assert set(got) <= set(rep.facts), set(got) - set(rep.facts)
    assert all(f["page"] is not None for f in result.facts)
    assert result.status == "ok", result.error
    assert (result.template, result.year) == (rep.template, rep.year)


@pytest.mark.parametrize("seed", GRID_SEEDS)
def test_grid_roundtrip(seed):
    rep = generate(seed)
    doc = PdfParser().parse(rep.pdf)
    assert doc.n_pages == rep.n_pages
    assert mismatches(doc, rep.rows) == []


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
@pytest.mark.parametrize("template", ["2021", "2019"])
def test_edge_case_layouts(name, template):
    rep = generate(1000 + len(name), template=template, **EDGE_CASES[name])
    doc = PdfParser().parse(rep.pdf)
    assert mismatches(doc, rep.rows) == []


@pytest.mark.parametrize("seed", E2E_SEEDS)
def test_end_to_end_facts(seed):
    rep = generate(seed)
    assert_facts(process_document(rep.pdf, source_path=f"gen-{seed}.pdf"), rep)


@pytest.mark.parametrize("seed", [3, 7])
def test_backends_agree(seed):
    """pdfplumber (reference) and pypdfium2 (default) yield the same blocks."""
    rep = generate(seed, appeals_page="landscape")
    a = PdfParser("pdfium").parse(rep.pdf)
    b = PdfParser("plumber").parse(rep.pdf)
    assert a.plain_text() == b.plain_text()
    assert mismatches(b, rep.rows) == []


def test_page_numbers_never_reach_cells():
    rep = generate(5, footer="— {n} —", split_rows=True, repeat_header=True)
    doc = PdfParser().parse(rep.pdf)
    for b in doc.blocks:
        for row in getattr(b, "rows", ()):
            assert not any(c.text.startswith("—") and c.text.endswith("—") and len(c.text) > 1 for c in row)
    assert not any(t.text.strip("—- ").isdigit() for t in doc.text_lines())


def test_repeated_header_dropped_and_split_label_joined():
    rep = generate(12, template="2021", split_rows=True, repeat_header=True, cjk_size=12.0,
                   label_widths=(30.0, 40.0, 48.0))
    doc = PdfParser().parse(rep.pdf)
    text = doc.plain_text()
    assert text.count("申请人情况") == 1
    assert mismatches(doc, rep.rows) == []
