"""The sentences for documents the batch layer itself had to give up on.

Kept in one place so the worker, the scheduler and the tests agree on the wording: each
says what happened and what the reader of ``reports.parquet`` can do about it.
"""
from __future__ import annotations

import signal

from ..result import ReportResult


def timeout(seconds: float) -> str:
    """The CPU limit: the document's own work, whatever the machine's load."""
    return (f"timeout after {seconds:g} s of CPU time: processing used more processor time than "
            f"the time limit (--timeout) and was stopped; the file may be pathological, or raise "
            f"--timeout")


def blocked(seconds: float, factor: int) -> str:
    """The wall-clock backstop: a document that waited instead of working."""
    return (f"timeout after {seconds * factor:g} s of wall-clock time ({factor} × --timeout {seconds:g} s) "
            f"while blocked: processing stopped using the processor (waiting for storage, a pipe or "
            f"a lock that never answered) and was stopped; check that the file's storage answers and "
            f"run extract again, and if the same file blocks again please report it")


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


# The output contract has no "skipped" status: a hidden entry was not read, so it is
# "failed" (what the sentence says can make it readable); a sidecar without its document is
# certainly metadata, never a report, so it is "not_a_report".
HIDDEN_STATUS = "failed"
ORPHAN_SIDECAR_STATUS = "not_a_report"


def hidden(folder: bool) -> str:
    what = ("a hidden folder (its name starts with '.'); nothing in it was read" if folder else
            "a hidden file (its name starts with '.'); it was not read")
    return (f"not read: {what}. Hidden names are skipped on purpose (.git, .DS_Store, editor "
            f"backups, downloads cut off); if it holds a report, rename it without the leading dot "
            f"and run extract again (there is no 'skipped' status, so this row is '{HIDDEN_STATUS}')")


def orphan_sidecar(document: str) -> str:
    return (f"a sidecar (.meta.json) with no document beside it: {document} is not in this folder, "
            f"so this metadata describes nothing and was not used; put it beside its document "
            f"(the same name without .meta.json) or delete it")


def failed_result(report_id: str, source_path: str, error: str, fmt: str = "unknown",
                  status: str = "failed") -> ReportResult:
    """A row with no facts (``failed`` unless said), for a document that never got a result of its own."""
    return ReportResult(report_id=report_id, source_path=source_path, format=fmt,
                        status=status, error=error).finalize()
