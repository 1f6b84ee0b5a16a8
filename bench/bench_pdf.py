"""PDF throughput: the whole pipeline per file beside pdfplumber's bare ``extract_words``.

Two kinds of input: **short** reports — the real report PDFs of the shared corpora (3–6
pages, little text per page, so the per-page cost dominates), read ``--repeat`` times — and
**long** generated ones: N report PDFs from tests/pdfgen.py (a small and a large N, to show
memory stays flat as the folder grows).  For each, in the same run, it times

* ``pipeline``: ``process_document`` on every file (parse, align, facts, checks), and
* ``pdfplumber``: ``page.extract_words()`` on every page of the same files,

and prints pages per CPU second for both (CPU time of this process: on a machine shared
with other jobs wall time measures the neighbours), their ratio (target ≥ 3×), how many files the default reader had to
re-read with pdfplumber (see bench/RESULTS.md), and the peak RSS after each phase.

    python bench/bench_pdf.py                 # N = 20 and 80
    python bench/bench_pdf.py --sizes 10 40 --backend plumber
"""
from __future__ import annotations

import argparse
import gc
import io
import pathlib
import resource
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.process import process_document  # noqa: E402
from tests.pdfgen import generate  # noqa: E402

# Layouts for the bench: every option except the /Rotate'd page, whose non-embedded CJK
# text PDFium cannot place without a system CJK font (the reader then falls back to
# pdfplumber, which would measure that fallback rather than the default path).
BENCH_PAGES = ("same", "landscape")


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_folder(n: int, folder: pathlib.Path) -> list[pathlib.Path]:
    paths = []
    for i in range(n):
        rep = generate(10_000 + i, appeals_page=BENCH_PAGES[i % len(BENCH_PAGES)])
        p = folder / f"report-{i:04d}.pdf"
        p.write_bytes(rep.pdf)
        paths.append(p)
    return paths


SHARED = pathlib.Path(__import__("os").environ.get("ZFXXGK_SHARED", ROOT.parent / "shared"))


def short_reports() -> list[pathlib.Path]:
    """The real (not generated) report PDFs of the shared corpora, scans excluded."""
    return sorted(p for d in ("corpus", "corpus-full") for p in (SHARED / d).glob("*.pdf"))


def run_pipeline(paths: list[pathlib.Path]) -> tuple[int, float, int]:
    pages = 0
    ok = 0
    t0 = time.process_time()
    for p in paths:
        r = process_document(p.read_bytes(), source_path=p.name)
        pages += r.n_pages or 0
        ok += r.status == "ok"
    return pages, time.process_time() - t0, ok


def count_fallbacks(paths: list[pathlib.Path]) -> int:
    """Files the default reader re-read with pdfplumber (PDFium could not place some text)."""
    from parsers.pdf import PdfParser

    return sum(1 for p in paths if any("read with pdfplumber" in n for n in PdfParser().parse(p.read_bytes()).notes))


def run_plumber(paths: list[pathlib.Path]) -> tuple[int, float]:
    import pdfplumber

    pages = 0
    t0 = time.process_time()
    for p in paths:
        with pdfplumber.open(io.BytesIO(p.read_bytes())) as pdf:
            for page in pdf.pages:
                page.extract_words()
                pages += 1
                page.close()
    return pages, time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20, 80])
    ap.add_argument("--repeat", type=int, default=10, help="passes over the short real reports")
    ap.add_argument("--backend", choices=["pdfium", "plumber"], default=None,
                    help="PDF backend for the pipeline (default: the reader's default)")
    a = ap.parse_args(argv)
    if a.backend:
        import os
        os.environ["ZFXXGK_PDF_BACKEND"] = a.backend
    short = short_reports()
    if short:
        run_pipeline(short)  # warm imports and caches
        paths = short * a.repeat
        pages, t_pipe, _ = run_pipeline(paths)
        pl_pages, t_pl = run_plumber(paths)
        pps, plps = pages / t_pipe, pl_pages / t_pl
        print(f"short real reports ({len(short)} files, {pages // a.repeat} pages, x{a.repeat}): pipeline "
              f"{pps:.1f} pages/CPU-s, pdfplumber extract_words {plps:.1f} -> {pps / plps:.1f}x (target >= 3x)",
              flush=True)
    print("long generated reports:")
    print(f"{'N':>5} {'pages':>6} {'pipeline p/s':>13} {'plumber p/s':>12} {'ratio':>6} "
          f"{'ok':>5} {'fallback':>8} {'RSS pipe MB':>12} {'RSS all MB':>11}")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        for n in a.sizes:
            folder = pathlib.Path(tmp) / f"n{n}"
            folder.mkdir()
            paths = make_folder(n, folder)
            gc.collect()
            run_pipeline(paths[:2])  # warm imports and caches
            pages, t_pipe, ok = run_pipeline(paths)
            rss_pipe = peak_rss_mb()
            pl_pages, t_pl = run_plumber(paths)
            rss_all = peak_rss_mb()
            fallback = count_fallbacks(paths) if not a.backend or a.backend == "pdfium" else 0
            pps, plps = pages / t_pipe, pl_pages / t_pl
            print(f"{n:>5} {pages:>6} {pps:>13.1f} {plps:>12.1f} {pps / plps:>5.1f}x "
                  f"{ok:>5} {fallback:>8} {rss_pipe:>12.0f} {rss_all:>11.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
