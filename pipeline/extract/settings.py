"""Options and settings of a run, checked before anything is read or written.

A mistyped setting must stop the run at once with a sentence (exit 2), not make every
document fail and have those failures outlive the fix.  The settings that change results
(the PDF backend, the PDF page limit) are also part of the cache key, so switching them
never serves results made under the other value.
"""
from __future__ import annotations

import json
import math
import os

from parsers.pdf.backend import ENV_VAR as PDF_BACKEND_ENV, BACKENDS, choose_backend
from parsers.pdf.params import max_pages_setting

MIN_MEMORY_MB = 100
"""Below this a worker cannot even hold the reader libraries; 0 means no limit."""


class SettingsError(ValueError):
    """An option or setting that makes the run impossible; the message says how to fix it."""


def check_options(jobs: int | None, timeout: float | None, max_memory_mb: int | None) -> None:
    """Raise SettingsError for a value no run can use (the CLI and the Python API alike)."""
    for why in (jobs_problem(jobs), timeout_problem(timeout), memory_problem(max_memory_mb)):
        if why:
            raise SettingsError(why)


def jobs_problem(jobs: int | None) -> str | None:
    if jobs is None:
        return None
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        return f"jobs (-j) must be a whole number of at least 1, not {jobs!r}"
    return None


def timeout_problem(timeout: float | None) -> str | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) \
            or timeout < 0:
        return f"timeout (--timeout) must be a number of seconds, 0 or more (0 = none), not {timeout!r}"
    return None


def memory_problem(max_memory_mb: int | None) -> str | None:
    if max_memory_mb is None:
        return None
    if isinstance(max_memory_mb, bool) or not isinstance(max_memory_mb, int) \
            or not (max_memory_mb == 0 or max_memory_mb >= MIN_MEMORY_MB):
        return (f"max_memory (--max-memory) must be 0 (no limit) or at least {MIN_MEMORY_MB} MB, "
                f"not {max_memory_mb!r}")
    return None


def result_settings() -> dict[str, str]:
    """The environment settings that change results, checked; SettingsError if one is wrong."""
    try:
        backend = choose_backend(None)
    except ValueError:
        raise SettingsError(f"{PDF_BACKEND_ENV} must be one of {', '.join(BACKENDS)} (or unset); "
                            f"fix or unset it and run again") from None
    try:
        pages = max_pages_setting()
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    return {"pdf_backend": backend, "pdf_max_pages": str(pages)}


def fingerprint(settings: dict[str, str]) -> str:
    return json.dumps(settings, sort_keys=True)


ROW_GROUP_BYTES_ENV = "ZFXXGK_ROW_GROUP_BYTES"
"""Bytes of rows after which a Parquet row group closes (``store.ROW_GROUP_BYTES`` when unset)."""


def row_group_bytes() -> int | None:
    """The row-group byte cap set in the environment, or None for the default; SettingsError
    if it is not a whole number of bytes, at least 1."""
    raw = os.environ.get(ROW_GROUP_BYTES_ENV, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise SettingsError(f"{ROW_GROUP_BYTES_ENV} must be a whole number of bytes, at least 1 "
                            f"(or unset), not {raw!r}")
    return value


WORKER_TASKS_ENV = "ZFXXGK_WORKER_TASKS"
"""Documents a worker parses before a fresh one replaces it (``batch.TASKS_PER_WORKER`` when
unset; 0 = never).  It changes memory, never results, so it is not part of the cache key."""


def worker_tasks() -> int | None:
    """The documents-per-worker setting, or None for the default; SettingsError if it is not
    a whole number, 0 or more."""
    raw = os.environ.get(WORKER_TASKS_ENV, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise SettingsError(f"{WORKER_TASKS_ENV} must be a whole number of documents, 0 or more "
                            f"(0 = a worker is never replaced; or unset), not {raw!r}")
    return value
