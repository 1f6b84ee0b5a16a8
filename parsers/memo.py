"""Memoization of pure functions of one cell's or line's text.

The same texts recur in every report ("0", "总计", "（一）予以公开", each template label), so
reading each once per worker saves most of the time spent cutting, matching and reading
numbers.  Short texts are remembered across documents.  A long text (a line of prose) does
not recur in other reports, but one document asks about the same line several times
(cut into cells, then is it a number, unreadable, qualified, a number look-alike): long
texts are remembered only until the next document starts (:func:`forget_long_texts`), so
no document's lines stay alive after it and no report is read faster for being a copy.
"""
from __future__ import annotations

from functools import lru_cache, wraps
from typing import Any, Callable, TypeVar

R = TypeVar("R")

MEMO_ENTRIES = 1 << 16  # short texts per function; a worker's vocabulary of cell texts fits many times
MEMO_TEXT_MAX = 200  # characters: longer than any table cell a report repeats
LONG_ENTRIES = 64  # long texts per function within one document (the memo is emptied when full)

_long_memos: list[dict[tuple[Any, ...], Any]] = []


def text_memo(fn: Callable[..., R]) -> Callable[..., R]:
    """``fn(text, *args)`` remembered (see the module docstring).

    Only for pure functions whose result is immutable: it is shared by every caller."""
    cached = lru_cache(maxsize=MEMO_ENTRIES)(fn)
    long: dict[tuple[Any, ...], Any] = {}
    _long_memos.append(long)

    @wraps(fn)
    def call(text: str, *args: Any) -> R:
        if len(text) <= MEMO_TEXT_MAX:
            return cached(text, *args)
        key = (text, *args)
        hit = long.get(key, long)
        if hit is not long:
            return hit
        if len(long) >= LONG_ENTRIES:
            long.clear()
        value = long[key] = fn(text, *args)
        return value

    call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    call.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return call


def forget_long_texts() -> None:
    """A new document starts: the long texts of the last one are not asked about again."""
    for memo in _long_memos:
        memo.clear()
