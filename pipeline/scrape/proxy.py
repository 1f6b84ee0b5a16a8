"""Hanweb JCMS list pages past the first: the XML data proxy (FIELD-NOTES §1.4).

Page 1 of a Hanweb column is static HTML whose entries sit in CDATA records; the others are
only served by ``POST /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=``
with the column's parameters, which the page itself carries. Everything site-specific is
read from the page by the patterns of ``rules.toml`` [proxy].
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlencode, urljoin


@dataclass(frozen=True)
class ProxyBatch:
    url: str
    form: dict[str, str]
    start: int
    end: int


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("rules.toml").read_text("utf-8"))["proxy"]


def _param(text: str, name: str) -> str | None:
    m = re.search(_cfg()["param"].replace("NAME", re.escape(name)), text, re.IGNORECASE)
    return m.group(1) if m else None


def _int(patterns: list[str] | str, text: str) -> int | None:
    for p in [patterns] if isinstance(patterns, str) else patterns:
        m = re.search(p, text, re.IGNORECASE)
        if m:
            return int(m.group(1))
    return None


def column_form(text: str) -> dict[str, str] | None:
    """The proxy form of a Hanweb column page, or None when the page is not one."""
    cfg = _cfg()
    if cfg["path"] not in text and "<datastore" not in text.lower():
        return None
    form = dict(cfg["form"])
    for name in cfg["required"]:
        value = _param(text, name)
        if not value:
            return None
        form[name] = value
    for name in cfg["optional"]:
        value = _param(text, name)
        if value:
            form[name] = value
    return form


def batches(base: str, form: dict[str, str], text: str, first: int = 1) -> list[ProxyBatch]:
    """POSTs covering records ``first`` … total (one batch when the total is not printed)."""
    cfg = _cfg()
    per = _int(cfg["perpage"], text) or cfg["default_perpage"]
    size = per * cfg["batch_pages"]
    total = min(_int(cfg["total"], text) or (first + size - 1), cfg["max_records"])
    out = []
    for start in range(first, total + 1, size):
        end = min(start + size - 1, total)
        query = urlencode({"startrecord": start, "endrecord": end, "perpage": per})
        out.append(ProxyBatch(urljoin(base, f"{cfg['path']}?{query}"), form, start, end))
    return out


def total_records(text: str) -> int | None:
    """The record count a proxy answer (or page) states."""
    return _int(_cfg()["total"], text)
