"""Cell text → number, as printed: full-width digits, thousands separators, units, signs.

A cell that is present but says nothing ("", "-", "—", "/", "无") reads as 0 and keeps its
text; anything that is not a number returns None so the caller treats it as a label.

Marks are read *before* NFKC, because NFKC turns them into digits ("1①" → "11", "1²" →
"12"): invisible direction marks and other format characters are dropped, and a footnote
mark or a counting unit after a number leaves the number ("1*", "1次", "1①" → 1).  A mark
anywhere else, or any other character NFKC would make a digit of, makes the cell no number
at all — never a different one.  A cell that starts like a number but cannot be read
("1x", "1#2") is :func:`unreadable`: the caller leaves it out and says so, it is never 0.
"""
from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from .memo import text_memo
from .normalize import to_simplified

BLANK_MARKERS = frozenset({"", "-", "--", "—", "——", "―", "－", "/", "／", "\\", "无", "無", "空", "/ ", "×",
                           "N/A", "n/a", "N/a"})

# Words a report prints in a cell whose number it does not know: the cell is there, its
# number is not — left out with a sentence, never read as 0.
UNKNOWN_WORDS = frozenset({"不详", "未统计", "待统计", "暂无数据", "数据不详", "不明", "未知"})

_UNITS = "万元|元|人次|件次|件|项|個|个|条|項|條|次|人|份|篇|期|场|場|户|戶|家|%"
# Format characters (bidi marks U+200E/F, embeddings U+202A–E, isolates U+2066–9, zero-width
# spaces and joiners, BOM, soft hyphen) are invisible and never part of a number.
_INVISIBLE = regex.compile(r"[\p{Cf}]+")
# Footnote marks after a number, as printed before NFKC: asterisks, reference marks, daggers,
# circled/parenthesized/dotted numbers (U+2460–24FF, U+2776–2793, U+3251–325F, U+32B1–32BF),
# superscripts, and a bracketed 注/note.
_TRAILING_MARKS = regex.compile(
    r"(?:\s*(?:[*＊※†‡§]+|[\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]"
    r"|[\u00b9\u00b2\u00b3\u2070-\u207f]+|[（(\[［]\s*注?\s*\d{0,2}\s*[)）\]］]|注\s*\d{0,2}))+$")
# What a cell that starts like a number and is not one looks like (after NFKC): a digit first,
# no Han characters, no spaces, and not a row numbering such as "1." or "2、".
# ... or one word before a plain number ("约1", "近3", "共12"): an estimate, not the count.
_NUMBER_LIKE = regex.compile(r"^[+\-−]?\d{1,12}(?:[.,]\d+)?(?:[^\s\p{Han}\d.,、．)）]{1,3}|[^\s\p{Han}\d]\d{1,3})$"
                             r"|^\p{Han}\d{1,12}(?:\.\d+)?$")
_NUMBERING = regex.compile(r"^\d{1,2}\s*[.．、)）]$")
_NUMBER = regex.compile(
    rf"^(?P<sign>[+\-−﹢﹣]|增加|增|减少|減少|减|減)?\s*"
    rf"(?P<num>\d{{1,3}}(?:[,，]\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?P<unit>{_UNITS})?$"
)
_THOUSANDS_SPACED = regex.compile(r"^[1-9]\d{0,2}(?: \d{3})+$")
_TRAD_UNITS = str.maketrans({"萬": "万", "項": "项", "條": "条", "個": "个", "減": "减"})
_NEGATIVE = frozenset({"-", "−", "﹣", "减少", "減少", "减", "減"})


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    unit: str | None
    is_blank: bool
    unreadable: bool = False  # printed like a number but not readable as one (value is NaN)


UNREADABLE = Number(float("nan"), None, False, True)


def _unmarked(text: str) -> str | None:
    """Invisible characters and trailing footnote marks removed; None for a mark alone."""
    t = _INVISIBLE.sub("", text).strip()
    stripped = _TRAILING_MARKS.sub("", t)
    if stripped != t and not stripped.strip():
        return None  # a mark alone is not a number (nor a blank)
    return stripped


def _has_other_numerals(text: str) -> bool:
    """① ² ⑴ inside the text: NFKC would make digits of them (such a text is no number)."""
    return any(unicodedata.category(c) == "No" for c in text)


@text_memo
def _nfkc(text: str) -> str:
    """NFKC of a text, remembered: :func:`parse_number`, :func:`unreadable`, :func:`qualified`
    and :func:`value_like` each normalize the same cell or line in turn, and NFKC of a line of
    CJK prose costs about 0.25 µs a character (a 400-character paragraph, 100 µs each time)."""
    return unicodedata.normalize("NFKC", text)


@text_memo
def parse_number(text: str) -> Number | None:
    """Read one cell; None when the text is not a number or blank marker.

    The text is read after its marks are removed and NFKC; a text holding a character NFKC
    turns into a digit (a mark that is not at the end) is no number.  That test walks the
    text in Python, so it is asked only of a text that reads as a number: the answer is the
    same, and a line of prose is not walked character by character."""
    unmarked = _unmarked(text)
    if unmarked is None:
        return None
    number = _read(_nfkc(unmarked).strip().replace("\u3000", " ").translate(_TRAD_UNITS))
    return None if number is None or _has_other_numerals(unmarked) else number


def _read(t: str) -> Number | None:
    """The number a cleaned text (marks removed, NFKC) prints, or None."""
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


@text_memo
def unreadable(text: str) -> bool:
    """Printed like a number ("1x", "1#2", "3?"), a word for an unknown number ("不详") or a
    qualified number ("约 1", "10余"), but not readable as the count: never a label, never 0."""
    if parse_number(text) is not None:
        return False
    t = _nfkc(_INVISIBLE.sub("", text)).strip()
    return ((bool(_NUMBER_LIKE.match(t)) and not _NUMBERING.match(t)) or to_simplified(t) in UNKNOWN_WORDS
            or qualified(text))


@dataclass(frozen=True, slots=True)
class _Unreadables:
    before: frozenset[str]
    after: frozenset[str]
    max_length: int
    numerals: frozenset[str]
    latin_letters: int
    symbols: frozenset[str]


@lru_cache(maxsize=1)
def _unreadables() -> _Unreadables:
    """parsers/templates/unreadable.toml: qualifier words and number look-alikes."""
    data = tomllib.loads(resources.files("parsers.templates").joinpath("unreadable.toml").read_text("utf-8"))
    q, look = data["qualifiers"], data["lookalikes"]
    norm = lambda w: to_simplified(unicodedata.normalize("NFKC", w))  # noqa: E731 - compared so
    return _Unreadables(frozenset(map(norm, q["before"])), frozenset(map(norm, q["after"])),
                        int(look["max_length"]), frozenset(look["numerals"]), int(look["latin_letters"]),
                        frozenset(norm(look["symbols"])))


def qualifier_before(word: str) -> bool:
    """A word that, printed right before a number, makes it an estimate or a bound ("约")."""
    return to_simplified(unicodedata.normalize("NFKC", word.strip())) in _unreadables().before


def qualifier_after(word: str) -> bool:
    """A word that, printed right after a number, makes it an estimate or a bound ("左右")."""
    return to_simplified(unicodedata.normalize("NFKC", word.strip())) in _unreadables().after


@text_memo
def qualified(text: str) -> bool:
    """A number with a qualifier word before or after it ("约 1", "近3", "10 余", "5以上"):
    the cell is there, the printed count is not."""
    t = to_simplified(_nfkc(_INVISIBLE.sub("", text)).strip())
    u = _unreadables()
    for w in u.before:
        if t.startswith(w) and parse_number(t[len(w):].strip()) is not None and not parse_number(t[len(w):]).is_blank:
            return True
    for w in u.after:
        if t.endswith(w) and len(t) > len(w):
            head = parse_number(t[:-len(w)].strip())
            if head is not None and not head.is_blank:
                return True
    return False


def readable_number(text: str) -> bool:
    """Text that reads as a number, not as a blank mark ("-" may be decoration): the cell
    text a label never holds (``parsers.label_segments``) and that facts name as printed among a
    line's words where such a cell is left out (``pipeline.facts``)."""
    num = parse_number(text)
    return num is not None and not num.is_blank


@text_memo
def value_like(text: str) -> bool:
    """Text that can only stand for a count nobody can read, where a value cell is expected:
    :func:`unreadable`, or a short run of number look-alikes (a count in words "一" / "壹",
    letters that look like digits "l" / "O", question marks "—?").  Never a label fragment:
    no other Han character, no bracket, no numbering ("3.其他")."""
    if not text.strip() or parse_number(text) is not None:
        return False
    if unreadable(text):
        return True
    t = to_simplified(_nfkc(_INVISIBLE.sub("", text)).strip())
    u = _unreadables()
    if len(t) > u.max_length or any(c.isspace() for c in t) or _NUMBERING.match(t):
        return False
    if all(unicodedata.category(c) == "Pd" for c in t):
        return False  # dashes alone: a blank mark or a Markdown rule ("---"), never a count
    letters = 0
    for c in t:
        if c.isdigit() or c in u.numerals or c in u.symbols or unicodedata.category(c) == "No":
            continue
        if "a" <= c.lower() <= "z":
            letters += 1
            continue
        return False
    return letters <= u.latin_letters
