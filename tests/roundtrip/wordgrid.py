"""Word-exported web pages with real table grids, for the grid round trips (no parser code here).

Starts from a random report of ``reportgen`` and reshapes its tables the way Word/WPS "save
as web page" and site editors print them, each choice drawn at random:

* values that break the report's own sums (the agency's arithmetic is off: any cell may hold
  any number) — the truth is what is printed, never a corrected number;
* 总计 columns printed blank in many rows (the agency left them empty): truth 0, as printed;
* table 三 with a data cell for 商业企业 spanning two grid columns while the header's 自然人
  spans one of them (header spans that straddle the data columns); in some rows that cell is
  printed as two cells instead (the number in one half, the other empty) — where the number
  stands in the half under 自然人's header, the header and the other rows read the row
  differently, and only the row's sums can tell (``open_cells`` lists the cells that may then
  be left out, never written wrong);
* table 二 of the 2019 template with merged headers whose spans do not line up with the
  value cells (a header over two columns above one value and an empty cell; a value spanning
  columns that the header splits);
* an empty ``<td>`` after the last value of a row;
* every cell wrapped in an indented ``<p>``, numbers split over runs with a non-breaking
  space (``<span>&nbsp;</span><span>5</span>``), two-line header cells as two ``<p>``.

``expected`` is the truth: every printed cell at its code (blank = 0).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from .reportgen import (ACTIVE_LAYOUT, APPLICANTS, SIGNED_CODES, Cell, Chooser,
                        Report, Table, generate_report, make_amount, print_count, _small)

HEADINGS = {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
            4: "四、政府信息公开行政复议、行政诉讼情况", 5: "五、存在的主要问题及改进情况",
            6: "六、其他需要报告的事项"}


@dataclass
class WordOptions:
    inconsistent: bool = False
    blank_totals: bool = False
    commercial_span: bool = False
    uneven_rows: bool = False
    merged_2019: bool = False
    trailing_td: bool = False
    nbsp_runs: bool = False
    two_line_headers: bool = False
    notes: list[str] = field(default_factory=list)
    # cells the document leaves open (see the module docstring): may be missing, never wrong
    open_cells: set = field(default_factory=set)

    def describe(self) -> str:
        return ", ".join(k for k, v in vars(self).items() if v is True) or "plain"


def draw_word_options(ch: Chooser) -> WordOptions:
    return WordOptions(inconsistent=ch.flag(0.5), blank_totals=ch.flag(0.4), commercial_span=ch.flag(0.5),
                       uneven_rows=ch.flag(0.4),
                       merged_2019=ch.flag(0.6), trailing_td=ch.flag(0.3), nbsp_runs=ch.flag(0.6),
                       two_line_headers=ch.flag(0.4))


def word_report(ch: Chooser, template: str | None = None) -> tuple[Report, WordOptions]:
    """A random report reshaped as a Word export; ``rep.facts`` is the printed truth."""
    rep = generate_report(ch, template)
    o = draw_word_options(ch)
    if rep.template == "2019" and o.merged_2019:
        rep.tables["active"] = _merged_active_2019(ch, rep)
    if o.inconsistent:
        _break_sums(ch, rep)
    if o.blank_totals:
        _blank_totals(ch, rep)
    if o.commercial_span:
        _commercial_span(rep.tables["requests"])
        if o.uneven_rows:
            _uneven_rows(ch, rep.tables["requests"], o)
    if o.trailing_td:
        _trailing_td(rep)
    _refresh_facts(rep)
    return rep, o


# ---------------------------------------------------------------------------- reshaping
def _value_cells(table: Table) -> list[Cell]:
    return [c for row in table.rows for c in row if c.role == "value"]


def _break_sums(ch: Chooser, rep: Report) -> None:
    """Some printed numbers are off: the truth follows the print."""
    cells = [c for t in rep.tables.values() for c in _value_cells(t) if isinstance(c.value, int)]
    for _ in range(ch.int(1, 12)):
        c = ch.choice(cells)
        v = ch.int(0, 40)
        if c.code in SIGNED_CODES and ch.flag(0.3):
            v = -v
        c.value, c.text = v, str(v)


def _blank_totals(ch: Chooser, rep: Report) -> None:
    """总计 printed empty in many rows (the agency left it blank): printed blank = 0."""
    every = ch.flag(0.5)
    for row in rep.tables["requests"].rows:
        for c in row:
            if c.role == "value" and c.applicant == "total" and (every or ch.flag(0.5)):
                c.text, c.value = "", 0
    if ch.flag(0.5):
        for c in _value_cells(rep.tables["appeals"]):
            if c.code and c.code.endswith(".total"):
                c.text, c.value = "", 0


def _commercial_span(table: Table) -> None:
    """One grid column more: 商业企业's data cell spans two columns, while the header's 自然人
    spans the first of them — mapping by the header's spans would shift every column."""
    table.ncols += 1
    for row in table.rows:
        for c in row:
            if c.role == "value" and c.applicant == "commercial":
                c.colspan = 2
    table.rows[0][1].colspan += 1          # 申请人情况
    table.rows[1][0].colspan = 2           # 自然人 straddles into 商业企业's first column
    # 法人或其他组织 and the five leaves stay as they were: they now stand one column right of
    # the data cells (商业企业's header over the second half of its data cell, and so on).


def _uneven_rows(ch: Chooser, table: Table, o: WordOptions) -> None:
    """Some rows print 商业企业's two columns as two cells: the number in one, the other empty."""
    for row in table.rows:
        k = next((i for i, c in enumerate(row) if c.role == "value" and c.applicant == "commercial"), None)
        if k is None or not ch.flag(0.4):
            continue
        cell = row[k]
        cell.colspan = 1
        first = ch.flag(0.5)
        pad = Cell("", "pad")
        row[k:k + 1] = [cell, pad] if first else [pad, cell]
        if first:  # under 自然人's header: the header reading and the rows' reading differ
            o.open_cells |= {(cell.code, "natural_person"), (cell.code, "commercial")}


def _trailing_td(rep: Report) -> None:
    """An empty cell after the last value of each data row (and a grid column more for it)."""
    t = rep.tables["active"]
    t.ncols += 1
    for row in t.rows:
        if any(c.role == "value" for c in row):
            row.append(Cell("", "pad"))
        else:
            row[-1].colspan += 1
    t = rep.tables["requests"]
    t.ncols += 1
    for row in t.rows[3:]:
        row.append(Cell("", "pad"))
    t.rows[0][1].colspan += 1  # 申请人情况 over the padding column too
    t.rows[1].append(Cell("", "pad", rowspan=2))


def _merged_active_2019(ch: Chooser, rep: Report) -> Table:
    """Table 二 of the 2019 template on a 5-column grid whose header and value spans do not
    line up one to one (the way Word exports merged headers)."""
    ncols = 5
    rows: list[list[Cell]] = []
    ps = rep.extra["print"]
    for title, headers, body in ACTIVE_LAYOUT["2019"]:
        rows.append([Cell(title, "title", colspan=ncols)])
        # a header over two columns, then single ones, the last filling the row
        wide = ch.int(0, len(headers) - 1)
        spans = [2 if k == wide else 1 for k in range(len(headers))]
        spans[-1] += ncols - 1 - sum(spans)
        rows.append([Cell("信息内容", "header")] + [Cell(h, "header", colspan=s) for h, s in zip(headers, spans)])
        for label, codes in body:
            row = [Cell(label, "label")]
            split_wide = ch.flag(0.5)  # the value under the wide header: one cell + an empty one
            for k, (code, span) in enumerate(zip(codes, spans)):
                v, t = _value(ch, ps, code)
                rep.facts[code] = v
                if span > 1 and split_wide:
                    row.append(Cell(t, "value", code=code, value=v))
                    row.append(Cell("", "pad", colspan=span - 1))
                else:
                    row.append(Cell(t, "value", colspan=span, code=code, value=v))
            rows.append(row)
    return Table("active", ncols, rows)


def _value(ch: Chooser, ps, code: str):
    if code == "active.procurement.amount":
        return make_amount(ch, ps, ["", "", "元", "万元"])
    if code in SIGNED_CODES:
        v = ch.weighted([(0.7, 0), (0.3, 1)]) and ch.int(-5, 5)
        return v, print_count(ch, ps, v, signed=True)
    v = _small(ch)
    return v, print_count(ch, ps, v)


def _refresh_facts(rep: Report) -> None:
    """The truth from the cells as printed (after reshaping)."""
    facts: dict = {}
    for t in rep.tables.values():
        for c in _value_cells(t):
            if c.applicant:
                facts.setdefault(c.code, [None] * 7)[APPLICANTS.index(c.applicant)] = c.value
            else:
                facts[c.code] = c.value
    rep.facts = facts


def expected(rep: Report) -> dict[tuple[str, str | None], float]:
    return rep.expected_cells()


# ---------------------------------------------------------------------------- rendering
def _runs(ch: Chooser, o: WordOptions, text: str, role: str) -> str:
    e = html.escape(text)
    if role in ("value", "pad"):
        if not text.strip():
            return ch.choice(["", "&nbsp;", '<span style="font-size:12pt">&nbsp;</span>'])
        if o.nbsp_runs and ch.flag(0.5):
            return ch.choice([f"<span>&nbsp;</span><span>{e}</span>", f"&nbsp;{e}",
                              f'<span lang="EN-US">{e}</span><span>&nbsp;</span>'])
        return f'<span lang="EN-US">{e}</span>'
    if role == "header" and o.two_line_headers and len(text) >= 4 and ch.flag(0.5):
        cut = ch.int(2, len(text) - 2)
        return f"<span>{html.escape(text[:cut])}</span></p>\n<p align=\"center\"><span>{html.escape(text[cut:])}</span>"
    return f"<span>{e}</span>"


def render_table(ch: Chooser, o: WordOptions, table: Table) -> str:
    out = ['<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%">', "<tbody>"]
    for row in table.rows:
        out.append("  <tr>")
        for c in row:
            attrs = ' valign="center"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            out.append(f"    <td{attrs}>\n      <p align=\"center\">{_runs(ch, o, c.text, c.role)}</p>\n    </td>")
        out.append("  </tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def render(rep: Report, o: WordOptions, ch: Chooser) -> bytes:
    e = html.escape
    parts = ['<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
             f"<title>{e(rep.title)}</title></head><body>",
             '<div class="nav"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a></div>',
             f'<div class="Section1"><p class="MsoTitle"><span>{e(rep.title)}</span></p>',
             f"<p><span>{e(rep.intro)}</span></p>"]
    for n in range(1, 7):
        parts.append(f'<p class="MsoNormal"><b><span>{HEADINGS[n]}</span></b></p>')
        if n in (1, 5, 6):
            parts.extend(f"<p><span>{e(p)}</span></p>" for p in rep.prose[n].split("\n"))
        else:
            sec = {2: "active", 3: "requests", 4: "appeals"}[n]
            parts.append(render_table(ch, o, rep.tables[sec]))
    parts.append("</div></body></html>")
    return "\n".join(parts).encode("utf-8")


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>')


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{html.escape(text)}</w:t></w:r></w:p>"


def _docx_table(table: Table) -> str:
    """WordprocessingML with Word's merges: gridSpan across, vMerge restart/continue down."""
    grid, kinds = table.dense(), table.covered_kind()
    above: dict[int, Cell] = {}  # grid column → the rowspan cell covering it from above
    rows = []
    for r in range(len(grid)):
        tcs, c = [], 0
        while c < table.ncols:
            cell = grid[r][c]
            if cell is not None:
                props = (f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else "") + \
                    ('<w:vMerge w:val="restart"/>' if cell.rowspan > 1 else "")
                tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_para(cell.text)}</w:tc>")
                if cell.rowspan > 1:
                    above[c] = cell
                c += cell.colspan
            elif kinds[r][c] == "row":
                top = above[c]
                span = f'<w:gridSpan w:val="{top.colspan}"/>' if top.colspan > 1 else ""
                tcs.append(f"<w:tc><w:tcPr>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>")
                c += top.colspan
            else:
                raise AssertionError(f"row {r} column {c}: covered from the left without an origin")
        rows.append("<w:tr>" + "".join(tcs) + "</w:tr>")
    cols = "".join('<w:gridCol w:w="600"/>' for _ in range(table.ncols))
    return f"<w:tbl><w:tblGrid>{cols}</w:tblGrid>" + "".join(rows) + "</w:tbl>"


def render_docx(rep: Report) -> bytes:
    """The same report as a Word document whose tables have real merges (gridSpan / vMerge)."""
    import io
    import zipfile

    body = [_para(rep.title), _para(rep.intro)]
    for n in range(1, 7):
        body.append(_para(HEADINGS[n]))
        if n in (1, 5, 6):
            body.extend(_para(p) for p in rep.prose[n].split("\n"))
        else:
            body.append(_docx_table(rep.tables[{2: "active", 3: "requests", 4: "appeals"}[n]]))
            body.append("<w:p/>")
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>'
           + "".join(body) + "</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", xml)
    return out.getvalue()
