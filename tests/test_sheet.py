"""Spreadsheet reports (.xls / Kingsoft .et) read cell by cell (parsers/sheet/).

The sheets are made here: a random consistent report of tests/pdfgen.py laid into an
.xlsx with the official tables' merged cells (tests/sheetgen.py), written as a legacy
``.xls`` by LibreOffice (what Excel 97–2003 and Kingsoft ET save: the BIFF8 ``Workbook``
stream).  LibreOffice cannot write Kingsoft's own ``.et`` name, and no packaged tool does,
so an ``.et`` here is that BIFF8 file under the ``.et`` name — the format is read from the
bytes, never the name.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from parsers import sniff_format
from parsers.base import TableBlock
from parsers.legacy import convert as lo
from parsers.sheet import XlsParser
from pipeline.process import process_document
from tests.sheetgen import sheet_report
from tests.test_ocr import _cells
from tests.batch_util import HANG_GUARD_S

pytestmark = pytest.mark.skipif(lo.soffice_path() is None, reason="LibreOffice (soffice) is not installed")


def to_xls(xlsx: bytes, tmp: Path) -> bytes:
    src = tmp / "report.xlsx"
    src.write_bytes(xlsx)
    subprocess.run([lo.soffice_path(), f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(tmp), str(src)], check=True, capture_output=True,
                   timeout=HANG_GUARD_S)
    return (tmp / "report.xls").read_bytes()


@pytest.fixture(scope="module", params=[1, 5], ids=["2021-template", "2019-template"])
def sheet(request, tmp_path_factory):
    rep, xlsx = sheet_report(request.param)
    return rep, to_xls(xlsx, tmp_path_factory.mktemp(f"xls{request.param}"))


def test_xls_report_gives_every_cell(sheet):
    rep, xls = sheet
    assert xls.startswith(b"\xd0\xcf\x11\xe0") and sniff_format(xls) == "xls"
    r = process_document(xls, source_path="report.xls")
    assert r.format == "xls" and r.status == "ok", r.error
    assert (r.template, r.year, r.agency) == (rep.template, rep.year, rep.agency)
    got = {(f["category"], f["applicant_type"]): float(f["count"] if f["count"] is not None else f["amount"])
           for f in r.facts}
    assert got == _cells(rep.facts)
    assert {f["placement"] for f in r.facts} <= {"grid", "position"}  # placed by the sheet's own columns
    assert not [c for c in r.checks if not c["passed"]]


def test_merged_ranges_become_spans(sheet):
    _, xls = sheet
    doc = XlsParser().parse(xls)
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert len(tables) >= 3
    requests = next(t for t in tables if any("申请人情况" in c.text for row in t.rows for c in row))
    head = next(c for c in requests.rows[0] if "申请人情况" in c.text)
    assert head.colspan == 7 and head.origin
    covered = [c for c in requests.rows[0] if not c.origin]
    assert covered and all(c.text == "" for c in covered)
    assert "政府信息公开工作年度报告" in doc.blocks[0].text  # the merged title row is a line of text


def test_same_bytes_named_et_are_read_alike(sheet):
    rep, xls = sheet
    a = process_document(xls, source_path="report.xls")
    b = process_document(xls, source_path="报告.et")
    strip = lambda facts: [{k: v for k, v in f.items() if k != "source_path"} for f in facts]  # noqa: E731
    assert strip(a.facts) == strip(b.facts) and b.status == "ok" and b.format == "xls"


def test_formula_cells_are_read_by_their_shown_value(tmp_path):
    from openpyxl import Workbook
    import io

    wb = Workbook()
    ws = wb.active
    ws.append(["a", 2, 3, "=B1+C1"])
    ws.append(["b", 1.5, "无", "=B2*2"])
    buf = io.BytesIO()
    wb.save(buf)
    doc = XlsParser().parse(to_xls(buf.getvalue(), tmp_path))
    (table,) = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert [[c.text for c in row] for row in table.rows] == [["a", "2", "3", "5"], ["b", "1.5", "无", "3"]]


def test_damaged_spreadsheet_gets_a_sentence(sheet, tmp_path):
    import olefile

    _, xls = sheet
    path = tmp_path / "damaged.xls"
    path.write_bytes(xls)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        size = ole.get_size("Workbook")
        ole.write_stream("Workbook", b"\x09\x08" + bytes(size - 2))  # a BOF record with nothing behind it
    r = process_document(path.read_bytes(), source_path="damaged.xls")
    assert r.status == "failed" and "spreadsheet" in r.error and ("XLSX or PDF" in r.error), r.error
