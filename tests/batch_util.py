"""Helpers for the batch tests: run the real CLI in a subprocess and read its outputs."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("ZFXXGK_CORPUS", ROOT.parent / "shared" / "corpus"))
REALWORLD = Path(os.environ.get("ZFXXGK_REALWORLD", ROOT.parent / "shared" / "realworld-pdfs"))
SEED = CORPUS / "seed-zhongning-gxj-2023.txt"
HOOKS = "tests.batch_hooks:process"


def cli_env(hooks: bool = False, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("ZFXXGK_TEST_PROCESSOR", None)
    env.pop("ZFXXGK_TEST_CRASH_AT", None)
    if hooks:
        env["ZFXXGK_TEST_PROCESSOR"] = HOOKS
    env.update(extra)
    return env


def run_cli(*args: str | os.PathLike[str], hooks: bool = False, check: bool = True,
            timeout: float | None = None, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    """``python -m pipeline <args>``; asserts exit 0 unless ``check`` is False.  ``timeout``
    (default :data:`HANG_GUARD_S`) only guards against a hang: a fixed 120 s ran out for a
    run of seven documents at load 18 on two cores."""
    proc = subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT,
                          env=env or cli_env(hooks), capture_output=True, text=True,
                          timeout=HANG_GUARD_S if timeout is None else timeout, **kw)
    if check:
        assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def extract(inputs: list[Path] | Path, out: Path, *args: str, quiet: bool = True,
            **kw) -> subprocess.CompletedProcess:
    inputs = inputs if isinstance(inputs, list) else [inputs]
    return run_cli("extract", *inputs, "--out", out, *(["--quiet"] if quiet else []), *args, **kw)


def read_out(out: Path) -> dict[str, pd.DataFrame]:
    """All four outputs, with the partition column made a plain nullable integer."""
    facts = pd.read_parquet(out / "facts")
    facts["year"] = facts["year"].astype("Int64")
    return {"facts": facts,
            "reports": pd.read_parquet(out / "reports.parquet"),
            "checks": pd.read_parquet(out / "checks.parquet"),
            "sections": pd.read_parquet(out / "sections.parquet")}


def canonical(frames: dict[str, pd.DataFrame]) -> dict[str, list[tuple]]:
    """Rows as comparable tuples, in file order (the order is part of the contract)."""
    def rows(df: pd.DataFrame) -> list[tuple]:
        out = []
        for rec in df.itertuples(index=False):
            out.append(tuple(tuple(v) if hasattr(v, "__len__") and not isinstance(v, str) else
                             (None if _isna(v) else v) for v in rec))
        return out
    facts = frames["facts"].sort_values(["year"], kind="stable", na_position="last")
    return {"facts": rows(facts), "reports": rows(frames["reports"]),
            "checks": rows(frames["checks"]), "sections": rows(frames["sections"])}


def _isna(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def rows_of(frames: dict[str, pd.DataFrame], source_path: str, drop_id: bool = False) -> dict[str, list[tuple]]:
    """One document's rows in every table, without the path-dependent columns."""
    rep = frames["reports"]
    rid = rep.loc[rep.source_path == source_path, "report_id"]
    assert len(rid) == 1, f"{source_path}: {len(rid)} report rows"
    rid = rid.iloc[0]
    drop = ("source_path", "duplicate_paths") + (("report_id",) if drop_id else ())
    sub = {k: df[df.report_id == rid].drop(columns=[c for c in drop if c in df.columns])
           for k, df in frames.items()}
    return canonical(sub)


def report(frames: dict[str, pd.DataFrame], source_path: str) -> dict:
    rep = frames["reports"]
    hit = rep[rep.source_path == source_path]
    assert len(hit) == 1, f"{source_path}: {len(hit)} report rows in {sorted(rep.source_path)}"
    return hit.iloc[0].to_dict()


HANG_GUARD_S = 900
"""How long a test waits for a condition before it calls the run hung: a guard against a
hang only, far above what the condition takes on a loaded machine (no outcome depends on
it: a test waits for a condition, never for a time)."""


def wait_until(condition, proc: subprocess.Popen | None = None, guard_s: float = HANG_GUARD_S) -> bool:
    """Wait until ``condition()`` holds (True), ``proc`` (if given) has ended, or the hang
    guard runs out (False); the caller asserts which it was."""
    import time

    deadline = time.monotonic() + guard_s
    while not condition():
        if (proc is not None and proc.poll() is not None) or time.monotonic() > deadline:
            return bool(condition())
        time.sleep(0.05)
    return True


def alive(pid: int) -> bool:
    """The process exists and is not a zombie (a killed worker the pool has not reaped yet)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def finishes(fn, *args, guard_s: float = HANG_GUARD_S, **kw):
    """``fn(*args, **kw)``'s result (or its exception, raised here), asserting it returned
    within the hang guard: a call that never returns fails the test instead of hanging the
    suite, and no outcome depends on how fast the machine is (the call runs in a daemon
    thread, left behind only when it hung)."""
    import threading

    box: dict = {}

    def run() -> None:
        try:
            box["value"] = fn(*args, **kw)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=run, name="finishes", daemon=True)
    thread.start()
    thread.join(guard_s)
    assert not thread.is_alive(), f"{getattr(fn, '__name__', fn)} still running after the {guard_s:g} s hang guard"
    if "error" in box:
        raise box["error"]
    return box.get("value")
