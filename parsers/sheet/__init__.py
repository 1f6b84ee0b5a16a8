"""Spreadsheet reports (.xls, Kingsoft .et): sheet cells → the grids every other reader gives."""
from .xls import XlsParser

__all__ = ["XlsParser"]
