"""How many examples each property test draws in ``make test``: fixed counts, calibrated to
spend a stated budget.

Why counts and not seconds.  A seconds budget ("draw examples until 7 s are spent") makes the
examples a test sees depend on how fast the machine is at that moment: on the project's 2-core
machine, shared by several sessions, the same test ran 2 to 6 times slower under load, so CI
and a developer's run of the same commit would draw different example sets, and a failure
could come and go with the load — a timed test in disguise.  A fixed count, derandomized, draws
the very same examples on any machine, in any test order (tests/conftest.py), alone or in the
full suite; a failure names its test and saves its text (``.roundtrip-failures/``), and the same
count reruns it identically.

The budget.  Every property test family gets ``BUDGET_S`` CPU seconds in ``make test`` (one core
of the project's 2-core machine), never fewer examples than it ran before this budget
(``FLOOR``): count = max(floor, budget / cost of one example).  The costs (``COST_S``) are CPU
seconds per example, measured with ``time.process_time`` around each test, nice'd, on the loaded
machine (load 7–11, which stretches wall time, not CPU time); re-measure when a generator or the
parser gets much slower (README, Evaluation).  Cheap tests so draw many examples and dear ones
few, and each family searches for the same time.  Measured at these counts: the property tests
spend about 12 CPU minutes instead of about 5 (the truncated documents 10 s per test, more
than calibrated; README, Evaluation), so ``make test`` stays within its 20 minutes on 2 cores;
lower ``BUDGET_S`` rather than any one count if it must shrink.

Knobs (none makes any test timed):

* ``ZFXXGK_EXAMPLES_SCALE=N`` multiplies every count (``make property-deep``): the deep search.
* ``ZFXXGK_ROUNDTRIP_EXAMPLES=N`` (or ``ROUNDTRIP_EXAMPLES``) sets every round-trip test of
  tests/test_roundtrip.py to exactly N (``make roundtrip-deep``), as before.
* ``GRID_EXAMPLES=N`` sets the grid tests (N web pages, N/5 Word files, N/4 mixed templates), as
  before.
* ``ZFXXGK_PDF_TEXT_SEEDS=N`` sets how many random layouts tests/test_pdf_text_roundtrip.py
  typesets (seeds 0 … N-1, each extracted by every tool; 10 in ``make test``); the scale knob
  multiplies those 10.  Its cases are fixed parameters, not Hypothesis examples: seed k is the
  same PDF whatever N is, so a deeper run only adds cases.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

BUDGET_S = 7.0

# family: (CPU seconds per example, examples per test before the budget)
COST_S: dict[str, tuple[float, int]] = {
    # tests/test_roundtrip.py (per parametrized case: one style and template)
    "roundtrip.lossless": (0.113, 25),
    "roundtrip.html": (0.115, 25),
    "roundtrip.dropped_row": (0.264, 25),
    "roundtrip.dropped_global": (0.134, 25),
    "roundtrip.shredded": (0.208, 25),
    "roundtrip.truncated": (0.054, 25),
    "roundtrip.unreadable": (0.170, 25),
    # tests/test_grid_placement.py (an example is both templates)
    "grid.word_html": (0.216, 150),
    "grid.word_docx": (0.192, 30),
    "grid.never_moved": (0.021, 150),
    # tests/test_mixed_templates.py
    "mixed.text": (0.142, 15),
    "mixed.grids": (0.179, 15),
    # tests/test_html.py, tests/test_docx.py (random merge layouts)
    "html.merge_text": (0.012, 60),
    "html.merge_spans": (0.006, 40),
    "docx.merge_text": (0.071, 25),
    "docx.merge_spans": (0.067, 15),
}

# Families whose count an older knob still sets: env name and the divisor applied to it.
_OVERRIDES: dict[str, tuple[tuple[str, ...], int]] = {
    **{f: (("ZFXXGK_ROUNDTRIP_EXAMPLES", "ROUNDTRIP_EXAMPLES"), 1) for f in COST_S if f.startswith("roundtrip.")},
    "grid.word_html": (("GRID_EXAMPLES",), 1),
    "grid.never_moved": (("GRID_EXAMPLES",), 1),
    "grid.word_docx": (("GRID_EXAMPLES",), 5),
    "mixed.text": (("GRID_EXAMPLES",), 4),
    "mixed.grids": (("GRID_EXAMPLES",), 4),
}


def scale() -> float:
    return float(os.environ.get("ZFXXGK_EXAMPLES_SCALE") or "1")


def budget_count(family: str) -> int:
    """The count the budget gives ``family`` in ``make test`` (no knob)."""
    cost, floor = COST_S[family]
    return max(floor, round(BUDGET_S / cost))


def examples(family: str) -> int:
    """Examples per test of ``family``: an older knob if set, else the budget's count times
    ``ZFXXGK_EXAMPLES_SCALE``."""
    names, divisor = _OVERRIDES.get(family, ((), 1))
    for name in names:
        if os.environ.get(name):
            return max(int(os.environ[name]) // divisor, 1)
    return max(round(budget_count(family) * scale()), 1)


def property_settings(family: str, shrink: bool = False) -> settings:
    """Derandomized (the same examples on every machine and in every order), no example
    database, no deadline (no test is timed); shrinking only when asked (``ROUNDTRIP_SHRINK=1``)."""
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if shrink else [])
    return settings(max_examples=examples(family), derandomize=True, deadline=None, database=None,
                    phases=phases, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


PDF_TEXT_SEEDS = 10  # tests/test_pdf_text_roundtrip.py's random layouts in ``make test``


def pdf_text_seeds() -> int:
    """Random layouts (seeds) tests/test_pdf_text_roundtrip.py typesets: ``ZFXXGK_PDF_TEXT_SEEDS``
    if set, else 10 times ``ZFXXGK_EXAMPLES_SCALE``."""
    if os.environ.get("ZFXXGK_PDF_TEXT_SEEDS"):
        return max(int(os.environ["ZFXXGK_PDF_TEXT_SEEDS"]), 1)
    return max(round(PDF_TEXT_SEEDS * scale()), 1)
