"""The memory limit is resident memory, watched from the parent (issue 10, fairer limit).

``--max-memory`` used to be the worker's address-space cap, which numpy, pyarrow and OCR
exceed by reserving space they never use; now the parent kills a worker whose resident
memory grows past the limit, and the address-space cap is only a generous backstop.
"""
from __future__ import annotations

import re

import pytest

from tests import badinputs as bad
from tests.batch_util import alive as _alive, ROOT, SEED, cli_env, extract, read_out, report

SCAN = ROOT / "data/raw/scan-seed-zhongning-gxj-2023-s0.pdf"
HEADER = "某某局2023年政府信息公开工作年度报告\n".encode()


@pytest.fixture(scope="module")
def small_limit(tmp_path_factory):
    root = tmp_path_factory.mktemp("mem")
    inp, pids = root / "in", root / "pids"
    pids.mkdir()
    bad.write(inp / "seed.txt", SEED.read_bytes())
    bad.write(inp / "reserves.txt", SEED.read_bytes() + b"\nZFXXGK-TEST-RESERVE\n")
    bad.write(inp / "hoards.txt", HEADER + b"ZFXXGK-TEST-HOARD\n")
    # no time limit (--timeout 0): the hoard ends by itself 60 s after growing, so only the
    # memory watchdog can give its row a memory sentence, however slow the machine is
    extract(inp, root / "out", "-j", "2", "--timeout", "0", "--max-memory", "256",
            env=cli_env(hooks=True, ZFXXGK_TEST_PIDDIR=str(pids), ZFXXGK_TEST_RESERVE_MB="768",
                        ZFXXGK_TEST_HOARD_MB="768"))
    return {"frames": read_out(root / "out"), "pids": pids}


def test_address_space_is_not_memory(small_limit):
    row = report(small_limit["frames"], "reserves.txt")  # 768 MB mapped, never touched, at a 256 MB limit
    assert row["status"] == "ok", row["error"]
    assert row["n_facts"] == report(small_limit["frames"], "seed.txt")["n_facts"]


def test_resident_memory_past_the_limit_is_killed_with_the_sentence(small_limit):
    row = report(small_limit["frames"], "hoards.txt")
    assert row["status"] == "failed" and "memory limit (256 MB) exceeded" in row["error"], row["error"]
    # it holds its memory for 60 s after growing, then reads normally (no time limit in this
    # run): the row says memory, so the watchdog stopped it, and below the address-space
    # backstop (4 × 256 MB, at least 2 GB)
    pids = [int(p.read_text()) for p in small_limit["pids"].glob("hoard-*.pid")]
    assert pids and not [p for p in pids if _alive(p)]


def test_normal_reports_and_an_ocr_scan_work_at_the_default_limit(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    bad.write(inp / "scan.pdf", SCAN.read_bytes())
    bad.write(inp / "seed.txt", SEED.read_bytes())
    extract(inp, out, "-j", "2")  # --max-memory left at its default
    frames = read_out(out)
    scan, seed = report(frames, "scan.pdf"), report(frames, "seed.txt")
    assert seed["status"] == "ok"
    assert scan["status"] in ("ok", "partial") and scan["n_facts"] > 100, scan["error"]
    assert not re.search(r"memory", scan["error"] or ""), scan["error"]
