"""One document, start to finish: bytes → parsed Document → facts, checks, sections.

This is the unit the batch layer runs in isolation; it never raises for a bad document:
every failure becomes a ``ReportResult`` whose status and sentence say what went wrong.
"""
from __future__ import annotations

import codecs
import hashlib
from typing import Any

from parsers import DocumentError, get_parser, sniff_format
from parsers.bounds import bound_document

from .result import ReportResult


def report_id_of(data: bytes) -> str:
    """First 16 hex digits of the SHA-256 of the file's bytes (SCHEMA.md)."""
    return hashlib.sha256(data).hexdigest()[:16]


def warm_up() -> None:
    """A worker's start-up work, so that it does not count against a document's time limit."""
    from .agencies.divisions import preload
    from .analyze import analyze_document  # noqa: F401 - the stages' imports

    for fmt in ("txt", "html", "pdf", "docx", "doc"):  # the readers' libraries, mapped before the
        try:                                            # memory limit leaves no room to map them
            get_parser(fmt)
        except DocumentError:
            pass
    for encoding in ("gb18030", "gbk", "big5", "utf-16", "utf-32"):  # codecs load C modules lazily too
        codecs.lookup(encoding)
    preload()


def process_document(data: bytes, *, source_path: str, report_id: str | None = None,
                     meta: dict[str, Any] | None = None) -> ReportResult:
    """Read one report; ``meta`` (agency, year, url from a sidecar) overrides what the text says."""
    rid = report_id or report_id_of(data)
    fmt = sniff_format(data)
    m = meta or {}
    result = ReportResult(report_id=rid, source_path=source_path, format=fmt, status="failed",
                          url=m.get("url"), site=m.get("site"), region=m.get("region"),
                          published=m.get("published"))
    try:
        doc = get_parser(fmt).parse(data)
    except DocumentError as exc:
        result.status, result.error = exc.status, exc.message
        return result.finalize()
    except MemoryError:
        raise  # the batch layer reports the memory limit; not a reader bug
    except Exception as exc:  # a reader bug must cost this document only
        result.error = f"the {fmt} reader crashed on this file ({type(exc).__name__}: {exc}); please report it"
        result.crashed = True
        return result.finalize()
    doc = bound_document(doc)  # a 10 MB line or a million rows: cut, said, never complete
    result.format = doc.format
    result.n_pages = doc.n_pages
    from .analyze import analyze_document  # the stages after parsing

    try:
        analyze_document(doc, result, meta or {})
    except MemoryError:
        raise
    except Exception as exc:
        result.status = "failed"
        result.facts, result.checks = [], []
        result.error = f"analysis crashed on this file ({type(exc).__name__}: {exc}); please report it"
        result.crashed = True
    return result.finalize()
