"""Scale targets of issue 12, each printed beside its reference, all measured in one run.

* text / HTML: ``process_document`` documents per second on one core (target ≥ 300);
* memory: peak RSS of the whole ``extract`` process tree (main process + workers, sampled)
  for N and for 2N documents (target: 2N within 10 % of N);
* re-run: wall time of ``extract`` over the same 2N (+ filler) documents unchanged
  (target: seconds), beside the first run's time;
* ``-j`` scaling: documents/s of ``extract -j 1`` and ``-j 2`` on the same folder;
* whole CLI re-run (``--parts rerun-cli``): the wall and CPU time of ``extract`` over
  ``--rerun-docs`` unchanged files, this checkout and ``--rerun-reference REV`` in turn, each
  over its own output (built first: every file parsed once per checkout), with the sha256 of
  every output file compared between the two and before/after the re-runs;
* re-run scan (``--parts rescan``): the CPU and wall time of what an unchanged re-run does
  before it finds the output up to date (load the stat index, walk + stat + index lookups,
  cache keys and the inputs digest, index compare) over ``--rerun-docs`` files, in a fresh
  Python, beside ``--rerun-reference REV`` in the same run (no output has to be built first).

Documents are the shared corpus's TXT and HTML reports, each copy made unique by a line
appended at the end (different bytes, so different documents; the reports read the same).
The re-run folder adds tiny one-line notices up to ``--rerun-docs`` files (they cost the
first run little; an unchanged re-run costs the same per file whatever its size).

    python bench/bench_scale.py                 # N = 10,000, re-run over 100,000 files
    python bench/bench_scale.py --n 1000 --rerun-docs 10000   # a quick run
"""
from __future__ import annotations

import argparse
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import psutil

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = pathlib.Path(os.environ.get("ZFXXGK_SHARED", ROOT.parent / "shared"))
SOURCES = [SHARED / "corpus", SHARED / "corpus-full", ROOT / "tests" / "fixtures" / "html"]


def sources() -> list[pathlib.Path]:
    """Every TXT and HTML report of the shared corpora and the HTML fixtures."""
    return sorted((p for d in SOURCES if d.is_dir() for p in d.iterdir() if p.suffix in (".txt", ".html")),
                  key=lambda p: (p.name, str(p)))


def make_folder(folder: pathlib.Path, n: int, offset: int = 0) -> None:
    srcs = [(p.suffix, p.read_bytes()) for p in sources()]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(offset, offset + n):
        suffix, data = srcs[i % len(srcs)]
        tail = f"\n<!-- copy {i} -->\n" if suffix == ".html" else f"\n（副本 {i}）\n"
        (folder / f"doc-{i:06d}{suffix}").write_bytes(data + tail.encode())


def make_filler(folder: pathlib.Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"notice-{i:06d}.txt").write_text(f"关于第{i}号事项的通知\n", encoding="utf-8")


class TreeRss:
    """Samples the summed RSS of a process and all its descendants; keeps the peak.

    Also keeps each process's last-seen CPU time, so the CPU the main process spent can be
    told from what the workers spent (the serial share that limits ``-j`` scaling).
    """

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.proc = psutil.Process(pid)
        self.peak = 0
        self.cpu: dict[int, float] = {}
        self.peaks: dict[int, int] = {}
        """Peak RSS per process (pid)."""
        self.main_parse_peak = 0
        """Peak RSS of the main process while workers were alive (the parse phase)."""
        self.main_cpu_workers: list[float] = []
        """The main process's CPU time at the first and the last sample with workers alive:
        the difference is what it spent while documents were parsed (its per-document loop)."""
        self.every = every
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                procs = []
            for p in procs:
                try:
                    rss = p.memory_info().rss
                    total += rss
                    self.peaks[p.pid] = max(self.peaks.get(p.pid, 0), rss)
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            if self._workers_alive(procs) and self.proc.pid in self.cpu:
                if not self.main_cpu_workers:
                    self.main_cpu_workers = [self.cpu[self.proc.pid]] * 2
                self.main_cpu_workers[1] = self.cpu[self.proc.pid]
                self.main_parse_peak = max(self.main_parse_peak, self.peaks.get(self.proc.pid, 0))
            time.sleep(self.every)

    def _workers_alive(self, procs: list[psutil.Process]) -> bool:
        """Whether a worker runs: a worker is forked by the fork server, so it is a grandchild
        of the main process (its children are the fork server and multiprocessing's
        resource tracker, which live until the end, so counting processes is not enough)."""
        for p in procs[1:]:
            try:
                if p.ppid() != self.proc.pid:
                    return True
            except psutil.Error:
                pass
        return False

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


LAST_CPU: dict[str, float] = {}
"""CPU seconds of the last ``extract``: ``main`` (the writer) and ``workers`` (the rest)."""


def extract(inputs: list[pathlib.Path], out: pathlib.Path, jobs: int, *extra: str,
            root: pathlib.Path = ROOT) -> tuple[float, int, str]:
    """Run the CLI of the checkout at ``root``; returns (seconds, peak tree RSS bytes, summary line)."""
    env = dict(os.environ, PYTHONPATH=str(root))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", *map(str, inputs), "--out", str(out),
                             "-j", str(jobs), *extra], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    rss = TreeRss(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    peak = rss.stop()
    LAST_CPU["main"] = rss.cpu.get(proc.pid, 0.0)
    LAST_CPU["workers"] = sum(v for k, v in rss.cpu.items() if k != proc.pid)
    first, last = rss.main_cpu_workers or (0.0, 0.0)
    LAST_CPU["main_parsing"] = last - first
    LAST_CPU["main_peak"] = rss.peaks.get(proc.pid, 0)
    LAST_CPU["main_parse_peak"] = rss.main_parse_peak
    LAST_CPU["other_peak"] = max((v for k, v in rss.peaks.items() if k != proc.pid), default=0)
    if proc.returncode != 0:
        raise SystemExit(f"extract failed ({proc.returncode}):\n{err}")
    lines = err.strip().splitlines()
    return seconds, peak, lines[-1] if lines else ""


_PER_CORE = r"""
import pathlib, sys, time
sys.path.insert(0, sys.argv[1])
from pipeline.process import process_document, warm_up
import pipeline.extract.worker as worker
warm_up()  # what a worker does before its first document (pipeline/extract/worker.py, _serve)
if hasattr(worker, "settle_collector"):  # checkouts before session 10 have none
    worker.settle_collector()
cold = sys.argv[3] == "cold"
if cold:
    from parsers.memo import forget_all
data = [(pathlib.Path(p).name, pathlib.Path(p).read_bytes())
        for p in pathlib.Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()]
for name, d in data[:20]:
    process_document(d, source_path=name)  # warm imports and caches
spent = 0.0
for name, d in data:
    if cold:
        forget_all()
    t0 = time.process_time()
    process_document(d, source_path=name)
    spent += time.process_time() - t0
print(len(data) / spent)
"""


_RESCAN = r"""
import hashlib, os, pathlib, sys, time
sys.path.insert(0, sys.argv[1])
from pipeline.extract.cache import SUFFIX, ResultCache
from pipeline.extract.index import FileIndex
from pipeline.extract.ingest import scan_to_disk
from pipeline.extract.manifest import CacheEntries, InputsDigest
inputs, work = [pathlib.Path(p) for p in sys.argv[2].split(os.pathsep)], pathlib.Path(sys.argv[3])
index_file = work / "index.arrow"

def plan():
    # what run_extract does before its early exit (runner.py), minus the output folder's lock
    # and the cache entries' stats (the same work in every version)
    index = FileIndex.load(index_file, work=work / "index.sqlite")
    scan = scan_to_disk(inputs, work / "scan.sqlite", index=index)
    cache = ResultCache(work / "cache", "bench", {})
    entries = CacheEntries(work / "entries.sqlite", SUFFIX)
    digest = InputsDigest("bench")
    same = hashlib.sha256()  # what the scan found, without the cache keys (they cover the code)
    for doc in scan.docs():
        key = None if doc.problem else cache.key(doc.report_id, doc.meta)
        digest.add(doc, key)
        same.update(repr((doc.source_path, doc.report_id, doc.duplicate_paths, doc.problem, doc.notes,
                          doc.meta, doc.size)).encode())
        if key is not None:
            entries.add(key)
    count, changed = entries.count, index.changed
    if changed:
        index.save(index_file)
    reused, docs = index.reused, scan.count
    for part in (entries, scan, index):
        part.close()
    digest.hexdigest()
    return same.hexdigest(), count, reused, docs

if not index_file.exists():
    plan()  # the first scan: every file hashed, the index written
    time.sleep(2.1)  # pipeline.extract.index.RACY_NS: the next scan trusts the recorded times
    plan()  # files now old enough to be recorded
best = None
for _ in range(int(sys.argv[4])):
    c0, w0 = time.process_time(), time.perf_counter()
    digest, count, reused, docs = plan()
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    best = (cpu, wall) if best is None or cpu < best[0] else best
print(f"{best[0]} {best[1]} {docs} {reused} {digest}")
"""


def rescan(inputs: list[pathlib.Path], work: pathlib.Path, root: pathlib.Path = ROOT,
           repeat: int = 2) -> tuple[float, float, int, int, str]:
    """(CPU s, wall s, documents, index hits, digest) of the best of ``repeat`` unchanged
    re-run scans of ``inputs`` by the checkout at ``root``, in a fresh Python (see _RESCAN)."""
    work.mkdir(parents=True, exist_ok=True)
    out = subprocess.run([sys.executable, "-c", _RESCAN, str(root), os.pathsep.join(map(str, inputs)), str(work),
                          str(repeat)], cwd=root, capture_output=True, text=True, check=True)
    cpu, wall, docs, reused, digest = out.stdout.strip().splitlines()[-1].split()
    return float(cpu), float(wall), int(docs), int(reused), digest


def output_digests(out: pathlib.Path) -> dict[str, str]:
    """sha256 of every file of an output folder but the ``.zfxxgk`` marker and the cache
    entries (both name the code's fingerprint, so they differ between two checkouts)."""
    import hashlib

    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".zfxxgk" and ".cache" not in p.parts}


def per_core(paths: list[pathlib.Path], root: pathlib.Path = ROOT, cold: bool = False) -> float:
    """process_document documents per CPU second of one process (one core), in a fresh
    Python running the checkout at ``root`` (this one, or the reference: the same documents).

    CPU time, not wall time: on a machine shared with other jobs, wall time measures the
    neighbours; the CPU time this process used is what one core of its own would take.
    ``cold``: every memo of the parsers (parsers/memo.py) emptied before each document, as
    if none of its texts had been seen before — the bench's documents are copies of a few
    reports, so the warm figure is what a worker gets once it has read many reports, the
    cold one the floor for a document unlike any before it.  The process starts as a worker
    does (``warm_up`` and, where the checkout has it, ``settle_collector``), so the figure is a
    worker's.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(map(str, paths)))
    try:
        out = subprocess.run([sys.executable, "-c", _PER_CORE, str(root), f.name, "cold" if cold else "warm"],
                             cwd=root, capture_output=True, text=True, check=True)
    finally:
        os.unlink(f.name)
    return float(out.stdout.strip().splitlines()[-1])


def reference_checkout(rev: str, into: pathlib.Path) -> pathlib.Path:
    """The project as of git revision ``rev`` (``git archive``), for the speed reference; a
    ``rev`` that is a folder is taken as the reference checkout itself (e.g. when this bench
    runs from an archive of a commit, which is no git repository)."""
    if pathlib.Path(rev).is_dir():
        return pathlib.Path(rev).resolve()
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="N for the memory comparison (default 10,000)")
    ap.add_argument("--rerun-docs", type=int, default=100_000, help="files in the unchanged re-run")
    ap.add_argument("--speed-docs", type=int, default=400, help="documents per format for docs/s per core")
    ap.add_argument("--speed-reference", default=None, metavar="REV",
                    help="git revision measured beside this checkout on the same documents (speed part)")
    ap.add_argument("--rerun-reference", default=None, metavar="REV",
                    help="git revision whose re-run is measured beside this checkout's (rescan, rerun-cli parts)")
    ap.add_argument("--scaling-docs", type=int, default=600, help="documents for the -j comparison")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="workers for the memory and re-run runs")
    ap.add_argument("--parts", default="speed,scaling,memory,rerun",
                    help="comma-separated parts to run (rerun needs memory; rescan and rerun-cli are not in the "
                         "default set)")
    ap.add_argument("--keep", type=pathlib.Path, default=None, help="build folders here and keep them")
    a = ap.parse_args(argv)
    tmp = a.keep or pathlib.Path(tempfile.mkdtemp(prefix="bench-scale-"))
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at start (shared: ratios "
          f"are measured within this run)", flush=True)
    parts = set(a.parts.split(","))
    try:
        # -- text / HTML documents per second per core -------------------------------------
        speed = tmp / "speed"
        if "speed" not in parts:
            a.speed_docs = 0
        make_folder(speed, a.speed_docs * 2)
        txt = sorted(speed.glob("*.txt"))[:a.speed_docs]
        html = sorted(speed.glob("*.html"))[:a.speed_docs]
        ref = reference_checkout(a.speed_reference, tmp / "reference") if a.speed_reference and txt else None
        for name, paths in (("text", txt), ("HTML", html)):
            if paths:
                # this checkout and the reference in turn, twice each: the best of two shares
                # the box's load between them
                runs = [(per_core(paths), per_core(paths, ref)) for _ in range(2)] if ref else [(per_core(paths), None)]
                now, was = max(r[0] for r in runs), max(r[1] for r in runs) if ref else None
                cold = per_core(paths, cold=True)
                beside = f"; {a.speed_reference}: {was:.1f} -> {now / was:.2f}x" if was else ""
                cold_was = per_core(paths, ref, cold=True) if ref else None
                cold_beside = f" ({a.speed_reference}: {cold_was:.1f} -> {cold / cold_was:.2f}x)" if cold_was else ""
                print(f"{name:>5}: {now:7.1f} documents/s per core   (target >= 300{beside}; "
                      f"{len(paths)} documents; every memo emptied before each document: {cold:.1f}{cold_beside})",
                      flush=True)

        if "rescan" in parts:
            # -- the unchanged re-run's own work, in one process, beside a reference ----------
            folder = tmp / "rescan"
            make_folder(folder / "reports", min(a.rerun_docs, 2 * a.n))
            make_filler(folder / "notices", max(0, a.rerun_docs - 2 * a.n))
            inputs = [folder / "reports", folder / "notices"]
            ref = reference_checkout(a.rerun_reference, tmp / "rescan-reference") if a.rerun_reference else None
            runs = []
            for turn in range(2):  # this checkout and the reference in turn: both see the same load
                runs.append(("now", rescan(inputs, tmp / "rescan-now")))
                if ref is not None:
                    runs.append(("ref", rescan(inputs, tmp / "rescan-ref", ref)))
            now = min((r for k, r in runs if k == "now"), key=lambda r: r[0])
            line = (f"re-run scan: {now[2]} files unchanged ({now[3]} from the index): {now[0]:.2f} s CPU, "
                    f"{now[1]:.2f} s wall (best of 4, in one process; target: seconds)")
            if ref is not None:
                was = min((r for k, r in runs if k == "ref"), key=lambda r: r[0])
                same = "the same documents found" if was[4] == now[4] else "THE DOCUMENTS FOUND DIFFER"
                line += (f"; {a.rerun_reference}: {was[0]:.2f} s CPU, {was[1]:.2f} s wall -> "
                         f"{was[0] / now[0]:.2f}x CPU ({same})")
            print(line, flush=True)

        if "rerun-cli" in parts:
            # -- the whole CLI re-run over unchanged files, beside a reference, in turns ----------
            folder = tmp / "rerun-cli"
            make_folder(folder / "reports", min(a.rerun_docs, 2 * a.n))
            make_filler(folder / "notices", max(0, a.rerun_docs - 2 * a.n))
            # pipeline.extract.index.RACY_NS: a file changed less than 2 s before a scan is not
            # recorded in OUT/.index.arrow, so without the wait the first runs' indexes (files
            # compared below) depend on how fast each checkout reached its scan
            time.sleep(2.1)
            ref = reference_checkout(a.rerun_reference, tmp / "rerun-cli-reference") if a.rerun_reference else None
            checkouts = [("now", ROOT)] + ([(a.rerun_reference, ref)] if ref is not None else [])
            outs = {name: tmp / f"rerun-cli-out-{i}" for i, (name, _) in enumerate(checkouts)}
            for name, root in checkouts:  # the first run: every file parsed (each checkout its own cache)
                s, _, _ = extract([folder], outs[name], a.jobs, "-q", root=root)
                print(f"rerun-cli: {name}: first run {s:.0f} s wall", flush=True)
            built = {name: output_digests(outs[name]) for name, _ in checkouts}
            times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in checkouts}
            for _ in range(2):  # in turns, so both see the same load
                for name, root in checkouts:
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    s, _, line = extract([folder], outs[name], a.jobs, root=root)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # every process it waited for
                    assert "output already up to date" in line, line
                    times[name].append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, s))
            same = all(output_digests(outs[name]) == built[name] for name, _ in checkouts)
            line = "; ".join(f"{name}: {min(c for c, _ in t):.2f} s CPU, {min(w for _, w in t):.2f} s wall"
                             for name, t in times.items())
            agree = (" outputs of the two checkouts byte-identical" if ref is None or built["now"] == built[a.rerun_reference]
                     else " OUTPUTS OF THE TWO CHECKOUTS DIFFER")
            print(f"rerun-cli: unchanged re-run of {a.rerun_docs} files (best of 2, in turns; CPU of the extract "
                  f"processes): {line};{agree if ref is not None else ''}; every output file unchanged by the re-runs: "
                  f"{same}", flush=True)

        if "scaling" in parts:
            # -- -j scaling --------------------------------------------------------------
            scal = tmp / "scaling"
            make_folder(scal, a.scaling_docs)
            rates, cpu = {}, {}
            for j in (1, 2):
                s, _, _ = extract([scal], tmp / f"out-j{j}", j, "--force", "-q")
                rates[j], cpu[j] = a.scaling_docs / s, dict(LAST_CPU)
            # The same -j 2 run over twice the documents: the difference is the CPU that grows
            # with the documents (start-up, imports and the fixed part of writing cancel out).
            make_folder(scal, a.scaling_docs, offset=a.scaling_docs)
            extract([scal], tmp / "out-j2-2x", 2, "--force", "-q")
            twice = dict(LAST_CPU)
            print(f"   -j: -j 1 {rates[1]:.1f} docs/s, -j 2 {rates[2]:.1f} docs/s -> {rates[2] / rates[1]:.2f}x "
                  f"wall (linear = 2.00x; wall on a shared machine measures the neighbours too; "
                  f"{a.scaling_docs} documents)", flush=True)
            n = a.scaling_docs
            bound = {}
            for j in (1, 2):
                main_ms, work_ms = 1000 * cpu[j]["main"] / n, 1000 * cpu[j]["workers"] / n
                # documents/s with one unshared core per process: the workers share the
                # documents, the one main process sees every document
                bound[j] = min(j * 1000 / work_ms, 1000 / main_ms)
                print(f"       -j {j} CPU per document (incl. start-up): main process {main_ms:.2f} ms, "
                      f"workers {work_ms:.2f} ms -> {bound[j]:.0f} docs/s on {j + 1} unshared cores", flush=True)
            loop_ms = 1000 * twice["main_parsing"] / (2 * n)
            print(f"       -j 2 main process CPU per document while the workers parse (receive, spill; "
                  f"{2 * n} documents): {loop_ms:.2f} ms", flush=True)
            d_main = 1000 * (twice["main"] - cpu[2]["main"]) / n
            d_work = 1000 * (twice["workers"] - cpu[2]["workers"]) / n
            print(f"       -j 1 -> -j 2 CPU throughput {bound[2] / bound[1]:.2f}x (linear = 2.00x); per extra "
                  f"document ({n} -> {2 * n}): main process {d_main:.2f} ms, workers {d_work:.2f} ms -> one "
                  f"main process keeps up with about {d_work / max(d_main, 1e-9):.0f} busy worker cores "
                  f"(target: main well under 1 ms)", flush=True)

        if "memory" in parts:
            # -- memory at N and 2N --------------------------------------------------------------
            first, second = tmp / "mem-a", tmp / "mem-b"
            make_folder(first, a.n)
            make_folder(second, a.n, offset=a.n)
            s1, rss1, line1 = extract([first], tmp / "out-n", a.jobs, "--force")
            main1, peaks1 = LAST_CPU["main"], (LAST_CPU["main_peak"], LAST_CPU["other_peak"], LAST_CPU["main_parse_peak"])
            s2, rss2, line2 = extract([first, second], tmp / "out-2n", a.jobs, "--force")
            main2, peaks2 = LAST_CPU["main"], (LAST_CPU["main_peak"], LAST_CPU["other_peak"], LAST_CPU["main_parse_peak"])
            print(f"  RSS: N = {a.n}: {rss1 / 2**20:.0f} MB ({s1:.0f} s), 2N = {2 * a.n}: {rss2 / 2**20:.0f} MB "
                  f"({s2:.0f} s) -> 2N/N = {rss2 / rss1:.3f} (target <= 1.10; whole process tree, -j {a.jobs})",
                  flush=True)
            print(f"       peak RSS per process: main {peaks1[0] / 2**20:.0f} -> {peaks2[0] / 2**20:.0f} MB, largest "
                  f"other (worker or forkserver) {peaks1[1] / 2**20:.0f} -> {peaks2[1] / 2**20:.0f} MB; main while "
                  f"the workers run {peaks1[2] / 2**20:.0f} -> {peaks2[2] / 2**20:.0f} MB", flush=True)
            print(f"       main process CPU per document: {1000 * main1 / a.n:.2f} ms at N, "
                  f"{1000 * main2 / (2 * a.n):.2f} ms at 2N", flush=True)
            print(f"       {line2}", flush=True)

        if "memory" in parts and "rerun" in parts:
            # -- unchanged re-run ----------------------------------------------------------------
            filler = max(0, a.rerun_docs - 2 * a.n)
            make_filler(tmp / "mem-filler", filler)
            inputs = [first, second, tmp / "mem-filler"]
            t_first, _, _ = extract(inputs, tmp / "out-2n", a.jobs, "-q")  # parses only the filler
            t_re, _, line = extract(inputs, tmp / "out-2n", a.jobs)
            cpu_re = LAST_CPU["main"]
            t_one, _, _ = (lambda: (os.utime(first / "doc-000000.txt"), extract(inputs, tmp / "out-2n", a.jobs, "-q"))[1])()
            print(f"re-run: {2 * a.n + filler} unchanged files: {t_re:.1f} s wall, {cpu_re:.1f} s CPU "
                  f"(target: seconds); after touching one "
                  f"file {t_one:.1f} s; the run before (filler parsed, reports from cache) {t_first:.1f} s", flush=True)
            print(f"       {line}", flush=True)
    finally:
        if a.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
