"""Whitespace rules shared by the markup readers (HTML, DOCX).

Markup carries layout whitespace (indentation, line wrapping in the source, &nbsp; runs)
that is not part of the text, and CJK text has no spaces between words, so a label split
over two lines of a cell (``商业<br>企业``) must be joined without a space while two Latin
words or numbers keep one.
"""
from __future__ import annotations

import re

from .memo import WIDE_ENTRIES, text_memo

# CJK ideographs, CJK/full-width punctuation and full-width forms.
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])[ ]+(?=[{_CJK}])")
# A whitespace run that holds a source line break is layout (indentation), tabs included.
_WRAPPED = re.compile(r"[ \t\xa0\u3000\f\v]*[\r\n][\s\xa0\u3000]*")
_SPACES = re.compile(r"[ \xa0\u3000\f\v\u200b\ufeff]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_CELL_SPACE = re.compile(r"[\s\xa0\u3000]+")


@text_memo(entries=WIDE_ENTRIES)
def normalize_line(text: str) -> str:
    """One rendered line: source wraps become a space, space runs collapse, tabs stay.

    Tabs in the middle of a line are kept because flattened tables pasted into a page
    separate cells with them; tabs next to a source line break are indentation.
    """
    text = _ZERO_WIDTH.sub("", text)
    text = _WRAPPED.sub(_wrap_joint, text)
    text = _SPACES.sub(" ", text)
    return text.strip(" ")


def _wrap_joint(m: re.Match[str]) -> str:
    """A source line wrap renders as nothing between CJK characters, else as one space."""
    s, a, b = m.string, m.start(), m.end()
    if 0 < a and b < len(s) and is_cjk(s[a - 1]) and is_cjk(s[b]):
        return ""
    return " "


@text_memo(entries=WIDE_ENTRIES)
def normalize_cell(text: str) -> str:
    """Text of one table cell: all whitespace collapsed, no spaces between CJK characters."""
    text = _ZERO_WIDTH.sub("", text)
    text = _CELL_SPACE.sub(" ", text).strip()
    return _SPACE_BETWEEN_CJK.sub("", text)


def is_cjk(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


def join_fragments(parts: list[str]) -> str:
    """Join the lines of one cell: no space where CJK meets anything, one space between words."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(part[0])) and out[-1].isalnum() and part[0].isalnum():
            out += " "
        out += part
    return out
