"""The round-trip property tests draw the same examples whatever ran before them.

Hypothesis would otherwise now and then draw a literal from the local modules imported so
far (tests/conftest.py keeps that pool empty): a module imported by an earlier test then
changes every later example.  Here a new local module full of literals in the generator's
ranges is imported between two runs of the same derandomized property test, and both runs
must generate the very same reports."""
from __future__ import annotations

import hashlib
import importlib.util
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.roundtrip.flatten import draw_options, flatten
from tests.roundtrip.reportgen import DrawChooser, generate_report
from tests.test_roundtrip import RT


def _drawn(seen: list[str]):
    @settings(RT, max_examples=25)  # the round-trip settings, a fixed small count
    @given(data=st.data())
    def probe(data):
        ch = DrawChooser(data)
        rep = generate_report(ch, "2021")
        raw = flatten(rep, draw_options(ch, "k"), ch)
        seen.append(hashlib.sha256(raw).hexdigest())

    probe()
    return seen


def test_examples_do_not_depend_on_modules_imported_before(tmp_path):
    before = _drawn([])
    src = tmp_path / "extra_literals.py"
    src.write_text("LITERALS = [" + ", ".join(str(n) for n in range(100, 3001, 7)) + "]\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("extra_literals_probe", src)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        after = _drawn([])
    finally:
        del sys.modules[spec.name]
    assert len(before) >= 5 and len(set(before)) > 1
    assert after == before
