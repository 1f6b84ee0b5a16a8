"""Every fact says how its cell was placed, with one of SCHEMA.md's words."""
from __future__ import annotations

import pytest

from parsers.placement import PLACEMENTS
from pipeline.process import process_document
from tests.corpus_eval import cases

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_corpus_fact_has_a_placement(case):
    import json
    meta = json.loads(case.read_text(encoding="utf-8"))
    inp = case.parent / meta["input_file"]
    facts = process_document(inp.read_bytes(), source_path=inp.name).facts
    assert facts, "every corpus case has cells"
    assert {f["placement"] for f in facts} <= set(PLACEMENTS)
    assert all(f["placement"] for f in facts)
