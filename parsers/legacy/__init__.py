"""Legacy Office formats (.doc, .wps, .xls, .et) read through LibreOffice headless."""
from .parser import LegacySheetParser, LegacyWordParser

__all__ = ["LegacyWordParser", "LegacySheetParser"]
