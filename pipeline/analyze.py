"""The format-blind stages after parsing: sections → tables → facts → checks.

document model → sections (``parsers.sections``) → tokens (``parsers.tokens``) → aligned
rows (``parsers.alignment``; laid-out text that does not show how it counts its columns is
read both ways, ``parsers.layout_agreement``) → facts, checks, sections rows, status and a
sentence.
"""
from __future__ import annotations

from typing import Any

from parsers.alignment import Alignment, align
from parsers.template_choice import detect_templates
from parsers.base import Document, TextLine
from parsers.layout_agreement import agreed
from parsers.tokens import read_tokens
from parsers.sections import Heading, locate_sections
from parsers.templates import template

from .agencies import identify, prose_checks
from .checks import run_checks
from .facts import build_facts, cell_map, cell_problems
from .meta import extract_meta
from .ocr_cells import leave_out_failed_identities, leave_out_low_confidence, leave_out_unsure_rows
from .result import ReportResult
from .simplified import SimplifiedLines

_TABLE_NAMES = {"active": "二 (主动公开)", "requests": "三 (依申请公开)", "appeals": "四 (复议诉讼)"}


def analyze_document(doc: Document, result: ReportResult, overrides: dict[str, Any]) -> None:
    lines = [b.text for b in doc.blocks if isinstance(b, TextLine)]
    headings = locate_sections(doc)
    simplified = SimplifiedLines(lines)  # each line converted once, for the metadata and the identity
    meta = extract_meta(lines, overrides, simplified)
    result.agency, result.year, result.title = meta.agency, meta.year, meta.title
    result.identity = identify(meta.agency, meta.year, overrides, lines, meta.title, simplified).columns()
    said = meta.problems + doc.notes  # what the reader and the metadata could not do, for every format
    reading = read_tokens(doc, headings)  # the lines cut into cells once, for every measure
    measures = reading.measures  # laid-out text: columns by characters or display width
    tokens = reading.tokens(measures[0])
    name = detect_templates(tokens) or _fallback_template(meta.year)
    alignment = align(tokens, name, measures[0])
    for measure in measures[1:]:  # the lines do not tell: a cell is kept only where both readings agree
        alignment = agreed(alignment, align(reading.tokens(measure), name, measure))
    result.sections = _section_rows(lines, headings, alignment)
    if not alignment.rows:
        result.template = None
        if len(headings) >= 2 or (headings and meta.title):
            result.status = "partial"
            first = ("no disclosure tables were found (二 主动公开, 三 依申请公开, 四 复议诉讼); "
                     "the report may be cut short or its tables may be images")
        elif doc.incomplete:
            # part of the file was not read: what was not read may be the report
            result.status = "partial"
            first = "no report was found in the part of the file that was read"
        else:
            result.status = "not_a_report"
            first = ("this does not look like a government-information-disclosure annual report: "
                     "no section headings and no disclosure tables were found")
        result.error = "; ".join([first] + said)
        return
    result.template = name
    unsure = leave_out_unsure_rows(alignment) + leave_out_low_confidence(alignment)
    cells = cell_map(alignment)  # what was read, before the failed identities' OCR cells go
    result.checks = run_checks(cells, name) + prose_checks(result.sections, cells)
    unsure += leave_out_failed_identities(alignment)
    result.facts = build_facts(alignment)
    problems = _missing(alignment) + alignment.notes + cell_problems(alignment) + unsure
    result.status = "partial" if problems or doc.incomplete else "ok"
    said = problems + alignment.remarks + said  # remarks: said, though every cell was placed
    result.error = "; ".join(said) if said else None


def _fallback_template(year: int | None) -> str:
    """Only when the tables print no template-specific wording at all (rows identical in both)."""
    return "2019" if year is not None and year < 2021 else "2021"


def _missing(alignment: Alignment) -> list[str]:
    tpl = template(alignment.template)
    found = {r.spec.id for r in alignment.rows}
    out = []
    for section, name in _TABLE_NAMES.items():
        expected = [r.id for r in tpl.rows if r.section == section]
        missing = [r for r in expected if r not in found]
        if len(missing) == len(expected):
            out.append(f"table {name} not found")
        elif missing:  # every one named: a researcher must find each cell left out in the sentence
            out.append(f"table {name}: {len(missing)} row(s) not found ({', '.join(missing)})")
    return out


def _section_rows(lines: list[str], headings: list[Heading], alignment: Alignment) -> list[dict[str, Any]]:
    """Each located section's prose, with heading and table lines left out."""
    rows = []
    bounds = [h.line for h in headings] + [len(lines)]
    for h, end in zip(headings, bounds[1:]):
        body = [lines[i].strip() for i in range(h.line + 1, end)
                if i not in alignment.used_lines and lines[i].strip() and lines[i].strip("| \t")]
        first = lines[h.line].strip().strip("|").strip()
        rest = first[len(h.text):].strip() if first.startswith(h.text) else ""
        text = "\n".join(([rest] if rest else []) + body)
        rows.append({"number": h.number, "heading": h.text, "text": text})
    return rows
