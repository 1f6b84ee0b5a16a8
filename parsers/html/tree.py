"""Page text → lxml tree, with fallbacks for pages libxml2 refuses.

libxml2 silently stops at 2048 nesting levels (256 without ``huge_tree``) and returns a
truncated tree, so its error log is checked, not only exceptions.  When the tree is
refused, container tags (which carry no cell structure) are removed and the page is parsed
again; if even that fails, the caller reads the page as stripped text.
"""
from __future__ import annotations

import html as html_std
import re

from lxml import etree

# Marks where a removed container began or ended: the walker treats it as a line boundary.
SOFT_BREAK = "\ue000"

_BLOCK_CONTAINERS = re.compile(
    r"</?(?:div|section|article|main|center|header|footer|nav|aside|blockquote|ul|ol|dl|form)\b[^>]*>",
    re.IGNORECASE)
_INLINE_CONTAINERS = re.compile(
    r"</?(?:span|font|b|i|u|s|strong|em|a|small|big|label|sub|sup|strike|ins|del|o:p|abbr|cite|code)\b[^>]*>",
    re.IGNORECASE)

_DROP_BLOCKS = re.compile(
    r"<(script|style|noscript|template|svg|head|textarea|select)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENTS = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_LINE_TAGS = re.compile(
    r"</?(?:tr|p|div|br|li|h[1-6]|table|section|article|dt|dd|ul|ol|pre|blockquote|hr)\b[^>]*>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")
# Runs of lines that hold only whitespace: markup between tags, not blank cells.
_BLANK_RUNS = re.compile(r"\n(?:[ \t\r\xa0\u3000]*\n){2,}")


def _parse(text: str, utf8: bytes | None = None) -> etree._Element | None:
    """One lxml parse of ``text`` (given as its UTF-8 bytes ``utf8`` where the caller has
    them); None when libxml2 raised or stopped early (a FATAL in its log)."""
    # Plain etree elements: lxml.html's element classes cost a lookup per node visited.
    parser = etree.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True)
    if utf8 is None:
        utf8 = text.encode("utf-8", errors="replace")
    try:
        root = etree.fromstring(utf8, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if any(err.level_name == "FATAL" for err in parser.error_log):
        return None
    return root


def parse_tree(text: str, utf8: bytes | None = None) -> tuple[etree._Element | None, list[str]]:
    """The page as a tree, or None when only the text fallback can read it; plus notes.
    ``utf8``: the text's UTF-8 bytes, where the caller has them (the page as it came)."""
    root = _parse(text, utf8)
    if root is not None:
        return root, []
    flat = _BLOCK_CONTAINERS.sub(SOFT_BREAK, text)
    flat = _INLINE_CONTAINERS.sub("", flat)
    root = _parse(flat)
    if root is not None:
        return root, ["the page is nested too deeply for the HTML parser; "
                      "container tags were removed and tables kept"]
    return None, ["the page could not be parsed as HTML; it was read as text with the tags stripped"]


def strip_to_text(text: str) -> str:
    """Last resort: tags removed, line-level tags as line breaks, table cells as tabs."""
    text = _COMMENTS.sub("", text)
    text = _DROP_BLOCKS.sub("\n", text)
    text = _CELL_END.sub("\t", text)
    text = _LINE_TAGS.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = html_std.unescape(text).replace(SOFT_BREAK, "\n")
    return _BLANK_RUNS.sub("\n\n", text)
