"""In-repo evaluation against the hand-checked corpora (trafilatura-style): every expected
cell, spurious cells, agency and year — the same rules as ../shared/tools/score.py, run
in-process so a failing cell is shown with its case and code — plus what the scorer does not
check: the status (``ok`` exactly when the truth is a complete report with every cell, else
``partial``), and agency/year left empty where the truth is null (nothing invented).

Corpora: ``../shared/corpus`` (excerpts in every flattening) and ``../shared/corpus-full``
(complete real reports, byte for byte as published)."""
from __future__ import annotations

import csv
import json
import pathlib
import re
from dataclasses import dataclass, field

from pipeline.process import process_document

APPL = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
REPO = pathlib.Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CORPORA = (CORPUS, REPO.parent / "shared" / "corpus-full")
TAXONOMY = REPO.parent / "shared" / "spec" / "taxonomy.csv"
SCANNED = REPO.parent / "shared" / "corpus-scanned"  # image-only PDFs, read by OCR


@dataclass
class CaseResult:
    name: str
    wrong: list[str] = field(default_factory=list)
    left_at_cut: list = field(default_factory=list)  # truth cells of rows the excerpt cut after their label

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


def cases(suffixes: tuple[str, ...] = (".txt", ".html", ".pdf", ".docx"),
          folder: pathlib.Path | None = None) -> list[pathlib.Path]:
    """The cases of ``folder``, or of the text-layer corpora (excerpts and complete reports)."""
    out = []
    folders = CORPORA if folder is None else (folder,)
    for j in sorted(j for corpus in folders for j in corpus.glob("*.json")):
        case = json.loads(j.read_text(encoding="utf-8"))
        inp = j.parent / case.get("input_file", "")
        if "input_file" in case and inp.exists() and inp.suffix in suffixes:
            out.append(j)
    return out


def template_cells(name: str) -> int:
    """How many cells the official template's three tables have (from the shared spec)."""
    with open(TAXONOMY, encoding="utf-8") as fh:
        return sum(7 if r["by_applicant"] == "yes" else 1 for r in csv.DictReader(fh)
                   if name in r["templates"].split("|"))


def expected_status(case: dict) -> str:
    """``ok`` for a complete report whose truth has every cell; ``partial`` otherwise."""
    complete = not case.get("truncated") and case.get("template") in ("2021", "2019") \
        and len(expected_cells(case)) == template_cells(case["template"])
    return "ok" if complete else "partial"


def same_agency(truth: str, got: str | None) -> bool:
    from parsers.normalize import to_simplified
    if not got:
        return False
    a, b = to_simplified("".join(truth.split())), to_simplified("".join(got.split()))
    return a in b or b in a


def _rows_cut_at_the_end(case: dict, error: str) -> set[str]:
    """Rows of a case cut by its excerpt ("truncated") that end the input right after their
    label: the text there reads the same as a row cut off, so the parser leaves them out and
    says so — a hand-checked truth that knows the page may still record zeros for them."""
    if not case.get("truncated"):
        return set()
    return set(re.findall(r"row ([\w.]+): the document ends right after its label", error))


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
    cut = _rows_cut_at_the_end(case, r.error or "")
    for k, v in exp.items():
        if k not in got and k[0] in cut:
            res.left_at_cut.append(k)  # the input was cut right after this row's label (said)
        elif k not in got:
            res.wrong.append(f"{k}: expected {v}, missing")
        elif got[k] is None or abs(got[k] - v) > 1e-6:
            res.wrong.append(f"{k}: expected {v}, got {got[k]}")
    for k in got:
        if k not in exp:
            res.wrong.append(f"{k}: spurious {got[k]}")
    if case.get("agency") and not same_agency(case["agency"], r.agency):
        res.wrong.append(f"agency: expected {case['agency']!r}, got {r.agency!r}")
    if case.get("agency") is None and r.agency is not None:
        res.wrong.append(f"agency: the report names no agency of its own, got {r.agency!r} (invented)")
    if r.year != case.get("year"):
        res.wrong.append(f"year: expected {case.get('year')}, got {r.year}")
    if r.status != expected_status(case):
        res.wrong.append(f"status: expected {expected_status(case)}, got {r.status} ({r.error})")
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
