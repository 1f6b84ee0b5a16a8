"""OCR throughput: scanned reports read end to end, pages per CPU second on one core, against
the reader of an earlier commit in the same run.

Generates N typeset reports (tests/pdfgen.py), turns them into image-only scans
(tests/scangen.py: 170 dpi, seal, 1–3° turn, noise, JPEG), then times ``process_document``
on each in two worker processes set up as batch workers are (``warm_up``, the recognisers
loaded, one ONNX thread and one OpenCV thread: a worker is one core): ``now`` runs this
checkout, ``before`` the code of ``--before REV`` (``git archive`` into a temporary folder).
The two read each scan in turns, so both see the same load.  Prints wall-clock and CPU
pages/second (CPU time is what a core gives when the machine is not shared), the cells
written, each worker's peak resident memory (RSS) and peak address space (VM, what
``--max-memory`` caps), and the load average.

    python bench/bench_ocr.py                       # N = 6, before = the reader before its last change
    python bench/bench_ocr.py --n 4 --before HEAD~3
    python bench/bench_ocr.py --before ''           # this checkout only

The default reference is found from git, never a fixed commit that ages: with uncommitted
changes under ``parsers/ocr/`` it is ``HEAD`` (what those changes do), otherwise the commit
before the last one that changed ``parsers/ocr/`` (what that change did).  Where git cannot
tell (no repository, a shallow clone), ``--before`` must be given.
"""
from __future__ import annotations

import argparse
import io
import json
import pathlib
import resource
import subprocess
import sys
import tarfile
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
READER = "parsers/ocr"
"""The reader whose last change the default reference undoes."""


def main() -> None:
    ap = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    ap.add_argument("--n", type=int, default=6, help="scanned reports to read")
    ap.add_argument("--before", default=None,
                    help="git revision to measure beside this checkout ('' = none; default: HEAD if parsers/ocr/ "
                         "has uncommitted changes, else the commit before its last change)")
    ap.add_argument("--serve", help=argparse.SUPPRESS)  # worker mode: read scans for the parent
    args = ap.parse_args()
    if args.serve:
        serve(pathlib.Path(args.serve))
        return
    if args.before is None:
        try:
            args.before = default_before()
        except (OSError, subprocess.CalledProcessError, ValueError) as exc:
            why = (getattr(exc, "stderr", None) or str(exc)).strip().splitlines()[0]
            ap.error(f"no reference reader found from git ({why}); give --before REV (or --before '' for none)")
    sys.path.insert(0, str(ROOT))
    from tests.pdfgen import generate
    from tests.scangen import scanned_pdf

    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        folder = pathlib.Path(tmp)
        scans = []
        for i in range(args.n):
            path = folder / f"scan-{i}.pdf"
            path.write_bytes(scanned_pdf(generate(20_000 + i).pdf, 20_000 + i))
            scans.append(path)
        roots = {"now": ROOT}
        if args.before:
            roots = {"before": _checkout(args.before, folder / "before"), **roots}
        workers = {name: _start(root) for name, root in roots.items()}
        totals = {name: [0, 0, 0.0, 0.0] for name in workers}
        for path in scans:
            for name, w in workers.items():
                w.stdin.write(f"{path}\n")
                w.stdin.flush()
                r = json.loads(w.stdout.readline())
                t = totals[name]
                t[0] += r["pages"]
                t[1] += r["cells"]
                t[2] += r["wall"]
                t[3] += r["cpu"]
        peaks = {}
        for name, w in workers.items():
            w.stdin.close()
            peaks[name] = json.loads(w.stdout.readline())
            w.wait()
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    label = {"now": "now", "before": f"before ({args.before})"}
    print("| reader | scans | pages | cells written | wall pages/s | CPU pages/s (one core) | CPU s/page | peak RSS | peak VM |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, (pages, cells, wall, cpu) in totals.items():
        p = peaks[name]
        print(f"| {label[name]} | {len(scans)} | {pages} | {cells} | {pages / wall:.2f} | {pages / cpu:.2f} | "
              f"{cpu / pages:.2f} | {p['rss']:.0f} MB | {p['vm']:.0f} MB |")
    if "before" in totals:
        b, n = totals["before"], totals["now"]
        print(f"(now/before: {(n[0] / n[3]) / (b[0] / b[3]):.2f}× pages per CPU second; "
              f"load average {load} while measuring)")
    else:
        print(f"(load average {load} while measuring)")


def default_before(root: pathlib.Path = ROOT) -> str:
    """``HEAD`` if the reader has uncommitted changes, else the parent of its last commit (short hashes)."""
    def git(*cmd: str) -> str:
        return subprocess.run(["git", "-C", str(root), *cmd], check=True, capture_output=True, text=True).stdout.strip()

    if git("status", "--porcelain", "--", READER):
        return git("rev-parse", "--short", "HEAD")
    last = git("log", "-1", "--format=%h", "--", READER)
    if not last:
        raise ValueError(f"no commit changes {READER}")
    return git("rev-parse", "--short", f"{last}^")


def _checkout(rev: str, dest: pathlib.Path) -> pathlib.Path:
    """The project's code at ``rev`` in ``dest`` (its parsers, pipeline and tests)."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "parsers", "pipeline", "tests"],
                          check=True, capture_output=True).stdout
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def _start(root: pathlib.Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(pathlib.Path(__file__).resolve()), "--serve", str(root)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=str(root))


def serve(root: pathlib.Path) -> None:
    """Worker: the reader of ``root``; one scan path per input line, one JSON line back."""
    reply, sys.stdout = sys.stdout, sys.stderr  # whatever the reader prints stays out of the replies
    sys.path.insert(0, str(root))
    from pipeline.process import process_document, warm_up

    warm_up()
    try:  # the process settings a worker applies when it first reads a page image, before
        from parsers.ocr.runtime import prepare  # the recogniser loads (one malloc arena:
    except ImportError:  # loaded before it, the sessions' allocations spread over more
        pass  # arenas and the peak address space is not a worker's); older code has none
    else:
        prepare()
    from parsers.ocr.engine import recognizer

    recognizer()  # model load (and the int8 build, if not cached) once per worker, not per page
    for line in sys.stdin:
        data = pathlib.Path(line.strip()).read_bytes()
        wall0, cpu0 = time.perf_counter(), time.process_time()
        r = process_document(data, source_path="scan.pdf")
        out = {"pages": r.n_pages or 0, "cells": len(r.facts),
               "wall": time.perf_counter() - wall0, "cpu": time.process_time() - cpu0}
        print(json.dumps(out), file=reply, flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rss": rss, "vm": _status("VmPeak") / 1024}), file=reply, flush=True)


def _status(key: str) -> float:
    """A /proc/self/status figure in kB (Linux); 0 elsewhere."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return float(line.split()[1])
    except OSError:
        pass
    return 0.0


if __name__ == "__main__":
    main()
