"""Helpers for the release tests: real extract outputs over corpus files, releases built by the CLI."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.batch_util import HANG_GUARD_S, CORPUS, cli_env, extract, run_cli

EPOCH = "1764547200"  # 2025-12-01T00:00:00Z
BASE = ["seed-zhongning-gxj-2023.txt", "a-14-yelang-tongzi.txt", "b-01-lucheng.txt", "c-06-zhoushan-zwfw.txt"]
MORE = ["a-02-daying-xinghua.txt", "b-09-wuhan-mzj-newton.txt", "c-20-haizhu-guanzhou.txt"]


def make_output(tmp: Path, names: list[str], out_name: str) -> Path:
    """Copy corpus files (with their sidecar-free bytes) into a folder and extract them."""
    raw = tmp / f"{out_name}-raw"
    raw.mkdir(parents=True)
    for name in names:
        shutil.copyfile(CORPUS / name, raw / name)
    out = tmp / out_name
    extract(raw, out, "-j", "1")
    return out


def release(out: Path, version: str, dest: Path, *extra: str, check: bool = True,
            epoch: str = EPOCH) -> subprocess.CompletedProcess:
    env = cli_env(SOURCE_DATE_EPOCH=epoch)
    return run_cli("release", out, "--version", version, "--dest", dest, *extra, env=env, check=check,
                   timeout=HANG_GUARD_S)


def tree(root: Path) -> dict[str, tuple[bytes, float]]:
    """Every file under root with its bytes and mtime (to prove nothing changed)."""
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime)
            for p in sorted(root.rglob("*")) if p.is_file()}


def digest(root: Path) -> dict[str, str]:
    return {k: hashlib.sha256(v).hexdigest() for k, (v, _) in tree(root).items()}


def frictionless_cli() -> list[str]:
    exe = Path(sys.executable).parent / "frictionless"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "frictionless"]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=HANG_GUARD_S, env=dict(os.environ), **kw)
