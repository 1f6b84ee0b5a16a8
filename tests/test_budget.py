"""The example budget of the property tests (tests/budget.py): fixed counts, the knobs, and
every property test derandomized, untimed and without an example database."""
from __future__ import annotations

import importlib

import pytest

from tests import budget

PROPERTY_MODULES = ("tests.test_roundtrip", "tests.test_grid_placement", "tests.test_mixed_templates",
                    "tests.test_html", "tests.test_docx")
KNOBS = ("ZFXXGK_EXAMPLES_SCALE", "ZFXXGK_ROUNDTRIP_EXAMPLES", "ROUNDTRIP_EXAMPLES", "GRID_EXAMPLES",
         "ZFXXGK_PDF_TEXT_SEEDS")


@pytest.fixture
def no_knobs(monkeypatch):
    for name in KNOBS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_counts_spend_the_budget_and_never_fall_below_the_old_count(no_knobs):
    for family, (cost, floor) in budget.COST_S.items():
        n = budget.examples(family)
        assert n >= floor, family
        assert n == floor or abs(n * cost - budget.BUDGET_S) <= cost, (family, n)
    assert budget.examples("roundtrip.truncated") == 130  # cheap: many examples
    assert budget.examples("roundtrip.dropped_row") == 27  # dear: few
    assert budget.examples("grid.word_html") == 150  # the old count, dearer than the budget


def test_scale_multiplies_every_count(no_knobs):
    base = {f: budget.examples(f) for f in budget.COST_S}
    no_knobs.setenv("ZFXXGK_EXAMPLES_SCALE", "10")
    assert {f: budget.examples(f) for f in budget.COST_S} == {f: 10 * n for f, n in base.items()}
    no_knobs.setenv("ZFXXGK_EXAMPLES_SCALE", "0.01")
    assert min(budget.examples(f) for f in budget.COST_S) == 1


def test_older_knobs_still_set_their_tests(no_knobs):
    no_knobs.setenv("ZFXXGK_EXAMPLES_SCALE", "3")
    no_knobs.setenv("ZFXXGK_ROUNDTRIP_EXAMPLES", "1000")
    no_knobs.setenv("GRID_EXAMPLES", "600")
    assert {budget.examples(f) for f in budget.COST_S if f.startswith("roundtrip.")} == {1000}
    assert (budget.examples("grid.word_html"), budget.examples("grid.word_docx"), budget.examples("mixed.text")) \
        == (600, 120, 150)
    assert budget.examples("html.merge_text") == 3 * budget.budget_count("html.merge_text")


def _property_tests():
    for name in PROPERTY_MODULES:
        module = importlib.import_module(name)
        for attr in dir(module):
            fn = getattr(module, attr)
            if attr.startswith("test_") and getattr(fn, "is_hypothesis_test", False):
                yield f"{name}.{attr}", fn


def test_every_property_test_is_derandomized_untimed_and_budgeted():
    seen = dict(_property_tests())
    assert len(seen) >= 14
    for name, fn in seen.items():
        s = fn._hypothesis_internal_use_settings
        assert s.derandomize and s.database is None and s.deadline is None, name
        assert s.max_examples >= 15, name


def test_pdf_text_seeds_knob(no_knobs):
    """tests/test_pdf_text_roundtrip.py: 10 random layouts in ``make test``, N with
    ZFXXGK_PDF_TEXT_SEEDS, 10 x scale with the scale knob."""
    assert budget.pdf_text_seeds() == 10
    no_knobs.setenv("ZFXXGK_EXAMPLES_SCALE", "3")
    assert budget.pdf_text_seeds() == 30
    no_knobs.setenv("ZFXXGK_PDF_TEXT_SEEDS", "64")
    assert budget.pdf_text_seeds() == 64
