"""CHANGELOG.md: what changed since the previous release, report by report and cell by cell.

Reports are matched by ``report_id`` (the hash of the source bytes): a report whose file
changed is a removed and an added report; a report whose bytes are the same but whose
agency, year or source path is read differently is *changed*.  Facts are matched by
(report_id, category, applicant_type) within the reports both releases hold.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

import pyarrow as pa

from .previous import PreviousRelease
from .text import md_table

_REPORT_FIELDS = ("agency", "year", "source_path")
_LIST_LIMIT = 500
"""Rows listed per change kind; the counts are always complete."""


def render_changelog(version: str, created: str, reports: pa.Table, facts: pa.Table,
                     previous: PreviousRelease | None) -> str:
    lines = [f"# Changelog: zfxxgk {version}", "", f"Built {created}."]
    if previous is None:
        lines += ["", "First release: there is no earlier version to compare with.", "",
                  "## Counts", "", *_counts_table(None, reports, facts)]
        return "\n".join(lines) + "\n"
    lines += [f"Compared with {previous.version}.", ""]
    old = {r["report_id"]: r for r in previous.reports.to_pylist()}
    new = {r["report_id"]: r for r in reports.to_pylist()}
    added = sorted(set(new) - set(old), key=lambda k: (new[k]["source_path"], k))
    removed = sorted(set(old) - set(new), key=lambda k: (old[k]["source_path"], k))
    both = sorted(set(old) & set(new), key=lambda k: (new[k]["source_path"], k))
    changed = [k for k in both if any(old[k].get(f) != new[k].get(f) for f in _REPORT_FIELDS)]
    status = [k for k in both if old[k].get("status") != new[k].get("status")]
    lines += ["## Counts", "", *_counts_table(previous, reports, facts), ""]
    lines += _report_list("Reports added", added, new)
    lines += _report_list("Reports removed", removed, old)
    lines += [f"## Reports changed ({len(changed)})", ""]
    if changed:
        rows = [[k, f, _show(old[k].get(f)), _show(new[k].get(f))]
                for k in changed[:_LIST_LIMIT] for f in _REPORT_FIELDS if old[k].get(f) != new[k].get(f)]
        lines += md_table(["report_id", "field", "before", "after"], rows)
    else:
        lines.append("None.")
    lines += ["", f"## Status changes ({len(status)})", ""]
    if status:
        lines += md_table(["report_id", "source_path", "before", "after"],
                          [[k, new[k]["source_path"], old[k]["status"], new[k]["status"]] for k in status[:_LIST_LIMIT]])
    else:
        lines.append("None.")
    lines += ["", *_fact_changes(previous.facts, facts, set(both))]
    return "\n".join(lines) + "\n"


def _report_list(title: str, ids: list[str], rows: dict[str, dict[str, Any]]) -> list[str]:
    out = [f"## {title} ({len(ids)})", ""]
    if not ids:
        return out + ["None.", ""]
    out += md_table(["report_id", "agency", "year", "source_path", "status"],
                    [[k, _show(rows[k].get("agency")), _show(rows[k].get("year")), rows[k]["source_path"],
                      rows[k]["status"]] for k in ids[:_LIST_LIMIT]])
    if len(ids) > _LIST_LIMIT:
        out.append(f"\n… and {len(ids) - _LIST_LIMIT} more.")
    return out + [""]


def _fact_key(row: dict[str, Any]) -> tuple:
    return (row["report_id"], row["category"], row.get("applicant_type"))


def _value(row: dict[str, Any]) -> Any:
    return row["count"] if row.get("count") is not None else row.get("amount")


def _fact_changes(old_facts: pa.Table, new_facts: pa.Table, common: set[str]) -> list[str]:
    """Facts whose value changed, and facts added / removed, within reports in both releases."""
    cols = ["report_id", "category", "applicant_type", "count", "amount"]
    old = {_fact_key(r): _value(r) for r in old_facts.select(cols).to_pylist() if r["report_id"] in common}
    new = {_fact_key(r): _value(r) for r in new_facts.select(cols).to_pylist() if r["report_id"] in common}
    changed = sorted((k for k in set(old) & set(new) if old[k] != new[k]), key=_sort_key)
    gained = len(set(new) - set(old))
    lost = len(set(old) - set(new))
    out = [f"## Facts whose value changed ({len(changed)})", "",
           f"In reports present in both releases: {gained} fact(s) added, {lost} removed.", ""]
    if changed:
        out += md_table(["report_id", "category", "applicant_type", "before", "after"],
                        [[k[0], k[1], _show(k[2]), _show(old[k]), _show(new[k])] for k in changed[:_LIST_LIMIT]])
        if len(changed) > _LIST_LIMIT:
            out.append(f"\n… and {len(changed) - _LIST_LIMIT} more.")
    else:
        out.append("None.")
    return out


def _sort_key(k: tuple) -> tuple:
    return tuple("" if x is None else str(x) for x in k)


def _counts_table(previous: PreviousRelease | None, reports: pa.Table, facts: pa.Table) -> list[str]:
    after = _counts(reports, facts.num_rows)
    if previous is None:
        return md_table(["", "count"], [[k, v] for k, v in after.items()])
    before = _counts(previous.reports, previous.facts.num_rows)
    keys = list(dict.fromkeys([*after, *before]))
    return md_table(["", "before", "after"], [[k, before.get(k, 0), after.get(k, 0)] for k in keys])


def _counts(reports: pa.Table, n_facts: int) -> dict[str, int]:
    out: dict[str, int] = {"documents": reports.num_rows}
    statuses = Counter(reports.column("status").to_pylist())
    for s in ("ok", "partial", "not_a_report", "failed"):
        out[f"status {s}"] = statuses.get(s, 0)
    out["facts"] = n_facts
    out["checks failed"] = sum(v or 0 for v in reports.column("checks_failed").to_pylist())
    years = Counter(reports.column("year").to_pylist())
    for y in sorted(years, key=lambda y: (y is None, y or 0)):
        out[f"documents of year {'unknown' if y is None else y}"] = years[y]
    return out


def _show(v: Any) -> str:
    return "—" if v is None else str(v)
