"""Spreadsheet reports (.xls, .xlsx, Kingsoft .et): sheet cells → the grids every other reader gives."""
from .xls import XlsParser
from .xlsx import XlsxParser

__all__ = ["XlsParser", "XlsxParser"]
