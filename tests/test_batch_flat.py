"""The main process holds nothing per document: the scan, the stat index, the store's sort
keys and the post-pass keep their rows on disk (``pipeline.extract.diskdb``).

Measured with ``tracemalloc`` (Python objects the main process keeps), on N and 3N files:
what stays after the scan, a pass over its documents and the store's sorted write must not
grow with the number of files (the code before held ~0.9 KB per file: bench/RESULTS.md)."""
from __future__ import annotations

import gc
import pathlib
import shutil
import tracemalloc

import pandas as pd
import pyarrow.parquet as pq

from pipeline.agencies.postpass import write_panel_outputs
from pipeline.extract import diskdb, index as index_mod
from pipeline.extract.index import FileIndex
from pipeline.extract.ingest import scan_inputs, scan_to_disk
from pipeline.extract.settings import ROW_GROUP_BYTES_ENV
from pipeline.extract.store import StreamingStore
from pipeline.result import ReportResult

N = 500


def _files(folder: pathlib.Path, n: int) -> pathlib.Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sub = folder / f"d{i % 7}"
        sub.mkdir(exist_ok=True)
        (sub / f"报告-{i:05d}.txt").write_text(f"第{i}号 政府信息公开工作年度报告\n", encoding="utf-8")
    (folder / "d0" / "copy.txt").write_text("第1号 政府信息公开工作年度报告\n", encoding="utf-8")  # = 报告-00001
    return folder


def _held(tmp: pathlib.Path, n: int) -> int:
    """Bytes of Python objects still held after scanning ``n`` files, reading every
    document back once and storing a result for each, with everything still open."""
    folder = _files(tmp / f"in{n}", n)
    gc.collect()
    tracemalloc.start()
    try:
        index = FileIndex(tmp / f"index{n}.sqlite")
        scan = scan_to_disk([folder], tmp / f"scan{n}.sqlite", index=index)
        store = StreamingStore(tmp / f"spill{n}", "t")
        for doc in scan.docs():
            store.add(ReportResult(report_id=doc.report_id, source_path=doc.source_path, format="txt",
                                   status="ok").finalize())
        assert index.changed and scan.count == n  # the copy is folded into 报告-00001
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
        store.write(tmp / f"out{n}")
        store.close(), scan.close(), index.close()
    finally:
        tracemalloc.stop()
    return held


def test_the_scan_index_and_store_hold_nothing_per_file(tmp_path: pathlib.Path, monkeypatch) -> None:
    monkeypatch.setattr(index_mod, "RACY_NS", -10**12)  # every file is old enough to be recorded
    monkeypatch.setattr(diskdb, "BATCH", 16)  # rows buffered per round trip: bounded, but 4,096 > N
    _held(tmp_path / "warm", 20)  # imports, SQLite's statement caches
    small, large = _held(tmp_path, N), _held(tmp_path, 3 * N)
    # < 50 bytes per extra file (SQLite's cursors leave weak references, dropped every 200)
    assert large - small < 100 * N, (small, large)


def test_the_disk_scan_gives_the_documents_in_order_with_copies_folded(tmp_path: pathlib.Path, monkeypatch) -> None:
    monkeypatch.setattr(diskdb, "BATCH", 7)  # several round trips
    folder = _files(tmp_path / "in", 30)
    docs = scan_inputs([folder]).docs
    assert [d.seq for d in docs] == list(range(30)) and len({d.report_id for d in docs}) == 30
    assert [d.source_path for d in docs] == sorted(d.source_path for d in docs)
    (first,) = [d for d in docs if d.duplicate_paths]
    assert first.duplicate_paths == ["d0/copy.txt", "d1/报告-00001.txt"] and first.source_path == "d0/copy.txt"


def _readback(out: pathlib.Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / name) for name in ("panel.parquet", "agencies.parquet", "checks.parquet")}


def test_the_post_pass_cuts_row_groups_above_the_cap_with_the_same_rows(tmp_path: pathlib.Path, monkeypatch) -> None:
    """A tiny byte cap: several row groups per file, and the same rows as one write_table."""
    from tests import test_panel  # its agency pairs: cross-year checks, a re-post
    from pipeline.extract.runner import run_extract

    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    test_panel._make_inputs(inp)
    run_extract([inp], out, jobs=1, timeout=120, max_memory_mb=1024)
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    for copy in (whole, cut):
        shutil.copytree(out, copy)
    write_panel_outputs(whole)
    monkeypatch.setenv(ROW_GROUP_BYTES_ENV, "1")
    stats = write_panel_outputs(cut)
    assert stats.checks_added > 0 and stats.panel_rows >= 4
    assert pq.ParquetFile(whole / "checks.parquet").num_row_groups == 1
    assert pq.ParquetFile(cut / "checks.parquet").num_row_groups > 1
    for name, frame in _readback(whole).items():
        pd.testing.assert_frame_equal(frame, _readback(cut)[name], obj=name)
    assert not list(tmp_path.glob("*-postpass"))  # its scratch folder is gone
