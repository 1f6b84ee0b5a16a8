"""Spreadsheet reports made from the typeset reports of ``tests/pdfgen.py``: the same title,
headings and tables (with the official template's merged cells) laid into one sheet, as an
agency that keeps its report in Excel or WPS ET publishes it.

``generate`` is run with a typesetter that also records each paragraph and table; the
records become rows of an openpyxl workbook (.xlsx): a paragraph is a row with its text in
the first cell (a title merged across the table width), a table's cells keep their row and
column spans as merged ranges, directly under its heading; a blank row follows each table.
LibreOffice then writes the legacy ``.xls`` from it (see tests/test_sheet.py).
"""
from __future__ import annotations

import io

import tests.pdfgen as pdfgen


class _Recorder(pdfgen.Typesetter):
    events: list = []

    def paragraph(self, text, size, *args, **kwargs):
        type(self).events.append(("p", text))
        return super().paragraph(text, size, *args, **kwargs)

    def table(self, spec, size):
        type(self).events.append(("t", spec))
        return super().table(spec, size)


def sheet_report(seed: int, **overrides) -> tuple[pdfgen.GeneratedReport, bytes]:
    """The generated report and its .xlsx."""
    from openpyxl import Workbook

    _Recorder.events = []
    real = pdfgen.Typesetter
    pdfgen.Typesetter = _Recorder
    try:
        rep = pdfgen.generate(seed, **overrides)
    finally:
        pdfgen.Typesetter = real
    events = _Recorder.events
    wb = Workbook()
    ws = wb.active
    ws.title = "年度报告"
    row = 1
    width = max((len(s.widths) for kind, s in events if kind == "t"), default=1)
    for k, (kind, item) in enumerate(events):
        if kind == "p":
            ws.cell(row=row, column=1, value=item)
            if k == 0:  # the title, centred across the sheet
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
            continue
        for c in item.cells:
            ws.cell(row=row + c.row, column=1 + c.col, value=_value(c.text))
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(start_row=row + c.row, start_column=1 + c.col,
                               end_row=row + c.row + c.rowspan - 1, end_column=c.col + c.colspan)
        row += item.n_rows + 1  # a blank row after the table
    buf = io.BytesIO()
    wb.save(buf)
    return rep, buf.getvalue()


def _value(text: str):
    """Numbers as numbers (as a person types them into Excel), everything else as text."""
    t = text.replace(",", "")
    if t.isdigit():
        return int(t)
    try:
        return float(t) if t.count(".") == 1 and t.replace(".", "").isdigit() else text
    except ValueError:
        return text
