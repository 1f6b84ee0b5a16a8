"""The round-trip machinery itself: generated tables are consistent, every flattening keeps
what it should, and the dropped-blank oracle behaves.  No parser code is used here."""
from __future__ import annotations

import re

import pytest

from .flatten import (DROPPED, LOSSLESS, Options, draw_options, flatten, prepare_table, render,
                      render_table)
from .oracle import AMBIGUOUS, decode_table, determined_cells, read_number, row_candidates
from .reportgen import (APPLICANTS, RandomChooser, codes_for, check_identities, generate_report,
                        request_rows, taxonomy)

SEEDS = range(40)


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_generated_reports_are_consistent(template):
    nonzero = big = blanks = 0
    for seed in SEEDS:
        rep = generate_report(RandomChooser(seed), template)
        check_identities(rep)  # raises on any broken identity
        assert rep.template == template
        cells = rep.expected_cells()
        assert set(c for c, _ in cells) == {r["code"] for r in codes_for(template)}
        nonzero += any(v for v in cells.values())
        big += any(isinstance(v, (int, float)) and v >= 1000 for v in cells.values())
        blanks += any(c.blank for t in rep.tables.values() for row in t.rows for c in row)
    assert nonzero > len(SEEDS) // 2 and big > 0 and blanks > 0


def test_layout_covers_taxonomy_and_labels_match():
    for template in ("2021", "2019"):
        layout = request_rows(template)
        assert layout[0][0] == "requests.new" and layout[-1][0] == "requests.carried_forward"
        assert ("requests.other.total" in dict(layout)) == (template == "2019")
    for row in taxonomy():
        assert row["code"] and row["templates"]


def test_printed_text_means_the_value():
    for seed in SEEDS:
        rep = generate_report(RandomChooser(seed))
        for t in rep.tables.values():
            for row in t.rows:
                for c in row:
                    if c.role == "value":
                        assert read_number(c.text) == pytest.approx(c.value), c


def test_fees_decimal_and_signed_changes_occur():
    fees, signed, unit = set(), set(), set()
    for seed in range(200):
        rep = generate_report(RandomChooser(seed))
        for row in rep.tables["active"].rows:
            for c in row:
                if c.code in ("active.fees.amount", "active.procurement.amount") and "." in c.text:
                    fees.add(c.code)
                if c.code and c.code.endswith(".change") and len(c.text.strip()) > 1 and c.text.strip()[0] in "+-":
                    signed.add(c.text.strip()[0])
                if c.code == "active.procurement.amount" and c.text.endswith("元"):
                    unit.add(c.text[-2:])
    assert fees == {"active.fees.amount", "active.procurement.amount"}
    assert signed >= {"+", "-"} and unit


@pytest.mark.parametrize("style", [s for s in LOSSLESS if s != "j"])
def test_lossless_tables_decode_back(style):
    for seed in SEEDS:
        ch = RandomChooser(seed)
        rep = generate_report(ch)
        o = Options(style=style, trailing_tabs=seed % 2, filler=bool(seed % 3), leading_covered=seed % 4 == 0,
                    blank_ws=" " if seed % 2 else "  ")
        for table in rep.tables.values():
            prepared = prepare_table(ch, o, table)
            text = render_table(ch, o, prepared)
            got = decode_table(style, text, prepared, trailing_tabs=o.trailing_tabs,
                               leading_covered=o.leading_covered, blank_ws=o.blank_ws)
            want = [[c.text.strip() for c in row] for row in prepared.rows]
            assert [[x.strip() for x in row] for row in got] == want, (style, seed, table.section)


@pytest.mark.parametrize("style", ["h", "i"])
def test_dropped_styles_show_only_visible_cells(style):
    for seed in SEEDS:
        ch = RandomChooser(seed)
        rep = generate_report(ch)
        o = Options(style=style)
        text = render_table(ch, o, prepare_table(ch, o, rep.tables["requests"]))
        toks = [t for t in re.split(r"\n\n" if style == "i" else r"\n", text)]
        want = [c.text for row in rep.tables["requests"].rows for c in row if c.text.strip()]
        assert toks == want


def test_every_style_renders_and_encodes():
    for style in LOSSLESS + DROPPED:
        for seed in range(15):
            ch = RandomChooser(seed * 31 + ord(style))
            rep = generate_report(ch)
            o = draw_options(ch, style)
            data = flatten(rep, o, ch)
            text = data.decode("utf-16" if o.encoding == "utf-16" else o.encoding).replace("\r\n", "\n")
            if o.traditional:
                assert rep.year and str(rep.year) in text
            else:
                assert rep.agency in text
            if style == "j":
                assert "<table" in text and ("rowspan" in text and "colspan" in text)


def test_glue_and_perturbations_show_up():
    seen = set()
    for seed in range(300):
        ch = RandomChooser(seed)
        rep = generate_report(ch)
        style = "abcdefg"[seed % 7]
        o = draw_options(ch, style)
        text = render(rep, o, ch)
        if re.search(r"(?<![\d,.])[0-9]{7}(?![\d,.])", text.split("四、")[0] if False else text):
            seen.add("glue")
        if re.search(r"\((?:[a-zāáǎàēéěèīíǐìōóǒòūúǔù]+)\)", text):
            seen.add("pinyin")
        if "規" in text or "處" in text:
            seen.add("traditional")
        if "索 引 号" in text or "索 引 號" in text:
            seen.add("metadata")
    assert seen == {"glue", "pinyin", "traditional", "metadata"}


def test_oracle_basics():
    rep = generate_report(RandomChooser(3), "2021")
    for row in rep.tables["requests"].rows:
        cells = [c for c in row if c.role == "value"]
        if not cells:
            continue
        cands = row_candidates("requests", cells)
        assert tuple(c.value for c in cells) in cands  # the truth is always possible
        if all(read_number(c.text) == 0 for c in cells):
            assert cands == {(0,) * 7}
    for seed in SEEDS:
        rep = generate_report(RandomChooser(seed))
        truth = rep.expected_cells()
        for level in ("row", "global"):
            det = determined_cells(rep, level)
            assert set(det) == set(truth)
            for k, v in det.items():
                assert v is AMBIGUOUS or v == pytest.approx(truth[k]), (seed, level, k)
        # global never knows less than row level
        row, glob = determined_cells(rep, "row"), determined_cells(rep, "global")
        assert all(glob[k] is not AMBIGUOUS for k, v in row.items() if v is not AMBIGUOUS)


def test_applicant_order_matches_case_format():
    assert APPLICANTS == ("natural_person", "commercial", "research", "social_welfare",
                          "legal_service", "other_org", "total")
