"""Re-runs reuse unchanged documents; --force, removals, renames and edits are reflected.

Runs in-process (``run_extract``, the function behind the CLI) so the counters of parsed
and cached documents can be read directly; workers are still separate processes.
"""
from __future__ import annotations

import json
import shutil

import pytest

from pipeline.extract.runner import run_extract
from tests import badinputs as bad
from tests.batch_util import CORPUS, canonical, read_out, report

DOCS = ["seed-zhongning-gxj-2023.txt", "b-01-lucheng.txt", "c-20-haizhu-guanzhou.txt", "a-14-yelang-tongzi.txt"]


def run(inp, out, force=False, jobs=2) -> tuple[int, int]:
    s = run_extract([inp], out, jobs=jobs, force=force, timeout=60, max_memory_mb=1024)
    assert s.documents == s.parsed + s.cached
    return s.parsed, s.cached


@pytest.fixture()
def tree(tmp_path):
    inp = tmp_path / "in"
    for name in DOCS:
        bad.write(inp / name, (CORPUS / name).read_bytes())
    bad.write(inp / "junk.txt", bytes(range(256)) * 40)
    return inp, tmp_path / "out"


def clean_run(inp, tmp_path) -> dict:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    run(inp, fresh, jobs=1)
    return canonical(read_out(fresh))


def test_rerun_skips_unchanged_and_force_reparses(tree):
    inp, out = tree
    assert run(inp, out) == (5, 0)
    first = canonical(read_out(out))
    files = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.parquet")}
    assert run(inp, out) == (0, 5)
    assert canonical(read_out(out)) == first
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*.parquet")} == files
    assert run(inp, out, force=True) == (5, 0)
    assert canonical(read_out(out)) == first


def test_removed_renamed_edited_documents(tree, tmp_path):
    inp, out = tree
    run(inp, out)
    gone = report(read_out(out), "b-01-lucheng.txt")["report_id"]
    (inp / "b-01-lucheng.txt").unlink()
    assert run(inp, out) == (0, 4)
    frames = read_out(out)
    for name, df in frames.items():
        assert gone not in set(df.report_id), name
    assert not any(p.name.startswith(gone) for p in (out / ".cache").iterdir())  # cache pruned

    (inp / "sub").mkdir()
    shutil.move(inp / "c-20-haizhu-guanzhou.txt", inp / "sub" / "haizhu.txt")
    assert run(inp, out) == (0, 4)
    frames = read_out(out)
    rid = report(frames, "sub/haizhu.txt")["report_id"]
    assert set(frames["facts"][frames["facts"].report_id == rid].source_path) == {"sub/haizhu.txt"}

    path = inp / "a-14-yelang-tongzi.txt"
    path.write_bytes(path.read_bytes() + "\n附：联系人 张三\n".encode())
    assert run(inp, out) == (1, 3)
    (inp / "seed-zhongning-gxj-2023.txt.meta.json").write_text(
        json.dumps({"agency": "测试局", "year": 2022}), encoding="utf-8")
    assert run(inp, out) == (1, 3)
    frames = read_out(out)
    row = report(frames, "seed-zhongning-gxj-2023.txt")
    assert (row["agency"], row["year"]) == ("测试局", 2022)
    assert canonical(frames) == clean_run(inp, tmp_path)


def test_damaged_cache_entry_is_a_miss(tree):
    inp, out = tree
    run(inp, out)
    first = canonical(read_out(out))
    entries = sorted((out / ".cache").glob("*.json"))
    assert len(entries) == 5
    entries[0].write_bytes(entries[0].read_bytes()[:20])
    assert run(inp, out) == (1, 4)
    assert canonical(read_out(out)) == first
