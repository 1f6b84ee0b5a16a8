"""The one definition of the key figures (pipeline/figures.toml) and its computation, shared by
panel.parquet (pipeline.agencies) and report_panel (pipeline.release)."""
from __future__ import annotations

import pyarrow as pa
import pytest

from parsers.templates import taxonomy
from pipeline import figures as F
from pipeline.agencies.panel import panel_rows, panel_schema
from pipeline.release import dictionary
from pipeline.release.panel import build_panel
from pipeline.result import FACTS_SCHEMA, REPORTS_SCHEMA

OTHER_2021 = ("requests.other.overdue_correction", "requests.other.unpaid_fee", "requests.other.other")


def _fact(category: str, value: float | int, template: str, who: str | None = None) -> dict:
    cat = taxonomy()[category]
    who = who if who is not None else ("total" if cat.by_applicant else None)
    amount = category.endswith(".amount")
    return {"report_id": "r1", "category": category, "applicant_type": who, "section": cat.section,
            "count": None if amount else value, "amount": value if amount else None, "template": template}


def _values(rows: list[dict]) -> dict[str, float | int | None]:
    return F.figure_values(F.cells_by_report(rows).get("r1", F.ReportCells()))


def test_every_figure_reads_cells_of_one_table_and_has_a_stata_name_and_label():
    figs = F.figures()
    assert len({f.name for f in figs}) == len(figs) > 30
    for f in figs:
        assert len(f.name) <= 32 and len(f.label) <= 80 and f.description
        assert f.section in ("active", "requests", "appeals")
        assert any(f.categories(t) for t in ("2021", "2019")), f.name
    assert {f.name for f in figs if f.is_amount} == {"active_fees_amount"}
    assert F.stock_categories() <= set(taxonomy())


def test_a_figure_spanning_two_tables_or_matching_no_code_is_refused():
    with pytest.raises(F.FiguresError, match="span sections"):
        F._figure("bad", {"codes": ["requests.new", "appeals.review.total"], "label": "x", "description": "x"})
    with pytest.raises(F.FiguresError, match="no taxonomy.csv code"):
        F._figure("bad", {"codes": ["requests.nothing"], "label": "x", "description": "x"})
    with pytest.raises(F.FiguresError, match="Stata variable name"):
        F._figure("litigation_after_review_corrected", {"codes": ["requests.new"], "label": "x", "description": "x"})


def test_other_handling_is_the_templates_own_rows():
    three = [_fact(c, v, "2021") for c, v in zip(OTHER_2021, (1, 2, 4))]
    assert _values(three)["requests_other"] == 7
    assert _values(three[:2])["requests_other"] is None  # one of the three rows missing: no sum
    assert _values([_fact("requests.other.total", 5, "2019")])["requests_other"] == 5
    # a 2019 table has no 本年制发件数, a 2021 table no 本年新制作数量: each is its own figure
    made = _values([_fact("active.regulations.made", 3, "2019")])
    assert (made["active_regulations_made"], made["active_regulations_issued"]) == (3, None)
    issued = _values([_fact("active.regulations.issued", 2, "2021")])
    assert (issued["active_regulations_made"], issued["active_regulations_issued"]) == (None, 2)


def test_a_mixed_report_is_read_table_by_table():
    """2021+2019: table 二 on the 2021 template, 三 and 四 on 2019 (each fact names its table's)."""
    rows = [_fact("active.regulations.issued", 2, "2021"), _fact("active.fees.amount", 1.5, "2021"),
            _fact("requests.other.total", 5, "2019"), _fact("appeals.review.total", 1, "2019")]
    got = _values(rows)
    assert got["active_regulations_issued"] == 2 and got["active_fees_amount"] == 1.5
    assert got["requests_other"] == 5 and got["review_total"] == 1
    assert got["active_regulations_made"] is None and got["requests_new"] is None
    assert isinstance(got["active_fees_amount"], float) and isinstance(got["requests_other"], int)


def test_a_table_whose_facts_disagree_on_the_template_gives_no_figure():
    rows = [_fact("requests.other.total", 5, "2019"), *(_fact(c, 1, "2021") for c in OTHER_2021)]
    assert _values(rows)["requests_other"] is None


def test_cells_without_a_value_are_not_cells():
    rows = [{**_fact("requests.new", 0, "2021"), "count": None}]
    assert _values(rows)["requests_new"] is None


def test_both_panels_give_a_mixed_report_the_same_figures():
    rows = [_fact("active.regulations.issued", 2, "2021"), _fact("requests.other.total", 5, "2019"),
            _fact("requests.new", 4, "2019")]
    report = {"report_id": "r1", "agency": "某局", "year": 2023, "template": "2021+2019", "status": "partial",
              "agency_id": "x:某局", "adcode": "640521"}
    reports = pa.Table.from_pylist([{k: report.get(k) for k in REPORTS_SCHEMA.names}], schema=REPORTS_SCHEMA)
    facts = pa.Table.from_pylist([{k: r.get(k) for k in FACTS_SCHEMA.names} for r in rows], schema=FACTS_SCHEMA)
    release_row = build_panel(reports, facts).to_pylist()[0]
    (agency_row,) = pa.Table.from_pylist(
        panel_rows({("x:某局", 2023): (report, [])}, F.cells_by_report(rows)), schema=panel_schema()).to_pylist()
    names = [f.name for f in F.figures()]
    assert [release_row[n] for n in names] == [agency_row[n] for n in names]
    assert (release_row["active_regulations_issued"], release_row["requests_other"], release_row["requests_new"]) == (2, 5, 4)
    assert release_row["template"] == agency_row["template"] == "2021+2019"


def test_release_dictionary_describes_both_panels_from_the_same_file():
    for table in ("panel", "report_panel"):
        info = dictionary.table(table)
        for f in F.figures():
            assert info.column(f.name)["title"] == f.label
            assert info.column(f.name)["description"] == f.description
    assert set(panel_schema().names) - set(dictionary.table("panel").columns) == set()
    for table, column in (("reports", "template"), ("report_panel", "template"), ("panel", "template")):
        assert {"2021", "2019", "2021+2019", "2019+2021"} <= set(dictionary.table(table).column(column)["enum"])
    assert dictionary.table("facts").column("template")["enum"] == ["2021", "2019"]
