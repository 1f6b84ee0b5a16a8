"""Label normalization: make two printings of the same label compare equal.

Reports differ in width (（一） vs (一)), script (規章 vs 规章), inserted pinyin
(規(guī)章), spaces and line breaks inside labels, and numbering punctuation (1、 1． 1.).
"""
from __future__ import annotations

import unicodedata
from typing import Callable

import opencc
import regex

from .memo import WIDE_ENTRIES, text_memo

_T2S = opencc.OpenCC("t2s")

_PINYIN = regex.compile(r"\((?:[a-zA-Züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]{1,7}\s*)+\)")
_SPACE = regex.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_NUM_PUNCT = regex.compile(r"^(\d{1,2})[、.,，．:：]")
_CN_NUM_PUNCT = regex.compile(r"^([一二三四五六七八九十]{1,3})[.,，．:：]")
_NUMBERING = regex.compile(r"^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}\.|[①②③④⑤⑥⑦⑧⑨⑩])+")
_QUOTE_MAP = {"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "〔": "(", "〕": ")",
              "【": "(", "】": ")", "[": "(", "]": ")", "﹙": "(", "﹚": ")", "—": "-", "－": "-", "–": "-"}


def char_replacer(mapping: dict[str, str]) -> Callable[[str], str]:
    """``text.translate(str.maketrans(mapping))`` for one-character keys and values, as one
    ``str.replace`` per key the text holds: ``translate`` looks every character of a CJK text
    up in a dict (measured 15.9 µs for a 76-character label, the replaces 0.5 µs).  The same
    result only because no value is a key (a later replace never changes an earlier one's
    output): checked here."""
    pairs = tuple(mapping.items())
    if any(len(a) != 1 or len(b) != 1 for a, b in pairs) or set(mapping) & set(mapping.values()):
        raise ValueError("char_replacer needs one-character keys and values, none of them a key")

    def replace_chars(text: str) -> str:
        for old, new in pairs:
            if old in text:
                text = text.replace(old, new)
        return text
    return replace_chars


_QUOTE_CHARS = char_replacer(_QUOTE_MAP)
# Taiwan-style term substitutions seen on mirror sites (文件 → 檔案 …), undone after T2S.
_TERM_FIXES = (("档案", "文件"), ("资讯", "信息"))


@text_memo
def to_simplified(text: str) -> str:
    return _T2S.convert(text)


@text_memo(entries=WIDE_ENTRIES)
def normalize_label(text: str) -> str:
    """Canonical comparison form of a label (not for display)."""
    t = unicodedata.normalize("NFKC", text)
    if "(" in t:  # every pinyin insertion is parenthesized
        t = _PINYIN.sub("", t)
    t = _SPACE.sub("", t)
    t = _QUOTE_CHARS(t)
    t = _T2S.convert(t)
    for old, new in _TERM_FIXES:
        t = t.replace(old, new)
    t = t.strip("|:：;；,，。")
    t = _NUM_PUNCT.sub(_with_dot, t)  # functions, not templates: regex parses a template per call
    t = _CN_NUM_PUNCT.sub(_with_comma, t)
    return t


def _with_dot(m: "regex.Match[str]") -> str:
    return m.group(1) + "."


def _with_comma(m: "regex.Match[str]") -> str:
    return m.group(1) + "、"


def strip_numbering(norm: str) -> str:
    """Drop leading 一、/（一）/1. numbering from a normalized label."""
    return _NUMBERING.sub("", norm)


_HAN_RUN = regex.compile(r"\p{Han}+")


def han_count(text: str) -> int:
    """Han characters in ``text``: the lengths of its maximal Han runs summed — the same count
    as one match per character, but a paragraph of prose is one match, not one per character
    (``regex``'s per-match cost made that about a microsecond a character; ``labels`` asks it
    of every unmatched text, prose included)."""
    return sum(map(len, _HAN_RUN.findall(text)))


_NUMBER_VALUE = regex.compile(r"[一二三四五六七八九十]+|\d+|[①②③④⑤⑥⑦⑧⑨⑩]")


def numbering_of(norm: str) -> str:
    """The number of a label's (last) numbering prefix: "(三)"/"三、" → "三", "2." → "2", "" if none."""
    prefix = norm[: len(norm) - len(strip_numbering(norm))]
    found = _NUMBER_VALUE.findall(prefix)
    return found[-1] if found else ""
