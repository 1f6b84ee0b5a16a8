"""The release README.md: what the data is, counts, build, how to load it, the data dictionary
(generated from dictionary.toml, pipeline/figures.toml and taxonomy.csv) and the known limits."""
from __future__ import annotations

from collections import Counter
from typing import Any

import pyarrow as pa

from . import dictionary
from .package import DataFile
from .qa import partial_reasons
from .text import md_table

STATUSES = ("ok", "partial", "not_a_report", "failed")


def render_readme(version: str, created: str, tables: dict[str, pa.Table], schemas: dict[str, dict[str, Any]],
                  files: list[DataFile], parser_versions: list[str]) -> str:
    p = dictionary.package_info()
    reports = tables["reports"].to_pylist()
    name = f"zfxxgk-{version}"
    out = [f"# {p['title']}", "", f"Release **{version}** (`{name}`), built {created}.", "", p["description"], ""]
    out += _counts(reports, tables)
    out += ["## How it was built", "",
            f"- Parser: zfxxgk {', '.join(parser_versions) or 'unknown'} "
            f"(`python -m pipeline extract`, then `python -m pipeline release`).",
            f"- Inputs: {len(reports)} documents (identical files counted once).",
            f"- Date: {created}. Rebuilding with the same inputs and `SOURCE_DATE_EPOCH` gives the same bytes.",
            "- Checked: `frictionless validate datapackage.json` passes (types, enums, non-negative counts, "
            "unique keys, every fact, check and section joins a report); `sha256sum -c SHA256SUMS` checks the files.",
            ""]
    out += _files(files)
    out += _loading(version)
    out += _dictionary(tables, schemas)
    out += _limits(reports, tables["checks"])
    out += ["## Licence and citation", "",
            f"{p['license']['title']} ({p['license']['name']}). Cite with `CITATION.cff`; "
            "changes since the previous release are in `CHANGELOG.md`; the curator's QA page is `qa/index.html`.", ""]
    return "\n".join(out)


def _counts(reports: list[dict[str, Any]], tables: dict[str, pa.Table]) -> list[str]:
    years = sorted({r.get("year") for r in reports}, key=lambda y: (y is None, y or 0))
    by = Counter((r.get("year"), r["status"]) for r in reports)
    rows = [["unknown" if y is None else y, *(by.get((y, s), 0) for s in STATUSES),
             sum(by.get((y, s), 0) for s in STATUSES)] for y in years]
    rows.append(["all", *(sum(by.get((y, s), 0) for y in years) for s in STATUSES), len(reports)])
    out = ["## Counts", "", "Documents by reporting year and status:", "",
           *md_table(["year", *STATUSES, "all"], rows), "",
           "Rows per table: " + ", ".join(f"{n} {t.num_rows}" for n, t in tables.items()) + ".", ""]
    return out


def _files(files: list[DataFile]) -> list[str]:
    return ["## Files", "", *md_table(["file", "table", "rows"], [[f"`{f.path}`", f.table, f.rows] for f in files]), "",
            "`datapackage.json` describes every file (Frictionless Data Package v2: types, constraints, keys, "
            "bytes and SHA-256).", ""]


def _loading(version: str) -> list[str]:
    return ["## How to load it", "",
            "pandas:", "", "```python", "import pandas as pd",
            "facts = pd.read_parquet('data/facts.parquet')",
            "reports = pd.read_csv('data/reports.csv', encoding='utf-8-sig', keep_default_na=False, na_values=[''])",
            "panel = pd.read_parquet('data/report_panel.parquet')", "```", "",
            "R (arrow):", "", "```r", "library(arrow)",
            "facts <- read_parquet('data/facts.parquet')",
            "panel <- read_parquet('data/report_panel.parquet')",
            "# or, with the Frictionless metadata: frictionless::read_package('datapackage.json')", "```", "",
            "Stata (15 or later; variable labels in Chinese, `status` has value labels):", "", "```stata",
            "use data/report_panel.dta, clear", "describe", "label list status", "```", "",
            "DuckDB:", "", "```sql",
            "SELECT r.agency, f.year, f.count FROM 'data/facts.parquet' f",
            "JOIN 'data/reports.parquet' r USING (report_id)",
            "WHERE f.category = 'requests.new' AND f.applicant_type = 'total';", "```", "",
            "Excel: the CSV files are UTF-8 with a byte-order mark, so a double-click opens Chinese text "
            "correctly; if an older Excel still shows mojibake, use Data → From Text/CSV and choose "
            "\"65001: Unicode (UTF-8)\". In CSV an empty field is null (and also the empty text of a blank "
            "cell's `raw_value`); lists are JSON arrays; booleans are `true`/`false`.", ""]


def _dictionary(tables: dict[str, pa.Table], schemas: dict[str, dict[str, Any]]) -> list[str]:
    out = ["## Data dictionary", ""]
    for name, table in tables.items():
        info = dictionary.table(name)
        schema = schemas[name]
        out += [f"### {name}", "", info.description, "",
                f"Grain: {info.grain}. Rows: {table.num_rows}. Primary key: "
                f"{', '.join(schema.get('primaryKey', [])) or 'none'}."]
        for fk in schema.get("foreignKeys", []):
            out.append(f"{', '.join(fk['fields'])} → {fk['reference']['resource']}."
                       f"{', '.join(fk['reference']['fields'])}.")
        out.append("")
        rows = []
        for f in schema["fields"]:
            c = dict(f.get("constraints", {}))
            enum = c.pop("enum", None)
            if enum is not None:
                c["enum"] = "taxonomy.csv codes (below)" if len(enum) > 12 else " / ".join(enum)
            rows.append([f"`{f['name']}`", f["type"], f.get("description", ""),
                         "; ".join(f"{k}: {v}" for k, v in c.items())])
        out += [*md_table(["column", "type", "meaning", "constraints"], rows), ""]
    out += ["### Category codes (taxonomy.csv)", "",
            "`facts.category` takes these values; `count` holds 件/项 cells, `amount` the money cells.", "",
            *md_table(["code", "label_zh", "label_en", "unit", "templates", "by applicant"],
                      [[f"`{c.code}`", c.label_zh, c.label_en, c.unit, " ".join(c.templates),
                        "yes" if c.by_applicant else "no"] for c in dictionary.taxonomy()]), "",
            "### Key figures (report_panel and panel columns)", "",
            "A figure is the sum of the listed cells that its table's template has (in a 2021+2019 report, table 二 "
            "is read as 2021 and 三/四 as 2019), in the applicant column 总计; it is empty when any of them is "
            "missing from the report.  Both panels have the same figure columns with the same values.", "",
            *md_table(["column", "Stata label", "cells"],
                      [[f"`{k.name}`", k.label, ", ".join(f"`{c}`" for c in k.codes)] for k in dictionary.key_figures()]),
            ""]
    return out


def _limits(reports: list[dict[str, Any]], checks: pa.Table) -> list[str]:
    statuses = Counter(r["status"] for r in reports)
    failed = Counter(c for c, ok in zip(checks.column("check").to_pylist(), checks.column("passed").to_pylist()) if not ok)
    reasons = partial_reasons(reports).most_common(10)
    out = ["## Known limits", "",
           "- Numbers are as printed. Where a report's own totals disagree, the disagreement is a failed row in "
           "`checks`, never a corrected number.",
           "- A cell that is not in the document has no row; a cell whose column could not be told is left out "
           "and its report is `partial`, with a sentence naming the cells in `reports.error`.",
           f"- {statuses.get('partial', 0)} report(s) are partial, {statuses.get('failed', 0)} document(s) could "
           f"not be read, {statuses.get('not_a_report', 0)} are not annual reports.",
           f"- Failed checks by identity: " + (", ".join(f"{k} {v}" for k, v in sorted(failed.items())) or "none") + "."]
    if reasons:
        out += ["", "Most common reasons for partial reports:", "",
                *md_table(["reports", "reason"], [[n, k] for k, n in reasons])]
    return out + [""]
