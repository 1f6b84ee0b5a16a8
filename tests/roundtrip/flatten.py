"""Render a generated :class:`~tests.roundtrip.reportgen.Report` as a published document.

Each style imitates a flattening seen in shared/corpus (see the case notes there):

==  =====================================================================================
a   tab-separated grid rows; merged label cells leave leading empty fields, some rows are
    shifted to column 0, trailing tabs (the seed, text lifted from a PDF)
b   one row per line, cells joined by " | ", trailing empty run "| ||||" (c-02, c-20, b-19)
c   markdown-like "| a | b |" rows with a filler run for spanned columns (b-20)
d   one cell per line ending " |", blank cells as lone "|", "|||" filler lines (a-12, b-21, c-17)
e   one cell per line with the pipe alone on the next line (c-15)
f   one cell per paragraph, an empty cell is ONE extra newline (a-02, b-01)
g   one cell per paragraph, blank cells as whitespace-only paragraphs (c-08)
h   one cell per line, no blank lines, blank cells dropped entirely (b-11, b-09)
i   one cell per paragraph, blank cells dropped (a-03)
j   HTML page with a real <table> (rowspan/colspan) among site chrome
k   text lifted from a PDF by other tools, shredded (tests/roundtrip/shredded.py)
l   Markdown from converters: a table per row, placeholder headers, ## headings (shredded.py)
==  =====================================================================================

Orthogonal perturbations (``Options``): wrapped labels or spaces inside labels, half/full
width brackets, Traditional characters (opencc s2t), tone-marked pinyin inserted in labels,
vertical column headers, page chrome and a 索引号 metadata table before the report,
renumbered / missing / run-in section headings, seven single digits glued together, and the
byte encoding (UTF-8 with or without BOM, GB18030, UTF-16, CRLF line ends).

For the lossless styles (a–g, j) the text keeps every cell's position; for h and i blank
cells vanish without trace (``visible_rows`` tells what a reader can see).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from typing import Any

from .reportgen import Cell, Chooser, Report, Table

STYLES = "abcdefghijkl"
LOSSLESS = "abcdefgj"
DROPPED = "hi"
SHREDDED = "kl"  # lossy in their own ways: checked for 0 wrong cells, and intact rows back
TEXT_STYLES = "abcdefghikl"
ROW_STYLES = "abc"      # one table row per line
CELL_STYLES = "defghi"  # one cell per line / paragraph
PARAGRAPH_STYLES = "fgi"

STYLE_NAMES = {
    "a": "tab-separated rows (seed)",
    "b": "pipes on one line",
    "c": "markdown-like pipe rows",
    "d": "one cell per line ending ' |'",
    "e": "one cell per line, pipe alone on next line",
    "f": "one cell per paragraph, empty cell = one extra newline",
    "g": "one cell per paragraph, blank = whitespace paragraph",
    "h": "one cell per line, blanks dropped",
    "i": "one cell per paragraph, blanks dropped",
    "j": "HTML table with rowspan/colspan",
    "k": "PDF text shredded by other tools",
    "l": "Markdown from converters",
}

HEADINGS = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}
HEADINGS_EXTRA = {
    1: "总体情况概述",
    2: "主动公开政府信息的情况",
    3: "收到和处理政府信息公开申请的情况",
    4: "因政府信息公开申请行政复议、提起行政诉讼情况",
    5: "政府信息公开工作存在的主要问题及改进情况",
    6: "其他需要报告的事项说明",
}
CN_NUM = "零一二三四五六七八九十"

# tone-marked pinyin for characters that occur in the table labels
PINYIN = {
    "规": "guī", "章": "zhāng", "政": "zhèng", "府": "fǔ", "信": "xìn", "息": "xī", "公": "gōng",
    "开": "kāi", "申": "shēn", "请": "qǐng", "处": "chǔ", "罚": "fá", "许": "xǔ", "可": "kě",
    "强": "qiáng", "制": "zhì", "收": "shōu", "费": "fèi", "复": "fù", "议": "yì", "诉": "sù",
    "讼": "sòng", "秘": "mì", "密": "mì", "范": "fàn", "性": "xìng", "件": "jiàn", "行": "xíng",
    "结": "jié", "果": "guǒ", "维": "wéi", "持": "chí", "纠": "jiū", "正": "zhèng", "审": "shěn",
    "转": "zhuǎn", "理": "lǐ", "予": "yǔ", "商": "shāng", "业": "yè", "企": "qǐ", "科": "kē",
    "研": "yán", "机": "jī", "构": "gòu", "总": "zǒng", "计": "jì", "数": "shù", "量": "liàng",
}


@dataclass
class Options:
    style: str
    brackets: str = "full"      # full | half | mixed
    traditional: bool = False
    pinyin: float = 0.0         # share of labels that get one inserted pinyin
    wrap: float = 0.0           # share of labels/headers wrapped (space or line break)
    vertical: bool = False      # requests/appeals column headers one character per line
    chrome: bool = False        # site chrome before/after the report
    metadata: str = ""          # "" | pipes | colon : a 索引号 table before the report
    headings: str = "std"       # std | extra | arabic | shifted
    missing_headings: tuple[int, ...] = ()
    runin: bool = False         # prose headings run into their text
    glue: bool = False          # all-single-digit requests rows glued into one token
    encoding: str = "utf-8"     # utf-8 | utf-8-sig | gb18030 | utf-16
    crlf: bool = False
    blank_lines: bool = True    # blank lines between text blocks (line styles)
    # style specifics
    trailing_tabs: int = 1      # a
    shift: float = 0.0          # a: share of fully printed rows shifted to column 0
    filler: bool = True         # b: trailing "| ||||" run (else a lone " |")
    leading_covered: bool = False  # b: rowspan-covered positions as leading empty cells (b-19)
    blank_ws: str = " "         # g
    extras: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        d = {k: v for k, v in self.__dict__.items() if v not in (False, 0, 0.0, "", (), {}, None)}
        return ", ".join(f"{k}={v!r}" for k, v in d.items())


def draw_options(ch: Chooser, style: str) -> Options:
    """Random perturbations for ``style`` (each shrinks to 'off')."""
    o = Options(style=style)
    o.brackets = ch.choice(["full", "half", "mixed"])
    o.traditional = ch.flag(0.2)
    o.pinyin = ch.choice([0.0, 0.0, 0.0, 0.2])
    o.wrap = ch.choice([0.0, 0.0, 0.2, 0.5])
    o.vertical = style in CELL_STYLES and ch.flag(0.2)
    o.chrome = ch.flag(0.4)
    o.metadata = ch.choice(["", "", "pipes", "colon"])
    o.headings = ch.choice(["std", "std", "extra", "arabic", "shifted"])
    o.missing_headings = tuple(n for n in (1, 2, 3, 4, 5, 6) if ch.flag(0.1))
    o.runin = style != "l" and ch.flag(0.3)
    o.glue = style not in DROPPED + SHREDDED and ch.flag(0.2)
    if style in SHREDDED:
        o.wrap = 0.0  # the renderer wraps labels its own way
        o.extras["shred"] = ch.choice([0.3, 0.6, 1.0])
    if style != "j":
        o.encoding = ch.choice(["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"])
        o.crlf = ch.flag(0.15)
    o.blank_lines = ch.flag(0.6)
    o.trailing_tabs = ch.choice([1, 0])
    o.shift = ch.choice([0.0, 0.3])
    o.filler = ch.flag(0.6)
    o.leading_covered = ch.flag(0.3)
    o.blank_ws = ch.choice([" ", "  ", "\u3000"])
    return o


# ---------------------------------------------------------------------------- cell text
_HALF = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":"})


def _brackets(ch: Chooser, o: Options, text: str) -> str:
    if o.brackets == "half" or (o.brackets == "mixed" and ch.flag(0.5)):
        return text.translate(_HALF)
    return text


def _pinyin(ch: Chooser, o: Options, text: str) -> str:
    if not o.pinyin or not ch.flag(o.pinyin):
        return text
    spots = [i for i, c in enumerate(text) if c in PINYIN]
    if not spots:
        return text
    i = ch.choice(spots)
    return text[: i + 1] + f"({PINYIN[text[i]]})" + text[i + 1:]


def _wrap(ch: Chooser, o: Options, cell: Cell, text: str, section: str = "") -> str:
    if cell.role in ("title", "value") and not (cell.role == "title" and o.style in ROW_STYLES):
        return text
    if (o.vertical and cell.role == "header" and section in ("requests", "appeals") and len(text) <= 8
            and o.style in CELL_STYLES):
        return "\n".join(text)
    if not o.wrap or len(text) < 4 or not ch.flag(o.wrap):
        return text
    cuts = _cut_points(text)
    if not cuts:
        return text
    cut = ch.choice(cuts)
    if o.style in ROW_STYLES or o.style == "j":
        sep = ch.choice([" ", "  "]) if o.style != "j" else ch.choice([" ", "<br>"])
    elif o.style == "d":
        sep = ch.choice([" ", "\n"])
    elif o.style == "f" and cell.role == "header":
        sep = "\n\n"  # a-02: '商业\n\n企业'
    else:
        sep = "\n"
    return text[:cut] + sep + text[cut:]


_PREFIX = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|\d+[.．、]|[一二三四五六七八九十]+、)")


def _cut_points(text: str) -> list[int]:
    """Where a narrow cell may break a label: not inside its numbering or a bracket pair."""
    m = _PREFIX.match(text)
    start = (m.end() if m else 0) + 1
    depth, inside = 0, set()
    for i, c in enumerate(text):
        if c in "(（“<&":
            depth += 1
        elif c in ")）”>;":
            depth = max(0, depth - 1)
        if depth:
            inside.add(i + 1)
    return [i for i in range(max(start, 2), len(text) - 1) if i not in inside and text[i] not in "(（"]


def cell_text(ch: Chooser, o: Options, cell: Cell, section: str = "") -> str:
    if cell.role == "value":
        return cell.text
    t = _brackets(ch, o, cell.text)
    t = _pinyin(ch, o, t)
    if o.style == "j":
        t = html.escape(t)
    return _wrap(ch, o, cell, t, section)


def prepare_table(ch: Chooser, o: Options, table: Table) -> Table:
    """The table with perturbed label texts (and glued rows), ready for a style renderer."""
    rows: list[list[Cell]] = []
    for row in table.rows:
        new = [replace(c, text=cell_text(ch, o, c, table.section)) for c in row]
        vals = [c for c in new if c.role == "value"]
        if (o.glue and table.section == "requests" and len(vals) == 7
                and all(len(c.text) == 1 and c.text in "0123456789" for c in vals) and ch.flag(0.5)):
            glued = replace(vals[0], text="".join(c.text for c in vals), role="glued", code=None, applicant=None)
            new = [c for c in new if c.role != "value"] + [glued]
        rows.append(new)
    return Table(table.section, table.ncols, rows)


# ---------------------------------------------------------------------------- tables
def _filler(table: Table, row: list[Cell]) -> int:
    return table.ncols - len(row)


def render_table(ch: Chooser, o: Options, table: Table) -> str:
    """The table (already prepared) in style ``o.style``; text ends without a newline for
    line styles and with its own separators for paragraph styles."""
    s = o.style
    if s == "a":
        return _render_tabs(ch, o, table)
    if s == "b":
        return _render_pipes(o, table)
    if s == "c":
        lines = []
        for row in table.rows:
            line = "| " + " | ".join(c.text for c in row) + " | " + "|" * _filler(table, row)
            lines.append(line)
        return "\n".join(lines)
    if s == "d":
        lines = []
        for row in table.rows:
            for c in row:
                lines.append(f"{c.text} |".strip())
            if _filler(table, row) > 0:
                lines.append("|" * _filler(table, row))
        return "\n".join(lines)
    if s == "e":
        return "\n".join(f"{c.text}\n|" for row in table.rows for c in row)
    if s == "f":
        return "".join((c.text + "\n\n") if c.text.strip() else "\n" for row in table.rows for c in row)
    if s == "g":
        return "\n\n".join(c.text if c.text.strip() else o.blank_ws for row in table.rows for c in row)
    if s == "h":
        return "\n".join(c.text for row in table.rows for c in row if c.text.strip())
    if s == "i":
        return "\n\n".join(c.text for row in table.rows for c in row if c.text.strip())
    if s == "j":
        return _render_html_table(ch, table)
    if s in SHREDDED:
        from .shredded import render_markdown, render_shredded
        modes = o.extras.setdefault("modes", {}).setdefault(table.section, [])
        fn = render_shredded if s == "k" else render_markdown
        return fn(ch, table, modes, o.extras.get("shred", 0.5))
    raise ValueError(s)


def _render_tabs(ch: Chooser, o: Options, table: Table) -> str:
    grid = table.dense()
    lines = []
    for row, line in zip(table.rows, grid):
        fields = ["" if c is None else c.text for c in line]
        if any(c.role == "glued" for c in row):
            # separators lost: the glued token replaces seven fields
            fields = [c.text for c in row]
        elif o.shift and all(c.text.strip() for c in row if c.role == "value") and line[0] is None \
                and any(c.role == "value" for c in row) and ch.flag(o.shift):
            lead = next(i for i, c in enumerate(line) if c is not None)
            fields = fields[lead:] + [""] * lead  # merged label cells lost: row starts in column 0
        lines.append("\t".join(fields) + "\t" * o.trailing_tabs)
    return "\n".join(lines)


def _render_pipes(o: Options, table: Table) -> str:
    kinds = table.covered_kind()
    lines = []
    for r, row in enumerate(table.rows):
        texts = [c.text for c in row]
        if o.leading_covered:
            lead = 0
            while lead < table.ncols and kinds[r][lead] == "row":
                lead += 1
            texts = [""] * lead + texts
        if o.filler:
            n = len(texts)
            while texts and not texts[-1].strip() and len(texts) > 1:
                texts.pop()
            fill = table.ncols - len(texts) + 1 if n <= table.ncols else 1
            line = " | ".join(texts) + " | " + "|" * max(fill, 1)
        else:
            line = " | ".join(texts) + " |"
        lines.append(line.strip())
    return "\n".join(lines)


def _render_html_table(ch: Chooser, table: Table) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="width:100%">', "<tbody>"]
    for row in table.rows:
        out.append("<tr>")
        for c in row:
            attrs = ""
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            text = html.escape(c.text) if c.role in ("value", "glued") else c.text
            if not text.strip():
                text = ch.choice(["", "&nbsp;", " "])
            elif ch.flag(0.3):
                text = f'<p style="text-align:center"><span>{text}</span></p>'
            out.append(f"<td{attrs}>{text}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


# ---------------------------------------------------------------------------- document
def _heading(o: Options, n: int) -> str | None:
    if n in o.missing_headings:
        return None
    name = (HEADINGS_EXTRA if o.headings == "extra" else HEADINGS)[n]
    if o.headings == "arabic":
        text = f"{n}、{name}" if n % 2 else f"{n}.{name}"
    elif o.headings == "shifted":
        text = f"{CN_NUM[n + 1]}、{name}"
    else:
        text = f"{CN_NUM[n]}、{name}"
    if o.style == "l":  # converters write headings as Markdown headings, sometimes bold
        return ("## " if n % 2 else "### ") + (f"**{text}**" if n == 3 else text)
    return text


def _chrome_top(ch: Chooser, rep: Report) -> list[str]:
    return ["首页 > 政务公开 > 政府信息公开年报",
            f"发布时间：{rep.year + 1}-01-{ch.int(10, 31)} 浏览次数：{ch.int(1, 999)}",
            "字体：[ 大 中 小 ]"]


def _chrome_bottom(ch: Chooser, rep: Report) -> list[str]:
    return ["【打印本页】【关闭窗口】",
            f"主办单位：{rep.publisher}  网站标识码：{ch.int(1000000000, 9999999999)}",
            f"备案号：ICP备{ch.int(10000000, 99999999)}号"]


def _metadata(ch: Chooser, o: Options, rep: Report) -> list[str]:
    idx = f"{ch.int(10000000, 99999999)}/{rep.year + 1}-{ch.int(1, 999):05d}"
    date = f"{rep.year + 1}-01-{ch.int(10, 31)}"
    if o.metadata == "pipes":
        return [f"索 引 号 | {idx} | 发布机构 | {rep.publisher} |",
                f"发布日期 | {date} | 文 号 | |", "是否有效 | 有效 | 有限期限 |"]
    if o.metadata == "colon":
        return [f"索 引 号：{idx}  发文字号：", f" 发布机构：{rep.publisher}  公文时效：",
                f" 主题分类：政务公开  发布日期：{date}"]
    return []


def render(rep: Report, o: Options, ch: Chooser) -> str:
    """The whole document as text (HTML source for style j)."""
    if o.style == "j":
        return _render_html(rep, o, ch)
    blocks: list[tuple[str, str]] = []  # (kind, text) kind in text|table
    if o.chrome:
        blocks += [("text", t) for t in _chrome_top(ch, rep)]
    blocks += [("text", t) for t in _metadata(ch, o, rep)]
    blocks.append(("text", rep.title))
    blocks.append(("text", rep.intro))
    for n in range(1, 7):
        h = _heading(o, n)
        if n in (1, 5, 6):
            body = rep.prose[n]
            if h and o.runin:
                blocks.append(("text", h + ch.choice(["", " ", "。"]) + body))
            else:
                if h:
                    blocks.append(("text", h))
                blocks.append(("text", body))
        else:
            if h:
                blocks.append(("text", h))
            sec = {2: "active", 3: "requests", 4: "appeals"}[n]
            blocks.append(("table", render_table(ch, o, prepare_table(ch, o, rep.tables[sec]))))
    if o.chrome:
        blocks += [("text", t) for t in _chrome_bottom(ch, rep)]

    if o.style in PARAGRAPH_STYLES:
        parts = []
        for kind, text in blocks:
            if kind == "table" and o.style == "f":
                parts.append(text)  # carries its own newlines
            elif kind == "table":
                parts.append(text + "\n\n")
            else:
                parts.append(text.replace("\n", "\n\n") + "\n\n")
        doc = "".join(parts)
    else:
        sep = "\n\n" if o.blank_lines else "\n"
        doc = sep.join(text for _, text in blocks) + "\n"
    if o.traditional:
        doc = to_traditional(doc)
    return doc


def _render_html(rep: Report, o: Options, ch: Chooser) -> str:
    e = html.escape
    parts = ['<!DOCTYPE html>', '<html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{e(rep.title)}_{e(rep.publisher)}</title></head><body>"]
    if o.chrome:
        parts.append('<div class="header"><ul class="nav"><li><a href="/">首页</a></li>'
                     '<li><a href="/zwgk/">政务公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>')
        parts.append('<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 年度报告</div>')
    if o.metadata:
        idx = f"{ch.int(10000000, 99999999)}/{rep.year + 1}-{ch.int(1, 999):05d}"
        parts.append('<table class="xxgk-meta"><tr><td>索引号：</td><td>' + idx + "</td><td>发布机构：</td><td>"
                     + e(rep.publisher) + "</td></tr><tr><td>发布日期：</td><td>"
                     + f"{rep.year + 1}-01-{ch.int(10, 31)}</td><td>文号：</td><td></td></tr></table>")
    parts.append('<div class="article">')
    parts.append(f'<h1 class="title">{e(rep.title)}</h1>')
    parts.append(f"<p>{e(rep.intro)}</p>")
    for n in range(1, 7):
        h = _heading(o, n)
        if n in (1, 5, 6):
            paras = rep.prose[n].split("\n")
            if h and o.runin:
                paras[0] = h + paras[0]
            elif h:
                parts.append(f"<p><strong>{e(h)}</strong></p>")
            parts.extend(f"<p>{e(p)}</p>" for p in paras)
        else:
            if h:
                parts.append(f"<p><strong>{e(h)}</strong></p>")
            sec = {2: "active", 3: "requests", 4: "appeals"}[n]
            parts.append(render_table(ch, o, prepare_table(ch, o, rep.tables[sec])))
    parts.append("</div>")
    if o.chrome:
        parts.append(f'<div class="footer"><p>主办单位：{e(rep.publisher)}</p>'
                     f"<p>网站标识码：{ch.int(1000000000, 9999999999)}</p></div>")
    parts.append("</body></html>")
    doc = "\n".join(parts)
    if o.traditional:
        doc = to_traditional(doc)
    return doc


_S2T = None


def to_traditional(text: str) -> str:
    global _S2T
    if _S2T is None:
        import opencc
        _S2T = opencc.OpenCC("s2t")
    return _S2T.convert(text)


def encode(doc: str, o: Options) -> bytes:
    if o.crlf:
        doc = doc.replace("\n", "\r\n")
    if o.encoding == "utf-16":
        return doc.encode("utf-16")  # with BOM
    return doc.encode(o.encoding)


def flatten(rep: Report, o: Options, ch: Chooser) -> bytes:
    return encode(render(rep, o, ch), o)


# ---------------------------------------------------------------------------- what a reader sees
def visible_rows(rep: Report) -> list[tuple[str, list[Cell]]]:
    """[(section, value cells of one row)] for every table row holding values."""
    out = []
    for sec in ("active", "requests", "appeals"):
        t = rep.tables[sec]
        for row in t.rows:
            vals = [c for c in row if c.role == "value"]
            if vals:
                out.append((sec, vals))
    return out
