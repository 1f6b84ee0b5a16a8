"""Which reporting years are believable, in one place for the text, the sidecar and storage.

The disclosure regulations (条例) date from 2007 and the annual reports from 2008, so a year
outside 1990–2100 is a misreading or a typo; it is left empty and said, never stored.
"""
from __future__ import annotations

PLAUSIBLE = (1990, 2100)
RANGE_TEXT = f"{PLAUSIBLE[0]}–{PLAUSIBLE[1]}"


def plausible(year: object) -> bool:
    """True for an int (not a bool) within ``PLAUSIBLE``."""
    return isinstance(year, int) and not isinstance(year, bool) and PLAUSIBLE[0] <= year <= PLAUSIBLE[1]
