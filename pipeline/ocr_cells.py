"""Cells read by OCR that are not certain: left out and named, never guessed or corrected.

Three rules, in order:

0. a row whose values did not fit its columns (the aligner's note says so) is left out;
1. a value recognised less surely than ``OCR.min_confidence`` is left out;
2. where one of the report's identities (row sums, 一+二 = （七）+四, Σ results = （七）)
   fails and OCR read cells of it, a misread digit is as likely as a printing error, and
   the identity cannot say which cell: every OCR-read cell of that identity is left out.

The identity itself is still recorded in ``checks`` as read, so the disagreement is kept;
only the facts lose the cells that may be misread.  Text-layer cells are never touched.
"""
from __future__ import annotations

from parsers.alignment import Alignment, PlacedCell
from parsers.ocr.params import OCR
from parsers.placement import OCR as BY_OCR
from parsers.templates import APPLICANT_TYPES, template

Key = tuple[str, str | None]


def leave_out_low_confidence(alignment: Alignment) -> list[str]:
    """Rule 1, in place (before the checks run); the sentence, if any cell went."""
    low = _drop(alignment, lambda key, c: c.confidence is not None and c.confidence < OCR.min_confidence)
    if not low:
        return []
    return [f"OCR could not read {len(low)} cell(s) surely (confidence below "
            f"{OCR.min_confidence:.2f}); left out {_names(low)}"]


def leave_out_unsure_rows(alignment: Alignment) -> list[str]:
    """Rule 0: a row read by OCR whose values did not fit its columns (more values than cells,
    or a placement the aligner had to choose) may hold another row's numbers: left out."""
    dropped: list[str] = []
    for row in alignment.rows:
        if row.note and any(c is not None and c.placement == BY_OCR for c in row.cells):
            row.cells = [None if c is not None and c.placement == BY_OCR else c for c in row.cells]
            dropped.append(row.spec.id)
    if not dropped:
        return []
    return [f"rows read by OCR whose values did not fit their columns are left out: {', '.join(dropped)}"]


def leave_out_failed_identities(alignment: Alignment) -> list[str]:
    """Rule 2, in place (after the checks recorded what was read); the sentence, if any."""
    if not any(c is not None and c.placement == BY_OCR for row in alignment.rows for c in row.cells):
        return []  # only OCR-read cells are ever left out here: a text or markup report has none
    suspects = _in_failed_identities(alignment)
    bad = _drop(alignment, lambda key, c: c.placement == BY_OCR and key in suspects)
    if not bad:
        return []
    return [f"the report's identities do not hold over cells read by OCR, so a digit may be "
            f"misread; left out {_names(bad)}"]


def _drop(alignment: Alignment, unsure) -> list[Key]:
    out: list[Key] = []
    for row in alignment.rows:
        for i, (spec, cell) in enumerate(zip(row.spec.cells, row.cells)):
            key = (spec.code, spec.applicant_type)
            if cell is not None and unsure(key, cell):
                row.cells[i] = None
                out.append(key)
    return out


def _in_failed_identities(alignment: Alignment) -> set[Key]:
    """Keys of every cell in an identity that fails over the cells present."""
    tpl = template(alignment.template)
    cells: dict[Key, PlacedCell] = {}
    for row in alignment.rows:
        for spec, cell in zip(row.spec.cells, row.cells):
            if cell is not None:
                cells[(spec.code, spec.applicant_type)] = cell
    identities: list[tuple[list[Key], list[Key]]] = []
    for ident in tpl.identities:
        for at in APPLICANT_TYPES:
            identities.append(([(c, at) for c in ident.left], [(c, at) for c in ident.right]))
    for spec in tpl.rows:
        if tpl.row_sum_checks.get(spec.section):
            for parts, total in spec.sums:
                identities.append(([(spec.cells[p].code, spec.cells[p].applicant_type) for p in parts],
                                   [(spec.cells[total].code, spec.cells[total].applicant_type)]))
    out: set[Key] = set()
    for left, right in identities:
        keys = left + right
        if not all(k in cells for k in keys) or not any(cells[k].placement == BY_OCR for k in keys):
            continue
        if abs(sum(cells[k].value for k in left) - sum(cells[k].value for k in right)) > 1e-6:
            out.update(keys)
    return out


def _names(keys: list[Key]) -> str:
    """Every cell named, compactly: each code once with the applicant columns left out of it
    ("requests.new[natural_person, total]"), in the order the cells went."""
    columns: dict[str, list[str]] = {}
    for code, applicant in keys:
        columns.setdefault(code, [])
        if applicant:
            columns[code].append(applicant)
    return ", ".join(f"{code}[{', '.join(ats)}]" if ats else code for code, ats in columns.items())
