"""The HTML reader's output on thousands of pages, this checkout beside a git revision.

    .venv/bin/python bench/html_reader_diff.py --reference d453733

Writes the pages (the five HTML sources, flattened and Word-grid reports from the round-trip
generators, random pages with spans, hidden parts, chrome, nested tables, odd markup) to a
folder, reads each with ``HtmlParser`` in a fresh Python for each checkout (memos emptied every
third page) and compares the SHA-256 of each ``repr(Document)``: a speed change to the reader
must leave every page's Document as it was.
"""
from __future__ import annotations

import argparse
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_scale import SHARED, reference_checkout  # noqa: E402

_READ = r"""
import hashlib, pathlib, sys
sys.path.insert(0, sys.argv[1])
from parsers.html.parser import HtmlParser
from parsers.base import DocumentError
from parsers.memo import forget_all
P = HtmlParser()
for k, p in enumerate(sorted(pathlib.Path(sys.argv[2]).glob("*.html"))):
    if k % 3 == 0:
        forget_all()
    try:
        r = repr(P.parse(p.read_bytes()))
    except DocumentError as e:
        r = "ERR " + e.message
    print(p.name, hashlib.sha256(r.encode()).hexdigest())
"""


def write_pages(out: pathlib.Path, reports: int = 150, random_pages: int = 2500) -> None:
    """The pages the readers are compared on (deterministic)."""
    from tests.roundtrip.flatten import draw_options, flatten
    from tests.roundtrip.reportgen import RandomChooser, generate_report
    from tests.roundtrip.wordgrid import render, word_report
    out.mkdir(parents=True, exist_ok=True)
    for p in [*sorted(SHARED.glob("corpus*/*.html")), *sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html"))]:
        shutil.copy(p, out / p.name)
    for i in range(reports):
        ch = RandomChooser(i)
        rep = generate_report(ch, ("2021", "2019")[i % 2])
        (out / f"j-{i:04d}.html").write_bytes(flatten(rep, draw_options(ch, "j"), ch))
    for i in range(reports):
        ch = RandomChooser(1000 + i)
        rep, o = word_report(ch, ("2021", "2019")[i % 2])
        (out / f"w-{i:04d}.html").write_bytes(render(rep, o, ch))
    R = random.Random(7)
    TEXTS = ["0", "12", "总计", "予以公开", " ", "", "a b", "自然人", "\ue000", "x\ny", "  3 ", "一、总体情况", "报告",
             "&amp;", "&nbsp;", "行政复议", "１２", "—", "A\tB", "\u3000", "索引号：", "发布日期:", "本年新收政府信息公开申请数量"]
    STYLES = ["", "color:red", "display:none", "DISPLAY: NONE", "visibility:hidden", "Visibility : Hidden",
              "font-family: 宋体; font-size: 12pt", "display:block", "d\u0130splay:none", "vis\u0131bility:hidden",
              "display:\u017fnone", "margin:0; display : none ;", "none display", "hidden visibility"]
    INLINE = ["span", "font", "b", "i", "a", "strong", "em", "o:p", "u", "sup", "SPAN", "custom", "img", "label"]
    BLOCK = ["p", "div", "li", "h1", "h2", "h3", "section", "pre", "center", "blockquote", "ul", "nav", "footer", "td", "tr", "P", "DIV"]
    SKIP = ["script", "style", "textarea", "select", "noscript", "iframe", "svg", "input", "button"]
    CLASSES = ["", "nav", "main", "footer-box", "article", "breadcrumb", "title", "TITLE", "newsTitle", "side", "share", "content", "mainSide"]
    def attrs():
        a = []
        if R.random() < 0.3: a.append(f'style="{R.choice(STYLES)}"')
        if R.random() < 0.03: a.append("hidden")
        if R.random() < 0.15: a.append(f'class="{R.choice(CLASSES)}"')
        if R.random() < 0.05: a.append(f'id="{R.choice(CLASSES)}"')
        return (" " + " ".join(a)) if a else ""
    def text():
        return R.choice(TEXTS)
    def inline(d):
        t = R.choice(INLINE)
        if t == "img": return f"<img src=x{attrs()}>{text()}"
        inner = "".join(node(d + 1, True) for _ in range(R.randint(0, 2)))
        return f"<{t}{attrs()}>{text()}{inner}</{t}>{text()}"
    def cell(d):
        tag = R.choice(["td", "td", "td", "th", "TD"])
        a = attrs()
        if R.random() < 0.2: a += f' colspan="{R.choice(["2", "3", "0", "x", "1.5", " 2 ", "999"])}"'
        if R.random() < 0.2: a += f' rowspan="{R.choice(["2", "3", "0", "y", "100"])}"'
        r = R.random()
        if r < 0.4: inner = text()
        elif r < 0.9: inner = "".join(node(d + 1, R.random() < 0.5) for _ in range(R.randint(1, 3)))
        else: inner = table(d + 1)
        return f"<{tag}{a}>{inner}</{tag}>"
    def table(d):
        rows = []
        for _ in range(R.randint(1, 5)):
            cells = "".join(cell(d) for _ in range(R.randint(1, 5)))
            rows.append(f"<tr{attrs() if R.random() < 0.3 else ''}>{cells}</tr>")
        body = "".join(rows)
        r = R.random()
        if r < 0.3:
            body = f"<thead{attrs()}>{rows[0]}</thead><tbody{attrs()}>{''.join(rows[1:])}</tbody>"
        elif r < 0.4:
            body = f"<tfoot>{rows[0]}</tfoot><tbody>{''.join(rows[1:])}</tbody>"
        elif r < 0.45:
            body = f"<span>{text()}{body}</span>"
        return f"<table{attrs()}>{text() if R.random() < 0.2 else ''}{body}</table>"
    def node(d, inline_only=False):
        if d > 6: return text()
        r = R.random()
        if inline_only or r < 0.35: return inline(d)
        if r < 0.45: return "<br>" + text()
        if r < 0.5: return f"<{R.choice(SKIP)}>{text()}</{R.choice(SKIP)}>" + text()
        if r < 0.53: return "<!-- c -->" + text()
        if r < 0.65: return table(d)
        t = R.choice(BLOCK)
        inner = "".join(node(d + 1) for _ in range(R.randint(0, 4)))
        return f"<{t}{attrs()}>{text()}{inner}</{t}>{text()}"
    for i in range(random_pages):
        head = ""
        if R.random() < 0.5: head += f"<title>{R.choice(['关于2022年报告 - 某局', '首页', '某区2021年政府信息公开工作年度报告_某区'])}</title>"
        if R.random() < 0.3: head += f'<meta name="{R.choice(["ArticleTitle", "title", "og:title", "keywords"])}" content="{R.choice(["某县2020年年度报告", "", "x"])}">'
        body = "".join(node(0) for _ in range(R.randint(1, 12)))
        (out / f"r-{i:04d}.html").write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")


def read_all(root: pathlib.Path, pages: pathlib.Path) -> list[str]:
    out = subprocess.run([sys.executable, "-c", _READ, str(root), str(pages)], cwd=root,
                         capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", required=True, metavar="REV", help="git revision to compare with")
    ap.add_argument("--random-pages", type=int, default=2500)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="html-diff-") as tmp:
        work = pathlib.Path(tmp)
        write_pages(work / "pages", random_pages=a.random_pages)
        ref = reference_checkout(a.reference, work / "reference")
        now, was = read_all(ROOT, work / "pages"), read_all(ref, work / "pages")
    differ = [x.split()[0] for x, y in zip(now, was) if x != y]
    print(f"{len(now)} pages; {len(differ)} differ from {a.reference}" + (f": {', '.join(differ[:20])}" if differ else ""))
    return 1 if differ or len(now) != len(was) else 0


if __name__ == "__main__":
    raise SystemExit(main())
