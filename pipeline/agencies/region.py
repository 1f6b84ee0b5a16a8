"""The division an agency belongs to, from its name, the site registry and the report's text.

Evidence is combined, never guessed between: each source gives a set of candidate divisions
(长安区 alone is 130102 *and* 610116); a division is kept only if every source is compatible
with it (inside or around it), and only a single deepest survivor is an answer.  Otherwise
the region stays empty and ``note`` says why, naming the candidates.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Iterable, Sequence

import regex

from .divisions import Division, Mention, find, lookup, vintage

_DEPTH = {"province": 1, "city": 2, "county": 3}


@dataclass(frozen=True)
class NameRegion:
    """The region prefix of a name: where it ends and the divisions it can denote."""

    end: int
    candidates: tuple[Division, ...]
    printed: str


@dataclass(frozen=True)
class Region:
    division: Division | None  # the deepest division all evidence agrees on
    source: str | None  # name, site, text, or a + of them
    note: str | None  # why it is empty or coarse, or a disagreement worth knowing


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return tomllib.loads(files(__package__).joinpath("cues.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _cues() -> tuple[int, int, tuple["regex.Pattern[str]", ...]]:
    cfg = _cfg()
    return cfg["head_lines"], cfg["tail_lines"], tuple(regex.compile(p) for p in cfg["patterns"])


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(_cfg()["generic_names"])


def _chain(mentions: list[Mention]) -> tuple[Division, ...]:
    """Deepest divisions consistent along consecutive mentions (郑州市 → 金水区)."""
    current: tuple[Division, ...] = mentions[0].candidates
    for m in mentions[1:]:
        inner = tuple(c for c in m.candidates if any(c.within(p) for p in current))
        if not inner:
            break
        current = inner
    return current


def _runs(mentions: list[Mention]) -> list[list[Mention]]:
    """Consecutive mentions (郑州市|金水区); a generic name (东区) never opens a run."""
    runs: list[list[Mention]] = []
    for m in mentions:
        if runs and runs[-1][-1].end == m.start:
            runs[-1].append(m)
        elif m.text not in _generic():
            runs.append([m])
    return runs


def name_region(name: str, year: int | None) -> NameRegion | None:
    """The region prefix the name starts with (中宁县…, 郑州市金水区…), if any."""
    runs = _runs(find(name, year))
    if not runs or runs[0][0].start != 0:
        return None
    run = runs[0]
    cands = _chain(run)
    used = [m for m in run if any(c.within(d) or d.within(c) for c in cands for d in m.candidates)]
    end = used[-1].end if used else run[0].end
    return NameRegion(end=end, candidates=cands, printed=name[:end])


def branch_region(branch: str, within: Iterable[Division], year: int | None) -> tuple[Division, ...]:
    """Divisions a …分局's branch word names inside the parent's region (鹿城 → 鹿城区)."""
    parents = tuple(within)
    out = []
    for short in (False, True):
        for m in find(branch, year, short=short):
            if m.start == 0 and m.end == len(branch):
                out.extend(c for c in m.candidates if not parents or any(c.within(p) for p in parents))
        if out:
            break
    return tuple(dict.fromkeys(out))


def text_evidence(lines: Sequence[str], title: str | None, year: int | None) -> list[tuple[Division, ...]]:
    """Candidate sets from the places a report names its region (cues.toml); ``lines`` read
    Simplified (``pipeline.simplified``: only the lines read here are converted)."""
    head, tail, patterns = _cues()
    picked = [l for l in lines[:head]] + [l for l in lines[max(head, len(lines) - tail):]]
    texts = ([title] if title else []) + picked
    out: list[tuple[Division, ...]] = []
    for text in texts:
        for pattern in patterns:
            for m in pattern.finditer(text):
                for run in _runs(find(m["where"], year)):
                    out.append(_chain(run))
    return out


def combine(evidence: list[tuple[tuple[Division, ...], str]]) -> tuple[tuple[Division, ...], str | None]:
    """Deepest divisions compatible with every piece of evidence, and the sources used."""
    pool = {c.adcode: c for cands, _ in evidence for c in cands}
    ok = [c for c in pool.values()
          if all(any(c.within(e) or e.within(c) for e in cands) for cands, _ in evidence)]
    if not ok:
        return (), None
    depth = max(_DEPTH[c.rank] for c in ok)
    best = tuple(sorted((c for c in ok if _DEPTH[c.rank] == depth), key=lambda c: c.adcode))
    return best, "+".join(dict.fromkeys(src for _, src in evidence))


def describe(cands: Iterable[Division]) -> str:
    return " or ".join(f"{c.adcode} ({c.province}{c.path() if c.rank != 'province' else ''})" for c in cands)


def site_division(region: object, year: int | None) -> tuple[Division | None, str | None]:
    """The sidecar's ``region`` (the site's adcode) as a division of the report year's vintage."""
    if region in (None, ""):
        return None, None
    code = str(region).strip()
    d = lookup(code[:6], year)
    if d is None:
        return None, f"the site's region {code} is not a division code of the {vintage(year)} vintage"
    return d, None


def depth(d: Division) -> int:
    return _DEPTH[d.rank]
