"""Every expected cell of every hand-checked case (../shared/corpus and ../shared/corpus-full),
plus status, agency, year (null where the truth is null) and template."""
import pytest

from tests.corpus_eval import SCANNED, cases, evaluate

CASES = cases()
SCANNED_CASES = cases(folder=SCANNED)


def test_corpus_is_there():
    assert len(CASES) >= 20, "the shared corpus should sit at ../shared/corpus"
    assert sum(c.parent.name == "corpus-full" for c in CASES) >= 2, "../shared/corpus-full: complete reports"


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_case_cells(case):
    res = evaluate(case)
    assert res.ok, "\n".join(res.wrong)


def test_scanned_corpus_is_there():
    assert len(SCANNED_CASES) >= 2, "the scanned corpus should sit at ../shared/corpus-scanned"


@pytest.mark.parametrize("case", SCANNED_CASES, ids=[c.stem for c in SCANNED_CASES])
def test_scanned_case_cells(case):
    """Image-only PDFs: every expected cell comes back through OCR, nothing spurious."""
    res = evaluate(case)
    assert res.ok, "\n".join(res.wrong)
