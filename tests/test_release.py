"""The release contract (issue 8): a validated Frictionless v2 package built from a real extract
output, its changelog against the previous release, byte-identical rebuilds, no overwrite."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from pipeline.release import dictionary
from pipeline.release.package import sha256_file
from tests.release_util import BASE, EPOCH, MORE, digest, frictionless_cli, make_output, release, run, tree


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """v1.0.0 from four corpus reports, v1.1.0 from those plus three more, in one folder."""
    tmp = tmp_path_factory.mktemp("release")
    small = make_output(tmp, BASE, "out-small")
    big = make_output(tmp, BASE + MORE, "out-big")
    dest = tmp / "releases"
    release(small, "1.0.0", dest)
    proc = release(big, "1.1.0", dest)
    return {"tmp": tmp, "small": small, "big": big, "dest": dest, "v1": dest / "zfxxgk-1.0.0",
            "v2": dest / "zfxxgk-1.1.0", "stderr": proc.stderr}


def _package(root: Path) -> dict:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def _section(md: str, title: str) -> str:
    m = re.search(rf"^## {re.escape(title)} \((\d+)\)\n(.*?)(?=^## |\Z)", md, re.S | re.M)
    assert m, f"no section {title!r} in\n{md}"
    return m.group(2)


def test_layout_and_cli_summary(built):
    names = {p.relative_to(built["v2"]).as_posix() for p in built["v2"].rglob("*") if p.is_file()}
    for table in ("facts", "reports", "checks", "sections", "report_panel"):
        assert {f"data/{table}.csv", f"data/{table}.parquet"} <= names
    assert {"datapackage.json", "README.md", "CHANGELOG.md", "SHA256SUMS", "CITATION.cff", "qa/index.html",
            "data/report_panel.dta"} <= names
    assert "changes against 1.0.0" in built["stderr"]
    assert not [p for p in built["dest"].iterdir() if ".tmp-" in p.name]


def test_frictionless_validate_cli_passes(built):
    proc = run([*frictionless_cli(), "validate", "datapackage.json"], cwd=built["v2"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "INVALID" not in proc.stdout and proc.stdout.count("VALID") >= 11


def test_descriptor_is_data_package_v2_with_complete_resources(built):
    pkg = _package(built["v2"])
    assert pkg["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for key in ("name", "title", "description", "version", "created", "licenses", "sources", "contributors"):
        assert pkg[key], key
    assert pkg["version"] == "1.1.0" and pkg["created"] == "2025-12-01T00:00:00Z"
    by_name = {r["name"]: r for r in pkg["resources"]}
    assert {"facts", "reports", "checks", "sections", "report_panel", "facts_parquet", "report_panel_dta"} <= set(by_name)
    for r in pkg["resources"]:
        for key in ("path", "format", "mediatype", "encoding", "bytes", "hash"):
            assert key in r, (r["name"], key)
        path = built["v2"] / r["path"]
        assert r["bytes"] == path.stat().st_size
        assert r["hash"] == f"sha256:{sha256_file(path)}"
        if r["format"] != "dta":
            assert r["schema"]["fields"], r["name"]
            for f in r["schema"]["fields"]:
                assert f["type"] in ("string", "integer", "number", "boolean", "array") and f["description"], f
    fields = {(t, f["name"]): f for t in by_name if by_name[t]["format"] == "csv"
              for f in by_name[t]["schema"]["fields"]}
    codes = [c.code for c in dictionary.taxonomy()]
    assert fields[("facts", "category")]["constraints"]["enum"] == codes
    assert "total" in fields[("facts", "applicant_type")]["constraints"]["enum"]
    assert fields[("facts", "section")]["constraints"]["enum"] == ["active", "requests", "appeals"]
    assert fields[("reports", "status")]["constraints"]["enum"] == ["ok", "partial", "not_a_report", "failed"]
    assert fields[("reports", "n_facts")]["constraints"]["minimum"] == 0
    assert fields[("report_panel", "requests_new")]["constraints"]["minimum"] == 0
    assert by_name["reports"]["schema"]["primaryKey"] == ["report_id"]
    for table in ("facts", "checks"):
        fk = by_name[table]["schema"]["foreignKeys"]
        assert fk == [{"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["report_id"]}}]


def test_changelog_lists_exactly_the_three_added_reports(built):
    md = (built["v2"] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Compared with 1.0.0." in md
    reports = pd.read_parquet(built["v2"] / "data" / "reports.parquet")
    new_ids = set(reports.loc[reports.source_path.isin(MORE), "report_id"])
    assert len(new_ids) == 3
    added = _section(md, "Reports added")
    listed = set(re.findall(r"^\| ([0-9a-f]{16}) \|", added, re.M))
    assert listed == new_ids
    for name in MORE:
        assert name in added
    assert "None." in _section(md, "Reports removed")
    assert "None." in _section(md, "Reports changed")
    assert "None." in _section(md, "Facts whose value changed")
    small = pd.read_parquet(built["v1"] / "data" / "reports.parquet")
    assert re.search(rf"^\| documents \| {len(small)} \| {len(reports)} \|$", md, re.M)
    for year in set(reports.year.dropna()):
        before, after = (small.year == year).sum(), (reports.year == year).sum()
        assert f"| documents of year {int(year)} | {before} | {after} |" in md


def test_first_release_says_so(built):
    md = (built["v1"] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "First release" in md


def test_rebuild_is_byte_identical(built, tmp_path):
    release(built["small"], "1.0.0", tmp_path / "again")
    assert digest(tmp_path / "again" / "zfxxgk-1.0.0") == digest(built["v1"])
    assert tree(tmp_path / "again" / "zfxxgk-1.0.0").keys() == tree(built["v1"]).keys()


def test_existing_version_is_never_overwritten(built):
    before = tree(built["dest"])
    proc = release(built["big"], "1.0.0", built["dest"], check=False)
    assert proc.returncode == 2 and "already exists" in proc.stderr and "Traceback" not in proc.stderr
    assert tree(built["dest"]) == before
    listing = sorted(p.name for p in built["dest"].iterdir())
    assert not [n for n in listing if ".tmp-" in n], listing


def test_sha256sums_check_and_citation(built):
    proc = run(["sha256sum", "-c", "SHA256SUMS"], cwd=built["v2"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    listed = {line.split("  ", 1)[1] for line in (built["v2"] / "SHA256SUMS").read_text().splitlines()}
    assert listed == set(tree(built["v2"])) - {"SHA256SUMS"}
    cff = yaml.safe_load((built["v2"] / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset" and cff["version"] == "1.1.0"
    assert cff["date-released"] == "2025-12-01" and cff["authors"] and cff["title"]


def _csv(root: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(root / "data" / f"{table}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _as_text(v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    if hasattr(v, "tolist") and not isinstance(v, str):
        return json.dumps(v.tolist(), ensure_ascii=False)
    return str(v)


def test_csv_and_parquet_copies_hold_the_same_rows(built):
    for table in ("facts", "reports", "checks", "sections", "report_panel"):
        csv = _csv(built["v2"], table)
        par = pq.read_table(built["v2"] / "data" / f"{table}.parquet").to_pylist()
        assert list(csv.columns) == list(par[0].keys()) if par else True
        assert len(csv) == len(par) > 0, table
        assert [list(r) for r in csv.itertuples(index=False)] == \
            [[_as_text(v) for v in row.values()] for row in par], table


def test_csv_byte_order_mark_is_read_by_pandas_and_duckdb(built):
    import duckdb

    path = built["v2"] / "data" / "reports.csv"
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    assert list(pd.read_csv(path).columns)[0] == "report_id"
    assert duckdb.sql(f"SELECT * FROM read_csv('{path}')").columns[0] == "report_id"


def test_stata_copy_holds_the_panel_rows_with_chinese_labels(built):
    path = built["v2"] / "data" / "report_panel.dta"
    assert path.read_bytes()[:len(b"<stata_dta><header><release>118")] == b"<stata_dta><header><release>118"
    with pd.io.stata.StataReader(path) as reader:
        dta = reader.read(convert_categoricals=False)
        var_labels = reader.variable_labels()
        value_labels = reader.value_labels()
    panel = pd.read_parquet(built["v2"] / "data" / "report_panel.parquet")
    assert list(dta.columns) == list(panel.columns) and len(dta) == len(panel) > 0
    assert list(dta.report_id) == list(panel.report_id)
    labels = value_labels["status"]  # the label set is named after the variable
    assert [labels[int(c)].split()[0] for c in dta.status] == list(panel.status)
    assert {v.split()[0] for v in labels.values()} == {"ok", "partial", "not_a_report", "failed"}
    for col in panel.columns:
        if col in ("report_id", "agency", "agency_id", "adcode", "template", "status"):
            continue  # text columns (agency, agency_id, adcode compared below)
        left = dta[col].astype("float64").tolist()
        right = panel[col].astype("float64").tolist()
        assert [None if pd.isna(x) else x for x in left] == [None if pd.isna(x) else x for x in right], col
    for col in ("agency", "agency_id", "adcode"):
        assert [a or None for a in dta[col]] == [None if pd.isna(a) else a for a in panel[col]], col
    assert var_labels["requests_new"] == "本年新收政府信息公开申请数量（总计）"
    assert var_labels["review_upheld"] == "行政复议：结果维持"


def test_panel_figures_equal_the_hand_checked_cells(built):
    """For reports read completely (ok), each key figure is the sum of the corpus's checked cells."""
    panel = pd.read_parquet(built["v2"] / "data" / "report_panel.parquet")
    reports = pd.read_parquet(built["v2"] / "data" / "reports.parquet")
    checked = 0
    for name in BASE + MORE:
        row = reports[reports.source_path == name].iloc[0]
        if row.status != "ok":
            continue
        case = json.loads((Path(__file__).resolve().parents[2] / "shared" / "corpus" /
                           name.replace(".txt", ".json")).read_text(encoding="utf-8"))
        got = panel[panel.report_id == row.report_id].iloc[0]
        for kf in dictionary.key_figures():
            cells = [v for code, v in case["facts"].items()
                     if any(re.fullmatch(p.replace(".", r"\.").replace("*", ".*"), code) for p in kf.codes)]
            if not cells:
                assert pd.isna(got[kf.name]), (name, kf.name)
                continue
            expected = sum(v[-1] if isinstance(v, list) else v for v in cells)
            assert got[kf.name] == expected, (name, kf.name)
            checked += 1
    assert checked > 30


def test_panel_leaves_a_sum_empty_when_a_cell_is_missing(built):
    panel = pd.read_parquet(built["v2"] / "data" / "report_panel.parquet")
    facts = pd.read_parquet(built["v2"] / "data" / "facts.parquet")
    partial = panel[panel.status == "partial"]
    assert len(partial)
    for _, row in partial.iterrows():
        mine = facts[(facts.report_id == row.report_id) & (facts.category.str.startswith("requests.denied."))
                     & (facts.applicant_type == "total")]
        if len(mine) < 8:
            assert pd.isna(row.requests_denied)
        else:
            assert row.requests_denied == mine["count"].sum()


def test_readme_documents_counts_loading_dictionary_and_limits(built):
    md = (built["v2"] / "README.md").read_text(encoding="utf-8")
    reports = pd.read_parquet(built["v2"] / "data" / "reports.parquet")
    assert f"| all | {(reports.status == 'ok').sum()} | {(reports.status == 'partial').sum()} |" in md
    for needle in ("read_parquet", "library(arrow)", "use data/report_panel.dta", "DuckDB", "Excel", "65001",
                   "## Known limits", "zfxxgk 0.1.0"):
        assert needle in md, needle
    for c in dictionary.taxonomy():
        assert f"| `{c.code}` | {c.label_zh} |" in md
    for f in pq.read_schema(built["v2"] / "data" / "facts.parquet").names:
        assert f"| `{f}` |" in md


def test_validation_catches_a_tampered_file_and_a_broken_descriptor(built, tmp_path):
    from pipeline.release.validate import problems

    copy = tmp_path / "copy"
    shutil.copytree(built["v2"], copy)
    assert problems(copy) == []
    with open(copy / "data" / "report_panel.dta", "ab") as fh:
        fh.write(b"x")
    found = problems(copy)
    assert any("report_panel_dta" in p and ("byte" in p or "hash" in p) for p in found), found
    pkg = _package(copy)
    pkg["resources"][0]["bytes"] = "many"
    (copy / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    assert any("bytes" in p for p in problems(copy))


def test_agency_panel_and_report_panel_share_figure_columns_and_values(built):
    """panel.parquet (extract, one row per agency-year) and report_panel (release, one row per report)
    are computed by pipeline.figures: the same columns, and the same numbers for the same report."""
    from pipeline.figures import figures

    names = [f.name for f in figures()]
    panel = pd.read_parquet(built["v2"] / "data" / "panel.parquet")
    per_report = pd.read_parquet(built["v2"] / "data" / "report_panel.parquet").set_index("report_id")
    assert [c for c in panel.columns if c in names] == names == [c for c in per_report.columns if c in names]
    assert len(panel) > 0
    compared = 0
    for _, row in panel.iterrows():
        mine = per_report.loc[row.report_id]
        for n in names:
            assert (pd.isna(row[n]) and pd.isna(mine[n])) or row[n] == mine[n], (row.report_id, n)
            compared += not pd.isna(row[n])
    assert compared > 30
