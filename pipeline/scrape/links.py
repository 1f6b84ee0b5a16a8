"""What a page links to, and what each link is (list page, report, attachment), by rules.toml.

Works on decoded page text with lxml (through parsel, Scrapy's selector library), so a GBK
page with a wrong charset header is read as correctly as the extractor reads it.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from parsel import Selector

from .rules import rules, squeeze


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def parse_page(text: str, url: str) -> tuple[Selector, str]:
    """The page's selector and its base URL (``<base href>`` wins over the page URL)."""
    sel = Selector(text=text or "<html></html>")
    base = sel.xpath("//base/@href").get()
    return sel, urljoin(url, base.strip()) if base else url


def absolute(base: str, href: str) -> str | None:
    """An absolute http(s) URL without fragment, or None (javascript:, mailto:, data:, junk)."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    try:
        full = urljoin(base, href)
        parts = urlsplit(full)
    except ValueError:
        return None
    if parts.scheme.lower() not in rules().schemes or not parts.hostname:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


def _record_selectors(text: str) -> list[Selector]:
    """Entries written as CDATA records (Hanweb lists, in a script or an XML proxy answer)."""
    cdata = re.compile(rules().cdata, re.DOTALL)
    return [Selector(text=frag) for frag in cdata.findall(text or "") if "<a" in frag.lower()]


def anchors(sel: Selector, base: str, page_text: str = "") -> list[Link]:
    """Every ``<a href>`` as (absolute URL, visible text or title attribute), in page order,
    including those inside CDATA records of scripts."""
    out: list[Link] = []
    for a in sel.xpath("//a[@href]") + [a for r in _record_selectors(page_text) for a in r.xpath("//a[@href]")]:
        url = absolute(base, a.attrib.get("href", ""))
        if url is None:
            continue
        text = squeeze(" ".join(a.xpath(".//text()").getall())) or squeeze(a.attrib.get("title"))
        title = squeeze(a.attrib.get("title"))
        out.append(Link(url, title if len(title) > len(text) else text))
    return out


def wrapped_files(text: str) -> list[str]:
    """File URLs written inside a viewer URL or a script string (``viewer.html?file=a.pdf``)."""
    return [unquote(m.group("url")) for p in rules().embedded for m in p.finditer(text)]


def unwrap(link: Link, base: str) -> Link:
    """A viewer link stands for the file it shows."""
    inner = wrapped_files(link.url)
    url = absolute(link.url, inner[0]) if inner else None
    return Link(url, link.text) if url else link


def embedded_files(sel: Selector, base: str) -> list[Link]:
    """Files shown in iframes/embeds, pdf.js viewers and window.open()/onclick strings."""
    found: list[str] = []
    for src in sel.xpath("//iframe/@src | //embed/@src | //object/@data").getall():
        found.extend(wrapped_files(src) or [src])
    for text in sel.xpath("//@onclick | //script/text()").getall():
        found.extend(wrapped_files(text))
    out, seen = [], set()
    for href in found:
        url = absolute(base, href)
        if url and url not in seen and is_attachment_url(url):
            seen.add(url)
            out.append(Link(url, ""))
    return out


def counted_pages(text: str, base: str) -> list[str]:
    """List pages a paging script counts (``createPageHTML(5, 0, "index", "html")``)."""
    r = rules()
    out = []
    for p in r.page_count:
        for m in p.finditer(text):
            count = min(int(m.group("count")), 500)
            for n in range(1, count):
                name = r.page_count_url.format(prefix=m.group("prefix"), n=n, ext=m.group("ext"))
                out.append(urljoin(base, name))
    return out


def folder(url: str) -> str:
    """The column folder of a list URL: ``…/zfxxgknb/index.html`` → ``…/zfxxgknb/``."""
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else posixpath.dirname(parts.path) + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def is_list_link(link: Link, folders: tuple[str, ...]) -> bool:
    """Another page of the column: under a start URL's folder, shaped or labelled as a list."""
    if not any(link.url.startswith(f) for f in folders):
        return False
    r = rules()
    return (any(p.search(link.url) for p in r.list_url)
            or any(p.search(link.text) for p in r.list_text))


def is_attachment_url(url: str) -> bool:
    """A document file: a known extension, or a download script that serves one."""
    r = rules()
    path = unquote(urlsplit(url).path).lower()
    ext = path.rsplit(".", 1)[-1] if "." in posixpath.basename(path) else ""
    return ext in r.extensions or any(p.search(url) for p in r.script)
