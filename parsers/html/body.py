"""Find the report among the site chrome, and keep the page title.

Works on the ranges recorded by ``html_walk``: chrome and metadata boxes are blanked out,
then the body is the smallest element that still holds (nearly) all report cues.  Pages
without report cues (news, error pages) keep all their non-chrome text so the analysis can
say plainly that they are not reports.
"""
from __future__ import annotations

import re
from itertools import accumulate

from lxml import etree

from ..base import Block, TableBlock, TextLine
from .cues import (CHROME_MAX_CUES, META_KEYS, META_MAX_CHARS, MIN_REPORT_CUES, NOT_TITLE,
                        REPORT_CUES, TITLE_META_NAMES, TITLE_SEPARATORS, TITLE_WORD)
from .walk import Walk, title_candidates
from ..memo import text_memo
from ..textnorm import normalize_line

_WS = re.compile(r"\s+")
_META_IN_TEXT = re.compile("(?:" + "|".join(map(re.escape, META_KEYS)) + r")\s*[:：]")
_META_CELLS = frozenset(META_KEYS)
_SECTION_ONE = re.compile(r"^[一1][、.．]")
_TITLE_HEAD_LINES = 12
_MAX_TITLE_CHARS = 150


def _block_texts(block: Block) -> list[str]:
    if isinstance(block, TextLine):
        return [block.text]
    return [cell.text for row in block.rows for cell in row]


def _stats(block: Block) -> tuple[int, int, int]:
    """(characters, report cues, metadata fields) of one block."""
    if isinstance(block, TextLine):
        return _line_stats(block.text)
    texts = _block_texts(block)
    flat = _WS.sub("", "".join(texts))
    cues = sum(map(flat.count, REPORT_CUES))
    if isinstance(block, TableBlock):
        meta = len({_meta_cell(t) for t in set(texts)} & _META_CELLS)  # each distinct text once ("0"…)
    else:
        meta = len(set(_META_IN_TEXT.findall(texts[0])))
    return len(flat), cues, meta


@text_memo
def _meta_cell(text: str) -> str:
    """A cell's text as a metadata field name would print it (cell texts recur in every report)."""
    return _WS.sub("", text).rstrip(":：")


@text_memo
def _line_stats(text: str) -> tuple[int, int, int]:
    """:func:`_stats` of a text line (headings and short lines recur in every report)."""
    flat = _WS.sub("", text)
    return len(flat), sum(map(flat.count, REPORT_CUES)), len(set(_META_IN_TEXT.findall(text)))


class _Ranges:
    """Prefix sums of a per-block quantity: the total over any block range in O(1)."""

    def __init__(self, values: list[int]) -> None:
        self.prefix = [0, *accumulate(values)]

    def __call__(self, start: int, end: int) -> int:
        return self.prefix[end] - self.prefix[start]


def _excluded(walk: Walk, chars: _Ranges, cues: _Ranges, meta: _Ranges) -> list[bool]:
    """Blocks inside chrome (nav, footer, share bars…) or a metadata box (索引号…)."""
    n = len(walk.blocks)
    total_chars = chars(0, n)
    diff = [0] * (n + 1)
    at_chars, at_cues, at_meta = chars.prefix, cues.prefix, meta.prefix  # the ranges, read inline
    for tag, s, e, _, looks_chrome in walk.spans:
        if e <= s or tag in ("html", "body"):
            continue
        n_cues = at_cues[e] - at_cues[s]
        if n_cues and n_cues >= CHROME_MAX_CUES:
            continue  # neither chrome nor a metadata box
        n_chars = at_chars[e] - at_chars[s]
        chrome = looks_chrome and n_cues < CHROME_MAX_CUES and n_chars * 2 <= total_chars
        metadata = n_cues == 0 and at_meta[e] - at_meta[s] >= 2 and n_chars <= META_MAX_CHARS
        if chrome or metadata:
            diff[s] += 1
            diff[e] -= 1
    return [depth > 0 for depth in accumulate(diff[:n])]


def select_body(walk: Walk) -> list[Block]:
    """The blocks of the article: chrome dropped, narrowed to the report's container."""
    stats = [_stats(b) for b in walk.blocks]
    chars = _Ranges([s[0] for s in stats])
    cues = _Ranges([s[1] for s in stats])
    meta = _Ranges([s[2] for s in stats])
    out = _excluded(walk, chars, cues, meta)
    kept_chars = _Ranges([0 if x else s[0] for s, x in zip(stats, out)])
    kept_cues = _Ranges([0 if x else s[1] for s, x in zip(stats, out)])
    n = len(walk.blocks)
    start, end = 0, n
    total = kept_cues(0, n)
    if total >= MIN_REPORT_CUES:
        need = total - max(1, total // 20)
        best: tuple[int, int, int, int] | None = None  # (chars, -depth, start, end)
        at_cues = kept_cues.prefix
        for _, s, e, depth, _ in walk.spans:
            if e > s and at_cues[e] - at_cues[s] >= need:
                key = (kept_chars(s, e), -depth, s, e)
                if best is None or key < best:
                    best = key
        if best is not None:
            start, end = best[2], best[3]
    return [walk.blocks[i] for i in range(start, end) if not out[i]]


# -- title ---------------------------------------------------------------------------------

def _text_of(el: etree._Element) -> str:
    return normalize_line("".join(el.itertext()))[:_MAX_TITLE_CHARS * 2]


def _title_parts(title: str) -> list[str]:
    return [p.strip() for p in TITLE_SEPARATORS.split(title) if p and p.strip()]


def find_title(root: etree._Element, titled: list[etree._Element] | None = None) -> str | None:
    """The report title: meta ArticleTitle, a heading naming a 报告, <title>, then any <h1>.

    ``titled``: ``walk.title_candidates(root)``, where the walk has noted them already."""
    metas: list[str] = []
    headings: list[str] = []
    h1s: list[str] = []
    page_title = ""
    for el in root.iter("meta", "title"):  # iter's names match the (lower-case) tags exactly
        if el.tag == "meta":
            name = (el.get("name") or el.get("property") or "").lower()
            content = normalize_line(el.get("content") or "")
            if name in TITLE_META_NAMES and content:
                metas.append(content)
        else:
            page_title = page_title or _text_of(el)
    for el in title_candidates(root) if titled is None else titled:
        if len(headings) + len(h1s) > 50:
            break
        text = _text_of(el)
        if TITLE_WORD in text and 4 <= len(text) <= _MAX_TITLE_CHARS and not NOT_TITLE.search(text):
            headings.append(text)
        if el.tag == "h1" and 2 <= len(text) <= _MAX_TITLE_CHARS:
            h1s.append(text)
    titled = [p for p in _title_parts(page_title) if TITLE_WORD in p]
    candidates = ([m for m in metas if TITLE_WORD in m] + headings
                  + sorted(titled, key=len, reverse=True) + h1s + metas + _title_parts(page_title)[:1])
    return candidates[0] if candidates else None


def _squash(text: str) -> str:
    return _WS.sub("", text).replace("\u3000", "")


def with_title(blocks: list[Block], title: str | None) -> list[Block]:
    """Prepend the title unless the body already prints it (possibly over several lines)."""
    if not title:
        return blocks
    head: list[str] = []
    for block in blocks:
        if not isinstance(block, TextLine):
            break
        if not block.text.strip():
            continue
        if _SECTION_ONE.match(block.text.strip()) or len(head) >= _TITLE_HEAD_LINES:
            break
        head.append(block.text)
    if _squash(title) in _squash("".join(head)):
        return blocks
    return [TextLine(title), *blocks]
