"""The scraper's parts on their own: registry, names, title rules, links, store, manifest, lock."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from parsers.html.decode import decode_html
from pipeline.scrape import links as L
from pipeline.scrape.coverage import coverage_rows, same_agency
from pipeline.scrape.lock import LockHeld, StateLock
from pipeline.scrape.manifest import merge, read_manifest, write_manifest
from pipeline.scrape.middlewares import retry_after
from pipeline.scrape.naming import choose_name, disposition_filename, inside, sanitize
from pipeline.scrape.registry import RegistryError, load_registry
from pipeline.scrape.rules import is_candidate_text, is_report_title, published_from, title_year
from pipeline.scrape.store import DocumentStore
from tests.batch_util import HANG_GUARD_S

REPO = Path(__file__).resolve().parents[1]


# -- registry --------------------------------------------------------------------------
def _reg(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "sites.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_registry_reads_sites_with_defaults(tmp_path: Path) -> None:
    reg = load_registry(_reg(tmp_path, """
[[site]]
name = "a"
start_urls = ["http://www.example.gov.cn/zfxxgk/zfxxgknb/index.html"]

[[site]]
name = "b"
region = "330324"
start_urls = ["https://b.example.gov.cn/col/col1/index.html"]
allow = ["https://b.example.gov.cn/", "https://files.example.gov.cn/b/"]
delay_s = 2.5
agencies = ["某某镇", "某某局"]
"""))
    a, b = reg.sites
    assert a.allow == ("http://www.example.gov.cn/",) and a.delay_s == 1.0 and a.region is None
    assert b.region == "330324" and b.delay_s == 2.5 and b.agencies == ("某某镇", "某某局")
    assert b.allows("https://files.example.gov.cn/b/x.pdf") and not b.allows("https://files.example.gov.cn/c/x.pdf")
    assert b.hosts() == {"b.example.gov.cn", "files.example.gov.cn"}


@pytest.mark.parametrize("text, line, words", [
    ('[[site]]\nname = "a"\nstart_urls = ["http://x.gov.cn/"]\nregion = "3303"\n', 4, "6-digit"),
    ('[[site]]\nname = "a"\nstart_urls = ["http://x.gov.cn/"]\n\n[[site]]\nstart_urls = ["http://y.gov.cn/"]\n', 5, "name"),
    ('[[site]]\nname = "a"\nstart_urls = "http://x.gov.cn/"\n', 3, "start_urls"),
    ('[[site]]\nname = "a"\nstart_urls = ["ftp://x.gov.cn/"]\n', 3, "http(s)"),
    ('[[site]]\nname = "a"\nstart_urls = ["http://x.gov.cn/"]\ndelay = 2\n', 4, "unknown key 'delay'"),
    ('[[site]]\nname = "a"\nstart_urls = ["http://x.gov.cn/"]\ndelay_s = 0\n', 4, "delay_s"),
    ('[[site]]\nname = "../up"\nstart_urls = ["http://x.gov.cn/"]\n', 2, "name"),
    ('[[site]]\nname = "a"\nstart_urls = ["http://x.gov.cn/a/"]\nallow = ["http://x.gov.cn/b/"]\n', 3, "outside"),
    ('[[site]]\nname = "a"\nstart_urls = ["http://x.gov.cn/"]\n[[site]]\nname = "a"\nstart_urls = ["http://y.gov.cn/"]\n',
     4, "used twice"),
    ('[[site]\nname = "a"\n', 1, "not valid TOML"),
    ('title = "x"\n', 1, "unknown key"),
])
def test_registry_errors_name_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(RegistryError) as err:
        load_registry(_reg(tmp_path, text))
    msg = str(err.value)
    assert words in msg
    assert f"sites.toml:{line}:" in msg or f"line {line}" in msg, msg


def test_repository_sites_toml_is_valid() -> None:
    reg = load_registry(REPO / "sites.toml")
    assert len(reg.sites) >= 3
    assert all(s.region and len(s.region) == 6 for s in reg.sites)


# -- safe names ------------------------------------------------------------------------
@pytest.mark.parametrize("header, name", [
    (b'attachment; filename="../../etc/passwd"', "passwd.pdf"),
    ('attachment; filename="..\\..\\boot.ini"', "boot.ini"),
    (b"attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf", "年报.pdf"),
    ('attachment; filename="年报.pdf"'.encode("gbk"), "年报.pdf"),
    ('attachment; filename="年报.pdf"'.encode("utf-8"), "年报.pdf"),
    (b'attachment; filename=".."', "x.pdf"),
    (b'attachment; filename="CON.pdf"', "_CON.pdf"),
    (b'attachment; filename="a\x00b\x1f.pdf"', "a_b_.pdf"),
])
def test_names_from_content_disposition_stay_inside(tmp_path: Path, header: bytes, name: str) -> None:
    got = choose_name("http://h.gov.cn/attach/x.pdf", header, "application/pdf")
    assert got == name
    assert inside(tmp_path, got).parent == tmp_path


def test_names_from_urls() -> None:
    assert choose_name("http://h/zfxxgknb/202301/t20230109_80624.html", None, "text/html") == "t20230109_80624.html"
    assert choose_name("http://h/zfxxgknb/", None, "text/html") == "index.html"
    assert choose_name("http://h/module/download/downfile.jsp?filename=a.pdf", None, "application/pdf") == "downfile.jsp"
    assert choose_name("http://h/%2e%2e%2fetc%2fpasswd", None, None) == "passwd"
    long = choose_name("http://h/" + "很" * 200 + ".pdf", None, None)
    assert long.endswith(".pdf") and len(long.encode()) <= 150
    assert sanitize("../..") == "" and disposition_filename(b"inline") is None


def test_inside_refuses_escapes(tmp_path: Path) -> None:
    for bad in ("..", ".", "a/b", "", "a\\b"):
        with pytest.raises(ValueError):
            inside(tmp_path, bad)


# -- titles, dates, links -----------------------------------------------------------------
@pytest.mark.parametrize("title, report", [
    ("平潭综合实验区公安局2022年政府信息公开工作年度报告", True),
    ("2022年度螅镇政府信息公开工作年度报告", True),
    ("新下陆街道办事处2022年度 政府信息公开工作年度报告", True),
    ("某某局政府信息公开工作年度报告（2023）", True),
    ("某某县2023年政府信息公开年报", True),
    ("关于某某镇2022年政府信息公开工作年度报告的解读", False),
    ("图解：2022年度政府信息公开工作年度报告", False),
    ("关于做好2023年政府信息公开工作年度报告编制发布工作的通知", False),
    ("2023年政府信息公开工作年度报告汇总", False),
    ("政府信息公开工作年度报告", False),  # no year
    ("2023年政府工作报告", False),
])
def test_report_titles(title: str, report: bool) -> None:
    assert is_report_title(title) is report


def test_truncated_list_titles_are_opened_and_year_is_the_titles() -> None:
    assert is_candidate_text("平潭综合实验区公安局2022年政府信息公开工作年…")
    assert not is_candidate_text("关于2022年政府信息公开工作年度报告的解读…")
    assert title_year("平潭综合实验区公安局2022年政府信息公开工作年度报告") == 2022
    assert published_from({"pubdate": "2023-01-09 19:52"}, "", "http://h/") == "2023-01-09"
    assert published_from({}, "发布时间：2024年1月16日", "http://h/") == "2024-01-16"
    assert published_from({}, "", "http://h/art/2024/1/16/art_1_2.html") == "2024-01-16"
    assert published_from({}, "", "http://h/202301/t20230130_11545442.html") == "2023-01-30"


def test_links_pagination_attachments_and_schemes() -> None:
    html = """<html><body>
      <a href="javascript:void(0)">2022年报</a><a href="mailto:a@b.cn">x</a><a href="#top">top</a>
      <a href="./202301/t20230109_1.html">某镇2022年政府信息公开工作年度报告</a>
      <a href="index_3.html">4</a><a href="/other/index.html">其他栏目</a>
      <a href="/module/download/downfile.jsp?classid=0&amp;filename=8f2a.pdf">附件</a>
      <a href="/pdfjs/web/viewer.html?file=/attach/a.pdf">预览</a>
      <iframe src="/viewer?file=%2Fattach%2Fb.pdf"></iframe>
      <span onclick="window.open('/attach/c.docx')">下载</span>
      <script>createPageHTML(4, 0, "index", "shtml");</script></body></html>"""
    base = "http://h.gov.cn/zfxxgk/zfxxgknb/index.html"
    sel, base = L.parse_page(html, base)
    found = L.anchors(sel, base)
    assert all(u.url.startswith("http://h.gov.cn/") for u in found)
    assert not any("javascript" in u.url or "mailto" in u.url for u in found)
    folders = (L.folder(base),)
    lists = [u.url for u in found if L.is_list_link(u, folders)]
    assert lists == ["http://h.gov.cn/zfxxgk/zfxxgknb/index_3.html"]
    assert L.counted_pages(html, base) == [f"http://h.gov.cn/zfxxgk/zfxxgknb/index_{n}.shtml" for n in (1, 2, 3)]
    atts = {u.url for u in found if L.is_attachment_url(u.url) and "viewer" not in u.url}
    assert atts == {"http://h.gov.cn/module/download/downfile.jsp?classid=0&filename=8f2a.pdf"}
    unwrapped = {L.unwrap(u, base).url for u in found if "viewer" in u.url}
    assert unwrapped == {"http://h.gov.cn/attach/a.pdf"}
    assert {u.url for u in L.embedded_files(sel, base)} == {"http://h.gov.cn/attach/b.pdf", "http://h.gov.cn/attach/c.docx"}


def test_gbk_page_without_any_charset_decodes() -> None:
    text = "<html><head><title>某镇2022年政府信息公开工作年度报告</title></head><body>正文</body></html>"
    assert "某镇2022年政府信息公开工作年度报告" in decode_html(text.encode("gbk"))


def test_retry_after() -> None:
    assert retry_after(b"7") == 7.0
    assert retry_after(None) is None and retry_after(b"soon") is None
    assert 0 <= retry_after(b"Wed, 21 Oct 2015 07:28:00 GMT") < 1  # in the past: no wait


# -- store: versions -----------------------------------------------------------------------
def test_store_keeps_versions_and_repairs_a_killed_run(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    url = "http://h/zfxxgknb/t1.pdf"
    s1 = store.save("a", url, b"one", "t1.pdf", {"title": "T", "year": 2023})
    assert (s1.status, s1.path) == ("fetched", "a/t1.pdf")
    assert store.save("a", url, b"one", "t1.pdf", {}).status == "not_modified"
    s2 = store.save("a", url, b"two", "t1.pdf", {"title": "T", "year": 2023})
    assert (s2.status, s2.path) == ("fetched", "a/t1.v2.pdf")
    old = json.loads((tmp_path / "a/t1.pdf.meta.json").read_text("utf-8"))
    new = json.loads((tmp_path / "a/t1.v2.pdf.meta.json").read_text("utf-8"))
    assert (old["newer"], old["version"], new["older"], new["newer"], new["version"]) == \
        ("t1.v2.pdf", 1, "t1.pdf", None, 2)
    # Another URL with the same file name gets its own name, never the other's file.
    s3 = DocumentStore(tmp_path).save("a", "http://h/other/t1.pdf", b"three", "t1.pdf", {})
    assert s3.path.startswith("a/t1.") and s3.path not in ("a/t1.pdf", "a/t1.v2.pdf")
    # A run killed after writing v3 but before marking v2: the next store repairs the link.
    s4 = DocumentStore(tmp_path).save("a", url, b"four", "t1.pdf", {})
    side2 = tmp_path / "a/t1.v2.pdf.meta.json"
    meta2 = json.loads(side2.read_text("utf-8"))
    meta2["newer"] = None
    side2.write_text(json.dumps(meta2), "utf-8")
    again = DocumentStore(tmp_path)
    assert again.save("a", url, b"four", "t1.pdf", {}).status == "not_modified"
    assert json.loads(side2.read_text("utf-8"))["newer"] == Path(s4.path).name
    # The same bytes seen again as an old version are not a new file either.
    assert again.save("a", url, b"one", "t1.pdf", {}).status == "not_modified"


def test_manifest_merge_and_atomic_rewrite(tmp_path: Path) -> None:
    rows = [{"url": "http://h/b", "site": "s", "kind": "report", "status": "fetched", "http_status": 200},
            {"url": "http://h/a", "site": "s", "kind": "list", "status": "fetched", "http_status": 200}]
    write_manifest(tmp_path, merge({}, rows))
    first = (tmp_path / "manifest.parquet").read_bytes()
    write_manifest(tmp_path, merge({}, list(reversed(rows))))
    assert (tmp_path / "manifest.parquet").read_bytes() == first  # same rows → same bytes
    prev = read_manifest(tmp_path)
    merged = merge(prev, [{"url": "http://h/b", "site": "s", "kind": "report", "status": "not_modified"}])
    assert [(r["url"], r["status"]) for r in merged] == [("http://h/a", "fetched"), ("http://h/b", "not_modified")]
    assert not list(tmp_path.glob(".*part"))
    assert pq.read_table(tmp_path / "manifest.parquet").schema.names[:9] == [
        "url", "site", "kind", "status", "http_status", "reason", "path", "sha256", "fetched_at"]


def test_coverage_matching(tmp_path: Path) -> None:
    assert same_agency("夜郎镇", "桐梓县夜郎镇") and same_agency("桐梓县人民政府", "桐梓县")
    assert not same_agency("桐梓县夜郎镇", "桐梓县") and not same_agency("某某镇", "某某乡")
    store = DocumentStore(tmp_path)
    store.save("s", "http://h/1", b"1", "1.html", {"agency": "桐梓县夜郎镇", "year": 2023})
    store.save("s", "http://h/2", b"2", "2.html", {"agency": "桐梓县", "year": 2022})
    from pipeline.scrape.registry import Site

    site = Site("s", ("http://h/",), ("http://h/",), agencies=("夜郎镇", "桐梓县人民政府"))
    rows = {(r["agency"], r["year"]): (r["found"], r["url"]) for r in coverage_rows(tmp_path, [site])}
    assert rows == {("夜郎镇", 2022): (False, None), ("夜郎镇", 2023): (True, "http://h/1"),
                    ("桐梓县人民政府", 2022): (True, "http://h/2"), ("桐梓县人民政府", 2023): (False, None)}


# -- cron behaviour ------------------------------------------------------------------------
def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "scrape", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=HANG_GUARD_S)


def test_cli_exit_codes_when_it_cannot_run(tmp_path: Path) -> None:
    bad = _reg(tmp_path, '[[site]]\nname = "a"\n')
    r = _cli(str(bad), "--raw", str(tmp_path / "raw"), "--state", str(tmp_path / "state"))
    assert r.returncode == 2 and "sites.toml:1:" in r.stderr and "start_urls" in r.stderr
    good = _reg(tmp_path, '[[site]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\n')
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = _cli(str(good), "--raw", str(blocker / "raw"), "--state", str(tmp_path / "state"))
    assert r.returncode == 2 and "raw folder" in r.stderr
    state = tmp_path / "state"
    state.mkdir(exist_ok=True)
    with StateLock(state):
        with pytest.raises(LockHeld):
            StateLock(state).__enter__()
        r = _cli(str(good), "--raw", str(tmp_path / "raw"), "--state", str(state))
        assert r.returncode == 75 and "another scrape" in r.stderr
    assert not (state / "manifest.parquet").exists()


# -- Scrapy settings and retry spacing --------------------------------------------------------
def _job(**extra: object) -> dict:
    sites = [{"name": "a", "start_urls": ["http://a.gov.cn/x/"], "allow": ["http://a.gov.cn/"],
              "delay_s": 0.5, "hosts": ["a.gov.cn", "cdn.gov.cn"]},
             {"name": "b", "start_urls": ["http://cdn.gov.cn/y/"], "allow": ["http://cdn.gov.cn/"],
              "delay_s": 3.0, "hosts": ["cdn.gov.cn"]}]
    return {"sites": sites, "raw": "/tmp", "rows": "/tmp/r", **extra}


def test_settings_one_request_per_host_delay_per_host_no_jitter() -> None:
    from pipeline.scrape.settings import crawl_settings

    s = crawl_settings(_job(max_bytes=1234, contact="https://example.org/c"))
    assert s["DOWNLOAD_SLOTS"] == {"a.gov.cn": {"concurrency": 1, "delay": 0.5, "jitter": 0.0},
                                   "cdn.gov.cn": {"concurrency": 1, "delay": 3.0, "jitter": 0.0}}
    assert s["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1 and s["DOWNLOAD_DELAY_JITTER"] == 0.0
    assert s["ROBOTSTXT_OBEY"] and s["RETRY_TIMES"] == 2 and s["DOWNLOAD_MAXSIZE"] == 1234
    assert 503 in s["RETRY_HTTP_CODES"] and 429 in s["RETRY_HTTP_CODES"]
    assert 412 not in s["RETRY_HTTP_CODES"] and 521 not in s["RETRY_HTTP_CODES"]
    assert "zfxxgk" in s["USER_AGENT"] and "https://example.org/c" in s["USER_AGENT"]
    assert not s["COOKIES_ENABLED"]


def test_backoff_honours_retry_after_and_gives_up_on_long_waits(monkeypatch) -> None:
    import time
    import types

    from scrapy.http import Request, Response
    from scrapy.settings import Settings

    from pipeline.scrape import middlewares
    from pipeline.scrape.middlewares import BackoffRetryMiddleware, RetryLater
    from pipeline.scrape.settings import crawl_settings

    mw = BackoffRetryMiddleware(Settings(crawl_settings(_job(backoff_s=1.0, backoff_max_s=60.0))))
    req = Request("http://a.gov.cn/x/1.html")
    with pytest.raises(RetryLater, match="3600 s"):
        mw.process_response(req, Response(req.url, status=503, headers={"Retry-After": "3600"}))
    # The waits themselves, on a clock that stands still: the machine's load cannot move them.
    monkeypatch.setattr(middlewares, "time", types.SimpleNamespace(monotonic=lambda: 1000.0, time=time.time))
    first = mw._spaced(req.replace(meta={"retry_times": 1}), None)
    second = mw._spaced(req.replace(meta={"retry_times": 2}), None)
    hinted = mw._spaced(req.replace(meta={"retry_times": 1}), 7.0)
    capped = mw._spaced(req.replace(meta={"retry_times": 9}), None)
    assert first.meta["retry_not_before"] == 1001.0  # 1 s, then doubling
    assert second.meta["retry_not_before"] == 1002.0
    assert hinted.meta["retry_not_before"] == 1007.0  # Retry-After: 7 is longer than the backoff
    assert capped.meta["retry_not_before"] == 1060.0  # 2**8 s capped at backoff_max_s
    ok = Response(req.url, status=404)
    assert mw.process_response(req, ok) is ok  # 404 is an answer, not a retry


def test_hanweb_records_and_data_proxy_batches() -> None:
    from pipeline.scrape.proxy import batches, column_form, total_records

    page = """<html><body><div id="4567"><script type="text/xml"><datastore>
      <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3&path=/&columnid=1229214366&unitid=5787637&webname=江北区&permissiontype=0"></a>]]></nextgroup>
      <recordset><record><![CDATA[<li><a href="/art/2024/1/16/art_1229214366_1.html" title="某某街道2023年政府信息公开工作年度报告">某某街道2023年…</a></li>]]></record></recordset>
      </datastore></script></div></body></html>"""
    base = "http://www.nbjb.gov.cn/col/col1229214366/index.html"
    sel, base = L.parse_page(page, base)
    found = {a.url: a.text for a in L.anchors(sel, base, page)}
    assert found["http://www.nbjb.gov.cn/art/2024/1/16/art_1229214366_1.html"] == "某某街道2023年政府信息公开工作年度报告"
    form = column_form(page)
    assert form is not None and (form["webid"], form["columnid"], form["unitid"], form["webname"]) == \
        ("3", "1229214366", "5787637", "江北区")
    assert form["col"] == "1" and form["sourceContentType"] == "1"
    probe = batches(base, form, page)  # no total printed: one batch, the answer tells the rest
    assert [(b.start, b.end) for b in probe] == [(1, 45)]
    assert probe[0].url == "http://www.nbjb.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15"
    answer = "<datastore><totalrecord>100</totalrecord><recordset></recordset></datastore>"
    assert total_records(answer) == 100
    assert [(b.start, b.end) for b in batches(base, form, answer, first=46)] == [(46, 90), (91, 100)]
    assert column_form("<html><body><a href='/col/col1/index.html'>x</a></body></html>") is None


def test_delay_option_overrides_every_site(tmp_path: Path) -> None:
    from pipeline.scrape.runner import _job

    reg = load_registry(_reg(tmp_path, '[[site]]\nname = "a"\nstart_urls = ["http://a.gov.cn/x/"]\ndelay_s = 3\n'
                                       '[[site]]\nname = "b"\nstart_urls = ["http://b.gov.cn/x/"]\n'))
    job = _job(reg, tmp_path, tmp_path, {}, 5.0, 60.0, 50.0, 1.0)
    assert [s["delay_s"] for s in job["sites"]] == [5.0, 5.0]
    job = _job(reg, tmp_path, tmp_path, {}, None, 60.0, 50.0, 1.0)
    assert [s["delay_s"] for s in job["sites"]] == [3.0, 1.0]
    assert job["max_bytes"] == 50 * 1024 * 1024 and job["validators"] == {}


def test_an_unreachable_site_is_a_row_and_the_run_still_exits_zero(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    reg = _reg(tmp_path, f'[[site]]\nname = "gone"\nstart_urls = ["http://127.0.0.1:{port}/zfxxgknb/index.html"]\n'
                         'delay_s = 0.1\n')
    r = _cli(str(reg), "--raw", str(tmp_path / "raw"), "--state", str(tmp_path / "state"))
    assert r.returncode == 0, r.stderr
    assert "0 pages fetched" in r.stderr and "1 error" in r.stderr
    assert "warning: no contact URL in the registry" in r.stderr
    rows = read_manifest(tmp_path / "state")
    row = rows[f"http://127.0.0.1:{port}/zfxxgknb/index.html"]
    assert row["status"] == "error" and "after 3 tries" in row["reason"]


def test_page_title_takes_the_first_report_title_the_page_gives() -> None:
    from parsel import Selector

    from pipeline.scrape.pagemeta import page_title

    def sel(head: str, body: str = "") -> Selector:
        return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>")

    full = "平潭综合实验区公安局2022年政府信息公开工作年度报告"
    assert page_title(sel(f'<meta name="ArticleTitle" content="{full}"><title>x</title>')) == full
    assert page_title(sel(f"<title>{full}_政府信息公开年报_某某县人民政府</title>")) == full
    assert page_title(sel("<title>详细信息</title>", f"<h1>{full}</h1>")) == full  # generic <title>
    assert page_title(sel("<title>详细信息</title>"), anchor=full) == full  # the list link's words
    interp = "关于平潭综合实验区公安局2022年政府信息公开工作年度报告的解读"
    assert page_title(sel(f"<title>{interp}</title>"), anchor=full) == interp  # never a report
    assert not is_report_title(page_title(sel("<title>首页</title>"), anchor="2022年度报告解读"))
