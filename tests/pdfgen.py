"""Typeset annual reports into PDFs the way Word/WPS export them, for round-trip tests.

A report is drawn with reportlab's built-in CID font (STSong-Light, no font files) and
Latin fonts for digits, like Word's 宋体 + Times New Roman: headings 一 … 六 with prose,
table 二 (the 第二十条 sub-tables), table 三 (two-level applicant header, merged group-label
cells, narrow label columns that wrap) and table 四 (three-level header, 15 values), from
random but consistent values of the 2021 or the 2019 template.  Options reproduce what
breaks text extraction: rows split over a page break, repeated header rows, page-number
footers, fake-bold headings (each glyph drawn twice), a landscape or /Rotate'd page, blank
cells and blank markers, numbers wrapped inside narrow cells, borders drawn as lines or as
thin filled rectangles, and tables that are not fully ruled (``rules``: no lines at all, a
three-line table, horizontal rules between rows only, or only the outer frame).

``generate(seed, **options)`` returns the PDF bytes, the expected facts
``{code: value or 7-list}`` (the corpus JSON convention) and the expected table rows
(label as printed, value cells as printed) for grid-level assertions.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas as rl_canvas

CJK_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))

A4 = (595.0, 842.0)
APPLICANTS = 7  # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计

# ---- the official forms, as data ------------------------------------------------------

# table 二: (sub-table heading, column headers, [(code prefix, row label, [column codes])])
ACTIVE_2021 = [
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], [
        ("规章", ["active.regulations.issued", "active.regulations.repealed", "active.regulations.in_force"]),
        ("行政规范性文件", ["active.normative_documents.issued", "active.normative_documents.repealed",
                     "active.normative_documents.in_force"]),
    ]),
    ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", ["active.licensing.decisions"])]),
    ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", ["active.punishment.decisions"]),
                                          ("行政强制", ["active.coercion.decisions"])]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["active.fees.amount"])]),
]
ACTIVE_2019 = [
    ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], [
        ("规章", ["active.regulations.made", "active.regulations.published", "active.regulations.total_public"]),
        ("规范性文件", ["active.normative_documents.made", "active.normative_documents.published",
                   "active.normative_documents.total_public"]),
    ]),
    ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], [
        ("行政许可", ["active.licensing.prev_items", "active.licensing.change", "active.licensing.decisions"]),
        ("其他对外管理服务事项", ["active.other_services.prev_items", "active.other_services.change",
                        "active.other_services.decisions"]),
    ]),
    ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], [
        ("行政处罚", ["active.punishment.prev_items", "active.punishment.change", "active.punishment.decisions"]),
        ("行政强制", ["active.coercion.prev_items", "active.coercion.change", "active.coercion.decisions"]),
    ]),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [
        ("行政事业性收费", ["active.fees.prev_items", "active.fees.change"]),
    ]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [
        ("政府集中采购", ["active.procurement.items", "active.procurement.amount"]),
    ]),
]

# table 三 results block: (group label or None, [(row label, code)])
RESULTS_COMMON = [
    (None, [("（一）予以公开", "requests.granted"),
            ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "requests.partially_granted")]),
    ("（三）不予公开", [("1.属于国家秘密", "requests.denied.state_secret"),
                  ("2.其他法律行政法规禁止公开", "requests.denied.prohibited_by_law"),
                  ("3.危及“三安全一稳定”", "requests.denied.security_stability"),
                  ("4.保护第三方合法权益", "requests.denied.third_party_rights"),
                  ("5.属于三类内部事务信息", "requests.denied.internal_affairs"),
                  ("6.属于四类过程性信息", "requests.denied.process_info"),
                  ("7.属于行政执法案卷", "requests.denied.enforcement_file"),
                  ("8.属于行政查询事项", "requests.denied.admin_query")]),
    ("（四）无法提供", [("1.本机关不掌握相关政府信息", "requests.unable.not_held"),
                  ("2.没有现成信息需要另行制作", "requests.unable.needs_creation"),
                  ("3.补正后申请内容仍不明确", "requests.unable.unclear")]),
    ("（五）不予处理", [("1.信访举报投诉类申请", "requests.not_processed.complaint"),
                  ("2.重复申请", "requests.not_processed.repeated"),
                  ("3.要求提供公开出版物", "requests.not_processed.publication"),
                  ("4.无正当理由大量反复申请", "requests.not_processed.excessive"),
                  ("5.要求行政机关确认或重新出具已获取信息", "requests.not_processed.confirmation")]),
]
OTHER_2021 = ("（六）其他处理", [
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "requests.other.overdue_correction"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "requests.other.unpaid_fee"),
    ("3.其他", "requests.other.other"),
])
OTHER_2019 = (None, [("（六）其他处理", "requests.other.total")])

APPEAL_GROUPS = [("review", "行政复议"), ("litigation_direct", "未经复议直接起诉"),
                 ("litigation_after_review", "复议后起诉")]
APPEAL_OUTCOMES = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
                   ("pending", "尚未审结"), ("total", "总计")]

AGENCIES = ["某某县住房和城乡建设局", "某某市生态环境局", "某某区人民政府办公室", "某某县交通运输局",
            "某某镇人民政府", "某某市统计局", "某某县民政局"]
PROSE = ["本机关坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》。",
         "进一步健全政府信息公开工作机制，规范依申请公开办理流程，做好政府信息管理工作。",
         "通过门户网站、政务新媒体等平台及时发布政策文件和工作动态，主动回应社会关切。",
         "加强政府信息公开平台建设，优化栏目设置，提升公开内容的规范性和实用性。",
         "组织开展政务公开业务培训，提高工作人员的业务能力和服务水平。"]
PROBLEMS = ["一是公开内容的深度和广度有待拓展；二是政策解读形式较为单一。下一步将加大主动公开力度。",
            "部分栏目更新不够及时。下一步将完善信息发布审核机制，确保信息准确及时发布。"]


# ---- options and results --------------------------------------------------------------

@dataclass
class Options:
    """How a report is typeset; ``generate`` draws them from the seed unless given."""

    template: str = "2021"
    cjk_size: float = 10.5            # table font size (五号)
    body_size: float = 12.0           # prose (小四)
    latin_font: str = "Times-Roman"   # digits and ASCII, like Times New Roman beside 宋体
    blank_style: str = "0"            # how a zero is printed: "0", "", "-", "/", "—", "mixed"
    split_rows: bool = True           # Word: "allow row to break across pages"
    repeat_header: bool = True        # Word: "repeat as header row"
    footer: str = "— {n} —"           # page-number footer, "" for none
    fake_bold: bool = False           # headings drawn twice, slightly offset (WPS)
    border: str = "line"              # "line" strokes or "rect" thin filled rectangles
    appeals_page: str = "same"        # "same", "landscape" (new landscape page), "rotated" (/Rotate 90)
    separate_active: bool = False     # table 二 as four separate sub-tables
    narrow_values: bool = False       # value columns so narrow that big numbers wrap
    big_numbers: bool = False         # some values ≥ 1000 (printed with or without commas)
    thousands: bool = False           # print 1,234
    label_widths: tuple[float, float, float] = (44.0, 48.0, 64.0)
    # which rulings a table gets: "full" (every cell border, Word's default), "none" (borders
    # set to none, or a table typeset with tab stops), "three_line" (top, below the header,
    # bottom), "rows" (horizontal rules between rows only), "frame" (the outer frame only).
    # Never drawn by random_options, so every seed's default output stays as it was.
    rules: str = "full"
    # table 四 turned: the outcomes as rows, the three groups as columns (行政复议 | 行政诉讼 over
    # 未经复议直接起诉 · 复议后起诉), as some agencies print it.  Never drawn by random_options.
    appeals_turned: bool = False
    # table 三 with applicant columns that hold no request all year (most agencies hear only
    # from natural persons): 1-5 of the six drawn to be zero in every row, so the table may
    # print no row in full.  Never drawn by random_options.
    sparse_applicants: bool = False


@dataclass
class ExpectedRow:
    """A table data row as printed: its own label (None for table 四) and value cell texts."""

    table: str
    label: str | None
    values: list[str]
    # (code, applicant index or None) of each value cell, and the typeset cells (their
    # ``lines`` say whether a number wrapped inside a narrow cell), for text-level oracles.
    codes: list[tuple[str, int | None]] = field(default_factory=list, repr=False)
    cells: list["TCell"] = field(default_factory=list, repr=False)

    @property
    def wrapped(self) -> list[bool]:
        """Per value cell: its text was broken over several lines in the PDF."""
        return [len(c.lines) > 1 for c in self.cells] if self.cells else [False] * len(self.values)


@dataclass
class GeneratedReport:
    pdf: bytes
    facts: dict[str, Any]
    rows: list[ExpectedRow]
    template: str
    agency: str
    year: int
    options: Options
    n_pages: int = 0


def random_options(rng: random.Random, template: str | None = None) -> Options:
    return Options(
        template=template or rng.choice(["2021", "2019"]),
        cjk_size=rng.choice([9.0, 10.5, 10.5, 12.0]),
        body_size=rng.choice([12.0, 14.0, 16.0]),
        latin_font=rng.choice(["Times-Roman", "Helvetica", CJK_FONT]),
        blank_style=rng.choice(["0", "0", "", "-", "/", "—", "mixed"]),
        split_rows=rng.random() < 0.7,
        repeat_header=rng.random() < 0.5,
        footer=rng.choice(["— {n} —", "- {n} -", "第{n}页", "{n}", ""]),
        fake_bold=rng.random() < 0.4,
        border=rng.choice(["line", "rect"]),
        appeals_page=rng.choice(["same", "same", "landscape", "rotated"]),
        separate_active=rng.random() < 0.3,
        narrow_values=rng.random() < 0.2,
        big_numbers=rng.random() < 0.3,
        thousands=rng.random() < 0.5,
        label_widths=rng.choice([(44.0, 48.0, 64.0), (30.0, 40.0, 48.0), (60.0, 70.0, 110.0)]),
    )


# ---- values ---------------------------------------------------------------------------

def random_values(rng: random.Random, template: str, big: bool) -> dict[str, Any]:
    """Facts that satisfy the template's identities (row totals, 一+二 = 七+四, appeals totals)."""
    facts: dict[str, Any] = {}
    hi = 3000 if big else 40

    def small() -> int:
        return rng.choice([0, 0, 0, rng.randint(1, 9), rng.randint(1, hi)])

    for _, _, rows in (ACTIVE_2021 if template == "2021" else ACTIVE_2019):
        for _, codes in rows:
            for code in codes:
                if code.endswith("amount"):
                    facts[code] = rng.choice([0, round(rng.uniform(0.5, 900), 1), rng.randint(1, 50)])
                elif code.endswith(".change"):
                    facts[code] = rng.choice([0, 0, rng.randint(1, 5), -rng.randint(1, 5)])
                else:
                    facts[code] = small()
    result_codes = [code for _, rows in RESULTS_COMMON + [OTHER_2021 if template == "2021" else OTHER_2019]
                    for _, code in rows]
    cols: dict[str, list[int]] = {c: [] for c in result_codes}
    new, over, fwd, total = [], [], [], []
    for _ in range(6):
        col = {c: (rng.randint(1, 12) if rng.random() < 0.25 else 0) for c in result_codes}
        t = sum(col.values())
        cf = rng.choice([0, 0, rng.randint(0, 4)])
        co = rng.randint(0, t + cf) if rng.random() < 0.4 else 0
        for c in result_codes:
            cols[c].append(col[c])
        total.append(t)
        fwd.append(cf)
        over.append(co)
        new.append(t + cf - co)
    with_total = lambda xs: xs + [sum(xs)]  # noqa: E731
    facts["requests.new"] = with_total(new)
    facts["requests.carried_over"] = with_total(over)
    for c in result_codes:
        facts[c] = with_total(cols[c])
    facts["requests.total"] = with_total(total)
    facts["requests.carried_forward"] = with_total(fwd)
    for key, _ in APPEAL_GROUPS:
        parts = [rng.choice([0, 0, rng.randint(1, 6)]) for _ in range(4)]
        for (out, _), v in zip(APPEAL_OUTCOMES, parts + [sum(parts)]):
            facts[f"appeals.{key}.{out}"] = v
    return facts


def _empty_applicants(facts: dict[str, Any], rng: random.Random) -> None:
    """Zero 1-5 applicant columns of table 三 in every row (totals kept consistent)."""
    empty = set(rng.sample(range(APPLICANTS - 1), rng.randint(1, APPLICANTS - 2)))
    for code, v in facts.items():
        if isinstance(v, list):
            kept = [0 if k in empty else x for k, x in enumerate(v[:APPLICANTS - 1])]
            facts[code] = kept + [sum(kept)]


def printed(value: Any, opts: Options, rng: random.Random) -> str:
    """The cell text for ``value`` as the report would print it."""
    if value == 0:
        style = rng.choice(["0", "", "-", "/"]) if opts.blank_style == "mixed" else opts.blank_style
        return style
    if isinstance(value, float):
        return f"{value:.1f}" if value != int(value) else str(int(value))
    if opts.thousands and abs(value) >= 1000:
        return f"{value:,}"
    return str(value)


# ---- typesetting ----------------------------------------------------------------------

@dataclass
class TCell:
    """A table cell: grid position, spans, text, horizontal alignment."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    align: str = "center"
    lines: list[str] = field(default_factory=list)


@dataclass
class TableSpec:
    widths: list[float]
    cells: list[TCell]
    n_rows: int
    header_rows: int = 0


@dataclass
class PageRec:
    """One page's geometry and its recorded drawing operations (replayed by ``finish``)."""

    mode: str
    w: float
    h: float
    ops: list[tuple] = field(default_factory=list)


class Typesetter:
    """A minimal Word-like page flow in top-down coordinates.

    Layout decides page breaks before anything is drawn (a table row may end up on a
    later page than where the table began), so drawing calls are recorded per page and
    replayed onto the reportlab canvas at the end.
    """

    margin_x = 72.0
    margin_top = 72.0
    margin_bottom = 72.0
    pad_x = 3.0
    pad_y = 1.5

    def __init__(self, opts: Options) -> None:
        self.opts = opts
        self.pages: list[PageRec] = []
        self.y = 0.0
        self.new_page()

    # pages
    def new_page(self, mode: str = "portrait") -> None:
        w, h = (A4[1], A4[0]) if mode in ("landscape", "rotated") else A4
        self.pages.append(PageRec(mode, w, h))
        self.y = self.margin_top

    @property
    def page(self) -> PageRec:
        return self.pages[-1]

    @property
    def mode(self) -> str:
        return self.page.mode

    @property
    def w(self) -> float:
        return self.page.w

    @property
    def bottom(self) -> float:
        return self.page.h - self.margin_bottom

    def finish(self) -> bytes:
        buf = io.BytesIO()
        c = rl_canvas.Canvas(buf, pagesize=A4)
        for n, page in enumerate(self.pages, 1):
            if page.mode == "landscape":
                c.setPageSize((A4[1], A4[0]))
                c.setPageRotation(0)
            elif page.mode == "rotated":
                # portrait media with /Rotate 90; content turned so it displays upright
                # (reportlab swaps the media box of a page rotated by 90°)
                c.setPageSize((A4[1], A4[0]))
                c.setPageRotation(90)
                c.transform(0, 1, -1, 0, A4[0], 0)
            else:
                c.setPageSize(A4)
                c.setPageRotation(0)
            if self.opts.footer:
                text = self.opts.footer.format(n=n)
                page.ops.append(("text", (page.w - self.text_width(text, 9.0)) / 2, page.h - 40, text, 9.0, False))
            for op in page.ops:
                if op[0] == "text":
                    self._replay_text(c, page, *op[1:])
                else:
                    _border(c, self.opts.border, op[1], page.h - op[2], op[3], page.h - op[4])
            c.showPage()
        c.save()
        return buf.getvalue()

    # text
    def _font_for(self, ch: str) -> str:
        return self.opts.latin_font if ch.isascii() else CJK_FONT

    def text_width(self, text: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(ch, self._font_for(ch), size) for ch in text)

    def draw_text(self, x: float, baseline: float, text: str, size: float, bold: bool = False,
                  page: PageRec | None = None) -> None:
        (page or self.page).ops.append(("text", x, baseline, text, size, bold))

    def line(self, page: PageRec, x0: float, y0: float, x1: float, y1: float) -> None:
        page.ops.append(("line", x0, y0, x1, y1))

    def _replay_text(self, c: rl_canvas.Canvas, page: PageRec, x: float, baseline: float,
                     text: str, size: float, bold: bool) -> None:
        runs: list[tuple[str, str]] = []
        for ch in text:
            f = self._font_for(ch)
            if runs and runs[-1][0] == f:
                runs[-1] = (f, runs[-1][1] + ch)
            else:
                runs.append((f, ch))
        y = page.h - baseline
        for f, s in runs:
            if f == CJK_FONT and len(s) == 1:
                # PDFium drops a string of one CJK glyph in this non-embedded UCS-2 font
                # (pdfminer reads it); Word never writes such strings, so pad with a space.
                s += " "
            c.setFont(f, size)
            c.drawString(x, y, s)
            if bold:  # fake bold: the same glyphs again, a quarter point to the right
                c.drawString(x + 0.25, y, s)
            x += pdfmetrics.stringWidth(s, f, size)

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Greedy wrap at any character (Chinese has no spaces; Word breaks long numbers too)."""
        lines: list[str] = []
        cur = ""
        for ch in text:
            if cur and self.text_width(cur + ch, size) > width:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        if cur or not lines:
            lines.append(cur)
        return lines

    def paragraph(self, text: str, size: float, indent: float = 0.0, bold: bool = False,
                  center: bool = False, space_after: float = 6.0) -> None:
        width = self.w - 2 * self.margin_x
        lh = size * 1.5
        for i, line in enumerate(self.wrap(text, width - indent, size)):
            if self.y + lh > self.bottom:
                self.new_page()
            x = self.margin_x + (indent if i == 0 else 0)
            if center:
                x = (self.w - self.text_width(line, size)) / 2
            self.draw_text(x, self.y + size, line, size, bold)
            self.y += lh
        self.y += space_after

    # tables
    def table(self, spec: TableSpec, size: float) -> None:
        """Lay out and draw a table, splitting it over pages like Word does."""
        lh = size * 1.25
        col_x = [self.margin_x]
        for wd in spec.widths:
            col_x.append(col_x[-1] + wd)
        for cell in spec.cells:
            inner = col_x[cell.col + cell.colspan] - col_x[cell.col] - 2 * self.pad_x
            cell.lines = self.wrap(cell.text, inner, size) if cell.text else []
        need = [0.0] * spec.n_rows
        for cell in spec.cells:
            if cell.rowspan == 1:
                need[cell.row] = max(need[cell.row], len(cell.lines) * lh + 2 * self.pad_y)
        need = [max(n, lh + 2 * self.pad_y) for n in need]
        for cell in spec.cells:
            if cell.rowspan > 1:
                have = sum(need[cell.row:cell.row + cell.rowspan])
                want = len(cell.lines) * lh + 2 * self.pad_y
                if want > have:
                    need[cell.row + cell.rowspan - 1] += want - have
        # Word keeps heading rows together with the first body row
        if spec.header_rows and self.y + sum(need[:spec.header_rows + 1]) > self.bottom:
            self.new_page(self.mode)
        # fragments: (page, top, height, row); a split row has one fragment per page
        frags: list[tuple[PageRec, float, float, int]] = []
        repeats: list[tuple[PageRec, float, float, int]] = []
        remaining = list(need)
        done_lines: dict[int, int] = {}
        r = 0
        while r < spec.n_rows:
            h = remaining[r]
            if self.y + h <= self.bottom:
                frags.append((self.page, self.y, h, r))
                self.y += h
                r += 1
                continue
            room = self.bottom - self.y
            fit = int((room - 2 * self.pad_y + 0.01) // lh)
            if self.opts.split_rows and r >= spec.header_rows and fit >= 1:
                frags.append((self.page, self.y, room, r))
                done_lines[r] = done_lines.get(r, 0) + fit
                left = max((len(c.lines) - done_lines[r] for c in spec.cells if c.row == r and c.rowspan == 1),
                           default=0)
                remaining[r] = max(left * lh + 2 * self.pad_y, lh + 2 * self.pad_y)
            self.new_page(self.mode)
            if self.opts.repeat_header and spec.header_rows and r >= spec.header_rows:
                for hr in range(spec.header_rows):
                    repeats.append((self.page, self.y, need[hr], hr))
                    self.y += need[hr]
        for cell in spec.cells:
            self._draw_cell(cell, [f for f in frags if cell.row <= f[3] < cell.row + cell.rowspan], col_x, size, lh)
            if cell.row < spec.header_rows:
                for page in {id(f[0]): f[0] for f in repeats}.values():
                    mine = [f for f in repeats if f[0] is page and cell.row <= f[3] < cell.row + cell.rowspan]
                    self._draw_cell(cell, mine, col_x, size, lh)
        self._outer_rules(spec, frags + repeats, col_x)
        self.y += 8

    def _outer_rules(self, spec: TableSpec, frags: list[tuple[PageRec, float, float, int]],
                     col_x: list[float]) -> None:
        """The rulings of a "frame" or "three_line" table, per page the table runs over."""
        if self.opts.rules not in ("frame", "three_line"):
            return
        x0, x1 = col_x[0], col_x[-1]
        pages: dict[int, list[tuple[PageRec, float, float, int]]] = {}
        for f in frags:
            pages.setdefault(id(f[0]), []).append(f)
        for mine in pages.values():
            page = mine[0][0]
            top = min(f[1] for f in mine)
            bottom = max(f[1] + f[2] for f in mine)
            self.line(page, x0, top, x1, top)
            self.line(page, x0, bottom, x1, bottom)
            if self.opts.rules == "frame":
                self.line(page, x0, top, x0, bottom)
                self.line(page, x1, top, x1, bottom)
            else:  # the header rule, wherever the header rows are printed
                head = [f[1] + f[2] for f in mine if f[3] == spec.header_rows - 1]
                if spec.header_rows and head:
                    self.line(page, x0, max(head), x1, max(head))

    def _draw_cell(self, cell: TCell, frags: list[tuple[PageRec, float, float, int]],
                   col_x: list[float], size: float, lh: float) -> None:
        """Borders per page fragment; the text lines flow from one fragment into the next."""
        runs: list[list[tuple[PageRec, float, float, int]]] = []
        for f in frags:
            if runs and runs[-1][-1][0] is f[0]:
                runs[-1].append(f)
            else:
                runs.append([f])
        x0, x1 = col_x[cell.col], col_x[cell.col + cell.colspan]
        lines = list(cell.lines)
        for run in runs:
            page, top = run[0][0], run[0][1]
            bottom = run[-1][1] + run[-1][2]
            edges = ((x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom))
            for a, b, c, d in edges[:{"full": 4, "rows": 2}.get(self.opts.rules, 0)]:
                self.line(page, a, b, c, d)
            cap = max(int((bottom - top - 2 * self.pad_y + 0.01) // lh), 0)
            here, lines = lines[:cap], lines[cap:]
            for i, text in enumerate(here):
                w = self.text_width(text, size)
                x = x0 + self.pad_x if cell.align == "left" else (x0 + x1 - w) / 2
                self.draw_text(x, top + self.pad_y + i * lh + size * 0.95, text, size,
                               page=page)


def _border(c: rl_canvas.Canvas, style: str, x0: float, y0: float, x1: float, y1: float) -> None:
    """One border edge in reportlab coordinates (y up)."""
    if style == "rect":
        if abs(y1 - y0) < 0.01:
            c.rect(min(x0, x1), y0 - 0.25, abs(x1 - x0), 0.5, stroke=0, fill=1)
        else:
            c.rect(x0 - 0.25, min(y0, y1), 0.5, abs(y1 - y0), stroke=0, fill=1)
    else:
        c.setLineWidth(0.5)
        c.line(x0, y0, x1, y1)


# ---- the report -----------------------------------------------------------------------

def _active_tables(opts: Options, facts: dict[str, Any], rng: random.Random,
                   rows_out: list[ExpectedRow]) -> list[TableSpec]:
    form = ACTIVE_2021 if opts.template == "2021" else ACTIVE_2019
    label_w = 110.0
    value_w = 100.0 if not opts.narrow_values else 34.0
    ncols = 3
    widths = [label_w] + [value_w] * ncols
    specs: list[TableSpec] = []
    cells: list[TCell] = []
    r = 0
    for heading, headers, rows in form:
        if opts.separate_active and cells:
            specs.append(TableSpec(widths, cells, r))
            cells, r = [], 0
        cells.append(TCell(r, 0, 1, ncols + 1, heading))
        r += 1
        spans = _spans(len(headers), ncols)
        cells.append(TCell(r, 0, 1, 1, "信息内容"))
        col = 1
        for text, span in zip(headers, spans):
            cells.append(TCell(r, col, 1, span, text))
            col += span
        r += 1
        for label, codes in rows:
            cells.append(TCell(r, 0, 1, 1, label, align="left"))
            col = 1
            texts, tcells = [], []
            for code, span in zip(codes, spans):
                t = printed(facts[code], opts, rng)
                texts.append(t)
                tcells.append(TCell(r, col, 1, span, t))
                col += span
            cells.extend(tcells)
            rows_out.append(ExpectedRow("active", label, texts, [(c, None) for c in codes], tcells))
            r += 1
    specs.append(TableSpec(widths, cells, r))
    return specs


def _spans(n: int, total: int) -> list[int]:
    """Column spans of ``n`` header cells over ``total`` grid columns (Word merges the rest)."""
    if n == total:
        return [1] * n
    if n == 1:
        return [total]
    return [1] * (n - 1) + [total - n + 1]


def _requests_table(opts: Options, facts: dict[str, Any], rng: random.Random,
                    rows_out: list[ExpectedRow], usable: float) -> TableSpec:
    lw = list(opts.label_widths)
    value_w = (usable - sum(lw)) / APPLICANTS
    if opts.narrow_values:
        value_w = min(value_w, 30.0)
    widths = lw + [value_w] * APPLICANTS
    cells = [
        TCell(0, 0, 3, 3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", align="left"),
        TCell(0, 3, 1, 7, "申请人情况"),
        TCell(1, 3, 2, 1, "自然人"),
        TCell(1, 4, 1, 5, "法人或其他组织"),
        TCell(1, 9, 2, 1, "总计"),
    ]
    for k, t in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        cells.append(TCell(2, 4 + k, 1, 1, t))
    r = 3

    def data_row(label: str, code: str, col: int, span: int) -> None:
        nonlocal r
        cells.append(TCell(r, col, 1, span, label, align="left"))
        texts = [printed(v, opts, rng) for v in facts[code]]
        tcells = [TCell(r, 3 + k, 1, 1, t) for k, t in enumerate(texts)]
        cells.extend(tcells)
        rows_out.append(ExpectedRow("requests", label, texts, [(code, k) for k in range(APPLICANTS)], tcells))
        r += 1

    data_row("一、本年新收政府信息公开申请数量", "requests.new", 0, 3)
    data_row("二、上年结转政府信息公开申请数量", "requests.carried_over", 0, 3)
    groups = RESULTS_COMMON + [OTHER_2021 if opts.template == "2021" else OTHER_2019]
    n_result_rows = sum(len(rows) for _, rows in groups) + 1
    cells.append(TCell(r, 0, n_result_rows, 1, "三、本年度办理结果", align="left"))
    for group, rows in groups:
        if group is None:
            for label, code in rows:
                data_row(label, code, 1, 2)
        else:
            cells.append(TCell(r, 1, len(rows), 1, group, align="left"))
            for label, code in rows:
                data_row(label, code, 2, 1)
    data_row("（七）总计", "requests.total", 1, 2)
    data_row("四、结转下年度继续办理", "requests.carried_forward", 0, 3)
    return TableSpec(widths, cells, r, header_rows=3)


def _appeals_table(opts: Options, facts: dict[str, Any], rng: random.Random,
                   rows_out: list[ExpectedRow], usable: float) -> TableSpec:
    if opts.appeals_turned:
        return _turned_appeals_table(opts, facts, rng, rows_out, usable)
    widths = [usable / 15] * 15
    cells = [TCell(0, 0, 1, 5, "行政复议"), TCell(0, 5, 1, 10, "行政诉讼")]
    for k, (_, text) in enumerate(APPEAL_OUTCOMES):
        cells.append(TCell(1, k, 2, 1, text))
    cells.append(TCell(1, 5, 1, 5, APPEAL_GROUPS[1][1]))
    cells.append(TCell(1, 10, 1, 5, APPEAL_GROUPS[2][1]))
    for g in range(2):
        for k, (_, text) in enumerate(APPEAL_OUTCOMES):
            cells.append(TCell(2, 5 + 5 * g + k, 1, 1, text))
    texts, codes = [], []
    for key, _ in APPEAL_GROUPS:
        for out, _ in APPEAL_OUTCOMES:
            codes.append((f"appeals.{key}.{out}", None))
            texts.append(printed(facts[codes[-1][0]], opts, rng))
    tcells = [TCell(3, k, 1, 1, t) for k, t in enumerate(texts)]
    cells.extend(tcells)
    rows_out.append(ExpectedRow("appeals", None, texts, codes, tcells))
    return TableSpec(widths, cells, 4, header_rows=3)


def _turned_appeals_table(opts: Options, facts: dict[str, Any], rng: random.Random,
                          rows_out: list[ExpectedRow], usable: float) -> TableSpec:
    """Table 四 with the outcomes as rows: a label column, then one column per group."""
    widths = [usable / 4] * 4
    cells = [TCell(0, 0, 2, 1, ""), TCell(0, 1, 2, 1, APPEAL_GROUPS[0][1]), TCell(0, 2, 1, 2, "行政诉讼"),
             TCell(1, 2, 1, 1, APPEAL_GROUPS[1][1]), TCell(1, 3, 1, 1, APPEAL_GROUPS[2][1])]
    for r, (out, text) in enumerate(APPEAL_OUTCOMES, start=2):
        cells.append(TCell(r, 0, 1, 1, text))
        codes = [(f"appeals.{key}.{out}", None) for key, _ in APPEAL_GROUPS]
        texts = [printed(facts[code], opts, rng) for code, _ in codes]
        tcells = [TCell(r, 1 + k, 1, 1, t) for k, t in enumerate(texts)]
        cells.extend(tcells)
        rows_out.append(ExpectedRow("appeals", text, texts, codes, tcells))
    return TableSpec(widths, cells, 2 + len(APPEAL_OUTCOMES), header_rows=2)


def generate(seed: int, template: str | None = None, **overrides: Any) -> GeneratedReport:
    """Typeset one random report; ``overrides`` fix any :class:`Options` field."""
    rng = random.Random(seed)
    opts = random_options(rng, template)
    for k, v in overrides.items():
        setattr(opts, k, v)
    facts = random_values(rng, opts.template, opts.big_numbers)
    if opts.sparse_applicants:
        _empty_applicants(facts, rng)
    agency = rng.choice(AGENCIES)
    year = rng.randint(2019 if opts.template == "2019" else 2021, 2024)
    ts = Typesetter(opts)
    rows: list[ExpectedRow] = []
    body, hsize = opts.body_size, opts.body_size + 2
    bold = opts.fake_bold

    ts.paragraph(f"{agency}{year}年政府信息公开工作年度报告", hsize + 4, bold=bold, center=True, space_after=12)
    ts.paragraph("一、总体情况", hsize, bold=bold)
    for _ in range(rng.randint(1, 4)):
        ts.paragraph("".join(rng.sample(PROSE, k=rng.randint(1, 3))), body, indent=2 * body)
    ts.paragraph("二、主动公开政府信息情况", hsize, bold=bold)
    usable = A4[0] - 2 * ts.margin_x
    for spec in _active_tables(opts, facts, rng, rows):
        ts.table(spec, opts.cjk_size)
    ts.paragraph("三、收到和处理政府信息公开申请情况", hsize, bold=bold)
    ts.table(_requests_table(opts, facts, rng, rows, usable), opts.cjk_size)
    if opts.appeals_page != "same":
        ts.new_page(opts.appeals_page)
        usable_appeals = ts.w - 2 * ts.margin_x
    else:
        usable_appeals = usable
    ts.paragraph("四、政府信息公开行政复议、行政诉讼情况", hsize, bold=bold)
    ts.table(_appeals_table(opts, facts, rng, rows, usable_appeals), opts.cjk_size)
    if opts.appeals_page != "same":
        ts.new_page()
    ts.paragraph("五、存在的主要问题及改进情况", hsize, bold=bold)
    ts.paragraph(rng.choice(PROBLEMS), body, indent=2 * body)
    ts.paragraph("六、其他需要报告的事项", hsize, bold=bold)
    ts.paragraph("本年度未收取信息处理费。", body, indent=2 * body)
    pdf = ts.finish()
    return GeneratedReport(pdf, facts, rows, opts.template, agency, year, opts, len(ts.pages))


if __name__ == "__main__":  # write a few samples for eyeballing: python tests/pdfgen.py OUTDIR [N]
    import sys
    from pathlib import Path

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 4):
        rep = generate(i)
        (out / f"report-{i}.pdf").write_bytes(rep.pdf)
        print(out / f"report-{i}.pdf", rep.template, rep.options)
