"""XlsxParser: Excel 2007+ ``.xlsx`` (and Kingsoft ``.et`` saved as OOXML), read cell by cell
with openpyxl into the same grids as the ``.xls`` reader (:mod:`.blocks`).

Values are what the sheet shows (``data_only=True``): a formula by the result the program
that saved the file cached (a sum the report printed is kept as printed; a formula saved
without a cached result — written by a script, never opened in Excel or WPS — keeps its
formula text, which no later stage reads as a number, never an empty cell = 0, and the
sentence says so), whole numbers without ``.0``, dates as
ISO dates, error cells as their error text.

openpyxl's read-only (streaming) mode does not give merged ranges, and the grid placement
needs them (a header merged across the seven applicant columns), so the workbook is loaded
fully; what that costs is bounded first from the ZIP's directory (the sheets' uncompressed
size), so a ZIP bomb or a sheet of a million rows is refused with a sentence, not read.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from ..base import Block, Document, DocumentError, Parser
from .blocks import Merge, sheet_blocks
from .xls import MAX_CELLS, _number

MAX_SHEET_BYTES = 64 << 20
"""Uncompressed XML of all sheets; a report's sheet is tens of kB."""

BROKEN = ("the spreadsheet (.xlsx) is damaged ({what}); open it in WPS or Excel and save it again "
          "as XLSX or PDF")


class XlsxParser(Parser):
    format = "xlsx"

    def parse(self, data: bytes) -> Document:
        _check_size(data)
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises KeyError, ValueError, XML errors … on damaged parts
            raise DocumentError(BROKEN.format(what=f"{type(exc).__name__}: {str(exc)[:120]}")) from exc
        try:
            formulas = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
        except Exception as exc:
            book.close()
            raise DocumentError(BROKEN.format(what=f"{type(exc).__name__}: {str(exc)[:120]}")) from exc
        blocks: list[Block] = []
        cells = uncached = 0
        try:
            for sheet in book.worksheets:
                if sheet.sheet_state != "visible":
                    continue  # a hidden sheet is not part of the printed report
                cells += sheet.max_row * sheet.max_column
                if cells > MAX_CELLS:
                    raise DocumentError(f"the spreadsheet holds more than {MAX_CELLS:,} cells, far more "
                                        "than a report's tables; split it")
                source = formulas[sheet.title]
                values: dict[tuple[int, int], str] = {}
                for row in source.iter_rows():
                    for written in row:
                        if written.value is None:
                            continue
                        shown = sheet.cell(written.row, written.column).value
                        if shown is None and written.data_type == "f":
                            # saved without its result (a script wrote it, no program computed
                            # it): the formula as printed in the formula bar, never a blank (0)
                            uncached += 1
                            shown = str(written.value)
                        if shown is not None:
                            values[(written.row - 1, written.column - 1)] = _text(shown)
                merges = [Merge(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1)
                          for m in sheet.merged_cells.ranges]
                blocks.extend(sheet_blocks(values, merges))
        except DocumentError:
            raise
        except Exception as exc:
            raise DocumentError(BROKEN.format(what=type(exc).__name__)) from exc
        finally:
            book.close()
            formulas.close()
        if not blocks:
            raise DocumentError("the spreadsheet has no filled cells")
        notes = []
        if uncached:
            notes.append(f"{uncached} formula cell(s) of the spreadsheet were saved without their result "
                         "(the file was written by a program that does not compute formulas); they are "
                         "not read as numbers: open the file in WPS or Excel and save it again")
        return Document(blocks=blocks, format=self.format, n_pages=None, notes=notes)


def _check_size(data: bytes) -> None:
    """Refuse sheets whose XML would not fit a report (bombs, giant exports) before parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentError(BROKEN.format(what="not a readable ZIP container")) from exc
    size = sum(i.file_size for i in infos if i.filename.startswith("xl/worksheets/"))
    if size > MAX_SHEET_BYTES:
        raise DocumentError(f"the spreadsheet's sheets unpack to {size >> 20} MB, far more than a report's "
                            "tables (a ZIP bomb or a data export); it was not read")


def _text(value) -> str:
    """A cell's shown value as text (numbers as the .xls reader prints them)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return _number(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()
