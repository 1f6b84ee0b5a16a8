"""End to end against a fake county portal on loopback: three scheduled runs, then extract.

Run 1 crawls everything (pagination, GBK, 解读/图解, robots, javascript:/mailto:, off-site
and redirects, 404, 503→200, a slow page, a huge attachment, Content-Disposition with
``../``, 412/521, a download script); run 2 gets 304s; run 3 sees one corrected report.
Spacing and one-request-at-a-time are read from the server's own log.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.corpus_eval import expected_cells
from tests.scrape_site import HUGE_BYTES, P03, R03, FakeSite
from tests.batch_util import HANG_GUARD_S

REPO = Path(__file__).resolve().parents[1]
DELAY = 0.2
CRAWL_DELAY = 0.4  # robots.txt of host A
SLACK = 0.05  # the server stamps from its own threads, which a busy machine schedules late;
# still far below what a missing delay (0), Scrapy's ±50 % jitter (0.1 s) or an ignored Crawl-delay (0.2 s) gives
COL = "/zfxxgk/zfxxgknb/"


def _scrape(reg: Path, raw: Path, state: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "scrape", str(reg), "--raw", str(raw), "--state", str(state),
         "--max-size", "1", "--timeout", "10"],
        capture_output=True, text=True, cwd=REPO, timeout=HANG_GUARD_S)


def _manifest(state: Path) -> dict[str, dict[str, Any]]:
    df = pd.read_parquet(state / "manifest.parquet")
    return {r["url"]: r for r in df.to_dict("records")}


def _files(raw: Path) -> set[str]:
    return {str(p.relative_to(raw)) for p in raw.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("scrape")
    raw, state = tmp / "raw", tmp / "state"
    with FakeSite() as site:
        reg = tmp / "sites.toml"
        reg.write_text(f"""
contact = "https://example.org/zfxxgk-contact"
[[site]]
name = "county-a"
region = "350128"
start_urls = ["{site.a}{COL}index.html"]
delay_s = {DELAY}
agencies = ["平潭综合实验区公安局", "某某镇", "平潭综合实验区财政金融局"]

[[site]]
name = "county-b"
start_urls = ["{site.b}/col/col1229/index.html"]
delay_s = {DELAY}
""", encoding="utf-8")
        out: dict[str, Any] = {"site": site, "raw": raw, "state": state, "tmp": tmp}
        for n in (1, 2, 3):
            if n == 3:  # the portal publishes a corrected version of one report
                site.p03_extra = "<!-- 更正：2023年2月1日修订 -->".encode("gb18030")
            before = len(site.hits)
            proc = _scrape(reg, raw, state)
            out[n] = {"proc": proc, "manifest": _manifest(state), "files": _files(raw),
                      "hits": site.hits[before:], "coverage": pd.read_parquet(state / "coverage.parquet")}
        extract = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(raw), "--out",
                                  str(tmp / "out"), "-j", "1", "--quiet"],
                                 capture_output=True, text=True, cwd=REPO, timeout=HANG_GUARD_S)
        out["extract"] = extract
    return out


def _row(run: dict[str, Any], url_end: str) -> dict[str, Any]:
    rows = [r for u, r in run["manifest"].items() if u.endswith(url_end)]
    assert len(rows) == 1, (url_end, list(run["manifest"]))
    return rows[0]


def test_runs_exit_zero_with_a_one_line_summary(runs: dict[str, Any]) -> None:
    for n in (1, 2, 3):
        proc = runs[n]["proc"]
        assert proc.returncode == 0, proc.stderr
        lines = [l for l in proc.stderr.splitlines() if l.startswith("scrape:")]
        assert len(lines) == 1
    line1 = [l for l in runs[1]["proc"].stderr.splitlines() if l.startswith("scrape:")][0]
    assert "7 reports and 2 attachments saved" in line1 and "2 blocked" in line1
    assert "1 too large" in line1 and "skipped by robots.txt" in line1 and " s" in line1
    assert "2 not modified" not in line1


def test_first_run_answers(runs: dict[str, Any]) -> None:
    r1 = runs[1]
    expect = {
        f"{COL}index.html": ("list", "fetched"),
        f"{COL}index_1.html": ("list", "fetched"),  # counted by createPageHTML, linked as 下一页
        "/col/col1229/index.html": ("list", "fetched"),
        "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=2&perpage=15": ("list", "fetched"),  # POST
        "/art/2024/1/20/art_1229_3.html": ("report", "fetched"),  # only in the proxy's records
        "/col/col1229/index.html?uid=1&pageNum=2": ("list", "fetched"),  # ?pageNum pagination
        f"{COL}202301/t20230109_80624.htm": ("report", "fetched"),
        f"{COL}202301/t20230110_1.htm": ("other", "not_a_report"),  # 解读: not even fetched
        f"{COL}202301/t20230111_2.htm": ("report", "not_a_report"),  # truncated link, page is 图解
        "/private/t20230112_3.htm": ("report", "skipped_robots"),
        "/copy/t20230109_80624.htm": ("report", "off_site"),
        f"{COL}redir-out.htm": ("report", "off_site"),
        f"{COL}redir-in.htm": ("report", "fetched"),
        f"{COL}refresh.htm": ("report", "fetched"),  # meta refresh inside allow
        f"{COL}202301/t20230101_404.htm": ("report", "error"),
        f"{COL}202301/t20230104_412.htm": ("report", "blocked"),
        "/art/2024/1/16/art_1229_1.html": ("report", "blocked"),  # 521
        f"{COL}202301/t20230102_503.htm": ("report", "fetched"),
        f"{COL}202301/t20230103_slow.htm": ("report", "fetched"),
        f"{COL}202301/P020230102_huge.pdf": ("attachment", "too_large"),
        "/module/download/downfile.jsp?classid=0&filename=2501201.pdf": ("attachment", "fetched"),
        "/art/2023/1/31/art_1229_2.html": ("report", "fetched"),
        "/attach/1229/r03.pdf": ("attachment", "fetched"),  # from a pdf.js viewer iframe
    }
    for end, (kind, status) in expect.items():
        row = _row(r1, end)
        assert (row["kind"], row["status"]) == (kind, status), (end, row)
    assert len(r1["manifest"]) == len(expect)
    assert not any(u.startswith(("javascript", "mailto")) for u in r1["manifest"])
    assert _row(r1, f"{COL}202301/t20230101_404.htm")["http_status"] == 404
    assert _row(r1, "/art/2024/1/16/art_1229_1.html")["http_status"] == 521
    assert "redirected to" in _row(r1, f"{COL}redir-out.htm")["reason"]
    assert _row(r1, f"{COL}redir-in.htm")["path"] == "county-a/t20250120_2001.htm"
    assert _row(r1, f"{COL}refresh.htm")["path"] == "county-a/t20230105_7.htm"
    assert "解读" in _row(r1, f"{COL}202301/t20230110_1.htm")["reason"]


def test_server_side_of_the_first_run(runs: dict[str, Any]) -> None:
    site, hits = runs["site"], runs[1]["hits"]
    paths = [h.path for h in hits]
    assert not [h for h in hits if h.host == "127.0.0.3"], "the mirror / off-site host was contacted"
    assert not any(p.startswith("/private/") for p in paths), "robots.txt was not obeyed"
    assert f"{COL}202301/t20230110_1.htm" not in paths  # the 解读 link is not fetched
    assert paths.count(f"{COL}202301/t20230104_412.htm") == 1  # blocked: never retried
    assert paths.count("/art/2024/1/16/art_1229_1.html") == 1
    tries = sorted(h.start for h in hits if h.path == f"{COL}202301/t20230102_503.htm")
    assert len(tries) == 2 and tries[1] - tries[0] >= 1.0 - SLACK  # Retry-After: 1 honoured
    huge = [h for h in hits if h.path.endswith("P020230102_huge.pdf")]
    assert len(huge) == 1 and huge[0].sent < HUGE_BYTES // 4  # the transfer was cut off
    assert all("zfxxgk" in h.headers.get("user-agent", "") and "example.org/zfxxgk-contact" in
               h.headers["user-agent"] for h in hits)
    assert "cookie" not in {k for h in hits for k in h.headers}
    proxy = [h for h in hits if h.path.startswith("/module/web/jpage/dataproxy.jsp")]
    assert [h.headers[":method"] for h in proxy] == ["POST"]
    assert all(f in proxy[0].headers[":body"] for f in ("webid=3", "columnid=1229", "unitid=4567", "col=1"))


@pytest.mark.parametrize("host, gap", [("127.0.0.1", CRAWL_DELAY), ("127.0.0.2", DELAY)])
def test_spacing_and_one_request_at_a_time_per_host(runs: dict[str, Any], host: str, gap: float) -> None:
    for n in (1, 2, 3):
        hits = sorted((h for h in runs[n]["hits"] if h.host == host), key=lambda h: h.start)
        assert len(hits) >= 5
        for prev, nxt in zip(hits, hits[1:]):
            assert nxt.start - prev.start >= gap - SLACK, (n, prev.path, nxt.path, nxt.start - prev.start)
            if not prev.aborted:  # one at a time
                assert nxt.start >= prev.end - SLACK, ("overlap", n, prev.path, nxt.path)
    slow = [h for h in runs[1]["hits"] if h.path.endswith("t20230103_slow.htm")][0]
    assert slow.end - slow.start >= 1.0  # the slow page really held the host


def test_saved_files_and_sidecars(runs: dict[str, Any]) -> None:
    raw = runs["raw"]
    files = runs[1]["files"]
    assert files == {
        "county-a/t20230109_80624.htm", "county-a/t20230102_503.htm", "county-a/t20230103_slow.htm",
        "county-a/t20250120_2001.htm", "county-a/淮安市2024年报.pdf", "county-a/t20230105_7.htm",
        "county-b/art_1229_2.html", "county-b/r03.pdf", "county-b/art_1229_3.html",
    } | {f + ".meta.json" for f in files if not f.endswith(".meta.json")}
    assert not (runs["tmp"] / "etc").exists() and not (raw / "etc").exists()
    side = json.loads((raw / "county-a/t20230109_80624.htm.meta.json").read_text("utf-8"))
    assert side["title"] == "平潭综合实验区公安局2022年政府信息公开工作年度报告"  # GBK, no charset anywhere
    assert (side["agency"], side["year"], side["published"], side["region"], side["site"]) == \
        ("平潭综合实验区公安局", 2022, "2023-01-09", "350128", "county-a")
    assert side["etag"] and side["content_type"] == "text/html" and side["version"] == 1
    assert set(side) >= {"url", "site", "region", "title", "agency", "year", "published", "fetched_at",
                         "sha256", "content_type", "etag", "last_modified"}
    pdf = json.loads((raw / "county-a/淮安市2024年报.pdf.meta.json").read_text("utf-8"))
    assert pdf["url"].endswith("/module/download/downfile.jsp?classid=0&filename=2501201.pdf")
    assert (pdf["agency"], pdf["year"], pdf["content_type"]) == ("淮安市人民政府", 2024, "application/pdf")
    assert (raw / "county-a/淮安市2024年报.pdf").read_bytes() == R03.read_bytes()
    b = json.loads((raw / "county-b/r03.pdf.meta.json").read_text("utf-8"))
    assert b["last_modified"] and b["etag"] is None and b["region"] is None
    assert (raw / "county-b/art_1229_2.html").read_bytes().startswith(P03.read_bytes()[:1000])


def test_second_run_is_conditional_and_adds_nothing(runs: dict[str, Any]) -> None:
    r1, r2 = runs[1], runs[2]
    assert r2["files"] == r1["files"]
    for url, row in r1["manifest"].items():
        if row["kind"] in ("report", "attachment") and row["status"] == "fetched":
            again = r2["manifest"][url]
            assert (again["status"], again["http_status"]) == ("not_modified", 304), url
            assert (again["path"], again["sha256"]) == (row["path"], row["sha256"])
    asked = {h.path: h.headers for h in r2["hits"]}
    assert asked[f"{COL}202301/t20230109_80624.htm"].get("if-none-match")
    assert asked["/attach/0/2501201.pdf"].get("if-none-match")  # through downfile.jsp's redirect
    assert asked["/attach/1229/r03.pdf"].get("if-modified-since")  # no ETag: Last-Modified
    assert "scrape: " in r2["proc"].stderr and "9 not modified" in r2["proc"].stderr


def test_third_run_keeps_the_corrected_version_beside_the_old(runs: dict[str, Any]) -> None:
    raw, r3 = runs["raw"], runs[3]
    added = r3["files"] - runs[2]["files"]
    assert added == {"county-a/t20230109_80624.v2.htm", "county-a/t20230109_80624.v2.htm.meta.json"}
    row = _row(r3, f"{COL}202301/t20230109_80624.htm")
    assert (row["status"], row["path"]) == ("fetched", "county-a/t20230109_80624.v2.htm")
    assert "new version" in row["reason"]
    old = json.loads((raw / "county-a/t20230109_80624.htm.meta.json").read_text("utf-8"))
    new = json.loads((raw / "county-a/t20230109_80624.v2.htm.meta.json").read_text("utf-8"))
    assert (old["newer"], new["older"], new["newer"], new["version"]) == \
        ("t20230109_80624.v2.htm", "t20230109_80624.htm", None, 2)
    assert old["sha256"] != new["sha256"] and new["url"] == old["url"]
    others = [r for u, r in r3["manifest"].items() if r["kind"] in ("report", "attachment")
              and r["status"] == "fetched" and not u.endswith("t20230109_80624.htm")]
    assert others == []


def test_coverage_says_who_did_not_publish(runs: dict[str, Any]) -> None:
    cov = runs[3]["coverage"]
    got = {(r.agency, r.year): r.found for r in cov.itertuples()}
    assert got[("平潭综合实验区公安局", 2022)] is True
    assert got[("某某镇", 2022)] is True  # 某某镇2022年度… (the 503-then-200 page)
    assert got[("平潭综合实验区财政金融局", 2022)] is False
    assert set(cov.site) == {"county-a"}  # county-b lists no agencies
    assert "coverage:" in runs[3]["proc"].stderr and "without a report" in runs[3]["proc"].stderr


def _facts_of(out: Path, source_path: str, reports: pd.DataFrame) -> dict[tuple[str, Any], float]:
    row = reports[(reports.source_path == source_path) |
                  reports.duplicate_paths.apply(lambda d: source_path in list(d))]
    assert len(row) == 1, source_path
    rid = row.iloc[0].report_id
    facts = pd.read_parquet(out / "facts")
    facts = facts[facts.report_id == rid]
    got = {}
    for f in facts.itertuples():
        v = f.count if pd.notna(f.count) else f.amount
        got[(f.category, f.applicant_type if isinstance(f.applicant_type, str) else None)] = float(v)
    return got


@pytest.mark.parametrize("saved, case", [
    ("county-a/t20230109_80624.htm", "p-03-gaj-2022"),  # GBK re-encoding, no charset
    ("county-a/t20230109_80624.v2.htm", "p-03-gaj-2022"),  # the corrected version
    ("county-b/art_1229_2.html", "p-03-gaj-2022"),  # the page as published (UTF-8)
    ("county-a/淮安市2024年报.pdf", "r-03-huaian-szf-2024"),  # behind downfile.jsp
    ("county-b/r03.pdf", "r-03-huaian-szf-2024"),
])
def test_extract_over_the_saved_files_gives_the_corpus_cells(runs: dict[str, Any], saved: str, case: str) -> None:
    proc = runs["extract"]
    assert proc.returncode == 0, proc.stderr
    out = runs["tmp"] / "out"
    reports = pd.read_parquet(out / "reports.parquet")
    truth = json.loads((P03.parent / f"{case}.json").read_text("utf-8"))
    got = _facts_of(out, saved, reports)
    assert got == expected_cells(truth)
    row = reports[(reports.source_path == saved) | reports.duplicate_paths.apply(lambda d: saved in list(d))].iloc[0]
    side = json.loads((runs["raw"] / (row.source_path + ".meta.json")).read_text("utf-8"))
    assert (row.agency, row.year, row.url) == (truth["agency"], truth["year"], side["url"])


def test_a_killed_run_leaves_the_manifest_readable_and_the_next_run_completes(tmp_path: Path) -> None:
    import os
    import signal
    import time

    from pipeline.scrape.lock import StateLock

    raw, state = tmp_path / "raw", tmp_path / "state"
    with FakeSite() as site:
        reg = tmp_path / "sites.toml"
        reg.write_text(f'[[site]]\nname = "b"\nstart_urls = ["{site.b}/col/col1229/index.html"]\n'
                       f'delay_s = {DELAY}\n', encoding="utf-8")
        assert _scrape(reg, raw, state).returncode == 0
        before = (state / "manifest.parquet").read_bytes()
        reg.write_text(reg.read_text("utf-8") + f'\n[[site]]\nname = "a"\nstart_urls = ["{site.a}{COL}index.html"]\n'
                       f'delay_s = {DELAY}\n', encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "scrape", str(reg), "--raw", str(raw),
                                 "--state", str(state), "--max-size", "1", "--quiet"],
                                cwd=REPO, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(h.host == "127.0.0.1" and "zfxxgknb" in h.path
                                                      for h in site.hits):
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # the scheduled run dies mid-crawl
        proc.wait()
        assert (state / "manifest.parquet").read_bytes() == before  # still the previous, readable
        pd.read_parquet(state / "manifest.parquet")
        deadline = time.monotonic() + HANG_GUARD_S  # the crawl child dies with its parent, freeing the lock
        while True:
            try:
                with StateLock(state):
                    break
            except Exception:
                assert time.monotonic() < deadline, "the crawl child outlived its killed parent"
                time.sleep(0.2)
        done = _scrape(reg, raw, state)
        assert done.returncode == 0, done.stderr
        rows = _manifest(state)
        report = _row({"manifest": rows}, f"{COL}202301/t20230109_80624.htm")
        # Saved by the killed run (then its bytes are known: not_modified) or by this one.
        assert report["status"] in ("fetched", "not_modified") and (raw / report["path"]).is_file()
        assert _row({"manifest": rows}, "/attach/1229/r03.pdf")["status"] == "not_modified"
        assert not list(raw.rglob(".*.part"))


def test_a_timeout_is_retried_after_a_backoff_and_an_empty_answer_is_an_error(tmp_path: Path) -> None:
    with FakeSite() as site:
        reg = tmp_path / "sites.toml"
        reg.write_text(f'[[site]]\nname = "b"\nstart_urls = ["{site.b}/col/col9/index.html"]\n'
                       f'delay_s = {DELAY}\n', encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "pipeline", "scrape", str(reg), "--raw", str(tmp_path / "raw"),
                               "--state", str(tmp_path / "state"), "--timeout", "1"],
                              capture_output=True, text=True, cwd=REPO, timeout=HANG_GUARD_S)
        assert proc.returncode == 0, proc.stderr
        tries = sorted(h.start for h in site.hits if h.path == "/art/2023/2/1/art_9_1.html")
    assert len(tries) == 2
    assert tries[1] - tries[0] >= 1.0 + 1.0 - SLACK  # the 1 s timeout, then the 1 s backoff
    row = _row({"manifest": _manifest(tmp_path / "state")}, "/art/2023/2/1/art_9_1.html")
    assert (row["status"], row["path"]) == ("fetched", "b/art_9_1.html")
    # A redirect to a URL requested anyway is still followed: the old URL gets its row.
    moved = _row({"manifest": _manifest(tmp_path / "state")}, "/art/old/9_2.html")
    assert moved["status"] == "fetched" and moved["reason"].startswith("redirected to")
    assert moved["path"].startswith("b/art_9_2")
    assert _row({"manifest": _manifest(tmp_path / "state")}, "/art/2023/2/2/art_9_2.html")["status"] == "fetched"
    empty = _row({"manifest": _manifest(tmp_path / "state")}, "/attach/9/empty.pdf")
    assert empty["status"] == "error" and pd.isna(empty["path"]) and "empty body" in empty["reason"]
    assert not (tmp_path / "raw/b/empty.pdf").exists()


def test_a_json_column_gkmlpt(tmp_path: Path) -> None:
    with FakeSite() as site:
        reg = tmp_path / "sites.toml"
        reg.write_text(f'[[site]]\nname = "gd"\nstart_urls = ["{site.b}/gkmlpt/api/all/77?page=1&sid=9"]\n'
                       f'delay_s = {DELAY}\n', encoding="utf-8")
        proc = _scrape(reg, tmp_path / "raw", tmp_path / "state")
        assert proc.returncode == 0, proc.stderr
        asked = [h.path for h in site.hits]
    rows = {"manifest": _manifest(tmp_path / "state")}
    assert _row(rows, "/gkmlpt/api/all/77?page=2&sid=9")["status"] == "fetched"  # from total ÷ page size
    assert _row(rows, "/post_1001001.html")["path"] == "gd/post_1001001.html"
    assert _row(rows, "/post_1001003.html")["path"] == "gd/post_1001003.html"  # relative post_url
    assert _row(rows, "/post_1001002.html")["status"] == "not_a_report"  # 解读, not fetched
    assert "/gkmlpt/content/1/1001/post_1001002.html" not in asked
    side = json.loads((tmp_path / "raw/gd/post_1001003.html.meta.json").read_text("utf-8"))
    assert (side["agency"], side["year"]) == ("某某局", 2023)
