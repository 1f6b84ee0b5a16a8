"""Re-runs trust the stat index for unchanged files, and the content hash still decides.

In-process runs (``run_extract``) so the scanner's hashing can be watched; worker
processes are real.  ``RACY_NS`` is set to 0 where files were written a moment ago (they
would otherwise count as too fresh to trust, see ``pipeline.extract.index``).
"""
from __future__ import annotations

import hashlib
import os

import pytest

from pipeline.extract import index as index_mod
from pipeline.extract import ingest
from pipeline.extract.index import FILE_NAME, FileIndex
from pipeline.extract.runner import run_extract
from tests import badinputs as bad
from tests.batch_util import CORPUS

DOCS = ["seed-zhongning-gxj-2023.txt", "b-01-lucheng.txt", "c-20-haizhu-guanzhou.txt"]


class _Hashes:
    """Counts how many files the scanner reads to hash them."""

    def __init__(self) -> None:
        self.n = 0

    def sha256(self, *a):
        self.n += not a  # the content hash starts empty; placeholder ids hash the path
        return hashlib.sha256(*a)


@pytest.fixture()
def tree(tmp_path, monkeypatch):
    inp = tmp_path / "in"
    for name in DOCS:
        bad.write(inp / name, (CORPUS / name).read_bytes())
    hashes = _Hashes()
    monkeypatch.setattr(ingest, "hashlib", hashes)
    return inp, tmp_path / "out", hashes


def _run(inp, out, **kw):
    return run_extract([inp], out, jobs=1, timeout=60, max_memory_mb=1024, **kw)


def _files(out):
    return {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*.parquet")) if p.name != FILE_NAME}


def test_unchanged_rerun_reads_nothing_and_leaves_the_output(tree, monkeypatch):
    monkeypatch.setattr(index_mod, "RACY_NS", 0)
    inp, out, hashes = tree
    first = _run(inp, out)
    assert hashes.n == 3 and first.parsed == 3 and not first.up_to_date
    files = _files(out)
    again = _run(inp, out)
    assert hashes.n == 3, "an unchanged file was read again"
    assert again.up_to_date and again.parsed == 0 and again.cached == 3
    assert again.store == first.store and "up to date" in again.line()
    assert _files(out) == files  # same bytes, not even rewritten
    forced = _run(inp, out, force=True)
    assert forced.parsed == 3 and not forced.up_to_date
    assert {k: v[0] for k, v in _files(out).items()} == {k: v[0] for k, v in files.items()}


def test_same_size_same_mtime_edit_is_still_seen(tree, monkeypatch):
    """The index is only a shortcut: a changed ctime (any write) sends the file to the hash."""
    monkeypatch.setattr(index_mod, "RACY_NS", 0)
    inp, out, hashes = tree
    _run(inp, out)
    path = inp / DOCS[1]
    st = path.stat()
    data = bytearray(path.read_bytes())
    i = data.index("公开".encode())
    data[i:i + 6] = "申请".encode()  # same length
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    again = _run(inp, out)
    assert hashes.n == 4 and again.parsed == 1 and not again.up_to_date


def test_touched_file_is_rehashed_but_not_reparsed(tree, monkeypatch):
    monkeypatch.setattr(index_mod, "RACY_NS", 0)
    inp, out, hashes = tree
    _run(inp, out)
    files = _files(out)
    os.utime(inp / DOCS[0], ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    again = _run(inp, out)
    assert hashes.n == 4 and again.up_to_date and again.parsed == 0
    assert _files(out) == files
    _run(inp, out)
    assert hashes.n == 4  # the new times were remembered


def test_fresh_files_are_not_trusted(tree):
    """Files written within RACY_NS of the scan are hashed again next time."""
    inp, out, hashes = tree
    _run(inp, out)
    assert FileIndex.load(out / FILE_NAME).known_count() == 0
    again = _run(inp, out)
    assert hashes.n == 6 and again.up_to_date


def test_new_removed_and_renamed_files_change_the_output(tree, monkeypatch):
    monkeypatch.setattr(index_mod, "RACY_NS", 0)
    inp, out, hashes = tree
    _run(inp, out)
    os.rename(inp / DOCS[2], inp / "renamed.txt")
    again = _run(inp, out)
    assert not again.up_to_date and again.parsed == 0 and again.cached == 3
    (inp / DOCS[0]).unlink()
    again = _run(inp, out)
    assert not again.up_to_date and again.documents == 2
    bad.write(inp / "junk.txt", bytes(range(256)) * 4)
    again = _run(inp, out)
    assert again.parsed == 1 and again.documents == 3


def test_damaged_index_means_hashing_everything(tree, monkeypatch):
    monkeypatch.setattr(index_mod, "RACY_NS", 0)
    inp, out, hashes = tree
    _run(inp, out)
    (out / FILE_NAME).write_bytes(b"not parquet")
    again = _run(inp, out)
    assert hashes.n == 6 and again.up_to_date


def test_a_name_that_is_not_utf8_is_recorded_and_found_again(tmp_path, monkeypatch):
    """A file named in GBK bytes (held by Python as surrogates) old enough to be recorded:
    the index stores the name's bytes, and the next run finds it by them."""
    monkeypatch.setattr(index_mod, "RACY_NS", -10**12)  # every file counts as old enough
    name = os.fsdecode("报告".encode("gbk") + b".txt")
    path = tmp_path / name
    path.write_bytes(b"x")
    st = path.stat()
    idx = FileIndex()
    idx.record(path, st, "0123456789abcdef")
    idx.save(tmp_path / FILE_NAME)
    again = FileIndex.load(tmp_path / FILE_NAME)
    assert again.lookup(path, st) == "0123456789abcdef"
