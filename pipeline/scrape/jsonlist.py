"""Column lists served as JSON (Guangdong's gkmlpt API, FIELD-NOTES §1.4).

The answer's entries become links (title + URL) judged like any list link, and the other
pages are the same URL with the page parameter counted up to ``total``. Key names are
data (``rules.toml`` [json_list]), tried in order.
"""
from __future__ import annotations

import json
import math
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .links import Link, absolute
from .rules import squeeze


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return tomllib.loads(resources.files(__package__).joinpath("rules.toml").read_text("utf-8"))["json_list"]


def parse_json(body: bytes) -> Any | None:
    """The JSON value of an answer, or None when it is not JSON."""
    head = body.lstrip()[:1]
    if head not in (b"{", b"["):
        return None
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None


def _first(obj: dict, keys: list[str]) -> Any:
    for k in keys:
        if k in obj and obj[k] not in (None, ""):
            return obj[k]
    return None


def entries(data: Any, base: str) -> list[Link]:
    """Title + absolute URL of each entry."""
    cfg = _cfg()
    items = data if isinstance(data, list) else _first(data, cfg["items"]) if isinstance(data, dict) else None
    out = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        url, title = _first(item, cfg["url"]), _first(item, cfg["title"])
        full = absolute(base, url) if isinstance(url, str) else None
        if full:
            out.append(Link(full, squeeze(str(title or ""))))
    return out


def other_pages(data: Any, url: str) -> list[str]:
    """The list's further pages, from page 1's answer (nothing for later pages)."""
    cfg = _cfg()
    if not isinstance(data, dict):
        return []
    total = _first(data, cfg["total"])
    per = len(_first(data, cfg["items"]) or [])
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    names = [k for k, _ in query if k in cfg["page_param"]]
    if not isinstance(total, int) or not per or not names:
        return []
    current = dict(query)[names[0]]
    if current not in ("1", "0"):
        return []
    first = int(current)
    pages = min(math.ceil(total / per), cfg["max_pages"])
    out = []
    for n in range(first + 1, first + pages):
        q = [(k, str(n) if k == names[0] else v) for k, v in query]
        out.append(urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(q), "")))
    return out
