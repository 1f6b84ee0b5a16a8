"""The annual-report column spider: list pages → report pages → attachments.

Every URL it considers ends as one ``UrlResult`` (a manifest row): fetched, not_modified,
blocked, error … or, for links it decides not to follow, off_site / not_a_report.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, AsyncIterator, Iterator

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import FormRequest, Request, Response

from parsers.html.decode import decode_html
from pipeline.meta import extract_meta

from .. import links as L
from ..items import UrlResult
from ..middlewares import OffSite, RetryLater, RobotsForbidden
from ..jsonlist import entries, other_pages, parse_json
from ..naming import choose_name, header_text
from ..pagemeta import meta_tags, page_title
from ..proxy import batches, column_form, total_records
from ..rules import (is_candidate_text, is_excluded, is_report_title, published_from, rules, squeeze,
                     title_year)

BLOCKED = {412, 521}


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class ColumnSpider(scrapy.Spider):
    name = "zfxxgk-column"

    def __init__(self, job: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.job = job
        self.sites = {s["name"]: s for s in job["sites"]}
        self.folders = {s["name"]: tuple(L.folder(u) for u in s["start_urls"]) for s in job["sites"]}
        self.previous: dict[str, dict[str, Any]] = job.get("validators", {})
        self.raw = Path(job["raw"])
        self.noted: set[str] = set()
        self.requested: set[str] = set()

    # -- requests --------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for site in self.job["sites"]:
            for url in site["start_urls"]:
                for request in self._request(url, site["name"], "list"):
                    yield request

    def _request(self, url: str, site: str, kind: str, **meta: Any) -> Iterator[Request]:
        """A request for a URL not asked for yet in this run.

        The spider keeps the "seen" set itself and marks requests ``dont_filter``: Scrapy's
        duplicate filter would also drop a *redirect* to a URL seen before, and the URL that
        redirected would then have no row in the manifest.
        """
        if url in self.requested:
            return
        self.requested.add(url)
        yield Request(url, callback=self.parse, errback=self.failed, dont_filter=True,
                      meta={"site": site, "kind": kind, **meta})

    def _note(self, url: str, site: str, kind: str, status: str, reason: str) -> Iterator[UrlResult]:
        """A row for a link decided on without fetching it (once per URL and run)."""
        if url not in self.noted:
            self.noted.add(url)
            yield UrlResult(url=url, site=site, kind=kind, status=status, fetched_at=now(), reason=reason)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Dispatch by kind; a page that breaks a reader becomes an error row, never a lost URL."""
        handler = {"list": self.parse_list, "report": self.parse_report,
                   "attachment": self.parse_attachment}[response.meta["kind"]]
        try:
            yield from handler(response)
        except Exception as exc:  # a hostile or broken page must not cost the rest of the crawl
            r = self._result(response, "error", f"the page could not be read ({type(exc).__name__}: {exc})")
            yield r

    # -- shared response handling -------------------------------------------------------
    def _result(self, response: Response, status: str, reason: str | None = None) -> UrlResult:
        meta = response.meta
        first = (meta.get("redirect_urls") or [response.url])[0]
        if first != response.url:
            reason = "; ".join(r for r in (f"redirected to {response.url}", reason) if r)
        return UrlResult(
            url=first, site=meta["site"], kind=meta["kind"], status=status, fetched_at=now(),
            http_status=response.status, reason=reason,
            etag=header_text(response.headers.get(b"ETag")) or None,
            last_modified=header_text(response.headers.get(b"Last-Modified")) or None)

    def _unusable(self, response: Response) -> UrlResult | None:
        """A row for an answer that carries no page: anti-bot, 4xx/5xx, 304 on a list."""
        s = response.status
        if s in BLOCKED:
            why = "Jiasule (加速乐) JS challenge" if s == 521 else "anti-bot answer"
            return self._result(response, "blocked", f"HTTP {s}: {why}; recorded, not worked around")
        if s == 304 and response.meta["kind"] in ("report", "attachment"):
            return None
        if s >= 300:
            retried = response.meta.get("retry_times")
            tail = f" after {retried + 1} tries" if retried else ""
            return self._result(response, "error", f"HTTP {s}{tail}")
        if not response.body and response.meta["kind"] in ("report", "attachment"):
            return self._result(response, "error", f"HTTP {s} with an empty body; nothing kept")
        return None

    def _not_modified(self, response: Response) -> UrlResult:
        r = self._result(response, "not_modified", "HTTP 304: unchanged since the last run")
        prev = self.previous.get(r.url, {})
        r.path, r.sha256 = prev.get("path"), prev.get("sha256")
        r.etag = r.etag or prev.get("etag")
        r.last_modified = r.last_modified or prev.get("last_modified")
        return r

    # -- list pages ------------------------------------------------------------------
    def parse_list(self, response: Response) -> Iterator[Any]:
        bad = self._unusable(response)
        if bad:
            yield bad
            return
        site = response.meta["site"]
        yield self._result(response, "fetched")
        data = parse_json(response.body)
        if data is not None:  # a JSON column (gkmlpt API): entries are links, pages by count
            for url in other_pages(data, response.url):
                yield from self._request(url, site, "list")
            for link in entries(data, response.url):
                yield from self._follow(link, site, self.folders[site], self.sites[site]["allow"], parent={})
            return
        text = decode_html(response.body)
        sel, base = L.parse_page(text, response.url)
        folders = self.folders[site]
        allow = self.sites[site]["allow"]
        for url in L.counted_pages(text, base):
            if any(url.startswith(f) for f in folders):
                yield from self._request(url, site, "list")
        for link in L.anchors(sel, base, text):
            yield from self._follow(link, site, folders, allow, parent={})
        yield from self._proxy_pages(response, text, base, site)

    def _proxy_pages(self, response: Response, text: str, base: str, site: str) -> Iterator[Request]:
        """Hanweb columns: the list's other pages come from the XML data proxy (POST)."""
        asked = response.meta.get("hanweb_batch")
        if asked is None:
            form = column_form(text)
            if not form:
                return
            probe = total_records(text) is None
            todo = batches(base, form, text)
        elif asked["probe"]:  # the first answer states the total: ask for the rest
            form, probe = asked["form"], False
            todo = batches(base, form, text, first=asked["end"] + 1) if total_records(text) else []
        else:
            return
        for b in todo:
            yield FormRequest(b.url, formdata=b.form, callback=self.parse, errback=self.failed,
                              meta={"site": site, "kind": "list",
                                    "hanweb_batch": {"form": b.form, "end": b.end, "probe": probe}})

    def _follow(self, link: L.Link, site: str, folders: tuple[str, ...], allow: list[str],
                parent: dict[str, Any]) -> Iterator[Any]:
        """Decide what a link is, then request it, note it, or leave it."""
        inside = any(link.url.startswith(p) for p in allow)
        if L.is_attachment_url(link.url) and (parent or is_report_title(link.text)):
            if not inside:
                yield from self._note(link.url, site, "attachment", "off_site",
                                      "attachment outside the site's allow prefixes; not fetched")
                return
            doc = parent or self._doc_from_title(link.text, site)
            yield from self._request(link.url, site, "attachment", doc=doc)
            return
        if parent:
            return  # a report page's other links are site chrome
        if is_excluded(link.text) and rules().report[0].search(link.text):
            yield from self._note(link.url, site, "other", "not_a_report",
                                  f"link text {link.text!r} names an interpretation, notice or summary, "
                                  "not a report; not fetched")
            return
        if is_candidate_text(link.text):
            if not inside:
                yield from self._note(link.url, site, "report", "off_site",
                                      "report link outside the site's allow prefixes (mirror or copy); "
                                      "not fetched")
                return
            yield from self._request(link.url, site, "report", anchor=link.text)
            return
        if inside and L.is_list_link(link, folders):
            yield from self._request(link.url, site, "list")

    # -- report pages ----------------------------------------------------------------
    def parse_report(self, response: Response) -> Iterator[Any]:
        bad = self._unusable(response)
        if bad:
            yield bad
            return
        site = response.meta["site"]
        if response.status == 304:
            r = self._not_modified(response)
            yield r
            yield from self._attachments_of_saved(r, site)
            return
        text = decode_html(response.body)
        sel, base = L.parse_page(text, response.url)
        title = page_title(sel, response.meta.get("anchor"))
        if not is_report_title(title):
            yield self._result(response, "not_a_report",
                               f"page title {title!r} is not an annual report's (no report words and "
                               "year, or an interpretation/notice); not kept")
            return
        doc = self._doc_from_title(title, site)
        doc["published"] = published_from(meta_tags(sel), squeeze(" ".join(
            sel.xpath("//body//text()").getall()[:400])), response.url)
        r = self._result(response, "fetched")
        r.body = response.body
        r.doc = dict(doc, content_type=header_text(response.headers.get(b"Content-Type")) or None)
        r.file_name = choose_name(response.url, None, "text/html", ".html")
        yield r
        yield from self._attachments(sel, base, site, doc)

    def _attachments(self, sel: Any, base: str, site: str, doc: dict[str, Any]) -> Iterator[Any]:
        seen = set()
        allow = self.sites[site]["allow"]
        for link in [L.unwrap(a, base) for a in L.anchors(sel, base)] + L.embedded_files(sel, base):
            if link.url in seen:
                continue
            seen.add(link.url)
            if L.is_attachment_url(link.url):
                yield from self._follow(link, site, self.folders[site], allow, parent=doc)

    def _attachments_of_saved(self, r: UrlResult, site: str) -> Iterator[Any]:
        """A 304 report page: its attachments are found in the copy kept last time."""
        if not r.path:
            return
        path = self.raw / r.path
        try:
            body = path.read_bytes()
            side = path.with_name(path.name + ".meta.json").read_text("utf-8")
        except OSError:
            return
        meta = json.loads(side)
        doc = {k: meta.get(k) for k in ("title", "agency", "year", "published", "region")}
        sel, base = L.parse_page(decode_html(body), r.url)
        yield from self._attachments(sel, base, site, doc)

    # -- attachments -------------------------------------------------------------------
    def parse_attachment(self, response: Response) -> Iterator[Any]:
        bad = self._unusable(response)
        if bad:
            yield bad
            return
        if response.status == 304:
            yield self._not_modified(response)
            return
        ctype = header_text(response.headers.get(b"Content-Type")) or None
        r = self._result(response, "fetched")
        r.body = response.body
        r.doc = dict(response.meta.get("doc") or {}, content_type=ctype)
        r.file_name = choose_name(response.url, response.headers.get(b"Content-Disposition"), ctype)
        yield r

    # -- failures ----------------------------------------------------------------------
    def failed(self, failure: Any) -> Iterator[UrlResult]:
        request = failure.request
        exc = failure.value
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        if isinstance(exc, RobotsForbidden):
            status, reason = "skipped_robots", str(exc)
        elif isinstance(exc, OffSite):
            status, reason = "off_site", str(exc)
        elif isinstance(exc, RetryLater):
            status, reason = "error", str(exc)
        elif isinstance(exc, DownloadCancelledError):
            cap = request.meta.get("download_maxsize") or self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
            status, reason = "too_large", (f"larger than the download cap of {cap} bytes; the transfer "
                                           "was aborted and nothing kept")
        elif isinstance(exc, IgnoreRequest):
            status, reason = "error", f"not fetched: {exc}"
        else:
            tries = request.meta.get("retry_times", 0) + 1
            status, reason = "error", f"{type(exc).__name__}: {exc or 'no detail'} (after {tries} tries)"
        yield UrlResult(url=first, site=request.meta["site"], kind=request.meta["kind"], status=status,
                        fetched_at=now(), reason=reason)

    # -- page metadata -------------------------------------------------------------------
    def _doc_from_title(self, title: str | None, site: str) -> dict[str, Any]:
        meta = extract_meta([title or ""])
        return {"title": title, "agency": meta.agency, "year": meta.year or title_year(title),
                "region": self.sites[site].get("region"), "published": None}
