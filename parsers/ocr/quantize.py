"""The int8 recogniser: the wheel's PP-OCRv4 recognition model, statically quantized here.

The network's convolutions are ~60 % of its time, and onnxruntime runs int8 convolutions
(``QLinearConv``, from QDQ pairs) with the CPU's VNNI instructions: ~1.6× faster per page.
Weights use 7 of their 8 bits (``reduce_range``, u8s8): onnxruntime's AVX2 kernels without
VNNI add u8×s8 products in pairs into saturating 16-bit sums, so a full-range u8s8 model read
other numbers on such a CPU than on one with VNNI (the shared s2 scan lost a cell, a generated
scan's -3 came back as 3).  With 7-bit weights a pair sum (2 × 255 × 64) cannot saturate, so
every x86 kernel computes the same integers in the int8 convolutions — as
onnxruntime's quantization guide advises for these CPUs.  Unsigned weights (u8u8) would do the
same but ran the page 1.9× slower on an AVX2-only EPYC.  Only the convolutions are quantized (weights per channel, activations per tensor with
ranges from :data:`CALIBRATION`, onnxruntime's MinMax calibration); attention, layer norms
and the classifier stay float, which kept the readings closest to the float model's, and
so do the squeeze-excitation gates (1×1 convolutions of a pooled 1×1 map: no time to
save, and their tiny inputs give bias scales too small for int32).  The
int8 model reads first and the float model reads again whatever the int8 one was unsure
of (:mod:`.engine`, :mod:`.page`), so no cell is taken on the int8 model's weaker
confidence alone.

Made offline from the model inside the installed wheel (never downloaded): once per
machine, into :func:`cache_dir` (``make`` does it at install time; otherwise the first scan
read does, ~20 s, under a file lock so parallel workers build it once), written atomically
and named by a hash of everything that makes it, so a new wheel, onnxruntime or recipe gets
a new file.  Where the cache cannot be written it is built in memory for the process.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import pathlib
import tempfile
from functools import lru_cache

RECIPE = "conv-qdq-u8s8-perchannel-reducerange-minmax-se-float-2"
"""Changes whenever the quantization settings below change (part of the cache name)."""
CALIBRATION = pathlib.Path(__file__).with_name("calibration.npz")
"""The recogniser's real inputs while reading generated scans (``tests/ocr_calibration.py``)."""
CACHE_ENV = "ZFXXGK_MODEL_CACHE"


def cache_dir() -> pathlib.Path:
    """``$ZFXXGK_MODEL_CACHE``, else ``$XDG_CACHE_HOME/zfxxgk``, else ``~/.cache/zfxxgk``."""
    if os.environ.get(CACHE_ENV):
        return pathlib.Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return pathlib.Path(base) / "zfxxgk"


def cache_name() -> str:
    """The cached model's file name: a hash of the wheel's model, the calibration set, the
    recipe and the onnx/onnxruntime versions that quantize it."""
    import onnx
    import onnxruntime

    from .model import model_path

    h = hashlib.sha256()
    for part in (model_path().read_bytes(), CALIBRATION.read_bytes(), RECIPE.encode(),
                 onnx.__version__.encode(), onnxruntime.__version__.encode()):
        h.update(hashlib.sha256(part).digest())
    return f"ppocrv4-rec-int8-{h.hexdigest()[:16]}.onnx"


@lru_cache(maxsize=1)
def int8_model() -> bytes:
    """The int8 model's bytes: from the cache, else built (and cached where possible)."""
    folder = cache_dir()
    path = folder / cache_name()
    if path.is_file():
        return path.read_bytes()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = open(folder / ".lock", "a+b")
    except OSError:
        return build()  # a read-only home: the same model, made for this process only
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be building it right now
        if path.is_file():
            return path.read_bytes()
        data = build()
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".onnx")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError:
            pass  # disk full: keep the model in memory, try again next time
        return data


def build() -> bytes:
    """Quantize the fused float model (:func:`.model.fused_model`, affines not folded) with
    the calibration set."""
    import numpy as np
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    from .model import fused_model

    # from the graph before the affine blocks are folded: quantized after folding, the
    # int8 model read fewer cells of the generated scans (771 against 779 of 798)
    fused, _ = fused_model(fold=False)
    with np.load(CALIBRATION, allow_pickle=False) as z:
        inputs = [z[k] for k in sorted(z.files)]

    with tempfile.TemporaryDirectory(prefix="zfxxgk-quant-") as tmp:
        src, pre, out = (os.path.join(tmp, n) for n in ("fused.onnx", "pre.onnx", "int8.onnx"))
        model = onnx.load_from_string(fused)
        name = model.graph.input[0].name
        # per-channel weights need DequantizeLinear's axis, which opset 13 brought
        onnx.save(version_converter.convert_version(model, 13), src)
        keep_float = _excitation_convs(model)
        del model
        quant_pre_process(src, pre, skip_symbolic_shape=True)  # shapes and BN folding, as the docs advise

        class Reader(CalibrationDataReader):
            def __init__(self) -> None:
                self._it = iter(inputs)

            def get_next(self):
                grey = next(self._it, None)
                if grey is None:
                    return None
                x = grey.astype(np.float32) / 127.5 - 1.0
                return {name: np.repeat(x[None, None], 3, axis=1)}

        quantize_static(pre, out, Reader(), quant_format=QuantFormat.QDQ, op_types_to_quantize=["Conv"],
                        nodes_to_exclude=keep_float,
                        per_channel=True, reduce_range=True, activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                        extra_options={"CalibMaxIntermediateOutputs": 8})
        return pathlib.Path(out).read_bytes()


def _excitation_convs(model) -> list[str]:
    """The squeeze-excitation convolutions: fed by a global average pool, or by a Relu of one."""
    producer = {out: n for n in model.graph.node for out in n.output}
    gates: list[str] = []
    for n in model.graph.node:
        if n.op_type != "Conv":
            continue
        src = producer.get(n.input[0])
        if src is None:
            continue
        if src.op_type == "GlobalAveragePool":
            gates.append(n.name)
        elif src.op_type == "Relu" and src.input[0] in producer:
            first = producer[src.input[0]]
            if first.op_type == "Conv" and first.input[0] in producer \
                    and producer[first.input[0]].op_type == "GlobalAveragePool":
                gates.append(n.name)
    return gates


def main() -> None:
    """``python -m parsers.ocr.quantize``: build the cached model now (``make`` runs it)."""
    data = int8_model()
    print(f"int8 recogniser: {cache_dir() / cache_name()} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
