"""The worker stores its own result: the cache entry is written there and the rows come
back as Arrow IPC messages, which decode to exactly the rows the main process would make."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from pipeline import PARSER_VERSION
from pipeline.extract.batch import run_isolated
from pipeline.extract.cache import ResultCache
from pipeline.extract.ingest import scan_inputs
from pipeline.extract.runner import restamp
from pipeline.extract.stored import Storage, StoredResult, StoreSpec, to_stored
from pipeline.process import process_document
from pipeline.result import REPORTS_SCHEMA
from tests import badinputs as bad
from tests.batch_util import SEED


def test_worker_caches_and_converts_and_the_main_process_gets_bytes(tmp_path):
    bad.write(tmp_path / "in" / "a.txt", SEED.read_bytes())
    bad.write(tmp_path / "in" / "copy" / "a.txt", SEED.read_bytes())  # a duplicate path to restamp
    (doc,) = scan_inputs([tmp_path / "in"]).docs
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    cache = ResultCache(cache_dir, "v-test")
    key = cache.key(doc.report_id, doc.meta)
    storage = Storage(StoreSpec(PARSER_VERSION, "v-test", str(cache_dir)), {doc.report_id: key})
    got = []
    run_isolated([doc], lambda d, r, c: got.append((r, c)), jobs=1, storage=storage)
    (stored, cacheable), = got
    assert isinstance(stored, StoredResult) and cacheable and stored.cache_entry is None

    # the worker wrote an entry that verifies, holding the result as parsed
    fresh = process_document(Path(doc.path).read_bytes(), source_path=doc.source_path, report_id=doc.report_id)
    hit = cache.get(key, doc.report_id)
    assert hit is not None and hit.facts == fresh.facts and hit.status == fresh.status

    # its messages are the bytes the main process makes from the same result, restamped
    here = to_stored(restamp(fresh, doc), PARSER_VERSION)
    assert (stored.reports_ipc, stored.facts_ipc, stored.checks_ipc, stored.sections_ipc) == \
        (here.reports_ipc, here.facts_ipc, here.checks_ipc, here.sections_ipc)
    row = pa.ipc.read_record_batch(pa.py_buffer(stored.reports_ipc), REPORTS_SCHEMA).to_pylist()[0]
    assert row["duplicate_paths"] == doc.duplicate_paths == ["a.txt", "copy/a.txt"]
    assert stored.facts == len(fresh.facts) > 0


def test_a_cluster_worker_sends_the_entry_back_instead(tmp_path):
    bad.write(tmp_path / "in" / "a.txt", SEED.read_bytes())
    (doc,) = scan_inputs([tmp_path / "in"]).docs
    storage = Storage(StoreSpec(PARSER_VERSION, "v-test", None), {doc.report_id: "k" * 16})
    got = []
    run_isolated([doc], lambda d, r, c: got.append(r), jobs=1, storage=storage)
    (stored,) = got
    assert stored.cache_entry and b'"format":"zfxxgk-result-cache/1"' in stored.cache_entry
