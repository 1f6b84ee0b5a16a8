"""Panel, cross-year checks and value kinds on reports of the same agency in two years.

The pairs are made from the seed corpus text by changing its year and numbers (and, for a
second agency, its name), then run through ``extract`` like any download folder.
"""
from __future__ import annotations

import json
import pathlib
import re

import pandas as pd
import pytest

from pipeline.agencies.panel import choose
from pipeline.extract.runner import run_extract
from pipeline.value_kinds import value_kind

SEED = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed-zhongning-gxj-2023.txt"
ROW_NEW = "一、本年新收政府信息公开申请数量"
ROW_TOTAL = "(七) 总计"
ROW_FORWARD = "四、结转下年度继续办理"


def _set_row(text: str, label: str, values: list[int]) -> str:
    """Replace the seven numbers of one table-三 row (tab-separated, as in the seed)."""
    pattern = re.compile(rf"^({re.escape(label)}\t+)[^\n]*$", re.M)
    assert pattern.search(text), label
    return pattern.sub(lambda m: m.group(1) + "\t".join(map(str, values)) + "\t", text, count=1)


def _make_inputs(root: pathlib.Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    # agency A (中宁县工业和信息化局): 2022 leaves one request for 2023, but 2023 says none was carried over
    a2022 = seed.replace("2023", "2022").replace("2024", "2023")
    a2022 = _set_row(a2022, ROW_NEW, [2, 0, 0, 0, 0, 0, 2])
    a2022 = _set_row(a2022, ROW_FORWARD, [1, 0, 0, 0, 0, 0, 1])
    (root / "a-2022.txt").write_text(a2022, encoding="utf-8")
    (root / "a-2023.txt").write_text(seed, encoding="utf-8")
    # a re-post of A's 2023 report: other bytes, same agency and year
    (root / "a-2023-repost.txt").write_text(seed + "\n（重新发布）\n", encoding="utf-8")
    # agency B (中宁县教育局): 2023 copies every table of 2022 unchanged
    b = re.sub(r"^行政处罚\t+0", "行政处罚\t5", seed.replace("工业和信息化局", "教育局"), count=1, flags=re.M)
    assert "行政处罚\t5" in b
    (root / "b-2022.txt").write_text(b.replace("2023", "2022"), encoding="utf-8")
    (root / "b-2023.txt").write_text(b, encoding="utf-8")
    # agency C, a street office that does not name its district: the sidecars say it
    c = (SEED.parent / "c-20-haizhu-guanzhou.txt").read_text(encoding="utf-8")
    (root / "c-2023.txt").write_text(c, encoding="utf-8")
    (root / "c-2023.txt.meta.json").write_text(json.dumps({"region": "440105"}), encoding="utf-8")
    (root / "c-2022.txt").write_text(c.replace("2023", "2022"), encoding="utf-8")
    (root / "c-2022.txt.meta.json").write_text(json.dumps({"agency": "广州市海珠区官洲街道", "year": 2022}),
                                               encoding="utf-8")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("pairs")
    inp, out = root / "in", root / "out"
    inp.mkdir()
    _make_inputs(inp)
    run_extract([inp], out, jobs=1, timeout=120, max_memory_mb=1024)
    return out


def test_panel_one_row_per_agency_and_year(out: pathlib.Path) -> None:
    panel = pd.read_parquet(out / "panel.parquet")
    reports = pd.read_parquet(out / "reports.parquet").set_index("source_path")
    assert list(zip(panel.agency_id, panel.year)) == [
        ("440105:官洲街道", 2022), ("440105:官洲街道", 2023),
        ("640521:工业和信息化局", 2022), ("640521:工业和信息化局", 2023), ("640521:教育局", 2022), ("640521:教育局", 2023)]
    a22 = panel[(panel.agency_id == "640521:工业和信息化局") & (panel.year == 2022)].iloc[0]
    assert (a22.requests_new, a22.requests_carried_forward, a22.requests_total) == (2, 1, 1)
    assert a22.report_id == reports.loc["a-2022.txt", "report_id"]
    a23 = panel[(panel.agency_id == "640521:工业和信息化局") & (panel.year == 2023)].iloc[0]
    # two reports for 2023: with no publication dates the order is the source path's
    assert a23.report_id == reports.loc["a-2023.txt", "report_id"]
    assert list(a23.other_report_ids) == [reports.loc["a-2023-repost.txt", "report_id"]]
    assert a23.adcode == "640521" and a23.agency == "中卫市中宁县工业和信息化局"


def test_agencies_table(out: pathlib.Path) -> None:
    agencies = pd.read_parquet(out / "agencies.parquet").set_index("agency_id")
    a = agencies.loc["640521:工业和信息化局"]
    assert (a["name"], a.province, a.city, a.county, a.level, a.type) == (
        "中卫市中宁县工业和信息化局", "宁夏回族自治区", "中卫市", "中宁县", "county", "department")
    assert list(a.years) == [2022, 2023] and a.n_reports == 3
    assert list(a.names_printed) == ["中宁县工业和信息化局"]
    assert agencies.loc["640521:教育局", "function"] == "education"
    c = agencies.loc["440105:官洲街道"]  # one agency, printed two ways, its district from the sidecars
    assert list(c.names_printed) == ["官洲街道办事处", "广州市海珠区官洲街道"] and list(c.years) == [2022, 2023]
    assert (c.county, c.level, c.function) == ("海珠区", "township", "subdistrict")


def test_carried_over_against_last_years_carried_forward(out: pathlib.Path) -> None:
    checks = pd.read_parquet(out / "checks.parquet")
    reports = pd.read_parquet(out / "reports.parquet").set_index("source_path")
    c = checks[checks.check == "requests.carried_over_vs_last_year"]
    a = c[c.report_id == reports.loc["a-2023.txt", "report_id"]].set_index("scope")
    total = a.loc[f"total; 2022: {reports.loc['a-2022.txt', 'report_id']}"]
    assert (total.expected, total.actual, bool(total.passed)) == (1.0, 0.0, False)
    b = c[c.report_id == reports.loc["b-2023.txt", "report_id"]]
    assert len(b) == 7 and b.passed.all()


def test_copied_tables_are_flagged(out: pathlib.Path) -> None:
    checks = pd.read_parquet(out / "checks.parquet")
    reports = pd.read_parquet(out / "reports.parquet").set_index("source_path")
    c = checks[checks.check == "tables.copied_from_last_year"]
    b = c[c.report_id == reports.loc["b-2023.txt", "report_id"]]
    flagged = {s.split(";")[0]: bool(p) for s, p in zip(b.scope, b.passed)}
    assert flagged == {"active": False, "requests": False, "appeals": True}  # appeals: all zero both years
    b22 = pd.read_parquet(out / "panel.parquet").query("agency_id == '640521:教育局' and year == 2022").iloc[0]
    assert b22.active_punishment_decisions == 5
    a = c[c.report_id == reports.loc["a-2023.txt", "report_id"]]
    assert bool(a[a.scope.str.startswith("requests")].passed.iloc[0])  # A's table 三 changed


def test_facts_carry_agency_id_adcode_and_value_kind(out: pathlib.Path) -> None:
    facts = pd.read_parquet(out / "facts")
    assert set(facts.agency_id) == {"640521:工业和信息化局", "640521:教育局", "440105:官洲街道"}
    assert set(facts.adcode) == {"640521", "440105"}
    assert set(facts.value_kind) <= {"number", "blank", "dash", "slash", "none_word", "text", "mixed"}
    assert (facts.value_kind == "number").all() or (facts[facts.value_kind != "number"]["count"].fillna(0) == 0).all()


def test_rerun_gives_identical_files(out: pathlib.Path, tmp_path: pathlib.Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    _make_inputs(inp)
    run_extract([inp], tmp_path / "out", jobs=2, timeout=120, max_memory_mb=1024, force=True)
    for name in ("agencies.parquet", "panel.parquet", "checks.parquet"):
        assert (tmp_path / "out" / name).read_bytes() == (out / name).read_bytes(), name


def test_newest_publication_wins() -> None:
    base = {"agency_id": "640521:教育局", "year": 2023, "status": "ok"}
    reports = [dict(base, report_id="r1", source_path="z.txt", published="2024-01-10"),
               dict(base, report_id="r2", source_path="a.txt", published="2024-02-01"),
               dict(base, report_id="r3", source_path="m.txt", published=None, status="failed")]
    (picked, others), = choose(reports).values()
    assert picked["report_id"] == "r2" and others == ["r1"]


@pytest.mark.parametrize("raw, kind", [("0", "number"), ("12", "number"), ("1,234", "number"), ("１２", "number"),
                                       ("2792220.8元", "number"), ("", "blank"), ("  ", "blank"), ("-", "dash"),
                                       ("—", "dash"), ("/", "slash"), ("／", "slash"), ("无", "none_word"),
                                       ("無", "none_word"), ("见附件", "text")])
def test_value_kind(raw: str, kind: str) -> None:
    assert value_kind(raw) == kind


def test_value_kinds_from_a_real_report() -> None:
    from pipeline.process import process_document
    data = (SEED.parent / "b-21-qu-tjj-ip.txt").read_bytes()  # 规章 cells are "/", section 三 cells empty
    facts = process_document(data, source_path="b.txt").facts
    kinds = {(f["category"], f["applicant_type"]): f["value_kind"] for f in facts}
    assert kinds[("active.regulations.issued", None)] == "slash"
    assert kinds[("active.normative_documents.issued", None)] == "number"
    assert kinds[("requests.new", "natural_person")] == "blank"
    assert all(f["count"] == 0 for f in facts if f["value_kind"] in ("slash", "blank"))


def test_stocks_alone_do_not_make_a_table_copied() -> None:
    from pipeline.agencies.crossyear import cross_year_checks
    chosen = {("x:局", 2022): ({"report_id": "r22"}, []), ("x:局", 2023): ({"report_id": "r23"}, [])}
    stocks = {("active.normative_documents.in_force", None): 3.0, ("active.punishment.decisions", None): 0.0}
    flows = {("active.normative_documents.in_force", None): 3.0, ("active.punishment.decisions", None): 4.0}
    section = {k: "active" for k in stocks}
    for cells, passed in ((stocks, True), (flows, False)):
        rows = cross_year_checks(chosen, {"r22": cells, "r23": dict(cells)}, {"r22": section, "r23": section})
        (row,) = [r for r in rows if r["check"] == "tables.copied_from_last_year"]
        assert (row["passed"], row["expected"], row["actual"]) == (passed, 2.0, 2.0)


@pytest.mark.parametrize("text, stated", [
    ("本年度，共受理政府信息公开申请2件。", 2.0),
    ("2023年收到1份政府信息公开申请。", 1.0),
    ("共受理政府信息公开申请3件（含上年结转1件）。", None),  # new + carried over: not the new count
    ("12345热线共受理2720件。", None),  # not an information request
])
def test_prose_request_counts(text: str, stated: float | None) -> None:
    from pipeline.agencies import prose_checks
    rows = prose_checks([{"text": text}], {("requests.new", "total"): 2.0})
    assert [r["expected"] for r in rows] == ([stated] if stated is not None else [])
    assert all(r["passed"] == (r["expected"] == 2.0) for r in rows)


def test_prose_mismatch_in_a_real_report() -> None:
    from pipeline.process import process_document
    data = (SEED.parent / "b-20-changchun-tyjrswj.txt").read_bytes()  # prose 2, table 3
    checks = [c for c in process_document(data, source_path="b.txt").checks if c["check"] == "prose.requests_new"]
    assert [(c["expected"], c["actual"], c["passed"]) for c in checks] == [(2.0, 3.0, False)]


def test_a_failing_post_pass_leaves_the_main_outputs(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.extract.runner as runner

    def broken(dest: pathlib.Path) -> None:
        raise ValueError("simulated bug")

    monkeypatch.setattr(runner, "write_panel_outputs", broken)
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_bytes(SEED.read_bytes())
    summary = run_extract([inp], tmp_path / "out", jobs=1, timeout=120, max_memory_mb=1024)
    assert len(pd.read_parquet(tmp_path / "out" / "reports.parquet")) == 1
    assert len(pd.read_parquet(tmp_path / "out" / "panel.parquet")) == 0
    assert list(pd.read_parquet(tmp_path / "out" / "agencies.parquet").columns)[:2] == ["agency_id", "name"]
    assert any("simulated bug" in w for w in summary.warnings)


def test_readme_panel_examples_run(out: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    readme = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Agencies, regions and the panel across years"):]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)[:2]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "parquet").symlink_to(out)
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "广东省" in printed  # the street office's province, from the pandas example
    assert "宁夏回族自治区" in printed  # the departments' province, from the DuckDB example
