"""Scrapy settings for one crawl, from the job the parent process hands over.

Politeness is Scrapy's own download slots: one per host, concurrency 1, delay = the
largest ``delay_s`` of the sites on that host (``--delay`` overrides), no jitter (Scrapy's
jitter can shorten a delay; the contract allows only longer), raised by Crawl-delay.
"""
from __future__ import annotations

from typing import Any

MIB = 1024 * 1024
ROBOTS_NAME = "zfxxgk-scraper"  # the token robots.txt groups match (`User-agent: zfxxgk-scraper`)
USER_AGENT = "zfxxgk-scraper/0.1 (research crawler of 政府信息公开工作年度报告; +{contact})"
DEFAULT_CONTACT = "https://github.com/zfxxgk/zfxxgk"
# 5xx and 429 and 408 are retried; 521 (Jiasule challenge) is an anti-bot answer, never retried.
RETRY_CODES = [500, 502, 503, 504, 507, 508, 509, 520, 522, 523, 524, 525, 526, 408, 429]


def crawl_settings(job: dict[str, Any]) -> dict[str, Any]:
    slots: dict[str, dict[str, Any]] = {}
    for site in job["sites"]:
        for host in site["hosts"]:
            delay = max(site["delay_s"], slots.get(host, {}).get("delay", 0.0))
            slots[host] = {"concurrency": 1, "delay": delay, "jitter": 0.0}
    default_delay = max([s["delay"] for s in slots.values()] or [1.0])
    return {
        "BOT_NAME": "zfxxgk",
        "ZFXXGK_JOB": job,
        "USER_AGENT": USER_AGENT.format(contact=job.get("contact") or DEFAULT_CONTACT),
        "ROBOTSTXT_OBEY": True,
        "ROBOTSTXT_USER_AGENT": ROBOTS_NAME,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "DOWNLOAD_DELAY": default_delay,
        "DOWNLOAD_DELAY_JITTER": 0.0,
        "DOWNLOAD_SLOTS": slots,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_TIMEOUT": job.get("timeout_s", 60.0),
        "DOWNLOAD_MAXSIZE": int(job.get("max_bytes", 50 * MIB)),
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,  # 3 tries in all
        "RETRY_HTTP_CODES": RETRY_CODES,
        "RETRY_BACKOFF_BASE": job.get("backoff_s", 1.0),
        "RETRY_BACKOFF_MAX": job.get("backoff_max_s", 120.0),
        "HTTPERROR_ALLOW_ALL": True,  # the spider records every answer (404, 412, 521, 304…)
        "REDIRECT_ENABLED": True,
        "METAREFRESH_ENABLED": True,
        "COOKIES_ENABLED": False,  # anti-bot cookies are never played along with
        "TELNETCONSOLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,  # cross-run state is the manifest (conditional requests)
        "DOWNLOAD_HANDLERS": {
            "http": "pipeline.scrape.handlers.SpacedHTTP11DownloadHandler",
            "https": "pipeline.scrape.handlers.SpacedHTTP11DownloadHandler",
        },
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
            "pipeline.scrape.middlewares.AllowPrefixMiddleware": 50,
            "pipeline.scrape.middlewares.RobotsMiddleware": 100,
            "pipeline.scrape.middlewares.ConditionalRequestMiddleware": 120,
            "pipeline.scrape.middlewares.BackoffRetryMiddleware": 550,
        },
        "EXTENSIONS": {"pipeline.scrape.middlewares.CrawlDelayFloor": 100},
        "ITEM_PIPELINES": {
            "pipeline.scrape.pipelines.StorePipeline": 100,
            "pipeline.scrape.pipelines.RowLogPipeline": 900,
        },
        "LOG_LEVEL": "INFO",
        "LOG_FILE": job.get("log"),
        "LOG_FILE_APPEND": False,
    }
