"""A detail page's own metadata: its meta tags and the title it gives itself.

Pages name themselves in several places (``ArticleTitle`` meta, ``<title>`` with the site's
suffix, ``<h1>``) and some CMSs leave the first ones generic (详细信息); the list's link text
is the last witness. The first that is a report title wins — unless a place says the page
is an interpretation or notice first.
"""
from __future__ import annotations

import re
from typing import Any

from .rules import is_excluded, is_report_title, rules, squeeze

_SITE_SUFFIX = re.compile(r"[_|]|-{1,2}(?=[^-]*$)")


def meta_tags(sel: Any) -> dict[str, str]:
    """``<meta name|property=… content=…>`` by lower-cased name (first one wins)."""
    out: dict[str, str] = {}
    for m in sel.xpath("//meta[@content]"):
        key = (m.attrib.get("name") or m.attrib.get("property") or "").strip().lower()
        if key and key not in out:
            out[key] = m.attrib["content"].strip()
    return out


def title_candidates(sel: Any, anchor: str | None) -> list[str]:
    """Where the page names itself, most trusted first."""
    tags = meta_tags(sel)
    out = [squeeze(tags.get(n.lower())) for n in rules().title_meta]
    head = squeeze(sel.xpath("//title/text()").get())
    out.append(_SITE_SUFFIX.split(head)[0] if head else "")
    out.append(squeeze(" ".join(sel.xpath("//h1//text()").getall())))
    out.append(squeeze(anchor))
    return [t for t in out if t]


def page_title(sel: Any, anchor: str | None = None) -> str | None:
    """The page's report title; an interpretation/notice title when one comes first; else the
    most trusted title it has (then not a report's)."""
    cands = title_candidates(sel, anchor)
    for t in cands:
        if is_excluded(t) and rules().report[0].search(t):
            return t
        if is_report_title(t):
            return t
    return cands[0] if cands else None
