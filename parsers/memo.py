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

import inspect
from functools import lru_cache, wraps
from typing import Any, Callable, TypeVar

R = TypeVar("R")

MEMO_ENTRIES = 1 << 13  # short texts per function (least recently used go): labels and common cells stay
# A worker's memos stay bounded (measured: ~200 bytes an entry, so at most a few MB per function);
# the label normalizations, memoized before this module, keep their earlier 65,536.
WIDE_ENTRIES = 1 << 16
MEMO_TEXT_MAX = 200  # characters: longer than any table cell a report repeats
LONG_ENTRIES = 64  # long texts per function within one document (the memo is emptied when full)

_long_memos: list[dict[tuple[Any, ...], Any]] = []
_short_memos: list[Callable[[], None]] = []  # cache_clear of every memo kept across documents


def text_memo(fn: Callable[..., R] | None = None, *, entries: int = MEMO_ENTRIES) -> Any:
    """``fn(text, *args)`` remembered (see the module docstring); ``@text_memo`` or
    ``@text_memo(entries=N)`` for another bound on the short texts kept.

    Only for pure functions whose result is immutable: it is shared by every caller."""
    if fn is None:
        return lambda f: _memoized(f, entries)
    return _memoized(fn, entries)


def _memoized(fn: Callable[..., R], entries: int) -> Callable[..., R]:
    cached = lru_cache(maxsize=entries)(fn)
    long: dict[tuple[Any, ...], Any] = {}
    _long_memos.append(long)
    _short_memos.append(cached.cache_clear)

    def call_long(key: tuple[Any, ...]) -> R:
        hit = long.get(key, long)
        if hit is not long:
            return hit
        if len(long) >= LONG_ENTRIES:
            long.clear()
        value = long[key] = fn(*key)
        return value

    if len(inspect.signature(fn).parameters) == 1:  # most: the text alone (no *args to pack)
        @wraps(fn)
        def call(text: str) -> R:
            return cached(text) if len(text) <= MEMO_TEXT_MAX else call_long((text,))
    else:
        @wraps(fn)
        def call(text: str, *args: Any) -> R:
            return cached(text, *args) if len(text) <= MEMO_TEXT_MAX else call_long((text, *args))

    call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    call.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return call


def forget_long_texts() -> None:
    """A new document starts: the long texts of the last one are not asked about again."""
    for memo in _long_memos:
        memo.clear()


def remember(memo: dict[Any, Any]) -> dict[Any, Any]:
    """Register a memo kept elsewhere (a vocabulary's label matches), for :func:`forget_all`."""
    _short_memos.append(memo.clear)
    return memo


def forget_all() -> None:
    """Every memo emptied, as in a fresh worker (``bench_scale.py`` measures documents read so,
    none of whose texts was seen before; tests may use it too)."""
    forget_long_texts()
    for clear in _short_memos:
        clear()
