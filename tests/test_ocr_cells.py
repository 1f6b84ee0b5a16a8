"""The rules that keep OCR from writing a wrong number, on a real report's alignment."""
from __future__ import annotations

import dataclasses
import pathlib

from parsers import parse_bytes
from parsers.alignment import align, detect_template
from parsers.sections import locate_sections
from parsers.tokens import tokenize_document
from pipeline.facts import cell_map
from pipeline.checks import run_checks
from pipeline.ocr_cells import leave_out_failed_identities, leave_out_low_confidence, leave_out_unsure_rows
from tests.sentence_names import cell_named

SEED = pathlib.Path(__file__).resolve().parents[1] / "data" / "raw" / "seed-zhongning-gxj-2023.txt"


def _alignment(confidence: float = 0.999):
    doc = parse_bytes(SEED.read_bytes())
    tokens = tokenize_document(doc, locate_sections(doc))
    al = align(tokens, detect_template(tokens))
    for row in al.rows:  # as if every value had been read from an image
        row.cells = [None if c is None else dataclasses.replace(c, placement="ocr", confidence=confidence)
                     for c in row.cells]
    return al


def _row(al, row_id):
    return next(r for r in al.rows if r.spec.id == row_id)


def test_sure_cells_are_kept():
    al = _alignment()
    n = sum(c is not None for r in al.rows for c in r.cells)
    assert leave_out_unsure_rows(al) == [] and leave_out_low_confidence(al) == []
    assert leave_out_failed_identities(al) == []
    assert sum(c is not None for r in al.rows for c in r.cells) == n


def test_low_confidence_cell_is_left_out_and_named():
    al = _alignment()
    row = _row(al, "requests.new")
    row.cells[0] = dataclasses.replace(row.cells[0], confidence=0.5)
    notes = leave_out_low_confidence(al)
    assert row.cells[0] is None
    assert len(notes) == 1 and "requests.new[natural_person]" in notes[0]
    assert all(c is not None for c in row.cells[1:])


def test_misread_digit_breaks_an_identity_and_its_cells_go():
    al = _alignment()
    row = _row(al, "requests.new")
    row.cells[0] = dataclasses.replace(row.cells[0], value=row.cells[0].value + 7, raw="8")
    failed = [c for c in run_checks(cell_map(al), al.template) if not c["passed"]]
    assert failed  # the disagreement is recorded in checks as read
    notes = leave_out_failed_identities(al)
    assert row.cells[0] is None and row.cells[6] is None  # the row sum: every cell of it
    assert cell_named(notes[0], "requests.new", "natural_person") and "misread" in notes[0]
    # cells of identities that still hold are kept
    assert all(c is not None for c in _row(al, "appeals").cells)


def test_text_layer_cells_are_never_touched():
    al = _alignment()
    for row in al.rows:
        row.cells = [None if c is None else dataclasses.replace(c, placement=None, confidence=None) for c in row.cells]
    row = _row(al, "requests.new")
    row.cells[0] = dataclasses.replace(row.cells[0], value=row.cells[0].value + 7)
    assert leave_out_low_confidence(al) == [] and leave_out_failed_identities(al) == []
    assert row.cells[0] is not None


def test_row_whose_values_did_not_fit_is_left_out():
    al = _alignment()
    row = _row(al, "requests.granted")
    row.note = "row requests.granted: 1 more value(s) than the table has columns; the extra ones were ignored"
    notes = leave_out_unsure_rows(al)
    assert all(c is None for c in row.cells) and "requests.granted" in notes[0]


def test_ruling_components_the_same_with_16_and_32_bit_labels():
    """parsers/ocr/rulings.components numbers components in 16 bits while they fit and falls
    back to 32 bits past 65,535 of them: the same labels and statistics as OpenCV's default."""
    import cv2
    import numpy as np

    from parsers.ocr.rulings import components

    rng = np.random.default_rng(7)
    page = np.where(rng.random((400, 300)) < 0.3, 255, 0).astype(np.uint8)
    page[100:103, 20:280] = 255  # a ruling through the noise
    specks = np.zeros((1000, 1000), np.uint8)
    specks[::3, ::3] = 255  # 111,556 lone pixels: more than 16 bits can number
    for mask in (page, specks, np.zeros((50, 60), np.uint8)):
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        m, ours, our_stats = components(mask)
        assert m == n and np.array_equal(our_stats, stats) and np.array_equal(ours.astype(np.int64), labels)
    assert components(page)[1].dtype == np.uint16 and components(specks)[1].dtype == np.int32


def test_every_cell_left_out_is_named():
    """Every cell OCR read unsurely is named in the sentence, however many (before session 11
    the sentence named 12 and counted the rest, "and N more"): each code once, its applicant
    columns together."""
    al = _alignment(confidence=0.5)
    cells = [(c.code, c.applicant_type) for r in al.rows for c, x in zip(r.spec.cells, r.cells) if x is not None]
    assert len(cells) > 100
    notes = leave_out_low_confidence(al)
    assert len(notes) == 1 and "more" not in notes[0]
    assert [k for k in cells if not cell_named(notes[0], *k)] == []
    assert "requests.new[natural_person, commercial, research, social_welfare, legal_service, other_org, total]" \
        in notes[0]
