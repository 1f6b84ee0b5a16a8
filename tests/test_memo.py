"""The memo of pure text functions (parsers/memo.py) changes speed, never answers.

Every memoized function must answer as its unmemoized body does, whatever was asked
before (its extra arguments are part of the key), hand out nothing a caller could change
for the next caller, and keep a long text only until the next document starts.
"""
from __future__ import annotations

import pytest

from parsers import memo
from parsers.grid_columns import header_keys
from parsers.normalize import to_simplified
from parsers.numbers import _nfkc, parse_number, qualified, unreadable, value_like
from parsers.sections import classify_heading
from parsers.tokens import BLANK, LABEL, VALUE, _read_one_cell, cell_tokens

PROSE = "2022年，我局政府信息公开工作不断规范完善，取得一定成绩，但也存在一些不足之处。" * 5  # > MEMO_TEXT_MAX
TEXTS = ["0", "1,234", "1 234", "约 1", "10余", "壹", "l", "—?", "不详", "1x", "－", "0.61 万元", "规章 0 0 0",
         "（一）予以公开", "總計", "二、主动公开政府信息情况", "行政复议", "结果纠正", PROSE, PROSE + " 3 4"]


def _calls(fn):
    """A memoized counter around ``fn`` (the memo sees what the function really computes)."""
    seen: list[str] = []

    def body(text: str, *args):
        seen.append(text)
        return fn(text, *args)
    return memo.text_memo(body), seen


def test_short_texts_are_read_once_and_long_ones_once_per_document():
    counted, seen = _calls(len)
    assert [counted("总计"), counted("总计"), counted(PROSE), counted(PROSE)] == [2, 2, len(PROSE), len(PROSE)]
    assert seen == ["总计", PROSE]
    memo.forget_long_texts()  # the next document
    assert counted(PROSE) == len(PROSE) and counted("总计") == 2
    assert seen == ["总计", PROSE, PROSE]


def test_the_long_text_memo_is_bounded():
    counted, seen = _calls(len)
    texts = [f"{k:04d}" + PROSE for k in range(memo.LONG_ENTRIES + 1)]
    for t in texts:
        counted(t)
    assert len(seen) == memo.LONG_ENTRIES + 1
    counted(texts[0])  # emptied when full: asked again, computed again
    assert len(seen) == memo.LONG_ENTRIES + 2


@pytest.mark.parametrize("fn", [_nfkc, _read_one_cell, parse_number, unreadable, qualified, value_like, to_simplified, header_keys,
                                classify_heading])
def test_memoized_functions_answer_as_their_bodies(fn):
    for text in TEXTS * 2:  # the second round comes from the memo
        assert fn(text) == fn.__wrapped__(text), text


def test_a_cell_is_cut_by_its_own_rule_whatever_was_asked_before():
    # "1 234" is one number where the text is known to be one cell, two values on a free line
    first = [(t.kind, t.text) for t in cell_tokens("1 234", single_cell=False)]
    one = [(t.kind, t.text) for t in cell_tokens("1 234")]
    again = [(t.kind, t.text) for t in cell_tokens("1 234", single_cell=False)]
    assert one == [(VALUE, "1 234")] and parse_number("1 234").value == 1234
    assert first == again == [(VALUE, "1"), (VALUE, "234")]


def test_cell_tokens_hand_out_fresh_lists_with_their_place():
    toks = cell_tokens("规章 0 0 0", page=3, line=7)
    assert [(t.kind, t.text, t.page, t.line) for t in toks] == [
        (LABEL, "规章", 3, 7), (VALUE, "0", 3, 7), (VALUE, "0", 3, 7), (VALUE, "0", 3, 7)]
    toks.clear()  # a caller changing its list changes nobody else's
    assert [(t.text, t.page, t.line) for t in cell_tokens("规章 0 0 0", page=4, line=1)] == [
        ("规章", 4, 1), ("0", 4, 1), ("0", 4, 1), ("0", 4, 1)]
    assert [(t.kind, t.page, t.line) for t in cell_tokens("")] == [(BLANK, None, None)]
