"""The child side of the batch layer: a long-lived process that reads and parses files.

The memory limit is watched from the parent (resident memory, ``batch.WorkerPool``); a
worker also caps its own address space (``RLIMIT_AS``) at several times the limit, a
backstop so that an allocation faster than the watchdog's look ends in a ``MemoryError``
here instead of the machine swapping.  It reads each file itself (the parent
never holds document bytes), checks the bytes still hash to the ``report_id`` they were
listed under, and sends back the result as a plain dict.  It dies with its parent, so a
``kill -9`` of the run never leaves a spinning parser behind.

Protocol (over a ``multiprocessing`` pipe), parent → worker: a task dict, or ``None`` to
stop.  A task with a ``store`` field (``pipeline.extract.stored``) is answered with the
result already cached and converted to Arrow (``"stored"``) instead of its rows.  Worker → parent:
``("ready", {"pid", "cpu"})`` once, then per task ``("started", format)`` and ``("done", reply)``;
``("fatal", message)`` if the worker cannot start at all.  ``cpu`` (in ``ready`` and in every
reply) is the worker's CPU seconds so far: the parent counts a document's CPU time limit from
it without a look of its own at every document.
"""
from __future__ import annotations

import ctypes
import dataclasses
import gc
import importlib
import os
import resource
import signal
import sys
import threading
import time
from typing import Any, Callable

from parsers import sniff_format

from . import failures
from .bounds import bound_result
from .stored import STORE_KEY, settle_in_worker, warm_up_storage
from ..process import report_id_of, warm_up
from ..result import ReportResult

DEFAULT_PROCESSOR = "pipeline.process:process_document"
PROCESSOR_ENV = "ZFXXGK_TEST_PROCESSOR"
"""Test-only: ``module:function`` to run instead of ``process_document`` (fault injection)."""

Processor = Callable[..., Any]


def load_processor(spec: str) -> Processor:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def processor_spec() -> str:
    """The processor workers run: production default unless a test overrides it."""
    return os.environ.get(PROCESSOR_ENV) or DEFAULT_PROCESSOR


def worker_main(conn: Any, spec: str, max_memory_mb: int | None, parent_pid: int) -> None:
    """Entry point of a worker process (see module doc for the protocol)."""
    _die_with_parent(parent_pid)
    # Ctrl-C reaches the whole process group; the run's main process answers it (one line,
    # workers stopped), so a worker must not die with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # forked with SIGINT blocked (batch._start_forkserver_deaf_to_ctrl_c): ignored now, so
    # unblocked, and what it starts (LibreOffice) gets the usual mask
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        _serve(conn, spec, max_memory_mb)
    except OSError:  # the pipe broke: the run is gone (Ctrl-C, killed), nobody to tell
        return


def _serve(conn: Any, spec: str, max_memory_mb: int | None) -> None:
    try:
        process = load_processor(spec)
        warm_up()  # the stages' imports and the division table, before any document's clock starts
        warm_up_storage()  # Arrow and its allocator mapped before the memory cap, like the readers
        settle_collector()
        _limit_memory(max_memory_mb)
    except BaseException as exc:  # noqa: BLE001 - report anything that stops start-up
        conn.send(("fatal", f"worker cannot start: {type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", {"pid": os.getpid(), "cpu": cpu_seconds()}))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        reply = run_task(process, task, max_memory_mb, lambda fmt: conn.send(("started", fmt)))
        if task.get(STORE_KEY):
            reply = stored_reply(reply, task)
        reply["cpu"] = cpu_seconds()
        conn.send(("done", reply))
        if reply["retire"]:
            return  # after a MemoryError the heap may be fragmented or half-updated


YOUNG_OBJECTS_BEFORE_COLLECTION = 5000
"""The cyclic collector's first threshold in a worker (CPython's default: 700).  A text or
HTML document holds a few thousand more container objects at its peak than before it (its
tokens, cells and rows, all freed by reference counting when it ends: the bench's documents
leave no cyclic garbage), so at 700 the collector ran about once per document and found
nothing (561 young collections in 513 HTML documents; 17 at 2,000; 2 at 5,000).  Cyclic
garbage (a reader library's) is still collected, after at most this many more allocations
than frees (``tests/test_worker_collector.py``)."""


def settle_collector() -> None:
    """After start-up: the modules, tables and vocabularies loaded so far are moved out of the
    cyclic collector's view (``gc.freeze``: they live as long as the worker, and every full
    collection walked them all), and the collector runs less often (see
    ``YOUNG_OBJECTS_BEFORE_COLLECTION``).  Session 9 measured 5–10 % of an HTML document's CPU
    time in collections that freed nothing."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS_BEFORE_COLLECTION, *gc.get_threshold()[1:])


def cpu_seconds() -> float:
    """This process's CPU seconds and those of the children it has waited for: the counters
    the parent reads through psutil (``batch._cpu_seconds``) for the ``--timeout`` limit."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def as_payload(result: Any) -> dict[str, Any]:
    """A result as the plain dict sent over the pipe (one level: pickling copies the rows;
    ``dataclasses.asdict`` deep-copied every row first, for nothing)."""
    return {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}


def stored_reply(reply: dict[str, Any], task: dict[str, Any]) -> dict[str, Any]:
    """A :func:`run_task` reply with the result cached and converted here (``"stored"``),
    so the run's main process only appends bytes (see ``pipeline.extract.stored``)."""
    result = ReportResult(**reply["result"])
    try:
        stored = settle_in_worker(result, reply["cacheable"], task)
    except Exception as exc:  # noqa: BLE001 - a storing bug costs this file only
        failed = failures.failed_result(
            task["report_id"], task["source_path"],
            f"its results could not be stored ({type(exc).__name__}: {exc}); please report it", result.format)
        stored = settle_in_worker(failed, False, task)
    return {"stored": stored, "cacheable": reply["cacheable"], "retire": reply["retire"]}


def run_task(process: Processor, task: dict[str, Any], max_memory_mb: int | None,
             started: Callable[[str], None]) -> dict[str, Any]:
    """Read, verify and process one file; never raises.

    Returns ``{"result": asdict(ReportResult), "cacheable": bool, "retire": bool}``.
    Only results that depend on the file's bytes alone are cacheable.
    """
    rid, sp = task["report_id"], task["source_path"]

    def fail(error: str, fmt: str = "unknown", retire: bool = False) -> dict[str, Any]:
        res = failures.failed_result(rid, sp, error, fmt)
        return {"result": as_payload(res), "cacheable": False, "retire": retire}

    try:
        fd = os.open(task["path"], os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return fail(failures.vanished())
    except MemoryError:
        return fail(failures.memory(max_memory_mb), retire=True)
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc)).lower()
        return fail(failures.unreadable(reason))
    if report_id_of(data) != rid:
        return fail(failures.changed())
    fmt = sniff_format(data)
    started(fmt)
    try:
        result = process(data, source_path=sp, report_id=rid, meta=task.get("meta"))
    except MemoryError:
        del data
        return fail(failures.memory(max_memory_mb), fmt, retire=True)
    except Exception as exc:  # process_document should not raise; a bug costs this file only
        return fail(f"processing crashed ({type(exc).__name__}: {exc}); please report it", fmt)
    if result.status == "failed" and "MemoryError" in (result.error or ""):
        # process_document catches every Exception, MemoryError included: name the real cause.
        return fail(failures.memory(max_memory_mb), result.format or fmt, retire=True)
    bound_result(result)  # the main process holds no more for this file than the caps allow
    # A reader or analysis bug says nothing about the file: never cached, so a fix is used at once.
    return {"result": as_payload(result), "cacheable": not result.crashed, "retire": False}


BACKSTOP_FACTOR = 4
"""The address-space cap is this many times ``--max-memory`` (at least ``BACKSTOP_MIN_MB``)
above the start-up footprint: address space is not memory (numpy and pyarrow reserve
~300 MB they never touch, OCR ~1.5 GB), so the limit itself is the parent's RSS watchdog."""
BACKSTOP_MIN_MB = 2048


def _limit_memory(max_memory_mb: int | None) -> None:
    """Cap the address space at the start-up footprint plus a generous multiple of the limit."""
    if not max_memory_mb:
        return
    budget = max(BACKSTOP_FACTOR * max_memory_mb, BACKSTOP_MIN_MB) * 1024 * 1024
    limit = _current_vm_bytes() + budget
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _current_vm_bytes() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _alive(pid: int) -> bool:
    """True while ``pid`` runs; a killed-but-unreaped (zombie) parent counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True


def _die_with_parent(parent_pid: int) -> None:
    """Exit when the run's main process goes away, even mid-parse (kill -9 of the run)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: fires when our parent exits
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if not _alive(parent_pid):
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
