"""Run documents as tasks on a dask.distributed cluster instead of local worker processes.

Each task carries the file's path (inputs must be on storage every worker sees under the
same path) and runs there exactly as a local run does: in a child process of the dask
worker, with the same time and memory limits and the same failure sentences
(:class:`~pipeline.extract.batch.WorkerPool`, one per worker thread, kept between tasks).
Results come back to this process as tasks finish and go to the same writer as local
results, so the output is byte-identical to a local run.  Only a bounded number of tasks
is in flight at a time, so neither the scheduler nor this process holds the whole corpus.

Dask worker processes are daemonic by default, and a daemonic process may not start
children: start workers with ``DASK_DISTRIBUTED__WORKER__DAEMON=False`` (README).
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import threading
from dataclasses import dataclass
from typing import Any, Iterable

from . import failures
from .batch import BatchError, BatchStats, OnResult, WorkerPool, task_of
from .stored import STORE_KEY, Storage, StoredResult, StoreSpec, settle_here
from .ingest import InputDoc
from .worker import as_payload, processor_spec
from ..result import ReportResult

_IN_FLIGHT_PER_THREAD = 2
_local = threading.local()


class DaskSetupError(BatchError):
    """The cluster cannot run our tasks (unreachable scheduler, daemonic workers, …)."""


def run_on_worker(task: dict[str, Any], timeout: float | None, max_memory_mb: int | None,
                  spec: str) -> dict[str, Any]:
    """The task body on a dask worker: one document through an isolated child process."""
    if multiprocessing.current_process().daemon:
        raise DaskSetupError(
            "the dask worker is a daemonic process and cannot start the child process a document "
            "runs in; start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False")
    pool = getattr(_local, "pool", None)
    if pool is None or (pool.timeout, pool.max_memory_mb, pool.spec) != (
            timeout if timeout and timeout > 0 else None, max_memory_mb or None, spec):
        if pool is not None:
            pool.close()
        pool = _local.pool = WorkerPool(1, timeout, max_memory_mb, spec)
    doc = InputDoc(source_path=task["source_path"], path=task["path"], report_id=task["report_id"],
                   meta=task["meta"], duplicate_paths=list(task.get("duplicate_paths") or ()),
                   notes=list(task.get("notes") or ()))
    storage = None
    if task.get(STORE_KEY):
        key = task.get("cache_key")
        storage = Storage(StoreSpec(**task[STORE_KEY]), {doc.report_id: key} if key else {})
    pool.storage = storage
    out: dict[str, Any] = {}

    def keep(_doc: InputDoc, result: ReportResult | StoredResult, cacheable: bool) -> None:
        if isinstance(result, StoredResult):
            out.update(stored=result, cacheable=cacheable)
        else:
            out.update(result=as_payload(result), cacheable=cacheable)

    pool.feed([doc], keep)
    return out


@dataclass
class DaskExecutor:
    """Send documents to the dask scheduler at ``scheduler`` (``tcp://host:8786``) or a ``Client``."""

    scheduler: Any
    timeout: float | None = 300
    max_memory_mb: int | None = 2048
    connect_timeout: float = 30.0

    def run(self, docs: Iterable[InputDoc], on_result: OnResult, storage: Storage | None = None) -> BatchStats:
        from distributed import Client, as_completed

        stats = BatchStats()
        if isinstance(docs, (list, tuple)) and not docs:
            return stats
        own = not isinstance(self.scheduler, Client)
        try:
            client = Client(self.scheduler, set_as_default=False, timeout=self.connect_timeout) if own else self.scheduler
        except (OSError, TimeoutError, ValueError) as exc:
            raise DaskSetupError(f"cannot reach the dask scheduler at {self.scheduler}: {exc}") from exc
        try:
            threads = sum(client.nthreads().values()) or 1
            spec = processor_spec()
            if storage is not None:  # the cluster's workers may not see the output folder:
                # each cache entry's bytes come back with its result and are written here.
                storage = Storage(dataclasses.replace(storage.spec, cache_dir=None), storage.keys)
            pending = iter(enumerate(docs))
            by_future: dict[Any, InputDoc] = {}
            done = as_completed(loop=client.loop)

            def submit_next() -> None:
                item = next(pending, None)
                if item is None:
                    return
                i, doc = item
                task = task_of(doc, storage)
                task["path"] = os.path.abspath(doc.path)
                fut = client.submit(run_on_worker, task, self.timeout, self.max_memory_mb, spec,
                                    key=f"zfxxgk-{i}-{doc.report_id}", pure=False)
                by_future[fut] = doc
                done.add(fut)

            for _ in range(threads * _IN_FLIGHT_PER_THREAD):
                submit_next()
            for fut in done:
                doc = by_future.pop(fut)
                result, cacheable = self._collect(fut, doc)
                if storage is not None and isinstance(result, ReportResult):  # lost by the cluster
                    result = settle_here(result, storage.spec, doc)
                fut.release()
                stats.processed += 1
                on_result(doc, result, cacheable)
                submit_next()
        finally:
            if own:
                client.close()
        return stats

    @staticmethod
    def _collect(fut: Any, doc: InputDoc) -> tuple[ReportResult | StoredResult, bool]:
        try:
            reply = fut.result()
        except DaskSetupError:
            raise
        except Exception as exc:  # noqa: BLE001 - the cluster lost it (worker died, …): this file only
            return failures.failed_result(doc.report_id, doc.source_path, failures.cluster_lost(exc)), False
        if "stored" in reply:
            return reply["stored"], bool(reply["cacheable"])
        return ReportResult(**reply["result"]), bool(reply["cacheable"])


__all__ = ["DaskExecutor", "DaskSetupError", "run_on_worker"]
