"""The one item the spider yields: what happened to one URL (a manifest row in the making)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class UrlResult:
    url: str
    site: str
    kind: str  # list / report / attachment / other
    status: str  # see manifest.STATUSES
    fetched_at: str
    http_status: int | None = None
    reason: str | None = None
    path: str | None = None
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    # Only between the spider and the store pipeline, never in the manifest:
    body: bytes | None = field(default=None, repr=False)
    file_name: str | None = None
    doc: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("url", "site", "kind", "status", "http_status", "reason",
                                              "path", "sha256", "fetched_at", "etag", "last_modified")}
