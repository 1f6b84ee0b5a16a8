"""The tests' reading of which rows and cells a sentence names (tests/sentence_names.py): exact."""
from __future__ import annotations

from parsers.templates import template
from tests.sentence_names import cell_named, cell_or_row_named, names, row_named


def test_row_ids_own_their_codes():
    """What the exact matching relies on, in both templates: every code lies beneath its own
    row's id and no other's."""
    for name in ("2021", "2019"):
        rows = template(name).rows
        for r in rows:
            for c in r.cells:
                assert [o.id for o in rows if c.code == o.id or c.code.startswith(o.id + ".")] == [r.id], c.code


def test_a_sentence_naming_another_row_does_not_name_the_cell():
    said = "row requests.denied.state_secret: only 3 of 7 cells printed; left out requests.denied.state_secret[total]"
    assert row_named(said, "requests.denied.state_secret", "2021")
    assert not row_named(said, "requests.denied.admin_query", "2021")  # the same family, another row
    assert not row_named("left out requests.partially_granted[total]", "requests.granted", "2021")
    assert not row_named("left out requests.other.total[total]", "requests.total", "2019")
    assert row_named("left out the rows requests.new, appeals.", "appeals.review.upheld", "2019")
    assert row_named("left out active.regulations.made", "active.regulations.total_public", "2019")
    assert not row_named("left out active.regulations.made", "active.normative_documents.made", "2019")


def test_a_name_is_matched_whole():
    """A substring of a longer name names nothing (before session 11 the round trips', the
    PDF-text cases', the grid and the OCR checks took ``name in sentence``)."""
    assert not row_named("left out the rows requests.granted_partly", "requests.granted", "2021")
    assert not cell_named("left out requests.granted_partly[total]", "requests.granted", "total")
    assert not cell_or_row_named("left out requests.granted_partly[total]", "requests.granted", "total", "2021")
    assert not row_named("left out xrequests.new[total]", "requests.new", "2021")
    assert not cell_or_row_named("left out requests.other.total[total]", "requests.total", "total", "2019")


def test_which_cells_a_sentence_names():
    """A cell by its code and column, a code's columns listed together (pipeline/ocr_cells.py),
    a code without columns; beyond the cell itself, a family or the row's id (all its cells)."""
    said = "left out requests.new[natural_person, total], active.regulations.issued, appeals.review"
    assert names(said)[2:] == [("requests.new", frozenset({"natural_person", "total"})),
                               ("active.regulations.issued", None), ("appeals.review", None)]
    assert cell_named(said, "requests.new", "natural_person") and cell_named(said, "requests.new", "total")
    assert not cell_named(said, "requests.new", "commercial")  # its row named, not this cell
    assert not cell_or_row_named(said, "requests.new", "commercial", "2021")
    assert row_named(said, "requests.new", "2021")
    assert cell_named(said, "active.regulations.issued", None)
    assert not cell_named(said, "active.regulations.repealed", None)
    assert not cell_named(said, "appeals.review.upheld", None)
    assert cell_or_row_named(said, "appeals.review.upheld", None, "2021")  # the family
    assert not cell_or_row_named(said, "appeals.litigation_direct.upheld", None, "2021")
    said = "rows read by OCR whose values did not fit their columns are left out: requests.granted, active.licensing"
    assert cell_or_row_named(said, "requests.granted", "commercial", "2021")
    assert not cell_named(said, "requests.granted", "commercial")
    assert cell_or_row_named(said, "active.licensing.decisions", None, "2021")
