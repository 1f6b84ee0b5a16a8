"""A label's numbering printed alone on a line, its words on the lines below.

Text lifted from a PDF prints a group label wrapped beside its rows line by line with them:
"（六）   1.申请人   5 6 4 11 26" / "其他处   无正当理" / "理   由逾期不", or "三、  （一）予以公开 …" /
"本年  （二）部分公开 …" / "度办" / "理结" / "果".  The numbering "（六）" then stands in a run of
label fragments of its own (the row's numbers end it), and its words come after those numbers,
among the row label's wrapped fragments.  Alone, "（六）" is a numbered label the template does
not know: it closed the row before it as "a label" (a bare row above it read as all blank only
where the document is seen to print such rows, and said), and the group label was lost.

Where the fragments below it, in its label column, complete the numbering to exactly one known
label (group or row), those fragments are its wrapped words: they are put right after the
numbering, so the label is read whole where it was printed (``alignment._segment_labels``
joins them) and the row fragments beside it stay a row label's tail.  Laid-out text places a
fragment by the column where its first character stands (``label_columns.start``); text
without positions gives each line's fragments left to right, so there the numbering and its
words must each be the first thing on their lines.  Nothing is moved unless the join is
exactly a label: a numbering that is no label's head is left as it was.
"""
from __future__ import annotations

from .label_columns import start
from .label_segments import MAX_FRAGMENTS  # a label wrapped over more lines is not a label
from .normalize import normalize_label, strip_numbering
from .tokens import LABEL, Token
from .vocab import Vocabulary

_SAME_COLUMN = 2.0  # columns between the starts of two fragments of one label cell, at most


def numbering_alone(text: str) -> bool:
    """The fragment is a numbering and nothing else ("（六）", "三、", "2.")."""
    norm = normalize_label(text)
    return bool(norm) and not strip_numbering(norm)


def rejoin_wrapped_numberings(tokens: list[Token], vocab: Vocabulary) -> list[Token]:
    """``tokens`` with each numbering printed alone followed by the fragments below it that
    complete it to exactly one known label (module docstring); the others unchanged."""
    heads = [k for k, t in enumerate(tokens) if t.kind == LABEL and t.line is not None and numbering_alone(t.text)]
    if not heads:
        return tokens
    lines: dict[int, list[int]] = {}  # text line -> positions of its tokens, in order
    for k, t in enumerate(tokens):
        if t.line is not None:
            lines.setdefault(t.line, []).append(k)
    order = sorted(lines)
    at = {ln: n for n, ln in enumerate(order)}
    moved: dict[int, list[int]] = {}  # head position -> the positions of its words
    taken: set[int] = set()
    for k in heads:
        if k in taken:
            continue
        words = _words_below(tokens, k, lines, order, at, vocab)
        if words and not taken.intersection(words):
            moved[k] = words
            taken.update(words)
    if not moved:
        return tokens
    out: list[Token] = []
    for k, t in enumerate(tokens):
        if k in taken:
            continue
        out.append(t)
        out.extend(tokens[w] for w in moved.get(k, ()))
    return out


def _words_below(tokens: list[Token], k: int, lines: dict[int, list[int]], order: list[int],
                 at: dict[int, int], vocab: Vocabulary) -> list[int] | None:
    """The positions of the fragments on the lines after head ``k``'s, one a line in its label
    column, that join with it into exactly one label; None where no such join exists."""
    head = tokens[k]
    column = start(head)
    if column is None and lines[head.line][0] != k:
        return None  # without positions the column is the line's first fragment
    text = head.text
    words: list[int] = []
    for ln in order[at[head.line] + 1: at[head.line] + 1 + MAX_FRAGMENTS]:
        here = lines[ln]
        if column is None:
            pick = here[0]
        else:
            near = [p for p in here if (s := start(tokens[p])) is not None and abs(s - column) <= _SAME_COLUMN]
            if len(near) != 1:
                return None
            pick = near[0]
        tok = tokens[pick]
        if tok.kind != LABEL or numbering_alone(tok.text) or strip_numbering(normalize_label(tok.text)) \
                != normalize_label(tok.text):
            return None  # a number, or the next label's numbering: the label ended without a match
        words.append(pick)
        text += tok.text
        entry = vocab.exact_match(text)
        if entry is not None and entry.kind in ("group", "row"):
            return words
    return None
