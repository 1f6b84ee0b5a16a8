"""One scheduled run: registry → lock → crawl in a child process → manifest, coverage, summary.

The parent never imports Twisted; it hands the child a job file, follows the rows the
child appends (progress), and alone writes the state files, atomically.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .coverage import coverage_rows, missing_line, write_coverage
from .lock import StateLock
from .manifest import FILE as MANIFEST, merge, read_manifest, write_manifest
from .registry import Registry, Site, load_registry
from .settings import MIB


class ScrapeError(RuntimeError):
    """The run could not happen (folders unusable, the crawl process could not run)."""


@dataclass
class ScrapeSummary:
    rows: list[dict[str, Any]]
    coverage: list[dict[str, Any]]
    seconds: float
    warnings: list[str] = field(default_factory=list)

    def count(self, **match: Any) -> int:
        return sum(all(r.get(k) == v for k, v in match.items()) for r in self.rows)

    def line(self) -> str:
        fetched = sum(r.get("http_status") is not None for r in self.rows)
        parts = [
            f"{fetched} pages fetched",
            f"{self.count(kind='report', status='fetched')} reports and "
            f"{self.count(kind='attachment', status='fetched')} attachments saved",
            f"{self.count(status='not_modified')} not modified",
            f"{self.count(status='blocked')} blocked",
            _n(self.count(status='error'), "error"),
        ]
        for status, words in (("too_large", "too large"), ("skipped_robots", "skipped by robots.txt"),
                              ("off_site", "off site"), ("not_a_report", "not reports")):
            n = self.count(status=status)
            if n:
                parts.append(f"{n} {words}")
        cov = missing_line(self.coverage)
        tail = f"; {cov}" if cov else ""
        return f"scrape: {', '.join(parts)}{tail} in {self.seconds:.1f} s"


def _n(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def run_scrape(registry_path: str | os.PathLike[str], raw: str | os.PathLike[str],
               state: str | os.PathLike[str], *, delay: float | None = None,
               timeout_s: float = 60.0, max_mib: float = 50.0, backoff_s: float = 1.0,
               progress: Callable[[dict[str, Any]], None] | None = None) -> ScrapeSummary:
    """Crawl every site of the registry once; raises RegistryError / LockHeld / ScrapeError."""
    started = time.monotonic()
    registry = load_registry(registry_path)
    raw_dir, state_dir = _usable(Path(raw), "raw"), _usable(Path(state), "state")
    with StateLock(state_dir) as lock:
        warnings: list[str] = []
        if not registry.contact:
            warnings.append("no contact URL in the registry: the User-Agent names the project's default; "
                            'add contact = "https://…" to SITES.toml so site owners can reach whoever runs it')
        previous = _previous(state_dir, warnings)
        job = _job(registry, raw_dir, state_dir, previous, delay, timeout_s, max_mib, backoff_s)
        rows: list[dict[str, Any]] = []
        try:
            _crawl(job, state_dir, progress, rows, lock.fd)
        finally:  # even a crawl that died half-way leaves true rows: keep them
            rows[:] = _one_per_url(rows)
            write_manifest(state_dir, merge(previous, rows))
        cov = coverage_rows(raw_dir, list(registry.sites))
        write_coverage(state_dir, cov)
    return ScrapeSummary(rows, cov, time.monotonic() - started, warnings)


def _usable(path: Path, what: str) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise ScrapeError(f"the {what} folder {path} cannot be written ({exc.strerror or exc})") from None
    return path.resolve()


def _previous(state: Path, warnings: list[str]) -> dict[str, dict[str, Any]]:
    try:
        return read_manifest(state)
    except Exception as exc:  # a damaged manifest must not stop every later cron run
        kept = state / f"{MANIFEST}.unreadable-{int(time.time())}"
        os.replace(state / MANIFEST, kept)
        warnings.append(f"the previous manifest could not be read ({exc}); kept as {kept.name}, "
                        "this run starts without validators")
        return {}


def _job(registry: Registry, raw: Path, state: Path, previous: dict[str, dict[str, Any]],
         delay: float | None, timeout_s: float, max_mib: float, backoff_s: float) -> dict[str, Any]:
    validators = {}
    for url, r in previous.items():
        if r.get("kind") in ("report", "attachment") and r.get("path") and (raw / r["path"]).is_file():
            validators[url] = {k: r.get(k) for k in ("etag", "last_modified", "path", "sha256")}
    return {
        "sites": [_site_job(s, delay) for s in registry.sites],
        "contact": registry.contact, "raw": str(raw), "validators": validators,
        "timeout_s": timeout_s, "max_bytes": int(max_mib * MIB), "backoff_s": backoff_s,
        "log": str(state / "scrape.log"),
    }


def _site_job(site: Site, delay: float | None) -> dict[str, Any]:
    return {"name": site.name, "start_urls": list(site.start_urls), "allow": list(site.allow),
            "delay_s": delay if delay is not None else site.delay_s, "region": site.region,
            "hosts": sorted(site.hosts())}


def _crawl(job: dict[str, Any], state: Path, progress: Callable[[dict[str, Any]], None] | None,
           rows: list[dict[str, Any]], lock_fd: int | None) -> None:
    """Run the child; ``rows`` receives each URL's row as the child reports it.

    The child holds the state lock too (an inherited descriptor of the same flock) and is
    killed by the kernel if this process dies, so a killed run never leaves a crawl behind
    that a later run would race.
    """
    fd, rows_path = tempfile.mkstemp(prefix=".rows-", suffix=".jsonl", dir=state)
    os.close(fd)
    job["rows"] = rows_path
    fd, job_path = tempfile.mkstemp(prefix=".job-", suffix=".json", dir=state)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(job, fh, ensure_ascii=False)
    err_path = state / ".crawl-stderr.txt"
    try:
        with open(err_path, "wb") as err_fh:
            child = subprocess.Popen([sys.executable, "-m", "pipeline.scrape.crawl", job_path],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=err_fh, pass_fds=(lock_fd,) if lock_fd else (),
                                     preexec_fn=_die_with_parent)
        with open(rows_path, encoding="utf-8") as follow:
            try:
                while True:
                    done = child.poll() is not None
                    rows.extend(_new_rows(follow, progress))
                    if done:
                        break
                    time.sleep(0.2)
            except BaseException:
                child.terminate()
                child.wait()
                raise
        err = err_path.read_bytes().decode("utf-8", "replace")
        if child.returncode != 0:
            tail = err.strip().splitlines()[-1:] or ["no message"]
            raise ScrapeError(f"the crawl process failed (exit {child.returncode}): {tail[0]}; "
                              f"see {job['log']}")
    finally:
        for p in (rows_path, job_path, str(err_path)):
            if os.path.exists(p):
                os.unlink(p)


def _die_with_parent() -> None:
    """In the child before exec: SIGKILL when the parent dies (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the lock still stops a second crawl
        pass


def _new_rows(fh: Any, progress: Callable[[dict[str, Any]], None] | None) -> list[dict[str, Any]]:
    out = []
    while True:
        pos = fh.tell()
        line = fh.readline()
        if not line:
            break
        if not line.endswith("\n"):  # half-written by the child: read it next time
            fh.seek(pos)
            break
        row = json.loads(line)
        out.append(row)
        if progress:
            progress(row)
    return out


def _one_per_url(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A URL answered in this run keeps that answer over a note made without fetching it."""
    best: dict[str, dict[str, Any]] = {}
    for r in rows:
        old = best.get(r["url"])
        if old is None or r.get("http_status") is not None or old.get("http_status") is None:
            best[r["url"]] = r
    return [best[u] for u in sorted(best)]
