"""OCR throughput: scanned reports read end to end, pages per second on one core.

Generates N typeset reports (tests/pdfgen.py), turns them into image-only scans
(tests/scangen.py: 170 dpi, seal, 1–3° turn, noise, JPEG), then times ``process_document``
on each in this one process, set up as a batch worker is (``warm_up``, then one ONNX
thread and one OpenCV thread: a worker is one core).  Prints wall-clock and CPU
pages/second (CPU time is what a core gives when the machine is not shared), the peak
resident memory (RSS) and the peak address space (VM, what ``--max-memory`` caps).

Two rows, measured in turns scan by scan so both see the same load: ``int8`` is the
reader as it runs (the int8 recogniser first, the float model for what it is unsure of);
``float`` is the reader before the int8 model (the float model for every read).  The peak
memory is the whole run's.

    python bench/bench_ocr.py            # N = 6
    python bench/bench_ocr.py --n 12
"""
from __future__ import annotations

import argparse
import pathlib
import resource
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.process import process_document  # noqa: E402
from tests.pdfgen import generate  # noqa: E402
from tests.scangen import scanned_pdf  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=6, help="scanned reports to read")
    args = ap.parse_args()
    scans = [scanned_pdf(generate(20_000 + i).pdf, 20_000 + i) for i in range(args.n)]
    from parsers.ocr.engine import Recognizer, recognizer
    from pipeline.process import warm_up

    warm_up()
    from parsers.ocr import page

    now = recognizer()  # model load (and the int8 build, if not cached) once per worker, not per page
    before = Recognizer()
    before.fast = before.exact  # the float model for every read, as before the int8 recogniser
    totals = {name: [0, 0, 0.0, 0.0] for name in ("float", "int8")}
    for pdf in scans:
        for name, rec in (("float", before), ("int8", now)):
            page.recognizer = lambda rec=rec: rec
            t = totals[name]
            wall0, cpu0 = time.perf_counter(), time.process_time()
            r = process_document(pdf, source_path="scan.pdf")
            t[2] += time.perf_counter() - wall0
            t[3] += time.process_time() - cpu0
            t[0] += r.n_pages or 0
            t[1] += len(r.facts)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    vm = _status("VmPeak") / 1024
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print("| recogniser | scans | pages | cells written | wall pages/s | CPU pages/s (one core) | CPU s/page |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, (pages, cells, wall, cpu) in totals.items():
        print(f"| {name} | {len(scans)} | {pages} | {cells} | {pages / wall:.2f} | {pages / cpu:.2f} | {cpu / pages:.2f} |")
    print(f"(peak RSS {rss:.0f} MB, peak VM {vm:.0f} MB for the whole run; load average {load} while measuring)")


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
