"""The recognition model as the OCR reader runs it: the in-memory hard-swish fusion keeps
the network's outputs (parsers/ocr/model.py), so no reading changes with the speed-up."""
from __future__ import annotations

import numpy as np
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
    page = np.asarray(scan_pages(generate(1).pdf, __import__("random").Random(1))[0].convert("L"))
    h, w = page.shape
    crop = page[int(h * 0.08):int(h * 0.08) + 60, int(w * 0.1):int(w * 0.9)]  # a band of the title area
    x = _tensor(crop)
    a = _session(str(model_path())).run(None, {"x": x})[0]
    b = _session(fused).run(None, {"x": x})[0]
    assert a.shape == b.shape
    assert (a.argmax(-1) == b.argmax(-1)).all()
    assert float(np.abs(a - b).max()) < 1e-4
