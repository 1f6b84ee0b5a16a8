"""SITES.toml: which annual-report columns to crawl, read strictly.

Every mistake is a ``RegistryError`` that names the file and line, because a cron job's
only reader is the person who edits the file next.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DELAY_S = 1.0
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_REGION = re.compile(r"^\d{6}$")
_SITE_KEYS = {"name", "start_urls", "region", "allow", "delay_s", "agencies"}
_TOP_KEYS = {"site", "contact"}


class RegistryError(ValueError):
    """The registry cannot be used; the message names the line to fix."""


@dataclass(frozen=True)
class Site:
    name: str
    start_urls: tuple[str, ...]
    allow: tuple[str, ...]
    delay_s: float = DEFAULT_DELAY_S
    region: str | None = None
    agencies: tuple[str, ...] = field(default_factory=tuple)

    def allows(self, url: str) -> bool:
        """True when ``url`` lies under one of the allowed prefixes."""
        return any(url.startswith(p) for p in self.allow)

    def hosts(self) -> set[str]:
        """Host names this site's requests may go to (one download slot each)."""
        return {urlsplit(u).hostname or "" for u in self.allow + self.start_urls} - {""}


@dataclass(frozen=True)
class Registry:
    sites: tuple[Site, ...]
    contact: str | None = None


def load_registry(path: str | Path) -> Registry:
    """Parse and check SITES.toml."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(f"{p}: no such registry file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{p}: cannot be read ({exc})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{p}: not valid TOML: {exc}") from None
    lines = text.splitlines()
    headers = [i + 1 for i, line in enumerate(lines) if re.match(r"^\s*\[\[\s*site\s*\]\]", line)]
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise RegistryError(f"{p}:{_key_line(lines, key, 1, len(lines))}: unknown key {key!r} "
                            f"(expected [[site]] tables and an optional contact)")
    contact = raw.get("contact")
    if contact is not None and not (isinstance(contact, str) and _is_http(contact)):
        raise RegistryError(f"{p}:{_key_line(lines, 'contact', 1, len(lines))}: contact must be an "
                            "http(s) URL where site owners can reach the operator")
    entries = raw.get("site")
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{p}:1: no [[site]] tables; add one per annual-report column")
    sites = []
    for n, entry in enumerate(entries):
        start = headers[n] if n < len(headers) else 1
        end = headers[n + 1] - 1 if n + 1 < len(headers) else len(lines)
        sites.append(_site(p, entry, lines, start, end))
    seen: dict[str, int] = {}
    for n, s in enumerate(sites):
        if s.name in seen:
            raise RegistryError(f"{p}:{headers[n] if n < len(headers) else 1}: site name {s.name!r} "
                                f"is used twice (first at line {seen[s.name]}); names must be unique")
        seen[s.name] = headers[n] if n < len(headers) else 1
    return Registry(tuple(sites), contact)


def _site(p: Path, e: dict, lines: list[str], start: int, end: int) -> Site:
    def fail(key: str | None, why: str) -> RegistryError:
        line = _key_line(lines, key, start, end) if key else start
        return RegistryError(f"{p}:{line}: {why}")

    unknown = set(e) - _SITE_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise fail(key, f"unknown key {key!r} in [[site]] (known: {', '.join(sorted(_SITE_KEYS))})")
    name = e.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise fail("name" if "name" in e else None,
                   "each [[site]] needs a name of letters, digits, '.', '_' or '-' "
                   "(it becomes a folder under the raw directory)")
    urls = e.get("start_urls")
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) and _is_http(u) for u in urls):
        raise fail("start_urls" if "start_urls" in e else None,
                   f"site {name!r}: start_urls must be a non-empty list of http(s) URLs")
    allow = e.get("allow")
    if allow is None:
        allow = sorted({f"{urlsplit(u).scheme}://{urlsplit(u).netloc}/" for u in urls})
    elif not isinstance(allow, list) or not allow or not all(isinstance(a, str) and _is_http(a) for a in allow):
        raise fail("allow", f"site {name!r}: allow must be a non-empty list of http(s) URL prefixes")
    for u in urls:
        if not any(u.startswith(a) for a in allow):
            raise fail("start_urls", f"site {name!r}: start URL {u} is outside its allow prefixes")
    delay = e.get("delay_s", DEFAULT_DELAY_S)
    if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not 0 < delay <= 3600:
        raise fail("delay_s", f"site {name!r}: delay_s must be a number of seconds above 0")
    region = e.get("region")
    if region is not None and not (isinstance(region, str) and _REGION.match(region)):
        raise fail("region", f"site {name!r}: region must be a 6-digit GB/T 2260 code as a string")
    agencies = e.get("agencies", [])
    if not isinstance(agencies, list) or not all(isinstance(a, str) and a.strip() for a in agencies):
        raise fail("agencies", f"site {name!r}: agencies must be a list of agency names")
    return Site(name=name, start_urls=tuple(urls), allow=tuple(allow), delay_s=float(delay),
                region=region, agencies=tuple(a.strip() for a in agencies))


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _key_line(lines: list[str], key: str | None, start: int, end: int) -> int:
    """Line number of ``key = …`` inside lines start..end (1-based), else start."""
    pat = re.compile(rf"^\s*{re.escape(key or '')}\s*=")
    for i in range(start - 1, min(end, len(lines))):
        if pat.match(lines[i]):
            return i + 1
    return start
