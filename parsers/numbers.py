"""Cell text → number, as printed: full-width digits, thousands separators, units, signs.

A cell that is present but says nothing ("", "-", "—", "/", "无") reads as 0 and keeps its
text; anything that is not a number returns None so the caller treats it as a label.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

BLANK_MARKERS = frozenset({"", "-", "--", "—", "——", "―", "－", "/", "／", "\\", "无", "無", "空", "/ ", "×"})

_UNITS = "万元|元|件|项|個|个|条|項|條|%"
_NUMBER = regex.compile(
    rf"^(?P<sign>[+\-−﹢﹣]|增加|增|减少|減少|减|減)?\s*"
    rf"(?P<num>\d{{1,3}}(?:[,，]\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>{_UNITS})?$"
)
_THOUSANDS_SPACED = regex.compile(r"^[1-9]\d{0,2}(?: \d{3})+$")
_NEGATIVE = frozenset({"-", "−", "﹣", "减少", "減少", "减", "減"})


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    unit: str | None
    is_blank: bool


def parse_number(text: str) -> Number | None:
    """Read one cell; None when the text is not a number or blank marker."""
    t = unicodedata.normalize("NFKC", text).strip().replace("\u3000", " ")
    if t in BLANK_MARKERS:
        return Number(0.0, None, True)
    if _THOUSANDS_SPACED.match(t):
        return Number(float(t.replace(" ", "")), None, False)
    m = _NUMBER.match(t)
    if not m:
        return None
    value = float(m["num"].replace(",", "").replace("，", ""))
    if m["sign"] in _NEGATIVE:
        value = -value
    return Number(value, m["unit"], False)


def split_trailing_numbers(text: str) -> tuple[str, list[str]] | None:
    """Split "规章 0 0 0" into ("规章", ["0", "0", "0"]); None when the text has no such tail."""
    parts = text.split()
    if len(parts) < 2:
        return None
    i = len(parts)
    while i > 0 and parse_number(parts[i - 1]) is not None:
        i -= 1
    if i == len(parts):
        return None
    return " ".join(parts[:i]), parts[i:]
