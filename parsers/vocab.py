"""Recognize table labels: which row, group or header a piece of text is.

Built from ``templates/labels.toml`` for one template, so that （六）其他处理 is a row in the
2019 layout and a group in the 2021 layout without any branching here.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Callable

from .memo import MEMO_ENTRIES, remember
from .normalize import normalize_label, numbering_of, strip_numbering
from .templates import labels, template

_PREFIX_MIN_CORE = 4  # an unnumbered first line of a wrapped label must be this long to count
# A key match must not be much longer than the label, or prose would match.
_KEY_SLACK = 8
_KEY_RATIO = 1.6
# A misprinted row label (a dropped, added or changed character) is a near miss of exactly
# one row: similar enough relative to its length, and clearly closer to it than to any other.
_NEAR_MIN_CORE = 6
_NEAR_RATIO = 0.8
_NEAR_MARGIN = 0.1


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # row | group | header | appeals_start | appeals_more
    id: str  # row id, group id, or the section a header belongs to
    near_miss: bool = False  # matched by near miss (a misprinted label), not by its words


class Vocabulary:
    """Exact (normalized) and key-based lookup of labels for one template."""

    def __init__(self, template_name: str) -> None:
        data = labels()
        row_ids = {r.id for r in template(template_name).rows}
        self._exact: dict[str, Entry] = {}
        self._core: dict[str, set[Entry]] = {}
        self._keys: list[tuple[str, int, Entry]] = []
        self._row_labels: list[tuple[str, str, Entry]] = []  # (full, core) of every row variant
        self._memo: dict[str, tuple[Entry, bool] | None] = remember({})  # see match()
        self._exact_memo: dict[str, Entry | None] = remember({})  # see exact_match()
        self._segments: dict[tuple[tuple[str, ...], bool], tuple[tuple[Entry | None, str, int], ...]] = remember({})
        self._near: dict[str, Entry | None] = remember({})  # see near_miss()
        for row_id, spec in data["row"].items():
            if row_id not in row_ids:
                continue
            entry = Entry("row", row_id)
            for v in spec["variants"]:
                self._add(v, entry)
                full = normalize_label(v)
                self._row_labels.append((full, strip_numbering(full), entry))
            if "key" in spec:
                longest = max(len(strip_numbering(normalize_label(v))) for v in spec["variants"])
                self._keys.append((normalize_label(spec["key"]), longest, entry))
        self._group_labels: list[tuple[str, Entry]] = []  # numbered group labels, for their wrapped heads
        for group_id, variants in data["group"].items():
            for v in variants:
                if normalize_label(v) not in self._exact:  # a row of this template wins
                    self._add(v, Entry("group", group_id))
                    full = normalize_label(v)
                    if numbering_of(full):
                        self._group_labels.append((full, Entry("group", group_id)))
        for section, variants in data["header"].items():
            kind = section if section.startswith("appeals") else "header"
            for v in variants:
                self._add(v, Entry(kind, section), overwrite=False)
        self._header_keys = [(normalize_label(k), Entry("header", s))
                             for s, keys in data["header_keys"].items() for k in keys]
        self._header_variants = [(normalize_label(v), Entry("header", s))
                                 for s, variants in data["header"].items() if not s.startswith("appeals")
                                 for v in variants]
        self._keys.sort(key=lambda k: -len(k[0]))
        self._row_labels_by_first: dict[str, list[tuple[str, str, Entry]]] = {}  # by_prefix's candidates
        self._row_cores_by_first: dict[str, list[tuple[str, str, Entry]]] = {}
        for label in self._row_labels:
            if label[0]:
                self._row_labels_by_first.setdefault(label[0][0], []).append(label)
            if label[1]:
                self._row_cores_by_first.setdefault(label[1][0], []).append(label)

    def _add(self, variant: str, entry: Entry, overwrite: bool = True) -> None:
        full = normalize_label(variant)
        if overwrite or full not in self._exact:
            self._exact[full] = entry
        self._core.setdefault(strip_numbering(full), set()).add((numbering_of(full), entry))

    def exact(self, norm: str) -> Entry | None:
        """Equal to a variant, with its numbering or without it; a different number ("2.其他"
        against 3.其他) is not the same label."""
        hit = self._exact.get(norm)
        if hit is not None:
            return hit
        core = strip_numbering(norm)
        number = numbering_of(norm)
        entries = {e for n, e in self._core.get(core, ())
                   if not number or n == number or (not n and e.kind in ("row", "group"))}
        if len(entries) == 1:
            return next(iter(entries))
        if entries and number:  # numbered: prefer the row reading ("3.其他" is a row)
            rows = [e for e in entries if e.kind == "row"]
            if len(rows) == 1:
                return rows[0]
        return None

    def by_key(self, norm: str) -> Entry | None:
        """Contains a row's distinctive key and is about as long as that row's label."""
        core = strip_numbering(norm)
        for key, longest, entry in self._keys:
            if key in core and len(core) <= max(longest * _KEY_RATIO, longest + _KEY_SLACK):
                return entry
        for key, entry in self._header_keys:
            if key in core and len(core) <= len(key) + 14:
                return entry
        return None

    def by_prefix(self, norm: str) -> Entry | None:
        """The first line of a wrapped row label ("5.要求行政机关确认或" …), when only one row
        label starts that way; numbering counts, so "1.属于" is 1.属于国家秘密 alone.  A
        numbered group label's head may be shorter: its numbering and one character
        ("（五）不" of （五）不予处理, wrapped beside its rows), where no row label starts so."""
        core = strip_numbering(norm)
        numbered = core != norm
        if not core or (len(core) < _PREFIX_MIN_CORE and not numbered):
            return None
        # only labels starting with the text's first character can start with the text
        if numbered:
            rows = {e for full, c, e in self._row_labels_by_first.get(norm[0], ())
                    if full.startswith(norm) and len(c) > len(core)}
        else:
            rows = {e for full, c, e in self._row_cores_by_first.get(core[0], ())
                    if c.startswith(core) and len(c) > len(core)}
        hits = rows if len(core) >= 2 or not numbered else set()
        if not rows and numbered:
            # the head of a wrapped group label beside the row labels ("（三）不予公" / "开")
            hits = {e for full, e in self._group_labels if full.startswith(norm) and len(full) > len(norm)}
        return next(iter(hits)) if len(hits) == 1 else None

    def header_head(self, text: str) -> Entry | None:
        """The first line of a header cell wrapped over lines ("（本列数据的勾稽关系为：第一项加第二项
        之和，" of the long note over table 三's labels): the head of a header variant of exactly
        one table, holding one of that table's header keys."""
        norm = normalize_label(text)
        hits = {e for full, e in self._header_variants if len(norm) < len(full) and full.startswith(norm)
                and any(key in norm for key, k in self._header_keys if k == e)}
        return next(iter(hits)) if len(hits) == 1 else None

    def near_miss(self, text: str) -> Entry | None:
        """The one row label ``text`` is a near miss of (其他法律行政止公开 for 其他法律行政法规
        禁止公开, 属于行政执法案件 for 属于行政执法案卷); numbering must agree where printed.
        Whether it stands where that row stands is the sequence alignment's to decide.

        Remembered like :meth:`match` (the answer depends on the text alone): the same
        unmatched label runs are tried in every report, at ~0.5 ms a text."""
        return _remembered(self._near, text, self._near_miss, MEMO_ENTRIES)

    def _near_miss(self, text: str) -> Entry | None:
        norm = normalize_label(text)
        core = strip_numbering(norm)
        if len(core) < _NEAR_MIN_CORE:
            return None
        number = numbering_of(norm)
        best: dict[Entry, float] = {}
        matchers = self._near_matchers()
        # quick_ratio's bound for every row label at once, from the characters both hold as
        # multisets (the count quick_ratio makes walking the text): each of the text's
        # characters adds to the labels that hold it (most characters of a text that is no
        # label are in none), instead of one walk of the text per label
        shared_with = [0] * len(matchers)
        for ch, k in Counter(core).items():
            for at, held in self._near_index.get(ch, ()):
                shared_with[at] += k if k < held else held
        for at, (full, c, entry, matcher, _) in enumerate(matchers):
            if number and self._near_numbers[at] and self._near_numbers[at] != number:
                continue
            if 2 * min(len(core), len(c)) / (len(core) + len(c)) < _NEAR_RATIO - _NEAR_MARGIN:
                continue  # lengths alone rule it out (ratio ≤ 2·min/(sum): real_quick_ratio)
            if 2.0 * shared_with[at] / (len(core) + len(c)) < _NEAR_RATIO - _NEAR_MARGIN:
                continue
            matcher.set_seq1(core)
            best[entry] = max(best.get(entry, 0.0), matcher.ratio())
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < _NEAR_RATIO:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < _NEAR_MARGIN:
            return None
        return replace(ranked[0][0], near_miss=True)

    def _near_matchers(self) -> list[tuple[str, str, Entry, SequenceMatcher, Counter[str]]]:
        """One matcher per row label, its analysis of the label kept between queries."""
        if not hasattr(self, "_matchers"):
            self._matchers = [(full, c, e, SequenceMatcher(None, "", c, autojunk=False), Counter(c))
                              for full, c, e in self._row_labels if len(c) >= _NEAR_MIN_CORE]
            self._near_numbers = [numbering_of(full) for full, _, _, _, _ in self._matchers]
            # character → (matcher, how often its label holds it), for the shared-character bound
            self._near_index: dict[str, list[tuple[int, int]]] = {}
            for at, (_, _, _, _, c_chars) in enumerate(self._matchers):
                for ch, held in c_chars.items():
                    self._near_index.setdefault(ch, []).append((at, held))
        return self._matchers

    def match(self, text: str) -> tuple[Entry, bool] | None:
        """(entry, exact?) for a label text, or None.

        Memoized: the same label texts recur in every report and in every segmentation
        attempt, and the answer depends on the text alone (entries are immutable).
        """
        return _remembered(self._memo, text, self._match, _MEMO_MAX)

    def exact_match(self, text: str) -> Entry | None:
        """The entry when :meth:`match` calls ``text`` an exact match, else None; without the
        key and prefix look-ups a match would also make (label segmentation first tries the
        longest joins of a run's fragments, which are exact matches or nothing to it)."""
        known = self._memo.get(text, _UNSEEN)
        if known is not _UNSEEN:
            return known[0] if known is not None and known[1] else None
        return _remembered(self._exact_memo, text, self._exact_text, _MEMO_MAX)

    def _exact_text(self, text: str) -> Entry | None:
        norm = normalize_label(text)
        return self.exact(norm) if norm else None  # as _match decides "exact"

    def segments(self, texts: tuple[str, ...], near: bool) -> tuple[tuple[Entry | None, str, int], ...] | None:
        """How ``label_segments.segment_labels`` last split this run of label texts: (entry, text,
        number of fragments) per segment; None if not remembered."""
        return self._segments.get((texts, near))

    def remember_segments(self, texts: tuple[str, ...], near: bool,
                          cuts: tuple[tuple[Entry | None, str, int], ...]) -> None:
        if len(self._segments) >= MEMO_ENTRIES:
            self._segments.clear()
        self._segments[(texts, near)] = cuts

    def _match(self, text: str) -> tuple[Entry, bool] | None:
        norm = normalize_label(text)
        if not norm:
            return None
        hit = self.exact(norm)
        if hit is not None:
            return hit, True
        hit = self.by_key(norm) or self.by_prefix(norm)
        return (hit, False) if hit is not None else None


_MEMO_MAX = 1 << 16
_UNSEEN = object()


def _remembered(memo: dict[str, Any], text: str, compute: Callable[[str], Any], entries: int) -> Any:
    """``compute(text)`` kept in ``memo`` (emptied when it holds ``entries``): a vocabulary's
    answers depend on the text alone."""
    if text in memo:
        return memo[text]
    if len(memo) >= entries:
        memo.clear()
    memo[text] = hit = compute(text)
    return hit


@lru_cache(maxsize=None)
def vocabulary(template_name: str) -> Vocabulary:
    return Vocabulary(template_name)
