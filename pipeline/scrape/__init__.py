"""Scheduled scraping of county portals' annual-report columns, built on Scrapy.

``runner.run_scrape`` is the entry point (the CLI's ``scrape`` subcommand): it reads the
registry, takes the lock, runs the crawl in a child process (``crawl``) so the Twisted
reactor never lives in the caller, then writes ``manifest.parquet`` and ``coverage.parquet``
atomically.
"""
