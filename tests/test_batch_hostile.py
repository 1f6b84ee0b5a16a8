"""Operator mistakes and hostile folders around ``extract`` (issue 10): the cache, the
output folder, the options and settings, several input roots, Ctrl-C and long PDFs.

The hostile *files* are in the bad-input suite (``test_batch_badinput.py``); these cases
each need a run of their own.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.extract.runner import run_extract
from tests import badinputs as bad
from tests.batch_util import (CORPUS, HANG_GUARD_S, HOOKS, ROOT, SEED, canonical, cli_env, extract, read_out, report,
                              run_cli, wait_until)

DOCS = ["seed-zhongning-gxj-2023.txt", "b-01-lucheng.txt"]


def _inputs(path: Path, names=DOCS) -> Path:
    for name in names:
        bad.write(path / name, (CORPUS / name).read_bytes())
    return path


def _summary(proc: subprocess.CompletedProcess) -> tuple[int, int]:
    m = re.search(r"(\d+) parsed, (\d+) from cache", proc.stderr)
    assert m, proc.stderr
    return int(m[1]), int(m[2])


# -- the cache holds data, never code ---------------------------------------------------------
class _Planted:
    """Unpickling this runs code: it creates the file named by ``path``."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


@pytest.fixture()
def cached(tmp_path):
    inp, out = _inputs(tmp_path / "in"), tmp_path / "out"
    extract(inp, out)
    entries = sorted(p for p in (out / ".cache").iterdir() if p.is_file())
    assert len(entries) == len(DOCS)
    return inp, out, entries, canonical(read_out(out))


def test_planted_pickle_in_the_cache_is_not_run(cached, tmp_path):
    inp, out, entries, first = cached
    flag = tmp_path / "code-ran"
    for e in entries:
        e.write_bytes(pickle.dumps(_Planted(str(flag))))
    proc = extract(inp, out, quiet=False)
    assert not flag.exists()
    assert _summary(proc) == (len(DOCS), 0)
    assert canonical(read_out(out)) == first


def test_edited_cache_entry_is_not_served(cached):
    inp, out, entries, first = cached
    for e in entries:
        text = e.read_text("utf-8", errors="replace")
        edited = re.sub(r'"count":\s*0\b', '"count": 7', text)
        assert edited != text
        e.write_text(edited, "utf-8")
    proc = extract(inp, out, quiet=False)
    assert _summary(proc) == (len(DOCS), 0)
    assert canonical(read_out(out)) == first


def test_fifo_in_the_cache_is_a_miss(cached):
    inp, out, entries, first = cached
    for e in entries:
        e.unlink()
        os.mkfifo(e)
    proc = extract(inp, out, quiet=False)
    assert _summary(proc) == (len(DOCS), 0)
    assert canonical(read_out(out)) == first


# -- settings ------------------------------------------------------------------------------------
def test_mistyped_pdf_backend_stops_the_run_at_start(tmp_path):
    inp, out = _inputs(tmp_path / "in"), tmp_path / "out"
    proc = extract(inp, out, check=False, env=cli_env(ZFXXGK_PDF_BACKEND="pdfiumm"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "ZFXXGK_PDF_BACKEND" in proc.stderr and "pdfium" in proc.stderr
    assert not out.exists()


def test_pdf_backend_is_part_of_the_cache_key(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    bad.write(inp / "a.pdf", bad.text_pdf(["Quarterly maintenance schedule", "Room 101: painting"]))
    assert _summary(extract(inp, out, quiet=False, env=cli_env(ZFXXGK_PDF_BACKEND="plumber"))) == (1, 0)
    assert _summary(extract(inp, out, quiet=False, env=cli_env(ZFXXGK_PDF_BACKEND="pdfium"))) == (1, 0)
    assert _summary(extract(inp, out, quiet=False, env=cli_env(ZFXXGK_PDF_BACKEND="pdfium"))) == (0, 1)


def test_reader_crash_is_not_cached(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    bad.write(inp / "buggy.txt", SEED.read_bytes() + b"\nZFXXGK-TEST-RAISE\n")
    proc = extract(inp, out, quiet=False, env=cli_env(hooks=True))
    assert _summary(proc) == (1, 0)
    assert report(read_out(out), "buggy.txt")["status"] == "failed"
    proc = extract(inp, out, quiet=False, env=cli_env(hooks=True, ZFXXGK_TEST_FIXED="1"))
    assert _summary(proc) == (1, 0)  # the crash was not kept: the fixed reader reads it
    assert report(read_out(out), "buggy.txt")["status"] == "ok"


@pytest.mark.parametrize("option", [["--max-memory", "-1"], ["--timeout", "-5"], ["--timeout", "nan"],
                                    ["--timeout", "inf"], ["-j", "0"], ["--max-memory", "3"]])
def test_impossible_options_exit_2_with_a_sentence(tmp_path, option):
    inp, out = _inputs(tmp_path / "in", DOCS[:1]), tmp_path / "out"
    proc = extract(inp, out, *option, check=False)
    assert proc.returncode == 2, (option, proc.stderr)
    assert "Traceback" not in proc.stderr and option[0] in proc.stderr, proc.stderr
    assert not out.exists()


def test_impossible_options_in_the_python_api(tmp_path):
    inp = _inputs(tmp_path / "in", DOCS[:1])
    with pytest.raises(ValueError, match="max_memory"):
        run_extract([inp], tmp_path / "out", max_memory_mb=-1)
    with pytest.raises(ValueError, match="timeout"):
        run_extract([inp], tmp_path / "out", timeout=float("nan"))
    assert not (tmp_path / "out").exists()


# -- the output folder ----------------------------------------------------------------------------
def test_input_equal_to_output_is_refused(tmp_path):
    inp, out = _inputs(tmp_path / "in"), tmp_path / "out"
    extract(inp, out)
    before = canonical(read_out(out))
    for given in (out, out / "facts"):
        proc = extract(given, out, check=False)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "output" in proc.stderr and "input" in proc.stderr
    assert canonical(read_out(out)) == before


@pytest.mark.parametrize("ours", [["facts"], ["reports.parquet"], [".cache"],
                                  ["facts", "reports.parquet", "checks.parquet", "sections.parquet", ".cache"]])
def test_folder_that_looks_like_ours_without_the_marker_is_refused(tmp_path, ours):
    inp, out = _inputs(tmp_path / "in", DOCS[:1]), tmp_path / "out"
    for name in ours:
        if name.endswith(".parquet"):
            bad.write(out / name, b"the user's own table")
        else:
            bad.write(out / name / "notes.txt", b"the user's own notes")
    proc = extract(inp, out, check=False)
    assert proc.returncode == 2 and "refusing" in proc.stderr, proc.stderr
    for name in ours:
        assert (out / name).exists()


@pytest.mark.parametrize("where", ["analysis.ipynb", "facts/my-notes.txt", "facts/year=2023/extra.csv"])
def test_a_user_file_in_a_real_output_is_never_deleted(tmp_path, where):
    inp, out = _inputs(tmp_path / "in", DOCS[:1]), tmp_path / "out"
    extract(inp, out)
    bad.write(out / where, b"a researcher's work")
    proc = extract(inp, out, check=False)
    assert (out / where).read_bytes() == b"a researcher's work"
    assert proc.returncode == 2 and where.split("/")[-1] in proc.stderr, proc.stderr


def test_output_given_through_a_symlink(tmp_path):
    inp, real, link = _inputs(tmp_path / "in", DOCS[:1]), tmp_path / "real", tmp_path / "link"
    real.mkdir()
    link.symlink_to(real)
    for _ in range(2):
        extract(inp, link)
        assert link.is_symlink() and os.readlink(link) == str(real)
        assert len(read_out(real)["reports"]) == 1


def test_two_runs_through_two_names_do_not_run_at_once(tmp_path):
    inp, real, link = tmp_path / "in", tmp_path / "real", tmp_path / "link"
    bad.write(inp / "slow.txt", SEED.read_bytes() + b"\nZFXXGK-TEST-SLOW\n")
    real.mkdir()
    link.symlink_to(real)
    pids = tmp_path / "pids"
    pids.mkdir()
    # The first run's document is held until a file appears that nobody creates, with no time
    # limit (--timeout 0): it holds the lock however long the second run takes to start.
    env = cli_env(hooks=True, ZFXXGK_TEST_PIDDIR=str(pids), ZFXXGK_TEST_SLOW_UNTIL=str(tmp_path / "never-created"))
    first = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(real),
                              "-q", "-j", "1", "--timeout", "0"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: list(pids.iterdir()), first)
        assert list(pids.iterdir()), ("the first run never started its document: "
                                      f"{first.communicate() if first.poll() is not None else 'still running'}")
        second = extract(inp, link, check=False)
        assert first.poll() is None, "the first run ended although its document is held"
        assert second.returncode == 2 and "another extract run" in second.stderr, second.stderr
    finally:
        first.kill()
        first.wait()


# -- inputs ---------------------------------------------------------------------------------------
def test_same_relative_name_under_two_roots(tmp_path):
    a, b = tmp_path / "dl1" / "raw", tmp_path / "dl2" / "raw"
    bad.write(a / "x.txt", (CORPUS / DOCS[0]).read_bytes())
    bad.write(b / "x.txt", (CORPUS / DOCS[1]).read_bytes())
    bad.write(a / "only-a.txt", (CORPUS / "c-20-haizhu-guanzhou.txt").read_bytes())
    out = tmp_path / "out"
    extract([a, b], out)
    paths = list(read_out(out)["reports"].source_path)
    assert len(set(paths)) == 3, paths
    assert "only-a.txt" in paths  # names that are not ambiguous stay short
    assert all(p.endswith("x.txt") and ("dl1" in p) != ("dl2" in p) for p in paths if p != "only-a.txt"), paths


def test_a_gbk_name_equal_to_a_utf8_name_keeps_its_bytes(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    bad.write(inp / "测试.txt", (CORPUS / DOCS[0]).read_bytes())
    bad.write(inp / os.fsdecode("测试.txt".encode("gbk")), (CORPUS / DOCS[1]).read_bytes())
    extract(inp, out)
    assert sorted(read_out(out)["reports"].source_path) == ["\\xb2\\xe2\\xca\\xd4.txt", "测试.txt"]


def test_hidden_files_and_orphan_sidecars_have_rows(tmp_path):
    inp, out = _inputs(tmp_path / "in", DOCS[:1]), tmp_path / "out"
    bad.write(inp / ".hidden-report.txt", (CORPUS / DOCS[1]).read_bytes())
    bad.write(inp / ".git" / "config", b"[core]")
    bad.write(inp / ".git" / "objects" / "ab" / "cdef", b"blob")
    bad.write(inp / "sub" / "gone.txt.meta.json", b'{"agency": "A"}')
    proc = extract(inp, out, quiet=False)
    assert re.search(r"2 hidden .*skipped", proc.stderr), proc.stderr
    assert re.search(r"gone\.txt\.meta\.json.*no document", proc.stderr), proc.stderr
    frames = read_out(out)
    assert sorted(frames["reports"].source_path) == [".git", ".hidden-report.txt", DOCS[0], "sub/gone.txt.meta.json"]
    hidden, folder = report(frames, ".hidden-report.txt"), report(frames, ".git")
    assert hidden["status"] == "failed" and "hidden file" in hidden["error"] and "rename it" in hidden["error"]
    assert folder["status"] == "failed" and "hidden folder" in folder["error"] and folder["n_facts"] == 0
    orphan = report(frames, "sub/gone.txt.meta.json")
    assert orphan["status"] == "not_a_report" and "gone.txt is not in this folder" in orphan["error"]
    assert report(frames, DOCS[0])["status"] == "ok"
    first = (out / "reports.parquet").read_bytes()
    extract(inp, out, "--force")
    assert (out / "reports.parquet").read_bytes() == first  # the same rows, byte for byte


# -- Ctrl-C ---------------------------------------------------------------------------------------
def _terminal_sigint() -> None:
    """Ctrl-C as a terminal delivers it: a test run started in the background (``make test &``
    from a script) has SIGINT ignored, which its children would inherit and keep."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _held_run(tmp_path: Path, n: int, jobs: int) -> tuple[subprocess.Popen, Path]:
    """An extract run of ``n`` documents that are held until a file appears that nobody
    creates, with no time limit (--timeout 0): it cannot end by itself, however fast or slow
    the machine, so a test can interrupt it at a moment it chooses by a condition."""
    inp, out, pids = tmp_path / "in", tmp_path / "out", tmp_path / "pids"
    pids.mkdir()
    for i in range(n):
        bad.write(inp / f"slow-{i}.txt", SEED.read_bytes() + f"\nZFXXGK-TEST-SLOW {i}\n".encode())
    env = cli_env(hooks=True, ZFXXGK_TEST_PIDDIR=str(pids), ZFXXGK_TEST_SLOW_UNTIL=str(tmp_path / "never-created"))
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(out),
                             "-q", "-j", str(jobs), "--timeout", "0"], cwd=ROOT, env=env, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, preexec_fn=_terminal_sigint)
    return proc, pids


def test_ctrl_c_ends_with_one_line(tmp_path):
    proc, pids = _held_run(tmp_path, 2, jobs=2)
    wait_until(lambda: len(list(pids.iterdir())) >= 2, proc)  # both workers hold a document
    assert proc.poll() is None, f"the run ended before both documents started: {proc.communicate()}"
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: the whole group
    _, err = proc.communicate(timeout=HANG_GUARD_S)
    assert proc.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.strip().splitlines() == ["zfxxgk extract: interrupted; the previous output is unchanged"], err
    assert not (tmp_path / "out" / "reports.parquet").exists()


def _maps(pid: int, needle: str) -> bool:
    """Whether the process has mapped a file whose path holds ``needle`` (a library it imported)."""
    try:
        return needle in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def _listens_to_ctrl_c(pid: int) -> bool:
    """Whether SIGINT is neither blocked nor ignored by the process (/proc's SigBlk and SigIgn
    masks): the run blocks it for a moment while it starts its fork server
    (batch._start_forkserver_deaf_to_ctrl_c)."""
    try:
        return not _sigint_in(pid, "SigBlk:") and not _sigint_in(pid, "SigIgn:")
    except (OSError, AssertionError):
        return False


def _has_fork_server(pid: int) -> bool:
    import psutil

    try:
        return any("forkserver" in " ".join(c.cmdline()) for c in psutil.Process(pid).children())
    except psutil.Error:
        return False


# Moments of a starting run, each known by a condition (not a time): the command line being
# imported (the json accelerator mapped: pipeline.cli imports it, Python's start-up does not;
# regex is no longer imported then), the extract stages being imported (pyarrow's library
# mapped), the fork server up (workers starting), a worker holding its document.
_STARTING = {
    "importing-cli": lambda proc, pids: _maps(proc.pid, "_json"),
    "importing-stages": lambda proc, pids: _maps(proc.pid, "libarrow"),
    "starting-workers": lambda proc, pids: _has_fork_server(proc.pid) and _listens_to_ctrl_c(proc.pid),
    "parsing": lambda proc, pids: bool(list(pids.iterdir())),
}


@pytest.mark.parametrize("moment", list(_STARTING))
def test_ctrl_c_while_starting_has_no_traceback(tmp_path, moment):
    proc, pids = _held_run(tmp_path, 1, jobs=1)
    wait_until(lambda: _STARTING[moment](proc, pids), proc)
    assert proc.poll() is None, f"the run ended by itself: {proc.communicate()}"
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=HANG_GUARD_S)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    # one line and 130 at every moment; the run cannot have finished by itself (0)
    assert proc.returncode == 130 and len(err.strip().splitlines()) == 1, (proc.returncode, err)
    assert not (tmp_path / "out" / "reports.parquet").exists()


# A Ctrl-C that lands in source code run by eval()/exec() (namedtuple, dataclasses, Cython's
# enum helpers: all run while the stages import) sets CPython 3.11's "unhandled Ctrl-C" mark
# even when the command line catches it, and a ``python -m`` run then re-killed itself with
# SIGINT at exit (-2 instead of 130, about 1 run in 8 of the test above on a loaded machine).
# These put the interrupt exactly there, so the outcome does not depend on timing; they run
# as ``python -m`` (a ``-c`` or script run exits through another path that hides the mark).
_RAISE_IN_EXEC = "exec('raise KeyboardInterrupt', {})"


def _run_module(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "ctrl_c_probe.py").write_text(code)
    env = cli_env()
    env["PYTHONPATH"] = str(tmp_path) + os.pathsep + env["PYTHONPATH"]
    return subprocess.run([sys.executable, "-m", "ctrl_c_probe"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=HANG_GUARD_S, preexec_fn=_terminal_sigint)


def test_ctrl_c_inside_exec_while_a_command_imports_still_exits_130(tmp_path):
    code = ("import sys\nfrom pipeline import cli\n"
            f"cli.extract = lambda args: {_RAISE_IN_EXEC}\n"
            f"sys.exit(cli.main(['extract', {str(tmp_path / 'in')!r}, '--out', {str(tmp_path / 'out')!r}]))\n")
    proc = _run_module(code, tmp_path)
    assert proc.returncode == 130, (proc.returncode, proc.stderr)
    assert proc.stderr.strip().splitlines() == ["zfxxgk extract: interrupted before it started; nothing was changed"]


def test_ctrl_c_inside_exec_while_the_command_line_imports_still_exits_130(tmp_path):
    # the interrupt lands in the import of pipeline.cli itself: __main__'s own guard handles it
    code = ("import importlib.abc, importlib.util, runpy, sys\n"
            "class Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):\n"
            "    def find_spec(self, name, path, target=None):\n"
            "        return importlib.util.spec_from_loader(name, self) if name == 'pipeline.cli' else None\n"
            "    def create_module(self, spec):\n"
            "        return None\n"
            f"    def exec_module(self, module):\n        {_RAISE_IN_EXEC}\n"
            "sys.meta_path.insert(0, Finder())\n"
            "runpy.run_module('pipeline', run_name='__main__', alter_sys=True)\n")
    proc = _run_module(code, tmp_path)
    assert proc.returncode == 130, (proc.returncode, proc.stderr)
    assert proc.stderr.strip().splitlines() == ["zfxxgk: interrupted before it started; nothing was changed"]


# A Ctrl-C can land where it was once lost: in the moment the run starts its fork server
# (batch._start_forkserver_deaf_to_ctrl_c held SIGINT ignored then, so the signal was dropped
# and the run went on to exit 0), or in a ``__del__`` (CPython prints "Exception ignored in"
# and goes on).  These put it exactly there through a probe module that wraps the real code,
# so the outcome does not depend on timing.
def _run_probe(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """``python -m`` a probe in a process group of its own (it may signal its whole group, as
    a terminal does), over two documents."""
    inp, out = _inputs(tmp_path / "in"), tmp_path / "out"
    (tmp_path / "ctrl_c_probe.py").write_text(
        "import os, signal, sys\nfrom pipeline import cli\n" + code
        + "if __name__ == '__main__':  # not where multiprocessing imports it again (the fork server)\n"
        + f"    sys.exit(cli.main(['extract', {str(inp)!r}, '--out', {str(out)!r}, '-q', '-j', '1']))\n")
    env = cli_env()
    env["PYTHONPATH"] = str(tmp_path) + os.pathsep + env["PYTHONPATH"]
    return subprocess.run([sys.executable, "-m", "ctrl_c_probe"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=HANG_GUARD_S, start_new_session=True, preexec_fn=_terminal_sigint)


_INTERRUPTED = ["zfxxgk extract: interrupted; the previous output is unchanged"]


def test_ctrl_c_while_the_fork_server_starts_is_not_lost(tmp_path):
    code = ("from multiprocessing import forkserver\n"
            "start = forkserver.ensure_running\n"
            "def held():  # inside the window: the server is started, the window not yet closed\n"
            "    start()\n"
            "    print('sending', flush=True)\n"
            "    os.killpg(0, signal.SIGINT)  # the terminal's Ctrl-C: this process and the server\n"
            "    print('sent', flush=True)\n"
            "forkserver.ensure_running = held\n")
    proc = _run_probe(code, tmp_path)
    # The signal came inside the window.  Mostly it waits there, blocked, until the window
    # closes ("sent" printed); but pyarrow starts a native thread that does not block SIGINT,
    # and the kernel may hand the signal to it: then the main thread raises KeyboardInterrupt
    # at once, inside the window (before or while "sent" is printed).  Either way it must end
    # the run as every Ctrl-C does — the exit code says the signal was not lost.
    assert proc.stdout in ("sending\n", "sending\nsent", "sending\nsent\n"), proc.stdout
    assert (proc.returncode, proc.stderr.strip().splitlines()) == (130, _INTERRUPTED), (proc.returncode, proc.stderr)
    assert not (tmp_path / "out" / "reports.parquet").exists()


@pytest.mark.parametrize("where", ["emit", "commit"])
def test_ctrl_c_swallowed_by_a_finalizer_still_ends_the_run(tmp_path, where):
    """``emit``: while results arrive (the batch loop raises it again); ``commit``: while the
    output is written, after the last document (the swap does)."""
    target = ("from pipeline.extract.batch import WorkerPool as Where; name = '_emit'\n" if where == "emit" else
              "from pipeline.extract.store import StreamingStore as Where; name = 'write'\n")
    code = (target
            + "class Finalizer:\n"
              "    def __del__(self):  # as regex's SetBase.__del__ may be running when Ctrl-C comes\n"
              "        signal.raise_signal(signal.SIGINT)\n"
              "real = getattr(Where, name)\n"
              "def wrapped(*args, **kwargs):\n"
              "    Finalizer()  # dropped at once: the KeyboardInterrupt raised in its __del__ is swallowed\n"
              "    print('swallowed', flush=True)\n"
              "    return real(*args, **kwargs)\n"
              "setattr(Where, name, wrapped)\n")
    proc = _run_probe(code, tmp_path)
    assert proc.stdout.startswith("swallowed\n")  # the code after the finalizer ran: it was swallowed
    assert "Exception ignored" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert (proc.returncode, proc.stderr.strip().splitlines()) == (130, _INTERRUPTED), (proc.returncode, proc.stderr)
    assert not (tmp_path / "out" / "reports.parquet").exists()


def test_the_fork_server_and_workers_keep_no_blocked_ctrl_c(tmp_path):
    """Blocking SIGINT while the server starts leaves it blocked there (it ignores it anyway);
    a worker unblocks it, so what it starts (LibreOffice) gets the usual signal mask."""
    proc, pids = _held_run(tmp_path, 1, jobs=1)
    wait_until(lambda: bool(list(pids.iterdir())), proc)
    import psutil

    worker = int(next(pids.iterdir()).read_text())
    assert not _sigint_in(worker, "SigBlk:") and _sigint_in(worker, "SigIgn:")
    server = next(c.pid for c in psutil.Process(proc.pid).children() if "forkserver" in " ".join(c.cmdline()))
    assert _sigint_in(server, "SigIgn:")  # deaf to Ctrl-C, as before
    assert not _sigint_in(proc.pid, "SigBlk:") and not _sigint_in(proc.pid, "SigIgn:")  # the run listens
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=HANG_GUARD_S)
    assert proc.returncode == 130 and err.strip().splitlines() == _INTERRUPTED, (proc.returncode, err)


def _sigint_in(pid: int, mask: str) -> bool:
    """Whether SIGINT is in the process's ``mask`` line of /proc/PID/status (SigBlk, SigIgn)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(mask):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    raise AssertionError(f"no {mask} in /proc/{pid}/status")


# -- long PDFs ------------------------------------------------------------------------------------
def test_page_limit_never_silently_cuts_a_report(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    annex = ["附件：会议记录汇编（第{page}页），本附件不是年度报告。"]
    bad.write(inp / "annex-first.pdf", bad.text_pdf(annex, pages=6))
    extract(inp, out, env=cli_env(ZFXXGK_PDF_MAX_PAGES="4"))
    row = report(read_out(out), "annex-first.pdf")
    assert row["status"] == "partial", row
    assert "pages 1-4 were read, pages 5-6 were not" in row["error"] and "ZFXXGK_PDF_MAX_PAGES" in row["error"]
    extract(inp, out)  # the limit is part of the cache key: the default reads every page
    row = report(read_out(out), "annex-first.pdf")
    assert row["status"] == "not_a_report" and "page limit" not in (row["error"] or "")


def test_invalid_page_limit_exits_2(tmp_path):
    inp, out = _inputs(tmp_path / "in", DOCS[:1]), tmp_path / "out"
    proc = extract(inp, out, check=False, env=cli_env(ZFXXGK_PDF_MAX_PAGES="many"))
    assert proc.returncode == 2 and "ZFXXGK_PDF_MAX_PAGES" in proc.stderr and "Traceback" not in proc.stderr


def test_pages_without_text_reach_the_report(tmp_path):
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    import io

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("STSong-Light", 11)
    c.drawString(60, 800, "Quarterly maintenance schedule, page one")
    c.showPage()
    c.drawImage(ImageReader(Image.new("L", (60, 80), 128)), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    inp, out = tmp_path / "in", tmp_path / "out"
    bad.write(inp / "half-scanned.pdf", buf.getvalue())
    extract(inp, out)
    row = report(read_out(out), "half-scanned.pdf")
    assert re.search(r"page.* 2 .*no text layer", row["error"]), row["error"]


# -- one runner for every command's exit codes ----------------------------------------------------
def test_guarded_maps_every_way_a_command_cannot_run(capsys):
    from pipeline.cli import guarded

    class Refused(Exception):
        pass

    def raising(exc):
        def work():
            raise exc
        return work

    closed = []
    common = dict(refusals=[(Refused, 75), ((ValueError, KeyError), 2)], cannot_write="cannot write X",
                  unchanged="X is unchanged", cleanup=lambda: closed.append(1))
    assert guarded("cmd", lambda: 42, **common) == (None, 42) and not closed
    assert guarded("cmd", raising(Refused("busy")), **common) == (75, None)
    assert guarded("cmd", raising(KeyError("k")), **common) == (2, None)
    assert guarded("cmd", raising(OSError(28, "No space left on device")), **common) == (2, None)
    assert guarded("cmd", raising(KeyboardInterrupt()), **common) == (130, None)
    with pytest.raises(ZeroDivisionError):
        guarded("cmd", raising(ZeroDivisionError()), **common)
    assert len(closed) == 5
    assert capsys.readouterr().err.splitlines() == [
        "zfxxgk cmd: busy", "zfxxgk cmd: 'k'",
        "zfxxgk cmd: cannot write X: [Errno 28] No space left on device; X is unchanged",
        "zfxxgk cmd: interrupted; X is unchanged"]


def test_a_gbk_name_is_kept_in_the_file_index(tmp_path, monkeypatch):
    """The stat index records a file only once it is older than RACY_NS, so a slow run (or an
    old download) put a GBK name in it: the run crashed writing the index."""
    from pipeline.extract import index as index_mod

    monkeypatch.setattr(index_mod, "RACY_NS", 0)
    inp, out = tmp_path / "in", tmp_path / "out"
    name = os.fsdecode("测试.txt".encode("gbk"))
    bad.write(inp / name, (CORPUS / DOCS[0]).read_bytes())
    first = run_extract([inp], out, jobs=1, timeout=60, max_memory_mb=1024)
    assert first.store.statuses["ok"] == 1
    again = run_extract([inp], out, jobs=1, timeout=60, max_memory_mb=1024)
    assert again.up_to_date  # found again in the index by its bytes
    assert list(read_out(out)["reports"].source_path) == ["测试.txt"]
