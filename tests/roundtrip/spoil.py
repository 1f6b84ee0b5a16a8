"""Printed value cells nobody can read, for the round-trip tests (no parser code here).

A retyped, converted or OCRed report may print a count as something that is not a plain
number: a count in words (一, 十二, 壹), letters that look like digits (l, O), question marks
or other marks (—?, #), a qualified number (约 1, 1 左右, 10余) or a word for an unknown
number (不详).  Such a cell is in the document but its count is not: it must come back as
no fact (named in the report's sentence), and it must not move any other value.

The texts are this module's own list, not the parser's data files.
"""
from __future__ import annotations

from .reportgen import Chooser, Report

UNREADABLE_TEXTS = ("壹", "l", "O", "—?", "?", "约 1", "约1", "1 左右", "10余", "1x", "十二", "一", "不详",
                    "#", "叁拾", "近 3", "3以上")


def spoil(ch: Chooser, rep: Report, at_most: int = 3) -> set[tuple[str, str | None]]:
    """Replace 1..``at_most`` value cells' printed text by unreadable texts; returns their keys
    (code, applicant) and records them in ``rep.extra["unreadable"]``."""
    cells = [c for t in rep.tables.values() for row in t.rows for c in row if c.role == "value"]
    keys: set[tuple[str, str | None]] = set()
    for _ in range(ch.int(1, at_most)):
        c = ch.choice(cells)
        c.text = ch.choice(UNREADABLE_TEXTS)
        keys.add((c.code, c.applicant))
    rep.extra["unreadable"] = keys
    return keys


def is_unreadable(text: str) -> bool:
    """A text this module printed for a cell nobody can read."""
    return text in UNREADABLE_TEXTS
