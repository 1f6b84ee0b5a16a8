"""A sheet's cells → Document blocks: runs of rows become TableBlock grids, the rest text lines.

A sheet has no paragraphs: the title, the section headings and the tables all sit in rows.
Blank rows separate runs; within a run, the rows from the first to the last that hold two
or more printed cells are a table (a heading row merged across the table in between stays
in it, as in a Word table), and single-cell rows before or after are lines of text (title,
section headings, notes).  Merged cells become spans exactly as the DOCX reader makes them:
the origin holds the text and its ``colspan``, every covered position is an empty
non-origin cell, so the grid placement reads each row by its own printed cells.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..base import Block, Cell, TableBlock, TextLine


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range, rows ``r0..r1`` and columns ``c0..c1`` inclusive (0-based)."""

    r0: int
    r1: int
    c0: int
    c1: int


def sheet_blocks(values: dict[tuple[int, int], str], merges: list[Merge]) -> list[Block]:
    """Blocks of one sheet from its non-empty cell texts (row, col) → text and its merges."""
    covered: dict[tuple[int, int], Merge] = {}
    for m in merges:
        for r in range(m.r0, m.r1 + 1):
            for c in range(m.c0, m.c1 + 1):
                if (r, c) != (m.r0, m.c0):
                    covered[(r, c)] = m
    texts = {k: v for k, v in values.items() if k not in covered and v}
    origins = {(m.r0, m.c0): m for m in merges}
    by_row: dict[int, list[int]] = {}
    for r, c in sorted(texts):
        by_row.setdefault(r, []).append(c)
    out: list[Block] = []
    for run in _runs(sorted(by_row)):
        multi = [r for r in run if len(by_row[r]) >= 2]
        if not multi:
            out.extend(_line(texts, r, by_row[r]) for r in run)
            continue
        first, last = multi[0], multi[-1]
        out.extend(_line(texts, r, by_row[r]) for r in run if r < first)
        out.append(_table(texts, origins, covered, list(range(first, last + 1))))
        out.extend(_line(texts, r, by_row[r]) for r in run if r > last)
    return out


def _runs(rows: list[int]) -> list[list[int]]:
    """Rows with text, cut where a blank row lies between two."""
    out: list[list[int]] = []
    for r in rows:
        if out and r == out[-1][-1] + 1:
            out[-1].append(r)
        else:
            out.append([r])
    return out


def _line(texts: dict[tuple[int, int], str], row: int, cols: list[int]) -> TextLine:
    return TextLine(" ".join(texts[(row, c)] for c in cols))


def _table(texts, origins, covered, rows: list[int]) -> TableBlock:
    used = {c for (r, c) in texts if r in rows}
    for (r, c), m in list(origins.items()) + list(covered.items()):
        if r in rows:
            used.add(c)
    cols = sorted(used)  # columns empty over the whole table (a margin column) are dropped
    index = {c: i for i, c in enumerate(cols)}
    grid: list[tuple[Cell, ...]] = []
    for r in rows:
        row: list[Cell] = []
        for c in cols:
            i = index[c]
            m = origins.get((r, c))
            if (r, c) in covered:
                row.append(Cell("", col=i, origin=False))
            elif m is not None:
                span = sum(1 for k in range(m.c0, m.c1 + 1) if k in index)
                row.append(Cell(texts.get((r, c), ""), col=i, colspan=span))
            else:
                row.append(Cell(texts.get((r, c), ""), col=i))
        grid.append(tuple(row))
    return TableBlock(rows=tuple(grid))
