"""The process settings OCR wants, applied once when a worker first reads a page image.

A batch worker reads one document on one core, so OpenCV gets one thread (its pool would
compete with the other workers for the same cores).  glibc gives each thread that
allocates its own 64 MB malloc arena; the OCR libraries' threads made four of them during
a scan, ~330 MB of address space — what ``--max-memory`` counts — for a few MB of use.
Capping new arenas at one (``mallopt(M_ARENA_MAX, 1)``, glibc's documented tunable; a
no-op elsewhere) brought a worker's peak address space while reading a scan from about
1.27 GB to 0.94 GB, at the same resident memory and speed.
"""
from __future__ import annotations

import ctypes
from functools import lru_cache

M_ARENA_MAX = -8  # glibc's <malloc.h>


@lru_cache(maxsize=1)
def prepare() -> None:
    """Set OpenCV to one thread and cap malloc arenas (once per process)."""
    import cv2

    cv2.setNumThreads(1)
    try:
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, 1)
    except (OSError, AttributeError):  # not glibc: its allocator has its own policy
        pass
