"""Item pipelines: keep the documents (versions, sidecars), then log each URL's row.

Rows go to a JSON-lines file flushed per item, so the parent process gets every row even
from a crawl that died half-way; it alone writes ``manifest.parquet``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .items import UrlResult
from .store import DocumentStore


class StorePipeline:
    """Save fetched reports and attachments under DIR/<site>/ (nothing else is kept)."""

    def __init__(self, raw: str) -> None:
        self.store = DocumentStore(Path(raw))

    @classmethod
    def from_crawler(cls, crawler: Any) -> "StorePipeline":
        return cls(crawler.settings.getdict("ZFXXGK_JOB")["raw"])

    def process_item(self, item: UrlResult, spider: Any = None) -> UrlResult:
        if item.status == "fetched" and item.kind in ("report", "attachment") and item.body is not None:
            meta = dict(item.doc, fetched_at=item.fetched_at, etag=item.etag,
                        last_modified=item.last_modified)
            saved = self.store.save(item.site, item.url, item.body, item.file_name or "document", meta)
            item.status, item.path, item.sha256 = saved.status, saved.path, saved.sha256
            if saved.reason:
                item.reason = "; ".join(r for r in (item.reason, saved.reason) if r)
        item.body = None
        return item


class RowLogPipeline:
    """Append each URL's manifest row to the job's rows file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fh: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "RowLogPipeline":
        return cls(crawler.settings.getdict("ZFXXGK_JOB")["rows"])

    def open_spider(self, spider: Any = None) -> None:
        self.fh = open(self.path, "a", encoding="utf-8")

    def close_spider(self, spider: Any = None) -> None:
        if self.fh:
            self.fh.close()

    def process_item(self, item: UrlResult, spider: Any = None) -> UrlResult:
        self.fh.write(json.dumps(item.row(), ensure_ascii=False, sort_keys=True) + "\n")
        self.fh.flush()
        return item
