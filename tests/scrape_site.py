"""A fake county portal on loopback for the scraper tests (never the network).

Three hosts, each its own ``ThreadingHTTPServer``: the county portal ``127.0.0.1`` (a TRS-style
annual-report column), a second portal ``127.0.0.2`` (Hanweb-style) and a mirror
``127.0.0.3`` that must never be asked anything. Every request is logged with the time it
arrived and the time its answer was finished, so the tests assert spacing from the server's
side. Report bodies are the shared corpus's real documents.
"""
from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

SHARED = Path(__file__).resolve().parents[2] / "shared"
P03 = SHARED / "corpus-full" / "p-03-gaj-2022.html"
R03 = SHARED / "corpus-full" / "r-03-huaian-szf-2024.pdf"
HUGE_BYTES = 64 * 1024 * 1024
CHUNK = 64 * 1024
LAST_MODIFIED = formatdate(1700000000, usegmt=True)


@dataclass
class Hit:
    host: str
    path: str
    start: float
    end: float = 0.0
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    sent: int = 0
    aborted: bool = False


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    sleep: float = 0.0
    stream: int = 0  # bytes to stream (no Content-Length) instead of body


class FakeSite:
    """Routes per host; ``hits`` is the shared request log."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.servers: dict[str, ThreadingHTTPServer] = {}
        self.p03_extra = b""  # appended to the GBK report page to publish a corrected version
        for ip in ("127.0.0.1", "127.0.0.2", "127.0.0.3"):
            self.servers[ip] = ThreadingHTTPServer((ip, 0), self._handler(ip))
            self.servers[ip].daemon_threads = True
        self.a = f"http://127.0.0.1:{self.servers['127.0.0.1'].server_port}"
        self.b = f"http://127.0.0.2:{self.servers['127.0.0.2'].server_port}"
        self.m = f"http://127.0.0.3:{self.servers['127.0.0.3'].server_port}"

    # -- lifecycle --------------------------------------------------------------------
    def __enter__(self) -> "FakeSite":
        for s in self.servers.values():
            threading.Thread(target=s.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for s in self.servers.values():
            s.shutdown()
            s.server_close()

    def hits_of(self, host: str) -> list[Hit]:
        with self.lock:
            return sorted((h for h in self.hits if h.host == host), key=lambda h: h.start)

    def seen(self, path: str) -> int:
        with self.lock:
            return self.counts.get(path, 0)

    # -- the handler --------------------------------------------------------------------
    def _handler(self, ip: str) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.do_GET()

            def do_GET(self) -> None:
                hit = Hit(ip, self.path, time.monotonic(), headers={k.lower(): v for k, v in self.headers.items()})
                if self.command == "POST":
                    length = int(self.headers.get("Content-Length") or 0)
                    hit.headers[":body"] = self.rfile.read(length).decode("utf-8", "replace")
                hit.headers[":method"] = self.command
                with site.lock:
                    site.hits.append(hit)
                    site.counts[self.path] = site.counts.get(self.path, 0) + 1
                    nth = site.counts[self.path]
                answer = site.route(ip, self.path, nth, hit.headers)
                if answer.sleep:
                    time.sleep(answer.sleep)
                hit.status = answer.status
                try:
                    self.send_response(answer.status)
                    for k, v in answer.headers.items():
                        # Chinese servers send raw UTF-8 in Content-Disposition; so does this one.
                        self._headers_buffer.append(f"{k}: {v}\r\n".encode("utf-8"))
                    if answer.stream:
                        self.send_header("Connection", "close")
                        self.end_headers()
                        chunk = b"%PDF-1.4\n" + b"0" * (CHUNK - 9)
                        while hit.sent < answer.stream:
                            self.wfile.write(chunk)
                            hit.sent += len(chunk)
                    else:
                        self.send_header("Content-Length", str(len(answer.body)))
                        self.end_headers()
                        self.wfile.write(answer.body)
                        hit.sent = len(answer.body)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    hit.aborted = True
                    self.close_connection = True
                hit.end = time.monotonic()

        return Handler

    # -- the sites --------------------------------------------------------------------
    def route(self, ip: str, path: str, nth: int, headers: dict[str, str]) -> Answer:
        table: dict[str, Callable[[int, dict[str, str]], Answer]] = {
            "127.0.0.1": self.portal_a, "127.0.0.2": self.portal_b}.get(ip, lambda *_: None)
        answer = table(path, nth, headers) if ip != "127.0.0.3" else None
        return answer or Answer(404, "<html><body>404 页面不存在</body></html>".encode(),
                                {"Content-Type": "text/html; charset=utf-8"})

    def portal_a(self, path: str, nth: int, headers: dict[str, str]) -> Answer | None:
        col = "/zfxxgk/zfxxgknb/"
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return Answer(200, b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.4\n", {"Content-Type": "text/plain"})
        if path == col + "index.html":
            return Answer(200, page(f"""
              <ul>
               <li><a href="./202301/t20230109_80624.htm">平潭综合实验区公安局2022年政府信息公开工作年度报告</a></li>
               <li><a href="./202301/t20230110_1.htm">关于平潭综合实验区公安局2022年政府信息公开工作年度报告的解读</a></li>
               <li><a href="./202301/t20230111_2.htm" title="政府信息公开年报2022年…">政府信息公开年报2022年…</a></li>
               <li><a href="/private/t20230112_3.htm">某某镇2022年政府信息公开工作年度报告</a></li>
               <li><a href="javascript:void(0)">某某乡2022年政府信息公开工作年度报告</a></li>
               <li><a href="mailto:gk@example.gov.cn">某某村2022年政府信息公开工作年度报告</a></li>
               <li><a href="{self.m}/copy/t20230109_80624.htm">平潭综合实验区公安局2022年政府信息公开工作年度报告（转载）</a></li>
               <li><a href="./redir-out.htm">某县2022年政府信息公开工作年度报告</a></li>
               <li><a href="./202301/t20230101_404.htm">某某街道2022年政府信息公开工作年度报告</a></li>
               <li><a href="./202301/t20230104_412.htm">某某局2022年政府信息公开工作年度报告</a></li>
               <li><a href="/">首页</a> <a href="/zwgk/">政务公开</a></li>
              </ul>
              <div class="page"><script>createPageHTML(2, 0, "index", "html");</script>
              <a href="index_1.html">下一页</a></div>""").encode("utf-8"), html)
        if path == col + "index_1.html":
            # GBK page whose header charset lies (utf-8); the meta tag tells the truth.
            body = page("""
              <ul>
               <li><a href="./redir-in.htm">淮安市人民政府2024年政府信息公开工作年度报告</a></li>
               <li><a href="./202301/t20230102_503.htm">某某镇2022年度政府信息公开工作年度报告</a></li>
               <li><a href="./refresh.htm">某某社区2022年政府信息公开工作年度报告</a></li>
               <li><a href="./202301/t20230103_slow.htm">2022年度某某乡政府信息公开工作年度报告</a></li>
              </ul>""", charset="gbk").encode("gbk")
            return Answer(200, body, html)
        if path == col + "202301/t20230109_80624.htm":
            # GBK, no charset in the header and none in the page.
            text = P03.read_text("utf-8")
            text = re.sub(r"<meta[^>]*charset[^>]*>", "", text, flags=re.IGNORECASE)
            return conditional(text.encode("gb18030") + self.p03_extra, headers, {"Content-Type": "text/html"})
        if path == col + "202301/t20230111_2.htm":
            return Answer(200, page("<p>图解内容</p>", title="图解：平潭综合实验区公安局2022年政府信息公开工作年度报告").encode(), html)
        if path == col + "redir-out.htm":
            return Answer(302, b"", {"Location": f"{self.m}/elsewhere/report.htm"})
        if path == col + "202301/t20230104_412.htm":
            return Answer(412, b"<html><script>challenge()</script></html>", html)
        if path == col + "redir-in.htm":
            return Answer(302, b"", {"Location": col + "202501/t20250120_2001.htm"})
        if path == col + "202501/t20250120_2001.htm":
            return conditional(page(
                '<p>淮安市人民政府2024年政府信息公开工作年度报告</p>'
                '<p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=2501201.pdf">'
                '淮安市人民政府2024年政府信息公开工作年度报告.pdf</a></p>',
                title="淮安市人民政府2024年政府信息公开工作年度报告").encode(), headers, html)
        if path == "/module/download/downfile.jsp?classid=0&filename=2501201.pdf":
            return Answer(302, b"", {"Location": "/attach/0/2501201.pdf"})
        if path == "/attach/0/2501201.pdf":
            return conditional(R03.read_bytes(), headers, {
                "Content-Type": "application/pdf",
                "Content-Disposition": 'attachment; filename="../../../etc/淮安市2024年报.pdf"'})
        if path == col + "202301/t20230102_503.htm":
            if nth == 1:
                return Answer(503, b"busy", {"Retry-After": "1", "Content-Type": "text/plain"})
            return conditional(page(
                '<p>正文见附件。</p><a href="./P020230102_huge.pdf">附件</a>',
                title="某某镇2022年度政府信息公开工作年度报告").encode(), headers, html)
        if path == col + "refresh.htm":  # an old URL that forwards by <meta http-equiv="refresh">
            return Answer(200, '<html><head><meta http-equiv="refresh" content="0; url=202301/t20230105_7.htm">'
                               '</head><body></body></html>'.encode(), html)
        if path == col + "202301/t20230105_7.htm":
            return conditional(page("<p>正文略。</p>", title="某某社区2022年政府信息公开工作年度报告").encode(), headers, html)
        if path == col + "202301/P020230102_huge.pdf":
            return Answer(200, headers={"Content-Type": "application/pdf"}, stream=HUGE_BYTES)
        if path == col + "202301/t20230103_slow.htm":
            return conditional(page("<p>正文略。</p>", title="2022年度某某乡政府信息公开工作年度报告").encode(),
                               headers, html, sleep=1.2 if nth == 1 else 0.0)
        return None

    def portal_b(self, path: str, nth: int, headers: dict[str, str]) -> Answer | None:
        col = "/col/col1229/"
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return None  # no robots.txt: everything allowed
        if path == col + "index.html":
            # Hanweb: page-1 entries as CDATA records; more pages from the XML data proxy.
            return Answer(200, page(f"""
              <div id="4567"><script type="text/xml"><datastore>
              <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3&path=/&columnid=1229&unitid=4567&webname=某某县&permissiontype=0"></a>]]></nextgroup>
              <recordset><record><![CDATA[<li><a href="/art/2024/1/16/art_1229_1.html" title="某某县2023年政府信息公开工作年度报告">某某县2023年…</a></li>]]></record></recordset>
              </datastore></script></div>
              <script>var totalRecord = 2; perpage: 15;</script>
              <a href="{col}index.html?uid=1&amp;pageNum=2">下页</a>""").encode(), html)
        if path == "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=2&perpage=15":
            if "columnid=1229" not in headers.get(":body", "") or headers.get(":method") != "POST":
                return Answer(400, b"bad form", {"Content-Type": "text/plain"})
            return Answer(200, """<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>2</totalrecord>
              <recordset><record><![CDATA[<li><a href="/art/2024/1/16/art_1229_1.html">某某县2023年…</a></li>]]></record>
              <record><![CDATA[<li><a href="/art/2024/1/20/art_1229_3.html" title="某某乡2023年政府信息公开工作年度报告">某某乡2023年…</a></li>]]></record>
              </recordset></datastore>""".encode(), {"Content-Type": "text/xml; charset=utf-8"})
        if path == "/art/2024/1/20/art_1229_3.html":
            return conditional(page("<p>正文略。</p>", title="某某乡2023年政府信息公开工作年度报告").encode(), headers,
                               html, etag=False)
        if path == col + "index.html?uid=1&pageNum=2":
            return Answer(200, page("""
              <a href="/art/2023/1/31/art_1229_2.html">平潭综合实验区公安局2022年政府信息公开工作年度报告</a>
              <a href="mailto:x@example.gov.cn">联系我们</a>""").encode(), html)
        if path == "/art/2024/1/16/art_1229_1.html":
            return Answer(521, b"<html><script>document.cookie='__jsluid_s=1'</script></html>",
                          {"X-Via-JSL": "1", "Content-Type": "text/html"})
        if path == "/art/2023/1/31/art_1229_2.html":
            body = P03.read_bytes().replace(
                b"</body>", b'<iframe src="/pdfjs/web/viewer.html?file=/attach/1229/r03.pdf"></iframe></body>')
            return conditional(body, headers, {"Content-Type": "text/html; charset=utf-8"}, etag=False)
        if path.startswith("/gkmlpt/api/all/77?"):  # Guangdong gkmlpt's JSON column API
            pages = {"page=1&sid=9": [
                {"id": 1001001, "title": "某某镇2023年政府信息公开工作年度报告",
                 "url": f"{self.b}/gkmlpt/content/1/1001/post_1001001.html", "create_time": 1706000000},
                {"id": 1001002, "title": "某某镇2023年政府信息公开工作年度报告解读",
                 "url": f"{self.b}/gkmlpt/content/1/1001/post_1001002.html"}],
                "page=2&sid=9": [
                {"id": 1001003, "title": "某某局2023年政府信息公开工作年度报告",
                 "post_url": "/gkmlpt/content/1/1001/post_1001003.html"}]}
            items = pages.get(path.split("?", 1)[1])
            if items is None:
                return None
            import json as _json
            return Answer(200, _json.dumps({"total": 3, "articles": items}, ensure_ascii=False).encode(),
                          {"Content-Type": "application/json;charset=UTF-8"})
        if path in ("/gkmlpt/content/1/1001/post_1001001.html", "/gkmlpt/content/1/1001/post_1001003.html"):
            title = "某某镇2023年政府信息公开工作年度报告" if path.endswith("1001.html") else "某某局2023年政府信息公开工作年度报告"
            return Answer(200, page("<p>正文略。</p>", title=title).encode(), html)
        if path == "/col/col9/index.html":
            return Answer(200, page('<a href="/art/2023/2/1/art_9_1.html">某某街道2023年政府信息公开工作年度报告</a>'
                                    '<a href="/art/2023/2/2/art_9_2.html">某某社区2023年政府信息公开工作年度报告</a>'
                                    '<a href="/art/old/9_2.html">某某社区2023年政府信息公开工作年度报告（旧址）</a>').encode(),
                          html)
        if path == "/art/old/9_2.html":  # an old address of a page also linked directly
            return Answer(301, b"", {"Location": "/art/2023/2/2/art_9_2.html"})
        if path == "/art/2023/2/2/art_9_2.html":
            return Answer(200, page("<p>正文略。</p>", title="某某社区2023年政府信息公开工作年度报告").encode(), html)
        if path == "/art/2023/2/1/art_9_1.html":  # hangs past the client's timeout, once
            return Answer(200, page('<p>正文略。</p><a href="/attach/9/empty.pdf">附件</a>',
                                    title="某某街道2023年政府信息公开工作年度报告").encode(),
                          html, sleep=1.6 if nth == 1 else 0.0)
        if path == "/attach/9/empty.pdf":
            return Answer(200, b"", {"Content-Type": "application/pdf"})
        if path == "/attach/1229/r03.pdf":
            return conditional(R03.read_bytes(), headers, {"Content-Type": "application/pdf"}, etag=False)
        return None


def conditional(body: bytes, req: dict[str, str], headers: dict[str, str], etag: bool = True,
                sleep: float = 0.0) -> Answer:
    """200 with validators, or 304 when the request's validators match (ETag or Last-Modified)."""
    tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    out = dict(headers)
    if etag:
        out["ETag"] = tag
        if req.get("if-none-match") == tag:
            return Answer(304, b"", {"ETag": tag}, sleep=sleep)
    else:
        out["Last-Modified"] = LAST_MODIFIED
        if req.get("if-modified-since") == LAST_MODIFIED:
            return Answer(304, b"", {"Last-Modified": LAST_MODIFIED}, sleep=sleep)
    return Answer(200, body, out, sleep=sleep)


def page(body: str, title: str = "政府信息公开年报", charset: str | None = None) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return (f"<html><head>{meta}<title>{title}_政府信息公开年报_某某县人民政府</title>"
            f'<meta name="ColumnName" content="政府信息公开年报"></head><body>{body}</body></html>')
