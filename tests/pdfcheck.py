"""Grid-level comparison of a parsed Document with what tests/pdfgen.py typeset."""
from __future__ import annotations

from parsers.base import Document, TableBlock

from .pdfgen import ExpectedRow


def _norm(s: str) -> str:
    return "".join(s.split())


def table_rows(doc: Document) -> list[list[tuple[str, int | None]]]:
    return [[(c.text, c.page) for c in row] for b in doc.blocks if isinstance(b, TableBlock) for row in b.rows]


def mismatches(doc: Document, expected: list[ExpectedRow]) -> list[str]:
    """Every expected row must appear as [.., label, v1, .., vn] with exactly those cells."""
    rows = table_rows(doc)
    problems: list[str] = []
    used: set[int] = set()
    for exp in expected:
        want = [_norm(v) for v in exp.values]
        hit = None
        for i, row in enumerate(rows):
            if i in used:
                continue
            texts = [_norm(t) for t, _ in row]
            if exp.label is None:
                ok = texts == want
            else:
                ok = len(texts) > len(want) and texts[-len(want) - 1] == _norm(exp.label) and texts[-len(want):] == want
            if ok:
                hit = i
                break
        if hit is None:
            near = [r for r in rows if exp.label and any(_norm(exp.label) == _norm(t) for t, _ in r)]
            problems.append(f"{exp.table} row {exp.label!r} {exp.values} not found; rows with that label: {near}")
        else:
            used.add(hit)
            if any(p is None for _, p in rows[hit]):
                problems.append(f"{exp.label!r}: a cell has no page")
    return problems
