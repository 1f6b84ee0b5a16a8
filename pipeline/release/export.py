"""Write one table as CSV, Parquet and (for the panel) Stata, the same rows in each.

CSV: UTF-8 with a byte-order mark, so Excel opens Chinese text without mojibake when the file
is double-clicked (Frictionless, pandas, R and DuckDB read the mark as part of the encoding);
an empty field is null, lists are JSON arrays, booleans ``true``/``false``.
Parquet: one file per table, no writer-dependent metadata beyond the library version.
Stata: format 118 (Unicode), Chinese variable labels, value labels for coded columns, the
time stamp taken from the build time so a rebuild is byte-identical.
"""
from __future__ import annotations

import csv
import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from . import dictionary

_BATCH = 65536
STATUS_CODES = {"ok": 1, "partial": 2, "not_a_report": 3, "failed": 4}
STATUS_LABELS = {1: "ok 全部读出", 2: "partial 部分读出", 3: "not_a_report 非年度报告", 4: "failed 无法读取"}


def write_csv(table: pa.Table, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(table.column_names)
        for batch in table.to_batches(max_chunksize=_BATCH):
            for row in zip(*(c.to_pylist() for c in batch.columns)):
                w.writerow([_csv_value(v) for v in row])


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "" if math.isnan(v) else repr(v)
    if isinstance(v, (list, tuple)):
        return json.dumps(list(v), ensure_ascii=False)
    return v


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write, then read back: the copy must hold exactly the rows validated as CSV."""
    table = table.replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd")
    if not pq.read_table(path).replace_schema_metadata(None).equals(table):
        raise OSError(f"{path} does not read back as written")


def write_stata(panel: pa.Table, path: Path, created: datetime, table_name: str = "report_panel") -> None:
    """The panel as Stata 118: coded status with value labels, Chinese variable labels."""
    info = dictionary.table(table_name)
    df = panel.to_pandas(types_mapper=None)
    for f in panel.schema:
        if f.name == "status":
            df[f.name] = df[f.name].map(STATUS_CODES).astype("int8")
        elif pa.types.is_integer(f.type):  # nullable: Stata's missing '.'
            df[f.name] = df[f.name].astype("float64")
        elif pa.types.is_string(f.type) or pa.types.is_large_string(f.type):
            df[f.name] = df[f.name].astype(object).where(df[f.name].notna(), "")
    labels = {c: _stata_label(info.column(c)) for c in df.columns}
    df.to_stata(path, write_index=False, version=118, time_stamp=created.replace(tzinfo=None),
                data_label="zfxxgk 政府信息公开工作年度报告 关键指标（每份报告一行）",
                variable_labels=labels, value_labels={"status": STATUS_LABELS})


def _stata_label(col: dict[str, Any]) -> str:
    label = col.get("title") or col["description"]
    return label[:80]
