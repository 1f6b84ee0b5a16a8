"""Legacy Word/WPS files through LibreOffice: made here from the DOCX fixture, read back.

LibreOffice writes ``.doc`` (MS Word 97).  It has no Kingsoft WPS export: asked for
``.wps`` it writes the same Word 97 binary, which is what Kingsoft WPS files are (an OLE
file with a ``WordDocument`` stream), so that file stands for a ``.wps`` here.
"""
from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from parsers import sniff_format
from parsers.legacy import convert as lo
from pipeline.process import process_document
from tests.test_docx import report_docx
from tests.batch_util import HANG_GUARD_S

pytestmark = pytest.mark.skipif(lo.soffice_path() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def legacy(tmp_path_factory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("legacy")
    src = tmp / "report.docx"
    src.write_bytes(report_docx())
    out: dict[str, bytes] = {"docx": src.read_bytes()}
    for ext in ("doc", "wps"):
        subprocess.run([lo.soffice_path(), f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                        "--convert-to", ext, "--outdir", str(tmp), str(src)],
                       check=True, capture_output=True, timeout=HANG_GUARD_S)
        out[ext] = (tmp / f"report.{ext}").read_bytes()
    return out


def _cells(result) -> dict:
    return {(f["category"], f["applicant_type"]): (f["count"], f["amount"], f["raw_label"]) for f in result.facts}


@pytest.mark.parametrize("ext", ["doc", "wps"])
def test_legacy_file_gives_the_cells_of_its_docx(legacy, ext):
    data = legacy[ext]
    assert data.startswith(b"\xd0\xcf\x11\xe0") and sniff_format(data) == "doc"
    want = process_document(legacy["docx"], source_path="report.docx")
    got = process_document(data, source_path=f"report.{ext}")
    assert got.format == "doc"
    assert want.facts and _cells(got) == _cells(want)
    assert (got.status, got.error, got.agency, got.year) == (want.status, want.error, want.agency, want.year)


def test_damaged_legacy_file_gets_a_sentence(legacy):
    import olefile

    data = bytearray(legacy["doc"])
    with olefile.OleFileIO(bytes(data)) as ole:
        size = ole.get_size("WordDocument")
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"zfxxgk-damaged-{os.getpid()}.doc"
    path.write_bytes(bytes(data))
    try:
        with olefile.OleFileIO(str(path), write_mode=True) as ole:
            ole.write_stream("WordDocument", bytes(size))  # the text stream zeroed: no Word header left
        r = process_document(path.read_bytes(), source_path="damaged.doc")
    finally:
        path.unlink()
    assert r.status == "failed", (r.status, r.error)
    assert "LibreOffice" in r.error and ("DOCX or PDF" in r.error or "no text" in r.error)


def test_broken_compound_file_is_named_damaged():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"legacy word document" * 20
    assert sniff_format(data) == "ole:damaged"
    r = process_document(data, source_path="broken.doc")
    assert r.status == "failed" and "damaged" in r.error


def test_missing_libreoffice_is_a_sentence(legacy, monkeypatch):
    monkeypatch.setattr(lo, "soffice_path", lambda: None)
    r = process_document(legacy["doc"], source_path="report.doc")
    assert r.status == "failed" and "LibreOffice is not installed" in r.error


def test_hanging_converter_is_killed_with_its_children(legacy, tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    pidfile = tmp_path / "child.pid"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pidfile}\nwait\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(lo, "soffice_path", lambda: str(fake))
    monkeypatch.setattr(lo, "LIMITS", lo.ConverterLimits(timeout_s=1.0))
    monkeypatch.setattr(lo.convert, "__defaults__", (lo.LIMITS,))
    r = process_document(legacy["doc"], source_path="report.doc")
    assert r.status == "failed" and "did not finish" in r.error
    child = int(pidfile.read_text())
    assert not _running(child)  # the converter's own child went with its process group


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for a reaper (killed processes may linger as 'Z'),
    after waiting for it to go up to the hang guard (a loaded machine may be slow to end it)."""
    from tests.batch_util import alive, wait_until

    return not wait_until(lambda: not alive(pid))


def test_converter_runs_under_a_worker_memory_limit(legacy):
    """The batch worker caps its address space; LibreOffice gets its own cap and still runs."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, hard))
    try:
        r = process_document(legacy["doc"], source_path="report.doc")
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    assert r.facts, r.error
