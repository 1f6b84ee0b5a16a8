"""Walking inputs: order, paths, sidecars, duplicates, and files that misbehave while listed."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from pipeline.extract.batch import run_isolated
from pipeline.extract.ingest import InputError, scan_inputs
from tests import badinputs as bad
from tests.batch_util import CORPUS, HANG_GUARD_S, ROOT, SEED, cli_env


def test_order_paths_sidecars_and_duplicates(tmp_path):
    inp = tmp_path / "in"
    bad.write(inp / "b" / "z.txt", b"same bytes")
    bad.write(inp / "a.txt", b"same bytes")
    bad.write(inp / "c.txt", b"other")
    bad.write(inp / "c.txt.meta.json", b'{"agency": "A", "year": 2021}')
    bad.write(inp / "a.txt.meta.json", b"{not json")
    bad.write(inp / ".hidden.txt", b"skipped")
    scan = scan_inputs([inp, SEED])
    assert [d.source_path for d in scan.docs] == [".hidden.txt", "a.txt", "c.txt", SEED.name]
    hidden, a, c, seed = scan.docs
    assert hidden.problem and "hidden file" in hidden.problem and hidden.problem_status == "failed"
    assert a.duplicate_paths == ["a.txt", "b/z.txt"] and c.duplicate_paths == []
    assert c.meta == {"agency": "A", "year": 2021} and a.meta is None
    assert any("a.txt.meta.json" in w and "not valid JSON" in w for w in scan.warnings)
    import hashlib
    assert a.report_id == hashlib.sha256(b"same bytes").hexdigest()[:16]


def test_missing_input_is_fatal(tmp_path):
    with pytest.raises(InputError, match="input not found"):
        scan_inputs([tmp_path / "nope"])


def _one(results):
    assert len(results) == 1
    return results[0][1]


def test_file_vanishing_between_listing_and_reading(tmp_path):
    bad.write(tmp_path / "a.txt", SEED.read_bytes())
    docs = scan_inputs([tmp_path]).docs
    (tmp_path / "a.txt").unlink()
    got = []
    run_isolated(docs, lambda d, r, c: got.append((d, r, c)), jobs=1)
    r = _one(got)
    assert r.status == "failed" and "disappeared during the run" in r.error and not got[0][2]


def test_file_changing_between_listing_and_reading(tmp_path):
    bad.write(tmp_path / "a.txt", SEED.read_bytes())
    docs = scan_inputs([tmp_path]).docs
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes() + b"\nappended\n")
    got = []
    run_isolated(docs, lambda d, r, c: got.append((d, r, c)), jobs=1)
    r = _one(got)
    assert r.status == "failed" and "changed during the run" in r.error


def test_file_vanishing_while_listed(tmp_path, monkeypatch):
    """Deleted after the folder listing, before it was hashed."""
    import pipeline.extract.ingest as ingest

    bad.write(tmp_path / "a.txt", b"x")
    real_hash = ingest._hash_entry

    def vanish_first(entry, *rest):
        os.unlink(entry.path)
        return real_hash(entry, *rest)

    monkeypatch.setattr(ingest, "_hash_entry", vanish_first)
    [doc] = scan_inputs([tmp_path]).docs
    assert "disappeared" in doc.problem


def _drop_root_file_powers() -> None:
    """Runs in the child before exec: remove CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH from the
    bounding set, so even uid 0 obeys file permissions (PR_CAPBSET_DROP)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses Linux capabilities when root")
def test_unreadable_file_and_folder(tmp_path):
    """chmod 000 does not stop root, so as root the run drops its file-permission override."""
    inp = tmp_path / "in"
    bad.write(inp / "locked.txt", SEED.read_bytes())
    bad.write(inp / "private" / "inside.txt", SEED.read_bytes())
    bad.write(inp / "ok.txt", (CORPUS / "b-01-lucheng.txt").read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(inp / "locked.txt", 0)
    os.chmod(inp / "private", 0)
    kw = {"preexec_fn": _drop_root_file_powers} if os.geteuid() == 0 else {}
    try:
        proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(out),
                               "--quiet", "-j", "1"], cwd=ROOT, env=cli_env(), capture_output=True,
                              text=True, timeout=HANG_GUARD_S, **kw)
    finally:
        os.chmod(inp / "private", 0o755)
        os.chmod(inp / "locked.txt", 0o644)
    assert proc.returncode == 0, proc.stderr
    rep = pd.read_parquet(out / "reports.parquet").set_index("source_path")
    assert rep.loc["locked.txt", "status"] == "failed"
    assert rep.loc["locked.txt", "error"] == "the file cannot be read (permission denied)"
    assert rep.loc["private", "status"] == "failed"
    assert "folder cannot be listed (permission denied)" in rep.loc["private", "error"]
    assert rep.loc["ok.txt", "status"] in ("ok", "partial") and rep.loc["ok.txt", "n_facts"] > 0
    shutil.rmtree(out)


def test_output_and_lock_are_skipped_through_links(tmp_path):
    """The walk resolves real paths for links only (a plain child's real path is its folder's
    plus its name): the output folder, a link to it, and the lock beside it are skipped, also
    when the input itself is reached through a link; a link to a document is still read."""
    real_in = tmp_path / "real-in"
    bad.write(real_in / "a.txt", b"a report")
    bad.write(real_in / "out" / "reports.parquet", b"ours")
    bad.write(real_in / ".out.zfxxgk.lock", b"")
    (real_in / "out-again").symlink_to(real_in / "out")
    bad.write(tmp_path / "elsewhere" / "b.txt", b"b report")
    (real_in / "b-link.txt").symlink_to(tmp_path / "elsewhere" / "b.txt")
    (tmp_path / "in").symlink_to(real_in)
    scan = scan_inputs([tmp_path / "in"], exclude=[real_in / "out", real_in / ".out.zfxxgk.lock"])
    assert [(d.source_path, d.problem) for d in scan.docs] == [("a.txt", None), ("b-link.txt", None)]
    assert isinstance(scan.docs[0].path, str)
