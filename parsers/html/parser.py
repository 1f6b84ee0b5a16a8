"""Web-page reports: decode, parse, find the article, return its lines and tables.

The stages live in their own modules (``html_decode``, ``html_tree``, ``html_walk``,
``html_table``, ``html_body``); this one only chains them and decides what is an error.
"""
from __future__ import annotations

import re

from ..base import Document, DocumentError, Parser, TableBlock, TextLine
from .body import find_title, select_body, with_title
from .decode import decode_page
from .tree import parse_tree, strip_to_text
from .walk import walk_tree
from ..text import text_to_document
from ..textnorm import normalize_line

# Report pages are well under a megabyte of markup; inline images are cut before this bound.
MAX_HTML_CHARS = 20_000_000
_DATA_URI = re.compile(r"data:[^\"'\s>)]{256,}")


def _has_text(doc: Document) -> bool:
    for block in doc.blocks:
        if isinstance(block, TextLine) and block.text.strip():
            return True
        if isinstance(block, TableBlock) and any(c.text.strip() for row in block.rows for c in row):
            return True
    return False


class HtmlParser(Parser):
    format = "html"

    def parse(self, data: bytes) -> Document:
        text, utf8 = decode_page(data)  # utf8: the bytes as they came, while they are the text's UTF-8
        if ("\x00" in text) if utf8 is None else (b"\x00" in utf8):  # UTF-8 writes NUL as the one byte 0
            text, utf8 = text.replace("\x00", ""), None
        if "data:" in text:  # the pattern's literal start: most pages hold no inline image
            cut = _DATA_URI.sub("data:", text)
            if len(cut) != len(text):  # a match always shortens the text
                text, utf8 = cut, None
        if len(text) > MAX_HTML_CHARS:
            raise DocumentError(
                f"the HTML page is {len(text) // 1_000_000} million characters long, over the "
                f"{MAX_HTML_CHARS // 1_000_000} million limit for a report page; "
                "check that it is a single report and not a site dump")
        root, notes = parse_tree(text, utf8)
        if root is None:
            doc = text_to_document(strip_to_text(text), "html")
            doc.blocks = [TextLine(normalize_line(b.text)) for b in doc.blocks if isinstance(b, TextLine)]
        else:
            walk = walk_tree(root)
            blocks = with_title(select_body(walk), find_title(root, walk.titled))
            doc = Document(blocks=blocks, format="html")
        doc.notes.extend(notes)
        if not _has_text(doc):
            raise DocumentError(
                "the HTML page has no visible text (only markup or scripts); "
                "if the report is an attachment, download the attached file instead")
        return doc
