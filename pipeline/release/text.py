"""Small Markdown helpers shared by README.md and CHANGELOG.md."""
from __future__ import annotations

from typing import Any, Iterable, Sequence


def md_cell(v: Any) -> str:
    """One table cell: pipes and line breaks escaped so the table stays a table."""
    text = "" if v is None else str(v)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def md_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(md_cell(h) for h in header) + " |",
           "| " + " | ".join("---" for _ in header) + " |"]
    out += ["| " + " | ".join(md_cell(v) for v in row) + " |" for row in rows]
    return out
