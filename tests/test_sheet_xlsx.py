"""Excel 2007+ ``.xlsx`` reports (and Kingsoft ET saved as OOXML) read cell by cell by openpyxl
(parsers/sheet/xlsx.py) into the same grids as ``.xls``.

The workbooks are made here by openpyxl from random consistent reports of tests/pdfgen.py
(tests/sheetgen.py: title, headings, the official tables with their merged cells, numbers
as numbers); broken, encrypted and oversized workbooks get their sentence."""
from __future__ import annotations

import io
import zipfile

import pytest

from parsers import sniff_format
from parsers.base import TableBlock
from parsers.sheet import XlsxParser
from pipeline.process import process_document
from tests.sheetgen import sheet_report
from tests.test_ocr import _cells


def _book(rows: list[list], merges: tuple[str, ...] = ()) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewritten(xlsx: bytes, change, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The workbook with each member's bytes passed through ``change(name, data)``."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as out:
        for info in src.infolist():
            out.writestr(info.filename, change(info.filename, src.read(info)), compression)
    return buf.getvalue()


@pytest.mark.parametrize("seed", [1, 5, 8], ids=["2021-template", "2019-template", "2021-b"])
def test_xlsx_report_gives_every_cell(seed):
    rep, xlsx = sheet_report(seed)
    assert sniff_format(xlsx) == "xlsx"
    r = process_document(xlsx, source_path="report.xlsx")
    assert r.format == "xlsx" and r.status == "ok", r.error
    assert (r.template, r.year, r.agency) == (rep.template, rep.year, rep.agency)
    got = {(f["category"], f["applicant_type"]): float(f["count"] if f["count"] is not None else f["amount"])
           for f in r.facts}
    assert got == _cells(rep.facts)
    assert {f["placement"] for f in r.facts} <= {"grid", "position"}
    assert not [c for c in r.checks if not c["passed"]]
    named_et = process_document(xlsx, source_path="报告.et")  # WPS ET saved as OOXML: the bytes decide
    assert named_et.format == "xlsx" and named_et.facts[0]["count"] == r.facts[0]["count"]


def test_merged_ranges_become_spans():
    _, xlsx = sheet_report(1)
    doc = XlsxParser().parse(xlsx)
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    requests = next(t for t in tables if any("申请人情况" in c.text for row in t.rows for c in row))
    head = next(c for c in requests.rows[0] if "申请人情况" in c.text)
    assert head.colspan == 7 and head.origin
    assert [c for c in requests.rows[0] if not c.origin] and all(
        c.text == "" for c in requests.rows[0] if not c.origin)
    assert "政府信息公开工作年度报告" in doc.blocks[0].text  # the merged title row is a line of text


def test_shown_values_dates_and_hidden_sheets():
    from openpyxl import Workbook
    import datetime as dt

    wb = Workbook()
    ws = wb.active
    ws.append(["a", 2, 3.0, 1.5, dt.date(2024, 1, 31), True])
    ws.append(["b", "无", " 7 ", None, None, "x"])
    hidden = wb.create_sheet("secret")
    hidden.append(["hidden", 1])
    hidden.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    doc = XlsxParser().parse(buf.getvalue())
    (table,) = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert [[c.text for c in row] for row in table.rows] == [
        ["a", "2", "3", "1.5", "2024-01-31", "TRUE"], ["b", "无", "7", "", "", "x"]]
    assert not any("hidden" in getattr(b, "text", "") for b in doc.blocks)


def test_formula_saved_without_its_result_is_never_a_blank():
    """openpyxl (like any script) writes formulas without computing them: data_only then
    gives None, which must not become an empty cell (a 0 in the data)."""
    xlsx = _book([["row", "a", "b", "sum"], ["x", 2, 3, "=B2+C2"]])
    doc = XlsxParser().parse(xlsx)
    (table,) = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert [c.text for c in table.rows[1]] == ["x", "2", "3", "=B2+C2"]
    assert any("without their result" in n for n in doc.notes)


def test_cached_formula_results_are_read_as_shown():
    """A workbook as Excel or WPS saves it: the formula and its cached result (<v>)."""
    xlsx = _book([["row", "a", "b", "sum"], ["x", 2, 3, "=B2+C2"]])

    def cache_six(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        data = data.replace(b"<f>B2+C2</f><v></v>", b"<f>B2+C2</f><v>6</v>").replace(
            b"<f>B2+C2</f><v />", b"<f>B2+C2</f><v>6</v>")
        assert b"<v>6</v>" in data  # printed 6 although 2 + 3 = 5: kept as printed
        return data

    doc = XlsxParser().parse(_rewritten(xlsx, cache_six))
    (table,) = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert [c.text for c in table.rows[1]] == ["x", "2", "3", "6"] and not doc.notes


def test_broken_workbook_gets_a_sentence():
    _, xlsx = sheet_report(1)
    broken = _rewritten(xlsx, lambda name, data: data[: len(data) // 2] if name.startswith("xl/worksheets/") else data)
    r = process_document(broken, source_path="broken.xlsx")
    assert r.status == "failed" and r.format == "xlsx", (r.status, r.error)
    assert "damaged" in r.error and "save it again" in r.error
    cut = process_document(xlsx[: len(xlsx) // 2], source_path="cut.xlsx")  # a download cut off
    assert cut.status == "failed" and "spreadsheet" in cut.error and "damaged" in cut.error, cut.error


def test_password_protected_workbook_gets_a_sentence():
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    _, xlsx = sheet_report(1)
    enc = io.BytesIO()
    OOXMLFile(io.BytesIO(xlsx)).encrypt("secret", enc)
    data = enc.getvalue()
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # encrypted OOXML is an OLE compound file
    r = process_document(data, source_path="locked.xlsx")
    assert r.status == "failed" and "password-protected" in r.error and "XLSX" in r.error, r.error
    assert msoffcrypto  # the library that writes Office encryption


def test_zip_bomb_sheet_is_refused_unread():
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{"x" * 1000}</t></is></c></row>'
                   for i in range(1, 70_001))
    bomb = _rewritten(_book([["a", 1]]), lambda name, data: (
        data.split(b"<sheetData>")[0] + b"<sheetData>" + rows.encode() + b"</sheetData></worksheet>"
        if name == "xl/worksheets/sheet1.xml" else data))
    assert len(bomb) < 2 << 20
    r = process_document(bomb, source_path="bomb.xlsx")
    assert r.status == "failed" and "unpack to" in r.error and "not read" in r.error, r.error


def test_zip_without_word_or_workbook_is_still_an_archive():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    r = process_document(buf.getvalue(), source_path="a.zip")
    assert r.status == "failed" and "ZIP archive" in r.error


def test_uncomputed_formula_in_a_report_is_left_out_and_named():
    from openpyxl import load_workbook

    rep, xlsx = sheet_report(1)
    wb = load_workbook(io.BytesIO(xlsx))
    ws = wb.active
    row = next(r for r in ws.iter_rows() if any(isinstance(c.value, str) and "本年新收" in c.value for c in r))
    total = [c for c in row if isinstance(c.value, int)][-1]
    total.value = "=SUM(C{0}:H{0})".format(total.row)  # as a script saves it: no result
    buf = io.BytesIO()
    wb.save(buf)
    r = process_document(buf.getvalue(), source_path="formula.xlsx")
    got = {(f["category"], f["applicant_type"]) for f in r.facts}
    assert ("requests.new", "total") not in got and ("requests.new", "natural_person") in got
    assert r.status == "partial" and "requests.new[total]" in r.error and "without their result" in r.error
    truth = _cells(rep.facts)
    assert all(truth[(f["category"], f["applicant_type"])] == float(f["count"] if f["count"] is not None
                                                                    else f["amount"]) for f in r.facts)
