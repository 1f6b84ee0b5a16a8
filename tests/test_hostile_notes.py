"""What a reader could not do reaches ``reports.error`` for every format (issue 10, item 4).

One ``extract`` run over a TXT, HTML, DOCX, legacy Word, image (OCR) and PDF file, each
carrying what its reader notes: pages past the page limit, pages that could not be used,
characters cut, a page tree too deep, pages read by OCR.
"""
from __future__ import annotations

import io
import re
import subprocess

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from parsers.legacy import convert as lo
from tests import badinputs as bad
from tests.batch_util import HANG_GUARD_S, ROOT, SEED, cli_env, extract, read_out, report

LONG = "本段落" * 20_000  # 60,000 characters on one line: more than a line may hold
CUT = r"line\(s\) longer than 50,000 characters were cut to that length"


def _docx(lines: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf() -> bytes:
    """Page 1 holds more characters than a page may, page 2 has no usable size, 4 pages in all."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("Helvetica", 1)
    for i in range(620):
        c.drawString(10, 830 - i * 1.3, "x" * 100)
    c.showPage()
    c.setPageSize((0.5, 0.5))
    c.drawString(0, 0, "a")
    c.showPage()
    c.setPageSize(A4)
    c.setFont("Helvetica", 11)
    for text in ("Quarterly maintenance schedule", "Room 101: painting"):
        c.drawString(60, 800, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def _scan_png() -> bytes:
    pdf = pdfium.PdfDocument(str(ROOT / "data/raw/scan-seed-zhongning-gxj-2023-s0.pdf"))
    img = pdf[0].render(scale=170 / 72).to_pil()
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def notes_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("notes")
    inp = root / "in"
    seed = SEED.read_text("utf-8")
    lines = seed.splitlines()
    bad.write(inp / "long-line.txt", (seed.replace("\n", "\n" + LONG + "\n", 3)).encode())
    paragraphs = "".join(f"<p>{line}</p>" for line in lines[:5] + [LONG] + lines[5:])
    bad.write(inp / "long-paragraph.html", f"<html><body>{paragraphs}</body></html>".encode())
    bad.write(inp / "deep.html", bad.deep_html())
    docx_bytes = _docx(lines[:5] + [LONG] + lines[5:])
    bad.write(inp / "long-paragraph.docx", docx_bytes)
    if lo.soffice_path():
        work = root / "lo"
        bad.write(work / "long-paragraph.docx", docx_bytes)
        subprocess.run([lo.soffice_path(), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                        "--convert-to", "doc", "--outdir", str(work), str(work / "long-paragraph.docx")],
                       check=True, capture_output=True, timeout=HANG_GUARD_S)
        bad.write(inp / "long-paragraph.doc", (work / "long-paragraph.doc").read_bytes())
    bad.write(inp / "scan-page.png", _scan_png())
    bad.write(inp / "pages.pdf", _pdf())
    out = root / "out"
    extract(inp, out, "-j", "2", env=cli_env(ZFXXGK_PDF_MAX_PAGES="3"))
    return read_out(out)


def _error(frames, path: str) -> str:
    row = report(frames, path)
    assert isinstance(row["error"], str), row
    return row["error"]


def test_txt_characters_cut(notes_run):
    assert re.search(CUT, _error(notes_run, "long-line.txt"))
    assert report(notes_run, "long-line.txt")["status"] == "partial"


def test_html_characters_cut_and_tree_too_deep(notes_run):
    assert re.search(CUT, _error(notes_run, "long-paragraph.html"))
    assert "nested too deeply" in _error(notes_run, "deep.html")


def test_docx_characters_cut(notes_run):
    assert re.search(CUT, _error(notes_run, "long-paragraph.docx"))


@pytest.mark.skipif(lo.soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_legacy_characters_cut(notes_run):
    assert report(notes_run, "long-paragraph.doc")["format"] in ("doc", "wps")
    assert re.search(CUT, _error(notes_run, "long-paragraph.doc"))


def test_ocr_image_says_it_was_read_by_ocr(notes_run):
    assert "read by OCR from 1 page image(s)" in _error(notes_run, "scan-page.png")


def test_pdf_page_notes(notes_run):
    error = _error(notes_run, "pages.pdf")
    assert "page 1 has more than 60000 characters; the rest was ignored" in error
    assert "page 2 has no usable size" in error
    assert "pages 1-3 were read, page 4 was not" in error and "ZFXXGK_PDF_MAX_PAGES" in error
    assert report(notes_run, "pages.pdf")["status"] == "partial"
