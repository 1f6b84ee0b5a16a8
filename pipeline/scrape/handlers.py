"""Scrapy's HTTP/1.1 download handler without Twisted's silent second attempt.

Twisted's connection pool re-sends an idempotent request at once on a fresh connection
when a kept-alive one turns out closed; that second request bypasses the download slot,
so it can reach the host right after the first. With it off, the failure goes to the
retry middleware, whose retries wait their turn in the slot like every request.
"""
from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler


class SpacedHTTP11DownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._pool.retryAutomatically = False
