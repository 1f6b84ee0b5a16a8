"""Downloader middlewares and the one extension the crawl adds to Scrapy.

Scrapy already gives per-host download slots, robots.txt through Protego, retries,
redirects and size caps; these fill the gaps the contract names: URL-prefix ``allow``
(Scrapy's offsite filter knows domains only), Crawl-delay as a floor on the host's delay
(Scrapy parses it but does not apply it), retry backoff honouring ``Retry-After`` (Scrapy
retries at once), and conditional re-requests from the manifest.
"""
from __future__ import annotations

import email.utils
import time
from typing import Any

from scrapy import signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future


class OffSite(IgnoreRequest):
    """A request (often a redirect) outside the site's ``allow`` prefixes."""


class RobotsForbidden(IgnoreRequest):
    """robots.txt disallows the URL for our User-Agent."""


class RetryLater(IgnoreRequest):
    """The server asked for a longer wait than this run will give it."""


class AllowPrefixMiddleware:
    """Drop any request of a site, redirects included, whose URL is outside its ``allow``."""

    def __init__(self, allow: dict[str, list[str]]) -> None:
        self.allow = allow

    @classmethod
    def from_crawler(cls, crawler: Any) -> "AllowPrefixMiddleware":
        job = crawler.settings.getdict("ZFXXGK_JOB")
        return cls({s["name"]: list(s["allow"]) for s in job["sites"]})

    def process_request(self, request: Request, spider: Any = None) -> None:
        site = request.meta.get("site")
        if site is None:  # robots.txt and other requests Scrapy makes itself
            return None
        if not any(request.url.startswith(p) for p in self.allow.get(site, [])):
            first = (request.meta.get("redirect_urls") or [request.url])[0]
            if first != request.url:
                raise OffSite(f"redirected to {request.url}, outside the site's allow prefixes; not followed")
            raise OffSite(f"{request.url} is outside the site's allow prefixes; not followed")
        return None


class RobotsMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, raising a distinct exception the spider can record."""

    def process_request_2(self, rp: Any, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            raise RobotsForbidden("robots.txt disallows this URL for our User-Agent") from None


class CrawlDelayFloor:
    """Extension: a robots.txt Crawl-delay raises the host's download delay, never lowers it."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "CrawlDelayFloor":
        return cls(crawler)

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if not delay:
            return
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        # New slots (after Scrapy's idle-slot clean-up) read per_slot_settings.
        slot_settings = downloader.per_slot_settings.setdefault(key, {})
        slot_settings["delay"] = max(float(delay), float(slot_settings.get("delay", downloader._delay)))
        slot_settings.setdefault("concurrency", 1)
        slot_settings.setdefault("jitter", 0.0)
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, float(delay))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, 429, timeouts; RETRY_TIMES), spaced out.

    The n-th retry waits ``RETRY_BACKOFF_BASE × 2^(n-1)`` seconds, or the server's
    ``Retry-After`` when that is longer; a ``Retry-After`` above ``RETRY_BACKOFF_MAX`` is not
    waited for in this run (the URL is an error the next run tries again).  The wait holds
    only that request: the host's slot keeps serving others, with its spacing.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 120.0)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        wait = request.meta.get("retry_not_before", 0) - time.monotonic()
        if wait > 0:
            from twisted.internet import reactor  # the one Scrapy installed (imported late on purpose)
            from twisted.internet.task import deferLater

            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return None

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        hint = retry_after(response.headers.get(b"Retry-After"))
        if hint is not None and hint > self.cap:
            raise RetryLater(f"HTTP {response.status}; the server asked to retry after {hint:.0f} s, "
                             f"longer than this run waits ({self.cap:.0f} s); the next run tries again")
        new = self._retry(request, f"HTTP {response.status}")
        if new is None:
            return response
        return self._spaced(new, hint)

    def process_exception(self, request: Request, exception: Exception, spider: Any = None) -> Any:
        new = super().process_exception(request, exception)
        return self._spaced(new, None) if isinstance(new, Request) else new

    def _spaced(self, new: Request, hint: float | None) -> Request:
        n = new.meta.get("retry_times", 1)
        wait = max(self.base * 2 ** (n - 1), hint or 0.0)
        new.meta["retry_not_before"] = time.monotonic() + min(wait, self.cap)
        return new


def retry_after(raw: bytes | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), None if absent/bad."""
    if not raw:
        return None
    text = raw.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


class ConditionalRequestMiddleware:
    """If-None-Match / If-Modified-Since from the manifest, for documents still on disk."""

    def __init__(self, validators: dict[str, dict[str, str]]) -> None:
        self.validators = validators

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ConditionalRequestMiddleware":
        return cls(crawler.settings.getdict("ZFXXGK_JOB").get("validators", {}))

    def process_request(self, request: Request, spider: Any = None) -> None:
        if request.meta.get("kind") not in ("report", "attachment"):
            return None
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        v = self.validators.get(first)
        if not v:
            return None
        if v.get("etag") and b"If-None-Match" not in request.headers:
            request.headers[b"If-None-Match"] = v["etag"]
        if v.get("last_modified") and b"If-Modified-Since" not in request.headers:
            request.headers[b"If-Modified-Since"] = v["last_modified"]
        return None
