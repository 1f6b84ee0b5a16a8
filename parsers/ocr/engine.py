"""Text-line recognition with the PP-OCR model that ships inside rapidocr-onnxruntime.

Only the recognition network is used: page layout (rulings, cells, lines) comes from the
image itself (:mod:`.rulings`, :mod:`.boxes`), which is what makes lone digits in table
cells readable (full-page detection drops them) and keeps a page near a second on one core.
The CTC output is decoded here rather than by rapidocr's helper so that a value cell can be
decoded over digits only and its confidence is the weakest character's probability.
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .params import OCR

DIGITS = frozenset("0123456789")
VALUE_CHARS = DIGITS | frozenset(".,-—/%无")


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model read in one crop; ``confidence`` is the least sure character's probability."""

    text: str
    confidence: float


class Recognizer:
    """Two ONNX sessions of the same network (one thread each: a worker process is one
    document on one core): the int8 recogniser reads every crop first, the float one reads
    again what the int8 one was unsure of (:mod:`.quantize`)."""

    def __init__(self) -> None:
        from .model import fused_model
        from .quantize import int8_model

        model, _ = fused_model()
        self.exact = _session(model, OCR.float_pointwise_batch)
        del model
        self.fast = _session(int8_model())
        self.input = self.exact.get_inputs()[0].name
        meta = self.exact.get_modelmeta().custom_metadata_map
        chars = meta["character"].splitlines()
        self.charset = ["<blank>"] + chars + [" "]
        self.digit_ids = np.array([i for i, c in enumerate(self.charset) if c in VALUE_CHARS])
        self._lock = threading.Lock()

    def _run(self, batch: np.ndarray, exact: bool) -> np.ndarray:
        """The network's per-time-step probabilities for one 1×3×H×W input."""
        with self._lock:
            return (self.exact if exact else self.fast).run(None, {self.input: batch})[0][0]

    def read(self, crops: list[np.ndarray], exact: bool = False) -> list[tuple[Reading, Reading]]:
        """Read grey crops (dark text on white), one network call each.

        Each crop gives two readings of the same network output: over every character, and
        over digits and blank marks only (what a value cell may hold).  Crops are not
        batched: the network's cost is linear in the input width, so a batch saves no work
        but pays for padding every member to the widest, and on one core a batch's larger
        activations ran ~25 % slower per column than the same crops one by one.  ``exact``:
        the float model instead of the int8 one."""
        out: list[tuple[Reading, Reading]] = []
        for crop in crops:
            probs = self._run(_tensor(crop), exact)
            out.append((self._decode(probs, False), self._decode(probs, True)))
        return out

    def read_strip(self, crops: list[np.ndarray], exact: bool = False) -> list[tuple[Reading, Reading]]:
        """Read short crops (lone numbers, one or two glyphs) side by side as one line.

        A line recogniser is unsure of a glyph seen alone; set in a row with its neighbours,
        as in a printed table row, it reads them surely.  Each emitted character is given
        back to the crop under its time step, so every crop keeps its own reading."""
        out: list[tuple[Reading, Reading]] = []
        for start in range(0, len(crops), OCR.strip_cells):
            out.extend(self._strip(crops[start:start + OCR.strip_cells], exact))
        return out

    def _strip(self, crops: list[np.ndarray], exact: bool) -> list[tuple[Reading, Reading]]:
        import cv2

        h = OCR.rec_height
        gap = int(OCR.strip_gap * h)
        parts: list[np.ndarray] = [np.full((h, gap), 255, np.uint8)]
        spans: list[tuple[int, int]] = []
        x = gap
        for c in crops:
            w = max(1, int(round(c.shape[1] * h / max(c.shape[0], 1))))
            parts.append(cv2.resize(c, (w, h), interpolation=cv2.INTER_LINEAR))
            parts.append(np.full((h, gap), 255, np.uint8))
            spans.append((x - gap // 2, x + w + gap // 2))
            x += w + gap
        strip = np.concatenate(parts, axis=1)
        batch = np.repeat((strip.astype(np.float32) / 127.5 - 1.0)[None, None], 3, axis=1)
        probs = self._run(batch, exact)
        step = strip.shape[1] / probs.shape[0]
        out = []
        for value in (False, True):
            chars = self._decode_steps(probs, value)
            per: list[list[tuple[str, float]]] = [[] for _ in crops]
            for ch, t, p in chars:
                cx = (t + 0.5) * step
                k = min(range(len(spans)), key=lambda i: 0 if spans[i][0] <= cx < spans[i][1]
                        else min(abs(cx - spans[i][0]), abs(cx - spans[i][1])))
                per[k].append((ch, p))
            out.append([Reading("".join(c for c, _ in cs).strip(), min((p for _, p in cs), default=0.0))
                        for cs in per])
        return list(zip(out[0], out[1]))

    def _decode_steps(self, probs: np.ndarray, value: bool) -> list[tuple[str, int, float]]:
        """Greedy CTC → (character, time step, probability)."""
        if value:
            # a value cell holds only these: letters that look like digits (o, l) say
            # nothing about which digit it is, so the probability is taken among them
            keep = np.concatenate(([0], self.digit_ids))
            sub = probs[:, keep]
            ids = keep[sub.argmax(axis=1)]
            best = sub.max(axis=1) / np.maximum(sub.sum(axis=1), 1e-9)
        else:
            ids = probs.argmax(axis=1)
            best = probs.max(axis=1)
        out: list[tuple[str, int, float]] = []
        prev = -1
        for t, i in enumerate(ids):
            if i != prev and i != 0:
                out.append((self.charset[i], t, float(best[t])))
            prev = i
        return out

    def _decode(self, probs: np.ndarray, value: bool) -> Reading:
        """Greedy CTC of one crop; confidence = the least sure emitted character."""
        chars = self._decode_steps(probs, value)
        return Reading("".join(c for c, _, _ in chars).strip(), min((p for _, _, p in chars), default=0.0))


def _session(model: bytes, pointwise_batch: int | None = None):
    """A one-thread session; ``pointwise_batch``: how many input channels onnxruntime's NCHWc
    1×1 convolution adds up per pass (MLAS's own default when None)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = OCR.threads
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 4
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # the memory arena: buffers are reused from crop to crop instead of allocated and freed
    # per operator (~5 % of a scan's CPU time on an AVX2 EPYC, the same outputs bit for bit,
    # tests/test_ocr_model.py).  Its cost, measured over three 4-5 page scans in a worker:
    # peak resident 347 against 353 MB, peak address space 1005 against 1003 MB, and ~15 MB
    # more kept between documents.  No memory pattern: crops differ in width, and a pattern
    # is planned per input shape.
    opts.enable_cpu_mem_arena = True
    opts.enable_mem_pattern = False
    opts.add_session_config_entry("session.set_denormal_as_zero", "1")  # tiny activations cost no slow path
    if pointwise_batch is not None:
        opts.add_session_config_entry("mlas.nchwc_pointwise_conv_max_input_channel_batch", str(pointwise_batch))
    return ort.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"])


def _tensor(crop: np.ndarray) -> np.ndarray:
    """Resize to the model's height (keeping the aspect), scale to [-1, 1], pad with zeros
    (as rapidocr does) to at least ``min_rec_ratio`` heights wide: a 1×3×H×W batch."""
    import cv2

    h = OCR.rec_height
    w = max(1, int(math.ceil(h * crop.shape[1] / max(crop.shape[0], 1))))
    img = cv2.resize(crop, (w, h), interpolation=cv2.INTER_LINEAR)
    width = max(w, int(math.ceil(h * OCR.min_rec_ratio)), 8)
    out = np.zeros((1, 3, h, width), dtype=np.float32)
    out[0, :, :, :w] = (img.astype(np.float32) / 127.5 - 1.0)[None]
    return out


@lru_cache(maxsize=1)
def recognizer() -> Recognizer:
    """One pair of sessions per process, loaded on first use (about 0.5 s once the int8
    model is in its cache)."""
    return Recognizer()
