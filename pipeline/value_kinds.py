"""What a cell printed: a number, nothing, a dash, a slash, 无, or other text.

Every one of these but text reads as a count (0 for the marks); the kind keeps them apart
so that "not applicable" (/) and "zero" (0) are not the same fact.  Marks: ``value_kinds.toml``.
"""
from __future__ import annotations

import tomllib
import unicodedata
from functools import lru_cache

from parsers.memo import text_memo
from parsers.numbers import parse_number
from parsers.templates import _read

# Not a printed text's kind: the placements the document left open agree on the cell's value
# but put different texts in it (a blank under one, "-" or "0" under another), so which text
# stood there is not known; facts then have no raw_value (parsers.aligned_rows.PlacedCell.mixed).
MIXED = "mixed"
KINDS = ("number", "blank", "dash", "slash", "none_word", "text", MIXED)


@lru_cache(maxsize=1)
def _marks() -> dict[str, str]:
    cfg = tomllib.loads(_read("value_kinds.toml"))
    return {mark: kind for kind in ("blank", "dash", "slash", "none_word") for mark in cfg[kind]}


def value_kind(raw: str | None) -> str:
    """The kind of the cell text as printed (``None`` and whitespace are blank)."""
    return _kind_of(raw or "")


@text_memo
def _kind_of(raw: str) -> str:
    t = unicodedata.normalize("NFKC", raw).replace("\u3000", " ").strip()
    kind = _marks().get(t) or _marks().get(t.replace(" ", ""))
    if kind:
        return kind
    n = parse_number(t)
    return "number" if n is not None and not n.is_blank else "text"
