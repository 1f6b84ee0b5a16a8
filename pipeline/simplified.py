"""A document's lines as its names and years are read: NFKC, Traditional script as Simplified.

``extract_meta`` reads the first lines (the title, the statistics period, the opening prose),
``identify`` the first and last lines (where a report names its region).  Both read the same
conversion of the same lines, so each line is converted once per document, when first asked,
and lines neither reads are never converted.
"""
from __future__ import annotations

import unicodedata
from typing import overload

from parsers.normalize import to_simplified


def simplified(line: str) -> str:
    """One line as read for names and years."""
    return to_simplified(unicodedata.normalize("NFKC", line))


class SimplifiedLines:
    """``[simplified(l) for l in lines]``, converted line by line as asked (a read-only sequence)."""

    __slots__ = ("_raw", "_done")

    def __init__(self, lines: list[str]) -> None:
        self._raw = lines
        self._done: list[str | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self._raw)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self._line(k) for k in range(*i.indices(len(self._raw)))]
        if i < 0:
            i += len(self._raw)
        if not 0 <= i < len(self._raw):
            raise IndexError(i)
        return self._line(i)

    def _line(self, k: int) -> str:
        done = self._done[k]
        if done is None:
            done = self._done[k] = simplified(self._raw[k])
        return done
