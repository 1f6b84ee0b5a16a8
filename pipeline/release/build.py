"""Build ``DEST/zfxxgk-VERSION/`` from an extract output, beside the destination, then publish
it in one atomic rename that never replaces an existing version.

Order: everything that can fail on the input (unknown columns, unreadable files, invalid
data) fails before anything is published; a killed build leaves only a hidden staging folder
that the next build of that version removes.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from ..durable import fsync_path

import pyarrow as pa

from . import changelog, integrity, package, previous, qa, readme, validate
from .clock import build_time, rfc3339
from .errors import ReleaseError
from .export import write_csv, write_parquet, write_stata
from .panel import build_panel
from .schema import retyped, table_schema
from .tables import read_output

STATA_TABLES = ("report_panel",)
_RENAME_NOREPLACE = 1


@dataclass
class BuildResult:
    path: Path
    previous: str | None
    rows: dict[str, int]


def build_release(out: Path, version: str, dest: Path, previous_path: Path | None = None) -> BuildResult:
    out, dest = Path(out), Path(dest)
    previous.parse_version(version)
    final = dest / f"{previous.PREFIX}{version}"
    if os.path.lexists(final):
        raise ReleaseError(f"{final} already exists; a published version is never overwritten — choose a new version")
    dest.mkdir(parents=True, exist_ok=True)
    with _Lock(dest / f".{final.name}.lock"):
        for stale in dest.glob(f".{final.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        stage = dest / f".{final.name}.tmp-{os.getpid()}"
        stage.mkdir()
        try:
            result = _build(out, version, stage, dest, previous_path)
            _publish(stage, final)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
    result.path = final
    return result


def _build(out: Path, version: str, root: Path, dest: Path, previous_path: Path | None) -> BuildResult:
    created_at = build_time()
    created = rfc3339(created_at)
    tables = read_output(out)
    tables["report_panel"] = build_panel(tables["reports"], tables["facts"])
    tables = {n: retyped(n, t) for n, t in tables.items()}
    names = set(tables)
    schemas = {n: table_schema(n, t.schema, names) for n, t in tables.items()}
    prev_dir = previous_path or previous.newest_before(dest, version)
    prev = previous.load(prev_dir) if prev_dir else None

    (root / "data").mkdir()
    files: list[package.DataFile] = []
    for name, table in tables.items():
        write_csv(table, root / "data" / f"{name}.csv")
        files.append(package.DataFile(name, "csv", f"data/{name}.csv", table.num_rows, schemas[name]))
    for name, table in tables.items():
        write_parquet(table, root / "data" / f"{name}.parquet")
        files.append(package.DataFile(name, "parquet", f"data/{name}.parquet", table.num_rows,
                                      _same_format_keys(schemas[name], "_parquet")))
    for name in STATA_TABLES:
        write_stata(tables[name], root / "data" / f"{name}.dta", created_at, name)
        files.append(package.DataFile(name, "dta", f"data/{name}.dta", tables[name].num_rows, None))

    parser_versions = _parser_versions(tables["reports"])
    package.write_json(package.descriptor(root, files, version, created, parser_versions, tables["reports"].num_rows),
                       root / "datapackage.json")
    (root / "README.md").write_text(readme.render_readme(version, created, tables, schemas, files, parser_versions),
                                    encoding="utf-8")
    (root / "CHANGELOG.md").write_text(
        changelog.render_changelog(version, created, tables["reports"], tables["facts"], prev), encoding="utf-8")
    (root / "qa").mkdir()
    (root / "qa" / "index.html").write_text(qa.render_qa(version, created, tables), encoding="utf-8")
    integrity.write_citation(root, version, created_at)

    found = validate.problems(root)
    if found:
        shown = "\n  ".join(found[:30])
        raise ReleaseError(f"the package does not validate, so it was not published:\n  {shown}")
    integrity.write_sums(root)
    _settle(root, created_at.timestamp())
    return BuildResult(path=root, previous=prev.version if prev else None,
                       rows={n: t.num_rows for n, t in tables.items()})


def _same_format_keys(schema: dict, suffix: str) -> dict:
    """A copy's schema whose foreign keys point at the copies of the same format."""
    out = dict(schema)
    if "foreignKeys" in schema:
        out["foreignKeys"] = [{"fields": fk["fields"],
                               "reference": {**fk["reference"], "resource": fk["reference"]["resource"] + suffix}}
                              for fk in schema["foreignKeys"]]
    return out


def _parser_versions(reports: pa.Table) -> list[str]:
    if "parser_version" not in reports.column_names:
        return []
    return sorted({v for v in reports.column("parser_version").to_pylist() if v})


def _settle(root: Path, mtime: float) -> None:
    """Fixed permissions and times on every file (reproducible archives), then fsync."""
    for p in sorted(root.rglob("*"), reverse=True):
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
        if p.is_file():
            fsync_path(p)
        os.utime(p, (mtime, mtime))
    os.chmod(root, 0o755)
    os.utime(root, (mtime, mtime))


def _publish(stage: Path, final: Path) -> None:
    """Rename stage → final, failing (never replacing) if final appeared meanwhile."""
    if _rename_noreplace(stage, final):
        return
    if os.path.lexists(final):
        raise ReleaseError(f"{final} already exists; a published version is never overwritten — choose a new version")
    os.rename(stage, final)


def _rename_noreplace(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_NOREPLACE); False where the call is unavailable."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(-100, os.fsencode(a), -100, os.fsencode(b), _RENAME_NOREPLACE) == 0:
        return True
    err = ctypes.get_errno()
    if err == errno.EEXIST:
        raise ReleaseError(f"{b} already exists; a published version is never overwritten — choose a new version")
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


class _Lock:
    """One build per version at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def __enter__(self) -> "_Lock":
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise ReleaseError(f"another build of {self.path.name[1:-5]} is running; wait for it to finish") from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:  # the lock file stays: unlinking it would let two builds lock two files
            os.close(self.fd)
