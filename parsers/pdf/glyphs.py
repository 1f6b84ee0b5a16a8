"""One glyph, several letters: ligatures spelled out the same way whichever backend read them.

PDFium spells the Latin ligatures U+FB00–U+FB06 (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) out itself, as several
characters that all carry the ligature's box; pdfminer keeps the ligature as one character.
Left alone, the two backends disagree, and PDFium's copies sharing one box look like
fake-bold doubles to :func:`.geometry.dedupe` ("oﬃcers" → "oficers").  Here both become
the ligature's letters, each with an equal share of the glyph's box along the writing
direction, so every later step sees the same characters from either backend.
"""
from __future__ import annotations

import unicodedata

from .backend import Char

# the ligatures PDFium expands (its CPDF_TextPage splits exactly this block into pieces)
LIGATURES: dict[str, str] = {chr(cp): unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)}
_SPELLINGS = frozenset(LIGATURES.values())
_FIRST_LETTERS = frozenset(s[0] for s in _SPELLINGS)


def spell_out(chars: list[Char]) -> list[Char]:
    """``chars`` with every ligature as its letters, each on its share of the glyph's box."""
    # cheap scans first: most pages have neither a ligature nor two letters on one box
    if not any(c.text in LIGATURES for c in chars) and not any(
            a.x0 == b.x0 and a.x1 == b.x1 and a.text in _FIRST_LETTERS for a, b in zip(chars, chars[1:])):
        return chars
    out: list[Char] = []
    i, n = 0, len(chars)
    while i < n:
        c = chars[i]
        if c.text in LIGATURES:  # pdfminer: one character for the glyph
            out.extend(_share(c, LIGATURES[c.text]))
            i += 1
            continue
        j = i + 1  # PDFium: consecutive letters on one and the same box
        while j < n and j - i < 3 and _same_glyph(c, chars[j]):
            j += 1
        letters = "".join(ch.text for ch in chars[i:j])
        if j - i > 1 and letters in _SPELLINGS:
            out.extend(_share(c, letters))
            i = j
            continue
        out.append(c)
        i += 1
    return out


def _same_glyph(a: Char, b: Char) -> bool:
    return (a.x0, a.x1, a.top, a.bottom, a.ox, a.oy) == (b.x0, b.x1, b.top, b.bottom, b.ox, b.oy)


def _share(c: Char, letters: str) -> list[Char]:
    """The letters of one glyph side by side in its box, in writing order."""
    n = len(letters)
    horizontal = abs(c.dx) >= abs(c.dy)
    forward = (c.dx if horizontal else c.dy) >= 0
    out = []
    for k, letter in enumerate(letters):
        part = k if forward else n - 1 - k
        if horizontal:
            w = (c.x1 - c.x0) / n
            x0 = c.x0 + part * w
            ox = c.ox + (k * w if forward else -k * w)
            out.append(c._replace(text=letter, x0=x0, x1=x0 + w, ox=ox))
        else:
            h = (c.bottom - c.top) / n
            top = c.top + part * h
            oy = c.oy + (k * h if forward else -k * h)
            out.append(c._replace(text=letter, top=top, bottom=top + h, oy=oy))
    return out
