"""The complete seed report re-flattened in other ways must read back to the same cells."""
import json
import re

import opencc
import pytest

from pipeline.process import process_document
from tests.corpus_eval import CORPUS, expected_cells

SEED = (CORPUS / "seed-zhongning-gxj-2023.txt").read_text(encoding="utf-8")
EXPECTED = expected_cells(json.loads((CORPUS / "seed-zhongning-gxj-2023.json").read_text(encoding="utf-8")))


def _pipes(text: str) -> str:
    return "\n".join(" | ".join(l.split("\t")) + " |" if "\t" in l else l for l in text.split("\n"))


def _cell_per_line(text: str) -> str:
    out = []
    for line in text.split("\n"):
        out.extend(c for c in line.split("\t") if c.strip()) if "\t" in line else out.append(line)
    return "\n".join(out)


VARIANTS = {
    "tabs-as-spaces": lambda t: re.sub(r"\t+", "   ", t).encode(),
    "single-spaces": lambda t: re.sub(r"\t+", " ", t).encode(),
    "pipes": lambda t: _pipes(t).encode(),
    "traditional": lambda t: opencc.OpenCC("s2t").convert(t).encode(),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode(),
    "full-width-digits": lambda t: t.translate(str.maketrans("0123456789()", "０１２３４５６７８９（）")).encode(),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_seed_variant(name):
    r = process_document(VARIANTS[name](SEED), source_path="seed.txt")
    got = {(f["category"], f["applicant_type"]): (f["count"] if f["count"] is not None else f["amount"]) for f in r.facts}
    assert got == EXPECTED
    assert r.status == "ok" and r.template == "2021" and r.year == 2023
    assert "中宁县工业和信息化局" in opencc.OpenCC("t2s").convert(r.agency)


def test_seed_cell_per_line_drops_nothing_it_can_place():
    """Blank cells dropped: every emitted cell must still be right (never a wrong value)."""
    r = process_document(_cell_per_line(SEED).encode(), source_path="seed.txt")
    got = {(f["category"], f["applicant_type"]): (f["count"] if f["count"] is not None else f["amount"]) for f in r.facts}
    assert got and all(EXPECTED[k] == v for k, v in got.items())


def test_seed_sections_and_checks():
    r = process_document(SEED.encode(), source_path="seed.txt")
    assert [s["number"] for s in r.sections] == [1, 2, 3, 4, 5, 6]
    one = r.sections[0]
    assert one["heading"] == "一、总体情况" and "主动公开情况" in one["text"]
    two = next(s for s in r.sections if s["number"] == 2)
    assert "规章" not in two["text"]  # table lines are left out of the section text
    names = {c["check"] for c in r.checks}
    # prose.requests_new: "2023 年收到公民提交的政府信息公开申请 1 件" against table 三's 1
    assert names == {"requests.balance", "requests.row_total", "requests.results_total", "appeals.total",
                     "prose.requests_new"}
    assert all(c["passed"] for c in r.checks)
