"""Test-only processor (``spec="tests.gc_probe:process"``): the production
``process_document``, after writing the worker's cyclic-collector state (frozen objects,
thresholds) to ``$ZFXXGK_TEST_GC_FILE``, one JSON line per document."""
from __future__ import annotations

import gc
import json
import os

from pipeline.process import process_document


def process(data: bytes, **kwargs):
    with open(os.environ["ZFXXGK_TEST_GC_FILE"], "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()}) + "\n")
    return process_document(data, **kwargs)
