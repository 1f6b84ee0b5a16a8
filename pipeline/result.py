"""What processing one document yields, and the Parquet schemas of the four outputs.

One ``ReportResult`` per input document, failures included: the batch layer only moves
these around and the store only writes them, so the schemas live here, next to the type.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

FACTS_SCHEMA = pa.schema([
    ("report_id", pa.string()),
    ("source_path", pa.string()),
    ("agency", pa.string()),
    ("year", pa.int16()),
    ("template", pa.string()),
    ("section", pa.string()),
    ("category", pa.string()),
    ("applicant_type", pa.string()),
    ("count", pa.int64()),
    ("amount", pa.float64()),
    ("unit", pa.string()),
    ("label_zh", pa.string()),
    ("raw_label", pa.string()),
    ("raw_value", pa.string()),
    ("page", pa.int32()),
    ("placement", pa.string()),  # parsers.placement: grid, position, sequence, sums, ocr
    ("value_kind", pa.string()),
    ("agency_id", pa.string()),
    ("adcode", pa.string()),
    ("confidence", pa.float64()),   # OCR recognition confidence; null otherwise
])

REPORTS_SCHEMA = pa.schema([
    ("report_id", pa.string()),
    ("source_path", pa.string()),
    ("format", pa.string()),
    ("status", pa.string()),
    ("error", pa.string()),
    ("agency", pa.string()),
    ("year", pa.int16()),
    ("template", pa.string()),
    ("title", pa.string()),
    ("n_facts", pa.int32()),
    ("checks_failed", pa.int32()),
    ("n_pages", pa.int32()),
    ("duplicate_paths", pa.list_(pa.string())),
    ("parser_version", pa.string()),
    ("url", pa.string()),
    ("site", pa.string()),
    ("region", pa.string()),
    ("published", pa.string()),
    # who reported (pipeline.agencies.identity)
    ("agency_id", pa.string()),
    ("agency_name", pa.string()),
    ("adcode", pa.string()),
    ("province", pa.string()),
    ("city", pa.string()),
    ("county", pa.string()),
    ("level", pa.string()),
    ("type", pa.string()),
    ("function", pa.string()),
    ("region_source", pa.string()),
    ("region_vintage", pa.int16()),
    ("region_note", pa.string()),
])

CHECKS_SCHEMA = pa.schema([
    ("report_id", pa.string()),
    ("check", pa.string()),
    ("scope", pa.string()),
    ("expected", pa.float64()),
    ("actual", pa.float64()),
    ("passed", pa.bool_()),
])

SECTIONS_SCHEMA = pa.schema([
    ("report_id", pa.string()),
    ("number", pa.int8()),
    ("heading", pa.string()),
    ("text", pa.string()),
])

IDENTITY_COLUMNS = ("agency_id", "agency_name", "adcode", "province", "city", "county", "level", "type",
                    "function", "region_source", "region_vintage", "region_note")


@dataclass
class ReportResult:
    """Everything one document contributes to the outputs.

    ``facts``, ``checks`` and ``sections`` are lists of dicts keyed by the columns of the
    schemas above (``report_id``/``source_path``/agency/year/template are filled in by
    :meth:`finalize`, so producers need not repeat them).
    """

    report_id: str
    source_path: str
    format: str
    status: str
    error: str | None = None
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    title: str | None = None
    n_pages: int | None = None
    facts: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    duplicate_paths: list[str] = field(default_factory=list)
    url: str | None = None  # from a sidecar <file>.meta.json written by the scraper ...
    site: str | None = None  # ... registry site name,
    region: str | None = None  # ... the site's 6-digit adcode,
    published: str | None = None  # ... and the publication date (ISO)
    crashed: bool = False  # a reader or analysis bug, not a fact about the file: never cached
    identity: dict[str, Any] = field(default_factory=dict)  # pipeline.agencies.Identity.columns()

    def finalize(self) -> "ReportResult":
        """Stamp the per-report columns onto every row (idempotent)."""
        for f in self.facts:
            f.update(report_id=self.report_id, source_path=self.source_path, agency=self.agency,
                     year=self.year, agency_id=self.identity.get("agency_id"),
                     adcode=self.identity.get("adcode"))
            f.setdefault("template", self.template)  # a table's own template (mixed reports) stays
        for c in self.checks:
            c["report_id"] = self.report_id
        for s in self.sections:
            s["report_id"] = self.report_id
        return self

    def report_row(self, parser_version: str) -> dict[str, Any]:
        return {
            "report_id": self.report_id, "source_path": self.source_path, "format": self.format,
            "status": self.status, "error": self.error, "agency": self.agency, "year": self.year,
            "template": self.template, "title": self.title, "n_facts": len(self.facts),
            "checks_failed": sum(1 for c in self.checks if not c["passed"]),
            "n_pages": self.n_pages, "duplicate_paths": list(self.duplicate_paths),
            "parser_version": parser_version, "url": self.url, "site": self.site,
            "region": self.region, "published": self.published,
            **{k: self.identity.get(k) for k in IDENTITY_COLUMNS},
        }
