"""Every expected cell of every hand-checked corpus case, plus agency, year and template."""
import pytest

from tests.corpus_eval import cases, evaluate

CASES = cases()


def test_corpus_is_there():
    assert len(CASES) >= 20, "the shared corpus should sit at ../shared/corpus"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_cells(case):
    res = evaluate(case)
    assert res.ok, "\n".join(res.wrong)
