"""``--executor dask`` gives the same bytes as a local run, with the same per-document isolation.

A small ``LocalCluster`` (two worker processes on 127.0.0.1) is started by the tests; the
same mixed folder — reports, a duplicate, junk and a segfault injected through
``tests.batch_hooks`` — is run locally and on the cluster, and every output file must be
byte-identical.  A hang is run the same way in a folder of its own: it is the one document
that must hit the time limit, so the limit can be short there (a hang exceeds any limit),
while the runs of real documents have none (a 3 s wall-clock limit on the real documents
timed a PDF out on a loaded box, before the limit was CPU time).  Beside it, a document
that blocks (asleep, no CPU) ends at the wall-clock backstop, and a good report needs a
fraction of the CPU limit whatever the load.
"""
from __future__ import annotations

from pathlib import Path

import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

from pipeline.extract.executor_dask import DaskSetupError  # noqa: E402
from tests import badinputs as bad  # noqa: E402
from pipeline.extract.worker import PROCESSOR_ENV  # noqa: E402
from tests.batch_util import CORPUS, HOOKS, SEED, cli_env, extract, read_out, report  # noqa: E402

GOOD = {"a-seed.txt": SEED, "b-lucheng.txt": CORPUS / "b-01-lucheng.txt",
        "sub/c-haizhu.txt": CORPUS / "c-20-haizhu-guanzhou.txt",
        "sub/d-copy-of-seed.txt": SEED}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


@pytest.fixture(scope="module")
def cluster():
    with dask.config.set({"distributed.worker.daemon": False}):  # read when workers start
        c = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     host="127.0.0.1", dashboard_address=":0", silence_logs=40)
    with c:
        yield c


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    inp = tmp_path_factory.mktemp("mixed") / "in"
    for name, src in GOOD.items():
        bad.write(inp / name, src.read_bytes())
    for src in sorted((CORPUS.parent / "corpus-full").glob("*.html")) + sorted(CORPUS.glob("*.pdf"))[:1]:
        bad.write(inp / src.name, src.read_bytes())
    bad.write(inp / "junk.txt", bytes(range(256)) * 40)
    bad.write(inp / "empty.txt", b"")
    bad.write(inp / "y-segv.txt", "某某局2023年政府信息公开工作年度报告\n".encode() + b"ZFXXGK-TEST-SEGV\n")
    return inp


@pytest.fixture(scope="module")
def hanging(tmp_path_factory):
    """A folder whose one document never finishes (see the module doc)."""
    inp = tmp_path_factory.mktemp("hanging") / "in"
    bad.write(inp / "x-hang.txt", "某某局2023年政府信息公开工作年度报告\n".encode() + b"ZFXXGK-TEST-HANG\n")
    return inp


@pytest.fixture(scope="module")
def timed(tmp_path_factory):
    """A CPU hang, a document that blocks and a good report (see the module doc)."""
    inp = tmp_path_factory.mktemp("timed") / "in"
    bad.write(inp / "x-hang.txt", "某某局2023年政府信息公开工作年度报告\n".encode() + b"ZFXXGK-TEST-HANG\n")
    bad.write(inp / "x-block.txt", "某某局2023年政府信息公开工作年度报告\n".encode() + b"ZFXXGK-TEST-BLOCK\n")
    bad.write(inp / "a-seed.txt", SEED.read_bytes())
    return inp


def test_dask_output_is_byte_identical_to_local(cluster, mixed, timed, tmp_path):
    env = cli_env(hooks=True)
    extract(mixed, tmp_path / "local", "-j", "2", "--timeout", "0", env=env)  # 0: no time limit
    extract(mixed, tmp_path / "dask", "--executor", "dask", "--scheduler", cluster.scheduler_address,
            "--timeout", "0", env=env)
    local, on_dask = _files(tmp_path / "local"), _files(tmp_path / "dask")
    assert len(local) >= 3 and local == on_dask
    frames = read_out(tmp_path / "dask")
    assert report(frames, "a-seed.txt")["status"] == "ok"
    assert report(frames, "a-seed.txt")["duplicate_paths"].tolist() == ["a-seed.txt", "sub/d-copy-of-seed.txt"]
    assert "processing crashed" in report(frames, "y-segv.txt")["error"]
    # the time limits (CPU, and the wall-clock backstop at 10 x): the same sentences and bytes
    # on the cluster as locally
    extract(timed, tmp_path / "local-hang", "-j", "2", "--timeout", "2", env=env)
    extract(timed, tmp_path / "dask-hang", "--executor", "dask", "--scheduler", cluster.scheduler_address,
            "--timeout", "2", env=env)
    local, on_dask = _files(tmp_path / "local-hang"), _files(tmp_path / "dask-hang")
    assert len(local) >= 3 and local == on_dask
    frames = read_out(tmp_path / "dask-hang")
    assert report(frames, "x-hang.txt")["error"].startswith("timeout after 2 s of CPU time:")
    assert report(frames, "x-block.txt")["error"].startswith(
        "timeout after 20 s of wall-clock time (10 × --timeout 2 s) while blocked:")
    assert report(frames, "a-seed.txt")["status"] == "ok"


def test_dask_rerun_uses_the_cache_and_stays_identical(cluster, mixed, hanging, tmp_path, monkeypatch):
    from pipeline.extract.executor_dask import DaskExecutor
    from pipeline.extract.runner import run_extract

    monkeypatch.setenv(PROCESSOR_ENV, HOOKS)

    out = tmp_path / "out"
    first = run_extract([mixed], out, executor=DaskExecutor(cluster.scheduler_address, None, 1024))
    files = _files(out)
    # a segfault is not cacheable, so it (and only it) is sent again
    again = run_extract([mixed], out, executor=DaskExecutor(cluster.scheduler_address, None, 1024))
    assert first.parsed == first.documents == 8 and first.store.statuses["failed"] >= 1
    assert again.parsed == 1 and again.cached == 7 and _files(out) == files
    # nor is a timeout (the hang: the one document that must meet the limit, see the module doc)
    out = tmp_path / "hang"
    first = run_extract([hanging], out, executor=DaskExecutor(cluster.scheduler_address, 3, 1024))
    files = _files(out)
    again = run_extract([hanging], out, executor=DaskExecutor(cluster.scheduler_address, 3, 1024))
    assert first.parsed == 1 and first.store.statuses["failed"] == 1
    assert again.parsed == 1 and again.cached == 0 and _files(out) == files


def test_daemonic_workers_are_a_clear_error(tmp_path, mixed):
    from pipeline.extract.executor_dask import DaskExecutor
    from pipeline.extract.runner import run_extract

    with dask.config.set({"distributed.worker.daemon": True}), distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0", silence_logs=40) as c:
        with pytest.raises(DaskSetupError, match="DASK_DISTRIBUTED__WORKER__DAEMON=False"):
            run_extract([mixed / "a-seed.txt"], tmp_path / "out", executor=DaskExecutor(c.scheduler_address))
    assert not (tmp_path / "out" / "reports.parquet").exists()


def test_unreachable_scheduler_cannot_run(tmp_path, mixed):
    from pipeline.extract.executor_dask import DaskExecutor
    from pipeline.extract.runner import run_extract

    with pytest.raises(DaskSetupError, match="cannot reach the dask scheduler at tcp://127.0.0.1:9"):
        run_extract([mixed / "a-seed.txt"], tmp_path / "out",
                    executor=DaskExecutor("tcp://127.0.0.1:9", connect_timeout=1))
    proc = extract(mixed / "a-seed.txt", tmp_path / "out", "--executor", "dask", check=False)
    assert proc.returncode == 2 and "--scheduler" in proc.stderr
