"""Counts stated in the prose (收到申请 N 件, 行政复议 N 件 …) against the table's cells.

Recorded as ``checks`` rows ``prose.<name>``: expected = what the prose states, actual =
the table's cells (summed where the prose states a sum); never a correction.  Patterns are
data (``prose.toml``).  Text is read Simplified, full-width digits as ASCII.
"""
from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import regex

from parsers.normalize import to_simplified


@dataclass(frozen=True)
class _ProseCheck:
    name: str
    cells: tuple[tuple[str, str | None], ...]
    patterns: tuple["regex.Pattern[str]", ...]


@lru_cache(maxsize=1)
def _checks() -> tuple[_ProseCheck, ...]:
    cfg = tomllib.loads(files(__package__).joinpath("prose.toml").read_text(encoding="utf-8"))
    return tuple(_ProseCheck(c["name"], tuple((code, at or None) for code, at in c["cells"]),
                             tuple(regex.compile(p) for p in c["patterns"])) for c in cfg["check"])


def _first(text: str, patterns: tuple["regex.Pattern[str]", ...]) -> "regex.Match[str] | None":
    hits = [m for p in patterns for m in [p.search(text)] if m]
    return min(hits, key=lambda m: m.start()) if hits else None


def prose_checks(sections: list[dict[str, Any]], cells: dict[tuple[str, str | None], float]) -> list[dict[str, Any]]:
    """One check row per statement kind found in the prose whose table cells are all present."""
    text = to_simplified(unicodedata.normalize("NFKC", "\n".join(s.get("text") or "" for s in sections)))
    text = "".join(text.split())  # line breaks and spaces inside "收到 17 件"
    out = []
    for check in _checks():
        if not all(c in cells for c in check.cells):
            continue
        m = _first(text, check.patterns)
        if m is None:
            continue
        stated = float(int(m["n"]))
        actual = float(sum(cells[c] for c in check.cells))
        out.append({"check": f"prose.{check.name}", "scope": m.group(0)[:40], "expected": stated,
                    "actual": actual, "passed": abs(stated - actual) < 1e-6})
    return sorted(out, key=lambda c: (c["check"], c["scope"]))
