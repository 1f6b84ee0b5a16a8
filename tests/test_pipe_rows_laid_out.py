"""Pipe rows in laid-out text (issue 9; session 11).

Laid-out text (``pdftotext -layout``, pdfplumber ``layout=True``: rows on lines, columns kept
by runs of spaces) may print a few rows with rules as pipes ("规章 |    1    |         |    3    |"),
too few pipe lines for the text to be read by its pipes (``tokens._PIPE_SHARE``).  Read as
words, the pipes kept the numbers from being the row's tail, so each was a number among words:
left out and named (the safety net), though the pipes fix its cell.  Now such a line is cut at
its pipes as in text read one cell per line (``tokens._piped_line``), each cell keeping its
place in the line; where a piece between pipes holds a number beside another word the pipes do
not fix the cells (runs of spaces part columns too), and the line is read as words, as before.
"""
from __future__ import annotations

import pytest

from tests.test_pdf_text_roundtrip import _TAIL, _at, _layout_table_two, _process

_COLUMNS = ("issued", "repealed", "in_force")


def _table_two(got: dict) -> tuple[list, list]:
    return ([got.get((f"active.regulations.{c}", None)) for c in _COLUMNS],
            [got.get((f"active.normative_documents.{c}", None)) for c in _COLUMNS])


def _piped(lead: str, reg: tuple[str, str, str], norm: tuple[str, str, str]) -> str:
    """Table 二's two rows with pipes between their cells at the header's columns."""
    def row(label: str, cells: tuple[str, str, str]) -> str:
        return _at((0, lead + label), (14, "|"), (19, cells[0]), (27, "|"), (32, cells[1]), (40, "|"),
                   (45, cells[2]), (53, "|"))
    return _layout_table_two(row("规章", reg), row("行政规范性文件", norm)) + _TAIL


@pytest.mark.parametrize("lead", ["", "| "])
def test_laid_out_pipe_rows_are_cut_at_their_pipes(lead):
    """Was: 1, 3 and 2 left out as "printed among words" (the empty cells' zeros kept)."""
    result, got = _process(_piped(lead, ("1", "", "3"), ("", "2", "")))
    assert _table_two(got) == ([1, 0, 3], [0, 2, 0])
    assert "among words" not in (result.error or "")
    assert got.get(("active.licensing.decisions", None)) == 4


def test_control_the_same_rows_laid_out_by_spaces():
    """The same rows without pipes: read by their columns, as the pipe rows now are."""
    _, got = _process(_layout_table_two(_at((0, "规章"), (19, "1"), (45, "3")), _at((0, "行政规范性文件"), (32, "2")))
                      + _TAIL)
    assert _table_two(got) == ([1, 0, 3], [0, 2, 0])


@pytest.mark.parametrize("cell", ["1 300", "1     3"])
def test_control_a_piece_with_two_words_is_not_cut(cell):
    """A piece between pipes holding a number beside another word may be one cell ("1 300") or
    two: the pipes do not fix it, the line is read as words, and its numbers stay out, named —
    never 1300, 13 or one of them in a guessed column."""
    result, got = _process(_piped("", (cell, "", "3"), ("", "2", "")))
    reg, norm = _table_two(got)
    assert reg[0] is None and reg[2] is None
    assert norm == [0, 2, 0]
    assert "active.regulations.issued" in result.error and "active.regulations.in_force" in result.error
