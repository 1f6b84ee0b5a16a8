"""Read an ``extract`` output folder into Arrow tables, whatever columns and tables it has.

The release follows the output rather than a fixed list: every top-level ``*.parquet`` and
the hive-partitioned ``facts/`` become tables, with the columns they have.  Rows are sorted
by each table's key (``dictionary.toml`` ``sort``), so the release does not depend on how the
output was partitioned or written.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from . import dictionary
from .errors import ReleaseError

REQUIRED = ("facts", "reports", "checks", "sections")


def read_output(out: Path) -> dict[str, pa.Table]:
    """Every table of OUT by name (facts, reports, checks, sections, then any others)."""
    out = Path(out)
    if not out.is_dir():
        raise ReleaseError(f"{out} is not a folder; give the output folder of `python -m pipeline extract`")
    missing = [n for n in REQUIRED if not (out / ("facts" if n == "facts" else f"{n}.parquet")).exists()]
    if missing:
        raise ReleaseError(f"{out} is not a complete extract output: {', '.join(missing)} missing; "
                           f"run `python -m pipeline extract … --out {out}` first")
    found = {"facts": _read_facts(out / "facts")}
    for path in sorted(out.glob("*.parquet")):
        found[path.stem] = _read_file(path)
    known = dictionary.tables()
    unknown = sorted(set(found) - set(known))
    if unknown:
        raise ReleaseError(f"{out} has table(s) {', '.join(unknown)} that pipeline/release/dictionary.toml "
                           f"does not describe; add a [tables.NAME] entry for each")
    order = [n for n in known if n in found]
    return {name: sort_rows(found[name], known[name].sort) for name in order}


def _read_file(path: Path) -> pa.Table:
    try:
        return pq.read_table(path).replace_schema_metadata(None)
    except (OSError, pa.ArrowException) as exc:
        raise ReleaseError(f"cannot read {path}: {exc}; re-run extract") from exc


def _read_facts(path: Path) -> pa.Table:
    """The partitioned facts as one table, ``year`` put back after ``agency`` as in SCHEMA.md."""
    try:
        part = ds.partitioning(pa.schema([("year", pa.int16())]), flavor="hive")
        table = ds.dataset(path, format="parquet", partitioning=part).to_table()
    except (OSError, pa.ArrowException) as exc:
        raise ReleaseError(f"cannot read the facts under {path}: {exc}; re-run extract") from exc
    names = [n for n in table.column_names if n != "year"]
    at = names.index("agency") + 1 if "agency" in names else len(names)
    names.insert(at, "year")
    return table.select(names).replace_schema_metadata(None)


def sort_rows(table: pa.Table, keys: tuple[str, ...]) -> pa.Table:
    """Rows in key order (nulls last); every column breaks ties so the order is total."""
    present = [k for k in keys if k in table.column_names]
    rest = [c for c in table.column_names if c not in present and _sortable(table.schema.field(c).type)]
    if not present and not rest:
        return table
    return table.sort_by([(k, "ascending") for k in present + rest])


def _sortable(t: pa.DataType) -> bool:
    return not (pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_struct(t)
                or pa.types.is_map(t))
