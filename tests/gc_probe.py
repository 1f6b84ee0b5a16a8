"""Test-only processor (``spec="tests.gc_probe:process"``): the production
``process_document``, with the worker's cyclic-collector state (frozen objects, thresholds) as
it was when the document came, carried back in the result's ``error`` (``gc {json}``).

Carried in the result, not written to a file the test names in the environment: a worker is
forked by the fork server, which keeps the environment it started with (an earlier test of the
same pytest process may have started it), so a variable the test sets may never reach it."""
from __future__ import annotations

import dataclasses
import gc
import json

from pipeline.process import process_document

PREFIX = "gc "


def process(data: bytes, **kwargs):
    state = {"frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()}
    return dataclasses.replace(process_document(data, **kwargs), error=PREFIX + json.dumps(state))
