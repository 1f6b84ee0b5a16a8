"""Command line: ``zfxxgk extract [INPUT ...] --out OUT``, ``zfxxgk scrape SITES.toml`` and
``zfxxgk release OUT --version V --dest DIR`` (also ``python -m pipeline``).

Exit status 0 whenever the run happened, failed documents included (they are rows in
``reports.parquet``); 2 only when the run could not happen (an impossible option or
setting, missing input, an input that is the output folder, an output folder that is not
ours, workers that cannot start), with the reason on stderr; 130 after Ctrl-C.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, Sequence, TypeVar

from . import PARSER_VERSION, interrupted
from .extract.settings import MIN_MEMORY_MB, SettingsError, jobs_problem, memory_problem, timeout_problem

if TYPE_CHECKING:
    from .result import ReportResult

EXIT_OK = 0
EXIT_CANNOT_RUN = 2
_MAX_WARNINGS = 20


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="zfxxgk", description=(
        "Turn government-information-disclosure annual reports into Parquet tables."))
    ap.add_argument("--version", action="version", version=f"zfxxgk parser {PARSER_VERSION}")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="read reports (files or folders) and write Parquet outputs")
    ex.add_argument("inputs", nargs="*", metavar="INPUT", default=None,
                    help="files or folders, read recursively (default: data/raw)")
    ex.add_argument("--out", default="data/parquet", help="output folder (default: data/parquet)")
    ex.add_argument("-j", "--jobs", type=_checked(int, jobs_problem), default=os.cpu_count() or 1,
                    help="parallel worker processes (default: number of CPU cores)")
    ex.add_argument("--force", action="store_true", help="re-parse every document, ignoring the cache")
    ex.add_argument("--timeout", type=_checked(float, timeout_problem), default=300.0, metavar="S",
                    help="CPU seconds one document may use before it is stopped (default: 300; 0 = "
                         "none); one that is blocked, using no CPU, is stopped after 10 times as "
                         "many seconds of wall-clock time")
    ex.add_argument("--max-memory", type=_checked(int, memory_problem), default=2048, metavar="MB",
                    help=f"memory one document may use, in MB (default: 2048; at least {MIN_MEMORY_MB}; "
                         f"0 = no limit)")
    ex.add_argument("--executor", choices=["local", "dask"], default="local",
                    help="where documents are parsed: local worker processes (default) or a "
                         "dask.distributed cluster (needs --scheduler; inputs on shared storage)")
    ex.add_argument("--scheduler", metavar="ADDRESS", default=None,
                    help="dask scheduler address for --executor dask, e.g. tcp://10.0.0.5:8786")
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress bar, summary or warnings")
    rel = sub.add_parser("release", help="build a versioned, validated data package from an extract output")
    rel.add_argument("out", metavar="OUT", help="an extract output folder (e.g. data/parquet)")
    rel.add_argument("--version", required=True, dest="release_version", metavar="VERSION",
                     help="release version, e.g. 1.0.0 or 2026.12.0 (never overwritten once built)")
    rel.add_argument("--dest", required=True, metavar="DIR", help="folder holding the releases (e.g. releases)")
    rel.add_argument("--previous", metavar="PATH", default=None,
                     help="release folder to compare with in CHANGELOG.md (default: newest earlier version in DIR)")
    _add_scrape(sub)
    return ap


def _checked(kind: type, problem: Callable[[Any], str | None]) -> Callable[[str], Any]:
    """An argparse type: the same rule as the Python API (``settings``), said as a sentence."""
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind.__name__}") from None
        why = problem(value)
        if why:
            raise argparse.ArgumentTypeError(why)
        return value
    return parse


def _add_scrape(sub: argparse._SubParsersAction) -> None:
    sc = sub.add_parser("scrape", help="crawl the annual-report columns of a SITES.toml registry")
    sc.add_argument("registry", metavar="SITES.toml", help="the registry of sites to crawl")
    sc.add_argument("--raw", default="data/raw", metavar="DIR",
                    help="where documents and their .meta.json sidecars are kept (default: data/raw)")
    sc.add_argument("--state", default="data/state", metavar="STATEDIR",
                    help="manifest.parquet, coverage.parquet, lock and log (default: data/state)")
    sc.add_argument("--delay", type=_positive_float, default=None, metavar="S",
                    help="seconds between two requests to one host, for every site "
                         "(default: each site's delay_s; robots.txt Crawl-delay is a floor)")
    sc.add_argument("--timeout", type=_positive_float, default=60.0, metavar="S",
                    help="seconds one request may take before it is retried (default: 60)")
    sc.add_argument("--max-size", type=_positive_float, default=50.0, metavar="MIB",
                    help="download cap per document in MiB; larger transfers are aborted (default: 50)")
    sc.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be above 0")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


EXIT_INTERRUPTED = interrupted.EXIT_INTERRUPTED
Refusal = tuple[Any, int]  # (exception class or tuple of classes, exit code)
T = TypeVar("T")


def guarded(command: str, work: Callable[[], T], *, refusals: Sequence[Refusal], cannot_write: str,
            unchanged: str, cleanup: Callable[[], None] = lambda: None) -> tuple[int | None, T | None]:
    """Run one command's work and turn the ways it cannot happen into an exit code and a line.

    ``(None, result)`` when ``work`` returned; otherwise ``(code, None)`` after ``cleanup`` and
    one line on stderr: a refusal (the exception's own sentence, its code), Ctrl-C (130), or an
    OSError while writing (2, ``cannot_write`` and what stays as it was).  One shape for
    every command, so they all end the same way.
    """
    def stop(code: int, line: str) -> tuple[int, None]:
        cleanup()
        print(f"zfxxgk {command}: {line}", file=sys.stderr)
        return code, None

    try:
        return None, work()
    except KeyboardInterrupt:
        return stop(EXIT_INTERRUPTED, f"interrupted; {unchanged}")
    except Exception as exc:
        for kinds, code in refusals:
            if isinstance(exc, kinds):
                return stop(code, str(exc))
        if isinstance(exc, OSError):  # e.g. disk full while writing: the old files are in place
            return stop(EXIT_CANNOT_RUN, f"{cannot_write}: {exc}; {unchanged}")
        cleanup()  # a bug: its traceback follows, after the progress bar is gone
        raise


def main(argv: Sequence[str] | None = None) -> int:
    name = "zfxxgk"
    try:
        with interrupted.listening():  # a Ctrl-C swallowed by a __del__ still ends the run
            args = build_parser().parse_args(argv)
            name = f"zfxxgk {args.command}"
            command = {"release": release, "scrape": scrape}.get(args.command, extract)
            code = command(args)
    except KeyboardInterrupt:  # while the options are read or a command still imports its stages
        print(f"{name}: interrupted before it started; nothing was changed", file=sys.stderr)
        code = EXIT_INTERRUPTED
    # a Ctrl-C handled anywhere below may have left CPython's mark that re-kills the
    # process with SIGINT at exit (see pipeline.interrupted): 130 must stay 130
    return interrupted.handled() if code == EXIT_INTERRUPTED else code


def release(args: argparse.Namespace) -> int:
    """Exit 0 with the release's path on stdout; 2 with the reason on stderr, nothing published."""
    from pathlib import Path

    from .release.build import build_release
    from .release.dictionary import DictionaryError
    from .release.errors import ReleaseError

    code, result = guarded("release", lambda: build_release(
        Path(args.out), args.release_version, Path(args.dest), Path(args.previous) if args.previous else None),
        refusals=[((ReleaseError, DictionaryError), EXIT_CANNOT_RUN)],
        cannot_write="cannot write the release", unchanged="nothing was published")
    if code is not None:
        return code
    rows = ", ".join(f"{n} {k}" for n, k in result.rows.items())
    against = f"; changes against {result.previous}" if result.previous else "; first release"
    print(f"zfxxgk release: {result.path} ({rows}{against})", file=sys.stderr)
    print(result.path)
    return EXIT_OK


EXIT_LOCKED = 75  # EX_TEMPFAIL: another scrape holds the lock; cron may simply try later


def scrape(args: argparse.Namespace) -> int:
    """Exit 0 when the run happened (whatever each URL gave); non-zero when it could not run."""
    from .scrape.lock import LockHeld
    from .scrape.registry import RegistryError
    from .scrape.runner import ScrapeError, run_scrape

    bar = _ScrapeProgress(enabled=not args.quiet)
    code, summary = guarded("scrape", lambda: run_scrape(
        args.registry, args.raw, args.state, delay=args.delay, timeout_s=args.timeout,
        max_mib=args.max_size, progress=bar.update),
        refusals=[(LockHeld, EXIT_LOCKED), ((RegistryError, ScrapeError), EXIT_CANNOT_RUN)],
        cannot_write="cannot write the state", unchanged="the previous manifest is unchanged",
        cleanup=bar.close)
    if code is not None:
        return code
    if not args.quiet:
        for w in summary.warnings:
            print(f"warning: {w}", file=sys.stderr)
        print(summary.line(), file=sys.stderr)
    return EXIT_OK


def extract(args: argparse.Namespace) -> int:
    from .extract.batch import BatchError
    from .extract.ingest import InputError
    from .extract.outdir import OutputError
    from .extract.runner import run_extract

    inputs = args.inputs or ["data/raw"]
    executor = None
    if args.executor == "dask":
        if not args.scheduler:
            print("zfxxgk extract: --executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)",
                  file=sys.stderr)
            return EXIT_CANNOT_RUN
        from .extract.executor_dask import DaskExecutor

        executor = DaskExecutor(args.scheduler, timeout=args.timeout or None,
                                max_memory_mb=args.max_memory or None)
    elif args.scheduler:
        print("zfxxgk extract: --scheduler is only used with --executor dask", file=sys.stderr)
        return EXIT_CANNOT_RUN
    bar = _Progress(enabled=not args.quiet)
    code, summary = guarded("extract", lambda: run_extract(
        inputs, args.out, jobs=args.jobs, force=args.force, timeout=args.timeout or None,
        max_memory_mb=args.max_memory or None, progress=bar.update, on_plan=bar.start,
        executor=executor),
        refusals=[((SettingsError, InputError, OutputError, BatchError), EXIT_CANNOT_RUN)],
        cannot_write="cannot write the output", unchanged="the previous output is unchanged",
        cleanup=bar.close)
    if code is not None:
        return code
    if not args.quiet:
        for w in summary.warnings[:_MAX_WARNINGS]:
            print(f"warning: {w}", file=sys.stderr)
        if len(summary.warnings) > _MAX_WARNINGS:
            print(f"warning: … and {len(summary.warnings) - _MAX_WARNINGS} more", file=sys.stderr)
        print(summary.line(), file=sys.stderr)
    return EXIT_OK


class _Progress:
    """tqdm bar on stderr; silent with --quiet and when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None
        self.cached = 0
        self.failed = 0

    def start(self, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="doc", file=sys.stderr, disable=None,
                        dynamic_ncols=True, desc="extract")

    def update(self, result: ReportResult, cached: bool) -> None:
        if self.bar is None:
            return
        self.cached += cached
        self.failed += result.status == "failed"
        self.bar.set_postfix(cached=self.cached, failed=self.failed, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class _ScrapeProgress:
    """tqdm bar of URLs done (no total: the column's size is found while crawling)."""

    def __init__(self, enabled: bool) -> None:
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(unit="url", file=sys.stderr, disable=None, dynamic_ncols=True, desc="scrape")
        self.saved = 0
        self.problems = 0

    def update(self, row: dict) -> None:
        if self.bar is None:
            return
        self.saved += row.get("status") == "fetched" and bool(row.get("path"))
        self.problems += row.get("status") in ("error", "blocked", "too_large")
        self.bar.set_postfix(saved=self.saved, problems=self.problems, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


if __name__ == "__main__":
    sys.exit(main())
