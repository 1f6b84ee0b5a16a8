"""The store writes what all three readers of SCHEMA.md can open, in one fixed order."""
from __future__ import annotations

import random

import duckdb
import pandas as pd
import pyarrow.dataset as ds

from pipeline.result import ReportResult
from pipeline.extract.store import write_tables


def _result(i: int, year, n_facts: int = 3, status: str = "ok") -> ReportResult:
    facts = [{"section": "requests", "category": "requests.granted", "applicant_type": "total",
              "count": i * 10 + k, "amount": None, "unit": "件", "label_zh": "予以公开",
              "raw_label": "（一）予以公开", "raw_value": str(i * 10 + k), "page": None,
              "placement": "grid"}
             for k in range(n_facts)]
    checks = [{"check": "requests.row_total", "scope": "granted", "expected": 1.0, "actual": 2.0,
               "passed": i % 2 == 0}]
    sections = [{"number": 1, "heading": "一、总体情况", "text": f"doc {i}"}]
    return ReportResult(report_id=f"{i:016x}", source_path=f"d/{i:03d}.txt", format="txt", status=status,
                        agency=f"机关{i}", year=year, template="2021", title=f"t{i}",
                        facts=facts, checks=checks, sections=sections).finalize()


def _readers(out):
    pdf = pd.read_parquet(out / "facts")
    pa_t = ds.dataset(out / "facts", partitioning="hive").to_table()
    dk = duckdb.sql(f"select * from read_parquet('{out}/facts/**/*.parquet', hive_partitioning=true)").df()
    return pdf, pa_t, dk


def test_years_partition_and_all_readers_agree(tmp_path):
    results = [_result(1, 2022), _result(2, 2023), _result(3, 2023), _result(4, None, 2), _result(5, 99999)]
    stats = write_tables(results, tmp_path, "t")
    assert sorted(p.name for p in (tmp_path / "facts").iterdir()) == ["year=0", "year=2022", "year=2023"]
    pdf, pa_t, dk = _readers(tmp_path)
    assert len(pdf) == pa_t.num_rows == len(dk) == 14 == stats.facts
    assert sorted(pdf.year.astype(int).unique()) == [0, 2022, 2023]
    assert sorted(pa_t.column("year").unique().to_pylist()) == [0, 2022, 2023]
    assert sorted(dk.year.unique()) == [0, 2022, 2023]
    assert sorted(pdf[pdf.year.astype(int) == 0].source_path.unique()) == ["d/004.txt", "d/005.txt"]
    rep = pd.read_parquet(tmp_path / "reports.parquet").set_index("source_path")
    assert rep.loc["d/004.txt", "status"] == "ok" and rep.loc["d/004.txt", "n_facts"] == 2
    assert pd.isna(rep.loc["d/004.txt", "year"]) and "filed under year=0" in rep.loc["d/004.txt", "error"]
    assert rep.loc["d/005.txt", "status"] == "partial" and pd.isna(rep.loc["d/005.txt", "year"])
    assert "99999" in rep.loc["d/005.txt", "error"]
    assert rep.loc["d/002.txt", "n_facts"] == 3 and rep.loc["d/002.txt", "checks_failed"] == 0
    assert rep.loc["d/001.txt", "checks_failed"] == 1
    assert len(pd.read_parquet(tmp_path / "checks.parquet")) == 5
    assert len(duckdb.sql(f"select * from read_parquet('{tmp_path}/sections.parquet')").df()) == 5


def test_no_facts_at_all_still_readable(tmp_path):
    write_tables([_result(1, 2023, status="failed", n_facts=0)], tmp_path, "t")
    pdf, pa_t, dk = _readers(tmp_path)
    assert len(pdf) == pa_t.num_rows == len(dk) == 0
    assert "year" in pdf.columns and "category" in dk.columns


def test_order_does_not_depend_on_arrival(tmp_path):
    results = [_result(i, 2020 + i % 3) for i in range(12)]
    write_tables(results, tmp_path / "a", "t")
    random.Random(7).shuffle(results)
    write_tables(results, tmp_path / "b", "t")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.parquet"))
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_a_row_that_does_not_fit_costs_its_report_only(tmp_path):
    broken = _result(2, 2023)
    broken.facts[0]["count"] = "many"
    write_tables([_result(1, 2023), broken, _result(3, 2023)], tmp_path, "t")
    rep = pd.read_parquet(tmp_path / "reports.parquet").set_index("source_path")
    assert rep.loc["d/002.txt", "status"] == "failed"
    assert "could not be stored" in rep.loc["d/002.txt", "error"]
    assert len(pd.read_parquet(tmp_path / "facts")) == 6
