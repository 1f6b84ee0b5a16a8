"""Scrapy's HTTP/1.1 download handler, spaced from the end of each transfer.

Two gaps between "delay between requests" in the slot and what the server sees:

* Scrapy stamps a slot when it *dispatches* a request; a first request that must open a
  connection reaches the server later than the next one on the kept-alive connection, so
  the server can see a shorter gap. Stamping the slot again when the transfer *ends*
  (answer, error or abort) makes the next request wait ``delay`` after it, which is never
  less than ``delay`` after the previous request arrived.
* Twisted's connection pool re-sends an idempotent request at once on a fresh connection
  when a kept-alive one turns out closed, bypassing the slot; that is turned off, so the
  failure goes to the retry middleware, whose retries wait their turn like every request.
"""
from __future__ import annotations

from time import monotonic
from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Request, Response


class SpacedHTTP11DownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._pool.retryAutomatically = False

    async def download_request(self, request: Request) -> Response:
        try:
            return await super().download_request(request)
        finally:
            self._stamp(request)

    def _stamp(self, request: Request) -> None:
        engine = getattr(self._crawler, "engine", None)
        downloader = getattr(engine, "downloader", None)
        slot = downloader.slots.get(request.meta.get("download_slot", "")) if downloader else None
        if slot is not None:
            slot.lastseen = monotonic()
