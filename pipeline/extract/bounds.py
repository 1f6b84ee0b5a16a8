"""Bounds on what one document's result may carry from a worker to the main process.

The worker runs under ``--max-memory``; the main process, which receives every result,
does not.  So each text field of a result (title, agency, section text, raw cell text,
the error sentence, the identity columns) and each list of rows has a cap far above any
real report's, applied in the worker before the result is sent: a hostile file cannot make
the main process hold more for it than a few MB.  What a cap cut is said in the sentence;
cells that had to be dropped make the report ``partial``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..result import ReportResult


@dataclass(frozen=True)
class ResultBounds:
    title: int = 300
    agency: int = 200
    identity: int = 500        # each text column of pipeline.agencies' identity
    heading: int = 200
    section_text: int = 20_000  # one section's prose; a long real one is a few thousand
    raw_label: int = 500
    raw_value: int = 200
    error: int = 8_000
    facts: int = 20_000        # tables 二 三 四 hold about 200 cells
    checks: int = 5_000
    sections: int = 6


BOUNDS = ResultBounds()


def bound_result(result: ReportResult, bounds: ResultBounds = BOUNDS) -> ReportResult:
    """``result`` with every field within ``bounds`` (in place), the cuts named in ``error``."""
    said: list[str] = []
    result.title = _cut(result.title, bounds.title, "the title", said)
    result.agency = _cut(result.agency, bounds.agency, "the agency name", said)
    for key, value in list(result.identity.items()):
        if isinstance(value, str):
            result.identity[key] = _cut(value, bounds.identity, f"the {key} column", said)
    if len(result.facts) > bounds.facts:
        said.append(f"{len(result.facts):,} cells were read, more than a report's tables can hold; "
                    f"only the first {bounds.facts:,} were kept")
        del result.facts[bounds.facts:]
        result.status = "partial" if result.status == "ok" else result.status
    if len(result.checks) > bounds.checks:
        said.append(f"only the first {bounds.checks:,} of {len(result.checks):,} checks were kept")
        del result.checks[bounds.checks:]
    if len(result.sections) > bounds.sections:
        del result.sections[bounds.sections:]
    _cut_rows(result.facts, {"raw_label": bounds.raw_label, "raw_value": bounds.raw_value}, "cell", said)
    _cut_rows(result.sections, {"heading": bounds.heading, "text": bounds.section_text}, "section", said)
    if said:
        result.error = "; ".join(([result.error] if result.error else []) + said)
    if result.error and len(result.error) > bounds.error:
        more = len(result.error) - bounds.error
        result.error = result.error[: bounds.error] + f" … ({more:,} more characters of this sentence cut)"
    return result.finalize()


def _cut(text: str | None, cap: int, what: str, said: list[str]) -> str | None:
    if text is None or len(text) <= cap:
        return text
    said.append(f"{what} is {len(text):,} characters long and was cut to its first {cap:,}")
    return text[:cap]


def _cut_rows(rows: list[dict[str, Any]], caps: dict[str, int], what: str, said: list[str]) -> None:
    for column, cap in caps.items():
        cut = 0
        for row in rows:
            value = row.get(column)
            if isinstance(value, str) and len(value) > cap:
                row[column] = value[:cap]
                cut += 1
        if cut:
            said.append(f"the {column} of {cut:,} {what} row(s) was longer than {cap:,} characters "
                        f"and was cut to that length")
