"""Agency function, coarse type and level from how the name ends (lexicon: ``kinds.toml``).

The rules are data so that a new suffix is an edit of the TOML, not of code.  Order: the
branch rule (…局鹿城分局 → the parent bureau's function, region from the branch), the
longest matching suffix, keyword bags for free word order, a bare region name.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import regex

from parsers.memo import text_memo


@dataclass(frozen=True)
class Kind:
    function: str  # fine code, e.g. education, township, gov_office; "unknown" when no rule fits
    type: str  # government | department | township | other (SCHEMA.md)
    branch: str | None = None  # the region word of a …分局 (鹿城), resolved by the caller


@dataclass(frozen=True)
class _Lexicon:
    branch: "regex.Pattern[str]"
    suffixes: tuple[tuple[str, "regex.Pattern[str]"], ...]
    bags: tuple[tuple[str, tuple[str, ...]], ...]
    types: dict[str, str]
    township_functions: frozenset[str]
    central: tuple["regex.Pattern[str]", ...]
    aliases: tuple[tuple["regex.Pattern[str]", str], ...]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    cfg = tomllib.loads(files(__package__).joinpath("kinds.toml").read_text(encoding="utf-8"))
    return _Lexicon(
        branch=regex.compile(cfg["branch"]),
        suffixes=tuple((s["function"], regex.compile(p)) for s in cfg["suffix"] for p in s["patterns"]),
        bags=tuple((b["function"], tuple(b["words"])) for b in cfg.get("bag", [])),
        types=dict(cfg["types"]),
        township_functions=frozenset(cfg["township_functions"]),
        central=tuple(regex.compile(p) for p in cfg["central"]),
        aliases=tuple((regex.compile(a), b) for a, b in cfg["aliases"]),
    )


def _type_of(function: str) -> str:
    types = lexicon().types
    return types.get(function, types["default"])


@text_memo
def suffix_function(core: str) -> str | None:
    """The function of the longest suffix rule that matches ``core`` (None if none does).

    Remembered per name (``parsers.memo``): the same cores (教育局, 人民政府, 财政局) end the
    names of thousands of agencies, and each asks about a hundred suffix patterns."""
    best: tuple[int, str] | None = None
    for function, pattern in lexicon().suffixes:
        m = pattern.search(core)
        if m and (best is None or m.end() - m.start() > best[0]):
            best = (m.end() - m.start(), function)
    if best:
        return best[1]
    for function, words in lexicon().bags:
        if all(w in core for w in words) and core.endswith(("局", "委", "厅", "中心", "办")):
            return function
    return None


def classify(core: str, *, bare_region: bool = False) -> Kind:
    """Kind of an agency from its name without region prefix (``bare_region``: nothing but a region)."""
    if bare_region:
        return Kind("government", _type_of("government"))
    m = lexicon().branch.match(core)
    if m:
        function = suffix_function(m["parent"])
        if function:
            return Kind(function, _type_of(function), branch=m["branch"])
    function = suffix_function(core) or "unknown"
    return Kind(function, _type_of(function))


def is_township(kind: Kind) -> bool:
    return kind.function in lexicon().township_functions


def is_central(core: str) -> bool:
    return any(p.search(core) for p in lexicon().central)


def canonical_core(core: str) -> str:
    """The core name with equivalent endings unified (大营镇人民政府 = 大营镇), for ids only."""
    for pattern, repl in lexicon().aliases:
        core = pattern.sub(repl, core)
    return core
