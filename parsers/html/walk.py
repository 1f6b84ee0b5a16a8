"""One pass over the page tree: blocks in reading order, plus where each element's blocks are.

The walk is iterative (``etree.iterwalk``), so nesting depth costs no Python stack.  Every
block-level element records the half-open range of blocks it produced; choosing the article
body, dropping chrome and dropping metadata boxes then work on those ranges with prefix
sums, in linear time however deep the page is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..base import Block, TableBlock, TextLine
from .cues import (BLOCK_TAGS, CHROME_SUBSTRINGS, CHROME_TAGS, CHROME_TOKENS, EMPTY_LINE_TAGS,
                        HIDDEN_STYLE, SKIP_TAGS)
from .table import is_layout_cells, table_cells
from .tree import SOFT_BREAK
from ..textnorm import normalize_line

# Elements whose id/class may mark them as site chrome (not cells or paragraphs).
_CHROME_CLASS_TAGS = frozenset({"div", "ul", "ol", "dl", "section", "aside", "nav", "header",
                                "footer", "table", "td", "form", "center", "menu", "span"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


@dataclass(frozen=True, slots=True)
class Span:
    """Blocks ``start:end`` came from ``tag`` at ``depth``; ``chrome`` if it looks like site chrome."""

    tag: str
    start: int
    end: int
    depth: int
    chrome: bool


@dataclass
class Walk:
    blocks: list[Block] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _hidden(el: etree._Element) -> bool:
    style = el.get("style")
    return el.get("hidden") is not None or (bool(style) and bool(HIDDEN_STYLE.search(style)))


def looks_like_chrome(el: etree._Element, tag: str) -> bool:
    """Navigation, breadcrumbs, footers, share bars… by element type or id/class names."""
    if tag in CHROME_TAGS:
        return True
    if tag not in _CHROME_CLASS_TAGS:
        return False
    names = f"{el.get('id') or ''} {el.get('class') or ''}"
    if not names.strip():
        return False
    tokens = {w.lower() for w in _WORDS.findall(names)}
    if tokens & CHROME_TOKENS:
        return True
    lowered = names.lower()
    return any(sub in lowered for sub in CHROME_SUBSTRINGS)


def tables_with_nested_tables(root: etree._Element) -> set[etree._Element]:
    """Tables that hold another table: page layout, read as running text."""
    outer: set[etree._Element] = set()
    stack: list[etree._Element] = []
    for event, el in etree.iterwalk(root, events=("start", "end"), tag="table"):
        if event == "start":
            if stack:
                outer.add(stack[-1])
            stack.append(el)
        else:
            stack.pop()
    return outer


class _Walker:
    """Accumulates the current line and turns element boundaries into line breaks."""

    def __init__(self) -> None:
        self.walk = Walk()
        self.cur: list[str] | None = None
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
        if self.cur is None:
            self.cur = []
        self.cur.append(text)

    def _emit(self, text: str) -> None:
        self.walk.blocks.append(TextLine(text))
        self.cur = None

    def soft_break(self) -> None:
        """End the current line if it has text (a block boundary)."""
        if self.cur is not None:
            line = normalize_line("".join(self.cur))
            if line.strip():
                self._emit(line)
            else:
                self.cur = None

    def hard_break(self) -> None:
        """End the current line even when empty (<br>: two in a row make a blank line)."""
        self._emit(normalize_line("".join(self.cur or [])))

    # -- tree --------------------------------------------------------------------------
    def run(self, root: etree._Element) -> Walk:
        layout_tables = tables_with_nested_tables(root)
        open_blocks: list[tuple[int, bool]] = []  # (first block index, chrome) per open block element
        skipped: etree._Element | None = None
        walker = etree.iterwalk(root, events=("start", "end"))
        add = self.add
        for event, el in walker:
            tag = el.tag
            tag = tag.lower() if tag.__class__ is str else ""  # _tag, inlined: called for every event
            if event == "start":
                if not tag or tag in SKIP_TAGS or _hidden(el):
                    walker.skip_subtree()
                    skipped = el
                    continue
                if tag == "br":
                    self.hard_break()
                    continue
                if tag in BLOCK_TAGS:
                    self.soft_break()
                    open_blocks.append((len(self.walk.blocks), looks_like_chrome(el, tag)))
                    if tag == "pre":
                        self.pre += 1
                    if tag == "table" and el not in layout_tables and self._table(el):
                        walker.skip_subtree()
                        continue
                text = el.text
                if text:
                    add(text)
                continue
            # end event
            if el is skipped:
                skipped = None
            elif tag in BLOCK_TAGS:
                start, chrome = open_blocks.pop()
                if tag in EMPTY_LINE_TAGS and len(self.walk.blocks) == start and not "".join(self.cur or []).strip():
                    self._emit("")
                else:
                    self.soft_break()
                if tag == "pre":
                    self.pre -= 1
                self.walk.spans.append(Span(tag, start, len(self.walk.blocks), len(open_blocks), chrome))
            text = el.tail
            if text:
                add(text)
        self.soft_break()
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
