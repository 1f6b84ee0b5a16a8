"""The streaming store writes the same bytes as writing every result at once, in one order.

The reference below is the store as it was before it streamed (all results in memory,
sorted, concatenated, one ``pq.write_table`` per file): the streamed files must equal its
files byte for byte, whatever order the results arrive in.
"""
from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import pytest

from pipeline.extract import store
from pipeline.extract.stored import to_stored
from pipeline.extract.store import (FACTS_FILE_SCHEMA, UNKNOWN_YEAR, StreamingStore, _convert,
                                    prepare, sort_results)
from pipeline.result import CHECKS_SCHEMA, REPORTS_SCHEMA, SECTIONS_SCHEMA, ReportResult


def reference_write(results, dest: Path, parser_version: str, row_group_size=None) -> None:
    """The all-in-memory writer (the store before streaming)."""
    reports, checks, sections, by_year = [], [], [], {}
    for r in sort_results(results):
        r, (rep, fac, chk, sec) = _convert(prepare(r), parser_version)
        reports.append(rep), checks.append(chk), sections.append(sec)
        if fac.num_rows:
            by_year.setdefault(UNKNOWN_YEAR if r.year is None else int(r.year), []).append(fac)

    def write(tables, schema, path):
        path.parent.mkdir(parents=True, exist_ok=True)
        table = pa.concat_tables(tables) if tables else schema.empty_table()
        pq.write_table(table, path, row_group_size=row_group_size)

    write(reports, REPORTS_SCHEMA, dest / "reports.parquet")
    write(checks, CHECKS_SCHEMA, dest / "checks.parquet")
    write(sections, SECTIONS_SCHEMA, dest / "sections.parquet")
    if not by_year:
        write([], FACTS_FILE_SCHEMA, dest / "facts" / f"year={UNKNOWN_YEAR}" / "part-0.parquet")
    for year in sorted(by_year):
        write(by_year[year], FACTS_FILE_SCHEMA, dest / "facts" / f"year={year}" / "part-0.parquet")


def _result(rng: random.Random, i: int) -> ReportResult:
    n = rng.choice([0, 0, 1, 5, 40, 130])
    facts = [{"section": "requests", "category": rng.choice(["requests.new", "requests.granted"]),
              "applicant_type": rng.choice(["total", "natural_person"]), "count": rng.randrange(10**6),
              "amount": None if k % 3 else rng.random() * 100, "unit": "件", "label_zh": "予以公开",
              "raw_label": "（一）予以公开" * rng.randrange(1, 4), "raw_value": str(k),
              "page": rng.choice([None, 1, 2])} for k in range(n)]
    checks = [{"check": "requests.balance", "scope": "total", "expected": float(k), "actual": float(k + (k % 2)),
               "passed": k % 2 == 0} for k in range(rng.randrange(4))]
    sections = [{"number": k, "heading": f"{'一二三四五六'[k - 1]}、标题", "text": "正文" * rng.randrange(200)}
                for k in range(1, rng.randrange(1, 7))]
    return ReportResult(report_id=f"{rng.getrandbits(64):016x}", source_path=f"{rng.choice('abc')}/{i:05d}.txt",
                        format=rng.choice(["txt", "pdf", "html"]), status=rng.choice(["ok", "partial", "failed"]),
                        error=rng.choice([None, "某个句子"]), agency=f"机关{i % 17}",
                        year=rng.choice([2021, 2022, 2023, None, 12345]), template="2021", title=f"t{i}",
                        n_pages=rng.choice([None, 3]), facts=facts, checks=checks, sections=sections).finalize()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def _stream(results, dest: Path, spill: Path) -> None:
    with StreamingStore(spill, "v") as s:
        for r in results:
            s.add(r)
        s.write(dest)
    assert not spill.exists()


@pytest.mark.parametrize("order_seed", [1, 2])
def test_streamed_files_equal_the_all_at_once_files(tmp_path, order_seed):
    rng = random.Random(7)
    results = [_result(rng, i) for i in range(300)]
    reference_write(results, tmp_path / "ref", "v")
    shuffled = results[:]
    random.Random(order_seed).shuffle(shuffled)  # completion order is not sorted order
    _stream(shuffled, tmp_path / "new", tmp_path / "spill")
    ref, new = _files(tmp_path / "ref"), _files(tmp_path / "new")
    assert len(ref) == 7 and ref == new  # reports, checks, sections, 4 years (0 = unknown)


def test_row_groups_cut_where_write_table_cuts_them(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "ROW_GROUP_ROWS", 97)
    rng = random.Random(11)
    results = [_result(rng, i) for i in range(120)]
    reference_write(results, tmp_path / "ref", "v", row_group_size=97)
    _stream(reversed(results), tmp_path / "new", tmp_path / "spill")
    assert _files(tmp_path / "ref") == _files(tmp_path / "new")
    assert pq.ParquetFile(tmp_path / "new" / "sections.parquet").num_row_groups > 1


def test_byte_cap_bounds_a_row_group_and_keeps_every_row_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "ROW_GROUP_BYTES", 20_000)
    rng = random.Random(3)
    results = [_result(rng, i) for i in range(80)]
    reference_write(results, tmp_path / "ref", "v")
    _stream(results, tmp_path / "new", tmp_path / "spill")
    for name in _files(tmp_path / "ref"):
        assert pq.read_table(tmp_path / "ref" / name).equals(pq.read_table(tmp_path / "new" / name)), name
    md = pq.ParquetFile(tmp_path / "new" / "sections.parquet").metadata
    assert md.num_row_groups > 3


def test_empty_store_writes_the_empty_files(tmp_path):
    reference_write([], tmp_path / "ref", "v")
    _stream([], tmp_path / "new", tmp_path / "spill")
    assert _files(tmp_path / "ref") == _files(tmp_path / "new")


def _expected_groups(results, cap: int) -> list[int]:
    """Rows per row group of sections.parquet by the documented rule: a group closes after
    the document whose serialized rows bring the buffered bytes to the cap."""
    groups, rows, size = [], 0, 0
    for r in sort_results(results):
        s = to_stored(r, "v")
        if not s.sections_ipc:
            continue
        rows += pq_rows(s.sections_ipc)
        size += len(s.sections_ipc)
        if size >= cap:
            groups.append(rows)
            rows, size = 0, 0
    return groups + ([rows] if rows else [])


def pq_rows(message: bytes) -> int:
    return pa.ipc.read_record_batch(pa.py_buffer(message), SECTIONS_SCHEMA).num_rows


def test_row_groups_above_the_byte_cap_depend_on_the_data_only(tmp_path):
    """Above the cap a file is cut into more row groups than ``write_table`` makes; where
    is a function of the rows and their order alone: another completion order, documents
    converted here or in a worker (``add`` / ``add_stored``) give the same bytes."""
    rng = random.Random(5)
    results = [_result(rng, i) for i in range(150)]
    cap = 30_000
    runs = []
    for k, order in enumerate([results, list(reversed(results)), random.Random(9).sample(results, len(results))]):
        dest, spill_dir = tmp_path / f"run{k}", tmp_path / f"spill{k}"
        with StreamingStore(spill_dir, "v", row_group_bytes=cap) as s:
            for i, r in enumerate(order):
                if i % 2:
                    s.add(r)
                else:
                    s.add_stored(to_stored(r, "v"))
            s.write(dest)
        runs.append(_files(dest))
    assert runs[0] == runs[1] == runs[2]
    md = pq.ParquetFile(tmp_path / "run0" / "sections.parquet").metadata
    got = [md.row_group(i).num_rows for i in range(md.num_row_groups)]
    assert len(got) > 3 and got == _expected_groups(results, cap)
    reference_write(results, tmp_path / "ref", "v")
    assert pq.read_table(tmp_path / "ref" / "sections.parquet").equals(
        pq.read_table(tmp_path / "run0" / "sections.parquet"))
