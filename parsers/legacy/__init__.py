"""Legacy Office formats (.doc, .wps) read through LibreOffice headless."""
from .parser import LegacyWordParser

__all__ = ["LegacyWordParser"]
