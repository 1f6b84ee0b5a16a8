"""A streamed ``extract`` run writes exactly the bytes of the all-at-once writer.

The mixed folder (TXT, HTML, PDF reports, a duplicate, junk, an empty file, a file in a
subfolder) is run through the real CLI (worker processes, results streamed to disk in
completion order with ``-j 2``); the reference is every document processed in this
process and written at once, sorted, by the writer as it was before streaming
(``tests.test_store_stream.reference_write``).
"""
from __future__ import annotations

from pathlib import Path

from pipeline import PARSER_VERSION
from pipeline.agencies.postpass import write_panel_outputs
from pipeline.extract.failures import failed_result
from pipeline.extract.ingest import scan_inputs
from pipeline.extract.runner import restamp
from pipeline.process import process_document
from tests import badinputs as bad
from tests.batch_util import CORPUS, ROOT, SEED, extract
from tests.test_store_stream import reference_write

FULL = ROOT.parent / "shared" / "corpus-full"


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.parquet"))}


def test_streamed_run_equals_the_sorted_all_at_once_output(tmp_path):
    inp = tmp_path / "in"
    for src in sorted(CORPUS.glob("*.txt"))[:6] + sorted(CORPUS.glob("*.pdf"))[:1] + sorted(FULL.glob("*.html")):
        bad.write(inp / src.name, src.read_bytes())
    bad.write(inp / "sub" / "again-seed.txt", SEED.read_bytes())
    bad.write(inp / "junk.bin", bytes(range(256)) * 50)
    bad.write(inp / "empty.txt", b"")
    extract(inp, tmp_path / "out", "-j", "2")

    results = []
    for doc in scan_inputs([inp]).docs:
        if doc.problem:
            results.append(failed_result(doc.report_id, doc.source_path, doc.problem))
            continue
        r = process_document(Path(doc.path).read_bytes(), source_path=doc.source_path,
                             report_id=doc.report_id, meta=doc.meta)
        results.append(restamp(r, doc))
    reference_write(results, tmp_path / "ref", PARSER_VERSION)
    write_panel_outputs(tmp_path / "ref")  # agencies, panel, cross-year checks: read back, as extract does

    ref, streamed = _files(tmp_path / "ref"), _files(tmp_path / "out")
    assert len(ref) >= 4 and sum(len(v) for v in ref.values()) > 10_000
    assert streamed == ref


def test_files_above_the_row_group_cap_are_the_same_bytes_on_a_re_run(tmp_path):
    """Above the byte cap (here 4,000 bytes, set with ZFXXGK_ROW_GROUP_BYTES) files have
    several row groups; a re-run with another -j, and a run whose documents mostly come
    from the cache (converted in the main process, not in a worker), give the same bytes."""
    import pyarrow.parquet as pq

    from tests.batch_util import cli_env, run_cli

    inp = tmp_path / "in"
    for src in sorted(CORPUS.glob("*.txt"))[:5] + sorted(FULL.glob("*.html"))[:1]:
        bad.write(inp / src.name, src.read_bytes())
    env = cli_env(ZFXXGK_ROW_GROUP_BYTES="4000")
    extract(inp, tmp_path / "a", "-j", "2", env=env)
    first = _files(tmp_path / "a")
    groups = {name: pq.ParquetFile(tmp_path / "a" / name).num_row_groups for name in first}
    assert groups["reports.parquet"] > 1 and sum(groups.values()) > len(groups) + 3, groups
    extract(inp, tmp_path / "a", "-j", "1", "--force", env=env)
    assert _files(tmp_path / "a") == first

    last = sorted(inp.iterdir())[-1]
    kept = last.read_bytes()
    last.unlink()
    extract(inp, tmp_path / "b", "-j", "2", env=env)  # every document but one parsed and cached
    last.write_bytes(kept)
    extract(inp, tmp_path / "b", "-j", "2", env=env)  # those from the cache, the last one parsed
    assert _files(tmp_path / "b") == first

    proc = run_cli("extract", inp, "--out", tmp_path / "c", check=False,
                   env=cli_env(ZFXXGK_ROW_GROUP_BYTES="lots"))
    assert proc.returncode == 2 and "ZFXXGK_ROW_GROUP_BYTES must be a whole number" in proc.stderr
