"""Word (DOCX) reports: paragraphs and tables (merged cells kept as grids) in body order."""
from .parser import DocxParser

__all__ = ["DocxParser"]
