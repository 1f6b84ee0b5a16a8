"""A run killed at any moment leaves the previous output readable; the next run completes.

``kill -9`` is real (SIGKILL to the CLI process), either at a random-ish moment mid-run or
at named steps of the commit through the test-only ``ZFXXGK_TEST_CRASH_AT``.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time

import psutil
import pytest

from pipeline.extract.outdir import OutputDir
from tests import badinputs as bad
from pipeline.extract.runner import run_extract
from tests.batch_util import CORPUS, HOOKS, ROOT, canonical, cli_env, extract, read_out, run_cli

FIRST = ["seed-zhongning-gxj-2023.txt", "b-01-lucheng.txt"]
LATER = ["c-20-haizhu-guanzhou.txt", "a-14-yelang-tongzi.txt", "c-06-zhoushan-zwfw.txt"]


def _run(inp, out, **kw):
    return run_extract([inp], out, jobs=1, timeout=60, max_memory_mb=1024, **kw)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A complete output of FIRST, and the clean output of FIRST + LATER."""
    root = tmp_path_factory.mktemp("atomic")
    in1, in2 = root / "in1", root / "in2"
    for name in FIRST:
        bad.write(in1 / name, (CORPUS / name).read_bytes())
    for name in FIRST + LATER:
        bad.write(in2 / name, (CORPUS / name).read_bytes())
    _run(in1, root / "out1")
    _run(in2, root / "clean")
    return {"in2": in2, "out1": root / "out1", "before": canonical(read_out(root / "out1")),
            "clean": canonical(read_out(root / "clean"))}


@pytest.fixture()
def world(base, tmp_path):
    """OUT holds a complete output of FIRST; the inputs have grown by LATER."""
    shutil.copytree(base["in2"], tmp_path / "in")
    shutil.copytree(base["out1"], tmp_path / "out")
    return {**base, "in": tmp_path / "in", "out": tmp_path / "out", "tmp": tmp_path}


def _leftovers(world) -> list[str]:
    return sorted(p.name for p in world["tmp"].iterdir() if ".zfxxgk-" in p.name)


@pytest.mark.parametrize("step", ["before-swap", "after-swap"])
def test_kill_at_commit_steps(world, step):
    proc = extract(world["in"], world["out"], "-j", "1", check=False,
                   env=cli_env(ZFXXGK_TEST_CRASH_AT=step))
    assert proc.returncode == -signal.SIGKILL
    expected = world["before"] if step == "before-swap" else world["clean"]
    assert canonical(read_out(world["out"])) == expected
    _run(world["in"], world["out"])
    assert canonical(read_out(world["out"])) == world["clean"]
    assert _leftovers(world) == []


def test_kill_9_mid_run(world, monkeypatch):
    """SIGKILL while a document is being parsed: old output intact, finished work kept."""
    slow = world["in"] / "zz-slow.txt"
    slow.write_bytes(b"ZFXXGK-TEST-SLOW\n" + (CORPUS / "b-19-xuwen-sfj.txt").read_bytes())
    pids = world["tmp"] / "pids"
    pids.mkdir()
    # The slow document is held until a file appears that nobody creates, and no timeout
    # (--timeout 0) ends it: the run is mid-document when it is killed however slow the
    # machine (no sleep that must outlast the test's own steps).
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(world["in"]), "--out", str(world["out"]),
         "--quiet", "-j", "1", "--timeout", "0"], cwd=ROOT,
        env=cli_env(hooks=True, ZFXXGK_TEST_PIDDIR=str(pids),
                    ZFXXGK_TEST_SLOW_UNTIL=str(world["tmp"] / "never-created")))
    while not list(pids.glob("slow-*.pid")) and proc.poll() is None:
        time.sleep(0.05)  # waits for a condition: the slow document started, or the run ended
    assert list(pids.glob("slow-*.pid")), f"the run ended ({proc.returncode}) before the slow document started"
    # a reader during the run sees the previous complete output
    assert canonical(read_out(world["out"])) == world["before"]
    assert proc.poll() is None, "the run finished although its slow document is held"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    [worker] = [int(p.read_text()) for p in pids.glob("slow-*.pid")]
    while _running(worker):  # it dies with the run (batch worker: PR_SET_PDEATHSIG and a watch)
        time.sleep(0.05)
    assert canonical(read_out(world["out"])) == world["before"]
    # the documents finished before the kill were cached and are not parsed again
    cached = len(list((world["out"] / ".cache").glob("*.json")))
    assert cached >= len(FIRST) + len(LATER)
    slow.unlink()
    monkeypatch.setenv("ZFXXGK_TEST_PROCESSOR", HOOKS)  # same cache namespace as the killed run
    summary = _run(world["in"], world["out"])
    assert (summary.parsed, summary.cached) == (0, len(FIRST) + len(LATER))
    assert canonical(read_out(world["out"])) == world["clean"]
    assert _leftovers(world) == []


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie left for its reaper counts as gone)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_interrupted_fallback_swap_is_repaired(tmp_path):
    """Without RENAME_EXCHANGE the swap is two renames; a kill between them is undone."""
    out = tmp_path / "out"
    inp = tmp_path / "in"
    bad.write(inp / "seed.txt", (CORPUS / FIRST[0]).read_bytes())
    _run(inp, out)
    before = canonical(read_out(out))
    os.rename(out, tmp_path / f".out.zfxxgk-old-{os.getpid()}")  # state after the first rename
    with OutputDir(out):
        pass
    assert canonical(read_out(out)) == before


def test_refuses_to_replace_a_foreign_folder(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    bad.write(tmp_path / "in" / "a.txt", (CORPUS / FIRST[0]).read_bytes())
    proc = extract(tmp_path / "in", out, check=False)
    assert proc.returncode == 2 and "refusing to replace" in proc.stderr
    assert (out / "thesis.tex").read_text() == "years of work"


def test_second_concurrent_run_is_refused(tmp_path):
    out = tmp_path / "out"
    bad.write(tmp_path / "in" / "a.txt", (CORPUS / FIRST[0]).read_bytes())
    with open(tmp_path / ".out.zfxxgk.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        proc = extract(tmp_path / "in", out, check=False)
    assert proc.returncode == 2 and "another extract run" in proc.stderr
    extract(tmp_path / "in", out)  # lock released: runs


def test_output_inside_the_input_folder_is_not_read(tmp_path):
    inp = tmp_path / "data"
    bad.write(inp / "raw" / "a.txt", (CORPUS / FIRST[0]).read_bytes())
    for _ in range(2):
        _run(inp, inp / "parquet")
    assert list(read_out(inp / "parquet")["reports"].source_path) == ["raw/a.txt"]
    shutil.rmtree(inp / "parquet")


def test_run_uses_cli_entry_point(tmp_path):
    proc = run_cli("--version")
    assert "zfxxgk" in proc.stdout
