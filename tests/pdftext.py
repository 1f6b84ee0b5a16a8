"""Text out of a PDF the way researchers' tools give it, for the TXT round-trip tests.

Six extractors: four from the project's own dependencies, two from poppler-utils (installed by
``.ci/run``; with poppler-data, which maps the generated PDFs' non-embedded Adobe-GB1 CID font
to Unicode):

* ``plain``  — pdfplumber ``page.extract_text()``: reading order, words joined by one space.
* ``layout`` — pdfplumber ``page.extract_text(layout=True)``: like ``pdftotext -layout``,
  columns kept by runs of spaces, blank lines for vertical gaps.
* ``words``  — pdfplumber ``page.extract_words()`` grouped into lines by their top and joined
  by a space (the usual home-made script).
* ``pdfium`` — pypdfium2 ``get_textpage().get_text_range()``: what a viewer's select-all +
  copy gives (CRLF line ends, one line per text run).
* ``display`` — laid out by display width, as converters that pad for a terminal do: each
  word at the column ``x0 / DISPLAY_COLUMN`` where a CJK character counts two columns (so a
  10.5 pt CJK glyph takes its two columns and text after it keeps its place), pushed one
  space past the text before it where that is wider.
* ``poppler_layout`` — ``pdftotext -layout``: columns kept by runs of spaces, each character
  one column (a CJK character too), positions from the glyphs' x.
* ``poppler`` — plain ``pdftotext``: poppler's reading order, which reads a table's cells as
  text blocks (a column of numbers before or after the labels, one cell per line).

Glyphs drawn twice for fake bold are de-duplicated for the pdfplumber extractors, as
``pdftotext`` does by itself (within a run of one font: a heading that changes font keeps a
doubled run, as real pdftotext output does) (pdfplumber's documented ``dedupe_chars()``); PDFium's copy
keeps them (it prints such a heading twice), as a viewer does.

Pages are joined as the tools or people do it: form feeds (``pdftotext``), blank lines, or
plain newlines; page-number footers stay in the text exactly as the PDF prints them.
"""
from __future__ import annotations

import io
import shutil
import subprocess

import unicodedata

import pdfplumber
import pypdfium2

from tests.batch_util import HANG_GUARD_S

TOOLS = ("plain", "layout", "words", "pdfium", "poppler_layout", "poppler", "display")
POPPLER = shutil.which("pdftotext")
JOINERS = {
    "ff": "\n\f",        # pdftotext: every page's last line ends, then a form feed
    "ff_bare": "\f",     # a script's "\f".join(page texts): the form feed is the only break
    "blank": "\n\n",     # pages pasted one after the other with an empty line
    "nl": "\n",          # pages simply concatenated
}


def _word_groups(page, tolerance: float = 3.0) -> list[list[dict]]:
    """Words whose tops lie within ``tolerance`` of the line's first word form one line."""
    words = sorted(page.extract_words(), key=lambda w: (round(w["top"], 1), w["x0"]))
    lines: list[list[dict]] = []
    for w in words:
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= tolerance:
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


def _words_lines(page, tolerance: float = 3.0) -> str:
    """pdfplumber's words, one text line per :func:`_word_groups` line."""
    lines = _word_groups(page, tolerance)
    return "\n".join(" ".join(w["text"] for w in sorted(ln, key=lambda w: w["x0"])) for ln in lines)


DISPLAY_COLUMN = 5.0  # points per display column


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _display_lines(page, tolerance: float = 3.0) -> str:
    """Words per line (as ``_words_lines``), each padded to its display column."""
    lines = _word_groups(page, tolerance)
    out = []
    for ln in lines:
        text = ""
        for w in sorted(ln, key=lambda w: w["x0"]):
            width = _display_width(text)
            col = max(round(w["x0"] / DISPLAY_COLUMN), width + 1 if text else 0)
            text += " " * (col - width) + w["text"]
        out.append(text)
    return "\n".join(out)


def _poppler_pages(pdf: bytes, layout: bool) -> list[str]:
    """``pdftotext [-layout] -enc UTF-8 - -``: its pages end with a form feed; split there."""
    if POPPLER is None:
        raise RuntimeError("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    args = [POPPLER, "-q", "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    out = subprocess.run(args, input=pdf, capture_output=True, check=True, timeout=HANG_GUARD_S).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [p[:-1] if p.endswith("\n") else p for p in pages]


def page_texts(pdf: bytes, tool: str, dedupe: bool = True) -> list[str]:
    """One string per page, as ``tool`` extracts it (``dedupe=False`` skips the fake-bold
    de-duplication, which changes nothing on pages without doubled glyphs but costs time)."""
    if tool in ("poppler", "poppler_layout"):
        return _poppler_pages(pdf, layout=tool == "poppler_layout")
    if tool == "pdfium":
        doc = pypdfium2.PdfDocument(pdf)
        try:
            out = []
            for page in doc:
                tp = page.get_textpage()
                out.append(tp.get_text_range())
                tp.close()
                page.close()
            return out
        finally:
            doc.close()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        out = []
        for page in doc.pages:
            if dedupe:
                page = page.dedupe_chars()
            if tool == "plain":
                out.append(page.extract_text())
            elif tool == "layout":
                out.append(page.extract_text(layout=True))
            elif tool == "words":
                out.append(_words_lines(page))
            elif tool == "display":
                out.append(_display_lines(page))
            else:
                raise ValueError(f"unknown tool {tool!r}")
        return out


def pdf_to_text(pdf: bytes, tool: str, joiner: str = "ff", dedupe: bool = True) -> str:
    pages = page_texts(pdf, tool, dedupe)
    sep = JOINERS[joiner]
    text = sep.join(pages)
    if joiner.startswith("ff"):
        text += sep
    return text


def encode(text: str, encoding: str) -> bytes:
    """UTF-8 (optionally with BOM) or GB18030, as the file would be saved."""
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    return text.encode(encoding)
