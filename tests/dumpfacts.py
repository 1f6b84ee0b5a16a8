"""The differential for refactors that must not change a reading (session 8).

As a pytest plugin, ``DUMPFACTS=/tmp/x -p tests.dumpfacts``, it records every
``pipeline.process.process_document`` call's result (facts, checks, sections, status,
sentence, template, agency, year, title, identity), keyed by the SHA-256 of its input bytes and arguments, one JSON line each, to
``$DUMPFACTS.<pid>`` (one file per xdist worker).  Run the same tests on the code before and
after the change (each checkout from its own root), then

    python -m tests.dumpfacts BEFORE_PREFIX AFTER_PREFIX

compares them: the same inputs on both sides and, for each, the same output byte for byte
(exit status 1 otherwise).  The tests must draw the same inputs on both sides: derandomized
property tests do, as long as their own source is not changed; zip files written under the
plugin (DOCX) carry one fixed time (``_FixedClock``), so they do too.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import sys


class _FixedClock:
    """``time`` as zipfile sees it under the plugin: one fixed moment (1980-01-01, the first a
    zip can store), so a DOCX a test writes has the same bytes, hence the same input key and
    report id, in both runs (python-docx stamps every zip member with the time of writing)."""

    EPOCH = 315532800.0

    @staticmethod
    def time() -> float:
        return _FixedClock.EPOCH

    @staticmethod
    def localtime(_secs: float | None = None):
        import time

        return time.gmtime(_FixedClock.EPOCH)


def _install(path: str) -> None:
    import zipfile

    import pipeline.process as pp

    zipfile.time = _FixedClock  # type: ignore[assignment]

    original = pp.process_document
    out = open(f"{path}.{os.getpid()}", "a", encoding="utf-8")

    def recorded(data, *args, **kwargs):
        res = original(data, *args, **kwargs)
        key = hashlib.sha256(bytes(data) + repr((args, sorted(kwargs.items()))).encode()).hexdigest()
        rec = {"in": key, "status": res.status, "error": res.error, "template": res.template, "facts": res.facts,
               "checks": res.checks, "sections": res.sections, "agency": res.agency, "year": res.year,
               "title": res.title, "identity": res.identity}
        out.write(json.dumps(rec, ensure_ascii=False, sort_keys=True, default=repr) + "\n")
        out.flush()
        return res

    pp.process_document = recorded


def _load(prefix: str) -> dict[str, str]:
    seen: dict[str, str] = {}
    for name in sorted(glob.glob(f"{prefix}.[0-9]*")):
        for line in open(name, encoding="utf-8"):
            rec = json.loads(line)
            key = rec.pop("in")
            text = json.dumps(rec, ensure_ascii=False, sort_keys=True)
            if seen.get(key, text) != text:
                raise SystemExit(f"{prefix}: input {key} read two ways in one run")
            seen[key] = text
    return seen


def main(before: str, after: str) -> int:
    a, b = _load(before), _load(after)
    diff = sorted(k for k in a.keys() & b.keys() if a[k] != b[k])
    print(f"{len(a)} inputs before, {len(b)} after, {len(a.keys() ^ b.keys())} on one side only, "
          f"{len(diff)} with different outputs")
    for k in diff[:5]:
        print(k, "\n  before:", a[k][:400], "\n  after: ", b[k][:400])
    return 1 if diff or a.keys() != b.keys() else 0


if os.environ.get("DUMPFACTS") and __name__ != "__main__":
    _install(os.environ["DUMPFACTS"])

if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
