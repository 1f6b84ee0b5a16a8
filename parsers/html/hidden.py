"""Whether an element is hidden (``hidden`` attribute, display:none, visibility:hidden).

Asked of every element the walk enters, so it reads as little as it can: the attribute names
first (most elements lack both), and the style regex only for a style that holds the words
it needs.  A Word export puts a long ``style`` on every paragraph and cell, and running the
case-insensitive regex over all of them was the largest single cost of reading such a page.
"""
from __future__ import annotations

from lxml import etree

from .cues import HIDDEN_STYLE, HIDDEN_STYLE_WORDS
from ..memo import text_memo

# Letters a case-insensitive regex matches beyond ASCII's two cases (İ and ı for "i", ſ for
# "s"): a style holding one of them goes to the regex whatever its lower-cased words say.
_ODD_CASES = ("\u0130", "\u0131", "\u017f")


@text_memo
def style_hides(style: str) -> bool:
    """``HIDDEN_STYLE.search(style)``, without running the regex when it cannot match.

    Remembered per style: a Word export repeats a few long styles on every paragraph and cell."""
    low = style.lower()
    for a, b in HIDDEN_STYLE_WORDS:
        if a in low and b in low:
            return HIDDEN_STYLE.search(style) is not None
    for c in _ODD_CASES:
        if c in style:
            return HIDDEN_STYLE.search(style) is not None
    return False


def is_hidden(el: etree._Element) -> bool:
    """A ``hidden`` attribute, or an inline style that hides the element."""
    names = el.keys()
    if not names:
        return False
    if "hidden" in names:
        return True
    return "style" in names and style_hides(el.get("style"))
