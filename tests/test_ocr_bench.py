"""bench/bench_ocr.py's default reference: the OCR reader before its last change, found from git."""
from __future__ import annotations

import importlib.util
import pathlib
import subprocess

import pytest

BENCH = pathlib.Path(__file__).resolve().parents[1] / "bench" / "bench_ocr.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_ocr", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _git(repo: pathlib.Path, *cmd: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *cmd],
                          check=True, capture_output=True, text=True).stdout.strip()


def _commit(repo: pathlib.Path, path: str, text: str) -> str:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text)
    _git(repo, "add", path)
    _git(repo, "commit", "-q", "-m", f"change {path}")
    return _git(repo, "rev-parse", "--short", "HEAD")


@pytest.fixture
def repo(tmp_path):
    _git(tmp_path, "init", "-q")
    return tmp_path


def test_reference_is_the_commit_before_the_readers_last_change(repo):
    bench = _bench()
    _commit(repo, "parsers/ocr/page.py", "one")
    before = _commit(repo, "README.md", "docs")
    _commit(repo, "parsers/ocr/page.py", "two")
    _commit(repo, "pipeline/x.py", "later, not the reader")
    assert bench.default_before(repo) == before


def test_uncommitted_reader_changes_are_measured_against_head(repo):
    bench = _bench()
    _commit(repo, "parsers/ocr/page.py", "one")
    head = _commit(repo, "parsers/ocr/page.py", "two")
    (repo / "parsers/ocr/page.py").write_text("three, not committed")
    assert bench.default_before(repo) == head


def test_no_history_of_the_reader_means_none_is_guessed(repo, tmp_path_factory):
    bench = _bench()
    _commit(repo, "README.md", "docs")
    with pytest.raises(ValueError):
        bench.default_before(repo)
    with pytest.raises(subprocess.CalledProcessError):  # not a repository: --before must be given
        bench.default_before(tmp_path_factory.mktemp("plain"))
