"""A PDF longer than the page limit (issue 10, item 4): the report is found and read.

A text-only search over every page places the window of pages read fully where the
report's section headings are; the sentence says which pages were read and which not.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from pipeline.process import process_document
from tests import badinputs as bad

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data/raw/r-03-huaian-szf-2024.pdf"  # a real 6-page WPS-exported report
ANNEX = ["附件：会议记录汇编（第{page}页），本附件不是年度报告。", "第{page}页"]


def merge(*parts: bytes) -> bytes:
    out = pdfium.PdfDocument.new()
    for part in parts:
        out.import_pages(pdfium.PdfDocument(part))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def scanned_page() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (200, 280), 255).save(buf, format="PDF")
    return buf.getvalue()


def cells(result) -> list[tuple]:
    return sorted((f["category"], f["applicant_type"] or "", f["count"], f["amount"], f["raw_value"])
                  for f in result.facts)


@pytest.fixture(scope="module")
def alone():
    return process_document(REPORT.read_bytes(), source_path="report.pdf")


def test_report_after_a_400_page_annex_is_read_at_the_default_limit(alone, monkeypatch):
    monkeypatch.delenv("ZFXXGK_PDF_MAX_PAGES", raising=False)
    data = merge(bad.text_pdf(ANNEX, pages=400), REPORT.read_bytes())
    got = process_document(data, source_path="annex-first.pdf")
    assert alone.status == "ok" and got.status == "ok", got.error
    assert cells(got) == cells(alone) and len(got.facts) == 200
    assert {f["page"] for f in got.facts} <= set(range(401, 407))  # pages as printed in the file
    assert got.n_pages == 406
    assert "pages 7-406 were read, pages 1-6 were not" in got.error, got.error
    assert "ZFXXGK_PDF_MAX_PAGES" in got.error and re.search(r"headings on pages 401, 403-406", got.error)


def test_report_after_the_limit_with_a_small_limit(alone, monkeypatch):
    monkeypatch.setenv("ZFXXGK_PDF_MAX_PAGES", "6")
    got = process_document(merge(bad.text_pdf(ANNEX, pages=8), REPORT.read_bytes()), source_path="x.pdf")
    assert got.status == "ok" and cells(got) == cells(alone), got.error
    assert "pages 9-14 were read, pages 1-8 were not" in got.error, got.error


def test_report_first_and_a_long_annex_after_it(alone, monkeypatch):
    monkeypatch.setenv("ZFXXGK_PDF_MAX_PAGES", "6")
    got = process_document(merge(REPORT.read_bytes(), bad.text_pdf(ANNEX, pages=8)), source_path="x.pdf")
    assert got.status == "ok" and cells(got) == cells(alone), got.error
    assert "pages 1-6 were read, pages 7-14 were not" in got.error, got.error


def test_report_longer_than_the_limit_is_partial_and_said(monkeypatch):
    monkeypatch.setenv("ZFXXGK_PDF_MAX_PAGES", "3")
    got = process_document(merge(bad.text_pdf(ANNEX, pages=5), REPORT.read_bytes()), source_path="x.pdf")
    assert got.status == "partial", got.error
    assert "not all of them inside the pages read: the report may be cut short" in got.error, got.error


def test_unread_pages_without_text_are_named(monkeypatch):
    monkeypatch.setenv("ZFXXGK_PDF_MAX_PAGES", "6")
    got = process_document(merge(REPORT.read_bytes(), bad.text_pdf(ANNEX, pages=2), scanned_page()),
                           source_path="x.pdf")
    assert got.status == "partial", got.error
    assert re.search(r"page 9 among those not read could not be searched: no text layer \(a scanned report", got.error), got.error


def test_no_report_anywhere_is_never_called_not_a_report(monkeypatch):
    monkeypatch.setenv("ZFXXGK_PDF_MAX_PAGES", "4")
    got = process_document(bad.text_pdf(ANNEX, pages=6), source_path="x.pdf")
    assert got.status == "partial", got.error
    assert "pages 1-4 were read, pages 5-6 were not" in got.error
    assert "found no report section heading" in got.error


def test_the_search_is_bounded_and_says_so():
    from parsers.pdf.params import PdfLimits
    from parsers.pdf.window import choose_window

    data = merge(bad.text_pdf(ANNEX, pages=6), REPORT.read_bytes())
    window = choose_window(data, 12, PdfLimits(max_pages=4, max_search_chars=100))
    assert window.searched < 12 and not window.complete
    assert (window.first, window.last) == (1, 4)  # nothing found in what was searched: the first pages
    assert "only the first" in window.note(4) and "could be searched" in window.note(4)
    window = choose_window(data, 12, PdfLimits(max_pages=4, max_search_pages=8))
    assert window.searched == 8 and not window.complete
