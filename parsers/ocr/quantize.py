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

RECIPE = "conv-qdq-u8s8-perchannel-reducerange-minmax-se-float-2-scalesfolded-1"
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


def build(fold_scales: bool = True) -> bytes:
    """Quantize the fused float model (:func:`.model.fused_model`, affines not folded) with
    the calibration set; with ``fold_scales``, then :func:`fold_scalar_multiplies`."""
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
        data = pathlib.Path(out).read_bytes()
    return fold_scalar_multiplies(data)[0] if fold_scales else data


def fold_scalar_multiplies(data: bytes) -> tuple[bytes, int]:
    """The int8 model with the scalar multiplies between its convolutions moved into the
    dequantize and quantize scales, where that changes no output; and how many such runs.

    Between two int8 convolutions the model runs, per element, ``DequantizeLinear`` →
    ``Mul(a)`` → ``Add(b)`` → hard-swish → ``Mul(c)`` → ``Add(d)`` → ``QuantizeLinear``: the
    affine blocks, left unfolded because quantized after folding the model read fewer cells.
    ``a`` can go into the dequantize scale (``s·a``) and ``c`` into the quantize scale and
    shift (``Add(d/c)``, scale ``s/c``): two of the eight element-wise passes gone, ~10 % of
    the int8 model's time on an AVX2 EPYC.  Real arithmetic is unchanged but float rounding
    is not, so each run is kept folded only if onnxruntime, on this machine, gives the same
    uint8 output for every one of its 256 possible inputs (the whole run is a function of
    one uint8 value); otherwise it stays as quantized.  The model's outputs are then the
    unfolded model's bit for bit (checked in tests/test_ocr_model.py)."""
    import numpy as np
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load_from_string(data)
    graph = model.graph
    arrays = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    users: dict[str, list] = {}
    for n in graph.node:
        for name in n.input:
            users.setdefault(name, []).append(n)
    outputs = {o.name for o in graph.output}

    def sole(name: str, op: str):
        u = users.get(name, [])
        return u[0] if len(u) == 1 and u[0].op_type == op and name not in outputs else None

    def by_scalar(node, x: str) -> float | None:
        other = [i for i in node.input if i != x]
        if len(node.input) != 2 or len(other) != 1 or other[0] not in arrays or arrays[other[0]].size != 1:
            return None
        return float(arrays[other[0]].reshape(-1)[0])

    every = np.concatenate([np.arange(256), np.arange(255, 242, -1)]).astype(np.uint8)  # a vector's tail too

    def table(nodes: list, src: str, dst: str) -> np.ndarray:
        names = {i for n in nodes for i in n.input if i in arrays}
        sub = helper.make_graph(nodes, "run", [helper.make_tensor_value_info(src, TensorProto.UINT8, [every.size])],
                                [helper.make_tensor_value_info(dst, TensorProto.UINT8, [every.size])],
                                [numpy_helper.from_array(arrays[k], k) for k in sorted(names)])
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.log_severity_level = 4
        sub_model = helper.make_model(sub, opset_imports=[helper.make_opsetid("", 13)])
        session = ort.InferenceSession(sub_model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
        return session.run(None, {src: every})[0]

    def key(node) -> tuple[str, str]:
        return node.op_type, node.output[0]

    replace: dict[tuple[str, str], object] = {}
    drop: set[tuple[str, str]] = set()
    for dq in graph.node:
        if dq.op_type != "DequantizeLinear" or dq.input[0] in arrays or len(dq.input) < 2:
            continue
        mul = sole(dq.output[0], "Mul")
        a = by_scalar(mul, dq.output[0]) if mul is not None else None
        add = sole(mul.output[0], "Add") if a else None
        if add is None or by_scalar(add, mul.output[0]) is None:
            continue
        x = add.output[0]
        readers = users.get(x, [])
        gate = [n for n in readers if n.op_type == "HardSigmoid"]
        swish = [n for n in readers if n.op_type == "Mul"]
        if len(readers) != 2 or len(gate) != 1 or len(swish) != 1 or set(swish[0].input) != {x, gate[0].output[0]}:
            continue
        mul2 = sole(swish[0].output[0], "Mul")
        c = by_scalar(mul2, swish[0].output[0]) if mul2 is not None else None
        add2 = sole(mul2.output[0], "Add") if c else None
        d = by_scalar(add2, mul2.output[0]) if add2 is not None else None
        q = sole(add2.output[0], "QuantizeLinear") if d is not None else None
        if q is None or len(q.input) < 2 or x in outputs:
            continue
        run = [dq, mul, add, gate[0], swish[0], mul2, add2, q]
        tag = f"{dq.output[0]}__scales_folded"
        arrays[f"{tag}_dq"] = (arrays[dq.input[1]].astype(np.float32) * np.float32(a)).astype(np.float32)
        arrays[f"{tag}_q"] = (arrays[q.input[1]].astype(np.float32) / np.float32(c)).astype(np.float32)
        arrays[f"{tag}_d"] = np.array(np.float32(d) / np.float32(c), dtype=np.float32)
        new_dq = helper.make_node("DequantizeLinear", [dq.input[0], f"{tag}_dq", *dq.input[2:]], [mul.output[0]],
                                  name=f"{dq.name}__scaled")
        new_add2 = helper.make_node("Add", [swish[0].output[0], f"{tag}_d"], [add2.output[0]], name=f"{add2.name}__shifted")
        new_q = helper.make_node("QuantizeLinear", [add2.output[0], f"{tag}_q", *q.input[2:]], [q.output[0]],
                                 name=f"{q.name}__scaled")
        folded = [new_dq, add, gate[0], swish[0], new_add2, new_q]
        if not np.array_equal(table(folded, dq.input[0], q.output[0]), table(run, dq.input[0], q.output[0])):
            continue  # float rounding would change some uint8: this run stays as quantized
        replace.update({key(dq): new_dq, key(add2): new_add2, key(q): new_q})
        drop.update((key(mul), key(mul2)))
    nodes = [replace.get(key(n), n) for n in graph.node if key(n) not in drop]
    del graph.node[:]
    graph.node.extend(nodes)
    used = {name for n in graph.node for name in n.input}
    known = {t.name for t in graph.initializer}
    live = [t for t in graph.initializer if t.name in used]
    live += [numpy_helper.from_array(v, k) for k, v in arrays.items() if k in used and k not in known]
    del graph.initializer[:]
    graph.initializer.extend(live)
    return model.SerializeToString(), len(drop) // 2


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
