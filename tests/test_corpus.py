"""Every expected cell of every hand-checked case (../shared/corpus excerpts and
../shared/corpus-full complete reports), plus agency, year and template."""
import pytest

from tests.corpus_eval import cases, evaluate

CASES = cases()


def test_corpus_is_there():
    assert len(CASES) >= 22, "the shared corpus should sit at ../shared/corpus and ../shared/corpus-full"


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_case_cells(case):
    res = evaluate(case)
    assert res.ok, "\n".join(res.wrong)
