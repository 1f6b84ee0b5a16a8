"""One pass over the page tree: blocks in reading order, plus where each element's blocks are.

The walk is iterative (``etree.iterwalk``), so nesting depth costs no Python stack.  Every
block-level element records the half-open range of blocks it produced; choosing the article
body, dropping chrome and dropping metadata boxes then work on those ranges with prefix
sums, in linear time however deep the page is.

Per element it reads the attribute names once (most elements carry none of those asked
about), the tag, the text and the tail; whether a table holds a table is asked when the
walk meets it.  The same pass notes the elements the page title may
stand in (``html_body.find_title`` reads them), so the tree is not walked again for them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..base import Block, TableBlock, TextLine
from .cues import (BLOCK_TAGS, CHROME_SUBSTRINGS, CHROME_TAGS, CHROME_TOKENS, EMPTY_LINE_TAGS,
                        SKIP_TAGS, TITLE_TAGS)
from .hidden import style_hides
from .table import is_layout_cells, table_cells
from .tree import SOFT_BREAK
from ..memo import text_memo
from ..textnorm import normalize_line

# Elements whose id/class may mark them as site chrome (not cells or paragraphs).
_CHROME_CLASS_TAGS = frozenset({"div", "ul", "ol", "dl", "section", "aside", "nav", "header",
                                "footer", "table", "td", "form", "center", "menu", "span"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")

_HEADING_TAGS = tuple(t for t in TITLE_TAGS if t[0] == "h")
_CLASS_TITLE_TAGS = frozenset(TITLE_TAGS) - frozenset(_HEADING_TAGS)
_CLASS_NAMES = etree.XPath("descendant-or-self::*/@class")

Span = tuple[str, int, int, int, bool]
"""(tag, start, end, depth, chrome): blocks ``start:end`` came from ``tag`` at ``depth``;
``chrome`` if the element looks like site chrome.  A tuple: a page has hundreds."""


@dataclass
class Walk:
    blocks: list[Block] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    titled: list[etree._Element] = field(default_factory=list)
    """:func:`title_candidates` of the whole tree (hidden and skipped parts included)."""


_TITLE_TAG_SET = frozenset(TITLE_TAGS)


def title_candidates(el: etree._Element) -> list[etree._Element]:
    """``el`` and the elements below it, in document order, that the title may stand in: the
    headings (h1–h3), and div/p/td/span whose class names a title."""
    if next(el.iter(*_HEADING_TAGS), None) is None:
        # No heading below (most subtrees: a data table, the page head): only the class names
        # are read (libxml2 finds them; an element without one costs no Python object), in
        # document order as the elements stand.
        return [e for name in _CLASS_NAMES(el) if "title" in name.lower()
                and (e := name.getparent()).tag in _CLASS_TITLE_TAGS]
    return [e for e in el.iter(*TITLE_TAGS) if e.tag[0] == "h" or "title" in (e.get("class") or "").lower()]


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def looks_like_chrome(el: etree._Element, tag: str) -> bool:
    """Navigation, breadcrumbs, footers, share bars… by element type or id/class names."""
    if tag in CHROME_TAGS:
        return True
    if tag not in _CHROME_CLASS_TAGS:
        return False
    return _chrome_names(el)


def _chrome_names(el: etree._Element) -> bool:
    """:func:`looks_like_chrome` by the id/class names."""
    return _chrome_by_names(f"{el.get('id') or ''} {el.get('class') or ''}")


@text_memo
def _chrome_by_names(names: str) -> bool:
    """Whether "id class" names chrome (a site's class names recur on every page)."""
    if not names.strip():
        return False
    tokens = {w.lower() for w in _WORDS.findall(names)}
    if tokens & CHROME_TOKENS:
        return True
    lowered = names.lower()
    return any(sub in lowered for sub in CHROME_SUBSTRINGS)


def holds_table(table: etree._Element) -> bool:
    """A table that holds another table: page layout, read as running text.  Asked of the
    tables the walk meets (libxml2 looks below each for a <table>, stopping at the first),
    not of every table of the page beforehand."""
    return next(table.iterdescendants("table"), None) is not None


class _Walker:
    """Accumulates the current line and turns element boundaries into line breaks."""

    def __init__(self) -> None:
        self.walk = Walk()
        self.cur: list[str] = []
        self.pre = 0

    # -- lines -------------------------------------------------------------------------
    def add(self, text: str | None) -> None:
        if not text:
            return
        if SOFT_BREAK in text:
            pieces = text.split(SOFT_BREAK)
            for i, piece in enumerate(pieces):
                if i:
                    self.soft_break()
                self.add(piece)
            return
        if self.pre and "\n" in text:
            for i, piece in enumerate(text.split("\n")):
                if i:
                    self.hard_break()
                self.add(piece)
            return
        self.cur.append(text)

    def soft_break(self) -> None:
        """End the current line if it has text (a block boundary)."""
        cur = self.cur
        if cur:
            joined = "".join(cur)
            cur.clear()
            if joined.isspace():  # markup between tags: normalize_line only drops or keeps whitespace
                return
            line = normalize_line(joined)
            if line.strip():
                self.walk.blocks.append(TextLine(line))

    def hard_break(self) -> None:
        """End the current line even when empty (<br>: two in a row make a blank line)."""
        self.walk.blocks.append(TextLine(normalize_line("".join(self.cur))))
        self.cur.clear()

    # -- tree --------------------------------------------------------------------------
    def run(self, root: etree._Element) -> Walk:
        blocks, spans, cur, titled = self.walk.blocks, self.walk.spans, self.cur, self.walk.titled
        open_blocks: list[tuple[int, bool]] = []  # (first block index, chrome) per open block element
        skipped: etree._Element | None = None
        walker = etree.iterwalk(root, events=("start", "end"))
        add, soft_break = self.add, self.soft_break
        for event, el in walker:
            raw = el.tag
            tag = raw.lower() if raw.__class__ is str else ""  # _tag, inlined: called for every event
            if event == "start":
                if not tag or tag in SKIP_TAGS:
                    walker.skip_subtree()
                    skipped = el
                    if len(el) or raw in _TITLE_TAG_SET:  # the title is looked for in skipped parts too
                        titled.extend(title_candidates(el))
                    continue
                names = el.keys()  # is_hidden and looks_like_chrome, inlined: one read of the names
                if names and ("hidden" in names or "style" in names and style_hides(el.get("style"))):
                    walker.skip_subtree()
                    skipped = el
                    titled.extend(title_candidates(el))
                    continue
                if raw in _TITLE_TAG_SET and (raw[0] == "h" or names and "class" in names
                                              and "title" in el.get("class").lower()):  # title_candidates' test
                    titled.append(el)
                if tag == "br":
                    self.hard_break()
                    continue
                if tag in BLOCK_TAGS:
                    if cur:
                        soft_break()
                    chrome = tag in CHROME_TAGS or bool(names) and tag in _CHROME_CLASS_TAGS and (
                        "id" in names or "class" in names) and _chrome_names(el)
                    open_blocks.append((len(blocks), chrome))
                    if tag == "pre":
                        self.pre += 1
                    if tag == "table" and not holds_table(el) and self._table(el):
                        walker.skip_subtree()
                        titled.extend(title_candidates(el))  # cells whose class names a title
                        continue
                text = el.text
            else:
                if el is skipped:
                    skipped = None
                elif tag in BLOCK_TAGS:
                    start, chrome = open_blocks.pop()
                    if tag in EMPTY_LINE_TAGS and len(blocks) == start and not "".join(cur).strip():
                        cur.clear()
                        blocks.append(TextLine(""))
                    elif cur:
                        soft_break()
                    if tag == "pre":
                        self.pre -= 1
                    spans.append((tag, start, len(blocks), len(open_blocks), chrome))
                text = el.tail
            if text:
                if SOFT_BREAK in text or self.pre:
                    add(text)
                else:
                    cur.append(text)
        soft_break()
        return self.walk

    def _table(self, el: etree._Element) -> bool:
        """Emit a data table as one TableBlock; False for layout tables (read as text)."""
        cells = table_cells(el)
        if cells is None or is_layout_cells(cells):
            return False
        self.walk.blocks.append(TableBlock(rows=tuple(tuple(row) for row in cells)))
        return True


def walk_tree(root: etree._Element) -> Walk:
    """All blocks of the page in reading order, with each block element's block range."""
    return _Walker().run(root)
