"""Find and read the release a new one is compared with (for CHANGELOG.md)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from packaging.version import InvalidVersion, Version

from .errors import ReleaseError

PREFIX = "zfxxgk-"
_NEEDED = {"reports": ("report_id", "source_path", "status", "agency", "year", "checks_failed"),
           "facts": ("report_id", "category", "applicant_type", "count", "amount")}


@dataclass
class PreviousRelease:
    version: str
    path: Path
    reports: pa.Table
    facts: pa.Table


def parse_version(text: str) -> Version:
    try:
        return Version(text)
    except InvalidVersion:
        raise ReleaseError(f"version {text!r} is not a version number; use e.g. 1.0.0 or 2026.12.0") from None


def newest_before(dest: Path, version: str) -> Path | None:
    """The newest ``zfxxgk-V`` in ``dest`` with V earlier than ``version`` (complete ones only)."""
    new = parse_version(version)
    best: tuple[Version, Path] | None = None
    if not dest.is_dir():
        return None
    for p in dest.iterdir():
        if not p.name.startswith(PREFIX) or not (p / "datapackage.json").is_file():
            continue
        try:
            v = Version(p.name[len(PREFIX):])
        except InvalidVersion:
            continue
        if v < new and (best is None or v > best[0]):
            best = (v, p)
    return best[1] if best else None


def load(path: Path) -> PreviousRelease:
    """A release folder's reports and facts, as written by this module's build."""
    path = Path(path)
    try:
        meta = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
        reports = pq.read_table(path / "data" / "reports.parquet")
        facts = pq.read_table(path / "data" / "facts.parquet")
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise ReleaseError(f"cannot read the previous release {path}: {exc}; name another with --previous") from exc
    for name, table in (("reports", reports), ("facts", facts)):
        missing = [c for c in _NEEDED[name] if c not in table.column_names]
        if missing:
            raise ReleaseError(f"the previous release {path} has no {name} column(s) {', '.join(missing)}; "
                               f"name a comparable release with --previous")
    return PreviousRelease(version=str(meta.get("version", path.name)), path=path, reports=reports, facts=facts)
