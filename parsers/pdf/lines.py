"""Characters → visual lines (by baseline) → strings.

Used twice: for running text outside tables, and for the text inside one table cell,
where the lines of a wrapped label are joined back into one string.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .backend import Char
from .params import GEOMETRY


@dataclass
class Line:
    """Characters sharing a baseline, left to right."""

    chars: list[Char] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    def text(self) -> str:
        return join_chars(self.chars)


def group_lines(chars: list[Char]) -> list[Line]:
    """Cluster characters into lines by baseline, lines top to bottom, chars left to right."""
    if not chars:
        return []
    tol_em = GEOMETRY.baseline_tol_em
    ordered = sorted(chars, key=lambda c: (c.oy, c.x0))
    lines: list[tuple[float, float, list[Char]]] = []  # (baseline, size, chars)
    for c in ordered:
        if lines:
            base, size, members = lines[-1]
            if abs(c.oy - base) <= tol_em * max(size, c.size, 1.0):
                members.append(c)
                continue
        lines.append((c.oy, c.size, [c]))
    out = []
    for _, _, members in lines:
        members.sort(key=lambda c: c.x0)
        out.append(Line(members))
    return out


def split_wide_gaps(line: Line) -> list[Line]:
    """Split a line where a gap is wider than ``line_gap_em``: side-by-side text chunks."""
    chars = [c for c in line.chars if c.text != " "]
    if not chars:
        return []
    parts = [Line([chars[0]])]
    for prev, c in zip(chars, chars[1:]):
        if c.x0 - prev.x1 > GEOMETRY.line_gap_em * max(prev.size, c.size, 1.0):
            parts.append(Line([c]))
        else:
            parts[-1].chars.append(c)
    return parts


def join_chars(chars: list[Char]) -> str:
    """Concatenate a line's characters, with spaces where the glyphs stand apart.

    Spaces are read from the glyphs' geometry, so both backends give the same text: they
    disagree on space characters (pdfminer keeps every space glyph the PDF draws; PDFium
    turns many into "generated" spaces elsewhere on the line; a mirrored line lays its
    space on top of a letter) and a little on boxes (PDFium's box of an ``f`` takes in its
    overhang).  A space is written across a gap wider than ``wide_gap_em``; next to an
    ASCII word or number, across one wider than ``word_gap_em``, or across any real gap
    (``space_gap_em``) where the PDF draws a space.  Between two Han characters only a
    wide gap is a space: a space glyph there is justification, not a word break.
    """
    out: list[str] = []
    prev: Char | None = None
    spaced = False
    g = GEOMETRY
    for c in chars:
        if c.text == " ":  # the backends give every kind of space as " "
            spaced = True
            continue
        if prev is not None:
            gap = (c.x0 - prev.x1) / max(prev.size, c.size, 1.0)
            if gap > g.wide_gap_em or ((gap > g.word_gap_em or (spaced and gap > g.space_gap_em))
                                       and (_ascii_word(prev.text) or _ascii_word(c.text))):
                out.append(" ")
        out.append(c.text)
        prev = c
        spaced = False
    return "".join(out)


def join_lines(texts: list[str]) -> str:
    """Join wrapped lines of one cell: no separator, except between two ASCII words."""
    out = ""
    for t in texts:
        if out and t and out[-1].isascii() and out[-1].isalpha() and t[0].isascii() and t[0].isalpha():
            out += " "
        out += t
    return out


def _ascii_word(s: str) -> bool:
    return s.isascii() and (s.isalnum() or s in ".,:;%$()-/'\"")
