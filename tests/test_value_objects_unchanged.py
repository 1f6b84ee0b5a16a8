"""The parser's value objects are never changed once built.

Token, Cell, TextLine, PlacedCell and GridCell are slots dataclasses with ``unsafe_hash``: they
are hashed, shared between memos and used as dict keys, so a change after construction would
silently move a memo's answer to another object.  They are not frozen only because a frozen
``__init__`` costs several times as much (see ``tokens.Token``).  This test makes every second
assignment to an attribute an error and reads real reports of every text-layer format through
the whole pipeline, so a mutation anywhere on those paths fails here.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.alignment import PlacedCell
from parsers.base import Cell, TextLine
from parsers.grid_columns import GridCell
from parsers.tokens import Token
from pipeline.process import process_document
from tests.corpus_eval import cases

VALUE_OBJECTS = (Token, Cell, TextLine, PlacedCell, GridCell)
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _set_once(cls: type):
    def __setattr__(self, name: str, value) -> None:
        try:
            getattr(self, name)
        except AttributeError:  # an unset slot: the constructor's own assignment
            object.__setattr__(self, name, value)
            return
        raise AssertionError(f"{cls.__name__}.{name} changed after the object was built")
    return __setattr__


@pytest.fixture
def set_once(monkeypatch):
    for cls in VALUE_OBJECTS:
        monkeypatch.setattr(cls, "__setattr__", _set_once(cls))


def test_the_guard_catches_a_change(set_once):
    tok = Token("LABEL", "规章")  # the constructor's assignments pass
    with pytest.raises(AssertionError, match="changed after"):
        tok.text = "规章x"
    cell = Cell("5")
    with pytest.raises(AssertionError, match="changed after"):
        cell.text = "6"


def _inputs() -> list[Path]:
    out = []
    for j in cases():
        case = json.loads(j.read_text(encoding="utf-8"))
        out.append(j.parent / case["input_file"])
    out += [p for p in sorted(RAW.iterdir()) if p.suffix in (".txt", ".html", ".pdf")
            and not p.name.startswith("scan-")]  # scans go through OCR: slow, and tested elsewhere
    return out


@pytest.mark.parametrize("path", _inputs(), ids=lambda p: p.name)
def test_reading_a_report_changes_no_value_object(set_once, path: Path):
    res = process_document(path.read_bytes(), source_path=path.name)
    assert res.status in ("ok", "partial"), res.error
    assert res.facts
