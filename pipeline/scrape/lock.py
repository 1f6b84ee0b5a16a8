"""One scrape at a time per state folder (cron and systemd timers can overlap)."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path


class LockHeld(RuntimeError):
    """Another scrape holds the lock."""


class StateLock:
    """``flock`` on STATEDIR/scrape.lock, released by the kernel even after ``kill -9``."""

    def __init__(self, state: Path) -> None:
        self.path = state / "scrape.lock"
        self.fd: int | None = None

    def __enter__(self) -> "StateLock":
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            self.fd = None
            raise LockHeld(f"another scrape is running with the state folder {self.path.parent} "
                           f"(lock {self.path}); this run did nothing") from None
        os.ftruncate(self.fd, 0)
        os.write(self.fd, f"{os.getpid()}\n".encode())
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
