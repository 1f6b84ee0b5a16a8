"""Child-process entry: ``python -m pipeline.scrape.crawl JOB.json`` runs one Scrapy crawl.

The Twisted reactor can start once per process, so the crawl lives here and never in the
CLI or the tests; the parent reads the rows file this process appends to.
"""
from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    with open(argv[0], encoding="utf-8") as fh:
        job = json.load(fh)
    from scrapy.crawler import CrawlerProcess

    from .settings import crawl_settings
    from .spiders.column import ColumnSpider

    process = CrawlerProcess(crawl_settings(job), install_root_handler=bool(job.get("log")))
    process.crawl(ColumnSpider, job=job)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
