"""A streamed ``extract`` run writes exactly the bytes of the all-at-once writer.

The mixed folder (TXT, HTML, PDF reports, a duplicate, junk, an empty file, a file in a
subfolder) is run through the real CLI (worker processes, results streamed to disk in
completion order with ``-j 2``); the reference is every document processed in this
process and written at once, sorted, by the writer as it was before streaming
(``tests.test_store_stream.reference_write``).
"""
from __future__ import annotations

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
        r = process_document(doc.path.read_bytes(), source_path=doc.source_path,
                             report_id=doc.report_id, meta=doc.meta)
        results.append(restamp(r, doc))
    reference_write(results, tmp_path / "ref", PARSER_VERSION)
    write_panel_outputs(tmp_path / "ref")  # agencies, panel, cross-year checks: read back, as extract does

    ref, streamed = _files(tmp_path / "ref"), _files(tmp_path / "out")
    assert len(ref) >= 4 and sum(len(v) for v in ref.values()) > 10_000
    assert streamed == ref
