"""XlsParser: Excel 97–2003 ``.xls`` and Kingsoft ``.et`` (the same BIFF8 ``Workbook`` stream),
read cell by cell with xlrd.

Values are what the sheet shows: formulas by their cached results (a sum the report printed
is kept as printed, even if it does not add up — the checks record that), whole numbers
without a trailing ``.0``, dates as ISO dates, error cells (``#DIV/0!``) as their error text,
which no later stage reads as a number.  Merged ranges become spans (:mod:`.blocks`).
"""
from __future__ import annotations

import datetime as dt

from ..base import Block, Document, DocumentError, Parser
from .blocks import Merge, sheet_blocks

MAX_CELLS = 2_000_000  # a report's tables hold a few hundred; more is not a report


class XlsParser(Parser):
    format = "xls"

    def parse(self, data: bytes) -> Document:
        import xlrd

        try:
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        except xlrd.biffh.XLRDError as exc:
            msg = str(exc)
            if "encrypt" in msg.lower() or "password" in msg.lower():
                raise DocumentError("the spreadsheet is password-protected; save an unprotected copy "
                                    "as XLSX, DOCX or PDF") from exc
            raise DocumentError(f"the spreadsheet could not be read ({msg[:160]}); open it in WPS or Excel "
                                "and save it as XLSX or PDF") from exc
        except Exception as exc:  # xlrd raises struct/assertion/index errors on damaged BIFF
            raise DocumentError(f"the spreadsheet is damaged ({type(exc).__name__}); open it in WPS or Excel "
                                "and save it as XLSX or PDF") from exc
        blocks: list[Block] = []
        cells = 0
        try:
            for i in range(book.nsheets):
                sheet = book.sheet_by_index(i)
                cells += sheet.nrows * sheet.ncols
                if cells > MAX_CELLS:
                    raise DocumentError(f"the spreadsheet holds more than {MAX_CELLS:,} cells, far more "
                                        "than a report's tables; split it")
                values = {(r, c): _text(sheet.cell(r, c), book.datemode)
                          for r in range(sheet.nrows) for c in range(sheet.ncols)}
                merges = [Merge(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
                blocks.extend(sheet_blocks(values, merges))
                book.unload_sheet(i)
        except DocumentError:
            raise
        except Exception as exc:
            raise DocumentError(f"the spreadsheet is damaged ({type(exc).__name__}); open it in WPS or Excel "
                                "and save it as XLSX or PDF") from exc
        finally:
            book.release_resources()
        if not blocks:
            raise DocumentError("the spreadsheet has no filled cells")
        return Document(blocks=blocks, format=self.format, n_pages=None)


def _text(cell, datemode: int) -> str:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_NUMBER:
        return _number(value)
    if kind == xlrd.XL_CELL_DATE:
        try:
            return dt.datetime(*xlrd.xldate_as_tuple(value, datemode)).date().isoformat()
        except (xlrd.xldate.XLDateError, ValueError):
            return _number(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return str(value).strip()


def _number(value: float) -> str:
    """A sheet number as printed: 3.0 → "3", 12.5 → "12.5" (shortest repr, never 1e+20)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g") if abs(value) < 1e15 else repr(value)
