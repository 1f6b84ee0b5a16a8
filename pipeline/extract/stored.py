"""A document's result in the form the writer stores it: its rows as Arrow IPC bytes.

Converting rows to Arrow, checking the year and writing the cache entry cost more CPU per
document than anything else the main process did, and one main process serves every
worker, so it capped ``-j`` at about three worker cores.  So the worker that parsed a
document also does that work (:func:`settle_in_worker`) and sends back a
:class:`StoredResult`: the four tables' record batches serialized as IPC messages, plus
the few fields the run's summary and sort order need.  The main process only appends the
bytes to its spill files (:class:`~pipeline.extract.store.StreamingStore.add_stored`).

The same functions run in the main process for the few results made there (cache hits,
timeouts, crashes, files never sent to a worker), so a document is stored the same way
wherever it was parsed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import pyarrow as pa

from .cache import entry_bytes, write_entry
from ..result import ReportResult

STORE_KEY = "store"
"""Key of the task field that asks a worker for a :class:`StoredResult` (its value: a
:class:`StoreSpec` as a dict)."""


@dataclass(frozen=True, slots=True)
class StoreSpec:
    """What a worker needs to store a result: plain values, so it travels in a task.

    ``cache_dir`` is where the worker writes cache entries itself (a local run); ``None``
    sends each entry's bytes back instead, for workers that cannot see the output folder
    (a cluster), and the main process writes them.
    """

    parser_version: str
    cache_version: str
    cache_dir: str | None = None


@dataclass(frozen=True, slots=True)
class Storage:
    """A run's :class:`StoreSpec`, and cache keys by ``report_id`` for documents that do
    not carry their own (``InputDoc.cache_key``; documents without a key are not cached)."""

    spec: StoreSpec
    keys: Mapping[str, str] = field(default_factory=dict)

    def task_fields(self, report_id: str, duplicate_paths: Sequence[str], notes: Sequence[str],
                    key: str | None = None) -> dict[str, Any]:
        """The fields a task needs beyond the file: the store spec, its cache key (``key``,
        else the one ``keys`` gives) and stamp."""
        spec = self.spec  # (dataclasses.asdict per task showed in the main process's profile)
        return {STORE_KEY: {"parser_version": spec.parser_version, "cache_version": spec.cache_version,
                            "cache_dir": spec.cache_dir},
                "cache_key": key if key is not None else self.keys.get(report_id),
                "duplicate_paths": list(duplicate_paths), "notes": list(notes)}


@dataclass(slots=True)
class StoredResult:
    """One document's rows, serialized, and what the summary and the sort order need."""

    source_path: str
    report_id: str
    status: str
    year: int
    """The facts' partition (``store.UNKNOWN_YEAR`` when the year is not known)."""
    facts: int
    checks_failed: int
    reports_ipc: bytes
    facts_ipc: bytes
    checks_ipc: bytes
    sections_ipc: bytes
    cache_entry: bytes | None = None
    """The cache entry's bytes, when the worker could not write it (``StoreSpec.cache_dir``)."""
    warning: str | None = None
    """A sentence for the run's warnings (e.g. the entry could not be cached)."""


def restamp(result: ReportResult, source_path: str, duplicate_paths: Sequence[str],
            notes: Sequence[str]) -> ReportResult:
    """Put the document's current path(s) on a result (cached results may carry old ones),
    and the sentences about its sidecar (they depend on the sidecar as written, not on the
    checked fields the cache key holds)."""
    result.source_path = source_path
    result.duplicate_paths = list(duplicate_paths)
    if notes:
        result.error = "; ".join(([result.error] if result.error else []) + list(notes))
    return result.finalize()


def _ipc(table: pa.Table) -> bytes:
    """A one-batch table as one IPC message; ``b""`` when it has no rows."""
    if table.num_rows == 0:
        return b""
    batches = table.to_batches()
    batch = batches[0] if len(batches) == 1 else table.combine_chunks().to_batches()[0]
    return batch.serialize().to_pybytes()


def to_stored(result: ReportResult, parser_version: str, *, copy: bool = True) -> StoredResult:
    """Check and convert a (restamped) result for storage (``copy=False``: the caller's
    result may be changed, as a worker's is thrown away)."""
    from .store import UNKNOWN_YEAR, convert, prepare

    r, (rep, fac, chk, sec) = convert(prepare(result, copy=copy), parser_version)
    return StoredResult(
        source_path=r.source_path, report_id=r.report_id, status=r.status,
        year=UNKNOWN_YEAR if r.year is None else int(r.year), facts=fac.num_rows,
        checks_failed=sum(1 for c in r.checks if not c.get("passed")),
        reports_ipc=_ipc(rep), facts_ipc=_ipc(fac), checks_ipc=_ipc(chk), sections_ipc=_ipc(sec))


def warm_up_storage() -> None:
    """Convert one empty result, so Arrow's libraries and memory pool are mapped at a
    worker's start-up, before its address-space cap (they would take room under it)."""
    to_stored(ReportResult(report_id="0" * 16, source_path="warm-up", format="txt", status="failed"),
              "warm-up", copy=False)


def settle_here(result: ReportResult, spec: StoreSpec, doc: Any) -> StoredResult:
    """In the main process: restamp a result made here for ``doc`` (an ``InputDoc``) and
    convert it; nothing is cached (only a worker's own results are)."""
    restamp(result, doc.source_path, doc.duplicate_paths, doc.notes)
    return to_stored(result, spec.parser_version, copy=False)


def settle_in_worker(result: ReportResult, cacheable: bool, task: Mapping[str, Any]) -> StoredResult:
    """In the worker: cache the result as parsed, restamp it, and convert it for storage."""
    spec = StoreSpec(**task[STORE_KEY])
    key = task.get("cache_key")
    entry, warning = None, None
    if cacheable and key:
        data = entry_bytes(key, spec.cache_version, result)
        if spec.cache_dir is None:
            entry = data
        else:
            try:
                write_entry(spec.cache_dir, key, data)
            except OSError as exc:
                warning = f"{task['source_path']}: result not cached ({exc.strerror or exc})"
    restamp(result, task["source_path"], task.get("duplicate_paths") or (), task.get("notes") or ())
    stored = to_stored(result, spec.parser_version, copy=False)
    stored.cache_entry, stored.warning = entry, warning
    return stored


__all__ = ["STORE_KEY", "StoreSpec", "Storage", "StoredResult", "restamp", "settle_here", "settle_in_worker", "to_stored", "warm_up_storage"]
