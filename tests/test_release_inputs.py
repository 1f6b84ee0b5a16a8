"""What the release does with outputs that grow or go wrong: extra tables and columns, undescribed
columns, facts that join no report, changed values, which previous release is compared with."""
from __future__ import annotations

import json
import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from tests.release_util import BASE, frictionless_cli, make_output, release, run, tree


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("inputs")
    return tmp, make_output(tmp, BASE[:2], "out")


def _copy(output, name: str):
    tmp, out = output
    dst = tmp / name
    shutil.copytree(out, dst)
    return dst


def _rewrite(path, fn) -> None:
    pq.write_table(fn(pq.read_table(path)), path)


def test_undescribed_column_is_named_and_nothing_is_published(output, tmp_path):
    out = _copy(output, "out-extra-col")
    _rewrite(out / "reports.parquet", lambda t: t.append_column("mystery", pa.array(["x"] * t.num_rows)))
    proc = release(out, "1.0.0", tmp_path / "rel", check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "reports.mystery" in proc.stderr and "dictionary.toml" in proc.stderr
    assert not (tmp_path / "rel" / "zfxxgk-1.0.0").exists()
    assert not [p for p in (tmp_path / "rel").iterdir() if ".tmp-" in p.name]


def test_fact_without_report_fails_validation(output, tmp_path):
    out = _copy(output, "out-orphan")
    reports = pq.read_table(out / "reports.parquet")
    keep = pc.invert(pc.equal(reports["source_path"], BASE[0]))
    pq.write_table(reports.filter(keep), out / "reports.parquet")
    proc = release(out, "1.0.0", tmp_path / "rel", check=False)
    assert proc.returncode == 2, proc.stderr
    assert "does not validate" in proc.stderr and "foreign" in proc.stderr.lower()
    assert not (tmp_path / "rel" / "zfxxgk-1.0.0").exists()


def test_negative_count_outside_change_cells_fails_validation(output, tmp_path):
    out = _copy(output, "out-negative")
    part = next((out / "facts").rglob("*.parquet"))

    def negate_first(t: pa.Table) -> pa.Table:
        counts = t["count"].to_pylist()
        counts[0] = -5
        return t.set_column(t.schema.get_field_index("count"), "count", pa.array(counts, pa.int64()))

    _rewrite(part, negate_first)
    proc = release(out, "1.0.0", tmp_path / "rel", check=False)
    assert proc.returncode == 2 and "row constraint" in proc.stderr, proc.stderr


def test_new_columns_and_tables_join_the_release(output, tmp_path):
    out = _copy(output, "out-grown")
    reports = pq.read_table(out / "reports.parquet")
    ids = reports["report_id"].to_pylist()
    n = reports.num_rows
    for name, values in (("agency_id", [f"a{i}" for i in range(n)]), ("adcode", ["640521"] * n)):
        at = reports.schema.get_field_index(name)  # extract writes them now; older outputs lack them
        reports = (reports.set_column(at, name, pa.array(values)) if at >= 0
                   else reports.append_column(name, pa.array(values)))
    pq.write_table(reports, out / "reports.parquet")
    agencies = pa.table({"agency_id": [f"a{i}" for i in range(n)], "name": [f"机关{i}" for i in range(n)],
                         "names_printed": pa.array([[f"机关{i}"] for i in range(n)]), "adcode": ["640521"] * n,
                         "province": ["宁夏回族自治区"] * n, "city": ["中卫市"] * n, "county": ["中宁县"] * n,
                         "level": ["county"] * n, "type": ["department"] * n,
                         "years": pa.array([[2023] for _ in range(n)], pa.list_(pa.int16()))})
    pq.write_table(agencies, out / "agencies.parquet")
    panel = pa.table({"agency_id": ["a0"], "agency": ["机关0"], "adcode": ["640521"], "year": pa.array([2023], pa.int16()),
                      "report_id": [ids[0]], "other_report_ids": pa.array([[]], pa.list_(pa.string())),
                      "requests_new": pa.array([1], pa.int64())})
    pq.write_table(panel, out / "panel.parquet")
    release(out, "1.0.0", tmp_path / "rel")
    root = tmp_path / "rel" / "zfxxgk-1.0.0"
    pkg = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in pkg["resources"]}
    assert {"agencies", "agencies_parquet", "panel", "panel_parquet"} <= names
    fields = {f["name"] for r in pkg["resources"] if r["name"] == "reports" for f in r["schema"]["fields"]}
    assert {"agency_id", "adcode"} <= fields
    report_panel = pq.read_table(root / "data" / "report_panel.parquet")
    assert report_panel["adcode"].to_pylist() == ["640521"] * report_panel.num_rows
    proc = run([*frictionless_cli(), "validate", "datapackage.json"], cwd=root)
    assert proc.returncode == 0, proc.stdout
    html = (root / "qa" / "index.html").read_text(encoding="utf-8")
    assert "64 Ningxia" in html and 'id="chart-regions"' in html


def test_changed_value_and_status_show_in_changelog(output, tmp_path):
    _, out = output
    dest = tmp_path / "rel"
    release(out, "1.0.0", dest)
    changed = _copy(output, "out-changed")
    part = next((changed / "facts").rglob("*.parquet"))
    facts = pq.read_table(part)
    row = facts.slice(0, 1).to_pylist()[0]

    def bump(t: pa.Table) -> pa.Table:
        counts = t["count"].to_pylist()
        counts[0] = (counts[0] or 0) + 7
        return t.set_column(t.schema.get_field_index("count"), "count", pa.array(counts, pa.int64()))

    _rewrite(part, bump)
    reports = pq.read_table(changed / "reports.parquet")
    target = reports["report_id"].to_pylist().index(row["report_id"])
    statuses = reports["status"].to_pylist()
    old_status = statuses[target]
    statuses[target] = "partial" if old_status == "ok" else "ok"
    pq.write_table(reports.set_column(reports.schema.get_field_index("status"), "status", pa.array(statuses)),
                   changed / "reports.parquet")
    release(changed, "1.0.1", dest)
    md = (dest / "zfxxgk-1.0.1" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Facts whose value changed (1)" in md
    who = row["applicant_type"] or "—"
    assert f"| {row['report_id']} | {row['category']} | {who} | {row['count']} | {(row['count'] or 0) + 7} |" in md
    assert "## Status changes (1)" in md and f"| {old_status} | {statuses[target]} |" in md
    assert "## Reports added (0)" in md and "## Reports removed (0)" in md


def test_previous_is_the_newest_earlier_version_unless_named(output, tmp_path):
    _, out = output
    dest = tmp_path / "rel"
    for v in ("1.0.0", "1.2.0", "0.9.0"):
        release(out, v, dest)
    release(out, "1.1.0", dest)
    assert "Compared with 1.0.0." in (dest / "zfxxgk-1.1.0" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "First release" in (dest / "zfxxgk-0.9.0" / "CHANGELOG.md").read_text(encoding="utf-8")
    release(out, "1.3.0", dest, "--previous", dest / "zfxxgk-0.9.0")
    assert "Compared with 0.9.0." in (dest / "zfxxgk-1.3.0" / "CHANGELOG.md").read_text(encoding="utf-8")


def test_bad_arguments_exit_2_with_a_reason(output, tmp_path):
    _, out = output
    proc = release(out, "not a version!", tmp_path / "rel", check=False)
    assert proc.returncode == 2 and "not a version number" in proc.stderr
    proc = release(tmp_path / "nope", "1.0.0", tmp_path / "rel", check=False)
    assert proc.returncode == 2 and "not a folder" in proc.stderr
    (tmp_path / "half").mkdir()
    proc = release(tmp_path / "half", "1.0.0", tmp_path / "rel", check=False)
    assert proc.returncode == 2 and "not a complete extract output" in proc.stderr
    proc = release(out, "1.0.0", tmp_path / "rel", "--previous", tmp_path / "half", check=False)
    assert proc.returncode == 2 and "cannot read the previous release" in proc.stderr
    proc = release(out, "1.0.0", tmp_path / "rel", check=False, epoch="yesterday")
    assert proc.returncode == 2 and "SOURCE_DATE_EPOCH" in proc.stderr
    assert not (tmp_path / "rel").exists() or not list((tmp_path / "rel").glob("zfxxgk-*"))


def test_killed_build_leaves_nothing_published_and_the_next_build_works(output, tmp_path):
    """A staging folder left by a killed build is not a release and is cleared by the next build."""
    _, out = output
    dest = tmp_path / "rel"
    (dest / ".zfxxgk-1.0.0.tmp-99999" / "data").mkdir(parents=True)
    release(out, "1.0.0", dest)
    assert sorted(p.name for p in dest.iterdir() if not p.name.endswith(".lock")) == ["zfxxgk-1.0.0"]
    before = tree(dest)
    release(out, "1.0.1", dest)
    assert {k: v for k, v in tree(dest).items() if k.startswith("zfxxgk-1.0.0/")} == \
        {k: v for k, v in before.items() if k.startswith("zfxxgk-1.0.0/")}


def test_same_bytes_read_differently_is_a_changed_report(output, tmp_path):
    """A report whose bytes did not change but whose path, agency or year did is listed as changed."""
    _, out = output
    dest = tmp_path / "rel"
    release(out, "1.0.0", dest)
    moved = _copy(output, "out-moved")
    reports = pq.read_table(moved / "reports.parquet")
    paths = reports["source_path"].to_pylist()
    i = paths.index(BASE[1])
    rid = reports["report_id"].to_pylist()[i]
    paths[i] = "renamed/" + BASE[1]
    pq.write_table(reports.set_column(reports.schema.get_field_index("source_path"), "source_path", pa.array(paths)),
                   moved / "reports.parquet")
    for part in (moved / "facts").rglob("*.parquet"):
        _rewrite(part, lambda t: t.set_column(
            t.schema.get_field_index("source_path"), "source_path",
            pa.array(["renamed/" + p if p == BASE[1] else p for p in t["source_path"].to_pylist()])))
    release(moved, "1.0.1", dest)
    md = (dest / "zfxxgk-1.0.1" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## Reports changed (1)" in md
    assert f"| {rid} | source_path | {BASE[1]} | renamed/{BASE[1]} |" in md
    assert "## Reports added (0)" in md and "## Reports removed (0)" in md


def test_nonnegative_rule_exempts_only_change_cells():
    from frictionless import Checklist, Resource

    from pipeline.release.validate import data_rules

    rows = [{"category": "active.licensing.change", "count": -3, "amount": None},
            {"category": "requests.new", "count": 2, "amount": None},
            {"category": "active.fees.amount", "count": None, "amount": -1.5},
            {"category": "requests.total", "count": -1, "amount": None}]
    report = Resource(data=rows).validate(checklist=Checklist(checks=data_rules("facts")))
    assert [e.row_number for e in report.tasks[0].errors] == [4, 5]
    assert data_rules("reports") == []
