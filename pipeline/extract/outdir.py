"""The output folder as one unit: locked while a run writes it, replaced in one step.

A run builds the complete new output in a staging folder beside OUT, then swaps the two
with a single ``renameat2(RENAME_EXCHANGE)`` (Linux), so a reader — and a ``kill -9`` at
any moment — sees either the previous complete output or the new one, never a mix.  Where
the exchange is unavailable, two renames are used and the next run repairs the gap.

The per-document cache lives in ``OUT/.cache``: hidden from the ``facts/**`` readers,
written to as documents finish (so a killed run keeps its work), and carried into each new
output by hard links, keeping only the entries the current inputs use.

Swapping replaces the whole folder, so a run only ever replaces a folder it can prove is
its own: empty, or holding the ``.zfxxgk`` marker *and nothing but what a run writes*
(``OURS`` below).  A folder without the marker is refused, even if it holds ``facts/`` or
``reports.parquet``; a real output to which someone added a file (a notebook) is refused
with the file's name — nothing we did not write is ever deleted.  OUT is used by its real
path: given through a symlink, the link stays and the output is built and swapped inside
its target, and the lock is the target's, so two names for one folder never run at once.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import signal
from pathlib import Path
from .. import interrupted
from ..durable import fsync_path
from typing import Any, Callable, Iterable

import regex

from .cache import OWN_NAME as _CACHE_ENTRY
from .ingest import InputError

MARKER = ".zfxxgk"
CACHE = ".cache"
_TOP_FILES = {MARKER, "reports.parquet", "checks.parquet", "sections.parquet",
              "agencies.parquet", "panel.parquet", ".index.arrow"}
_FACTS = "facts"
_YEAR_DIR = regex.compile(r"^year=-?\d{1,5}$")
_PART_FILE = regex.compile(r"^part-\d+\.parquet$")
_SHOWN = 5
_OUTPUTS = ("facts", "reports.parquet", "checks.parquet", "sections.parquet", "agencies.parquet", "panel.parquet")
_RENAME_EXCHANGE = 2
CRASH_ENV = "ZFXXGK_TEST_CRASH_AT"
"""Test-only: name of a commit step at which the run kills itself (simulated ``kill -9``)."""


class OutputError(Exception):
    """The output folder cannot be used; the run cannot happen."""


def _crash_point(name: str) -> None:
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


class OutputDir:
    """Context manager: lock, repair and prepare OUT; :meth:`commit` publishes a new output."""

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = real_output(out)
        self.parent = self.out.parent
        self._prefix = f".{self.out.name}.zfxxgk"
        self._lock_fd: int | None = None

    @property
    def cache_dir(self) -> Path:
        return self.out / CACHE

    @property
    def spill_dir(self) -> Path:
        """Where this run keeps finished rows until they are written (removed by the store;
        a killed run's is removed by the next run's recovery, as a ``-tmp-`` folder)."""
        return self.parent / f"{self._prefix}-tmp-spill-{os.getpid()}"

    def siblings(self) -> list[Path]:
        """Our staging/lock paths beside OUT (inputs walking OUT's parent must skip them)."""
        return sorted(self.parent.glob(f"{self._prefix}*"))

    # -- open -------------------------------------------------------------------------
    def __enter__(self) -> "OutputDir":
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            self._lock()
            self._recover()
            self._check_ours()
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OutputError:
            self._unlock()
            raise
        except OSError as exc:
            self._unlock()
            raise OutputError(f"cannot write the output folder {self.out}: {exc.strerror or exc}") from exc
        return self

    def __exit__(self, *exc: object) -> None:
        self._unlock()

    def _lock(self) -> None:
        if self.out.exists() and not self.out.is_dir():
            raise OutputError(f"the output path {self.out} exists and is not a folder")
        fd = os.open(self.parent / f"{self._prefix}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(f"another extract run is writing to {self.out}; wait for it to finish") from None
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def _recover(self) -> None:
        """Undo what a killed run left: restore a moved-away output, drop staging folders."""
        olds = sorted(self.parent.glob(f"{self._prefix}-old-*"), key=lambda p: p.stat().st_mtime)
        if not self.out.exists() and olds:
            os.rename(olds[-1], self.out)
            olds = olds[:-1]
        for p in olds + list(self.parent.glob(f"{self._prefix}-tmp-*")):
            shutil.rmtree(p, ignore_errors=True)

    def _check_ours(self) -> None:
        """Never swap away a folder, or a file in it, that we did not write (see module doc)."""
        if not self.out.is_dir():
            return
        names = set(os.listdir(self.out))
        if not names:
            return
        if not _is_marker(self.out / MARKER):
            raise OutputError(
                f"refusing to replace {self.out}: it is not empty and not a zfxxgk output folder "
                f"(no {MARKER} marker); choose a new or empty folder")
        foreign = foreign_entries(self.out)
        if foreign:
            shown = ", ".join(foreign[:_SHOWN]) + (f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else "")
            raise OutputError(
                f"refusing to replace {self.out}: it holds files zfxxgk did not write ({shown}), "
                f"which a new output would delete; move them out of the output folder and run again")

    # -- commit -----------------------------------------------------------------------
    def record(self) -> dict[str, Any]:
        """What the run that wrote the live output recorded in its marker ({} if none)."""
        try:
            data = json.loads((self.out / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or not all((self.out / name).exists() for name in _OUTPUTS):
            return {}
        return data

    def commit(self, write: Callable[[Path], object], keep_cache: Iterable[str],
               record: dict[str, Any] | Callable[[], dict[str, Any]] | None = None) -> object:
        """Build the new output with ``write(staging)``, carry the cache over, swap it in.

        ``record`` (or what it returns once ``write`` is done) goes into the marker file,
        where the next run reads it back with :meth:`record`.
        """
        stage = self.parent / f"{self._prefix}-tmp-{os.getpid()}"
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        try:
            outcome = write(stage)
            self._carry_cache(stage / CACHE, keep_cache)
            extra = record() if callable(record) else (record or {})
            (stage / MARKER).write_text(json.dumps({"written_by": "zfxxgk", **extra}, sort_keys=True) + "\n")
            fsync_path(stage)
            _crash_point("before-swap")
            interrupted.check()  # a Ctrl-C a __del__ swallowed: the previous output stays
            self._swap(stage)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        _crash_point("after-swap")
        shutil.rmtree(stage, ignore_errors=True)  # now holds the previous output
        fsync_path(self.parent)
        return outcome

    def _carry_cache(self, dest: Path, keep: Iterable[str]) -> None:
        """Link the entries named in ``keep`` (read once, one at a time: a run passes its
        sorted, distinct names from disk, ``manifest.CacheEntries``)."""
        dest.mkdir()
        for name in keep:
            src = self.cache_dir / name
            if not src.exists():
                continue
            try:
                os.link(src, dest / name)
            except OSError:
                shutil.copy2(src, dest / name)

    def _swap(self, stage: Path) -> None:
        if not self.out.exists():
            os.rename(stage, self.out)
            return
        if _exchange(stage, self.out):
            return
        old = self.parent / f"{self._prefix}-old-{os.getpid()}"
        os.rename(self.out, old)
        _crash_point("mid-swap")
        os.rename(stage, self.out)
        shutil.rmtree(old, ignore_errors=True)


def real_output(out: str | os.PathLike[str]) -> Path:
    """OUT by its real path (symlinks resolved), so lock and swap act on the folder itself."""
    return Path(os.path.realpath(os.path.abspath(out)))


def refuse_output_as_input(out: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """An input that is OUT or inside it would read our own output: the run cannot happen.

    (OUT inside an input folder is fine: the walk skips it.)
    """
    real_out = str(real_output(out))
    for given in inputs:
        real_in = os.path.realpath(os.path.abspath(given))
        if real_in == real_out or real_in.startswith(real_out.rstrip(os.sep) + os.sep):
            raise InputError(
                f"the input {os.fsdecode(os.fspath(given))!s} is the output folder {real_out} or inside "
                f"it: extract would read its own output; give the input folder and a separate --out")


def _is_marker(path: Path) -> bool:
    """Our marker: a small regular file saying it was written by zfxxgk."""
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > 4096:
            return False
        return json.loads(path.read_text("utf-8")).get("written_by") == "zfxxgk"
    except (OSError, ValueError, AttributeError):
        return False


def foreign_entries(out: Path) -> list[str]:
    """Paths under OUT (relative, sorted) that a run does not write: they must not be deleted."""
    found: list[str] = []
    for entry in sorted(os.scandir(out), key=lambda e: e.name):
        name = entry.name
        if name in _TOP_FILES and entry.is_file(follow_symlinks=False):
            continue
        if name == _FACTS and entry.is_dir(follow_symlinks=False):
            found.extend(_foreign_facts(Path(entry.path)))
        elif name == CACHE and entry.is_dir(follow_symlinks=False):
            found.extend(f"{CACHE}/{e.name}" for e in sorted(os.scandir(entry.path), key=lambda e: e.name)
                         if not _CACHE_ENTRY.match(e.name))  # ours by name, whatever it became
        else:
            found.append(name)
    return found


def _foreign_facts(facts: Path) -> list[str]:
    found = []
    for year in sorted(os.scandir(facts), key=lambda e: e.name):
        if not (_YEAR_DIR.match(year.name) and year.is_dir(follow_symlinks=False)):
            found.append(f"{_FACTS}/{year.name}")
            continue
        found.extend(f"{_FACTS}/{year.name}/{p.name}" for p in sorted(os.scandir(year.path), key=lambda e: e.name)
                     if not (_PART_FILE.match(p.name) and p.is_file(follow_symlinks=False)))
    return found


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where unsupported."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd = -100
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


