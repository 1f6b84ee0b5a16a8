"""Which cells a text extracted from a generated PDF still carries unambiguously.

Independent of the parser: it reads only what tests/pdfgen.py typeset (the printed cell
texts of each row, which numbers wrapped inside their cell) and decides per cell.

* A number broken over two lines inside a narrow cell is not carried (the text shows two
  numbers; nothing says they were one).  Nor is any other cell of that row, whose count
  the broken number upsets.
* A row whose printed (non-empty) cells are as many as its columns is carried whole: the
  values come in column order.
* A row whose visible cells all read 0 (or that shows no cell at all) is all zeros.
* Otherwise blank cells vanished from the text; every order-preserving placement of the
  visible values that keeps the row's own sums (six applicant columns = 总计; 维持+纠正+
  其他+尚未审结 = 总计 per group) is possible, and a cell is carried if it has one value in
  all of them.  (Identities across rows may settle more; the parser may place those, but
  need not.)
* ``positional=True`` (``extract_text(layout=True)``, ``pdftotext -layout``: columns kept by
  spaces): blank cells keep their place, so every cell that did not wrap is carried.
* ``blocks=True`` (plain ``pdftotext``): poppler reads a ruled table's cells as text blocks in
  its own order (a row's numbers may stand far from its label, a column's numbers together),
  so no cell is carried: every one must come back right or be left out and said.
"""
from __future__ import annotations

import itertools
from typing import Any

from tests.pdfgen import APPLICANTS, GeneratedReport
from tests.roundtrip.oracle import read_number
from tests.sentence_names import cell_or_row_named

Key = tuple[str, "int | None"]


def _row_sums_ok(table: str, vals: tuple) -> bool:
    if table == "requests":
        return vals[APPLICANTS - 1] == sum(vals[:APPLICANTS - 1])
    if table == "appeals":
        return all(sum(vals[g * 5:g * 5 + 4]) == vals[g * 5 + 4] for g in range(3))
    return True


def _placements(table: str, texts: list[str]) -> list[tuple]:
    shown = [read_number(t) for t in texts if t.strip()]
    n = len(texts)
    out = []
    for pos in itertools.combinations(range(n), len(shown)):
        vals = [0.0] * n
        for p, v in zip(pos, shown):
            vals[p] = v
        if _row_sums_ok(table, tuple(vals)):
            out.append(tuple(vals))
    return out


def truth(rep: GeneratedReport) -> dict[Key, float]:
    """Every cell of the report: (code, applicant index or None) → value."""
    out: dict[Key, float] = {}
    for code, v in rep.facts.items():
        if isinstance(v, list):
            for k, x in enumerate(v):
                out[(code, k)] = float(x)
        else:
            out[(code, None)] = float(v)
    return out


def carried(rep: GeneratedReport, text: str, positional: bool = False, blocks: bool = False) -> dict[Key, float]:
    """The cells ``text`` (extracted from ``rep.pdf``) still determines: key → value.

    A table whose header words did not survive extraction (PDFium loses the CJK text of
    a /Rotate'd page) is not carried: its numbers follow the previous table's last row.
    """
    out: dict[Key, float] = {}
    if blocks:
        return out
    flat = "".join(text.split())
    for row in rep.rows:
        if any(row.wrapped):
            continue
        if row.table == "appeals" and "行政复议" not in flat:
            continue
        texts = row.values
        visible = [t for t in texts if t.strip()]
        if positional or len(visible) == len(texts) or all(read_number(t) == 0 for t in visible):
            for key, t in zip(row.codes, texts):
                out[key] = float(read_number(t))
            continue
        cands = _placements(row.table, texts)
        for slot, key in enumerate(row.codes):
            vals = {c[slot] for c in cands}
            if len(vals) == 1:
                out[key] = float(vals.pop())
    return out


APPL = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]


def emitted(result: Any) -> dict[Key, float]:
    """The result's facts keyed like ``truth``."""
    out: dict[Key, float] = {}
    for f in result.facts:
        v = f["amount"] if f["amount"] is not None else f["count"]
        key = (f["category"], APPL.index(f["applicant_type"]) if f["applicant_type"] else None)
        out[key] = float(v)
    return out


def emitted_rows(result: Any) -> dict[str, list[float | None]]:
    """The result's per-applicant cells as one list per row code (None where not written);
    codes with no applicant type are left out."""
    rows: dict[str, list[float | None]] = {}
    for (code, k), v in emitted(result).items():
        if k is not None:
            rows.setdefault(code, [None] * len(APPL))[k] = v
    return rows


def _k(key: Key) -> str:
    code, k = key
    return code if k is None else f"{code}[{APPL[k]}]"


def meta_problems(result: Any, rep: GeneratedReport) -> list[str]:
    """Template, year and agency as typeset."""
    out = []
    for name in ("template", "year", "agency"):
        if getattr(result, name) != getattr(rep, name):
            out.append(f"{name} {getattr(result, name)!r} != {getattr(rep, name)!r}")
    return out


def safety_problems(result: Any, rep: GeneratedReport) -> list[str]:
    """No emitted cell may be wrong or invented, whatever the text lost."""
    want, got = truth(rep), emitted(result)
    spurious = sorted(_k(k) for k in got if k not in want)
    wrong = sorted((_k(k), want[k], got[k]) for k in got if k in want and got[k] != want[k])
    out = []
    if spurious:
        out.append(f"{len(spurious)} spurious cell(s): {spurious[:4]}")
    if wrong:
        out.append(f"{len(wrong)} WRONG cell(s) (cell, expected, got): {wrong[:4]}")
    return out


def completeness_problems(result: Any, rep: GeneratedReport, text: str, positional: bool = False,
                          blocks: bool = False) -> list[str]:
    """Every carried cell back; anything left out only with status partial and a sentence
    naming it (its own name or its row's: tests/sentence_names.py)."""
    want, got = truth(rep), emitted(result)
    need = carried(rep, text, positional, blocks)
    lost = sorted((_k(k), need[k]) for k in need if k not in got)
    out = []
    if lost:
        out.append(f"{len(lost)} carried cell(s) left out: {lost[:4]}")
    missing = [k for k in want if k not in got]
    if missing and (result.status != "partial" or not result.error):
        out.append(f"{len(missing)} cell(s) left out but status {result.status!r}, error {result.error!r}")
    said = result.error or ""
    unnamed = sorted(_k((code, k)) for code, k in missing
                     if not cell_or_row_named(said, code, None if k is None else APPL[k], rep.template))
    if unnamed:
        out.append(f"{len(unnamed)} cell(s) left out but not named in the sentence: {unnamed[:4]}")
    if not missing and result.status != "ok" and not _said_page_numbers(result, rep):
        out.append(f"every cell back but status {result.status!r}: {result.error}")
    return out


def _said_page_numbers(result: Any, rep: GeneratedReport) -> bool:
    """Bare page numbers ('2' on a line of its own) were typeset, and the only thing the
    report's sentence says is that lone numbers were not read: a number the parser set
    aside must be named, so ``partial`` is right there.  The same for any other footer that
    the extraction glued to a row's numbers (PDFium, "… 4 - - - - 4 -" with "- 4 -" the
    footer): each clause says numbers were not read, quoting a footer as typeset."""
    clauses = [c for c in (result.error or "").split("; ") if c]
    if not clauses or not all("not read" in c for c in clauses):
        return False
    if rep.options.footer == "{n}":
        return True
    footers = [f"'{rep.options.footer.format(n=k)}'" for k in range(1, 100)]
    return all(any(f in c for f in footers) for c in clauses)
