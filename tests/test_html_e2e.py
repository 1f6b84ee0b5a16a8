"""HTML and DOCX reports end to end: bytes → process_document → facts, cell by cell.

The expected files follow ../shared/corpus/CASE_FORMAT.md, so the same comparison as the
corpus evaluation applies: every expected cell right, nothing spurious.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from lxml import html as lxml_html

from pipeline.process import process_document
from tests.corpus_eval import expected_cells, same_agency

FIX = Path(__file__).parent / "fixtures" / "html"

CASES = [
    ("report_chrome.html", "report_chrome.expected.json", "ok"),
    ("layout_gbk.html", "layout_gbk.expected.json", "ok"),
    ("flat_cells_b01.html", "b-01-lucheng.expected.json", "partial"),  # excerpt cut inside table 三
    ("pipes_br_c20.html", "c-20-haizhu-guanzhou.expected.json", "partial"),
]


def got_cells(result) -> dict[tuple[str, str | None], float]:
    out = {}
    for f in result.facts:
        v = f["count"] if f["count"] is not None else f["amount"]
        out[(f["category"], f["applicant_type"])] = float(v)
    return out


def assert_case(result, case: dict, status: str) -> None:
    assert result.status == status, result.error
    assert got_cells(result) == expected_cells(case)
    assert same_agency(case["agency"], result.agency), result.agency
    assert result.year == case["year"] and result.template == case["template"]


@pytest.mark.parametrize("page,expected,status", CASES, ids=[c[0] for c in CASES])
def test_html_report_facts(page, expected, status):
    case = json.loads((FIX / expected).read_text(encoding="utf-8"))
    result = process_document((FIX / page).read_bytes(), source_path=page)
    assert result.format == "html"
    assert_case(result, case, status)
    if status == "ok":
        assert not [c for c in result.checks if not c["passed"]]


def test_blank_cells_keep_their_raw_text():
    result = process_document((FIX / "report_chrome.html").read_bytes(), source_path="p.html")
    raw = {(f["category"], f["applicant_type"]): f["raw_value"] for f in result.facts}
    assert raw[("requests.denied.state_secret", "natural_person")] == ""
    assert raw[("requests.denied.security_stability", "total")] == "-"
    assert raw[("active.licensing.decisions", None)] == "1,234"


@pytest.mark.parametrize("page", [
    "<html><head><title>正在跳转</title><script>location.href='/x'</script></head><body></body></html>",
    "<html><head><title>我区召开会议</title></head><body><p>3月5日，我区召开会议。</p></body></html>",
])
def test_pages_that_are_not_reports(page):
    result = process_document(page.encode(), source_path="x.html")
    assert result.status == "not_a_report" and result.error and not result.facts


def test_page_with_no_text_fails_with_a_sentence():
    result = process_document(b"<html><body><div></div></body></html>", source_path="x.pdf")
    assert result.status == "failed" and "no visible text" in result.error


# -- the same report as a Word file ---------------------------------------------------------

def _placements(table) -> tuple[int, int, list[tuple[int, int, int, int, str]]]:
    """(rows, cols, [(r, c, rowspan, colspan, text)]) of an HTML table, by the HTML table model."""
    taken: set[tuple[int, int]] = set()
    cells = []
    trs = table.xpath("./tbody/tr|./tr")
    for r, tr in enumerate(trs):
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in taken:
                c += 1
            h, w = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            taken.update((r + dr, c + dc) for dr in range(h) for dc in range(w))
            cells.append((r, c, h, w, "".join(td.itertext()).strip()))
            c += w
    return len(trs), max(c for _, c in taken) + 1, cells


def html_report_as_docx(page: Path) -> bytes:
    """Rebuild the article of an HTML fixture as DOCX: paragraphs, and tables with real merges."""
    root = lxml_html.fromstring(page.read_bytes())
    d = docx.Document()
    d.add_paragraph(root.xpath("//h1")[0].text_content())
    for el in root.xpath('//div[@id="zoom"]/*'):
        if el.tag == "table":
            rows, cols, cells = _placements(el)
            t = d.add_table(rows=rows, cols=cols)
            for r, c, h, w, text in cells:
                cell = t.cell(r, c) if (h, w) == (1, 1) else t.cell(r, c).merge(t.cell(r + h - 1, c + w - 1))
                cell.text = text
        else:
            d.add_paragraph(el.text_content().strip())
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_report_facts():
    case = json.loads((FIX / "report_chrome.expected.json").read_text(encoding="utf-8"))
    result = process_document(html_report_as_docx(FIX / "report_chrome.html"), source_path="r.docx")
    assert result.format == "docx"
    assert_case(result, case, "ok")
