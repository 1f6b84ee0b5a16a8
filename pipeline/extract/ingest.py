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
import pickle
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import diskdb, failures
from .index import FileIndex, folder_key
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

    A run holds one only while its document is being settled or parsed (the scan's rows
    are on disk: :class:`DiskScan`); ``path`` is the path as listed, a ``str``.
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
    seq: int = -1  # its place in the sorted order of the scan (``DiskScan.docs``)
    cache_key: str | None = None  # set by the run, for the worker that caches its result


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
    listed: os.DirEntry | None = None  # the folder listing's entry (its stat is one call, no path)
    folder: bytes | None = None  # the index's key of the folder it was listed in (index.folder_key)
    name: bytes = b""  # its name as the file system's bytes


@dataclass
class _Walk:
    """What one walk over the inputs noticed besides documents (for the run's summary)."""

    warnings: list[str]
    hidden: list[str] = field(default_factory=list)  # the first few, for the summary
    hidden_count: int = 0


def readable_name(name: str | bytes) -> str:
    """A file name as text that can always be stored: UTF-8 as it is, else GB18030 (the
    names unzip leaves from Chinese archives), else with the odd bytes shown as ``\\xNN``."""
    if isinstance(name, str) and name.isascii():
        return name  # the usual name: its bytes are this text
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
    """List, hash and de-duplicate every document under ``inputs`` (see module doc), as a
    list (for callers with few documents; a run streams them: :func:`scan_to_disk`).

    With an ``index`` (``pipeline.extract.index``), a file whose stat signature is unchanged
    since the last run takes its recorded hash instead of being read again.

    A ``source_path`` is the path below its input root; where two roots hold the same
    relative name, those paths are given with their root as typed, so no two rows share one.
    """
    scan = scan_to_disk(inputs, None, exclude, index)
    try:
        return ScanResult(docs=list(scan.docs()), warnings=scan.warnings)
    finally:
        scan.close()


def scan_to_disk(inputs: Iterable[str | os.PathLike[str]], work: Path | str | None,
                 exclude: Iterable[Path] = (), index: FileIndex | None = None) -> "DiskScan":
    """:func:`scan_inputs`, with the documents kept in a scratch database at ``work`` (a
    temporary one for None) and read back one at a time, in order (:meth:`DiskScan.docs`).

    The walk is lazy (one folder listing at a time) and each file is hashed as it is
    found; what the main process keeps per file is its row on disk, so a million files
    cost it no more memory than a thousand."""
    roots = _distinct([Path(p) for p in inputs])
    for root in roots:
        if not os.path.lexists(root):
            raise InputError(f"input not found: {readable_name(os.fspath(root))}")
    excluded = {_real(p) for p in exclude}
    walk = _Walk(warnings=[])
    scan = DiskScan(roots, work)
    for r, root in enumerate(roots):
        scan.add(r, (_hash_entry(e, index) for e in _walk_root(root, excluded, walk)))
    if len(roots) > 1:  # the same relative name under two roots: both given with their root
        scan.rename(lambda r, path, sp: _qualified(roots[r], sp), utf8_only=False)
    # A name decoded from GB18030 can equal a UTF-8 name beside it: then it keeps its bytes.
    scan.rename(lambda r, path, sp: _escaped(roots[r], path, sp), utf8_only=True)
    if walk.hidden:
        shown = ", ".join(walk.hidden) + (", …" if walk.hidden_count > _EXAMPLES else "")
        walk.warnings.append(f"{walk.hidden_count} hidden files or folders (names starting with '.') "
                             f"were skipped: {shown}")
    walk.warnings.extend(scan.note_warnings())
    scan.warnings = walk.warnings
    scan.fold()
    return scan


class DiskScan:
    """The documents of one scan, on disk (see :func:`scan_to_disk`).

    One row per file found (in walk order), renamed where names collide, then folded:
    :meth:`docs` yields one :class:`InputDoc` per distinct content, sorted by
    ``(source_path, report_id)`` as the outputs are, with the other paths of identical
    files in ``duplicate_paths``; ``seq`` numbers them in that order."""

    def __init__(self, roots: list[Path], work: Path | str | None) -> None:
        self._path = Path(work) if work is not None else diskdb.own_temp(self, "scan.sqlite")
        diskdb.remove(self._path)
        self._db = diskdb.open_scratch(self._path)
        self._db.execute("CREATE TABLE entry (n INTEGER PRIMARY KEY, root INTEGER, path BLOB, "
                         "source_path TEXT, report_id TEXT, problem TEXT, status TEXT, size INTEGER, "
                         "meta BLOB, notes BLOB, utf8 INTEGER)")
        self._n = 0
        self.warnings: list[str] = []
        self.count = 0
        """Documents after folding (set by :meth:`fold`)."""

    def add(self, root: int, docs: Iterable[InputDoc]) -> None:
        rows = []
        for d in docs:
            raw = os.fsencode(d.path)
            rows.append((self._n, root, raw, d.source_path, d.report_id, d.problem, d.problem_status, d.size,
                         _pickled(d.meta), _pickled(d.notes or None), int(d.path.isascii() or _decodes(raw))))
            self._n += 1
            if len(rows) >= diskdb.BATCH:
                self._db.executemany("INSERT INTO entry VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
                rows = []
        self._db.executemany("INSERT INTO entry VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

    def rename(self, new_name: Any, utf8_only: bool) -> None:
        """Give every file whose ``source_path`` another file shares ``new_name(root, path,
        source_path)`` (``utf8_only``: only the files whose own name is not UTF-8)."""
        db = self._db
        if utf8_only and db.execute("SELECT 1 FROM entry WHERE utf8 = 0 LIMIT 1").fetchone() is None:
            return  # every name is UTF-8 (the usual case): no name can be escaped
        db.execute("CREATE INDEX IF NOT EXISTS by_name ON entry (source_path)")
        shared = db.execute("SELECT e.n, e.root, e.path, e.source_path, e.problem FROM entry e "
                            "JOIN (SELECT source_path FROM entry GROUP BY source_path HAVING count(*) > 1) s "
                            "USING (source_path)" + (" WHERE e.utf8 = 0" if utf8_only else "")
                            + " ORDER BY e.n").fetchall()  # only the colliding names
        for n, root, path, sp, problem in shared:
            name = new_name(root, os.fsdecode(path), sp)
            # a file without bytes to hash is known by its path: the new one
            rid = (placeholder_id(name),) if problem else ()
            db.execute("UPDATE entry SET source_path = ?" + (", report_id = ?" if rid else "") + " WHERE n = ?",
                       (name, *rid, n))

    def note_warnings(self) -> Iterator[str]:
        """A warning per sidecar sentence, in walk order (after the names are final)."""
        cur = self._db.execute("SELECT source_path, notes FROM entry WHERE notes IS NOT NULL ORDER BY n")
        for sp, notes in cur.fetchall():
            yield from (f"{sp}: {n}" for n in _unpickled(notes))

    def fold(self) -> None:
        """Same bytes under several names = one document at the first path, all paths listed:
        each file gets its place in the sorted order (``seq``) and among the files of its
        content (``copy`` 1 is the document)."""
        db = self._db
        db.execute("CREATE TABLE copied AS SELECT report_id FROM entry GROUP BY report_id HAVING count(*) > 1")
        columns = "n, root, path, source_path, report_id, problem, status, size, meta, notes, utf8"
        db.execute(f"CREATE TABLE ordered (seq INTEGER PRIMARY KEY, {columns}, copies INTEGER, copy INTEGER)")
        order = "ORDER BY source_path, report_id, n"
        if db.execute("SELECT 1 FROM copied LIMIT 1").fetchone() is None:  # the usual case: no copies
            db.execute(f"INSERT INTO ordered SELECT row_number() OVER ({order}), {columns}, 1, 1 FROM entry")
        else:
            db.execute(f"INSERT INTO ordered SELECT row_number() OVER ({order}), {columns}, "
                       f"count(*) OVER (PARTITION BY report_id), row_number() OVER (PARTITION BY report_id {order}) "
                       f"FROM entry")
            db.execute("CREATE INDEX by_content ON entry (report_id, source_path, n)")
        self.count = db.execute("SELECT count(*) FROM ordered WHERE copy = 1").fetchone()[0]

    def docs(self) -> Iterator[InputDoc]:
        """Every document, in order, one at a time (a new pass each call)."""
        cur = self._db.execute("SELECT path, source_path, report_id, problem, status, size, meta, notes, "
                               "copies FROM ordered WHERE copy = 1 ORDER BY seq")
        seq = 0
        while rows := cur.fetchmany(diskdb.BATCH):
            for path, sp, rid, problem, status, size, meta, notes, copies in rows:
                doc = InputDoc(source_path=sp, path=os.fsdecode(path), report_id=rid, problem=problem,
                               problem_status=status, size=size, meta=_unpickled(meta),
                               notes=list(_unpickled(notes) or ()), seq=seq)
                if copies > 1:
                    self._merge_copies(doc)
                seq += 1
                yield doc

    def _merge_copies(self, first: InputDoc) -> None:
        """The other files with ``first``'s bytes, in path order (as the first of them, in that order)."""
        cur = self._db.execute("SELECT source_path, meta, notes FROM entry WHERE report_id = ? "
                               "ORDER BY source_path, report_id, n", (first.report_id,))
        first.duplicate_paths.append(first.source_path)
        cur.fetchone()  # the first itself
        for sp, meta, notes in cur:
            dup = InputDoc(source_path=sp, path="", report_id=first.report_id, meta=_unpickled(meta),
                           notes=list(_unpickled(notes) or ()))
            first.duplicate_paths.append(sp)
            _merge_sidecar(first, dup)

    def close(self) -> None:
        self._db.close()
        diskdb.remove(self._path)


def _pickled(value: Any) -> bytes | None:
    """A sidecar's fields or sentences, exactly as read (our own scratch data, read back by us)."""
    return None if value is None else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(raw: bytes | None) -> Any:
    return None if raw is None else pickle.loads(raw)  # noqa: S301 - written by this run, above


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


def _decodes(raw: bytes) -> bool:
    """Whether a path's bytes are UTF-8."""
    try:
        raw.decode("utf-8")
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
            children = sorted((os.fsencode(e.name), e) for e in it)  # names are unique: no tie
    except OSError as exc:
        yield _Entry(os.fspath(path), rel or readable_name(path.name),
                     f"the folder cannot be listed ({_reason(exc)}); its files were not read")
        return
    present = {c.name for _, c in children}
    real_here = _real(path)  # once per folder: a child that is no symlink lies right in it
    here = folder_key(path)  # once per folder: the index's key for its files
    for raw, child in children:
        name = readable_name(child.name)
        child_rel = f"{rel}/{name}" if rel else name
        if excluded and _real_child(real_here, child) in excluded:
            continue  # our own output, its staging folders and lock
        if child.name.startswith("."):
            # editor droppings, .git, .DS_Store, a download cut off: a row each (a folder is
            # one row, its files are not listed), and counted in the summary
            walk.hidden_count += 1
            if len(walk.hidden) < _EXAMPLES:
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
            yield _Entry(child.path, child_rel, sidecar=child.name + SIDECAR_SUFFIX in present, listed=child,
                         folder=here, name=raw)


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
    doc = _hashed(entry, index)
    if doc.problem:  # no bytes to hash: known by its path
        doc.report_id = placeholder_id(doc.source_path)
    return doc


def _lookup(index: FileIndex, entry: _Entry, st: os.stat_result) -> str | None:
    if entry.folder is not None:
        return index.lookup_in(entry.folder, entry.name, st)
    return index.lookup(entry.path, st)


def _hashed(entry: _Entry, index: FileIndex | None) -> InputDoc:
    """The document of one listed file, with its ``report_id`` unless it has a ``problem``."""
    doc = InputDoc(source_path=entry.source_path, path=entry.path, report_id="", problem=entry.problem,
                   problem_status=entry.status)
    if doc.problem:
        return doc
    try:
        # follows a symbolic link, as os.stat(path) does; the listing's entry spares the path
        st = entry.listed.stat() if entry.listed is not None else os.stat(entry.path)
    except OSError as exc:
        doc.problem = _stat_problem(exc)
        return doc
    if not stat.S_ISREG(st.st_mode):
        doc.problem = f"the path is not a regular file (it is a {_kind(st.st_mode)}); nothing to read"
        return doc
    known = _lookup(index, entry, st) if index is not None else None
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
        if entry.folder is not None:
            index.record_in(entry.folder, entry.name, st, doc.report_id)
        else:
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
