"""Which lines of a text are page footers ("— 2 —", "第 2 页", "2 / 5"), never table cells.

A footer printed in words ("第 2 页", "page 2") is one wherever it stands.  A footer printed
as numbers and blank marks alone ("— 2 —", "- 2 -", "2 / 5") reads just as well as a row's
cells printed on a line of their own — blank, 2, blank; 8, blank ("/"), 5 — as PDFium prints
the numbers below a wrapped row label.  Dropping such a line as a footer leaves its row with
nothing printed, and a row with nothing printed reads as blank: zeros where numbers are
printed.  So a footer of that shape is one only where the document shows it is one:

* it numbers the pages: the same shape is printed with the previous number before it or the
  next one after it, and its own number only once in that shape ("n / total" with n past the
  total is no page at all);
* or it stands at a page break: the next line repeats a line of text printed before it (the
  table's header printed again at the top of the next page — an excerpt holding one page
  break has one footer).

Otherwise the line is read as cells (the alignment's sums and row rules weigh it).

The first proof is ``parsers.page_numbering``'s, told by the order of the lines (the token
reader sees every format's lines alike, pages or not); bare page numbers at a page's edge,
where form feeds mark the pages, are the text reader's (``parsers.text.strip_page_numbers``),
by the same proof told by the pages.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import regex

from .base import TextLine
from .numbers import parse_number
from .page_numbering import numbered_in_order

PAGE_FOOTER = regex.compile(
    r"^\s*(?:[-—–－~]+\s*\d{1,4}\s*[-—–－~]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$", regex.I)
_NUMBER = regex.compile(r"\d+")
_HAN = regex.compile(r"\p{Han}")
_SLASH = regex.compile(r"^\s*(\d{1,4})\s*/\s*(\d{1,4})\s*$")


def footer_lines(lines: Iterable[tuple[int, TextLine]]) -> frozenset[int]:
    """The indices of the lines that are page footers (see the module's note)."""
    texts = [(i, line.text.strip()) for i, line in lines]
    sure: set[int] = set()
    shaped: dict[str, list[tuple[int, int]]] = defaultdict(list)  # shape -> (line, number), in order
    place: dict[int, int] = {}  # line -> its place in ``texts``, for the page-break test
    for k, (i, text) in enumerate(texts):
        if not PAGE_FOOTER.match(text):
            continue
        if not _reads_as_cells(text):
            sure.add(i)
            continue
        shape, number = _shape(text)
        if shape is not None:
            shaped[shape].append((i, number))
            place[i] = k
    unproven: list[int] = []
    for found in shaped.values():
        numbered = numbered_in_order(found)
        sure.update(numbered)
        unproven.extend(i for i, _ in found if i not in numbered)
    if unproven:
        at_break = _before_a_repeated_line(texts)
        sure.update(i for i in unproven if at_break[place[i]])
    return frozenset(sure)


def _before_a_repeated_line(texts: list[tuple[int, str]]) -> list[bool]:
    """For each line: the next line printed after it is text (Han) that repeats a line printed
    before it — a table's header printed again at the top of the next page, so the line is
    the foot of a page.  One pass each way."""
    first_at: dict[str, int] = {}
    for k, (_, text) in enumerate(texts):
        first_at.setdefault(text, k)
    out = [False] * len(texts)
    nxt: str | None = None  # the next non-empty line after k
    for k in range(len(texts) - 1, -1, -1):
        out[k] = nxt is not None and first_at[nxt] < k and _HAN.search(nxt) is not None
        if texts[k][1]:
            nxt = texts[k][1]
    return out


def _reads_as_cells(text: str) -> bool:
    """Every space-separated piece reads as a number or a blank mark: a row's cells."""
    parts = text.split()
    if len(parts) < 2:
        return False
    for part in parts:
        number = parse_number(part)
        if number is None or number.unreadable:
            return False
    return True


def _shape(text: str) -> tuple[str | None, int]:
    """The footer's shape (its text with the page number taken out, spaces dropped) and the
    page number; a "n / total" footer keeps its total in the shape, and n past it is no page."""
    slash = _SLASH.match(text)
    if slash:
        n, total = int(slash[1]), int(slash[2])
        return (f"#/{total}" if 1 <= n <= total else None), n
    m = _NUMBER.search(text)
    assert m is not None  # PAGE_FOOTER holds a number
    return "".join((text[:m.start()] + "#" + text[m.end():]).split()), int(m[0])

