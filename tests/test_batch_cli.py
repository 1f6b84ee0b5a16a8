"""The command-line contract: exit codes, defaults, progress bar and closing summary."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

from tests import badinputs as bad
from tests.batch_util import CORPUS, HANG_GUARD_S, ROOT, SEED, cli_env, read_out, run_cli


def test_missing_input_exits_2_with_reason(tmp_path):
    proc = run_cli("extract", tmp_path / "nope", "--out", tmp_path / "out", check=False)
    assert proc.returncode == 2
    assert "input not found" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "reports.parquet").exists()


def test_unusable_output_exits_2(tmp_path):
    (tmp_path / "file").write_text("x")
    bad.write(tmp_path / "in" / "a.txt", SEED.read_bytes())
    for out in (tmp_path / "file", tmp_path / "file" / "sub"):
        proc = run_cli("extract", tmp_path / "in", "--out", out, check=False)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert re.search(r"not a folder|cannot write", proc.stderr), proc.stderr


def test_defaults_summary_and_failed_documents_exit_0(tmp_path):
    bad.write(tmp_path / "data" / "raw" / "seed.txt", SEED.read_bytes())
    bad.write(tmp_path / "data" / "raw" / "junk.txt", bytes(range(256)) * 20)
    bad.write(tmp_path / "data" / "raw" / "empty.txt", b"")
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", "-j", "1"], cwd=tmp_path,
                          env=cli_env(), capture_output=True, text=True, timeout=HANG_GUARD_S)
    assert proc.returncode == 0, proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"3 documents: 1 ok, 0 partial, 0 not_a_report, 2 failed; 200 facts written, "
                        r"\d+ checks failed; 3 parsed, 0 from cache; [\d.]+ s -> .*data/parquet", line), line
    assert len(read_out(tmp_path / "data" / "parquet")["reports"]) == 3
    quiet = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--quiet"], cwd=tmp_path,
                           env=cli_env(), capture_output=True, text=True, timeout=HANG_GUARD_S)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_progress_bar_on_a_terminal(tmp_path):
    for name in ("seed-zhongning-gxj-2023.txt", "b-01-lucheng.txt"):
        bad.write(tmp_path / "in" / name, (CORPUS / name).read_bytes())
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(tmp_path / "in"), "--out",
                             str(tmp_path / "out"), "-j", "1"], cwd=ROOT, env=cli_env(),
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=HANG_GUARD_S) == 0
    text = b"".join(chunks).decode("utf-8", "replace")
    assert re.search(r"extract: 100%.*2/2", text), text
    assert "2 documents:" in text


def test_console_script_points_at_main():
    import tomllib

    from pipeline import cli

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["zfxxgk"] == "pipeline.cli:main" and callable(cli.main)
