"""Table Schemas (Frictionless v2) from the Arrow schema of each table plus the dictionary.

Types come from the data, meanings and constraints from ``dictionary.toml``: a column the
dictionary does not describe stops the build with an error naming it.
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

from . import dictionary
from .errors import ReleaseError

_CONSTRAINTS = ("required", "minimum", "maximum", "pattern", "enum")


_TYPES = (
    ((pa.types.is_string, pa.types.is_large_string), "string"),
    ((pa.types.is_boolean,), "boolean"),
    ((pa.types.is_integer,), "integer"),
    ((pa.types.is_floating, pa.types.is_decimal), "number"),
    ((pa.types.is_list, pa.types.is_large_list), "array"),
    ((pa.types.is_date,), "date"),
    ((pa.types.is_timestamp,), "datetime"),
)


def frictionless_type(t: pa.DataType) -> str:
    """The Table Schema type of an Arrow type (dictionary columns by their values)."""
    if pa.types.is_dictionary(t):
        t = t.value_type
    for tests, name in _TYPES:
        if any(test(t) for test in tests):
            return name
    raise ReleaseError(f"the release cannot describe columns of type {t}")


def table_schema(name: str, schema: pa.Schema, present: set[str]) -> dict[str, Any]:
    """The Table Schema of table ``name``; foreign keys only to tables in ``present``."""
    info = dictionary.table(name)
    fields = [_field(info, f) for f in schema]
    out: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    key = [k for k in info.primary_key if k in schema.names]
    if key:
        out["primaryKey"] = key
    fks = [fk for fk in info.foreign_keys if fk["resource"] in present and all(f in schema.names for f in fk["fields"])]
    if fks:
        out["foreignKeys"] = [{"fields": fk["fields"], "reference": {"resource": fk["resource"], "fields": fk["reference"]}}
                              for fk in fks]
    return out


def _field(info: dictionary.TableInfo, f: pa.Field) -> dict[str, Any]:
    col = info.column(f.name)
    out: dict[str, Any] = {"name": f.name, "type": frictionless_type(f.type)}
    if col.get("title"):
        out["title"] = col["title"]
    description = col["description"]
    if col.get("null"):
        description += f" Empty when {col['null']}."
    out["description"] = description
    constraints = {k: col[k] for k in _CONSTRAINTS if col.get(k) is not None}
    if out["type"] not in ("integer", "number"):
        constraints.pop("minimum", None)
        constraints.pop("maximum", None)
    if out["type"] != "string":
        constraints.pop("pattern", None)
    if f.name in info.primary_key and len(info.primary_key) == 1:
        constraints["required"] = True
    if constraints:
        out["constraints"] = constraints
    return out


def retyped(name: str, table: pa.Table) -> pa.Table:
    """Dictionary-encoded columns decoded (CSV, Stata and Frictionless see plain values)."""
    cols = []
    for f, col in zip(table.schema, table.columns):
        if pa.types.is_dictionary(f.type):
            col = col.cast(f.type.value_type)
        cols.append(col)
    return pa.Table.from_arrays(cols, names=table.column_names)
