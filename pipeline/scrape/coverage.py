"""Who published: the expected agencies of a site against the reports kept for it.

For sites that list ``agencies``, one row per (agency, statistics year seen on the site):
found, and the URL of the report. Not publishing is itself what researchers study.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pyarrow as pa

from parsers.normalize import to_simplified

from .atomic import write_parquet
from .rules import rules
from .store import SIDECAR

SCHEMA = pa.schema([("site", pa.string()), ("agency", pa.string()), ("year", pa.int32()),
                    ("found", pa.bool_()), ("url", pa.string())])
FILE = "coverage.parquet"


def _key(name: str) -> str:
    text = to_simplified("".join(unicodedata.normalize("NFKC", name).split()))
    for suffix in sorted(rules().optional_suffixes, key=len, reverse=True):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def same_agency(expected: str, found: str) -> bool:
    """Equal, or one is the other with a region prefix (夜郎镇 = 桐梓县夜郎镇)."""
    a, b = _key(expected), _key(found)
    return bool(a and b) and (a == b or a.endswith(b) or b.endswith(a))


def kept_reports(raw: Path, site: str) -> list[dict[str, Any]]:
    """Sidecars of the latest versions kept for a site."""
    folder = raw / site
    out = []
    if not folder.is_dir():
        return out
    for side in sorted(folder.glob("*" + SIDECAR)):
        try:
            meta = json.loads(side.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict) and not meta.get("newer"):
            out.append(meta)
    return out


def coverage_rows(raw: Path, sites: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for site in sites:
        if not site.agencies:
            continue
        kept = [m for m in kept_reports(raw, site.name) if m.get("agency") and m.get("year")]
        years = sorted({int(m["year"]) for m in kept})
        for agency in site.agencies:
            for year in years or [None]:
                hits = sorted(m["url"] for m in kept
                              if int(m["year"]) == year and same_agency(agency, m["agency"]))
                rows.append({"site": site.name, "agency": agency, "year": year,
                             "found": bool(hits), "url": hits[0] if hits else None})
    return rows


def write_coverage(state: Path, rows: list[dict[str, Any]]) -> None:
    write_parquet(state / FILE, pa.Table.from_pylist(rows, schema=SCHEMA))


def missing_line(rows: list[dict[str, Any]]) -> str | None:
    """'coverage: 3 of 10 expected agency-years without a report' (None when no agencies)."""
    if not rows:
        return None
    missing = [r for r in rows if not r["found"]]
    return f"coverage: {len(missing)} of {len(rows)} expected agency-years without a report"
