"""parsers/normalize.py: the quick forms of label normalization give what the plain ones gave."""
from __future__ import annotations

import pytest

import regex

from parsers.normalize import _QUOTE_MAP, char_replacer, han_count, normalize_label

EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def test_char_replacer_is_translate_over_every_character():
    assert char_replacer(_QUOTE_MAP)(EVERY_CHARACTER) == EVERY_CHARACTER.translate(str.maketrans(_QUOTE_MAP))
    text = "“【规章】”—［一］‘x’"
    assert char_replacer(_QUOTE_MAP)(text) == text.translate(str.maketrans(_QUOTE_MAP)) == "\"(规章)\"-［一］'x'"


def test_char_replacer_refuses_a_map_whose_values_are_keys():
    # sequential replaces would turn a into c where translate gives b
    with pytest.raises(ValueError):
        char_replacer({"a": "b", "b": "c"})
    with pytest.raises(ValueError):
        char_replacer({"ab": "c"})


def test_labels_normalize_as_before():
    assert normalize_label("“規(guī)章”") == '"规章"'
    assert normalize_label("【一】 予以公开") == "(一)予以公开"
    assert normalize_label("行政規範性檔案 —— 2、") == "行政规范性文件--2、"
    assert normalize_label("(一)予以公开") == "(一)予以公开"  # no pinyin: the parenthesis stays


def test_han_count_counts_one_per_han_character_over_every_character():
    # the runs' lengths summed (one match a run) are the count of one match per character
    per_character = regex.compile(r"\p{Han}")
    assert han_count(EVERY_CHARACTER) == len(per_character.findall(EVERY_CHARACTER)) > 90_000
    for text in ("", "abc", "一", "本机关2023年度共收到申请12件，已全部办结。", "〇々〻𠀀 x 丽", "(一)予以公开" * 40):
        assert han_count(text) == len(per_character.findall(text))
    assert han_count("本年度 (一) 予以公开 12") == 8
