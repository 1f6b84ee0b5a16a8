"""The sentences for documents the batch layer itself had to give up on.

Kept in one place so the worker, the scheduler and the tests agree on the wording: each
says what happened and what the reader of ``reports.parquet`` can do about it.
"""
from __future__ import annotations

import signal

from ..result import ReportResult


def timeout(seconds: float) -> str:
    return (f"timeout after {seconds:g} s: processing took longer than the time limit and was "
            f"stopped; the file may be pathological, or raise --timeout")


def memory(limit_mb: int | None) -> str:
    limit = f" ({limit_mb} MB)" if limit_mb else ""
    return (f"memory limit{limit} exceeded: processing was stopped; the file may be a "
            f"decompression bomb, or raise --max-memory")


def crashed(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exited with status {exitcode}"
    return (f"processing crashed (the worker process {how}); the file may be corrupt or "
            f"trigger a reader bug: please report it")


def too_large(size: int, limit_mb: int) -> str:
    return (f"the file is {size / 2**20:.0f} MB, too large to read within the memory limit "
            f"({limit_mb} MB): a document is read whole, so it was not read; raise --max-memory "
            f"if it really is a report")


def vanished() -> str:
    return ("the file disappeared during the run (it was listed, then gone before it could be "
            "read); nothing to read")


def changed() -> str:
    return ("the file changed during the run (its bytes differ from when it was listed); "
            "run extract again to read its current content")


def unreadable(reason: str) -> str:
    return f"the file cannot be read ({reason})"


def cluster_lost(exc: BaseException) -> str:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    detail = f": {detail}" if detail else ""
    return (f"the cluster could not finish this file ({type(exc).__name__}{detail}); the dask "
            f"worker running it died or was lost, repeatedly if it retried: run extract again, "
            f"and if the same file fails, run it locally to see why")


def failed_result(report_id: str, source_path: str, error: str, fmt: str = "unknown") -> ReportResult:
    """A ``failed`` row with no facts, for a document that never got a result of its own."""
    return ReportResult(report_id=report_id, source_path=source_path, format=fmt,
                        status="failed", error=error).finalize()
