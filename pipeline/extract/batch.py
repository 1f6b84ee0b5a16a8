"""Run documents through a pool of isolated worker processes with time and memory limits.

Workers are long-lived (interpreter start-up and imports are paid once per worker, not per
file); one that spends more than ``timeout`` seconds of CPU time on a file (its own work
and that of what it started, a LibreOffice conversion, counted as it runs; read from
``/proc`` by psutil, so a loaded machine does not shorten the limit), or that has
been blocked — not runnable, using no CPU — past the wall-clock backstop
(``WALL_BACKSTOP_FACTOR`` × ``timeout``), is killed, one whose resident memory grows more than
``max_memory_mb`` above what it held when it became ready is killed by the watchdog here
(psutil, polled while it works), one that crashes dies, and either way only the file it
held gets a ``failed`` row and a fresh worker takes its place.  A worker that has parsed
``tasks_per_worker`` documents is replaced too, between documents (multiprocessing's
``maxtasksperchild``): a long-lived parser's heap creeps up by a few KB per document, and
a fresh worker forked from the fork server starts from the same footprint every time, so
a worker's peak does not grow with the corpus.  The worker's own
address-space cap (``worker._limit_memory``) is only a generous backstop: numpy, pyarrow
and the OCR runtime reserve far more address space than they ever touch.  Results arrive in completion order; callers sort, so ``-j N`` output equals
``-j 1`` output.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
import selectors
from typing import Any, Callable, Iterable, Iterator, Protocol

import psutil

from .. import interrupted
from . import failures
from .ingest import InputDoc
from .stored import Storage, StoredResult, settle_here
from ..result import ReportResult
from .worker import processor_spec, worker_main

OnResult = Callable[[InputDoc, Any, bool], None]
"""Called in the parent for every document: (doc, result, cacheable).  The result is a
``ReportResult``, or a ``StoredResult`` when the run gave a ``Storage`` (the worker then
cached and converted it: ``pipeline.extract.stored``)."""

_POLL = 0.5  # seconds the loop waits at most when nothing else happens
_MEMORY_POLL = 0.1  # seconds between two looks at a busy worker's resident memory
_CPU_POLL = 0.5  # seconds between two looks at a busy worker's CPU time

WALL_BACKSTOP_FACTOR = 10
"""A document's wall-clock backstop is this many times ``--timeout`` (300 s: 50 min).  The
limit is CPU time, the document's own work; wall time only ends a document that is blocked
(waiting on storage that stopped answering, a pipe, a lock) and so never spends its CPU.
Past the backstop a worker is stopped at the first look that finds none of its threads
runnable and its CPU time unchanged since the look before: a worker that is working but
waiting for a core on a loaded machine (load 20 on 2 cores gives it about a tenth of one)
is runnable, and only the CPU limit stops it."""
_MAX_START_FAILURES = 3

TASKS_PER_WORKER = 1000
"""Documents a worker parses before a fresh one takes its place (see module doc).  Measured
on this project's text reports: ~4 KB of resident memory kept per document, ~0.5 s of CPU
to start a worker (about 40 documents' worth), so 1,000 costs ~4 % of the parse time and
bounds the creep at ~4 MB per worker whatever the corpus size."""


class BatchError(Exception):
    """The pool cannot run at all (workers fail to start): the run cannot happen."""


def _context() -> mp.context.BaseContext:
    """forkserver: cheap replacement workers forked from a clean, pre-imported process."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.extract.worker", "pipeline.process", "parsers.text"])
        _start_forkserver_deaf_to_ctrl_c()
        return ctx
    return mp.get_context("spawn")


def _start_forkserver_deaf_to_ctrl_c() -> None:
    """Start the fork server with SIGINT blocked: it inherits the mask, so a Ctrl-C while it
    imports its preload waits, undelivered, until the server ignores SIGINT for good
    (``multiprocessing.forkserver.main``), which discards it — no traceback from it (the run's
    main process answers Ctrl-C alone; workers ignore it too).  Blocked, not ignored: a Ctrl-C
    that reaches this process meanwhile stays pending and is delivered when the mask is put
    back (KeyboardInterrupt, as anywhere else), where an ignored one was lost and the run went
    on.  Only the main thread may do this; elsewhere (dask worker threads) the server starts
    as multiprocessing starts it.  The resource tracker the server needs is started first:
    it shields its own start the same way, and unblocks SIGINT when done."""
    if threading.current_thread() is not threading.main_thread():
        return
    from multiprocessing import forkserver, resource_tracker

    resource_tracker.ensure_running()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@dataclass
class _Worker:
    proc: Any
    conn: Any
    ready: bool = False
    doc: InputDoc | None = None
    deadline: float | None = None
    fmt: str = "unknown"
    retiring: bool = False
    tasks: int = 0  # documents it has finished
    ps: Any = None  # psutil.Process, once the worker is ready
    base_rss: int = 0  # its resident memory then: a document's budget is counted above it
    cpu: float = 0.0  # its CPU seconds (self and reaped children) when it last reported them
    doc_cpu: float = 0.0  # ... when its current document was sent: the CPU limit counts above it
    seen_cpu: float = -1.0  # ... at the backstop's previous look (-1: none yet)


@dataclass
class BatchStats:
    processed: int = 0
    timeouts: int = 0  # CPU limit and wall-clock backstop together
    blocked: int = 0  # of those, the wall-clock backstop
    crashes: int = 0
    memory_kills: int = 0
    workers_started: int = 0
    failures: list[str] = field(default_factory=list)


class WorkerPool:
    """Up to ``jobs`` workers; see module doc."""

    def __init__(self, jobs: int, timeout: float | None, max_memory_mb: int | None,
                 spec: str | None = None, storage: Storage | None = None,
                 tasks_per_worker: int | None = TASKS_PER_WORKER) -> None:
        self.jobs = max(1, jobs)
        self.tasks_per_worker = tasks_per_worker or None  # None / 0: a worker serves until the end
        self.storage = storage
        self.timeout = timeout if timeout and timeout > 0 else None
        self.max_memory_mb = max_memory_mb or None
        self.spec = spec or processor_spec()
        self.ctx = _context()
        self.workers: list[_Worker] = []
        self.stats = BatchStats()
        self._start_failures = 0
        self._next_look = 0.0  # monotonic time of the watchdog's next look at memory
        self._next_cpu_look = 0.0  # ... and at CPU time
        # One selector for the run, kept up to date as workers come and go: building one per
        # wait (``multiprocessing.connection.wait``) cost the main process more per document
        # than everything else it does.
        self._selector = selectors.DefaultSelector()

    # -- worker lifecycle -------------------------------------------------------------
    def _spawn(self) -> _Worker:
        parent_conn, child_conn = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=worker_main, name="zfxxgk-worker", daemon=True,
                                args=(child_conn, self.spec, self.max_memory_mb, os.getpid()))
        proc.start()
        child_conn.close()
        self.stats.workers_started += 1
        w = _Worker(proc=proc, conn=parent_conn)
        self.workers.append(w)
        self._selector.register(parent_conn.fileno(), selectors.EVENT_READ, w)
        self._selector.register(proc.sentinel, selectors.EVENT_READ, w)
        return w

    def _reap(self, w: _Worker, kill: bool = False) -> int | None:
        if kill and w.proc.is_alive():
            _kill_descendants(w)
            w.proc.kill()
        w.proc.join(timeout=5)
        for fd in (w.conn, w.proc.sentinel):
            try:
                self._selector.unregister(fd)
            except (KeyError, ValueError, OSError):
                pass
        try:
            w.conn.close()
        except OSError:
            pass
        if w in self.workers:
            self.workers.remove(w)
        return w.proc.exitcode

    def close(self) -> None:
        for w in list(self.workers):
            if w.doc is None and w.proc.is_alive():
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in list(self.workers):
            w.proc.join(timeout=2)
            self._reap(w, kill=True)
        self._selector.close()
        self._selector = selectors.DefaultSelector()  # a pool may be fed again after close

    # -- scheduling -------------------------------------------------------------------
    def run(self, docs: Iterable[InputDoc], on_result: OnResult) -> BatchStats:
        """Process every doc exactly once (each gets exactly one ``on_result`` call)."""
        try:
            self.feed(docs, on_result)
        finally:
            self.close()
        return self.stats

    def feed(self, docs: Iterable[InputDoc], on_result: OnResult) -> None:
        """Process ``docs`` and keep the workers for the next call (``close`` ends them).

        ``docs`` is read as workers become free (a few ahead): a generator over a scan on
        disk is never held whole."""
        pending = _Pending(iter(docs), self.jobs)
        while pending or any(w.doc for w in self.workers):
            interrupted.check()  # a Ctrl-C a __del__ swallowed ends the run as any Ctrl-C does
            self._fill(pending)
            self._step(pending, on_result)

    def _fill(self, pending: "_Pending") -> None:
        while len(self.workers) < min(self.jobs, len(pending) + self._busy()):
            self._spawn()
        for w in self.workers:
            if pending and w.ready and w.doc is None and not w.retiring:
                doc = pending.popleft()
                try:
                    w.conn.send(task_of(doc, self.storage))
                except OSError:
                    pending.appendleft(doc)  # it died between tasks; _step will reap it
                    continue
                w.doc, w.fmt, w.doc_cpu, w.seen_cpu = doc, "unknown", w.cpu, -1.0
                w.deadline = time.monotonic() + WALL_BACKSTOP_FACTOR * self.timeout if self.timeout else None

    def _busy(self) -> int:
        return sum(1 for w in self.workers if w.doc is not None)

    def _step(self, pending: "_Pending", on_result: OnResult) -> None:
        # the limits are checked at looks (every _CPU_POLL / _MEMORY_POLL), not at exact deadlines
        wait_for = _MEMORY_POLL if self.max_memory_mb and self._busy() else _POLL
        if self.timeout and self._busy():
            wait_for = min(wait_for, max(0.0, self._next_cpu_look - time.monotonic()))
        ready = {key.fd for key, _ in self._selector.select(wait_for)} if self.workers else set()
        for w in list(self.workers):
            if w.conn.fileno() in ready:
                self._drain(w, on_result, once=True)
        for w in list(self.workers):
            # the sentinel turns readable when the process ends: no per-step waitpid needed
            if w in self.workers and w.proc.sentinel in ready:
                self._drain(w, on_result)
                self._died(w, on_result)
        self._watch_memory(on_result)
        self._watch_time(on_result)

    def _watch_time(self, on_result: OnResult) -> None:
        """Stop a busy worker past its CPU limit, or blocked past its wall-clock backstop (see
        ``WALL_BACKSTOP_FACTOR``).  Looks every ``_CPU_POLL`` seconds: a document shorter than
        that is never looked at (its baseline came with the worker's previous message)."""
        if not self.timeout:
            return
        now = time.monotonic()
        if now < self._next_cpu_look:
            return
        self._next_cpu_look = now + _CPU_POLL
        for w in list(self.workers):
            if w.doc is None:
                continue
            if w.ps is None:  # psutil could not open it: the wall-clock backstop alone applies
                if w.deadline is not None and now >= w.deadline:
                    self._time_out(w, on_result, failures.blocked(self.timeout, WALL_BACKSTOP_FACTOR))
                continue
            try:
                used = _cpu_seconds(w.ps.cpu_times()) - w.doc_cpu + _descendants_cpu(w.ps.pid)
            except psutil.Error:
                continue  # it is exiting: its sentinel says why
            if used > self.timeout:
                self._time_out(w, on_result, failures.timeout(self.timeout))
            elif w.deadline is not None and now >= w.deadline:
                blocked = used == w.seen_cpu and not _runnable(w.ps)
                w.seen_cpu = used
                if blocked:
                    self.stats.blocked += 1
                    self._time_out(w, on_result, failures.blocked(self.timeout, WALL_BACKSTOP_FACTOR))

    def _time_out(self, w: _Worker, on_result: OnResult, sentence: str) -> None:
        doc, fmt = w.doc, w.fmt
        assert doc is not None
        self._reap(w, kill=True)
        self.stats.timeouts += 1
        self._emit(on_result, doc, failures.failed_result(doc.report_id, doc.source_path, sentence, fmt), False)

    def _watch_memory(self, on_result: OnResult) -> None:
        """Kill a busy worker whose resident memory passed its budget (the "memory limit" row).

        Looks every ``_MEMORY_POLL`` seconds, as documented, not at every step: a step runs
        for every message (two per document), and a look costs ~30 us per busy worker
        (``psutil`` reads ``/proc``), which on short documents added up to a noticeable
        share of the main process's CPU per document."""
        if not self.max_memory_mb:
            return
        now = time.monotonic()
        if now < self._next_look:
            return
        self._next_look = now + _MEMORY_POLL
        budget = self.max_memory_mb * 1024 * 1024
        for w in list(self.workers):
            if w.doc is None or w.ps is None:
                continue
            try:
                rss = w.ps.memory_info().rss
            except psutil.Error:
                continue  # it is exiting: its sentinel says why
            if rss - w.base_rss > budget:
                doc, fmt = w.doc, w.fmt
                self._reap(w, kill=True)
                self.stats.memory_kills += 1
                self._emit(on_result, doc, failures.failed_result(
                    doc.report_id, doc.source_path, failures.memory(self.max_memory_mb), fmt), False)

    def _drain(self, w: _Worker, on_result: OnResult, once: bool = False) -> None:
        """Handle every message the worker has sent so far (``once``: the one the selector
        saw; another still waiting keeps the pipe readable for the next select, and
        ``conn.poll`` builds a selector of its own per call)."""
        while True:
            try:
                if not once and not w.conn.poll():
                    return
                kind, payload = w.conn.recv()
            except (EOFError, OSError):
                return
            if kind == "ready":
                w.ready = True
                self._start_failures = 0
                w.cpu = payload.get("cpu", 0.0)
                self._measure(w)
            elif kind == "started":
                w.fmt = payload
            elif kind == "done" and w.doc is not None:
                doc, w.doc, w.deadline = w.doc, None, None
                w.cpu = payload.get("cpu", w.cpu)
                w.tasks += 1
                if payload.get("retire"):
                    w.retiring = True  # it leaves by itself (after a MemoryError)
                elif self._swollen(w) or self._worn(w):
                    self._stop(w)
                result = payload["stored"] if "stored" in payload else ReportResult(**payload["result"])
                self._emit(on_result, doc, result, bool(payload.get("cacheable")))
            elif kind == "fatal":
                self._reap(w, kill=True)
                raise BatchError(payload)
            if once:
                return

    def _swollen(self, w: _Worker) -> bool:
        """A worker that kept more than half its budget after a document is replaced (the next
        document would start with less than it is owed)."""
        if w.ps is None or not self.max_memory_mb:
            return False
        try:
            kept = w.ps.memory_info().rss - w.base_rss
        except psutil.Error:
            return False
        return kept > self.max_memory_mb * 1024 * 1024 // 2

    def _worn(self, w: _Worker) -> bool:
        """A worker that has served its ``tasks_per_worker`` documents is replaced."""
        return self.tasks_per_worker is not None and w.tasks >= self.tasks_per_worker

    def _stop(self, w: _Worker) -> None:
        """Tell an idle worker to leave: it gets no more documents, and once its process has
        ended (its sentinel) it is reaped and a fresh one is started if work remains."""
        w.retiring = True
        try:
            w.conn.send(None)
        except OSError:
            pass

    def _measure(self, w: _Worker) -> None:
        """Start watching a worker that just became ready (imports and tables loaded)."""
        if not self.max_memory_mb and not self.timeout:
            return
        try:
            w.ps = psutil.Process(w.proc.pid)
            w.base_rss = w.ps.memory_info().rss if self.max_memory_mb else 0
        except psutil.Error:
            w.ps = None

    def _died(self, w: _Worker, on_result: OnResult) -> None:
        doc, fmt, was_ready = w.doc, w.fmt, w.ready
        code = self._reap(w)
        if doc is not None:
            self.stats.crashes += 1
            self._emit(on_result, doc, failures.failed_result(
                doc.report_id, doc.source_path, failures.crashed(code), fmt), False)
        elif not was_ready:
            self._start_failures += 1
            if self._start_failures >= _MAX_START_FAILURES:
                raise BatchError(f"worker processes die at start-up (exit code {code})")

    def _emit(self, on_result: OnResult, doc: InputDoc, result: ReportResult | StoredResult,
              cacheable: bool) -> None:
        self.stats.processed += 1
        if self.storage is not None and isinstance(result, ReportResult):  # made here: timeout, crash
            result = settle_here(result, self.storage.spec, doc)
        on_result(doc, result, cacheable)


def _cpu_seconds(times: Any) -> float:
    """CPU seconds of a process and of its children it has waited for (a LibreOffice
    conversion once it ended; while it runs, ``_descendants_cpu``): ``os.times()`` in the
    worker and ``psutil``'s ``cpu_times()`` here read the same counters."""
    return times.user + times.system + times.children_user + times.children_system


def _descendants_cpu(pid: int) -> float:
    """CPU seconds of the processes below ``pid`` that it has not waited for yet (a LibreOffice
    conversion while it runs, with what that reaped itself), so the ``--timeout`` limit counts
    them as it goes, not only once the worker reaped them.  Read after the worker's own times:
    a child reaped in between is missed at this look (never counted twice)."""
    total, todo = 0.0, _children(pid)
    while todo:
        kid = todo.pop()
        try:
            total += _cpu_seconds(psutil.Process(kid).cpu_times())
        except psutil.Error:
            continue  # gone (reaped: the worker's own children_* hold it now)
        todo += _children(kid)
    return total


def _children(pid: int) -> list[int]:
    """Direct children of ``pid``: from ``/proc/PID/task/TID/children`` (Linux; ~15 us, where
    psutil's ``children()`` reads every process's stat, ~1.5 ms on a quiet machine), else psutil."""
    try:
        tids = os.listdir(f"/proc/{pid}/task")
        out: list[int] = []
        for tid in tids:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += map(int, fh.read().split())
        return out
    except FileNotFoundError:
        if os.path.isdir(f"/proc/{pid}/task"):  # the process is there, the kernel has no such file
            try:
                return [c.pid for c in psutil.Process(pid).children()]
            except psutil.Error:
                return []
        return []
    except OSError:
        return []


def _runnable(ps: Any) -> bool:
    """Is any thread of the process running or waiting for a core (state R)?  A worker whose
    threads all sleep or wait for I/O is blocked, not starved.  Linux reads each thread's
    state; elsewhere the process's own state."""
    try:
        task = f"/proc/{ps.pid}/task"
        if os.path.isdir(task):
            for tid in os.listdir(task):
                try:
                    with open(f"{task}/{tid}/stat") as fh:
                        if fh.read().rsplit(")", 1)[1].split()[0] == "R":
                            return True
                except (OSError, IndexError):
                    continue
            return False
        return ps.status() == psutil.STATUS_RUNNING
    except (OSError, psutil.Error):
        return False


def _kill_descendants(w: _Worker) -> None:
    """Kill what a worker started before the worker itself: a LibreOffice conversion runs in a
    session of its own, so neither the worker's death nor its process group would end it."""
    try:
        kids = psutil.Process(w.proc.pid).children(recursive=True)
    except psutil.Error:
        return
    for kid in kids:
        try:
            kid.kill()
        except psutil.Error:
            pass


class _Pending:
    """The documents not yet handed out: up to ``ahead`` read from ``docs`` at a time, so
    ``len`` (up to ``ahead``) says how many workers there is work for, as a list's would."""

    def __init__(self, docs: Iterator[InputDoc], ahead: int) -> None:
        self._docs, self._ahead = docs, max(1, ahead)
        self._buf: deque[InputDoc] = deque()
        self._done = False

    def _top_up(self) -> None:
        while not self._done and len(self._buf) < self._ahead:
            doc = next(self._docs, None)
            if doc is None:
                self._done = True
            else:
                self._buf.append(doc)

    def __len__(self) -> int:
        self._top_up()
        return len(self._buf)

    def popleft(self) -> InputDoc:
        self._top_up()
        return self._buf.popleft()

    def appendleft(self, doc: InputDoc) -> None:
        self._buf.appendleft(doc)


def task_of(doc: InputDoc, storage: Storage | None = None) -> dict[str, Any]:
    """The task a worker gets for ``doc`` (see ``pipeline.extract.worker``)."""
    task = {"path": str(doc.path), "report_id": doc.report_id, "source_path": doc.source_path,
            "meta": doc.meta}
    if storage is not None:
        task.update(storage.task_fields(doc.report_id, doc.duplicate_paths, doc.notes, doc.cache_key))
    return task


class Executor(Protocol):
    """Runs documents somewhere and reports each result back here, exactly once per doc.

    Implementations: :class:`LocalExecutor` (worker processes on this machine) and
    ``pipeline.extract.executor_dask.DaskExecutor`` (a dask.distributed cluster).  Both give
    every document the same isolation, limits and failure sentences, so the output of a
    run does not depend on where it ran.
    """

    def run(self, docs: Iterable[InputDoc], on_result: OnResult, storage: Storage | None = None) -> BatchStats: ...


@dataclass
class LocalExecutor:
    """``jobs`` isolated worker processes on this machine (see :class:`WorkerPool`)."""

    jobs: int | None = None
    timeout: float | None = 300
    max_memory_mb: int | None = 2048
    tasks_per_worker: int | None = TASKS_PER_WORKER

    def run(self, docs: Iterable[InputDoc], on_result: OnResult, storage: Storage | None = None) -> BatchStats:
        return run_isolated(docs, on_result, jobs=self.jobs, timeout=self.timeout,
                            max_memory_mb=self.max_memory_mb, storage=storage,
                            tasks_per_worker=self.tasks_per_worker)


def run_isolated(docs: Iterable[InputDoc], on_result: OnResult, *, jobs: int | None = None,
                 timeout: float | None = 300, max_memory_mb: int | None = 2048,
                 spec: str | None = None, storage: Storage | None = None,
                 tasks_per_worker: int | None = TASKS_PER_WORKER) -> BatchStats:
    """Process ``docs`` (a list, or an iterator read as workers free up) in worker
    processes; every doc gets exactly one result."""
    if isinstance(docs, (list, tuple)) and not docs:
        return BatchStats()
    pool = WorkerPool(jobs or os.cpu_count() or 1, timeout, max_memory_mb, spec, storage, tasks_per_worker)
    return pool.run(docs, on_result)


__all__ = ["BatchError", "BatchStats", "Executor", "LocalExecutor", "TASKS_PER_WORKER", "WALL_BACKSTOP_FACTOR",
           "WorkerPool", "run_isolated", "task_of"]
