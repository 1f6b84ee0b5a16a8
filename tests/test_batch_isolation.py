"""A parser that hangs, explodes in memory, segfaults or exits costs only its own file.

Faults are injected through ``tests.batch_hooks`` (loaded into the workers by the
test-only ``ZFXXGK_TEST_PROCESSOR``), inside the real ``process_document`` path.
"""
from __future__ import annotations

import os

import pytest

from tests import badinputs as bad
from tests.batch_util import (alive as _alive, CORPUS, SEED, cli_env, extract, read_out, report, rows_of,
                              wait_until)

GOOD = {"a-good-seed.txt": SEED, "m-good-lucheng.txt": CORPUS / "b-01-lucheng.txt",
        "z-good-haizhu.txt": CORPUS / "c-20-haizhu-guanzhou.txt"}
HANG, BLOCK, SPAWN = "b-hang.txt", "b-block.txt", "b-spawn.txt"
TIMED = (HANG, BLOCK, SPAWN)  # run under a time limit, in a folder of their own (see faulty)
FAULTS = {HANG: b"ZFXXGK-TEST-HANG", BLOCK: b"ZFXXGK-TEST-BLOCK", SPAWN: b"ZFXXGK-TEST-SPAWN",
          "c-oom.txt": b"ZFXXGK-TEST-OOM", "d-segv.txt": b"ZFXXGK-TEST-SEGV", "e-exit.txt": b"ZFXXGK-TEST-EXIT"}


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    root = tmp_path_factory.mktemp("iso")
    inp, pids = root / "in", root / "pids"
    pids.mkdir()
    for name, src in GOOD.items():
        bad.write(inp / name, src.read_bytes())
    hang_in = root / "hang-in"
    for name, marker in FAULTS.items():
        folder = hang_in if name in TIMED else inp
        bad.write(folder / name, "某某局2023年政府信息公开工作年度报告\n".encode() + marker + b"\n")
    bad.write(hang_in / "a-good-seed.txt", SEED.read_bytes())
    env = cli_env(hooks=True, ZFXXGK_TEST_PIDDIR=str(pids))
    # No time limit here (--timeout 0): the memory explosion reaches its limit and the good
    # documents finish however loaded the machine (with a 2 s limit both raced the clock).
    proc = extract(inp, root / "out", "-j", "2", "--timeout", "0", "--max-memory", "256", env=env)
    # The hangs under a time limit of 2 s of CPU time, beside a good document that needs a
    # fraction of that however loaded the machine (CPU time is its own work, not the wait for
    # a core); the one that blocks ends at the wall-clock backstop, 10 x 2 s.
    hang_proc = extract(hang_in, root / "hang-out", "-j", "2", "--timeout", "2", "--max-memory", "256", env=env)
    alone_in = root / "alone-in"
    for name, src in GOOD.items():
        bad.write(alone_in / name, src.read_bytes())
    extract(alone_in, root / "alone", "-j", "1")
    return {"frames": read_out(root / "out"), "alone": read_out(root / "alone"), "pids": pids, "proc": proc,
            "hang": read_out(root / "hang-out"), "hang_proc": hang_proc, "root": root}


def test_hang_is_stopped_at_the_cpu_time_limit(faulty):
    row = report(faulty["hang"], HANG)
    assert row["status"] == "failed" and row["error"].startswith("timeout after 2 s of CPU time:")
    # The hook loops forever: that the run ended at all (within run_cli's hang guard) shows it
    # did not wait for the hang; no wall-time bound, which would measure this machine's load.
    assert faulty["hang_proc"].returncode in (0, 1), faulty["hang_proc"].stderr


def test_blocked_document_is_stopped_at_the_wall_clock_backstop(faulty):
    """It sleeps forever: no CPU limit can end it, the backstop (10 x --timeout) does."""
    row = report(faulty["hang"], BLOCK)
    assert row["status"] == "failed"
    assert row["error"].startswith("timeout after 20 s of wall-clock time (10 × --timeout 2 s) while blocked:")


def test_the_run_with_hangs_goes_on(faulty):
    frames = faulty["hang"]
    assert sorted(frames["reports"].source_path) == sorted([*TIMED, "a-good-seed.txt"])
    assert rows_of(frames, "a-good-seed.txt") == rows_of(faulty["alone"], "a-good-seed.txt")
    assert report(frames, "a-good-seed.txt")["status"] == "ok"
    assert report(frames, SPAWN)["error"].startswith("timeout after 2 s of CPU time:")


def test_a_timed_out_workers_own_children_are_killed_too(faulty):
    """The spawned child runs in a session of its own, as LibreOffice does: neither the
    worker's death nor its process group would end it; the pool kills it with the worker."""
    [child] = [int(p.read_text()) for p in faulty["pids"].glob("spawned-child-*.pid")]
    wait_until(lambda: not _alive(child))
    assert not _alive(child)


def test_a_conversions_cpu_counts_against_the_limit_while_it_runs(tmp_path):
    """A legacy file whose LibreOffice conversion spins (a fake ``soffice`` on PATH: a shell
    busy loop; no LibreOffice needed).  The converter is the worker's child, and its CPU is
    the document's as it runs, so --timeout stops it at 2 s of CPU, not the backstop (20 s
    of wall time with the worker blocked in wait(), which is what happened while a child's
    CPU counted only once the worker had reaped it)."""
    tools, pids, inp = tmp_path / "bin", tmp_path / "pids", tmp_path / "in"
    tools.mkdir()
    pids.mkdir()
    fake = tools / "soffice"
    fake.write_text(f"#!/bin/sh\necho $$ > {pids}/converter.pid\nwhile :; do :; done\n")
    fake.chmod(0o755)
    bad.write(inp / "report.doc", bad.word_ole_bytes())
    env = cli_env(PATH=f"{tools}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}")
    extract(inp, tmp_path / "out", "-j", "1", "--timeout", "2", env=env)
    row = report(read_out(tmp_path / "out"), "report.doc")
    assert row["status"] == "failed" and row["error"].startswith("timeout after 2 s of CPU time:"), row["error"]
    converter = int((pids / "converter.pid").read_text())  # it ran: the limit stopped the conversion
    wait_until(lambda: not _alive(converter))
    assert not _alive(converter)  # killed with the worker


def test_memory_explosion_is_stopped(faulty):
    row = report(faulty["frames"], "c-oom.txt")
    assert row["status"] == "failed" and "memory limit (256 MB)" in row["error"]


def test_segfault_costs_its_file(faulty):
    row = report(faulty["frames"], "d-segv.txt")
    assert row["status"] == "failed" and "killed by SIGSEGV" in row["error"]


def test_abrupt_exit_costs_its_file(faulty):
    row = report(faulty["frames"], "e-exit.txt")
    assert row["status"] == "failed" and "exited with status 3" in row["error"]


def test_misbehaving_workers_are_gone(faulty):
    pids = [int(p.read_text()) for p in faulty["pids"].glob("*.pid")]
    assert len(pids) >= 3  # hang, oom, segv all ran in real worker processes
    # killed before the run ended; waits for the kernel to finish them, however loaded the box
    wait_until(lambda: not any(_alive(p) for p in pids))
    assert not [p for p in pids if _alive(p)]


def test_good_documents_unaffected(faulty):
    for name in GOOD:
        assert rows_of(faulty["frames"], name) == rows_of(faulty["alone"], name)
        assert report(faulty["frames"], name)["n_facts"] > 0


def test_faults_are_not_cached(faulty):
    """A timeout or crash may be transient or limit-dependent: the next run must retry it."""
    out = faulty["frames"]
    cached_ids = {p.name.split("-")[0] for folder in ("out", "hang-out")
                  for p in (faulty["root"] / folder / ".cache").glob("*.json")}
    for name in FAULTS:
        assert report(faulty["hang"] if name in TIMED else out, name)["report_id"] not in cached_ids
    for name in GOOD:
        assert report(out, name)["report_id"] in cached_ids


def test_worker_dies_with_a_killed_run(tmp_path):
    """kill -9 of the run while a worker hangs: the worker must not spin on forever."""
    import signal
    import subprocess
    import sys

    from tests.batch_util import ROOT

    inp, pids = tmp_path / "in", tmp_path / "pids"
    pids.mkdir()
    bad.write(inp / "hang.txt", b"ZFXXGK-TEST-HANG\n")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(inp), "--out",
                             str(tmp_path / "out"), "--quiet", "--timeout", "0"], cwd=ROOT,
                            env=cli_env(hooks=True, ZFXXGK_TEST_PIDDIR=str(pids)))
    # waits for a condition: the hang started, or the run ended (it cannot: a document that
    # spins forever and no time limit, so the run is mid-document when it is killed)
    wait_until(lambda: list(pids.glob("hang-*.pid")), proc)
    [pidfile] = list(pids.glob("hang-*.pid"))
    assert proc.poll() is None, "the run ended while its document hangs"
    worker = int(pidfile.read_text())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    wait_until(lambda: not _alive(worker))  # it dies with the run (PR_SET_PDEATHSIG and a watch)
    assert not _alive(worker)
