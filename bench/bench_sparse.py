"""Read/total/wrong of sparse laid-out table 三, per rendering, over N generated reports.

The reports are the ones ``tests/test_pdf_layout_sparse.py`` reads (same seeds, same blank
styles and page joiners): typeset reports whose table 三 prints no row in full, extracted as
pdfplumber ``layout=True`` text (``layout``: each character one column) and as display-width
text (``display``: a CJK character two columns).  For each rendering it prints

* table 三: cells read right / cells the PDF printed unbroken (a number broken inside a
  narrow cell is not counted, as in the test's share),
* all cells: read right / cells of the reports,
* wrong or invented cells (must be 0) and the reports holding them.

``--misses`` lists every table 三 cell left out, per report, for diagnosis.

    python bench/bench_sparse.py 200                      # both renderings, reports 0..199
    python bench/bench_sparse.py 60 --renderings display --misses
"""
from __future__ import annotations

import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pdftext_oracle import _k, emitted, safety_problems, truth  # noqa: E402
from tests.test_pdf_layout_sparse import run, run_display  # noqa: E402

RUNNERS = {"layout": run, "display": run_display}


def measure(rendering: str, n: int, misses: bool) -> None:
    """Print the figures of ``n`` reports of one rendering."""
    runner = RUNNERS[rendering]
    t3_right = t3_printed = all_right = all_cells = wrong = 0
    bad_reports: list[int] = []
    for k in range(n):
        rep, result = runner(k)
        want, got = truth(rep), emitted(result)
        unbroken = [key for row in rep.rows if row.table == "requests"
                    for key, wrapped in zip(row.codes, row.wrapped) if not wrapped]
        right = [key for key in unbroken if got.get(key) == want[key]]
        t3_right, t3_printed = t3_right + len(right), t3_printed + len(unbroken)
        all_right += sum(1 for key, v in want.items() if got.get(key) == v)
        all_cells += len(want)
        problems = safety_problems(result, rep)
        if problems:
            bad_reports.append(k)
            wrong += sum(1 for key in got if key not in want or got[key] != want[key])
            print(f"  {rendering} {k}: {problems}", flush=True)
        if misses:
            lost = sorted(_k(key) for key in unbroken if key not in got)
            if lost:
                print(f"  {rendering} {k}: {len(lost)} left out: {lost}", flush=True)
    print(f"{rendering:8s} {n} reports: table 三 {t3_right}/{t3_printed} ({t3_right / t3_printed:.4f}); "
          f"all cells {all_right}/{all_cells} ({all_right / all_cells:.4f}); "
          f"wrong or invented {wrong} in {len(bad_reports)} report(s) {bad_reports}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=60, help="reports per rendering (seeds 0..n-1)")
    ap.add_argument("--renderings", nargs="+", choices=sorted(RUNNERS), default=["layout", "display"])
    ap.add_argument("--misses", action="store_true", help="list the table 三 cells left out")
    args = ap.parse_args()
    for rendering in args.renderings:
        measure(rendering, args.n, args.misses)


if __name__ == "__main__":
    main()
