"""Safe file names for saved documents: nothing from a URL or a header can leave DIR.

A name comes from Content-Disposition (RFC 6266/2231, raw UTF-8 or GBK bytes as Chinese
servers send them) or the URL's last path segment; it is reduced to one plain path
component, so ``../``, absolute paths, drive letters, control characters and reserved
names never reach the file system.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

_MAX_BYTES = 150  # well under the 255-byte limit of ext4/NTFS, room for ".vN" and ".meta.json"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u2028\u2029]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\.|$)", re.IGNORECASE)
_TYPES = {
    "application/pdf": ".pdf", "text/html": ".html", "application/xhtml+xml": ".html",
    "application/msword": ".doc", "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/kswps": ".wps", "application/wps-office.wps": ".wps", "text/plain": ".txt",
    "application/ofd": ".ofd",
}


def header_text(raw: bytes | str | None) -> str:
    """A header value as text: UTF-8 if valid, else GB18030 (GBK servers), else Latin-1."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def disposition_filename(raw: bytes | str | None) -> str | None:
    """The file name a Content-Disposition header gives (filename* preferred), or None."""
    value = header_text(raw).strip()
    if not value:
        return None
    msg = EmailMessage()
    try:
        msg["content-disposition"] = value
        name = msg.get_filename()
    except Exception:  # a malformed header is the server's problem; fall back to the URL
        name = None
    if not name:
        m = re.search(r'filename\s*=\s*"?([^";]+)"?', value, re.IGNORECASE)
        name = m.group(1) if m else None
    return unquote(name) if name else None


def url_filename(url: str) -> str:
    """The last path segment of a URL (percent-decoded), or '' for a folder URL."""
    path = urlsplit(url).path
    return posixpath.basename(unquote(path))


def sanitize(name: str | None) -> str:
    """One safe path component: last segment only, no control/reserved characters, bounded."""
    text = unicodedata.normalize("NFC", header_text(name))
    text = re.split(r"[/\\]", text)[-1]
    text = _UNSAFE.sub("_", text).strip().strip(".").strip()
    if _RESERVED.match(text):
        text = "_" + text
    stem, ext = _split_ext(text)
    while len((stem + ext).encode("utf-8")) > _MAX_BYTES and stem:
        stem = stem[:-1]
    text = (stem + ext).strip(".")
    return text if text and text not in {".", ".."} else ""


def _split_ext(name: str) -> tuple[str, str]:
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 1 <= len(ext) <= 5 and ext.isalnum():
        return stem, "." + ext
    return name, ""


def extension_for(content_type: str | None) -> str:
    """A file extension for a MIME type, '' when unknown."""
    base = (content_type or "").split(";")[0].strip().lower()
    return _TYPES.get(base, "")


def choose_name(url: str, disposition: bytes | str | None, content_type: str | None,
                default_ext: str = "") -> str:
    """The name a document is saved under (before collision handling): never empty."""
    name = sanitize(disposition_filename(disposition)) or sanitize(url_filename(url))
    if not name:
        name = "index"
    stem, ext = _split_ext(name)
    if not ext:
        ext = extension_for(content_type) or default_ext
    return sanitize(stem + ext) or "document" + ext


def url_tag(url: str) -> str:
    """A short, stable tag of a URL, to tell apart two URLs that give the same name."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]


def with_suffix_tag(name: str, tag: str) -> str:
    """``report.pdf`` + ``v2`` → ``report.v2.pdf``."""
    stem, ext = _split_ext(name)
    return f"{stem}.{tag}{ext}"


def inside(root: Path, name: str) -> Path:
    """``root/name``, refusing any name that would resolve outside ``root``."""
    if not name or name in {".", ".."} or "/" in name or "\\" in name or "\x00" in name:
        raise ValueError(f"unsafe file name {name!r}")
    path = root / name
    if path.resolve().parent != root.resolve():
        raise ValueError(f"file name {name!r} would leave {root}")
    return path
