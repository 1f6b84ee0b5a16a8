"""Saved documents under ``DIR/<site>/`` with ``<file>.meta.json`` sidecars, in versions.

A URL's bytes are kept once: the same bytes again add nothing (``not_modified``), changed
bytes become a new file beside the old one (``name.v2.pdf``), and the sidecars link the
two (``older`` / ``newer``; ``newer`` null = the latest). Reports are corrected after
publication and researchers need both. The index is rebuilt from the sidecars on disk, so
a crawl killed between two writes is repaired by the next run.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import write_bytes, write_json
from .naming import inside, url_tag, with_suffix_tag

SIDECAR = ".meta.json"
SIDECAR_FIELDS = ("url", "site", "region", "title", "agency", "year", "published", "fetched_at",
                  "sha256", "content_type", "etag", "last_modified", "version", "older", "newer")


@dataclass
class Saved:
    status: str  # "fetched" (a new file) or "not_modified" (these bytes are already kept)
    path: str  # relative to DIR
    sha256: str
    reason: str | None


@dataclass
class _Entry:
    name: str
    sha256: str
    version: int
    older: str | None
    newer: str | None


class DocumentStore:
    """One raw DIR; sites are sub-folders created on first save."""

    def __init__(self, raw: Path) -> None:
        self.raw = raw
        self._index: dict[str, dict[str, list[_Entry]]] = {}

    def site_dir(self, site: str) -> Path:
        path = inside(self.raw, site)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _site_index(self, site: str) -> dict[str, list[_Entry]]:
        if site not in self._index:
            self._index[site] = self._load(self.site_dir(site))
        return self._index[site]

    def _load(self, folder: Path) -> dict[str, list[_Entry]]:
        index: dict[str, list[_Entry]] = {}
        for stale in folder.glob(".*.part"):  # a write cut by a killed run (we hold the lock)
            stale.unlink(missing_ok=True)
        for side in sorted(folder.glob("*" + SIDECAR)):
            name = side.name[: -len(SIDECAR)]
            try:
                meta = json.loads(side.read_text("utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(meta, dict) or not isinstance(meta.get("url"), str):
                continue
            if not (folder / name).is_file():
                continue
            index.setdefault(meta["url"], []).append(_Entry(
                name, str(meta.get("sha256") or ""), int(meta.get("version") or 1),
                meta.get("older"), meta.get("newer")))
        for url, entries in index.items():
            entries.sort(key=lambda e: e.version)
            self._repair(folder, entries)
        return index

    def _repair(self, folder: Path, entries: list[_Entry]) -> None:
        """A run killed after writing a new version but before marking the old one: fix."""
        for old, new in zip(entries, entries[1:]):
            if old.newer != new.name:
                old.newer = new.name
                self._set_newer(folder, old.name, new.name)

    def _set_newer(self, folder: Path, name: str, newer: str) -> None:
        side = folder / (name + SIDECAR)
        meta = json.loads(side.read_text("utf-8"))
        meta["newer"] = newer
        write_json(side, meta)

    def known(self, site: str, url: str) -> str | None:
        """Relative path of the latest kept version of ``url``, if any."""
        entries = self._site_index(site).get(url)
        return f"{site}/{entries[-1].name}" if entries else None

    def save(self, site: str, url: str, body: bytes, name: str, meta: dict[str, Any]) -> Saved:
        """Keep ``body`` for ``url`` unless these bytes are kept already."""
        sha = hashlib.sha256(body).hexdigest()
        folder = self.site_dir(site)
        entries = self._site_index(site).setdefault(url, [])
        for e in entries:
            if e.sha256 == sha:
                reason = None if e is entries[-1] else f"same bytes as the older version {e.name}"
                return Saved("not_modified", f"{site}/{e.name}", sha, reason or "same bytes as the saved copy")
        latest = entries[-1] if entries else None
        version = latest.version + 1 if latest else 1
        if latest:
            name = with_suffix_tag(entries[0].name, f"v{version}")
        taken = {p.name for p in folder.iterdir()}
        if name in taken or name + SIDECAR in taken:
            name = with_suffix_tag(name, url_tag(url))
            n = 2
            while name in taken:  # two URLs with the same tag: vanishingly rare, never silent
                name = with_suffix_tag(name, str(n))
                n += 1
        path = inside(folder, name)
        sidecar = {k: meta.get(k) for k in SIDECAR_FIELDS}
        sidecar.update(url=url, site=site, sha256=sha, version=version,
                       older=latest.name if latest else None, newer=None)
        write_bytes(path, body)
        write_json(folder / (name + SIDECAR), sidecar)
        if latest:
            self._set_newer(folder, latest.name, name)
            latest.newer = name
        entries.append(_Entry(name, sha, version, latest.name if latest else None, None))
        reason = f"a new version of {latest.name} (the bytes changed)" if latest else None
        return Saved("fetched", f"{site}/{name}", sha, reason)
