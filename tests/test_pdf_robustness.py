"""Bad and odd PDFs: a clear DocumentError or a Document; never a crash or a hang (a call that
does not return within tests.batch_util's hang guard fails; speed is shown by the bench)."""
from __future__ import annotations

import io
import pathlib

import pytest
from reportlab.pdfgen import canvas

from parsers.base import DocumentError
from parsers.pdf import SCANNED_SENTENCE, PdfParser
from parsers.pdf.backend import choose_backend
from parsers.pdf.geometry import dedupe
from parsers.pdf.backend import Char
from pipeline.process import process_document
from tests.batch_util import finishes
from tests.pdfgen import generate

REAL = pathlib.Path(__file__).resolve().parents[2] / "shared" / "realworld-pdfs"
REAL_FILES = sorted(REAL.glob("*.pdf"))


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
@pytest.mark.parametrize("backend", ["pdfium", "plumber"])
def test_realworld_pdfs_parse_or_fail_clearly(path, backend):
    # a hang fails at the hang guard; how fast a PDF is read is the bench's (bench/bench_pdf.py)
    try:
        doc = finishes(PdfParser(backend).parse, path.read_bytes())
        assert doc.n_pages and doc.blocks
        assert all(b.page for b in doc.blocks)
    except DocumentError as exc:
        assert exc.status in ("failed", "not_a_report") and exc.message.endswith(exc.message.strip())
        assert len(exc.message) > 20


def test_realworld_through_process_document():
    for path in REAL_FILES:
        r = process_document(path.read_bytes(), source_path=path.name)
        assert r.status in ("failed", "not_a_report", "partial"), (path.name, r.status)
        assert r.error, path.name
        assert "crashed" not in r.error, (path.name, r.error)


def test_password_sentence():
    with pytest.raises(DocumentError) as e:
        PdfParser().parse((REAL / "password-example.pdf").read_bytes())
    assert e.value.message.startswith("the PDF is encrypted and needs a password")


def test_empty_file():
    with pytest.raises(DocumentError) as e:
        PdfParser().parse(b"")
    assert "empty" in e.value.message


def _pdf(draw, **kw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, **kw)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_scanned_pdf_sentence():
    def draw(c):  # an image and lines, no text: what a scanner produces
        c.rect(50, 50, 400, 600, fill=1)
        c.line(10, 10, 200, 200)
    with pytest.raises(DocumentError) as e:
        PdfParser().parse(_pdf(draw))
    assert e.value.message == SCANNED_SENTENCE and e.value.status == "failed"
    r = process_document(_pdf(draw), source_path="scan.pdf")
    assert (r.status, r.error) == ("failed", SCANNED_SENTENCE)


def test_encrypted_without_user_password_is_read():
    def draw(c):
        c.setFont("Helvetica", 12)
        c.drawString(72, 700, "readable text")
    data = _pdf(draw, encrypt=_owner_only())
    assert b"/Encrypt" in data
    for backend in ("pdfium", "plumber"):
        assert "readable text" in PdfParser(backend).parse(data).plain_text()


def _owner_only():
    from reportlab.lib import pdfencrypt
    return pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=1, canCopy=0)


def test_user_password_needed():
    from reportlab.lib import pdfencrypt

    def draw(c):
        c.drawString(72, 700, "secret")
    data = _pdf(draw, encrypt=pdfencrypt.StandardEncryption("user", ownerPassword="owner"))
    for backend in ("pdfium", "plumber"):
        with pytest.raises(DocumentError) as e:
            PdfParser(backend).parse(data)
        assert "needs a password" in e.value.message


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
@pytest.mark.parametrize("backend", ["pdfium", "plumber"])
def test_truncated_pdfs(cut, backend):
    data = generate(2).pdf
    try:
        finishes(PdfParser(backend).parse, data[:int(len(data) * cut)])  # a hang fails at the guard
    except DocumentError as exc:
        assert exc.message


def test_garbage_and_zero_pages():
    for data in (b"%PDF-1.4\n%%EOF", b"%PDF-1.7\n" + bytes(range(256)) * 40,
                 b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                 b"trailer<</Root 1 0 R>>\n%%EOF"):
        with pytest.raises(DocumentError):
            PdfParser().parse(data)


def test_huge_page_gets_a_sentence():
    def draw(c):
        c.drawString(72, 700, "big")
    doc_or_err = None
    try:
        doc_or_err = PdfParser().parse(_pdf(draw, pagesize=(20000, 20000)))
    except DocumentError as exc:
        doc_or_err = exc
    text = doc_or_err.message if isinstance(doc_or_err, DocumentError) else " ".join(doc_or_err.notes)
    assert "larger than PDF allows" in text or "no text layer" in text


def test_fake_bold_duplicates_removed():
    a = Char("项", 10.0, 10.0, 20.0, 20.0, 10.0, 19.0, 10.0, "f", 1.0, 0.0)
    b = a._replace(x0=10.3, x1=20.3, ox=10.3)
    c = a._replace(x0=20.0, x1=30.0, ox=20.0)  # a genuine second 项 one advance later
    assert dedupe([a, b, c]) == [a, c]
    doc = PdfParser().parse((REAL / "issue-71-duplicate-chars.pdf").read_bytes())
    assert "项项目目" not in doc.plain_text() and "项目描述" in doc.plain_text()


def test_backend_choice(monkeypatch):
    assert choose_backend() == "pdfium"
    monkeypatch.setenv("ZFXXGK_PDF_BACKEND", "pdfplumber")
    assert choose_backend() == "plumber"
    with pytest.raises(ValueError):
        choose_backend("nope")


def test_rotated_real_page_reads_upright():
    doc = PdfParser().parse((REAL / "nics-background-checks-2015-11-rotated.pdf").read_bytes())
    assert "NICS Firearm Background Checks" in doc.plain_text()


def test_stale_password_error_is_not_reused():
    """PDFium's last error is process-wide: a damaged file read right after a password-protected
    one in the same worker must not be told it needs a password."""
    from tests.badinputs import zero_page_pdf
    from parsers.pdf import PdfParser
    from parsers.base import DocumentError
    import pathlib
    locked = (pathlib.Path(__file__).resolve().parents[2] / "shared" / "realworld-pdfs" / "password-example.pdf").read_bytes()
    with pytest.raises(DocumentError, match="password"):
        PdfParser("pdfium").parse(locked)
    with pytest.raises(DocumentError) as err:
        PdfParser("pdfium").parse(zero_page_pdf())
    assert "password" not in err.value.message
