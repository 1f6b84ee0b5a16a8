"""In-repo evaluation against the hand-checked corpus (trafilatura-style): every expected
cell, spurious cells, agency and year — the same rules as ../shared/tools/score.py, run
in-process so a failing cell is shown with its case and code."""
from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass, field

from pipeline.process import process_document

APPL = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
REPO = pathlib.Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
# Complete real reports as published, scored like the excerpts (corpus-scanned waits for OCR).
CORPORA = (CORPUS, REPO.parent / "shared" / "corpus-full")


@dataclass
class CaseResult:
    name: str
    wrong: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.wrong


def expected_cells(case: dict) -> dict[tuple[str, str | None], float]:
    exp = {}
    for code, v in (case.get("facts") or {}).items():
        if isinstance(v, list):
            for at, x in zip(APPL, v):
                if x is not None:
                    exp[(code, at)] = float(x)
        elif v is not None:
            exp[(code, None)] = float(v)
    return exp


def cases(suffixes: tuple[str, ...] = (".txt", ".html", ".pdf", ".docx")) -> list[pathlib.Path]:
    out = []
    for j in sorted(p for corpus in CORPORA for p in corpus.glob("*.json")):
        case = json.loads(j.read_text(encoding="utf-8"))
        inp = j.parent / case.get("input_file", "")
        if "input_file" in case and inp.exists() and inp.suffix in suffixes:
            out.append(j)
    return out


def same_agency(truth: str, got: str | None) -> bool:
    from parsers.normalize import to_simplified
    if not got:
        return False
    a, b = to_simplified("".join(truth.split())), to_simplified("".join(got.split()))
    return a in b or b in a


def evaluate(case_json: pathlib.Path) -> CaseResult:
    case = json.loads(case_json.read_text(encoding="utf-8"))
    inp = case_json.parent / case["input_file"]
    r = process_document(inp.read_bytes(), source_path=inp.name)
    got = {}
    for f in r.facts:
        v = f["count"] if f["count"] is not None else f["amount"]
        got[(f["category"], f["applicant_type"])] = None if v is None else float(v)
    res = CaseResult(inp.name)
    exp = expected_cells(case)
    for k, v in exp.items():
        if k not in got:
            res.wrong.append(f"{k}: expected {v}, missing")
        elif got[k] is None or abs(got[k] - v) > 1e-6:
            res.wrong.append(f"{k}: expected {v}, got {got[k]}")
    for k in got:
        if k not in exp:
            res.wrong.append(f"{k}: spurious {got[k]}")
    if case.get("agency") and not same_agency(case["agency"], r.agency):
        res.wrong.append(f"agency: expected {case['agency']!r}, got {r.agency!r}")
    if case.get("year") and r.year != case["year"]:
        res.wrong.append(f"year: expected {case['year']}, got {r.year}")
    if case.get("template") and r.template != case["template"]:
        res.wrong.append(f"template: expected {case['template']}, got {r.template}")
    return res


if __name__ == "__main__":
    import sys
    suffixes = tuple(sys.argv[1:]) or (".txt", ".html", ".pdf", ".docx")
    bad = 0
    for c in cases(suffixes):
        res = evaluate(c)
        if not res.ok:
            bad += 1
            print(f"- {res.name}: {len(res.wrong)} problems")
            for w in res.wrong[:40]:
                print("    ", w)
    print(f"{bad} case(s) with problems")
