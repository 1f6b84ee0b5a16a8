"""parsers/settled_order.py: a table settled by its own labels is read exactly as the full
sequence alignment reads it — both paths run on the same documents, every alignment compared
whole (rows, cells, placements, notes and their kinds), so the shortcut cannot drift."""
from __future__ import annotations

import pathlib
import re

import pytest

import parsers.alignment as alignment
import parsers.row_splitting as row_splitting
import pipeline.analyze as analyze
from parsers.settled_order import settled_by_labels
from parsers.tokens import BLANK, VALUE, Token
from pipeline.process import process_document
from tests.roundtrip.flatten import LOSSLESS, draw_options, flatten
from tests.roundtrip.reportgen import RandomChooser, generate_report

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FILES = sorted(p for d in (SHARED / "corpus", SHARED / "corpus-full", ROOT / "tests" / "fixtures" / "html",
                           ROOT / "tests" / "fixtures" / "grid", ROOT / "tests" / "fixtures" / "roundtrip")
               if d.is_dir() for p in d.iterdir() if p.suffix in (".txt", ".html"))


def _generated() -> list[tuple[str, bytes]]:
    """Round-trip reports (tests/roundtrip) in every lossless style and as HTML grids (j), and
    with blanks dropped (h, i: rows the alignment must place by the sequence), fixed seeds."""
    out = []
    for style in sorted(set(LOSSLESS) | {"h", "i", "j"}):
        for template in ("2021", "2019"):
            for seed in range(4):
                ch = RandomChooser(f"{style}-{template}-{seed}")
                rep = generate_report(ch, template)
                raw = flatten(rep, draw_options(ch, style), ch)
                out.append((f"{style}-{template}-{seed}.{'html' if style == 'j' else 'txt'}", raw))
                if style == "j":  # grid rows whose label cell is empty: their numbers follow the row above's
                    out.extend((f"{style}-{template}-{seed}-unlabelled{k}.html", _label_emptied(raw, k))
                               for k in range(3, 40, 6))
                if style != "j" and seed == 0:  # cut at every ninth line: rows cut short, rows cut after the label
                    lines = raw.split(b"\n")
                    out.extend((f"{style}-{template}-{seed}-cut{k}.txt", b"\n".join(lines[:k]))
                               for k in range(len(lines) // 4, len(lines), 9))
    return out


_LABEL_CELL = re.compile(rb"(<tr>\s*<td[^>]*>)(?:(?!</td>).)*[\x80-\xff](?:(?!</td>).)*(</td>\s*<td[^>]*>(?:<[^>]+>)*\d)", re.S)


def _label_emptied(raw: bytes, k: int) -> bytes:
    """The HTML with the label cell of its ``k``-th labelled grid row (a row whose next cell
    starts with a number) left empty."""
    found = list(_LABEL_CELL.finditer(raw))
    if not found:
        return raw
    m = found[k % len(found)]
    return raw[:m.start()] + m.group(1) + m.group(2) + raw[m.end():]


def _read(data: bytes, name: str, monkeypatch: pytest.MonkeyPatch, shortcut: bool):
    """The document's result and every alignment made for it, with or without the shortcut."""
    made: list[alignment.Alignment] = []
    real_align = alignment.align

    def recorded(*args, **kwargs):
        made.append(real_align(*args, **kwargs))
        return made[-1]

    with monkeypatch.context() as m:
        m.setattr(analyze, "align", recorded)
        if not shortcut:
            m.setattr(alignment, "settled_by_labels", lambda *a: False)
            m.setattr(row_splitting, "in_one_printed_row_each", lambda *a: False)
        res = process_document(data, source_path=name)
    return res, made


def _seen(a: alignment.Alignment) -> tuple:
    """Everything an alignment says, the kind of each note included (a Remark keeps a report ok)."""
    return (a.template, [(r.spec.id, r.raw_label, r.cells, r.note, type(r.note), r.options) for r in a.rows],
            sorted(a.used_lines), a.header_units, a.unread)


def _result(res) -> tuple:
    return (res.status, res.error, res.template, res.facts, res.checks, res.sections)


def test_both_paths_read_every_document_alike(monkeypatch):
    fired, unsplit = [], []
    real, real_unsplit = alignment.settled_by_labels, row_splitting.in_one_printed_row_each

    def counted(mine, rows, below):
        took = real(mine, rows, below)
        fired.append(took) if mine else None  # (an empty table has nothing to tell)
        return took

    def counted_unsplit(hits):
        unsplit.append(real_unsplit(hits))
        return unsplit[-1]

    docs = [(p.name, p.read_bytes()) for p in FILES] + _generated()
    assert len(FILES) >= 30 and len(docs) >= 100
    for name, data in docs:
        with monkeypatch.context() as m:
            m.setattr(alignment, "settled_by_labels", counted)
            m.setattr(row_splitting, "in_one_printed_row_each", counted_unsplit)
            fast, fast_made = _read(data, name, monkeypatch, shortcut=True)
        full, full_made = _read(data, name, monkeypatch, shortcut=False)
        assert [_seen(a) for a in fast_made] == [_seen(a) for a in full_made], name
        assert _result(fast) == _result(full), name
    # the shortcut took many tables (grids and text alike), and left many to the full path
    assert sum(fired) >= 100 and fired.count(False) >= 30
    assert sum(unsplit) >= 10 and unsplit.count(False) >= 100


def _hit(row_id: str | None, *values: Token, near_miss: bool = False) -> alignment._Hit:
    return alignment._Hit(row_id, row_id or "", 1, 2, values=list(values), near_miss=near_miss, table="active")


def test_only_a_table_settled_by_its_own_labels_takes_the_shortcut():
    v, b = Token(VALUE, "3"), Token(BLANK, "")
    rows = ["a", "b", "c"]
    assert settled_by_labels([_hit("a", v), _hit("c", b, v)], rows, [False, False, False])
    assert settled_by_labels([], rows, [False])
    assert not settled_by_labels([_hit("b", v), _hit("a", v)], rows, [False] * 3)  # out of order
    assert not settled_by_labels([_hit("a", v), _hit("a", v)], rows, [False] * 3)  # a row twice
    assert not settled_by_labels([_hit("a", v), _hit(None, v)], rows, [False] * 3)  # numbers with no label
    assert not settled_by_labels([_hit("a", v), _hit("b")], rows, [False] * 3)  # a bare label
    assert not settled_by_labels([_hit("a", v), _hit("b", b, b)], rows, [False] * 3)  # blanks only
    assert not settled_by_labels([_hit("a", v), _hit("x", v)], rows, [False] * 3)  # another table's row
    assert not settled_by_labels([_hit("a", v, near_miss=True)], rows, [False] * 2)  # a near miss
    assert not settled_by_labels([_hit("a", v), _hit("b", v)], rows, [False, True, False])  # numbers below
    assert not settled_by_labels([_hit("a", v)], ["a", "b", "a"], [False] * 2)  # a row id twice in the table
