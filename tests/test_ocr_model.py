"""The recognition model as the OCR reader runs it: the in-memory hard-swish fusion and the
affine blocks folded into the convolutions keep the network's outputs (parsers/ocr/model.py)
to float rounding, so no reading changes with the speed-up."""
from __future__ import annotations

from collections import Counter

import numpy as np
import onnx
import onnxruntime as ort

from parsers.ocr.engine import _tensor
from parsers.ocr.model import fused_model, model_path
from tests.pdfgen import generate
from tests.scangen import scan_pages


def _session(model) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    return ort.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"])


def test_fused_model_reads_what_the_wheel_model_reads():
    fused, n = fused_model()
    assert n >= 20  # PP-OCRv4's hard-swish activations, each spelled out in four passes
    unfolded, _ = fused_model(fold=False)
    counts = {m: Counter(node.op_type for node in onnx.load_from_string(m).graph.node) for m in (fused, unfolded)}
    assert counts[fused]["Conv"] == counts[unfolded]["Conv"]
    assert counts[unfolded]["Mul"] - counts[fused]["Mul"] >= 50  # two affine blocks per convolution
    assert counts[unfolded]["Add"] - counts[fused]["Add"] >= 35  # (a padded one keeps its shift)
    page = np.asarray(scan_pages(generate(1).pdf, __import__("random").Random(1))[0].convert("L"))
    h, w = page.shape
    wheel = _session(str(model_path()))
    for band in (page[int(h * 0.08):int(h * 0.08) + 60, int(w * 0.1):int(w * 0.9)],  # the title area
                 page[int(h * 0.5):int(h * 0.5) + 50, int(w * 0.1):int(w * 0.9)]):  # a table row
        x = _tensor(band)
        a = wheel.run(None, {"x": x})[0]
        b = _session(unfolded).run(None, {"x": x})[0]
        c = _session(fused).run(None, {"x": x})[0]
        assert a.shape == b.shape == c.shape
        assert (a.argmax(-1) == b.argmax(-1)).all() and (a.argmax(-1) == c.argmax(-1)).all()
        assert float(np.abs(a - b).max()) < 1e-4
        assert float(np.abs(a - c).max()) < 1e-3  # weights rounded to float32 once more


def _decoded(probs: np.ndarray) -> list[int]:
    ids = probs.argmax(-1)
    return [int(i) for k, i in enumerate(ids) if i != 0 and (k == 0 or i != ids[k - 1])]


def test_int8_recogniser_is_made_once_the_same_and_reads_like_the_float_model(tmp_path, monkeypatch):
    """Built from the wheel's model and the shipped calibration set into the cache, under
    its hashed name; the same bytes as the cached copy others use (a re-build gives the same
    model); and it reads a title band and a row of a table like the float model."""
    from parsers.ocr import quantize

    shared = quantize.int8_model()  # the machine's cached copy (make builds it)
    monkeypatch.setenv(quantize.CACHE_ENV, str(tmp_path))
    quantize.int8_model.cache_clear()
    try:
        fresh = quantize.int8_model()
        assert (tmp_path / quantize.cache_name()).read_bytes() == fresh == shared
        assert [p.name for p in tmp_path.iterdir() if p.suffix == ".onnx"] == [quantize.cache_name()]
    finally:
        quantize.int8_model.cache_clear()
    page = np.asarray(scan_pages(generate(1).pdf, __import__("random").Random(1))[0].convert("L"))
    h, w = page.shape
    float_model, _ = fused_model()
    for band in (page[int(h * 0.08):int(h * 0.08) + 60, int(w * 0.1):int(w * 0.9)],
                 page[int(h * 0.5):int(h * 0.5) + 50, int(w * 0.1):int(w * 0.9)]):
        x = _tensor(band)
        a = _session(float_model).run(None, {"x": x})[0][0]
        b = _session(fresh).run(None, {"x": x})[0][0]
        assert a.shape == b.shape and _decoded(a) and _decoded(a) == _decoded(b)


def test_int8_recogniser_without_a_writable_cache_is_made_in_memory(tmp_path, monkeypatch):
    from parsers.ocr import quantize

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(quantize.CACHE_ENV, str(blocked / "cache"))
    monkeypatch.setattr(quantize, "build", lambda: b"model bytes")
    quantize.int8_model.cache_clear()
    try:
        assert quantize.int8_model() == b"model bytes"
    finally:
        quantize.int8_model.cache_clear()


def test_the_readers_sessions_give_the_outputs_of_plain_sessions():
    """The session options the reader sets (graph optimisation, denormals as zero, the memory
    arena, no memory pattern) are speed settings: the float and int8 models give the same
    outputs bit for bit as plain one-thread sessions without an arena, crop after crop of
    changing width."""
    from parsers.ocr.engine import _session as reader_session
    from parsers.ocr.quantize import int8_model

    page = np.asarray(scan_pages(generate(1).pdf, __import__("random").Random(1))[0].convert("L"))
    h, w = page.shape
    bands = [page[int(h * 0.08):int(h * 0.08) + 60, int(w * 0.1):int(w * 0.9)],
             page[int(h * 0.5):int(h * 0.5) + 50, int(w * 0.1):int(w * 0.5)],
             page[int(h * 0.5):int(h * 0.5) + 50, int(w * 0.1):int(w * 0.9)]]  # a wider crop after a narrower one
    for model in (fused_model()[0], int8_model()):
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.enable_cpu_mem_arena = False
        plain = ort.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"])
        fast = reader_session(model)
        for band in bands + bands[::-1]:
            x = _tensor(band)
            assert np.array_equal(fast.run(None, {"x": x})[0], plain.run(None, {"x": x})[0])


def test_float_model_with_its_pointwise_channel_batch_reads_what_the_default_reads():
    """The float model's session adds up the 1×1 convolutions' input channels in batches of
    ``OCR.float_pointwise_batch`` (a speed setting): other float rounding only — every time
    step's most likely character the same, probabilities within 1e-3 — on a title band, a
    table row and a lone number, crop after crop of changing width."""
    from parsers.ocr.engine import _session as reader_session
    from parsers.ocr.params import OCR

    page = np.asarray(scan_pages(generate(2).pdf, __import__("random").Random(2))[1].convert("L"))
    h, w = page.shape
    bands = [page[int(h * 0.08):int(h * 0.08) + 60, int(w * 0.1):int(w * 0.9)],
             page[int(h * 0.5):int(h * 0.5) + 50, int(w * 0.1):int(w * 0.9)],
             page[int(h * 0.5):int(h * 0.5) + 50, int(w * 0.6):int(w * 0.66)]]
    model = fused_model()[0]
    default, batched = reader_session(model), reader_session(model, OCR.float_pointwise_batch)
    for band in bands + bands[::-1]:
        x = _tensor(band)
        a, b = default.run(None, {"x": x})[0][0], batched.run(None, {"x": x})[0][0]
        assert a.shape == b.shape and (a.argmax(-1) == b.argmax(-1)).all()
        assert float(np.abs(a - b).max()) < 1e-3


def test_int8_scales_folded_give_the_quantized_models_outputs_bit_for_bit():
    """The scalar multiplies moved into the int8 model's quantize scales (quantize.py
    ``fold_scalar_multiplies``) leave every output as the model straight from quantization
    gives it, on a title band, a table row and a lone number."""
    from parsers.ocr import quantize

    plain = quantize.build(fold_scales=False)
    folded, runs = quantize.fold_scalar_multiplies(plain)
    assert runs >= 20  # one per hard-swish between two int8 convolutions
    counts = [Counter(n.op_type for n in onnx.load_from_string(m).graph.node)["Mul"] for m in (plain, folded)]
    assert counts[0] - counts[1] == 2 * runs
    assert folded == quantize.int8_model()  # what the reader runs (the cache holds the same bytes)
    page = np.asarray(scan_pages(generate(2).pdf, __import__("random").Random(2))[1].convert("L"))
    h, w = page.shape
    bands = [page[int(h * 0.08):int(h * 0.08) + 60, int(w * 0.1):int(w * 0.9)],
             page[int(h * 0.5):int(h * 0.5) + 50, int(w * 0.1):int(w * 0.9)],
             page[int(h * 0.5):int(h * 0.5) + 30, int(w * 0.8):int(w * 0.85)]]
    a, b = _session(plain), _session(folded)
    for band in bands:
        x = _tensor(band)
        assert np.array_equal(a.run(None, {"x": x})[0], b.run(None, {"x": x})[0])
