"""qa/index.html: one self-contained page a curator reads before publishing a release.

Coverage by year and region, statuses, checks failed by identity, the reports with the most
failed checks, why reports are partial, and the key figures' distributions.  No scripts, no
remote fonts or images: the charts are inline SVG from :mod:`.charts`.
"""
from __future__ import annotations

import csv
import html
from collections import Counter
from importlib import resources
from typing import Any, Iterable, Sequence

import pyarrow as pa
import regex

from . import charts

STATUSES = ("ok", "partial", "not_a_report", "failed")
DISTRIBUTED = ("requests_new", "requests_total", "requests_granted", "requests_denied", "review_total",
               "lit_direct_total", "lit_review_total", "active_licensing_decisions",
               "active_punishment_decisions")
_TOP = 20
_LIST = regex.compile(r"\s*\([^()]{4,}\)")  # lists and glosses, not "(s)"
_DIGITS = regex.compile(r"\d+")

_CSS = """body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;color:#222;background:#fff}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}
td.n{text-align:right}figure{margin:1em 0}figure svg{max-width:100%;height:auto}.note{color:#555}"""


def _provinces() -> dict[str, tuple[str, str]]:
    with (resources.files(__package__) / "provinces.csv").open(encoding="utf-8", newline="") as fh:
        return {r["code"]: (r["name_zh"], r["name_en"]) for r in csv.DictReader(fh)}


def render_qa(version: str, created: str, tables: dict[str, pa.Table]) -> str:
    reports = tables["reports"].to_pylist()
    checks = tables["checks"]
    panel = tables.get("report_panel")
    parts = [f"<h1>QA: zfxxgk {html.escape(version)}</h1>",
             f"<p class=note>Built {html.escape(created)} from {len(reports)} input documents. "
             "Read before publishing: every chart comes from the release's own tables.</p>"]
    parts += _coverage_by_year(reports)
    parts += _coverage_by_region(reports)
    parts += _statuses(reports)
    parts += _checks(checks)
    parts += _most_failed(reports)
    parts += _partial_reasons(reports)
    parts += _distributions(panel)
    body = "\n".join(parts)
    return (f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            f"<title>QA zfxxgk {html.escape(version)}</title><style>{_CSS}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n")


def _figure(name: str, svg: str) -> str:
    return f'<figure id="chart-{name}">{svg}</figure>'


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(
        f'<td class=n>{v}</td>' if isinstance(v, (int, float)) else f"<td>{html.escape('' if v is None else str(v))}</td>"
        for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _by_status(reports: list[dict[str, Any]], key) -> tuple[list[str], dict[str, list[int]]]:
    counts = Counter((key(r), r["status"]) for r in reports)
    labels = sorted({k for k, _ in counts}, key=lambda x: (x == "unknown", x))
    series = {s: [counts.get((lab, s), 0) for lab in labels] for s in STATUSES if any(counts.get((lab, s)) for lab in labels)}
    return labels, series


def _coverage_by_year(reports: list[dict[str, Any]]) -> list[str]:
    labels, series = _by_status(reports, lambda r: "unknown" if r.get("year") is None else str(r["year"]))
    return ["<h2>Coverage by reporting year</h2>",
            _figure("years", charts.bars(labels, series, "Documents by reporting year and status", "documents")),
            _table(["year", *series], [[lab, *(series[s][i] for s in series)] for i, lab in enumerate(labels)])]


def _coverage_by_region(reports: list[dict[str, Any]]) -> list[str]:
    out = ["<h2>Coverage by region (province)</h2>"]
    column = next((c for c in ("adcode", "region") if any(r.get(c) for r in reports)), None)
    if column is None:
        return out + ["<p class=note>No report in this output has an adcode or region, so coverage by region "
                      "cannot be shown; it appears once extract records where each agency is.</p>"]
    names = _provinces()

    def province(r: dict[str, Any]) -> str:
        code = str(r.get(column) or "")[:2]
        return f"{code} {names[code][1]}" if code in names else "unknown"

    labels, series = _by_status(reports, province)
    rows = [[lab, names.get(lab[:2], ("", ""))[0], *(series[s][i] for s in series)] for i, lab in enumerate(labels)]
    return out + [f"<p class=note>From reports.{column}, first two digits.</p>",
                  _figure("regions", charts.bars(labels, series, "Documents by province and status", "documents",
                                                 horizontal=True)),
                  _table(["province", "省份", *series], rows)]


def _statuses(reports: list[dict[str, Any]]) -> list[str]:
    counts = Counter(r["status"] for r in reports)
    labels = [s for s in STATUSES if counts.get(s)]
    return ["<h2>Status</h2>",
            _figure("status", charts.bars(labels, {"documents": [counts[s] for s in labels]}, "Documents by status")),
            _table(["status", "documents"], [[s, counts[s]] for s in labels])]


def _checks(checks: pa.Table) -> list[str]:
    counts = Counter(zip(checks.column("check").to_pylist(), checks.column("passed").to_pylist()))
    names = sorted({c for c, _ in counts})
    out = ["<h2>Checks by identity</h2>"]
    if not names:
        return out + ["<p class=note>No checks were run.</p>"]
    passed = [counts.get((n, True), 0) for n in names]
    failed = [counts.get((n, False), 0) for n in names]
    return out + [_figure("checks", charts.bars(names, {"passed": passed, "failed": failed},
                                                "Checks passed and failed by identity", "checks", horizontal=True)),
                  _table(["check", "passed", "failed", "failed %"],
                         [[n, p, f, round(100 * f / (p + f), 1)] for n, p, f in zip(names, passed, failed)])]


def _most_failed(reports: list[dict[str, Any]]) -> list[str]:
    worst = sorted((r for r in reports if (r.get("checks_failed") or 0) > 0),
                   key=lambda r: (-r["checks_failed"], r["source_path"]))[:_TOP]
    out = [f"<h2>Reports with the most failed checks (top {_TOP})</h2>"]
    if not worst:
        return out + ["<p class=note>No report failed a check.</p>"]
    return out + [_table(["checks failed", "report_id", "agency", "year", "source_path"],
                         [[r["checks_failed"], r["report_id"], r.get("agency"), r.get("year"), r["source_path"]]
                          for r in worst])]


def partial_reasons(reports: Iterable[dict[str, Any]]) -> Counter:
    """Kinds of reasons in partial reports' sentences: each clause, lists and numbers folded."""
    kinds: Counter = Counter()
    for r in reports:
        if r["status"] != "partial" or not r.get("error"):
            continue
        for clause in {_DIGITS.sub("N", _LIST.sub("", c)).strip() for c in r["error"].split(";")}:
            if clause:
                kinds[clause] += 1
    return kinds


def _partial_reasons(reports: list[dict[str, Any]]) -> list[str]:
    kinds = partial_reasons(reports)
    out = ["<h2>Why reports are partial</h2>"]
    if not kinds:
        return out + ["<p class=note>No partial reports.</p>"]
    rows = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    return out + ["<p class=note>Each clause of the reports' sentences, with row lists and numbers folded "
                  "(N) so that like reasons count together.</p>", _table(["reports", "reason"], [[n, k] for k, n in rows])]


def _distributions(panel: pa.Table | None) -> list[str]:
    out = ["<h2>Distributions of the key figures</h2>"]
    if panel is None or panel.num_rows == 0:
        return out + ["<p class=note>No reports with figures.</p>"]
    data = {n: panel.column(n).to_pylist() for n in DISTRIBUTED if n in panel.column_names}
    rows = []
    for n, values in data.items():
        vals = sorted(v for v in values if v is not None)
        rows.append([n, len(vals), vals[0] if vals else "", vals[len(vals) // 2] if vals else "", vals[-1] if vals else ""])
    return out + [_figure("distributions", charts.histograms(data, "Key figures per report")),
                  _table(["figure", "reports", "min", "median", "max"], rows)]
