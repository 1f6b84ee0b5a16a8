"""A worker's cyclic garbage collector: its start-up heap frozen, collections rarer, and
cyclic garbage still freed (memory stays bounded however long the worker runs)."""
from __future__ import annotations

import json
import subprocess
import sys

from pipeline.extract.batch import run_isolated
from pipeline.extract.ingest import scan_inputs
from pipeline.extract.worker import YOUNG_OBJECTS_BEFORE_COLLECTION
from tests import badinputs as bad, gc_probe
from tests.batch_util import ROOT, SEED


def test_a_worker_reads_documents_with_its_start_up_heap_frozen_and_a_higher_threshold(tmp_path):
    for name in ("a.txt", "b.txt"):
        bad.write(tmp_path / "in" / name, SEED.read_bytes() + name.encode())
    got = []
    run_isolated(scan_inputs([tmp_path / "in"]).docs, lambda d, r, c: got.append(r), jobs=1,
                 spec="tests.gc_probe:process")
    assert sorted(r.status for r in got) == ["ok", "ok"]
    seen = [json.loads(r.error.removeprefix(gc_probe.PREFIX)) for r in got]
    assert len(seen) == 2
    for state in seen:
        # the stages' modules, templates and division table: tens of thousands of objects
        assert state["frozen"] > 10_000
        assert state["threshold"][0] == YOUNG_OBJECTS_BEFORE_COLLECTION > 700


_CYCLES = r"""
import gc, sys, weakref
from pipeline.extract.worker import YOUNG_OBJECTS_BEFORE_COLLECTION, settle_collector
settle_collector()

class Node:
    def __init__(self):
        self.me = self  # a reference cycle: reference counting never frees it
        self.payload = bytearray(1024)

alive = 0
def gone():
    global alive
    alive -= 1

made = 50 * YOUNG_OBJECTS_BEFORE_COLLECTION
for _ in range(made):
    n = Node()
    weakref.finalize(n, gone)
    alive += 1
    del n
print(alive, made)
"""


def test_cyclic_garbage_is_still_collected_after_the_collector_is_settled():
    out = subprocess.run([sys.executable, "-c", _CYCLES], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(ROOT)})
    alive, made = map(int, out.stdout.split())
    # without explicit gc.collect: the young collections free them as they go
    assert made == 50 * YOUNG_OBJECTS_BEFORE_COLLECTION
    assert alive < 4 * YOUNG_OBJECTS_BEFORE_COLLECTION
