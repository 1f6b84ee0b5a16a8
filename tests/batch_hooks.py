"""Test-only fault injection for the batch layer, loaded into workers via ZFXXGK_TEST_PROCESSOR.

Importing this module patches the text reader so that a file containing one of the
markers below misbehaves *inside* the production ``process_document`` path (hang, memory
explosion, segfault); every other file is read normally.  ``process`` is the unchanged
``process_document``.  Set ``ZFXXGK_TEST_PIDDIR`` to have misbehaving workers record their
pid (so a test can check they were really killed).
"""
from __future__ import annotations

import ctypes
import os
import time

import parsers.text as text
from pipeline.process import process_document

HANG = b"ZFXXGK-TEST-HANG"  # loops forever, holding the CPU
BLOCK = b"ZFXXGK-TEST-BLOCK"  # waits forever, using no CPU (storage that stopped answering)
SPAWN = b"ZFXXGK-TEST-SPAWN"  # starts a child in a session of its own (as LibreOffice runs), then loops
OOM = b"ZFXXGK-TEST-OOM"
SEGV = b"ZFXXGK-TEST-SEGV"
SLOW = b"ZFXXGK-TEST-SLOW"  # sleeps a few seconds (or until a file exists), then reads normally
EXIT = b"ZFXXGK-TEST-EXIT"  # the worker process exits abruptly (os._exit)

_original_parse = text.TextParser.parse


def _record_pid(tag: str, pid: int | None = None) -> None:
    d = os.environ.get("ZFXXGK_TEST_PIDDIR")
    if d:
        pid = pid or os.getpid()
        # written under another name, then renamed: a test that sees ``*.pid`` must never read
        # a file created but not yet written (a fresh-clone CI run once read '' there)
        final = os.path.join(d, f"{tag}-{pid}.pid")
        with open(final + ".tmp", "w") as fh:
            fh.write(str(pid))
        os.replace(final + ".tmp", final)


def _parse(self, data: bytes):
    if HANG in data:
        _record_pid("hang")
        while True:  # a parser stuck in a loop, holding the CPU
            pass
    if SPAWN in data:
        import subprocess
        import sys
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"], start_new_session=True)
        _record_pid("spawned-child", child.pid)
        while True:
            pass
    if BLOCK in data:
        _record_pid("block")
        import threading
        threading.Event().wait()  # a read that never returns: asleep, not runnable
    if OOM in data:
        _record_pid("oom")
        hoard = []
        while True:  # a decompression bomb: memory grows until something stops it
            hoard.append(bytearray(64 * 1024 * 1024))
    if SEGV in data:
        _record_pid("segv")
        ctypes.string_at(0)  # a C extension dereferencing NULL
    if EXIT in data:
        os._exit(3)
    if SLOW in data:
        _record_pid("slow")
        gate = os.environ.get("ZFXXGK_TEST_SLOW_UNTIL")
        if gate:  # a condition, not a time: held until the test creates the file (or kills us)
            while not os.path.exists(gate):
                time.sleep(0.05)
        else:
            time.sleep(float(os.environ.get("ZFXXGK_TEST_SLOW_S", "3")))
    return _original_parse(self, data)


text.TextParser.parse = _parse
process = process_document


RAISE = b"ZFXXGK-TEST-RAISE"  # the reader raises: a reader bug, reported but never cached
_parse_before_raise = text.TextParser.parse


def _parse_or_raise(self, data: bytes):
    if RAISE in data and not os.environ.get("ZFXXGK_TEST_FIXED"):
        raise RuntimeError("simulated reader bug")
    return _parse_before_raise(self, data)


text.TextParser.parse = _parse_or_raise


RESERVE = b"ZFXXGK-TEST-RESERVE"  # maps much address space it never touches, then reads normally
HOARD = b"ZFXXGK-TEST-HOARD"  # touches memory (resident) past any test limit, then holds it
_parse_before_memory = text.TextParser.parse


def _parse_memory(self, data: bytes):
    import mmap

    if RESERVE in data:  # what numpy, pyarrow and the OCR runtime do: address space, not memory
        reserved = mmap.mmap(-1, int(os.environ.get("ZFXXGK_TEST_RESERVE_MB", "1024")) << 20)
        try:
            return _parse_before_memory(self, data)
        finally:
            reserved.close()
    if HOARD in data:
        _record_pid("hoard")
        hoard = []
        for _ in range(int(os.environ.get("ZFXXGK_TEST_HOARD_MB", "1024")) // 32):
            hoard.append(b"\x01" * (32 << 20))  # written, so resident
            time.sleep(0.02)
        time.sleep(60)
    return _parse_before_memory(self, data)


text.TextParser.parse = _parse_memory
