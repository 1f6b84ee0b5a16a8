"""The build time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
from __future__ import annotations

import os
from datetime import datetime, timezone

from .errors import ReleaseError


def build_time() -> datetime:
    """UTC, whole seconds: the ``created`` of datapackage.json, the date of README and CITATION."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return datetime.now(timezone.utc).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(raw), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ReleaseError(f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds since 1970-01-01") from None


def rfc3339(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
