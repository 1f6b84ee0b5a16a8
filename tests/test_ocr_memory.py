"""OCR within a worker's address-space cap (the backstop under ``--max-memory``'s RSS
watchdog, 4 × the limit and at least 2 GB): a scanned page is read under a 1 GB cap, and a
cap too small for the recogniser gives the memory sentence, never a crash.  Each run is a fresh process, as a batch worker is."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdfgen import generate
from tests.batch_util import HANG_GUARD_S
from tests.scangen import scanned_pdf

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import json, resource, sys
from pipeline.process import process_document, warm_up
warm_up()  # what a worker maps before its limit is set
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]) << 20, resource.RLIM_INFINITY))
r = process_document(open(sys.argv[1], "rb").read(), source_path="scan.pdf")
status = {k: int(v.split()[0]) >> 10 for k, v in (l.split(":", 1) for l in open("/proc/self/status"))
          if k in ("VmPeak", "VmHWM")}
print(json.dumps({"status": r.status, "error": r.error, "facts": len(r.facts), **status}))
"""


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    import pypdfium2 as pdfium

    rep = generate(3)
    doc = pdfium.PdfDocument(scanned_pdf(rep.pdf, 3))
    one = pdfium.PdfDocument.new()
    one.import_pages(doc, [1])  # the page of table 三: the most crops
    path = tmp_path_factory.mktemp("mem") / "scan.pdf"
    one.save(str(path))
    return path


def _run(scan: Path, mb: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(scan), str(mb)], cwd=ROOT, capture_output=True,
                         text=True, timeout=HANG_GUARD_S, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_scan_page_is_read_under_one_gigabyte(scan):
    r = _run(scan, 1024)
    assert r["facts"] > 0 and r["status"] in ("ok", "partial"), r
    assert "ran out of memory" not in (r["error"] or "")
    assert r["VmPeak"] < 1024


def test_too_small_a_limit_gives_the_memory_sentence(scan):
    r = _run(scan, 500)
    assert r["status"] == "failed" and "ran out of memory" in r["error"] and "--max-memory" in r["error"], r


def test_a_missing_ocr_package_is_named_not_called_memory():
    """A package that is not installed is a different fix from a memory limit."""
    from parsers.ocr.params import unavailable

    said = unavailable(ModuleNotFoundError("No module named 'onnx'", name="onnx"), 2)
    assert "'onnx'" in said and "not installed" in said and "memory" not in said
    assert "ran out of memory" in unavailable(ImportError("cannot map"), 2)
