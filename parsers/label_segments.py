"""Runs of label text split into the template's labels (``segment_labels``): wrapped fragments
joined, near misses of row labels, a group label wrapped beside its rows read apart, numbers
and number look-alikes kept as cells.

The aligner (``alignment``) asks it of every run of label tokens, and template choice
(``template_choice``) of the runs it weighs; the split depends on the run's texts alone, so it
is remembered per vocabulary.  It knows labels and fragments, nothing of rows' values.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .label_columns import label_columns, shares_a_line
from .normalize import han_count, normalize_label, strip_numbering
from .numbers import readable_number, value_like
from .tokens import LABEL, VALUE, Token
from .vocab import Entry, Vocabulary


MAX_FRAGMENTS = 8  # a label wrapped over more lines than this is not a label
_MAX_LABEL_LEN = 90
_SEGMENT_MEMO_CHARS = 400  # label runs longer than this (prose) are split afresh, not remembered
_PROSE_HAN = 15  # unmatched text this long is prose: it ends the current row


@dataclass(slots=True, unsafe_hash=True)  # never changed once built; not frozen: see tokens.Token
class _Segment:
    entry: Entry | None  # None: unmatched text
    text: str
    tokens: tuple[Token, ...]


def segment_labels(run: list[Token], vocab: Vocabulary, near: bool = True) -> list[_Segment]:
    """:func:`_segment_labels`, remembered per vocabulary: the split depends on the run's
    texts alone, and the same runs of label cells recur in every report."""
    found, cuts = _split_or_remembered(run, vocab, near)
    if found is not None:
        return found
    out: list[_Segment] = []
    i = 0
    for entry, text, n in cuts:
        out.append(_Segment(entry, text, tuple(run[i:i + n])))
        i += n
    return out


def last_segment_entry(run: list[Token], vocab: Vocabulary, near: bool = True) -> Entry | None:
    """``segment_labels(run, vocab, near)[-1].entry`` (the same split, the same memo), without
    building the segments where the split is remembered (``template_choice`` asks only this)."""
    found, cuts = _split_or_remembered(run, vocab, near)
    return found[-1].entry if found is not None else cuts[-1][0]


def _split_or_remembered(run: list[Token], vocab: Vocabulary, near: bool
                         ) -> tuple[list[_Segment] | None, tuple[tuple[Entry | None, str, int], ...] | None]:
    """(segments, None) where the run is split afresh (and remembered, when it can be), or
    (None, the remembered cuts): the one route to the vocabulary's remembered splits."""
    texts = tuple(t.text for t in run)
    if sum(map(len, texts)) > _SEGMENT_MEMO_CHARS:
        return _segment_labels(run, vocab, near), None
    cuts = vocab.segments(texts, near)
    if cuts is None:
        found = _segment_labels(run, vocab, near)
        if _in_order(found, run):  # a label put back together around a group's fragment is not
            vocab.remember_segments(texts, near, tuple((s.entry, s.text, len(s.tokens)) for s in found))
        return found, None
    return None, cuts


def _by_label_columns(run: list[Token], found: list[_Segment], vocab: Vocabulary, near: bool) -> list[_Segment]:
    """Laid-out text: a row label matched from fragments printed side by side on one line
    took in another label column's (a group label wrapped beside the rows, "三、" /
    "（一）予以公开" / "本年" / "（二）部分公开…", parsers/label_columns.py).  Each column is then
    read on its own and the segments put back in line order; that reading is taken only where
    it finds every row the run's reading found, in the same order, and more (the bare row
    label the join swallowed)."""
    if not any(s.entry is not None and s.entry.kind == "row" and shares_a_line(s.tokens) for s in found):
        return found
    columns = label_columns(run)
    if columns is None:
        return found
    split = sorted((s for col in columns for s in segment_labels(col, vocab, near)),
                   key=lambda s: (s.tokens[0].line, s.tokens[0].x))
    before, after = _row_ids(found), _row_ids(split)
    if len(after) <= len(before) or not _is_subsequence(before, after):
        return found
    return split


def _row_ids(segments: list[_Segment]) -> list[str]:
    """The rows the segments open, in order (a label cut in two by a group's fragment counts once)."""
    out: list[str] = []
    for s in segments:
        if s.entry is not None and s.entry.kind == "row" and (not out or out[-1] != s.entry.id):
            out.append(s.entry.id)
    return out


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(x in it for x in short)


def _in_order(found: list[_Segment], run: list[Token]) -> bool:
    """The segments are consecutive slices of the run, so their lengths alone rebuild them."""
    flat = [t for s in found for t in s.tokens]
    return len(flat) == len(run) and all(a is b for a, b in zip(flat, run))


def _segment_labels(run: list[Token], vocab: Vocabulary, near: bool = True) -> list[_Segment]:
    """Split consecutive label fragments into recognized labels and leftover text.

    ``near``: also try near misses of row labels (inside a table only: costly, and outside
    the tables any text may resemble a label).

    A label's numbering stands at its start, once, so a join of fragments that holds two
    fragments opening with a numbering is two labels, never one: a loose match (a row's key)
    across them would swallow a row.  Laid-out text repeating table 三's header over a page
    before "三、本年度" / "（一）予以公开" / "办理结果 （二）部分公开…" joined the header's last pieces
    ("组织" "机构") with all of them into one near match of （二）部分公开, and （一） was lost.
    One numbered fragment after header pieces ("组织" "机构" "一、本年新收…") is still one label
    with leading strays (``_leading_strays``)."""
    texts = [t.text for t in run]
    n = len(run)
    number_from = [n] * (n + 1)  # k -> the first readable number at k or after (n: none)
    for k in range(n - 1, -1, -1):
        number_from[k] = k if readable_number(texts[k]) else number_from[k + 1]
    out: list[_Segment] = []
    i = 0
    while i < n:
        hit: tuple[int, Entry] | None = None
        if _cell_text(texts[i]) and vocab.match(texts[i]) is None:
            # a number ("4" among a line's words) or a look-alike ("壹", "l", "—?") starts no
            # label: it is a cell of its own
            out.append(_Segment(None, texts[i], (run[i],)))
            i += 1
            continue
        end = number_from[i + 1]  # a readable number ends every label
        if len(normalize_label(texts[i])) <= _MAX_LABEL_LEN:
            for j in range(min(end, i + MAX_FRAGMENTS), i, -1):
                joined = "".join(texts[i:j])
                if len(joined) > _MAX_LABEL_LEN * 2:
                    continue
                exact = vocab.exact_match(joined)  # only an exact match is taken here
                if exact is not None:
                    hit = (j, exact)
                    break
            if hit is None:
                heads = 0  # fragments of the join that open with a numbering
                for j in range(i + 1, min(end, i + MAX_FRAGMENTS) + 1):
                    heads += _opens_numbered(texts[j - 1])
                    if heads > 1:
                        break  # two labels' heads: never one label (below)
                    m = vocab.match("".join(texts[i:j]))
                    if m:
                        hit = (j, m[0])
                        break
                if hit is not None:  # absorb the wrapped tail of the same label
                    j, entry = hit
                    while j < end and vocab.match(texts[j]) is None and not value_like(texts[j]) \
                            and not _opens_numbered(texts[j]):
                        m = vocab.match("".join(texts[i:j + 1]))
                        if not m or m[0] != entry:
                            break
                        j += 1
                    hit = (j, entry)
        if hit is not None and hit[1].kind == "row":
            beside = _tail_beside_a_group_fragment(run, texts, i, hit, vocab)
            if beside is not None:
                out.extend(beside[0])
                i = beside[1]
                continue
        if hit is None and near:
            hit = _near_miss(texts, i, end, vocab)
        if hit is None:
            out.append(_Segment(None, texts[i], (run[i],)))
            i += 1
        else:
            j, entry = hit
            out.append(_Segment(entry, "".join(texts[i:j]), tuple(run[i:j])))
            i = j
    return out


def _tail_beside_a_group_fragment(run: list[Token], texts: list[str], i: int, hit: tuple[int, Entry],
                                  vocab: Vocabulary) -> tuple[list[_Segment], int] | None:
    """A wrapped row label matched by its head alone (fragments ``i`` to ``j``), whose tail
    stands on the next line after a fragment of a group label wrapped beside the rows ("1.申请人
    无正当理由逾期不补" / "他处理 正、行政机关不再处理其政府信息公开申请"): where the head and that
    line's last fragment are exactly the row's label, the label is put back together and the
    group's fragment stands after it on its own (the tail alone, long, would read as prose).
    The two may be two fragments or one split at its last space.  (segments, next fragment)."""
    j, entry = hit
    if j >= len(run) or run[j].line is None or run[j].line == run[j - 1].line or vocab.match(texts[j]) is not None:
        return None
    head = "".join(texts[i:j])
    if j + 1 < len(run) and run[j + 1].line == run[j].line and (j + 2 >= len(run) or run[j + 2].line != run[j].line):
        frag, tail, end = run[j], run[j + 1], j + 2
    elif " " in texts[j].strip() and (j + 1 >= len(run) or run[j + 1].line != run[j].line):
        left, right = texts[j].strip().rsplit(" ", 1)
        frag, tail, end = replace(run[j], text=left), replace(run[j], text=right, x=None), j + 1
    else:
        return None
    if vocab.exact_match(head + tail.text) != entry or vocab.match(frag.text) is not None:
        return None
    return [_Segment(entry, head + tail.text, tuple(run[i:j]) + (tail,)), _Segment(None, frag.text, (frag,))], end


def _cell_text(text: str) -> bool:
    """A fragment that starts no label and, where a table's values stand, is a cell: a
    readable number or a number look-alike (``value_like``).  A line read as words ("行政许可 4
    （件）", "行政许可 4 备注") keeps a number from being its row's tail; joined into the label, or
    dropped as an unmatched fragment, it vanished and its row, bare, read as 0.  (A number
    look-alike starts no label and is not absorbed as a label's tail, but may stand inside a
    join: "总" "计" "(" "j" "ì" ")", pinyin printed one character per line in a vertical
    header; a readable number ends every join, ``_segment_labels``.)"""
    return value_like(text) or readable_number(text)


def _opens_numbered(text: str) -> bool:
    """The fragment starts with a numbering ("2.重", "（六）其"): the head of the next label
    (a row, or a group label wrapped beside the rows), never the wrapped tail of the one
    before, whose numbering stands at its own start."""
    norm = normalize_label(text)
    return strip_numbering(norm) != norm


def _leading_strays(seg: _Segment, vocab: Vocabulary) -> tuple[Token, ...]:
    """Fragments at the head of a row label's segment that the label matches without
    (wrapped header pieces "组织" "机构" before "一、本年新收…"): in laid-out text they are
    the header band's."""
    k = 0
    while k + 1 < len(seg.tokens):
        m = vocab.match("".join(t.text for t in seg.tokens[k + 1:]))
        if not m or m[0] != seg.entry:
            break
        k += 1
    return seg.tokens[:k]


def _near_miss(texts: list[str], i: int, n: int, vocab: Vocabulary) -> tuple[int, Entry] | None:
    """A misprinted row label starting at fragment ``i`` (its wrapped fragments joined, the
    longest join first), when no fragment after ``i`` is a label of its own."""
    if len(texts[i]) > _MAX_LABEL_LEN:
        return None  # every join holds it: too long for a label (prose)
    for j in range(min(n, i + MAX_FRAGMENTS), i, -1):
        joined = "".join(texts[i:j])
        if len(joined) > _MAX_LABEL_LEN:
            continue  # (asked first: the cheapest of the three, each a pure test of the texts)
        if any(vocab.match(t) or _opens_numbered(t) for t in texts[i + 1:j]):
            continue
        if han_count(joined) >= _PROSE_HAN * 2:
            continue
        entry = vocab.near_miss(joined)
        if entry is not None:
            return j, entry
    return None


def _rejoin_wrapped_heads(tokens: list[Token], vocab: Vocabulary) -> list[Token]:
    """Text lifted from a PDF prints a wrapped row label's numbers on its FIRST line
    ("8.属 6 0 0 0 0 0 6" / "于行政查询事项"): where the head alone is no label and the head
    joined with the next line's fragments is exactly one, the label is put back together
    before its numbers.  Only where rows sit on lines (values with a column position)."""
    out = list(tokens)
    i = 0
    while i < len(out):
        tok = out[i]
        if tok.kind != LABEL or tok.line is None or vocab.match(tok.text) is not None:
            i += 1
            continue
        j = i + 1
        while j < len(out) and out[j].kind == VALUE and out[j].line == tok.line and out[j].x is not None:
            j += 1
        if j == i + 1 or j >= len(out) or out[j].kind != LABEL or out[j].line == tok.line:
            i += 1
            continue
        k = j
        while k < len(out) and out[k].kind == LABEL and k - j < MAX_FRAGMENTS and out[k].line != tok.line:
            k += 1
        lines = list(dict.fromkeys(t.line for t in out[j:k]))
        done = False
        for n_lines in range(len(lines), 0, -1):
            span = [t for t in out[j:k] if t.line in lines[:n_lines]]
            end = j + len(span)
            # all fragments of those lines, or (a group label wrapping beside it) the last of each
            for chosen in (span, [[t for t in span if t.line == ln][-1] for ln in lines[:n_lines]]):
                exact = vocab.exact_match(tok.text + "".join(t.text for t in chosen))
                if exact is not None and exact.kind == "row":
                    others = [t for t in span if t not in chosen]
                    out[i:end] = [tok] + chosen + out[i + 1:j] + others
                    done = True
                    break
            if done:
                break
        i += 1
    return out
