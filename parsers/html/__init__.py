"""Web-page reports: decode, parse, find the report body, walk it into lines and cell grids."""
from .parser import HtmlParser

__all__ = ["HtmlParser"]
