"""The one exception a release build raises for anything a person must fix."""
from __future__ import annotations


class ReleaseError(Exception):
    """The release cannot be built; the message says why and what to do."""
