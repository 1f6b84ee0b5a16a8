"""Command line: ``zfxxgk extract [INPUT ...] --out OUT`` (also ``python -m pipeline``).

Exit status 0 whenever the run happened, failed documents included (they are rows in
``reports.parquet``); 2 only when the run could not happen (missing input, unusable
output folder, workers that cannot start), with the reason on stderr.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from . import PARSER_VERSION
from .extract.batch import BatchError
from .extract.ingest import InputError
from .extract.outdir import OutputError
from .result import ReportResult
from .extract.runner import run_extract

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
    ex.add_argument("-j", "--jobs", type=_positive_int, default=os.cpu_count() or 1,
                    help="parallel worker processes (default: number of CPU cores)")
    ex.add_argument("--force", action="store_true", help="re-parse every document, ignoring the cache")
    ex.add_argument("--timeout", type=float, default=300.0, metavar="S",
                    help="seconds one document may take before it is stopped (default: 300; 0 = none)")
    ex.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                    help="memory one document may use, in MB (default: 2048; 0 = no limit)")
    ex.add_argument("--executor", choices=["local", "dask"], default="local",
                    help="where documents are parsed: local worker processes (default) or a "
                         "dask.distributed cluster (needs --scheduler; inputs on shared storage)")
    ex.add_argument("--scheduler", metavar="ADDRESS", default=None,
                    help="dask scheduler address for --executor dask, e.g. tcp://10.0.0.5:8786")
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress bar, summary or warnings")
    return ap


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return extract(args)


def extract(args: argparse.Namespace) -> int:
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
    try:
        summary = run_extract(inputs, args.out, jobs=args.jobs, force=args.force,
                              timeout=args.timeout or None, max_memory_mb=args.max_memory or None,
                              progress=bar.update, on_plan=bar.start, executor=executor)
    except (InputError, OutputError, BatchError) as exc:
        bar.close()
        print(f"zfxxgk extract: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        bar.close()
        print("zfxxgk extract: interrupted; the previous output is unchanged", file=sys.stderr)
        return 130
    except OSError as exc:  # e.g. disk full while writing: the old output is still in place
        bar.close()
        print(f"zfxxgk extract: cannot write the output: {exc}; the previous output is unchanged",
              file=sys.stderr)
        return EXIT_CANNOT_RUN
    bar.close()
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


if __name__ == "__main__":
    sys.exit(main())
