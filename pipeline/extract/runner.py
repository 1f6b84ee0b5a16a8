"""One ``extract`` run: scan inputs → reuse cached results → process the rest → publish.

The glue between ``ingest`` (what to read), ``cache`` (what is already known), ``batch``
(isolated processing) and ``store``/``outdir`` (atomic output).  Every input document ends
as exactly one result, so the published output always lists every document.
"""
from __future__ import annotations

import os
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from itertools import chain
from typing import Any, Callable, Iterable, Iterator

from .. import PARSER_VERSION
from .batch import TASKS_PER_WORKER, BatchStats, Executor, LocalExecutor
from .cache import SUFFIX, ResultCache
from .failures import failed_result, too_large
from .index import FILE_NAME as INDEX_FILE, FileIndex
from .ingest import InputDoc, scan_to_disk
from .manifest import CacheEntries, InputsDigest, cache_digest, stats_from_record, stats_record
from .outdir import OutputDir, refuse_output_as_input
from .settings import check_options, result_settings, row_group_bytes, worker_tasks
from .stored import Storage, StoredResult, StoreSpec, restamp as stamp
from ..result import ReportResult
from .store import StoreStats, StreamingStore
from .worker import DEFAULT_PROCESSOR, processor_spec

_MB = 1 << 20

Progress = Callable[[Any, bool], None]
"""Called once per document as it is settled: (result, came_from_cache); the result is a
``ReportResult`` or, when a worker converted it, a ``StoredResult`` (both have ``status``)."""


@dataclass
class RunSummary:
    out: Path
    store: StoreStats
    batch: BatchStats
    documents: int = 0
    cached: int = 0
    parsed: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    up_to_date: bool = False
    """Nothing changed since the run that wrote the output, so it was left as it was."""

    def line(self) -> str:
        s = self.store.statuses
        same = "output already up to date; " if self.up_to_date else ""
        return (same + f"{self.documents} documents: {s['ok']} ok, {s['partial']} partial, "
                f"{s['not_a_report']} not_a_report, {s['failed']} failed; "
                f"{self.store.facts} facts written, {self.store.checks_failed} checks failed; "
                f"{self.parsed} parsed, {self.cached} from cache; {self.seconds:.1f} s -> {self.out}")


def _cache_version() -> str:
    """PARSER_VERSION, marked when a test swaps the processor so its results never mix in."""
    spec = processor_spec()
    return PARSER_VERSION if spec == DEFAULT_PROCESSOR else f"{PARSER_VERSION}+{spec}"


def restamp(result: ReportResult, doc: InputDoc) -> ReportResult:
    """Put the document's current path(s) and sidecar sentences on a result
    (:func:`pipeline.extract.stored.restamp`)."""
    return stamp(result, doc.source_path, doc.duplicate_paths, doc.notes)


def write_panel_outputs(dest: Path) -> object:
    """``pipeline.agencies.postpass.write_panel_outputs``, imported when a run writes: the
    post-pass pulls in pyarrow.dataset and pandas (~0.9 s of CPU at start-up), which an
    up-to-date re-run, which stops before writing, never needs."""
    from ..agencies.postpass import write_panel_outputs as post_pass

    return post_pass(dest)


def write_empty(dest: Path) -> None:
    """``pipeline.agencies.postpass.write_empty`` (imported when needed, as above)."""
    from ..agencies.postpass import write_empty as empty

    empty(dest)


def _too_large(doc: InputDoc, max_memory_mb: int | None) -> str | None:
    """A file that cannot fit in a worker's memory is not sent to one (it is not a bomb)."""
    if max_memory_mb and doc.size > max_memory_mb * _MB // 2:
        return too_large(doc.size, max_memory_mb)
    return None


def run_extract(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *,
                jobs: int | None = None, force: bool = False, timeout: float | None = 300,
                max_memory_mb: int | None = 2048, progress: Progress | None = None,
                on_plan: Callable[[int], None] | None = None,
                executor: Executor | None = None) -> RunSummary:
    """Run extract; raises ``SettingsError``/``InputError``/``OutputError``/``BatchError``
    when it cannot run (before anything is written).

    ``executor`` runs the documents that need parsing (default: local worker processes,
    ``jobs``/``timeout``/``max_memory_mb``; see :class:`~pipeline.extract.batch.Executor`).

    ``on_plan(n_documents)`` is called once the inputs are known (for a progress bar).
    """
    t0 = time.monotonic()
    inputs = list(inputs)
    check_options(jobs, timeout, max_memory_mb)
    settings = result_settings()
    group_bytes = row_group_bytes()
    tasks = worker_tasks()
    refuse_output_as_input(out, inputs)
    executor = executor or LocalExecutor(jobs, timeout, max_memory_mb,
                                         TASKS_PER_WORKER if tasks is None else tasks)
    with OutputDir(out) as od, StreamingStore(od.spill_dir, PARSER_VERSION, group_bytes) as store, \
            ExitStack() as scratch:
        # what the main process knows per document is on disk, in the spill folder (diskdb)
        index = FileIndex.load(od.out / INDEX_FILE, work=od.spill_dir / "index.sqlite")
        scratch.callback(index.close)
        scan = scan_to_disk(inputs, od.spill_dir / "scan.sqlite", exclude=[od.out, *od.siblings()], index=index)
        scratch.callback(scan.close)
        cache = ResultCache(od.cache_dir, _cache_version(), settings)
        cache.clean_temp()
        entries = CacheEntries(od.spill_dir / "entries.sqlite", SUFFIX)  # file names in the cache
        scratch.callback(entries.close)
        digest = InputsDigest(f"{PARSER_VERSION} max_memory={max_memory_mb} row_group_bytes={group_bytes}")
        for doc in scan.docs():  # one pass: the digest and the cache entries the output needs
            key = None if doc.problem else cache.key(doc.report_id, doc.meta)
            digest.add(doc, key)
            if key is not None:
                entries.add(key)
        digest = digest.hexdigest()
        if on_plan:
            on_plan(scan.count)
        previous = od.record()
        known = stats_from_record(previous.get("stats") or {})
        if (not force and known is not None and previous.get("inputs") == digest
                and previous.get("cache") == cache_digest(od.cache_dir, entries) is not None):
            if index.changed:  # e.g. files touched but not changed: remember their new times
                index.save(od.out / INDEX_FILE)
            return RunSummary(out=od.out, store=known, batch=BatchStats(), documents=scan.count,
                              cached=entries.count, parsed=0, seconds=time.monotonic() - t0,
                              warnings=scan.warnings, up_to_date=True)

        def settle(result: ReportResult, cached: bool) -> None:
            store.add(result)  # its rows go to disk now; nothing per document stays in memory
            if progress:
                progress(result, cached)

        def settle_stored(stored: StoredResult) -> None:
            store.add_stored(stored)
            if progress:
                progress(stored, False)

        parsed = 0

        def to_parse() -> Iterator[InputDoc]:
            """The documents in order: settled here when they are known (a problem, a cache
            hit), handed on to be parsed otherwise; read from the scan as the executor asks."""
            nonlocal parsed
            for doc in scan.docs():
                problem = doc.problem or _too_large(doc, max_memory_mb)
                if problem:
                    status = doc.problem_status if doc.problem else "failed"
                    settle(failed_result(doc.report_id, doc.source_path, problem, status=status), False)
                    continue
                doc.cache_key = cache.key(doc.report_id, doc.meta)
                hit = None if force else cache.get(doc.cache_key, doc.report_id)
                if hit is not None:
                    settle(restamp(hit, doc), True)
                else:
                    parsed += 1
                    yield doc

        def on_result(doc: InputDoc, stored: StoredResult, cacheable: bool) -> None:
            # The worker cached and converted the result (pipeline.extract.stored): only
            # bytes to append here, so one main process keeps up with many workers.
            if stored.cache_entry is not None:  # a worker that cannot see this folder
                try:
                    cache.put_entry(doc.cache_key, stored.cache_entry)
                except OSError as exc:
                    scan.warnings.append(f"{doc.source_path}: result not cached ({exc.strerror or exc})")
                stored.cache_entry = None
            if stored.warning:
                scan.warnings.append(stored.warning)
            stored.source_path, stored.report_id = doc.source_path, doc.report_id  # shared strings
            settle_stored(stored)

        storage = Storage(StoreSpec(PARSER_VERSION, _cache_version(), str(od.cache_dir)))
        pending = to_parse()
        first = next(pending, None)  # no worker is started when nothing needs parsing
        batch = executor.run(chain([first], pending), on_result, storage) if first is not None else BatchStats()

        def write(dest: Path) -> StoreStats:
            index.save(dest / INDEX_FILE)
            stats = store.write(dest)
            try:  # agencies, panel, cross-year checks: read back from dest
                write_panel_outputs(dest)
            except Exception as exc:  # a bug here must not cost the run its main outputs
                write_empty(dest)
                scan.warnings.append(f"agencies.parquet and panel.parquet were left empty: the post-pass "
                                     f"failed ({type(exc).__name__}: {exc}); please report it")
            return stats

        stats = od.commit(write, keep_cache=entries,
                          record=lambda: {"inputs": digest, "stats": stats_record(store.stats),
                                          "cache": cache_digest(od.cache_dir, entries)})
    return RunSummary(out=od.out, store=stats, batch=batch, documents=scan.count,
                      cached=cache.hits, parsed=parsed, seconds=time.monotonic() - t0,
                      warnings=scan.warnings)
