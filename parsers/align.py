"""Align a token stream to a template: which values belong to which row and column.

The template says which labels come in which order and how many value cells each row
has.  Labels are matched (wrapped fragments joined), the values after a row label belong to
that row, and a row with fewer values than cells (blanks dropped by the flattening) is
placed using what is known: surviving blank markers and the report's own sums (six applicant
columns add up to 总计; 维持+纠正+其他+尚未审结 = 总计).  A cell whose value differs between
the placements that remain possible is left out and reported, never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from .flat import BLANK, HEADING, LABEL, VALUE, Token
from .normalize import han_count, normalize_label, strip_numbering
from .templates import RowSpec, Template, template
from .vocab import Entry, Vocabulary, vocabulary

_MAX_FRAGMENTS = 8  # a label wrapped over more lines than this is not a label
_MAX_LABEL_LEN = 90
_PROSE_HAN = 15  # unmatched text this long is prose: it ends the current row
_MAX_PLACEMENTS = 20000
APPEALS = "appeals"
_HOME_SECTION = {"active": 2, "requests": 3, "appeals": 4}


@dataclass(frozen=True, slots=True)
class PlacedCell:
    value: float
    raw: str
    page: int | None


@dataclass
class AlignedRow:
    spec: RowSpec
    raw_label: str
    cells: list[PlacedCell | None]
    note: str | None = None


@dataclass
class Alignment:
    template: str
    rows: list[AlignedRow] = field(default_factory=list)
    used_lines: set[int] = field(default_factory=set)

    @property
    def notes(self) -> list[str]:
        return [r.note for r in self.rows if r.note]


@dataclass
class _Hit:
    row_id: str
    raw_label: str
    page: int | None
    section: int  # the report section (by heading) the row label stood in; 0 before any
    values: list[Token] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Segment:
    entry: Entry | None  # None: unmatched text
    text: str
    tokens: tuple[Token, ...]


def detect_template(tokens: list[Token], year: int | None = None) -> str | None:
    """Pick the template whose marker wordings the document prints most; None if neither."""
    text = normalize_label("".join(t.text for t in tokens if t.kind == LABEL))
    scores = {}
    for name in ("2021", "2019"):
        tpl = template(name)
        scores[name] = sum(1 for m in tpl.markers if normalize_label(m) in text)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None
    return best


def segment_labels(run: list[Token], vocab: Vocabulary) -> list[_Segment]:
    """Split consecutive label fragments into recognized labels and leftover text."""
    texts = [t.text for t in run]
    out: list[_Segment] = []
    i, n = 0, len(run)
    while i < n:
        hit: tuple[int, Entry] | None = None
        if len(normalize_label(texts[i])) <= _MAX_LABEL_LEN:
            for j in range(min(n, i + _MAX_FRAGMENTS), i, -1):
                joined = "".join(texts[i:j])
                if len(joined) > _MAX_LABEL_LEN * 2:
                    continue
                m = vocab.match(joined)
                if m and m[1]:
                    hit = (j, m[0])
                    break
            if hit is None:
                for j in range(i + 1, min(n, i + _MAX_FRAGMENTS) + 1):
                    m = vocab.match("".join(texts[i:j]))
                    if m:
                        hit = (j, m[0])
                        break
                if hit is not None:  # absorb the wrapped tail of the same label
                    j, entry = hit
                    while j < n and vocab.match(texts[j]) is None:
                        m = vocab.match("".join(texts[i:j + 1]))
                        if not m or m[0] != entry:
                            break
                        j += 1
                    hit = (j, entry)
        if hit is None:
            out.append(_Segment(None, texts[i], (run[i],)))
            i += 1
        else:
            j, entry = hit
            out.append(_Segment(entry, "".join(texts[i:j]), tuple(run[i:j])))
            i = j
    return out


class _Aligner:
    def __init__(self, tpl: Template) -> None:
        self.tpl = tpl
        self.vocab = vocabulary(tpl.name)
        self.row_ids = {r.id for r in tpl.rows}
        self.hits: dict[str, list[_Hit]] = {}
        self.current: _Hit | None = None
        self.used: set[int] = set()
        self.section = 0

    def start(self, row_id: str, label: str, page: int | None) -> None:
        hit = _Hit(row_id, label, page, self.section)
        self.hits.setdefault(row_id, []).append(hit)
        self.current = hit

    def feed(self, tokens: list[Token]) -> None:
        run: list[Token] = []
        for tok in tokens:
            if tok.kind == LABEL:
                run.append(tok)
                continue
            if run:
                self.labels(run)
                run = []
            if tok.kind == HEADING:
                self.current = None
                self.section = tok.section or 0
                if tok.section == 4:
                    self.start(APPEALS, tok.text, tok.page)
                self._use(tok)
            elif self.current is not None:
                self.current.values.append(tok)
                self._use(tok)
        if run:
            self.labels(run)

    def _use(self, tok: Token) -> None:
        if tok.line is not None:
            self.used.add(tok.line)

    def labels(self, run: list[Token]) -> None:
        for seg in segment_labels(run, self.vocab):
            entry = seg.entry
            if entry is None:
                if han_count(seg.text) >= _PROSE_HAN or strip_numbering(normalize_label(seg.text)) != normalize_label(seg.text):
                    self.current = None
                continue
            for t in seg.tokens:
                self._use(t)
            in_appeals = self.current is not None and self.current.row_id == APPEALS
            if entry.kind == "row" and entry.id in self.row_ids:
                self.start(entry.id, seg.text, seg.tokens[0].page)
            elif entry.kind == "appeals_start":
                if not in_appeals:
                    self.start(APPEALS, seg.text, seg.tokens[0].page)
            elif in_appeals and self._is_appeals_header(seg.text):
                continue
            else:
                self.current = None

    def _is_appeals_header(self, text: str) -> bool:
        m = self.vocab.match(text)
        if m and m[0].kind.startswith("appeals"):
            return True
        return strip_numbering(normalize_label(text)) in {"总计", "其他结果", "结果维持", "结果纠正", "尚未审结"}

    def result(self) -> Alignment:
        out = Alignment(self.tpl.name, used_lines=self.used)
        for spec in self.tpl.rows:
            hits = self.hits.get(spec.id)
            if not hits:
                continue
            home = _HOME_SECTION[spec.section]
            # A table row beats the same words in prose: prefer the section the table belongs
            # in, then the occurrence with the most printed values.
            best = max(hits, key=lambda h: (h.section == home, sum(1 for v in h.values if v.kind == VALUE),
                                            len(h.values)))
            if spec.id == APPEALS and not best.values:
                continue  # a heading without a table
            cells, note = place(best.values, spec, best.page)
            out.rows.append(AlignedRow(spec, best.raw_label, cells, note))
        return out


def align(tokens: list[Token], template_name: str) -> Alignment:
    aligner = _Aligner(template(template_name))
    aligner.feed(tokens)
    return aligner.result()


def place(tokens: list[Token], spec: RowSpec, page: int | None) -> tuple[list[PlacedCell | None], str | None]:
    """Put a row's tokens into its cells; None for a cell that cannot be placed."""
    n = len(spec.cells)
    toks = list(tokens)
    while len(toks) > n and toks[-1].kind == BLANK:
        toks.pop()
    while len(toks) > n and toks[0].kind == BLANK:
        toks.pop(0)
    page = next((t.page for t in toks if t.page is not None), page)
    if len(toks) == 1 and n > 1:
        glued = _unglue(toks[0], spec, page)
        if glued is not None:
            return glued, None
    if len(toks) == n:
        return [_cell(t, page) for t in toks], None
    if len(toks) > n:
        window = _window_fitting_sums(toks, spec)
        chosen = toks[window:window + n]
        extra = len(toks) - n
        return [_cell(t, page) for t in chosen], (
            f"row {spec.id}: {extra} more value(s) than the table has columns; the extra ones were ignored")
    return _place_fewer(toks, spec, page)


def _cell(tok: Token, page: int | None) -> PlacedCell:
    value = tok.number.value if tok.number is not None else 0.0
    return PlacedCell(value, tok.text if tok.kind == VALUE else "", tok.page if tok.page is not None else page)


def _sums_ok(values: list[float], spec: RowSpec) -> bool:
    return all(abs(sum(values[p] for p in parts) - values[total]) < 1e-6 for parts, total in spec.sums)


def _window_fitting_sums(toks: list[Token], spec: RowSpec) -> int:
    n = len(spec.cells)
    if spec.sums:
        for start in range(len(toks) - n + 1):
            vals = [_cell(t, None).value for t in toks[start:start + n]]
            if _sums_ok(vals, spec):
                return start
    return 0


def _unglue(tok: Token, spec: RowSpec, page: int | None) -> list[PlacedCell | None] | None:
    """'1000001' for a seven-cell row: separators lost between single-digit cells."""
    raw = tok.text.strip()
    if tok.kind != VALUE or not raw.isdigit() or len(raw) != len(spec.cells) or not spec.sums:
        return None
    values = [float(ch) for ch in raw]
    if not _sums_ok(values, spec):
        return None
    return [PlacedCell(v, ch, page) for v, ch in zip(values, raw)]


def _place_fewer(toks: list[Token], spec: RowSpec, page: int | None) -> tuple[list[PlacedCell | None], str | None]:
    n, k = len(spec.cells), len(toks)
    vals = [_cell(t, page).value for t in toks]
    placements = []
    for count, pos in enumerate(combinations(range(n), k)):
        if count >= _MAX_PLACEMENTS:
            break
        placements.append(pos)
    def row_values(pos: tuple[int, ...]) -> list[float]:
        out = [0.0] * n
        for v, p in zip(vals, pos):
            out[p] = v
        return out
    consistent = [p for p in placements if _sums_ok(row_values(p), spec)] if spec.sums else []
    pool = consistent or placements
    cells: list[PlacedCell | None] = []
    unknown = []
    for slot in range(n):
        seen_values = set()
        fillers = set()
        for pos in pool:
            idx = pos.index(slot) if slot in pos else None
            fillers.add(idx)
            seen_values.add(vals[idx] if idx is not None else 0.0)
        if len(seen_values) != 1:
            cells.append(None)
            unknown.append(slot)
            continue
        value = seen_values.pop()
        if len(fillers) == 1 and None not in fillers:
            tok = toks[next(iter(fillers))]
            cells.append(_cell(tok, page))
        elif fillers == {None}:
            cells.append(PlacedCell(0.0, "", page))
        else:
            cells.append(PlacedCell(value, _fmt(value), page))
    note = None
    if unknown:
        names = ", ".join(_cell_name(spec, s) for s in unknown)
        note = (f"row {spec.id}: only {k} of {n} cells printed and their columns cannot be told apart; "
                f"left out {names}")
    return cells, note


def _cell_name(spec: RowSpec, slot: int) -> str:
    c = spec.cells[slot]
    return f"{c.code}[{c.applicant_type}]" if c.applicant_type else c.code


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
