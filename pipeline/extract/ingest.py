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
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import failures
from .index import FileIndex
from .sidecar import SUFFIX as SIDECAR_SUFFIX, Sidecar, read_sidecar as _read_sidecar

_CHUNK = 1 << 20
_EXAMPLES = 3


class InputError(Exception):
    """An input argument that makes the whole run impossible (e.g. it does not exist)."""


@dataclass(slots=True)
class InputDoc:
    """One document to process: a file (or several identical files) under an input root.

    ``problem`` is set when the file cannot be processed at all; it is the sentence that
    goes to ``reports.error``.  ``report_id`` is then derived from the path, because
    there are no bytes to hash.  ``notes`` are sentences about the document's sidecar
    (fields dropped, sidecar ignored) that go to ``reports.error`` too.

    The main process holds one of these per document for the whole run, so it is kept
    small: ``path`` is the path as listed, a ``str`` (a ``pathlib.Path`` per document cost
    about 0.5 KB).
    """

    source_path: str
    path: str
    report_id: str
    meta: dict[str, Any] | None = None
    duplicate_paths: list[str] = field(default_factory=list)
    problem: str | None = None
    size: int = 0
    notes: list[str] = field(default_factory=list)
    problem_status: str = "failed"  # the row's status when ``problem`` is set


@dataclass
class ScanResult:
    docs: list[InputDoc]
    warnings: list[str]


@dataclass(slots=True)
class _Entry:
    path: str
    source_path: str
    problem: str | None = None
    sidecar: bool | None = None  # whether <file>.meta.json was in the folder listing; None = unknown
    status: str = "failed"  # the row's status when ``problem`` is set


@dataclass
class _Walk:
    """What one walk over the inputs noticed besides documents (for the run's summary)."""

    warnings: list[str]
    hidden: list[str] = field(default_factory=list)


def readable_name(name: str | bytes) -> str:
    """A file name as text that can always be stored: UTF-8 as it is, else GB18030 (the
    names unzip leaves from Chinese archives), else with the odd bytes shown as ``\\xNN``."""
    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "backslashreplace")


def placeholder_id(source_path: str) -> str:
    """A stable report_id for a file whose bytes could not be read."""
    return hashlib.sha256(b"zfxxgk:unreadable:" + source_path.encode("utf-8")).hexdigest()[:16]


def scan_inputs(inputs: Iterable[str | os.PathLike[str]], exclude: Iterable[Path] = (),
                index: FileIndex | None = None) -> ScanResult:
    """List, hash and de-duplicate every document under ``inputs`` (see module doc).

    With an ``index`` (``pipeline.extract.index``), a file whose stat signature is unchanged
    since the last run takes its recorded hash instead of being read again.

    A ``source_path`` is the path below its input root; where two roots hold the same
    relative name, those paths are given with their root as typed, so no two rows share one.
    """
    roots = _distinct([Path(p) for p in inputs])
    for root in roots:
        if not os.path.lexists(root):
            raise InputError(f"input not found: {readable_name(os.fspath(root))}")
    excluded = {_real(p) for p in exclude}
    walk = _Walk(warnings=[])
    per_root = [(root, list(_walk_root(root, excluded, walk))) for root in roots]
    names = Counter(e.source_path for _, found in per_root for e in found)
    entries: list[_Entry] = []
    for root, found in per_root:
        for e in found:
            if len(roots) > 1 and names[e.source_path] > 1:
                e.source_path = _qualified(root, e.source_path)
            entries.append(e)
    # A name decoded from GB18030 can equal a UTF-8 name beside it: then it keeps its bytes.
    names = Counter(e.source_path for e in entries)
    for root, found in per_root:
        for e in found:
            if names[e.source_path] > 1 and not _is_utf8(e.path):
                e.source_path = _escaped(root, e.path, e.source_path)
    if walk.hidden:
        shown = ", ".join(walk.hidden[:_EXAMPLES]) + (", …" if len(walk.hidden) > _EXAMPLES else "")
        walk.warnings.append(f"{len(walk.hidden)} hidden files or folders (names starting with '.') "
                             f"were skipped: {shown}")
    hashed = [_hash_entry(e, index) for e in entries]
    walk.warnings.extend(f"{d.source_path}: {n}" for d in hashed for n in d.notes)
    docs = _fold_duplicates(hashed)
    return ScanResult(docs=docs, warnings=walk.warnings)


def _distinct(roots: list[Path]) -> list[Path]:
    """The same root given twice is read once."""
    seen: set[str] = set()
    out = []
    for r in roots:
        key = _real(r)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _qualified(root: Path, source_path: str) -> str:
    given = readable_name(os.path.normpath(os.fspath(root)))
    if not root.is_dir():
        return given
    return f"{given.rstrip('/')}/{source_path}"


def _is_utf8(path: str) -> bool:
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _escaped(root: Path, path: str, source_path: str) -> str:
    """``source_path`` with the undecodable bytes of the file's own path shown as ``\\xNN``."""
    rel = os.path.relpath(path, root) if root.is_dir() else os.path.basename(path)
    escaped = os.fsencode(rel).decode("utf-8", "backslashreplace")
    prefix = source_path[: len(source_path) - len(readable_name(rel))]  # a root qualification, if any
    return prefix + escaped


def _real(p: Path | str) -> str:
    return os.path.realpath(p)


def _walk_root(root: Path, excluded: set[str], walk: _Walk) -> Iterator[_Entry]:
    if root.is_dir():
        visited: set[tuple[int, int]] = set()
        yield from _walk_dir(root, "", excluded, visited, walk)
    else:
        yield _Entry(os.fspath(root), readable_name(root.name))


def _walk_dir(path: Path, rel: str, excluded: set[str], visited: set[tuple[int, int]],
              walk: _Walk, ancestors: tuple[tuple[int, int], ...] = ()) -> Iterator[_Entry]:
    """Depth-first, sorted by name, following folder symlinks.

    A link back to a folder above it (a symlink loop) is not followed; a folder reached
    twice through links is walked once (its files would be duplicates anyway).
    """
    warnings = walk.warnings
    try:
        st = path.stat()
    except OSError as exc:
        yield _Entry(os.fspath(path), rel or readable_name(path.name), _stat_problem(exc, is_dir=True))
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
            children = sorted(it, key=lambda e: os.fsencode(e.name))
    except OSError as exc:
        yield _Entry(os.fspath(path), rel or readable_name(path.name),
                     f"the folder cannot be listed ({_reason(exc)}); its files were not read")
        return
    present = {c.name for c in children}
    real_here = _real(path)  # once per folder: a child that is no symlink lies right in it
    for child in children:
        name = readable_name(child.name)
        child_rel = f"{rel}/{name}" if rel else name
        if excluded and _real_child(real_here, child) in excluded:
            continue  # our own output, its staging folders and lock
        if child.name.startswith("."):
            # editor droppings, .git, .DS_Store, a download cut off: a row each (a folder is
            # one row, its files are not listed), and counted in the summary
            walk.hidden.append(child_rel)
            yield _Entry(child.path, child_rel, failures.hidden(_is_folder(child)), status=failures.HIDDEN_STATUS)
            continue
        if child.name.endswith(SIDECAR_SUFFIX):
            if child.name[: -len(SIDECAR_SUFFIX)] not in present:
                document = name[: -len(SIDECAR_SUFFIX)]
                warnings.append(f"{child_rel}: a sidecar with no document beside it ({document} not found); ignored")
                yield _Entry(child.path, child_rel, failures.orphan_sidecar(document),
                             status=failures.ORPHAN_SIDECAR_STATUS)
            continue  # metadata for its neighbour, not a document
        if _is_folder(child):
            yield from _walk_dir(Path(child.path), child_rel, excluded, visited, walk, ancestors)
        else:
            yield _Entry(child.path, child_rel, sidecar=child.name + SIDECAR_SUFFIX in present)


def _real_child(real_folder: str, child: os.DirEntry) -> str:
    """The real path of a folder entry without a system call per file: a child that is not
    a symbolic link is ``real_folder/name``; only links are resolved."""
    try:
        link = child.is_symlink()  # from the listing's d_type on Linux: no stat
    except OSError:
        link = True
    return _real(child.path) if link else os.path.join(real_folder, child.name)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symlinks
    except OSError:
        return False


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


def _hash_entry(entry: _Entry, index: FileIndex | None = None) -> InputDoc:
    doc = InputDoc(source_path=entry.source_path, path=entry.path,
                   report_id=placeholder_id(entry.source_path), problem=entry.problem,
                   problem_status=entry.status)
    if doc.problem:
        return doc
    try:
        st = os.stat(entry.path)
    except OSError as exc:
        doc.problem = _stat_problem(exc)
        return doc
    if not stat.S_ISREG(st.st_mode):
        doc.problem = f"the path is not a regular file (it is a {_kind(st.st_mode)}); nothing to read"
        return doc
    known = index.lookup(entry.path, st) if index is not None else None
    if known is not None:
        doc.report_id, doc.size = known, st.st_size
        _attach_sidecar(doc, entry)
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
    _attach_sidecar(doc, entry)
    return doc


def _attach_sidecar(doc: InputDoc, entry: _Entry) -> None:
    """The sidecar's checked fields and notes; not looked for where the listing had none."""
    side = _read_sidecar(Path(entry.path)) if entry.sidecar is not False else Sidecar()
    doc.meta, doc.notes = side.meta, side.notes


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


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
        _merge_sidecar(first, d)
    return out


def _merge_sidecar(first: InputDoc, dup: InputDoc) -> None:
    """Identical files: the first sidecar found (in path order) describes them all."""
    if not dup.meta:
        return
    if not first.meta:
        first.meta, first.notes = dup.meta, dup.notes + first.notes
        return
    if dup.meta != first.meta:
        first.notes.append(f"the identical file {dup.source_path} has a different sidecar; "
                           f"the sidecar of {first.source_path} was used")
