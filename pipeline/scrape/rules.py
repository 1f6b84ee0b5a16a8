"""The recognition rules of ``rules.toml``, compiled once: titles, links, dates.

Kept as data because every CMS family adds its own URL shapes and title habits; code
here only applies them.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Rules:
    report: tuple[re.Pattern[str], ...]
    year: re.Pattern[str]
    truncated: tuple[re.Pattern[str], ...]
    exclude: tuple[str, ...]
    schemes: frozenset[str]
    list_url: tuple[re.Pattern[str], ...]
    list_text: tuple[re.Pattern[str], ...]
    page_count: tuple[re.Pattern[str], ...]
    page_count_url: str
    extensions: frozenset[str]
    script: tuple[re.Pattern[str], ...]
    embedded: tuple[re.Pattern[str], ...]
    published_meta: tuple[str, ...]
    published_text: tuple[re.Pattern[str], ...]
    published_url: tuple[re.Pattern[str], ...]
    title_meta: tuple[str, ...]
    optional_suffixes: tuple[str, ...]
    cdata: str


def _all(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@lru_cache(maxsize=1)
def rules() -> Rules:
    """rules.toml beside this module."""
    raw = tomllib.loads(resources.files(__package__).joinpath("rules.toml").read_text("utf-8"))
    t, ln, at, pub = raw["title"], raw["links"], raw["attachments"], raw["published"]
    return Rules(
        report=_all(t["report"]), year=re.compile(t["year"]), truncated=_all(t["truncated"]),
        exclude=tuple(t["exclude"]), schemes=frozenset(ln["schemes"]), list_url=_all(ln["list_url"]),
        list_text=_all(ln["list_text"]), page_count=_all(ln["page_count"]),
        page_count_url=ln["page_count_url"], extensions=frozenset(at["extensions"]),
        script=_all(at["script"]), embedded=_all(at["embedded"]),
        published_meta=tuple(pub["meta_names"]), published_text=_all(pub["text"]),
        published_url=_all(pub["url"]), title_meta=tuple(raw["title_source"]["meta_names"]),
        optional_suffixes=tuple(raw["coverage"]["optional_suffixes"]),
        cdata=raw["records"]["cdata"],
    )


def squeeze(text: str | None) -> str:
    """NFKC, whitespace removed: titles are compared without the spaces editors insert."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def is_excluded(title: str | None) -> bool:
    """解读 / 图解 / 通知 / 汇总 pages carry the report's words but are not reports."""
    t = squeeze(title)
    return any(w in t for w in rules().exclude)


def is_report_title(title: str | None) -> bool:
    """A report's title: the report words and a year, and none of the excluded words."""
    t = squeeze(title)
    if not t or is_excluded(t):
        return False
    r = rules()
    return bool(r.year.search(t)) and any(p.search(t) for p in r.report)


def is_candidate_text(text: str | None) -> bool:
    """A list link worth opening: a report title, or one cut off with an ellipsis."""
    t = squeeze(text)
    if not t or is_excluded(t):
        return False
    return is_report_title(t) or any(p.search(t) for p in rules().truncated)


def title_year(title: str | None) -> int | None:
    """The statistics year printed in the title (not the publication date)."""
    m = rules().year.search(squeeze(title))
    return int(m.group(1)) if m else None


def _ymd(m: re.Match[str]) -> str | None:
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
    except ValueError:
        return None


def published_from(meta_values: dict[str, str], text: str, url: str) -> str | None:
    """Publication date (ISO) from the page's meta tags, its printed date, or the URL."""
    r = rules()
    for name in r.published_meta:
        value = meta_values.get(name.lower())
        if value:
            m = re.search(r"(?P<y>(?:19|20)\d{2})\D{1,3}(?P<m>\d{1,2})\D{1,3}(?P<d>\d{1,2})", value)
            if m and (d := _ymd(m)):
                return d
    for patterns, haystack in ((r.published_text, text[:20000]), (r.published_url, url)):
        for p in patterns:
            m = p.search(haystack)
            if m and (d := _ymd(m)):
                return d
    return None
