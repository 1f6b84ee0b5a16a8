"""Text read from the document is bounded too (issue 10, item 10): a 10 MB title line, a
10 MB paragraph, a million table rows.  The worker cuts them (said in the sentence) and the
main process, which has no memory limit of its own, never holds the bulk."""
from __future__ import annotations

import subprocess
import sys

import pytest

from parsers.base import Cell, Document, TableBlock, TextLine
from parsers.bounds import TextBounds, bound_document
from pipeline.extract.bounds import ResultBounds, bound_result
from pipeline.result import ReportResult
from tests import badinputs as bad
from tests.batch_util import HANG_GUARD_S, ROOT, SEED, cli_env, read_out, report

MB = 1 << 20
HUGE = "局" * (10 * MB // 3)  # 10 MB of UTF-8
MAIN_EXTRA_MB = 40  # the main process's peak over a run of the seed alone (unbounded: ~70 MB more)


def _extract_measuring_main(inp, out) -> int:
    """Run extract in a process that samples its own RSS and reports the peak (workers are not
    its memory; ``ru_maxrss`` would not do: Linux carries it over from the forking parent)."""
    code = ("import sys, threading, time, psutil\n"
            "from pipeline.cli import main\n"
            "peak = [0]\n"
            "def watch():\n"
            "    me = psutil.Process()\n"
            "    while True:\n"
            "        peak[0] = max(peak[0], me.memory_info().rss)\n"
            "        time.sleep(0.05)\n"
            "threading.Thread(target=watch, daemon=True).start()\n"
            f"rc = main(['extract', {str(inp)!r}, '--out', {str(out)!r}, '-q', '-j', '2'])\n"
            "time.sleep(0.1)\n"
            "print(peak[0] >> 20, file=sys.stderr)\n"
            "sys.exit(rc)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=cli_env(), capture_output=True,
                          text=True, timeout=HANG_GUARD_S)
    assert proc.returncode == 0, proc.stderr
    return int(proc.stderr.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def huge_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("huge")
    inp, out = root / "in", root / "out"
    seed = SEED.read_text("utf-8")
    cut = seed.index("二、主动公开政府信息情况")
    bad.write(inp / "title-10mb.txt", (HUGE + "政府信息公开工作年度报告\n" + seed).encode())
    bad.write(inp / "prose-10mb.txt", (seed[:cut] + HUGE + "\n" + seed[cut:]).encode())
    rows = "\n".join(f"（{i}）其他事项\t1\t2\t3" for i in range(1_000_000))
    bad.write(inp / "million-rows.txt", (seed + "\n" + rows + "\n").encode())
    bad.write(inp / "seed.txt", SEED.read_bytes())
    bad.write(root / "seed-in" / "seed.txt", SEED.read_bytes())
    baseline = _extract_measuring_main(root / "seed-in", root / "seed-out")
    rss = _extract_measuring_main(inp, out)
    return {"rss": rss, "baseline": baseline, "frames": read_out(out)}


def test_main_process_stays_small(huge_run):
    assert huge_run["rss"] < huge_run["baseline"] + MAIN_EXTRA_MB, (huge_run["rss"], huge_run["baseline"])


def test_ten_mb_title_line_is_cut_and_said(huge_run):
    f = huge_run["frames"]
    row = report(f, "title-10mb.txt")
    assert row["status"] == "partial" and "were cut to that length" in row["error"], row["error"]
    assert len(row["title"] or "") <= 300 and len(row["agency"] or "") <= 200
    assert row["n_facts"] == report(f, "seed.txt")["n_facts"]
    assert len(row["error"]) < 9_000


def test_ten_mb_paragraph_is_cut_in_sections(huge_run):
    f = huge_run["frames"]
    row = report(f, "prose-10mb.txt")
    assert row["status"] == "partial" and "section row(s)" in row["error"], row["error"]
    sections = f["sections"][f["sections"].report_id == row["report_id"]]
    assert len(sections) and sections.text.str.len().max() <= 20_000
    assert row["n_facts"] == report(f, "seed.txt")["n_facts"]


def test_million_table_rows_are_cut_and_said(huge_run):
    f = huge_run["frames"]
    row = report(f, "million-rows.txt")
    assert row["status"] == "partial", row
    assert "only the first 50,000 were read" in row["error"], row["error"]
    assert row["n_facts"] == report(f, "seed.txt")["n_facts"]


def test_document_bounds_cut_lines_cells_and_rows():
    doc = Document(blocks=[TextLine("x" * 30), TextLine("short"), TextLine("dropped"),
                           TableBlock(((Cell("c" * 12), Cell("1")), (Cell("a"), Cell("2")), (Cell("b"),)))],
                   format="txt")
    got = bound_document(doc, TextBounds(max_line_chars=10, max_cell_chars=5, max_lines=2, max_cells=4))
    assert [b.text for b in got.blocks if isinstance(b, TextLine)] == ["x" * 10, "short"]
    table = [b for b in got.blocks if isinstance(b, TableBlock)][0]
    assert [[c.text for c in r] for r in table.rows] == [["ccccc", "1"], ["a", "2"]]
    assert got.incomplete and len(got.notes) == 4
    assert bound_document(Document(blocks=[TextLine("fine")], format="txt")).notes == []


def test_result_bounds_cut_every_text_field_and_the_rows():
    res = ReportResult(report_id="r", source_path="p", format="txt", status="ok", title="t" * 50,
                       agency="a" * 50, error="e" * 10,
                       facts=[{"raw_label": "l" * 50, "raw_value": "1"} for _ in range(5)],
                       sections=[{"number": 1, "heading": "h", "text": "s" * 50}],
                       identity={"agency_name": "n" * 50, "region_vintage": 2023})
    b = ResultBounds(title=10, agency=10, identity=10, section_text=10, raw_label=10, facts=3, error=400)
    got = bound_result(res, b)
    assert (len(got.title), len(got.agency), len(got.identity["agency_name"])) == (10, 10, 10)
    assert len(got.facts) == 3 and all(len(f["raw_label"]) == 10 and f["agency"] == "a" * 10 for f in got.facts)
    assert len(got.sections[0]["text"]) == 10 and got.status == "partial"
    assert got.error.startswith("e" * 10) and "only the first 3 were kept" in got.error
    small = bound_result(ReportResult(report_id="r", source_path="p", format="txt", status="ok",
                                      error="x" * 500), b)
    assert small.error.startswith("x" * 400) and "100 more characters" in small.error
