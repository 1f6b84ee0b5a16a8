"""Locate the six report sections (一 总体情况 … 六 其他需要报告的事项).

Headings are found by their words (renumbered, unnumbered, run into text, or with extra
words such as …的申请情况) and must appear in increasing order; sub-headings such as
（一）主动公开 inside 总体情况 are parenthesized and never taken for a section.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

import regex

from .base import Document, TextLine
from .memo import text_memo
from .normalize import normalize_label
from .templates import _read

_NUMERAL = regex.compile(r"^(?:[一二三四五六七八九十]{1,2})\s*[、.．,，:：]?\s*|^第[一二三四五六七八九十]{1,2}(?:部分|章|节)[、.．,，:：]?\s*"
                         r"|^[1-9]\s*[、.．]\s*"  # "1、总体情况" / "2.主动公开…": arabic outlines
                         r"|^表\s*[一二三四五六七八九十1-9]{1,2}\s*[、.．,，:：]?\s*")  # a table caption "表三 收到和处理…"
_PAREN = regex.compile(r"^[(（]")
_BARE_MAX = 26  # an unnumbered heading is a short line of its own
_RUN_IN_MAX = 40  # a numbered heading whose line goes on into the text


@dataclass(frozen=True, slots=True)
class Heading:
    line: int  # index into the document's text lines
    number: int
    text: str  # heading as printed


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[int, "regex.Pattern[str]", bool]]:
    data = tomllib.loads(_read("sections.toml"))
    return [(s["number"], regex.compile(s["pattern"]), s["bare"]) for s in data["section"]]


@lru_cache(maxsize=1)
def _decoration() -> "regex.Pattern[str]":
    return regex.compile(tomllib.loads(_read("sections.toml"))["decoration"])


def undecorated(text: str) -> str:
    """A line without the Markdown heading marks or bold a converter put around it."""
    out = text.strip().strip("|").strip()
    while True:  # "## **三、…**": each mark comes off in turn
        stripped = _decoration().sub("", out).strip()
        if stripped == out:
            return out
        out = stripped


@text_memo
def classify_heading(text: str) -> tuple[int, str] | None:
    """(section number, heading text) when a line is a section heading."""
    raw = undecorated(text)
    if not raw or _PAREN.match(raw) or len(raw) > 400:
        return None
    norm = normalize_label(raw)
    m = _NUMERAL.match(norm)
    numbered = bool(m and m.group(0))
    body = norm[m.end():] if numbered else norm
    for number, pattern, bare in _patterns():
        hit = pattern.match(body)
        if not hit:
            continue
        if numbered and m.group(0)[0].isdigit():
            # arabic outlines ("1、总体情况") also number list items in prose: only a short line
            # that is the heading and nothing else counts
            if len(norm) <= _BARE_MAX + 3:
                return number, raw
            continue
        if numbered:
            # "一、本年新收…" is a table row, not a heading: the pattern matched, so it is safe.
            head = _heading_span(raw, hit.end() + (m.end() if m else 0))
            return number, head
        if bare and len(norm) <= _BARE_MAX and hit.end() >= len(body) - 4:
            return number, raw
    return None


def _heading_span(raw: str, norm_len: int) -> str:
    """The printed heading: the whole line if short, else up to the first sentence break."""
    if len(raw) <= _RUN_IN_MAX:
        return raw
    cut = regex.search(r"[。：:；;]|(?<=情况)|(?<=事项)", raw[: _RUN_IN_MAX + 10])
    return raw[: cut.end()] if cut else raw[: max(norm_len, 8)]


def locate_sections(doc: Document) -> list[Heading]:
    """Headings in document order with strictly increasing section numbers.

    A table of contents (three or more headings on consecutive lines, repeated later in the
    body) is skipped so the body's headings are the ones kept.
    """
    lines = [b for b in doc.blocks if isinstance(b, TextLine)]
    candidates: list[tuple[int, int, Heading]] = []  # (position among non-blank lines, …)
    pos = 0
    for i, line in enumerate(lines):
        if not line.text.strip():
            continue
        hit = classify_heading(line.text)
        if hit:
            candidates.append((pos, i, Heading(i, hit[0], hit[1])))
        pos += 1
    candidates = _without_contents_list([(p, h) for p, _, h in candidates])
    found: list[Heading] = []
    last = 0
    for h in candidates:
        if h.number > last:
            found.append(h)
            last = h.number
    return found


_TOC_MIN = 3
_TOC_GAP = 2  # non-blank lines between two entries of a contents list


def _without_contents_list(cands: list[tuple[int, Heading]]) -> list[Heading]:
    out: list[Heading] = []
    k = 0
    while k < len(cands):
        j = k
        while (j + 1 < len(cands) and cands[j + 1][0] - cands[j][0] <= _TOC_GAP
               and cands[j + 1][1].number > cands[j][1].number):
            j += 1
        run = cands[k:j + 1]
        later = {h.number for _, h in cands[j + 1:]}
        if len(run) >= _TOC_MIN and sum(1 for _, h in run if h.number in later) >= _TOC_MIN:
            k = j + 1  # a contents list: its entries come again below
            continue
        out.extend(h for _, h in run)
        k = j + 1
    return out
