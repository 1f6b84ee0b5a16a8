"""Round-trip property tests: random but consistent 2021 and 2019 report tables, flattened in
every style seen in the corpus (tests/roundtrip/flatten.py), must parse back exactly.

* Lossless styles (a–g, and j = HTML): every expected cell exact, no spurious cell, status
  ``ok``, template/year right, agency named.
* Styles that drop blank cells without trace (h, i): every emitted cell is right (never a
  wrong value, never a spurious cell); a cell may be left out only where its placement is
  genuinely ambiguous (tests/roundtrip/oracle.py decides that independently of the parser),
  and then the report is ``partial`` with an error sentence; a row whose visible values are
  all 0 comes back whole, as zeros.

* Shredded renderings (k = PDF text shredded by other tools, l = converter Markdown): no
  wrong or invented cell ever; rows printed whole come back; every printed heading located.
* Truncated documents (every text rendering, cut at any line or right after a row label):
  no cell that is not in the document (a row cut after its label has none; a row cut
  partway may give only right cells), never a wrong one, rows printed before the cut back.
* Unreadable cells (every rendering, tests/roundtrip/spoil.py): a cell printed as "壹", "l",
  "—?", "约 1" … is never read, named in the sentence, and moves no other value.

Examples are derandomized (reproducible in CI, independent of test order: each test draws
its own examples from its own source, and Hypothesis's pool of literals from the modules
imported so far is kept empty, tests/conftest.py, checked by tests/test_roundtrip_examples.py).
How many per test: fixed counts that spend the same CPU budget per test (tests/budget.py: 60
for a lossless rendering, 130 for a truncated one, 26 with blanks dropped …);
``ZFXXGK_EXAMPLES_SCALE=N`` multiplies them, ``ZFXXGK_ROUNDTRIP_EXAMPLES=N`` (or
``ROUNDTRIP_EXAMPLES``) sets every test to N (``make roundtrip-deep`` runs 500; the failures
found by deeper runs are kept in tests/test_roundtrip_regressions.py) and
``ROUNDTRIP_SHRINK=1`` turns on shrinking to find minimal failures.  A failing example's
text is written to ``.roundtrip-failures/`` for inspection; the same count reruns it.
"""
from __future__ import annotations

import hashlib
import math
import os
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalize import to_simplified
from pipeline.process import process_document
from tests.roundtrip.flatten import DROPPED, LOSSLESS, STYLE_NAMES, STYLES, TEXT_STYLES, draw_options, flatten, render
from tests.roundtrip.oracle import AMBIGUOUS, determined_cells
from tests.roundtrip.reportgen import MONEY_CODES, DrawChooser, generate_report
from tests.roundtrip.spoil import spoil
from tests.sentence_names import row_named
from tests.budget import property_settings

ROOT = pathlib.Path(__file__).resolve().parents[1]
FAIL_DIR = ROOT / ".roundtrip-failures"

_SHRINK = bool(os.environ.get("ROUNDTRIP_SHRINK"))
# The settings every round-trip test shares (tests/test_roundtrip_examples.py draws with them);
# each test family's count comes from the budget (tests/budget.py).
RT = property_settings("roundtrip.lossless", shrink=_SHRINK)


def _budget(family: str) -> settings:
    return settings(property_settings(family, shrink=_SHRINK))

# Known parser bugs found by these tests: (style, template) -> reason.  Random examples
# may or may not hit a bug (derandomized examples change whenever a test's source does), so
# these marks are non-strict; tests/test_roundtrip_regressions.py holds each bug as a fixed
# minimal reproduction marked xfail(strict=True), where a fix shows up as XPASS.
# None is open today; KNOWN_FAILURES_GLOBAL names a bound kept on purpose.
_TAB_TRAILING = ("tab rows: an appeals data row whose trailing cells are blank "
                 "('1\\t3\\t\\t\\t4\\t2\\t4\\t\\t2\\t8\\t\\t\\t\\t\\t\\t') is right-aligned: "
                 "review 1,3,0,0,4 / direct 2,4,0,2,8 come back as direct 1,3,0,0,4 / after 2,4,0,2,8")
_PIPE_LEADING_BLANK = ("pipe rows: an appeals data row whose FIRST cell is blank ('| 0 | 3 |  | 3 |  |  | 0 | 0 | |||||||') "
                       "loses that cell, shifting every value one column left; the appeals identity "
                       "(0+0+3+0 = 3) picks the right reading")
_WAN = "a money cell with the Traditional unit '萬元' ('0.39萬元', opencc s2t of 万元) is not read as a number -> 0"
_APPEALS_ALL_BLANK = ("blanks dropped: when the appeals data row is entirely blank nothing follows the headers and "
                      "table 四 is reported 'not found' instead of 15 zeros (b-11 precedent: no visible cell = all 0)")
_VERTICAL = ("one cell per paragraph with vertical (one character per line) appeals headers and an all-blank "
             "appeals row (15 extra newlines): 'table 四 (复议诉讼) not found'")
_COLUMN_IDS = ("blanks dropped: cells fixed only by the column identities are left out, e.g. 一 printed "
               "'3 0 0 0 0 0 3', （一）予以公开 and （七）总计 printed '3','3' (zeros blank): （七）= 一+二-四 "
               "forces both rows to [3,0,0,0,0,0,3], parser writes partial 'columns cannot be told apart'")
KNOWN_FAILURES: dict[tuple[str, str], str] = {}
# None open: the last one (shredded PDF text without heading 二, "行政处罚" / "5" / "行政强制 7", the
# lone 5 read as 行政处罚's value) is fixed and kept in tests/test_roundtrip_regressions.py.
KNOWN_UNREADABLE: dict[tuple[str, str], str] = {}
KNOWN_FAILURES_GLOBAL: dict[tuple[str, str], str] = {
    # Placement across rows was bounded (an exhaustive check of at most 5000 combinations) and
    # failed here, non-strictly; it is now exact (parsers/alignment.py, _supported_by_sums:
    # forward and backward sets of partial sums, each (identity, column) sum followed only
    # while it is open), bounded at 30,000 steps; at 500 examples that bound was still hit by
    # a 2019 report with seven open rows (tests/test_roundtrip_regressions.py, session 9).
}


def _mark(style: str, template: str, known: dict | None = None):
    reason = (KNOWN_FAILURES if known is None else known).get((style, template))
    return pytest.param(style, template, marks=pytest.mark.xfail(strict=False, reason=reason)) if reason \
        else pytest.param(style, template)


def _facts(result) -> dict[tuple, float]:
    got: dict[tuple, float] = {}
    for f in result.facts:
        key = (f["category"], f.get("applicant_type"))
        assert key not in got, f"duplicate fact {key}"
        val = f["count"] if f.get("count") is not None else f.get("amount")
        got[key] = val
    return got


def _same(code: str, a, b) -> bool:
    if a is None or b is None:
        return False
    if code in MONEY_CODES:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return float(a) == float(b)


def _run(data, style: str, template: str):
    ch = DrawChooser(data)
    rep = generate_report(ch, template)
    opts = draw_options(ch, style)
    raw = flatten(rep, opts, ch)
    result = process_document(raw, source_path="x.html" if style == "j" else "x.txt")
    return rep, opts, raw, result


def _context(style: str, opts, raw: bytes, rep) -> str:
    FAIL_DIR.mkdir(exist_ok=True)
    name = hashlib.sha256(raw).hexdigest()[:12]
    path = FAIL_DIR / f"{style}-{rep.template}-{name}.{'html' if style == 'j' else 'txt'}"
    path.write_bytes(raw)
    return f"style {style} ({STYLE_NAMES[style]}), template {rep.template}; options: {opts.describe()}; text: {path}"


def _check_meta(rep, result, ctx: str) -> None:
    assert result.template == rep.template, f"template {result.template!r} != {rep.template!r}; {ctx}"
    assert result.year == rep.year, f"year {result.year!r} != {rep.year!r}; {ctx}"
    agency = to_simplified("".join((result.agency or "").split()))
    assert rep.agency in agency, f"agency {result.agency!r} does not contain {rep.agency!r}; {ctx}"


# ---------------------------------------------------------------------------- lossless
def _lossless(data, style: str, template: str) -> None:
    rep, opts, raw, result = _run(data, style, template)
    ctx = _context(style, opts, raw, rep) if True else ""
    exp = rep.expected_cells()
    got = _facts(result)
    wrong = {k: (exp[k], got[k]) for k in exp if k in got and not _same(k[0], exp[k], got[k])}
    missing = sorted((k for k in exp if k not in got and k not in _leading_blank_cells(rep, opts)), key=str)
    spurious = {k: got[k] for k in got if k not in exp}
    assert not wrong and not missing and not spurious, (
        f"wrong (expected, got) {dict(list(wrong.items())[:8])}; missing {missing[:8]} ({len(missing)}); "
        f"spurious {dict(list(spurious.items())[:8])}; status {result.status}: {result.error}; {ctx}")
    left_out = [k for k in exp if k not in got]
    assert result.status == "ok" or (left_out and result.status == "partial"), \
        f"status {result.status}: {result.error}; {ctx}"
    _check_meta(rep, result, ctx)
    for p in FAIL_DIR.glob(f"{style}-{rep.template}-{hashlib.sha256(raw).hexdigest()[:12]}.*"):
        p.unlink()  # passed: no need to keep it


def _leading_blank_cells(rep, opts) -> set:
    """Pipes on one line (b) print a row whose first cell is blank as "|  | 1 | …", which reads
    the same as a Markdown row "| a | b |" opened by its pipe: the first blank is lost, and
    where the row's sums then allow several placements its cells are rightly left out."""
    return set()  # the leading pipe of such a row now keeps its blank (parsers/tokens.py)
    if opts.style != "b" or opts.leading_covered:
        return set()
    out = set()
    for t in rep.tables.values():
        for row in t.rows:
            if row and row[0].role == "value" and not row[0].text.strip():
                out.update((c.code, c.applicant) for c in row if c.role == "value")
    return out


def _only_said_blank_rows(result) -> bool:
    """Blanks dropped: a row label with nothing after it before prose may be an all-blank row
    or a row cut off; read as all blank (this document prints its blank rows so) and said."""
    clauses = [c for c in (result.error or "").split("; ") if c]
    return result.status == "partial" and bool(clauses) and all("read as all blank" in c for c in clauses)


@pytest.mark.parametrize("style,template", [_mark(s, t) for s in "abcdefg" for t in ("2021", "2019")])
@_budget("roundtrip.lossless")
@given(data=st.data())
def test_lossless_roundtrip(style, template, data):
    _lossless(data, style, template)


@pytest.mark.parametrize("style,template", [_mark("j", t) for t in ("2021", "2019")])
@_budget("roundtrip.html")
@given(data=st.data())
def test_html_roundtrip(style, template, data):
    _lossless(data, style, template)


# ---------------------------------------------------------------------------- blanks dropped
def _dropped(data, style: str, template: str, level: str) -> None:
    rep, opts, raw, result = _run(data, style, template)
    ctx = _context(style, opts, raw, rep)
    exp = rep.expected_cells()
    got = _facts(result)
    spurious = {k: got[k] for k in got if k not in exp}
    wrong = {k: (exp[k], got[k]) for k in exp if k in got and not _same(k[0], exp[k], got[k])}
    assert not spurious and not wrong, (
        f"wrong (expected, got) {dict(list(wrong.items())[:8])}; spurious {dict(list(spurious.items())[:8])}; {ctx}")
    det = determined_cells(rep, level)
    must = sorted((k for k, v in det.items() if v is not AMBIGUOUS and k not in got), key=str)
    assert not must, (f"left out cells whose placement is determined ({level} level): {must[:10]} "
                      f"({len(must)}); status {result.status}: {result.error}; {ctx}")
    left_out = [k for k in exp if k not in got]
    if left_out:
        assert result.status == "partial" and result.error and result.error.strip(), (
            f"{len(left_out)} cells left out but status {result.status!r}, error {result.error!r}; {ctx}")
    else:
        assert result.status == "ok" or _only_said_blank_rows(result), f"status {result.status}: {result.error}; {ctx}"
    _check_meta(rep, result, ctx)
    for p in FAIL_DIR.glob(f"{style}-{rep.template}-{hashlib.sha256(raw).hexdigest()[:12]}.*"):
        p.unlink()


@pytest.mark.parametrize("style,template", [_mark(s, t) for s in "hi" for t in ("2021", "2019")])
@_budget("roundtrip.dropped_row")
@given(data=st.data())
def test_dropped_blanks_row_level(style, template, data):
    """Cells fixed by the row alone (row total, all-visible-zero) must come back."""
    _dropped(data, style, template, "row")


@pytest.mark.parametrize("style,template", [_mark(s, t, KNOWN_FAILURES_GLOBAL) for s in "hi" for t in ("2021", "2019")])
@_budget("roundtrip.dropped_global")
@given(data=st.data())
def test_dropped_blanks_column_identities(style, template, data):
    """Cells fixed only through the column identities (一+二 = （七）+四, （七） = Σ results)
    must come back too: the architecture promises to use them."""
    _dropped(data, style, template, "global")


# ---------------------------------------------------------------------------- shredded renderings
def _intact_rows(rep, opts) -> list[list]:
    """Value cells of the rows printed whole, label and values on one line, with a number
    visible, not followed by a page number or by numbers on a line of their own (which may
    be that row's): tests/roundtrip/shredded.py records how each row was printed."""
    out = []
    modes = opts.extras.get("modes", {})
    for sec in ("active", "requests", "appeals"):
        rows = [[c for c in row if c.role == "value"] for row in rep.tables[sec].rows]
        rows = [r for r in rows if r]
        printed = modes.get(sec, [])
        for k, (r, mode) in enumerate(zip(rows, printed)):
            after = printed[k + 1] if k + 1 < len(printed) else ""
            if mode == "intact" and any(c.text.strip() for c in r) and not after.startswith(("values_before", "no_label")):
                out.append(r)
    return out


def _shredded(data, style: str, template: str) -> None:
    rep, opts, raw, result = _run(data, style, template)
    ctx = _context(style, opts, raw, rep)
    exp = rep.expected_cells()
    got = _facts(result)
    spurious = {k: got[k] for k in got if k not in exp}
    wrong = {k: (exp[k], got[k]) for k in exp if k in got and not _same(k[0], exp[k], got[k])}
    assert not spurious and not wrong, (
        f"wrong (expected, got) {dict(list(wrong.items())[:8])}; spurious {dict(list(spurious.items())[:8])}; {ctx}")
    det = determined_cells(rep, "row")
    must = sorted((k for r in _intact_rows(rep, opts) for c in r for k in [(c.code, c.applicant)]
                   if det.get(k, AMBIGUOUS) is not AMBIGUOUS and k not in got), key=str)
    assert not must, f"left out determined cells of rows printed whole: {must[:10]} ({len(must)}); " \
                     f"status {result.status}: {result.error}; {ctx}"
    if any(k not in got for k in exp):
        assert result.status == "partial" and result.error and result.error.strip(), (
            f"cells left out but status {result.status!r}, error {result.error!r}; {ctx}")
    _check_meta(rep, result, ctx)
    # arabic-numbered headings run into their text are not located (prose list items
    # "1.主要问题是…" look the same): known, and not required here
    printed = {n for n in range(1, 7) if n not in opts.missing_headings
               and not (opts.headings == "arabic" and opts.runin and n in (1, 5, 6))}
    found = {s["number"] for s in result.sections}
    assert printed <= found, f"section headings {sorted(printed - found)} not located; {ctx}"
    for p in FAIL_DIR.glob(f"{style}-{rep.template}-{hashlib.sha256(raw).hexdigest()[:12]}.*"):
        p.unlink()


@pytest.mark.parametrize("style,template", [_mark(s, t) for s in "kl" for t in ("2021", "2019")])
@_budget("roundtrip.shredded")
@given(data=st.data())
def test_shredded_renderings(style, template, data):
    """Shredded PDF text and converter Markdown: never a wrong or invented cell; the rows
    printed whole come back; anything left out is said."""
    _shredded(data, style, template)


# ---------------------------------------------------------------------------- truncated documents
ONE_ROW_PER_LINE = "abckl"  # a printed row is one line; elsewhere a row spans several lines


def _row_lines(rep, lines: list[str], style: str) -> list[tuple[str, list, int, int, str]]:
    """(section, value cells, first line, last line, label text) of every value row, found
    in order by its label.  One row per line: first = last = its line.  A cell per line: a
    row runs from its label's line to the line before the next row's label (the headers of
    the next table included); table 四's data row from the line after heading 四 to the last
    line before heading 五."""
    found = []
    at = 0
    for sec in ("active", "requests"):
        for row in rep.tables[sec].rows:
            cells = [c for c in row if c.role == "value"]
            labels = [c.text for c in row if c.role == "label"]
            if not cells or not labels:
                continue
            k = next(i for i in range(at, len(lines)) if labels[-1] in lines[i])
            found.append((sec, cells, k, labels[-1]))
            at = k + 1
    five = next(i for i in range(at, len(lines)) if HEADINGS_5 in lines[i])
    last = max(i for i in range(at, five) if lines[i])  # a row of blank cells is "\t\t…", "| | …", "\u3000"
    if style in ONE_ROW_PER_LINE:
        first = last
    else:
        first = next(i for i in range(at, five) if HEADINGS_4 in lines[i]) + 1
    found.append(("appeals", [c for c in rep.tables["appeals"].rows[-1]], first, ""))
    out = []
    for n, (sec, cells, k, label) in enumerate(found):
        if style in ONE_ROW_PER_LINE:
            end = k if sec != "appeals" else last
        else:
            end = found[n + 1][2] - 1 if n + 1 < len(found) else last
        out.append((sec, cells, k, max(end, k), label))
    return out


HEADINGS_4 = "行政复议、行政诉讼情况"
HEADINGS_5 = "存在的主要问题"


def _truncated(data, style: str, template: str) -> None:
    ch = DrawChooser(data)
    rep = generate_report(ch, template)
    o = draw_options(ch, style)
    # labels printed as generated, so that the test finds each row's line
    o.brackets, o.traditional, o.pinyin, o.wrap, o.vertical, o.glue = "full", False, 0.0, 0.0, False, False
    o.headings, o.missing_headings, o.runin, o.encoding, o.crlf = "std", (), False, "utf-8", False
    if style in "kl":
        o.extras["shred"] = 0.0
    doc = render(rep, o, ch)
    lines = doc.split("\n")
    rows = _row_lines(rep, lines, style)
    cut = ch.int(rows[0][2], rows[-1][3])
    target = next((r for r in rows if r[2] == cut and r[4]), None)
    after_label = target is not None and ch.flag(0.4)
    kept = lines[:cut + 1]
    if after_label:
        kept[-1] = kept[-1][:kept[-1].index(target[4]) + len(target[4])]
    raw = "\n".join(kept).encode("utf-8")
    result = process_document(raw, source_path="x.txt")
    ctx = _context(style, o, raw, rep) + f"; cut after line {cut}{' (after the label)' if after_label else ''}"
    exp = rep.expected_cells()
    got = _facts(result)
    # This test's own reading of what the cut leaves (no parser rule): a row printed before the
    # cut is in the document; a row cut right after its label has no cell; a row cut partway
    # may give only cells that are right.
    whole = [r for r in rows if r[3] < cut or (r[3] == cut and not (after_label and r[2] == cut))]
    partway = [r for r in rows if r[2] < cut < r[3] or (r[2] == cut < r[3] and style in ONE_ROW_PER_LINE)]
    keys = lambda rs: {(c.code, c.applicant) for r in rs for c in r[1]}  # noqa: E731
    present, allowed = keys(whole), keys(whole) | keys(partway)
    wrong = {k: (exp[k], got[k]) for k in got if k in exp and not _same(k[0], exp[k], got[k])}
    absent = {k: got[k] for k in got if k not in allowed}
    assert not wrong and not absent, (f"wrong (expected, got) {dict(list(wrong.items())[:6])}; cells not in the "
                                      f"document {dict(list(absent.items())[:6])}; {ctx}")
    if style in "abcdefgl":
        must = sorted((k for k in present if k not in got), key=str)
    else:  # blanks dropped (h, i, k): the cells the row's visible values fix, where the row is closed
        # by a printed line after it (an empty line at the cut is no more than the document's
        # final newline: "row\n" reads the same as "row" cut at its own line)
        det = determined_cells(rep, "row")
        last = max((r[2] for r in whole), default=-1)
        cut = max((i for i in range(cut + 1) if lines[i].strip()), default=cut)
        must = sorted((c_key for sec, cells, k, end, _ in whole for c in cells for c_key in [(c.code, c.applicant)]
                       if det.get(c_key, AMBIGUOUS) is not AMBIGUOUS and c_key not in got
                       and (k != last or any(x.text.strip() for x in cells))
                       and (end < cut or sum(1 for x in cells if x.text.strip()) == len(cells))), key=str)
    assert not must, f"left out cells printed before the cut: {must[:8]} ({len(must)}); {result.error}; {ctx}"
    if any(k not in got for k in exp):
        assert result.status == "partial" and result.error, f"status {result.status!r} for a cut document; {ctx}"
    for p in FAIL_DIR.glob(f"{style}-{rep.template}-{hashlib.sha256(raw).hexdigest()[:12]}.*"):
        p.unlink()


@pytest.mark.parametrize("style,template", [_mark(s, t) for s in TEXT_STYLES for t in ("2021", "2019")])
@_budget("roundtrip.truncated")
@given(data=st.data())
def test_truncated_documents(style, template, data):
    """A document cut at any line (or right after a row label), in every text rendering: no
    cell that is not in it, never a wrong one, and every row printed before the cut back."""
    _truncated(data, style, template)


# ---------------------------------------------------------------------------- unreadable cells
def _unreadable(data, style: str, template: str) -> None:
    """Some printed value cells hold a count nobody can read (tests/roundtrip/spoil.py)."""
    ch = DrawChooser(data)
    rep = generate_report(ch, template)
    spoiled = spoil(ch, rep)
    opts = draw_options(ch, style)
    raw = flatten(rep, opts, ch)
    result = process_document(raw, source_path="x.html" if style == "j" else "x.txt")
    ctx = _context(style, opts, raw, rep) + f"; unreadable cells {sorted(spoiled, key=str)}"
    exp = rep.expected_cells()
    got = _facts(result)
    read = {k: got[k] for k in spoiled if k in got}
    wrong = {k: (exp[k], got[k]) for k in exp if k in got and k not in spoiled and not _same(k[0], exp[k], got[k])}
    spurious = {k: got[k] for k in got if k not in exp}
    assert not read and not wrong and not spurious, (
        f"unreadable cells read as {read}; wrong (expected, got) {dict(list(wrong.items())[:8])}; "
        f"spurious {dict(list(spurious.items())[:8])}; {ctx}")
    if style in LOSSLESS:
        excused = _leading_blank_cells(rep, opts) | _blank_end_rows(rep, opts, spoiled)
        must = sorted((k for k in exp if k not in got and k not in spoiled and k not in excused), key=str)
        unnamed_rows = sorted({k[0] for k in excused if k in exp and k not in got
                               and not row_named(result.error or "", k[0], rep.template)})
        assert not unnamed_rows, f"rows {unnamed_rows} lost cells without a word; {result.error}; {ctx}"
    elif style in DROPPED:
        det = determined_cells(rep, "row")
        must = sorted((k for k, v in det.items() if v is not AMBIGUOUS and k not in got and k not in spoiled), key=str)
    else:
        det = determined_cells(rep, "row")
        must = sorted((k for r in _intact_rows(rep, opts) for c in r for k in [(c.code, c.applicant)]
                       if det.get(k, AMBIGUOUS) is not AMBIGUOUS and k not in got and k not in spoiled
                       and not any((x.code, x.applicant) in spoiled for x in r)), key=str)
    assert not must, f"left out cells the document fixes: {must[:10]} ({len(must)}); {result.error}; {ctx}"
    assert result.status == "partial", f"status {result.status!r} with unreadable cells; {ctx}"
    error = result.error or ""
    unnamed = sorted({k[0] for k in spoiled if not row_named(error, k[0], rep.template)})
    assert not unnamed, f"unreadable cells of {unnamed} not named in the sentence {error!r}; {ctx}"
    _check_meta(rep, result, ctx)
    for p in FAIL_DIR.glob(f"{style}-{rep.template}-{hashlib.sha256(raw).hexdigest()[:12]}.*"):
        p.unlink()


def _blank_end_rows(rep, opts, spoiled) -> set:
    """Tab rows (a) print the whole grid: a merged label's empty fields after it and trailing
    tabs at the end, so which end blanks are the row's own is told by its sums — and a cell
    of the row that cannot be read leaves them unchecked.  The cells of such a row whose
    first or last value is blank may be left out (and are named)."""
    if opts.style != "a":
        return set()
    out = set()
    for t in rep.tables.values():
        for row in t.rows:
            vals = [c for c in row if c.role == "value"]
            if vals and any((c.code, c.applicant) in spoiled for c in vals) and (
                    not vals[0].text.strip() or not vals[-1].text.strip()):
                out.update((c.code, c.applicant) for c in vals)
    return out


@pytest.mark.parametrize("style,template", [_mark(s, t, KNOWN_UNREADABLE) for s in STYLES for t in ("2021", "2019")])
@_budget("roundtrip.unreadable")
@given(data=st.data())
def test_unreadable_cells(style, template, data):
    """A cell printed so that its count cannot be read ("壹", "l", "—?", "约 1") is left out and
    named, in every rendering: never a 0, never another number, and no other value moves."""
    _unreadable(data, style, template)
