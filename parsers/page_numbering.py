"""Whether a document numbers its pages so: the one proof behind dropping a page number.

A page number printed as a number alone ("3" at a page's edge) or with blank marks alone
("— 3 —", "3 / 5") reads just as well as a row's cells: PDFium prints a row's numbers one per
line, or below a wrapped label.  Dropping a row's numbers as a page number reads the row as
blank — zeros where numbers are printed — so such a line is a page number only where the
document shows that it numbers its pages that way: another page prints its own number in the
same shape, at the same place.  Which number is "its own" is told by what is known of the pages:

* where each candidate's page is known (form feeds: ``parsers.text.strip_page_numbers``), by
  the pages: two candidates agree when their numbers lie as far apart as their pages (the same
  page minus number), wherever the two pages stand;
* where only the order of the lines is known (``parsers.page_footers``, which reads every
  format's lines alike, so that a report reads the same as HTML or DOCX, which have no pages,
  as from a PDF), by the order: the previous number printed before it or the next one after
  it, each number printed once in that shape (a number printed twice numbers no one page).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Sequence


def numbered_by_page(found: Sequence[tuple[int, int, int]]) -> set[int]:
    """Of one shape's candidates, ``(id, printed number, page)``, those another candidate on
    another page agrees with (see the module's note)."""
    pages_at: dict[int, set[int]] = defaultdict(set)  # page - number -> the pages printing it so
    for _, number, page in found:
        pages_at[page - number].add(page)
    return {i for i, number, page in found if pages_at[page - number] - {page}}


def numbered_in_order(found: Sequence[tuple[int, int]]) -> set[int]:
    """Of one shape's candidates, ``(id, printed number)`` in reading order, those printed once
    with the previous number once before them or the next one once after them."""
    once = {n for n, k in Counter(n for _, n in found).items() if k == 1}
    where = {n: k for k, (_, n) in enumerate(found) if n in once}
    return {i for k, (i, n) in enumerate(found)
            if n in once and (where.get(n - 1, k) < k or where.get(n + 1, k) > k)}
