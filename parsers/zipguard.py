"""Refuse ZIP-based files (DOCX) that would expand beyond what a report can be.

Checked before any XML is parsed: first the sizes the archive declares, then the sizes it
really inflates to (a forged central directory can under-declare), read in bounded chunks
so a bomb costs at most the limit, never the machine.
"""
from __future__ import annotations

import io
import zipfile

from .base import DocumentError

MAX_TOTAL_BYTES = 150_000_000
MAX_ENTRIES = 5_000
MAX_RATIO = 100
RATIO_MIN_BYTES = 10_000_000  # small parts compress well legitimately
_CHUNK = 1 << 20


def _mb(n: int) -> str:
    return f"{n // 1_000_000} MB"


def check_zip(data: bytes, kind: str = "DOCX") -> None:
    """Raise DocumentError when the archive is corrupt, encrypted or a decompression bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_declared(infos, kind)
            _check_actual(archive, infos, kind)
    except zipfile.BadZipFile as exc:
        raise DocumentError(
            f"the {kind} file is damaged (its ZIP structure cannot be read: {exc}); "
            "open it in Word and save it again, or export it as PDF") from exc
    except (OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise DocumentError(
            f"the {kind} file is damaged ({type(exc).__name__}: {exc}); "
            "open it in Word and save it again, or export it as PDF") from exc


def _check_declared(infos: list[zipfile.ZipInfo], kind: str) -> None:
    if len(infos) > MAX_ENTRIES:
        raise DocumentError(
            f"the {kind} file holds {len(infos)} parts, more than the {MAX_ENTRIES} a document "
            "can have (a ZIP bomb or not a document); it was not opened")
    if any(info.flag_bits & 0x1 for info in infos):
        raise DocumentError(
            f"the {kind} file is password-protected; save an unprotected copy and extract that")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise DocumentError(
            f"the {kind} file would expand to {_mb(total)}, over the {_mb(MAX_TOTAL_BYTES)} limit "
            "(a ZIP bomb or a damaged archive); it was not opened")
    for info in infos:
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DocumentError(
                f"the {kind} part {info.filename} is compressed more than {MAX_RATIO}:1 "
                f"({_mb(info.file_size)} from {info.compress_size} bytes), the pattern of a ZIP bomb; "
                "it was not opened")


def _check_actual(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], kind: str) -> None:
    total = 0
    for info in infos:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                total += len(chunk)
                if total > MAX_TOTAL_BYTES:
                    raise DocumentError(
                        f"the {kind} file expands to more than {_mb(MAX_TOTAL_BYTES)} although it "
                        "declares less (a forged ZIP bomb); it was not opened")
