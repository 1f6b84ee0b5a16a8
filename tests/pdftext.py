"""Text out of a PDF the way researchers' tools give it, for the TXT round-trip tests.

Four extractors, all from the project's own dependencies (no poppler, no new packages):

* ``plain``  — pdfplumber ``page.extract_text()``: reading order, words joined by one space.
* ``layout`` — pdfplumber ``page.extract_text(layout=True)``: like ``pdftotext -layout``,
  columns kept by runs of spaces, blank lines for vertical gaps.
* ``words``  — pdfplumber ``page.extract_words()`` grouped into lines by their top and joined
  by a space (the usual home-made script).
* ``pdfium`` — pypdfium2 ``get_textpage().get_text_range()``: what a viewer's select-all +
  copy gives (CRLF line ends, one line per text run).

Glyphs drawn twice for fake bold are de-duplicated for the pdfplumber extractors, as
``pdftotext`` does by itself (pdfplumber's documented ``dedupe_chars()``); PDFium's copy
keeps them (it prints such a heading twice), as a viewer does.

Pages are joined as the tools or people do it: form feeds (``pdftotext``), blank lines, or
plain newlines; page-number footers stay in the text exactly as the PDF prints them.
"""
from __future__ import annotations

import io

import pdfplumber
import pypdfium2

TOOLS = ("plain", "layout", "words", "pdfium")
JOINERS = {
    "ff": "\n\f",        # pdftotext: every page's last line ends, then a form feed
    "ff_bare": "\f",     # a script's "\f".join(page texts): the form feed is the only break
    "blank": "\n\n",     # pages pasted one after the other with an empty line
    "nl": "\n",          # pages simply concatenated
}


def _words_lines(page, tolerance: float = 3.0) -> str:
    """Words whose tops lie within ``tolerance`` of the line's first word form one line."""
    words = sorted(page.extract_words(), key=lambda w: (round(w["top"], 1), w["x0"]))
    lines: list[list[dict]] = []
    for w in words:
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= tolerance:
            lines[-1].append(w)
        else:
            lines.append([w])
    return "\n".join(" ".join(w["text"] for w in sorted(ln, key=lambda w: w["x0"])) for ln in lines)


def page_texts(pdf: bytes, tool: str, dedupe: bool = True) -> list[str]:
    """One string per page, as ``tool`` extracts it (``dedupe=False`` skips the fake-bold
    de-duplication, which changes nothing on pages without doubled glyphs but costs time)."""
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
