"""qa/index.html: self-contained (no scripts, no remote anything) and rendered by headless Chromium
with its charts visible in the screenshot."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from PIL import Image

from tests.release_util import BASE, make_output, release
from tests.batch_util import HANG_GUARD_S

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTH, HEIGHT = 1100, 4000


@pytest.fixture(scope="module")
def qa_page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("qa")
    out = make_output(tmp, BASE, "out")
    release(out, "0.9.0", tmp / "releases")
    return tmp, tmp / "releases" / "zfxxgk-0.9.0" / "qa" / "index.html"


def test_page_is_self_contained(qa_page):
    _, page = qa_page
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") >= 4
    assert "<script" not in html.lower() and "@import" not in html and "@font-face" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", html)
    for heading in ("Coverage by reporting year", "Coverage by region", "Status", "Checks by identity",
                    "Reports with the most failed checks", "Why reports are partial", "Distributions"):
        assert heading in html, heading


def _ink_bands(png) -> list[tuple[int, int]]:
    """Vertical bands of the screenshot holding coloured (chart) pixels; text and rules are grey."""
    img = Image.open(png).convert("RGB")
    w, h = img.size
    px = img.load()
    rows = []
    for y in range(h):
        coloured = sum(1 for x in range(0, w, 2) if max(px[x, y]) - min(px[x, y]) > 80)
        rows.append(coloured >= 4)
    bands, start, gap = [], None, 0
    for y, ink in enumerate(rows + [False] * 40):
        if ink:
            start = y if start is None else start
            gap = 0
        elif start is not None:
            gap += 1
            if gap > 30:
                bands.append((start, y - gap))
                start, gap = None, 0
    return [b for b in bands if b[1] - b[0] > 40]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is installed by .ci/run (apt-get install -y chromium)")
def test_page_renders_its_charts_in_headless_chromium(qa_page):
    tmp, page = qa_page
    shot = tmp / "qa.png"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
           f"--user-data-dir={tmp / 'chromium-profile'}", f"--window-size={WIDTH},{HEIGHT}",
           f"--screenshot={shot}", page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=HANG_GUARD_S)
    assert shot.exists(), proc.stderr[-2000:]
    bands = _ink_bands(shot)
    # year coverage, status, checks by identity, and the histograms: at least four charts drawn
    assert len(bands) >= 4, bands
    assert all(b[1] - b[0] > 60 for b in bands[:3]), bands


def test_partial_reasons_fold_lists_and_numbers_but_keep_words():
    from pipeline.release.qa import partial_reasons

    reports = [
        {"status": "partial", "error": "table 三 (依申请公开): 15 row(s) not found (requests.a, requests.b, …); "
                                       "table 四 (复议诉讼) not found"},
        {"status": "partial", "error": "table 三 (依申请公开): 2 row(s) not found (requests.c)"},
        {"status": "ok", "error": None},
        {"status": "failed", "error": "table 四 (复议诉讼) not found"},
    ]
    assert partial_reasons(reports) == {"table 三: N row(s) not found": 2, "table 四 not found": 1}
