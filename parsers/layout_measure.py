"""By which measure laid-out text puts its words in columns: characters or display width.

Laid-out text keeps a table's columns by padding each line with spaces, but tools count the
text before a word differently: ``pdftotext -layout`` and pdfplumber's ``layout=True`` give every
character one column (a CJK character too), while converters that pad for a terminal or a
fixed-width font count a wide (CJK) character as two (its display width).  A word's column is
then its offset in characters, or the display width of the text before it on its line; read
by the wrong measure, every CJK character before a word moves it one column, so a row label
or a header with CJK characters shifts the numbers and headers after it.

Which measure a document uses shows in its numbers: a table's numbers stand in columns, and
rows whose labels hold different numbers of CJK characters put the numbers of one column at
the same place under one measure only.  :func:`line_measures` counts the numbers that line up
with a number of another row under each measure, where the two rows' CJK prefixes differ so
much that the measures cannot both line them up; one measure is taken only when the other's
count is small beside it.  Otherwise both are plausible: the document is read under both,
and a cell the two readings place differently is left out (``parsers/layout_agreement.py``).
"""
from __future__ import annotations

import unicodedata
from typing import Iterable, Sequence

CHARS, DISPLAY = "chars", "display"
MEASURES = (CHARS, DISPLAY)

_TOLERANCE = 1.0  # columns: centres of one column's numbers in different rows (digits differ)
_INFORMATIVE = 2  # columns by which two numbers' CJK prefixes must differ to tell the measures apart
_WINDOW = 12  # lines with numbers after a line that are compared with it
_MIN_PAIRS = 3  # pairs of lines lined up under the measure taken, at least
_DOMINANCE = 4  # … and this many times as many as under the other measure


def display_width(text: str) -> int:
    """Columns ``text`` takes by display width: wide and full-width (East Asian W/F)
    characters two, every other one (Unicode's East Asian Width, UAX #11)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def width(text: str, measure: str) -> int:
    """Columns ``text`` takes in laid-out text of ``measure``."""
    return display_width(text) if measure == DISPLAY else len(text)


def offset(line: str, index: int, measure: str) -> int:
    """The column at which the character ``line[index]`` stands, by ``measure``."""
    return display_width(line[:index]) if measure == DISPLAY else index


def line_measures(numbers: Iterable[Sequence[tuple[float, float]]]) -> tuple[str, ...]:
    """The measures the laid-out lines may follow, the likelier first: one, or both.

    ``numbers``: per line with numbers, each number's centre column in characters and by
    display width; an empty entry stands for a section heading (``tokens._laid_out_mode``):
    lines on either side of one belong to different tables, whose columns nothing ties, so
    they are never compared (table 四's numbers, printed with no label before them, stand
    so densely that a row of 三 above lines up with some of them under either measure by
    chance: generated sparse reports 104 and 109 were left undecided so).  Evidence for a measure is a pair of nearby lines where, under it, every
    number of the line printing fewer (two or more) stands in a column of the other, in
    order, and not under the other (the two lines' CJK prefixes differ by two columns or
    more, so it moves one line's numbers against the other's): a table's rows printed in
    the same columns, a sparse row's numbers under a fuller row's.  One measure is taken when its
    pairs are ``_MIN_PAIRS`` at least and ``_DOMINANCE`` times the other's; else both are
    plausible."""
    counts = {CHARS: 0, DISPLAY: 0}
    for section in _sections(numbers):
        for measure, n in lined_up(section).items():
            counts[measure] += n
    chars, display = counts[CHARS], counts[DISPLAY]
    if chars >= _MIN_PAIRS and chars >= _DOMINANCE * display:
        return (CHARS,)
    if display >= _MIN_PAIRS and display >= _DOMINANCE * chars:
        return (DISPLAY,)
    return (CHARS, DISPLAY) if chars >= display else (DISPLAY, CHARS)


def _sections(numbers: Iterable[Sequence[tuple[float, float]]]) -> list[list[list[tuple[float, float]]]]:
    """The lines with numbers, cut into runs at each empty entry (a section heading)."""
    out: list[list[list[tuple[float, float]]]] = [[]]
    for ln in numbers:
        if ln:
            out[-1].append(list(ln))
        elif out[-1]:
            out.append([])
    return out


def lined_up(lines: list[list[tuple[float, float]]]) -> dict[str, int]:
    """Under each measure, the pairs of lines (within ``_WINDOW`` lines with numbers of each
    other) whose numbers stand in shared columns as that measure places them (see
    :func:`line_measures`)."""
    counts = {CHARS: 0, DISPLAY: 0}
    for i, a in enumerate(lines):
        for b in lines[i + 1:i + 1 + _WINDOW]:
            few, many = (a, b) if len(a) <= len(b) else (b, a)
            if len(few) < 2 or abs((few[0][1] - few[0][0]) - (many[0][1] - many[0][0])) < _INFORMATIVE:
                continue  # the measures place the two lines' numbers alike: no evidence
            chars, display = _within(few, many, 0), _within(few, many, 1)
            if chars != display:  # in shared columns under one measure only
                counts[CHARS if chars else DISPLAY] += 1
    return counts


def _within(few: list[tuple[float, float]], many: list[tuple[float, float]], pick: int) -> bool:
    """Every number of ``few`` stands within ``_TOLERANCE`` of its own number of ``many``, in order."""
    k = 0
    for num in few:
        while k < len(many) and many[k][pick] < num[pick] - _TOLERANCE:
            k += 1
        if k == len(many) or many[k][pick] > num[pick] + _TOLERANCE:
            return False
        k += 1
    return True
