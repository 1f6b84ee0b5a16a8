"""SHA256SUMS (``sha256sum -c`` format) over every file, and CITATION.cff (CFF 1.2.0)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from . import dictionary
from .package import sha256_file

SUMS = "SHA256SUMS"


def write_sums(root: Path) -> None:
    """``<hex>  <path>`` for every file under root but SHA256SUMS itself, sorted by path."""
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != SUMS)
    (root / SUMS).write_text("".join(f"{sha256_file(root / f)}  {f}\n" for f in files), encoding="utf-8")


def write_citation(root: Path, version: str, created: datetime) -> None:
    p = dictionary.package_info()
    cff = {
        "cff-version": "1.2.0",
        "message": p["citation_message"],
        "type": "dataset",
        "title": p["title"],
        "authors": [{"name": c["title"]} for c in p["contributors"]],
        "version": version,
        "date-released": created.strftime("%Y-%m-%d"),
        "license": p["license"]["name"],
        "keywords": p["keywords"],
        "abstract": p["description"],
    }
    (root / "CITATION.cff").write_text(yaml.safe_dump(cff, allow_unicode=True, sort_keys=False, width=100),
                                       encoding="utf-8")
