"""The scraper's ``<file>.meta.json`` sidecar: read safely, checked field by field.

A sidecar is a claim about a document from outside it, so nothing in it is trusted: it is
read only if it is a regular file of at most ``MAX_BYTES`` (a FIFO, ``/dev/zero`` or a huge
file cannot hang the run or fill its memory), parsed without letting deep nesting stop the
run, and each field is checked against ``FIELDS`` (type, length, form).  A bad field is
dropped and named in the report's sentence; a sidecar that cannot be used at all is ignored
with a sentence.  The rules follow the sidecar the scraper writes (issue 7): ``url, site,
region, title, agency, year, published, fetched_at, sha256, content_type, etag,
last_modified``.
"""
from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import regex

from ..years import RANGE_TEXT, plausible

SUFFIX = ".meta.json"
MAX_BYTES = 64 * 1024
"""Far above any real sidecar (a few hundred bytes), far below anything that costs memory."""


@dataclass(frozen=True)
class Rule:
    """One field: its JSON type, its longest allowed text, and a check of its form."""

    kind: type
    max_len: int = 0
    form: Callable[[Any], bool] | None = None
    form_text: str = ""


def _url(v: str) -> bool:
    try:
        parts = urlsplit(v)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _iso_date(v: str) -> bool:
    try:
        datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


_KIND_NAMES = {str: "text"}
_REGION = regex.compile(r"^[1-9]\d{5}$")
_SHA256 = regex.compile(r"^[0-9a-fA-F]{64}$")

FIELDS: dict[str, Rule] = {
    "url": Rule(str, 2048, _url, "an http or https URL"),
    "site": Rule(str, 200),
    "region": Rule(str, 6, lambda v: bool(_REGION.match(v)), "a 6-digit GB/T 2260 code"),
    "title": Rule(str, 500),
    "agency": Rule(str, 100),
    "year": Rule(int, 0, plausible, f"a year within {RANGE_TEXT}"),
    "published": Rule(str, 40, _iso_date, "an ISO date"),
    "fetched_at": Rule(str, 40, _iso_date, "an ISO date"),
    "sha256": Rule(str, 64, lambda v: bool(_SHA256.match(v)), "64 hex digits"),
    "content_type": Rule(str, 200),
    "etag": Rule(str, 200),
    "last_modified": Rule(str, 100),
}


@dataclass
class Sidecar:
    """What a document's sidecar contributes: checked fields, and sentences about the rest."""

    meta: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    found: bool = False


class _Constant:
    """NaN/Infinity in the JSON: never a value of any field."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def read_sidecar(path: Path) -> Sidecar:
    """The sidecar of the document at ``path`` (absent: an empty ``Sidecar``)."""
    side = sidecar_path(path)
    if not os.path.lexists(side):
        return Sidecar()
    out = Sidecar(found=True)
    raw, problem = _read_bounded(side)
    if problem is None:
        obj, problem = _parse(raw)
        if problem is None and not isinstance(obj, dict):
            problem = "not a JSON object"
    if problem is not None:
        out.notes.append(f"its sidecar {side.name} was ignored: {problem}")
        return out
    out.meta = {}
    for name, rule in FIELDS.items():
        if name not in obj or obj[name] is None:
            continue
        value, why = check_field(rule, obj[name])
        if why:
            out.notes.append(f"sidecar field {name} ignored: {why}")
        else:
            out.meta[name] = value
    return out


def check_field(rule: Rule, value: Any) -> tuple[Any, str | None]:
    """(the value, None) when it passes ``rule``; else (None, why not)."""
    if rule.kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"not a whole number ({_show(value)})"
    elif not isinstance(value, rule.kind):
        return None, f"not {_KIND_NAMES.get(rule.kind, rule.kind.__name__)} ({_show(value)})"
    if isinstance(value, str):
        value = value.strip()
        if rule.max_len and len(value) > rule.max_len:
            return None, f"too long ({len(value)} characters, at most {rule.max_len})"
        if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0xD800 <= ord(c) < 0xE000 for c in value):
            return None, "contains control characters or lone surrogates"
        if not value:
            return None, "empty"
    if rule.form is not None and not rule.form(value):
        return None, f"not {rule.form_text} ({_show(value)})"
    return value, None


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr) if not isinstance(value, _Constant) else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _read_bounded(side: Path) -> tuple[bytes, str | None]:
    """At most MAX_BYTES of a regular file; a FIFO, device or socket is never read."""
    try:
        fd = os.open(side, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return b"", f"cannot be read ({_reason(exc)})"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return b"", "it is not a regular file"
        if st.st_size > MAX_BYTES:
            return b"", f"larger than {MAX_BYTES // 1024} KB ({st.st_size} bytes)"
        raw = os.read(fd, MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            return b"", f"larger than {MAX_BYTES // 1024} KB"
        return raw, None
    except OSError as exc:
        return b"", f"cannot be read ({_reason(exc)})"
    finally:
        os.close(fd)


def _parse(raw: bytes) -> tuple[Any, str | None]:
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_constant=_Constant), None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"not valid JSON ({exc})"
    except RecursionError:
        return None, "nested too deeply to be a sidecar"


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or type(exc).__name__).lower()
