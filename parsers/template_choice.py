"""Which template each table follows, decided per table (二, 三; 四 is the same in both).

Some reports mix templates: table 二 on the 2021 layout (本年制发件数 …) while table 三 keeps
the 2019 single （六）其他处理 row.  Each table is judged on the evidence printed inside it
(between its section heading and the next): the template's marker wordings
(``templates/<name>.toml`` ``markers``), and labels of rows only that template has, printed
with their values right after them (a 2019 （六）其他处理 row; a 2021 3.其他 row).  A table
without evidence of its own follows the document as a whole.

One function for every rendering (grids and flattened text alike), so the codes written
for a table always come from the template that table follows.
"""
from __future__ import annotations

from functools import lru_cache

from .alignment import detect_template, template_markers
from .label_segments import last_segment_entry
from .normalize import normalize_label
from .templates import TEMPLATE_NAMES, mixed_name, template
from .tokens import BLANK, HEADING, LABEL, VALUE, Token
from .vocab import vocabulary

_TABLE_SECTIONS = {2: "active", 3: "requests"}


def detect_templates(tokens: list[Token]) -> str | None:
    """The report's template name: ``2021``, ``2019``, or ``2021+2019`` (二 on 2021, 三/四 on
    2019) when the tables follow different ones; None if nothing tells."""
    parts = _section_parts(tokens)
    by_table = {section: _table_choice(parts[number], number) for number, section in _TABLE_SECTIONS.items()}
    active, requests = by_table["active"], by_table["requests"]
    if active is None or requests is None:  # the whole document is read only for a table that does not tell
        whole = detect_template(tokens)
        active, requests = active or whole, requests or whole
    if active is None and requests is None:
        return None
    return mixed_name(active or requests, requests or active)


def _table_choice(part: list[Token], number: int) -> str | None:
    """The one template the table under heading ``number`` (its tokens ``part``) shows
    evidence of, else None."""
    if not part:
        return None
    text = normalize_label("".join(t.text for t in part if t.kind == LABEL))
    runs = _label_runs(part)  # the same runs for every template's vocabulary
    scores: dict[str, int] = {}
    for name in TEMPLATE_NAMES:
        markers = sum(1 for m in template_markers(name) if m in text)
        scores[name] = markers + _own_rows_with_values(part, runs, name, _table_rows(name, _TABLE_SECTIONS[number]))
    best = max(scores.values())
    winners = [n for n, s in scores.items() if s == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def _section_parts(tokens: list[Token]) -> dict[int, list[Token]]:
    """The tokens under each table's heading (every heading numbered so, up to the next
    heading), for the tables of ``_TABLE_SECTIONS``, in one pass."""
    out: dict[int, list[Token]] = {number: [] for number in _TABLE_SECTIONS}
    inside: list[Token] | None = None
    for t in tokens:
        if t.kind == HEADING:
            inside = out.get(t.section)
            continue
        if inside is not None:
            inside.append(t)
    return out


@lru_cache(maxsize=None)
def _table_rows(name: str, section: str) -> frozenset[str]:
    """Row ids of ``section`` that only template ``name`` has (the templates never change)."""
    own = {r.id for r in template(name).rows if r.section == section}
    others = {r.id for other in TEMPLATE_NAMES if other != name for r in template(other).rows}
    return frozenset(own - others)


def _label_runs(part: list[Token]) -> list[tuple[list[Token], int]]:
    """Each run of label tokens that something other than a label follows, with the index of
    that token (a run at the very end has nothing after it and is not asked about)."""
    out: list[tuple[list[Token], int]] = []
    run: list[Token] = []
    for k, tok in enumerate(part):
        if tok.kind == LABEL:
            run.append(tok)
            continue
        if run:
            out.append((run, k))
            run = []
    return out


def _own_rows_with_values(part: list[Token], runs: list[tuple[list[Token], int]], name: str,
                          rows: frozenset[str]) -> int:
    """Labels of ``rows`` (read with the template's vocabulary) followed by their cells;
    ``runs``: the part's label runs (``_label_runs``)."""
    if not rows:
        return 0
    vocab = vocabulary(name)
    found = 0
    for run, k in runs:
        last = last_segment_entry(run, vocab)
        if last is not None and last.kind == "row" and last.id in rows and _value_follows(part, k):
            found += 1
    return found


def _value_follows(part: list[Token], k: int) -> bool:
    """The label's row has cells: a number or a known blank cell (only known blanks are
    tokens); a grid position covered by the label's own span is not a cell."""
    for i in range(k, len(part)):  # (not a copy of the rest of the part per label)
        tok = part[i]
        if tok.kind == BLANK and tok.grid is not None and not tok.origin:
            continue
        return tok.kind in (VALUE, BLANK)
    return False
