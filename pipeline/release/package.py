"""datapackage.json: a Frictionless Data Package v2 describing every file of the release."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import dictionary

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
_COPY = {"parquet": "Parquet (typed columns; nulls as nulls; lists as lists)",
         "dta": "Stata 118 (coded status with value labels, Chinese variable labels; empty text for null text)"}
"""Copies are ``type: file`` resources: frictionless checks their bytes and hash, while their
rows are the CSV resource's rows (validated there), checked equal at build time.  (frictionless
5 reads Parquet through pandas, which turns null integers into NaN and fails them.)"""
_FORMATS = {"csv": ("csv", "text/csv"), "parquet": ("parquet", "application/vnd.apache.parquet"),
            "dta": ("dta", "application/x-stata-dta")}


@dataclass
class DataFile:
    """One written data file and what it holds."""

    table: str
    kind: str  # csv | parquet | dta
    path: str  # relative to the release root
    rows: int
    schema: dict[str, Any] | None

    @property
    def resource_name(self) -> str:
        return self.table if self.kind == "csv" else f"{self.table}_{self.kind}"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def resource(root: Path, f: DataFile) -> dict[str, Any]:
    info = dictionary.table(f.table)
    fmt, mediatype = _FORMATS[f.kind]
    copy = "" if f.kind == "csv" else f" The same rows as the resource {f.table} (CSV), as {_COPY[f.kind]}."
    out: dict[str, Any] = {"$schema": RESOURCE_PROFILE, "name": f.resource_name, "path": f.path,
                           "type": "table" if f.kind == "csv" else "file",
                           "title": info.title + ("" if f.kind == "csv" else f" ({fmt})"),
                           "description": f"{info.description} Grain: {info.grain}. Rows: {f.rows}.{copy}",
                           "format": fmt, "mediatype": mediatype, "encoding": "utf-8",
                           "bytes": (root / f.path).stat().st_size, "hash": f"sha256:{sha256_file(root / f.path)}"}
    if f.schema is not None:
        out["schema"] = f.schema
    return out


def descriptor(root: Path, files: list[DataFile], version: str, created: str,
               parser_versions: list[str], n_inputs: int) -> dict[str, Any]:
    p = dictionary.package_info()
    return {
        "$schema": PROFILE,
        "name": p["name"],
        "title": p["title"],
        "description": p["description"],
        "version": version,
        "created": created,
        "keywords": p["keywords"],
        "licenses": [p["license"]],
        "contributors": p["contributors"],
        "sources": [{"title": p["source"]["title"],
                     "version": f"{n_inputs} documents read by zfxxgk parser {', '.join(parser_versions) or 'unknown'}"}],
        "resources": [resource(root, f) for f in files],
    }


def write_json(data: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
