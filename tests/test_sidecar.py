"""The sidecar reader: a scraper's sidecar passes whole; each bad field is dropped and named."""
from __future__ import annotations

import json
import os

import pytest

from pipeline.extract.sidecar import FIELDS, MAX_BYTES, read_sidecar

GOOD = {
    "url": "https://www.example.gov.cn/zwgk/2024/0115/report.pdf", "site": "某市人民政府门户网站",
    "region": "330902", "title": "2023年政府信息公开工作年度报告", "agency": "舟山市定海区人民政府",
    "year": 2023, "published": "2024-01-15", "fetched_at": "2024-05-01T08:00:00Z",
    "sha256": "a" * 64, "content_type": "application/pdf", "etag": '"5e1f-61a2"',
    "last_modified": "Wed, 21 Oct 2015 07:28:00 GMT",
}


def _side(tmp_path, content: bytes | str):
    doc = tmp_path / "r.pdf"
    doc.write_bytes(b"%PDF-1.4")
    (tmp_path / "r.pdf.meta.json").write_bytes(content.encode() if isinstance(content, str) else content)
    return read_sidecar(doc)


def test_the_scrapers_sidecar_passes_whole(tmp_path):
    side = _side(tmp_path, json.dumps(GOOD, ensure_ascii=False))
    assert side.meta == GOOD and side.notes == [] and set(FIELDS) == set(GOOD)


@pytest.mark.parametrize("name, value", [
    ("url", 12345), ("url", "ftp://example.gov.cn/x"), ("url", "file:///etc/passwd"), ("url", "http://"),
    ("site", ["a"]), ("region", "12345"), ("region", 110105), ("region", "000000"), ("title", "题" * 501),
    ("agency", "局" * 101), ("agency", "局\u0000"), ("year", 1900), ("year", 99999), ("year", "2023"),
    ("year", 2023.0), ("year", True), ("published", "yesterday"), ("fetched_at", 20240101),
    ("sha256", "abc"), ("content_type", {"a": 1}), ("etag", "e" * 201), ("last_modified", ""),
])
def test_a_bad_field_is_dropped_and_named(tmp_path, name, value):
    side = _side(tmp_path, json.dumps({**GOOD, name: value}, ensure_ascii=False))
    assert name not in side.meta
    assert {k: v for k, v in GOOD.items() if k != name} == side.meta
    assert len(side.notes) == 1 and f"sidecar field {name} ignored" in side.notes[0], side.notes


def test_lone_surrogate_is_not_text(tmp_path):
    side = _side(tmp_path, '{"agency": "\\ud800局", "site": "s"}')
    assert side.meta == {"site": "s"} and "agency" in side.notes[0]


def test_nan_and_infinity_are_no_values(tmp_path):
    side = _side(tmp_path, '{"year": NaN, "agency": Infinity, "site": "s"}')
    assert side.meta == {"site": "s"} and len(side.notes) == 2


@pytest.mark.parametrize("content, why", [
    (b"[" * 100_000 + b"]" * 100_000, "larger than"), (b"[" * 30_000 + b"]" * 30_000, "nested too deeply"),
    (b"{not json", "not valid JSON"), (b"[1, 2]", "not a JSON object"), (b"\xff\xfe{}", "not valid JSON"),
    (b" " * (MAX_BYTES + 1), "larger than"),
])
def test_an_unusable_sidecar_is_ignored_with_a_sentence(tmp_path, content, why):
    side = _side(tmp_path, content)
    assert side.found and side.meta is None and why in side.notes[0], side.notes


def test_special_files_are_never_read(tmp_path):
    doc = tmp_path / "r.pdf"
    doc.write_bytes(b"%PDF-1.4")
    os.mkfifo(tmp_path / "r.pdf.meta.json")
    assert "not a regular file" in read_sidecar(doc).notes[0]
    os.unlink(tmp_path / "r.pdf.meta.json")
    os.symlink("/dev/zero", tmp_path / "r.pdf.meta.json")
    assert "not a regular file" in read_sidecar(doc).notes[0]


def test_no_sidecar(tmp_path):
    doc = tmp_path / "r.pdf"
    doc.write_bytes(b"%PDF-1.4")
    side = read_sidecar(doc)
    assert not side.found and side.meta is None and side.notes == []
