"""Makes ``parsers/ocr/calibration.npz``: the recogniser's real inputs while reading scans,
the calibration set of the int8 recogniser (``parsers/ocr/quantize.py``).

Static int8 quantization needs each layer's activation range on inputs like the ones it
will see; these are the exact tensors the reader feeds the network (number strips, cell
labels, prose lines) while reading generated scans of seeds that no test or bench uses.
Stored as uint8 (one grey channel; the network's three are copies), every ``STEP``-th
input, so the file stays small.  Re-run after a change to the crops' geometry:

    .venv/bin/python -m tests.ocr_calibration
"""
from __future__ import annotations

import pathlib

import numpy as np

SEEDS = (30001, 30002)  # not used by any test or by the bench
STEP = 6
OUT = pathlib.Path(__file__).resolve().parents[1] / "parsers" / "ocr" / "calibration.npz"


def network_inputs(seeds: tuple[int, ...] = SEEDS) -> list[np.ndarray]:
    """Every input tensor the recogniser gets while the pipeline reads the scans."""
    from parsers.ocr import engine, quantize
    from parsers.ocr.engine import Recognizer
    from parsers.ocr.model import fused_model
    from pipeline.process import process_document
    from tests.pdfgen import generate
    from tests.scangen import scanned_pdf

    seen: list[np.ndarray] = []
    run = Recognizer._run

    def recording(self, batch: np.ndarray, exact: bool) -> np.ndarray:
        seen.append(batch.copy())
        return run(self, batch, True)  # the float model's readings decide what is read next

    Recognizer._run = recording  # type: ignore[method-assign]
    int8 = quantize.int8_model
    quantize.int8_model = lambda: fused_model()[0]  # no int8 model yet: it is made from these
    engine.recognizer.cache_clear()
    try:
        for seed in seeds:
            process_document(scanned_pdf(generate(seed).pdf, seed), source_path="calibration.pdf")
    finally:
        Recognizer._run = run  # type: ignore[method-assign]
        quantize.int8_model = int8
        engine.recognizer.cache_clear()
    return seen


def main() -> None:
    inputs = network_inputs()[::STEP]
    arrays = {f"x{i:03d}": np.round((x[0, 0] + 1.0) * 127.5).clip(0, 255).astype(np.uint8)
              for i, x in enumerate(inputs)}
    np.savez_compressed(OUT, **arrays)
    print(f"{len(arrays)} inputs, {OUT.stat().st_size} bytes -> {OUT}")


if __name__ == "__main__":
    main()
