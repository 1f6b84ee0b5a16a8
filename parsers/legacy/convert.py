"""Legacy files → DOCX by LibreOffice headless, inside time and memory limits.

One conversion is one ``soffice`` process in its own session (killed with its whole
process group on timeout), with its own throw-away profile (so parallel workers never share
one), its own address-space limit, no network and no macros (headless conversion runs none).
"""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..base import DocumentError


@dataclass(frozen=True)
class ConverterLimits:
    timeout_s: float = 120.0           # one conversion; the batch's own timeout still applies
    max_memory_mb: int = 2048          # address space of LibreOffice (it maps ~1 GB at start)
    max_output_mb: int = 200           # a converted file larger than this is refused


LIMITS = ConverterLimits()
SOFFICE_NAMES = ("soffice", "libreoffice")
INSTALL_HINT = ("install LibreOffice (Debian: apt-get install libreoffice-writer-nogui "
                "libreoffice-calc-nogui) or save the file as DOCX or PDF")


def soffice_path() -> str | None:
    return next((p for p in map(shutil.which, SOFFICE_NAMES) if p), None)


def convert(data: bytes, suffix: str, target: str, what: str, limits: ConverterLimits = LIMITS) -> bytes:
    """Convert ``data`` (a file that would be named ``*suffix``) to ``target`` (e.g. docx).

    ``what`` names the file kind in sentences ("legacy Word (.doc/.wps) file")."""
    exe = soffice_path()
    if exe is None:
        raise DocumentError(f"the file is a {what}, which is read through LibreOffice, and LibreOffice "
                            f"is not installed; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="zfxxgk-lo-") as tmp:
        root = Path(tmp)
        src = root / f"document{suffix}"
        src.write_bytes(data)
        out_dir = root / "out"
        cmd = [exe, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--invisible",
               "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "--convert-to", target, "--outdir", str(out_dir), str(src)]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(root), "LANG": "C.UTF-8",
               "SAL_USE_VCLPLUGIN": "svp", "TMPDIR": str(root)}
        _run(cmd, env, limits, what)
        produced = sorted(out_dir.glob(f"document.{target.split(':')[0]}"))
        if not produced:
            raise DocumentError(f"LibreOffice could not open the {what} (damaged, encrypted or not really "
                                f"that format); open it in WPS or Word and save it as DOCX or PDF")
        result = produced[0]
        if result.stat().st_size > limits.max_output_mb * 2**20:
            raise DocumentError(f"the {what} converts to more than {limits.max_output_mb} MB; split it")
        return result.read_bytes()


def _run(cmd: list[str], env: dict[str, str], limits: ConverterLimits, what: str) -> None:
    def limit() -> None:  # in the child, before exec
        cap = limits.max_memory_mb * 2**20
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))

    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, start_new_session=True, preexec_fn=limit)
    try:
        _, err = proc.communicate(timeout=limits.timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise DocumentError(f"LibreOffice did not finish converting the {what} within "
                            f"{limits.timeout_s:.0f} s; open it in WPS or Word and save it as DOCX or PDF")
    finally:
        _kill_group(proc)  # helpers LibreOffice may leave behind
    if proc.returncode != 0:
        tail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        raise DocumentError(f"LibreOffice failed on the {what} ({tail[0][:200]}); "
                            "open it in WPS or Word and save it as DOCX or PDF")


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.poll() is None:
        proc.wait()
