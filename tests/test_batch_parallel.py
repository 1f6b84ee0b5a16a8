"""-j N gives the same output as -j 1, down to the bytes of every file."""
from __future__ import annotations

import shutil

from pipeline.extract.runner import run_extract
from tests import badinputs as bad
from tests.batch_util import CORPUS, canonical, read_out


def test_parallel_equals_serial(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for p in sorted(CORPUS.glob("*.txt")):
        shutil.copy(p, inp / p.name)
    bad.write(inp / "z/empty.txt", b"")
    bad.write(inp / "z/junk.txt", bytes(range(256)) * 10)
    outs = {j: tmp_path / f"j{j}" for j in (1, 2, 3)}
    for j, out in outs.items():
        run_extract([inp], out, jobs=j, timeout=60, max_memory_mb=1024)
    a, b, c = (canonical(read_out(out)) for out in outs.values())
    assert a == b == c
    assert len(a["reports"]) == len(list(CORPUS.glob("*.txt"))) + 2 and a["facts"]
    files = sorted(p.relative_to(outs[1]) for p in outs[1].rglob("*.parquet"))
    assert files == sorted(p.relative_to(outs[2]) for p in outs[2].rglob("*.parquet"))
    for rel in files:
        assert (outs[1] / rel).read_bytes() == (outs[2] / rel).read_bytes(), rel
