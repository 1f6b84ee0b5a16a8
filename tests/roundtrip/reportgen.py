"""Random but *consistent* annual-report tables for the round-trip tests.

A generated :class:`Report` carries everything a flattener needs (agency, year, template,
prose for sections 一/五/六 and the three tables 二/三/四 as span-aware cell grids with the
text each cell is printed with) plus the ground truth ``facts`` in the corpus case format
(``{code: number}`` or ``{code: [7 values]}``, see shared/corpus/CASE_FORMAT.md).

Consistency holds by construction (and is asserted by ``check_identities``):

* requests rows: the six applicant columns sum to 总计;
* per column: 一 + 二 = （七）总计 + 四, and （七）总计 = the sum of all result rows
  （一）…（六）;
* appeals: 维持 + 纠正 + 其他 + 尚未审结 = 总计 for each of the three groups.

Every random decision goes through a :class:`Chooser`, so the same generator runs from a
plain ``random.Random`` (``RandomChooser``) or from hypothesis (``DrawChooser``), where each
decision shrinks toward its simplest outcome (0, the first option, "no perturbation").

Nothing here imports the parser: expected values come from the generator alone.
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

REPO = Path(__file__).resolve().parents[2]
_TAXONOMY_PATHS = (
    REPO / "parsers" / "templates" / "taxonomy.csv",
    Path("/work/shared/spec/taxonomy.csv"),
    REPO.parent / "shared" / "spec" / "taxonomy.csv",
)

APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service",
              "other_org", "total")
APPLICANT_HEADERS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
MONEY_CODES = ("active.fees.amount", "active.procurement.amount")
SIGNED_CODES = ("active.licensing.change", "active.other_services.change",
                "active.punishment.change", "active.coercion.change", "active.fees.change")


# ---------------------------------------------------------------------------- taxonomy
def taxonomy_path() -> Path:
    for p in _TAXONOMY_PATHS:
        if p.exists():
            return p
    raise FileNotFoundError("taxonomy.csv not found in " + ", ".join(map(str, _TAXONOMY_PATHS)))


_TAXONOMY: list[dict[str, str]] | None = None


def taxonomy() -> list[dict[str, str]]:
    global _TAXONOMY
    if _TAXONOMY is None:
        with open(taxonomy_path(), encoding="utf-8") as fh:
            _TAXONOMY = list(csv.DictReader(fh))
    return _TAXONOMY


def codes_for(template: str, section: str | None = None) -> list[dict[str, str]]:
    return [r for r in taxonomy()
            if template in r["templates"].split("|") and (section is None or r["section"] == section)]


# ---------------------------------------------------------------------------- choosers
class Chooser:
    """Source of random decisions; every method shrinks toward its first/zero outcome."""

    def int(self, lo: int, hi: int) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def choice(self, seq: Sequence[Any]) -> Any:
        return seq[self.int(0, len(seq) - 1)]

    def flag(self, p: float) -> bool:
        """True with probability ``p``; shrinks to False."""
        if p <= 0:
            return False
        return self.int(0, 999) >= 1000 - int(round(p * 1000))

    def weighted(self, options: Sequence[tuple[float, Any]]) -> Any:
        """Pick by weight; shrinks to the first option."""
        total = sum(w for w, _ in options)
        x = self.int(0, 999) * total / 1000
        for w, v in options:
            if x < w:
                return v
            x -= w
        return options[-1][1]


class RandomChooser(Chooser):
    def __init__(self, seed: int | random.Random = 0) -> None:
        self.rng = seed if isinstance(seed, random.Random) else random.Random(seed)

    def int(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)


class DrawChooser(Chooser):
    """Decisions drawn from a hypothesis ``st.data()`` object (shrinks well)."""

    def __init__(self, data: Any) -> None:
        from hypothesis import strategies as st
        self._st = st
        self.data = data

    def int(self, lo: int, hi: int) -> int:
        if lo == hi:
            return lo
        return self.data.draw(self._st.integers(lo, hi))


# ---------------------------------------------------------------------------- model
@dataclass
class Cell:
    """One origin cell of a table (positions spanned over are not cells).

    ``text`` is the cell as printed ("" = blank).  Value cells carry their taxonomy
    ``code``, ``applicant`` (requests only) and the numeric truth ``value``.
    """

    text: str
    role: str  # "title" | "header" | "label" | "value"
    colspan: int = 1
    rowspan: int = 1
    code: str | None = None
    applicant: str | None = None
    value: int | float | None = None

    @property
    def blank(self) -> bool:
        return self.role == "value" and self.text.strip() == ""


@dataclass
class Table:
    section: str  # active | requests | appeals
    ncols: int
    rows: list[list[Cell]]

    def _layout(self) -> tuple[list[list[Cell | None]], list[list[str]]]:
        n = len(self.rows)
        grid: list[list[Cell | None]] = [[None] * self.ncols for _ in range(n)]
        kinds = [[""] * self.ncols for _ in range(n)]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while c < self.ncols and kinds[r][c]:
                    c += 1
                assert c < self.ncols, f"row {r} overflows the {self.ncols}-column grid"
                grid[r][c] = cell
                kinds[r][c] = "origin"
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if dr or dc:
                            kinds[r + dr][c + dc] = "row" if dr else "col"
                c += cell.colspan
        return grid, kinds

    def dense(self) -> list[list[Cell | None]]:
        """Grid positions: the origin cell at its top-left position, ``None`` where covered."""
        return self._layout()[0]

    def covered_kind(self) -> list[list[str]]:
        """Per grid position: 'origin', 'row' (covered from above) or 'col' (covered from the left)."""
        return self._layout()[1]

    def value_rows(self) -> list[list[Cell]]:
        return [[c for c in row if c.role == "value"] for row in self.rows
                if any(c.role == "value" for c in row)]


@dataclass
class Report:
    template: str
    year: int
    agency: str
    title: str
    intro: str
    prose: dict[int, str]
    tables: dict[str, Table]
    facts: dict[str, Any]
    publisher: str = ""  # a parent body named in page chrome (NOT the reporting agency)
    extra: dict[str, Any] = field(default_factory=dict)

    def expected_cells(self) -> dict[tuple[str, str | None], float]:
        out: dict[tuple[str, str | None], float] = {}
        for code, v in self.facts.items():
            if isinstance(v, list):
                for at, x in zip(APPLICANTS, v):
                    out[(code, at)] = x
            else:
                out[(code, None)] = v
        return out


# ---------------------------------------------------------------------------- values
def _small(ch: Chooser, zero_bias: float = 0.6) -> int:
    """Mostly zero, often small, sometimes large (shrinks to 0)."""
    kind = ch.weighted([(zero_bias, 0), (0.25, 1), (0.1, 2), (0.05, 3)])
    if kind == 0:
        return 0
    if kind == 1:
        return ch.int(1, 9)
    if kind == 2:
        return ch.int(10, 99)
    return ch.int(100, 3000)


FULLWIDTH = str.maketrans("0123456789.,-+", "０１２３４５６７８９．，－＋")


@dataclass
class PrintStyle:
    """How a report prints its numbers (chosen once per report, some per cell)."""

    zeros: str  # "0" | "blank" | "mixed" | "dash" | "mixed-marks"
    thousands: bool
    fullwidth: float
    spaces: float


def _print_zero(ch: Chooser, ps: PrintStyle) -> str:
    if ps.zeros == "0":
        return "0"
    if ps.zeros == "blank":
        return ""
    if ps.zeros == "mixed":
        return ch.choice(["0", ""])
    if ps.zeros == "dash":
        return ch.choice(["-", "—", "0"])
    return ch.choice(["0", "", "-", "—", "/", "无"])


def _decorate(ch: Chooser, ps: PrintStyle, text: str) -> str:
    if ps.fullwidth and any(ch_.isdigit() for ch_ in text) and ch.flag(ps.fullwidth):
        text = text.translate(FULLWIDTH)
    if ps.spaces and ch.flag(ps.spaces):
        text = ch.choice([" " + text, text + " ", "  " + text])
    return text


def print_count(ch: Chooser, ps: PrintStyle, v: int, signed: bool = False) -> str:
    if v == 0:
        t = _print_zero(ch, ps)
        return _decorate(ch, ps, t) if t else t
    if ps.thousands and abs(v) >= 1000:
        t = f"{v:,}"
    else:
        t = str(v)
    if signed and v > 0 and ch.flag(0.5):
        t = "+" + t
    return _decorate(ch, ps, t)


def make_amount(ch: Chooser, ps: PrintStyle, unit_choices: Sequence[str]) -> tuple[float, str]:
    """A decimal amount and its printed text (unit suffix possibly attached)."""
    if ch.flag(0.6):
        v_int, decimals = 0, ch.choice([0, 0, 2])
    else:
        v_int = ch.choice([ch.int(0, 9), ch.int(10, 999), ch.int(1000, 3_000_000)])
        decimals = ch.choice([0, 1, 2, 2, 4, 6])
    frac = ch.int(0, 10 ** decimals - 1) if decimals else 0
    text = f"{v_int}.{frac:0{decimals}d}" if decimals else str(v_int)
    value = float(text)
    if value == 0 and ps.zeros != "0" and ch.flag(0.3):
        return 0.0, _print_zero(ch, ps)
    unit = ch.choice(list(unit_choices))
    return value, _decorate(ch, ps, text) + unit


# ---------------------------------------------------------------------------- layout
ACTIVE_LAYOUT = {
    "2021": [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
         [("规章", ["active.regulations.issued", "active.regulations.repealed", "active.regulations.in_force"]),
          ("行政规范性文件", ["active.normative_documents.issued", "active.normative_documents.repealed",
                       "active.normative_documents.in_force"])]),
        ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", ["active.licensing.decisions"])]),
        ("第二十条第（六）项", ["本年处理决定数量"],
         [("行政处罚", ["active.punishment.decisions"]), ("行政强制", ["active.coercion.decisions"])]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["active.fees.amount"])]),
    ],
    "2019": [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
         [("规章", ["active.regulations.made", "active.regulations.published", "active.regulations.total_public"]),
          ("规范性文件", ["active.normative_documents.made", "active.normative_documents.published",
                     "active.normative_documents.total_public"])]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
         [("行政许可", ["active.licensing.prev_items", "active.licensing.change", "active.licensing.decisions"]),
          ("其他对外管理服务事项", ["active.other_services.prev_items", "active.other_services.change",
                          "active.other_services.decisions"])]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
         [("行政处罚", ["active.punishment.prev_items", "active.punishment.change", "active.punishment.decisions"]),
          ("行政强制", ["active.coercion.prev_items", "active.coercion.change", "active.coercion.decisions"])]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"],
         [("行政事业性收费", ["active.fees.prev_items", "active.fees.change"])]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"],
         [("政府集中采购", ["active.procurement.items", "active.procurement.amount"])]),
    ],
}

APPEALS_GROUPS = ("appeals.review", "appeals.litigation_direct", "appeals.litigation_after_review")
APPEALS_OUTCOMES = ("upheld", "corrected", "other", "pending", "total")
APPEALS_HEADERS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

REQUESTS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def request_rows(template: str) -> list[tuple[str, list[str]]]:
    """[(code, label path)] of the requests table in printed order (from taxonomy.csv)."""
    return [(r["code"], r["label_zh"].split("/")) for r in codes_for(template, "requests")]


# ---------------------------------------------------------------------------- names and prose
_PLACES = ["中宁县", "兴化市大营镇", "温州市", "舟山市", "桐梓县夜郎镇", "蠡县", "徐闻县", "长春市",
           "荷塘区桂花街道", "遂溪县北坡镇", "冷水滩区", "海珠区官洲街道", "陆丰市河东镇", "武汉市"]
_OFFICES = ["工业和信息化局", "自然资源和规划局", "民政局", "司法局", "交通运输局", "统计局",
            "退役军人事务局", "政务服务中心", "人民政府办公室", "住房和城乡建设局", "市场监督管理局"]
_TOWN_OFFICES = ["人民政府", "办事处"]
_PUBLISHERS = ["人民政府办公室", "人民政府", "政务公开办公室"]

_PROSE_1 = [
    "{y}年，{a}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，持续深入推进政务公开工作。",
    "（一）主动公开情况。全年通过门户网站发布工作动态、通知公告等各类信息{n1}条，通过微信公众号发布信息{n2}条。",
    "（二）依申请公开情况。严格做好政府信息公开申请答复工作，确保答复及时、准确。",
    "（三）政府信息管理情况。认真落实信息发布审核制度，严格落实“三审三校”制度。",
    "（四）平台建设情况。加强政府网站和政务新媒体建设，及时更新栏目内容。",
    "（五）监督保障情况。将政务公开工作纳入年度考核，组织工作人员参加业务培训{n3}次。",
]
_PROSE_5 = [
    "{y}年我单位政务公开工作虽然取得了一定成效，但仍存在一些不足：一是公开内容不够丰富；二是政策解读形式较为单一。",
    "下一步，我们将进一步加大主动公开力度，丰富公开形式，提升政府信息公开质量。",
]
_PROSE_6 = [
    "（一）政务公开工作要点落实情况。对照工作要点逐项落实，形成工作台账。",
    "（二）收取信息处理费情况。{y}年度本单位没有收取政府信息公开信息处理费。",
]


def _agency(ch: Chooser) -> str:
    place = ch.choice(_PLACES)
    if place.endswith(("镇", "街道")):
        return place + ch.choice(_TOWN_OFFICES)
    return place + ch.choice(_OFFICES)


# ---------------------------------------------------------------------------- generation
def _print_style(ch: Chooser) -> PrintStyle:
    return PrintStyle(
        zeros=ch.weighted([(0.45, "0"), (0.2, "mixed"), (0.15, "blank"), (0.1, "dash"), (0.1, "mixed-marks")]),
        thousands=ch.flag(0.5),
        fullwidth=ch.choice([0.0, 0.0, 0.0, 0.1, 1.0]),
        spaces=ch.choice([0.0, 0.0, 0.2]),
    )


def _active(ch: Chooser, template: str, ps: PrintStyle, facts: dict[str, Any]) -> Table:
    rows: list[list[Cell]] = []
    ncols = 4
    for title, headers, body in ACTIVE_LAYOUT[template]:
        rows.append([Cell(title, "title", colspan=ncols)])
        hdr = [Cell("信息内容", "header")]
        for i, h in enumerate(headers):
            span = ncols - len(headers) if i == len(headers) - 1 else 1
            hdr.append(Cell(h, "header", colspan=span))
        rows.append(hdr)
        for label, codes in body:
            row = [Cell(label, "label")]
            for i, code in enumerate(codes):
                span = ncols - len(codes) if i == len(codes) - 1 else 1
                if code == "active.fees.amount":
                    v, t = make_amount(ch, ps, [""])
                elif code == "active.procurement.amount":
                    v, t = make_amount(ch, ps, ["", "", "元", "万元"])
                elif code in SIGNED_CODES:
                    v = ch.weighted([(0.7, 0), (0.3, 1)]) and ch.int(-5, 5)
                    t = print_count(ch, ps, v, signed=True)
                else:
                    v = _small(ch)
                    t = print_count(ch, ps, v)
                facts[code] = v
                row.append(Cell(t, "value", colspan=span, code=code, value=v))
            rows.append(row)
    return Table("active", ncols, rows)


def _requests(ch: Chooser, template: str, ps: PrintStyle, facts: dict[str, Any]) -> Table:
    layout = request_rows(template)
    codes = [c for c, _ in layout]
    result_codes = [c for c, p in layout if p[0].startswith("三、") and c != "requests.total"]
    busy = ch.weighted([(0.35, 0.0), (0.45, 0.3), (0.2, 0.7)])  # share of non-zero result cells
    vals: dict[str, list[int]] = {c: [0] * 7 for c in codes}
    for j in range(6):
        active_col = j == 0 or ch.flag(0.3)
        for c in result_codes:
            if active_col and busy and ch.flag(busy):
                vals[c][j] = max(1, _small(ch, zero_bias=0.0) if ch.flag(0.15) else ch.int(1, 9))
        total = sum(vals[c][j] for c in result_codes)
        vals["requests.total"][j] = total
        cf = ch.int(1, 5) if active_col and busy and ch.flag(0.2) else 0
        vals["requests.carried_forward"][j] = cf
        co = ch.int(0, total + cf) if total + cf and ch.flag(0.3) else 0
        vals["requests.carried_over"][j] = co
        vals["requests.new"][j] = total + cf - co
    for c in codes:
        vals[c][6] = sum(vals[c][:6])
        facts[c] = list(vals[c])

    ncols = 10
    rows: list[list[Cell]] = [
        [Cell(REQUESTS_NOTE, "header", colspan=3, rowspan=3), Cell("申请人情况", "header", colspan=7)],
        [Cell("自然人", "header", rowspan=2), Cell("法人或其他组织", "header", colspan=5),
         Cell("总计", "header", rowspan=2)],
        [Cell(h, "header") for h in APPLICANT_HEADERS[1:6]],
    ]
    n_results = sum(1 for _, p in layout if p[0].startswith("三、"))
    seen_groups: set[str] = set()
    # how many rows each (三, sub) group spans
    sub_span: dict[str, int] = {}
    for _, p in layout:
        if len(p) == 3:
            sub_span[p[1]] = sub_span.get(p[1], 0) + 1
    blank_total_ok = ch.flag(0.0)  # reserved: consistent tables always print their totals
    del blank_total_ok
    for code, path in layout:
        row: list[Cell] = []
        if len(path) == 1:
            row.append(Cell(path[0], "label", colspan=3))
        else:
            if path[0] not in seen_groups:
                seen_groups.add(path[0])
                row.append(Cell(path[0], "label", rowspan=n_results))
            if len(path) == 2:
                row.append(Cell(path[1], "label", colspan=2))
            else:
                if path[1] not in seen_groups:
                    seen_groups.add(path[1])
                    row.append(Cell(path[1], "label", rowspan=sub_span[path[1]]))
                row.append(Cell(path[2], "label"))
        for j, at in enumerate(APPLICANTS):
            v = vals[code][j]
            row.append(Cell(print_count(ch, ps, v), "value", code=code, applicant=at, value=v))
        rows.append(row)
    return Table("requests", ncols, rows)


def _appeals(ch: Chooser, ps: PrintStyle, facts: dict[str, Any]) -> Table:
    busy = ch.flag(0.35)
    values: list[Cell] = []
    for g in APPEALS_GROUPS:
        parts = [(_small(ch, zero_bias=0.6) if ch.flag(0.6) else ch.int(1, 4)) if busy and ch.flag(0.5) else 0
                 for _ in range(4)]
        for o, v in zip(APPEALS_OUTCOMES, parts + [sum(parts)]):
            code = f"{g}.{o}"
            facts[code] = v
            values.append(Cell(print_count(ch, ps, v), "value", code=code, value=v))
    rows = [
        [Cell("行政复议", "header", colspan=5), Cell("行政诉讼", "header", colspan=10)],
        [Cell(h, "header", rowspan=2) for h in APPEALS_HEADERS]
        + [Cell("未经复议直接起诉", "header", colspan=5), Cell("复议后起诉", "header", colspan=5)],
        [Cell(h, "header") for h in APPEALS_HEADERS] * 2,
        values,
    ]
    return Table("appeals", 15, rows)


def generate_report(ch: Chooser, template: str | None = None) -> Report:
    template = template or ch.choice(["2021", "2019"])
    year = ch.int(2021, 2024) if template == "2021" else ch.choice([2019, 2020, 2021, 2022, 2023])
    agency = _agency(ch)
    ps = _print_style(ch)
    facts: dict[str, Any] = {}
    tables = {"active": _active(ch, template, ps, facts),
              "requests": _requests(ch, template, ps, facts),
              "appeals": _appeals(ch, ps, facts)}
    n1, n2, n3 = ch.int(0, 400), ch.int(0, 400), ch.int(1, 6)
    fill = dict(y=year, a=agency, n1=n1, n2=n2, n3=n3)
    title = f"{agency}{year}年{ch.choice(['', '度'])}政府信息公开工作年度报告"
    intro = (f"根据《中华人民共和国政府信息公开条例》规定，现公布{agency}{year}年政府信息公开工作年度报告。"
             f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    prose = {1: "\n".join(s.format(**fill) for s in _PROSE_1[: 1 + ch.int(0, len(_PROSE_1) - 1)]),
             5: "\n".join(s.format(**fill) for s in _PROSE_5),
             6: "\n".join(s.format(**fill) for s in _PROSE_6[: 1 + ch.int(0, 1)])}
    publisher = next(p for p in _PLACES if agency.startswith(p))[:3] + ch.choice(_PUBLISHERS)
    rep = Report(template=template, year=year, agency=agency, title=title, intro=intro, prose=prose,
                 tables=tables, facts=facts, publisher=publisher, extra={"print": ps})
    check_identities(rep)
    return rep


# ---------------------------------------------------------------------------- identities
def check_identities(rep: Report) -> None:
    """Assert the table identities hold for the generated ground truth."""
    f = rep.facts
    layout = request_rows(rep.template)
    results = [c for c, p in layout if p[0].startswith("三、") and c != "requests.total"]
    for code, _ in layout:
        row = f[code]
        assert len(row) == 7 and row[6] == sum(row[:6]), (code, row)
    for j in range(7):
        assert f["requests.total"][j] == sum(f[c][j] for c in results), j
        assert f["requests.new"][j] + f["requests.carried_over"][j] == \
            f["requests.total"][j] + f["requests.carried_forward"][j], j
    for g in APPEALS_GROUPS:
        assert sum(f[f"{g}.{o}"] for o in APPEALS_OUTCOMES[:4]) == f[f"{g}.total"], g
    want = {r["code"] for r in codes_for(rep.template)}
    assert set(f) == want, set(f) ^ want
    # every value cell agrees with the facts and its printed text
    for t in rep.tables.values():
        for row in t.rows:
            for c in row:
                if c.role == "value":
                    truth = f[c.code] if c.applicant is None else f[c.code][APPLICANTS.index(c.applicant)]
                    assert c.value == truth, (c, truth)
                    assert (c.value == 0) or c.text.strip(), c
