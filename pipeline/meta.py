"""Agency, reporting year and title, read from the report's own words.

Order of trust: a sidecar ``<file>.meta.json`` (the scraper knows the page), then the
report's naming of itself (title line, "现将X 2023年度政府信息公开工作年度报告…"), then the
statistics period (统计期限), then the opening prose, then site metadata fields.
"""
from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

import regex

from parsers.templates import _read

from .simplified import SimplifiedLines
from .years import RANGE_TEXT, plausible

_YEAR = r"((?:19|20)\d{2})"
_REPORT_WORDS = r"(?:政府信息公开|政务公开|政府信息公开工作|政务信息公开|信息公开)(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*(?:报告|年报)"
# What follows the leading agency run of the first and third name patterns: a pattern can
# match only where its tail does, and the tail is found without trying the agency run's
# 0-40 characters at every offset of a long prose line (the second starts with the year
# itself, which its own search finds as fast)
_TAIL_AFTER_AGENCY = r"(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:的)?" + _REPORT_WORDS
_TAIL_IN_BRACKETS = _REPORT_WORDS + r"\s*[（(]\s*(?P<year>(?:19|20)\d{2})\s*年?度?\s*[)）]"
# "<agency> 2023年(度)政府信息公开工作年度报告" and "2023年度<agency>政府信息公开工作年度报告"
_REPORT_NAMES = (
    regex.compile(r"(?P<agency>[\p{Han}（）()·\s]{0,40}?)\s*" + _TAIL_AFTER_AGENCY),
    regex.compile(r"(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<agency>[\p{Han}（）()·]{2,40}?)\s*(?:的)?" + _REPORT_WORDS),
    regex.compile(r"(?P<agency>[\p{Han}·\s]{2,40}?)\s*" + _TAIL_IN_BRACKETS),
)
_REPORT_NAME_TAILS = (regex.compile(_TAIL_AFTER_AGENCY), None, regex.compile(_TAIL_IN_BRACKETS))
_A_YEAR = regex.compile(_YEAR)  # every report name holds one: lines without it are not searched
_PERIOD = regex.compile(r"(?:统计期限|统计时限|统计期间|统计时间|数据统计|统计的)[^。]{0,30}?" + _YEAR + r"\s*年\s*1\s*月\s*1\s*日")
_PERIOD2 = regex.compile(_YEAR + r"\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|－)\s*" + _YEAR + r"\s*年\s*12\s*月\s*31\s*日")
_AS_OF = regex.compile(r"截[止至]\s*" + _YEAR + r"\s*年\s*12\s*月\s*31\s*日")
_ANY_YEAR = regex.compile(_YEAR + r"\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:发布|印发))")
_LEAD_WORDS = regex.compile(r"^(?:现将|现公布|现发布|特发布|现向社会公布|根据.*?规定，?|发布|关于|印发)+")
_WRAP_TAIL_MAX = 12  # a title wrapped onto a short next line ("…工作年度报" / "告")
_QUOTED = regex.compile(r"《[^》]*》?")
_CUT = regex.compile(r"^.*(?:《|》|，|,|。|：|:)")
_DATED = regex.compile(r"发布(?:日期|时间)|发文日期|索\s*引\s*号|\d{4}-\d{2}-\d{2}")
# a line that is nothing but a date (年 and 月, perhaps 日) is the report's signing or publication
# date, printed or written by hand under the seal: it falls after the year reported on (a 2023
# report is signed in January 2024), so it is no evidence of that year
_DATE_LINE = regex.compile(r"^\s*" + _YEAR + r"\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*$")


_META_LINES = 400  # the lines read for the title, the year and the agency


@dataclass
class Meta:
    agency: str | None
    year: int | None
    title: str | None
    problems: list[str] = field(default_factory=list)  # sentences for reports.error


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return tomllib.loads(_read("meta.toml"))


def extract_meta(lines: list[str], overrides: dict | None = None, simplified: SimplifiedLines | None = None) -> Meta:
    """Read agency/year/title from the text lines (Traditional script is read as Simplified).
    ``simplified``: the same lines converted so (shared with ``agencies.identify``)."""
    simp = (simplified if simplified is not None else SimplifiedLines(lines))[:_META_LINES]
    title, title_agency, title_year = _title(simp, lines)
    if title_agency is None:  # a heading drawn twice (fake bold) that the extractor printed twice
        title, title_agency, title_year = next(
            (t for t in [_title(*_undoubled(simp, lines))] if t[1]), (title, title_agency, title_year))
    year = _year(simp, title_year)
    agency = title_agency or _prose_agency(simp) or _field_agency(simp)
    problems = []
    if year is not None and not plausible(year):
        problems.append(f"the report gives the year {year}, which is not plausible ({RANGE_TEXT}); "
                        f"the year was left empty")
        year = None
    if agency and agency.startswith(tuple(_cfg()["agency_placeless_starts"])):
        agency = None  # "区统计局": the place is missing, so this is not a name to publish
    o = overrides or {}  # checked by the sidecar reader: only plausible values arrive here
    if o.get("agency"):
        agency = str(o["agency"])
    if plausible(o.get("year")):
        year = int(o["year"])
        problems = []
    if agency:
        agency = "".join(agency.split())
    return Meta(agency or None, year, title, problems)


def _title(simp: list[str], raw: list[str]) -> tuple[str | None, str | None, int | None]:
    """First line naming the report; an agency on the line above a bare title is joined."""
    nonempty = list(islice(((i, t) for i, s in enumerate(simp) if (t := s.strip())), 80))
    for k, (i, s) in enumerate(nonempty):
        hit = _name_in([i], s, raw)
        if hit is None and k + 1 < len(nonempty) and len(nonempty[k + 1][1]) <= _WRAP_TAIL_MAX:
            hit = _name_in([i, nonempty[k + 1][0]], s + nonempty[k + 1][1], raw)  # "…年度报" / "告"
        if hit is None:
            continue
        title, agency, year = hit
        if agency is None and k > 0 and len(nonempty[k - 1][1]) <= 40:
            joined = _name_in([nonempty[k - 1][0], i], nonempty[k - 1][1] + s, raw)
            if joined is not None and joined[1]:
                return joined
        if agency or title:
            return title, agency, year
    return None, None, None


_DOUBLED_OVERLAP = 4  # characters a doubled run and the next one share at least


def _undoubled(simp: list[str], raw: list[str]) -> tuple[list[str], list[str]]:
    """Lines with the runs an extractor printed twice merged back (fake-bold headings, each
    glyph drawn twice: pdftotext keeps the doubled run where the font changes, as
    "某局" / "某局2023年…报" / "2023年…报" / "告").  A line that the next one starts with,
    or that the line before already ends with (or holds), is a doubled run; a line whose start
    repeats the end of the line before (by ``_DOUBLED_OVERLAP`` characters or more) continues
    it.  Only tried where the lines as printed name no agency in a title."""
    out_s: list[str] = []
    out_r: list[str] = []
    for s, r in zip(simp[:_DOUBLED_LINES], raw[:_DOUBLED_LINES]):
        cur, nxt = ("".join(out_s[-1].split()) if out_s else ""), "".join(s.split())
        if not nxt:
            out_s.append(s)
            out_r.append(r)
            continue
        if cur and nxt.startswith(cur):
            out_s[-1], out_r[-1] = s, r
            continue
        if cur and nxt in cur:
            continue
        k = next((k for k in range(min(len(cur), len(nxt)) - 1, _DOUBLED_OVERLAP - 1, -1)
                  if cur[-k:] == nxt[:k]), 0) if cur else 0
        if k:
            rr = "".join(r.split())
            out_s[-1], out_r[-1] = cur + nxt[k:], "".join(out_r[-1].split()) + rr[k:]
            continue
        out_s.append(s)
        out_r.append(r)
    return out_s + simp[_DOUBLED_LINES:], out_r + raw[_DOUBLED_LINES:]


_DOUBLED_LINES = 12  # the title's lines at the top of the document


def _name_in(idx: list[int], cand: str, raw: list[str]) -> tuple[str | None, str | None, int] | None:
    if "公开" not in cand or ("报告" not in cand and "年报" not in cand):
        return None  # (the test below, before blanking quotes: what is not in the line is not in them)
    text = _QUOTED.sub(lambda m: " " * len(m.group(0)), cand.replace("|", " "))
    if "公开" not in text or ("报告" not in text and "年报" not in text):
        return None  # every name pattern holds _REPORT_WORDS: "…公开…报告" or "…公开…年报"
    if not _A_YEAR.search(text):
        return None  # ... and a year: without one, each pattern tried up to 40 characters at every offset
    printed = "".join(raw[i].strip() for i in idx)
    source = printed if len(printed) == len(cand) else cand  # Traditional kept when lengths agree
    found = None
    for pattern, tail in zip(_REPORT_NAMES, _REPORT_NAME_TAILS):
        if tail is not None and not tail.search(text):
            continue  # (the pattern's own search would find nothing either)
        m = pattern.search(text)
        if not m:
            continue
        a0, a1 = m.span("agency")
        skip = _agency_start(cand[a0:a1])
        agency = "".join(source[a0 + skip:a1].split()) or None if skip is not None else None
        title = printed if len(printed) <= 60 and m.start() <= 2 + len(m["agency"]) else None
        found = found or (title, agency, int(m["year"]))
        if agency:
            return title, agency, int(m["year"])
    return found


def _agency_start(text: str) -> int | None:
    """Offset where the agency name starts inside the matched prefix (None: no agency)."""
    t = text.rstrip()
    start = len(t) - len(t.lstrip())
    lead = _LEAD_WORDS.match(t[start:])
    if lead:
        start += lead.end()
    cut = _CUT.search(t[start:])
    if cut:
        start += cut.end()
    name = "".join(t[start:].split())
    if len(name) < 2 or name in _cfg()["agency_stopwords"]:
        return None
    return start


def _year(simp: list[str], title_year: int | None) -> int | None:
    text = "\n".join(simp)
    for pattern in (_PERIOD, _PERIOD2):
        m = pattern.search(text)
        if m:
            return int(m[1])
    if title_year:
        return title_year
    m = _AS_OF.search(text)
    if m:
        return int(m[1])
    body = [s for s in simp if not _DATED.search(s) and not _DATE_LINE.match(s)]
    years = [y for y in map(int, _ANY_YEAR.findall("\n".join(body))) if 2007 <= y <= 2035]
    if not years:
        return None
    counts = Counter(years)
    top = max(counts.values())
    return next(y for y in years if counts[y] == top)  # the most printed; of those, the first


@lru_cache(maxsize=1)
def _prose_pattern() -> "regex.Pattern[str]":
    cfg = _cfg()
    suffixes = "|".join(sorted(map(regex.escape, cfg["agency_suffixes"]), key=len, reverse=True))
    verbs = "|".join(map(regex.escape, cfg["agency_verbs"]))
    return regex.compile(rf"(?:^|[，,。；;：:、\s]|年度?|下)(\p{{Han}}{{2,24}}?(?:{suffixes}))(?={verbs})")


def _prose_agency(simp: list[str]) -> str | None:
    stop = set(_cfg()["agency_stopwords"])
    counts: Counter[str] = Counter()
    for s in simp[:200]:
        for m in _prose_pattern().finditer(s):
            name = m[1]
            if name in stop or name.startswith(("我", "本", "全", "各")) or len(name) < 4:
                continue
            counts[name] += 1
    return counts.most_common(1)[0][0] if counts else None


def _field_agency(simp: list[str]) -> str | None:
    fields = "|".join(map(regex.escape, _cfg()["agency_fields"]))
    pat = regex.compile(rf"(?:{fields})\s*[:：]\s*\|?\s*([\p{{Han}}（）()]{{2,30}})")
    for s in simp[:40]:
        m = pat.search(s)
        if m:
            return m[1]
    return None
