"""Turn the inputs given to ``extract`` into the list of documents to process.

Walks files and folders (recursively, in sorted order so every run sees the same list),
hashes each file into its ``report_id``, reads ``<file>.meta.json`` sidecars, and folds
identical files into one document.  Nothing here raises for a bad file: a file that cannot
be listed, stat'ed or read becomes a document with a ``problem`` sentence, so it gets a
``failed`` row instead of stopping the run.  Only an input that does not exist at all is
fatal (:class:`InputError`): then the run cannot happen.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .index import FileIndex

SIDECAR_SUFFIX = ".meta.json"
_CHUNK = 1 << 20


class InputError(Exception):
    """An input argument that makes the whole run impossible (e.g. it does not exist)."""


@dataclass
class InputDoc:
    """One document to process: a file (or several identical files) under an input root.

    ``problem`` is set when the file cannot be processed at all; it is the sentence that
    goes to ``reports.error``.  ``report_id`` is then derived from the path, because
    there are no bytes to hash.
    """

    source_path: str
    path: Path
    report_id: str
    meta: dict[str, Any] | None = None
    duplicate_paths: list[str] = field(default_factory=list)
    problem: str | None = None
    size: int = 0


@dataclass
class ScanResult:
    docs: list[InputDoc]
    warnings: list[str]


@dataclass
class _Entry:
    path: Path
    source_path: str
    problem: str | None = None
    sidecar: bool | None = None  # whether <file>.meta.json was in the folder listing; None = unknown


def placeholder_id(source_path: str) -> str:
    """A stable report_id for a file whose bytes could not be read."""
    return hashlib.sha256(b"zfxxgk:unreadable:" + source_path.encode("utf-8")).hexdigest()[:16]


def scan_inputs(inputs: Iterable[str | os.PathLike[str]], exclude: Iterable[Path] = (),
                index: FileIndex | None = None) -> ScanResult:
    """List, hash and de-duplicate every document under ``inputs`` (see module doc).

    With an ``index`` (``pipeline.extract.index``), a file whose stat signature is unchanged
    since the last run takes its recorded hash instead of being read again.
    """
    roots = [Path(p) for p in inputs]
    for root in roots:
        if not os.path.lexists(root):
            raise InputError(f"input not found: {root}")
    excluded = {_real(p) for p in exclude}
    warnings: list[str] = []
    entries: list[_Entry] = []
    for root in roots:
        entries.extend(_walk_root(root, excluded, warnings))
    docs = _fold_duplicates([_hash_entry(e, warnings, index) for e in entries])
    return ScanResult(docs=docs, warnings=warnings)


def _real(p: Path) -> str:
    return os.path.realpath(p)


def _walk_root(root: Path, excluded: set[str], warnings: list[str]) -> Iterator[_Entry]:
    if root.is_dir():
        visited: set[tuple[int, int]] = set()
        yield from _walk_dir(root, "", excluded, visited, warnings)
    else:
        yield _Entry(root, root.name)


def _walk_dir(path: Path, rel: str, excluded: set[str], visited: set[tuple[int, int]],
              warnings: list[str], ancestors: tuple[tuple[int, int], ...] = ()) -> Iterator[_Entry]:
    """Depth-first, sorted by name, following folder symlinks.

    A link back to a folder above it (a symlink loop) is not followed; a folder reached
    twice through links is walked once (its files would be duplicates anyway).
    """
    try:
        st = path.stat()
    except OSError as exc:
        yield _Entry(path, rel or path.name, _stat_problem(exc, is_dir=True))
        return
    key = (st.st_dev, st.st_ino)
    if key in ancestors:
        warnings.append(f"{rel}: symbolic-link loop (points back to a folder above it); not followed")
        return
    if key in visited:
        warnings.append(f"{rel}: folder already read under another path (symbolic link); not read twice")
        return
    visited.add(key)
    ancestors = (*ancestors, key)
    try:
        with os.scandir(path) as it:
            children = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield _Entry(path, rel or path.name,
                     f"the folder cannot be listed ({_reason(exc)}); its files were not read")
        return
    names = {c.name for c in children}
    for child in children:
        if child.name.startswith("."):
            continue  # hidden files, editor droppings, and our own temp/cache folders
        child_path = Path(child.path)
        child_rel = f"{rel}/{child.name}" if rel else child.name
        if child.name.endswith(SIDECAR_SUFFIX):
            continue  # metadata for its neighbour, not a document
        try:
            is_dir = child.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        if is_dir:
            # Only folders can be excluded (the output folder inside an input): resolving
            # every file's real path cost four lstat calls per file on a re-run.
            if _real(child_path) in excluded:
                continue
            yield from _walk_dir(child_path, child_rel, excluded, visited, warnings, ancestors)
        else:
            yield _Entry(child_path, child_rel, sidecar=child.name + SIDECAR_SUFFIX in names)


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or type(exc).__name__).lower()


def _stat_problem(exc: OSError, is_dir: bool = False) -> str:
    if exc.errno == errno.ELOOP:
        return "the path is a symbolic link that loops back on itself; it was skipped"
    if exc.errno == errno.ENOENT:
        return ("the path is a broken symbolic link or disappeared while the input was "
                "being listed; nothing to read")
    what = "folder" if is_dir else "file"
    return f"the {what} cannot be read ({_reason(exc)})"


def _hash_entry(entry: _Entry, warnings: list[str], index: FileIndex | None = None) -> InputDoc:
    doc = InputDoc(source_path=entry.source_path, path=entry.path,
                   report_id=placeholder_id(entry.source_path), problem=entry.problem)
    if doc.problem:
        return doc
    try:
        st = entry.path.stat()
    except OSError as exc:
        doc.problem = _stat_problem(exc)
        return doc
    if not stat.S_ISREG(st.st_mode):
        doc.problem = f"the path is not a regular file (it is a {_kind(st.st_mode)}); nothing to read"
        return doc
    known = index.lookup(entry.path, st) if index is not None else None
    if known is not None:
        doc.report_id, doc.size = known, st.st_size
        doc.meta = read_sidecar(entry.path, entry.source_path, warnings) if entry.sidecar is not False else None
        return doc
    try:
        digest = hashlib.sha256()
        size = 0
        # O_NONBLOCK: a file swapped for a FIFO after the stat above must not block the run.
        fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        doc.problem = "the file disappeared while the input was being read; nothing to read"
        return doc
    except OSError as exc:
        doc.problem = f"the file cannot be read ({_reason(exc)})"
        return doc
    doc.report_id = digest.hexdigest()[:16]
    doc.size = size
    if index is not None and size == st.st_size:
        index.record(entry.path, st, doc.report_id)
    doc.meta = read_sidecar(entry.path, entry.source_path, warnings) if entry.sidecar is not False else None
    return doc


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def read_sidecar(path: Path, source_path: str, warnings: list[str]) -> dict[str, Any] | None:
    """``<file>.meta.json`` (agency, year, url from the scraper), or None when absent/bad."""
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    try:
        raw = side.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        warnings.append(f"{source_path}{SIDECAR_SUFFIX}: cannot be read ({_reason(exc)}); ignored")
        return None
    try:
        meta = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        warnings.append(f"{source_path}{SIDECAR_SUFFIX}: not valid JSON ({exc}); ignored")
        return None
    if not isinstance(meta, dict):
        warnings.append(f"{source_path}{SIDECAR_SUFFIX}: not a JSON object; ignored")
        return None
    return meta


def _fold_duplicates(docs: list[InputDoc]) -> list[InputDoc]:
    """Same bytes under several names = one document at the first path, all paths listed."""
    docs = sorted(docs, key=lambda d: (d.source_path, d.report_id))
    by_id: dict[str, InputDoc] = {}
    out: list[InputDoc] = []
    for d in docs:
        first = by_id.get(d.report_id)
        if first is None:
            by_id[d.report_id] = d
            out.append(d)
            continue
        if not first.duplicate_paths:
            first.duplicate_paths.append(first.source_path)
        first.duplicate_paths.append(d.source_path)
    return out
