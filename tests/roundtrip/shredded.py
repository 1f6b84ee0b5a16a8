"""Two renderings seen in the wild, for the round-trip tests (no parser code here).

* ``k`` — text lifted from a PDF by other tools, shredded: a table row is one line
  "label v v v" with blank cells gone, but row labels wrap over several lines with the
  numbers on the first, the last or a line of their own before the label; some rows lose
  their label; a group label wraps beside the row labels on the same lines ("（三 1.属于 …");
  header cells break into fragments on lines of their own; a row's numbers may break over
  two lines; a bare page number may stand between two rows.
* ``l`` — Markdown from converters (OCR or language-model tools): one small table per row
  under placeholder headers (数据1 … 数据n), a wrong header row repeated in the middle of a
  table, stub tables filled with "-" under a header, headings as ``##`` / ``###``.

``modes`` records, per value row, how it was printed ("+page": a page number after it), so
the test can tell which rows kept label and numbers on one line with nothing label-less
after them (those must come back whenever the oracle determines them: numbers on a line of
their own after a short row may be that row's, so such a row is not required); every
other row need only never come back wrong.
"""
from __future__ import annotations

from .reportgen import Cell, Chooser, Table

SHRED_MODES = ("intact", "values_first", "values_last", "values_before", "no_label", "split_values")


def _split_text(ch: Chooser, text: str, parts: int) -> list[str]:
    """Cut a label into ``parts`` non-empty fragments (not inside its numbering)."""
    if len(text) < parts * 2:
        return [text]
    start = 1
    for k, c in enumerate(text):  # keep "1." / "（一）" / "一、" with what follows
        if c in "．.、）)":
            start = k + 2
            break
        if k > 3:
            break
    start = min(start, len(text) - parts)
    cuts = sorted({ch.int(start, len(text) - 1) for _ in range(parts - 1)})
    out, prev = [], 0
    for c in cuts:
        if c > prev:
            out.append(text[prev:c])
            prev = c
    out.append(text[prev:])
    return [p for p in out if p]


def _values(row: list[Cell]) -> list[str]:
    return [c.text.strip() for c in row if c.role == "value" and c.text.strip()]


def _labels(row: list[Cell]) -> list[str]:
    return [c.text.replace("\n", "") for c in row if c.role == "label"]


def render_shredded(ch: Chooser, table: Table, modes: list[str], shred: float) -> str:
    """Table ``k``: one printed row per line, shredded as described above."""
    lines: list[str] = []
    for row in table.rows:
        roles = {c.role for c in row}
        if "value" not in roles:
            for c in row:  # titles and headers: whole, or in fragments on lines of their own
                text = c.text.replace("\n", "")
                if c.role == "header" and len(text) >= 4 and ch.flag(shred):
                    lines.extend(_split_text(ch, text, 2))
                else:
                    lines.append(text)
            continue
        labels = _labels(row)
        values = _values(row)
        group = labels[:-1]  # group labels printed in the first row of their group
        label = labels[-1] if labels else ""
        mode = ch.choice(SHRED_MODES) if ch.flag(shred) and table.section != "appeals" else "intact"
        if mode in ("values_before", "no_label", "split_values") and not values:
            mode = "intact"
        if mode in ("values_first", "values_last", "values_before") and len(label) < 6:
            mode = "intact"
        if mode == "split_values" and len(values) < 2:
            mode = "intact"
        modes.append(mode)
        vals = " ".join(values)
        if mode == "intact":
            body = [" ".join(p for p in (label, vals) if p)]
        elif mode == "values_first":
            head, *tail = _split_text(ch, label, ch.int(2, 3))
            body = [f"{head} {vals}".strip()] + tail
        elif mode == "values_last":
            *head, tail = _split_text(ch, label, ch.int(2, 3))
            body = head + [f"{tail} {vals}".strip()]
        elif mode == "values_before":
            body = [vals] + _split_text(ch, label, ch.int(2, 3))
        elif mode == "no_label":
            body = [vals]
        else:
            k = ch.int(1, len(values) - 1)
            body = [" ".join(p for p in (label, " ".join(values[:k])) if p), " ".join(values[k:])]
        if group and ch.flag(shred):
            # the group label's column wraps beside the row label, fragment by fragment
            frags = [f for g in group for f in _split_text(ch, g, ch.int(2, 3))]
            while len(body) < len(frags):
                body.append("")
            body = [" ".join(p for p in (f, b) if p) for f, b in zip(frags + [""] * len(body), body)]
        else:
            lines.extend(group)
        lines.extend(b for b in body if b)
        if ch.flag(shred / 4):
            lines.append(str(ch.int(1, 9)))  # a page number between two rows
            modes[-1] += "+page"
    return "\n".join(lines)


def render_markdown(ch: Chooser, table: Table, modes: list[str], shred: float) -> str:
    """Table ``l``: Markdown tables the way converters write them."""
    out: list[str] = []
    header_rows = [r for r in table.rows if not any(c.role == "value" for c in r)]
    wrong_header = next((r for r in header_rows if any(c.role == "header" for c in r)), None)
    per_row = ch.flag(0.5)

    def md(cells: list[str]) -> list[str]:
        if per_row:
            names = [f"数据{k + 1}" for k in range(len(cells))]
            return ["| " + " | ".join(names) + " |", "|" + "---|" * len(cells), "| " + " | ".join(cells) + " |", ""]
        return ["| " + " | ".join(cells) + " |"]

    first = True
    for row in table.rows:
        texts = [c.text.replace("\n", "") for c in row]
        if not per_row and first:
            out += ["| " + " | ".join(texts) + " |", "|" + "---|" * len(texts)]
            first = False
        else:
            out += md(texts)
        if any(c.role == "value" for c in row):
            modes.append("intact")
            if wrong_header is not None and ch.flag(shred / 3):
                out += md([c.text for c in wrong_header])  # a header row repeated mid-table
        elif ch.flag(shred / 3):
            n = ch.int(2, 4)  # a stub table under placeholder headers, filled with "-" or empty
            stub = ["", "| " + " | ".join(f"数据{k + 1}" for k in range(n)) + " |", "|" + "---|" * n]
            if ch.flag(0.5):
                stub.append("| " + " | ".join("-" for _ in range(n)) + " |")
            out += stub + [""]
    return "\n".join(out)
