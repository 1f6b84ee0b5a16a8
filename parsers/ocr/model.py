"""The PP-OCRv4 recognition model from the rapidocr-onnxruntime wheel, made cheaper to run.

The exported graph spells each hard-swish activation out as four element-wise passes,
``x * clip(x + 3, 0, 6) / 6``, and onnxruntime fuses none of them: they take about a
quarter of the model's time.  ``HardSigmoid(x; α = 1/6, β = 1/2)`` is exactly
``clip(x + 3, 0, 6) / 6``, so each group becomes ``x * HardSigmoid(x)`` — two passes, the
same opset (12) and the same outputs to float rounding (checked in the tests).  The
rewrite uses the ``onnx`` package and happens in memory when a worker loads the model; the
wheel's file is never changed.

PP-LCNetV3 also wraps every activation in a learnable affine block, ``a · x + b`` with
scalar ``a`` and ``b`` (a Mul and an Add each, before and after the hard-swish): another
four element-wise passes over every feature map, a fifth of the model's time.  They are
linear, so :func:`fold_affines` moves them into the convolutions beside them — before the
activation into the convolution that feeds it (``W·a``, ``B·a + b``), after it into the
next convolution (a 1×1 one takes the whole affine; a padded depthwise one takes ``a``,
and ``b / a`` stays as one Add so that the zero padding still pads the same values).  The
same function in exact arithmetic; float rounding only (checked in the tests).
"""
from __future__ import annotations

from pathlib import Path


def model_path() -> Path:
    """The recognition model shipped inside the rapidocr-onnxruntime wheel (no download)."""
    import rapidocr_onnxruntime

    return Path(rapidocr_onnxruntime.__file__).parent / "models" / "ch_PP-OCRv4_rec_infer.onnx"


def fused_model(path: Path | None = None, fold: bool = True) -> tuple[bytes, int]:
    """The model's bytes with every spelled-out hard-swish fused (and, with ``fold``, the
    affine blocks folded into the convolutions); and how many hard-swishes were fused."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(path or model_path()))
    graph = model.graph
    producer = {out: n for n in graph.node for out in n.output}
    consumers: dict[str, list] = {}
    for n in graph.node:
        for name in n.input:
            consumers.setdefault(name, []).append(n)
    scalars = {}
    for n in graph.node:
        if n.op_type == "Constant" and n.attribute and n.attribute[0].t.dims in ([], [1]):
            scalars[n.output[0]] = float(numpy_helper.to_array(n.attribute[0].t).reshape(-1)[0])
    for t in graph.initializer:
        if list(t.dims) in ([], [1]):
            scalars[t.name] = float(numpy_helper.to_array(t).reshape(-1)[0])

    def only_use(name: str, op: str):
        users = consumers.get(name, [])
        return users[0] if len(users) == 1 and users[0].op_type == op else None

    replace: dict[int, list] = {}
    drop: set[int] = set()
    for clip in graph.node:
        if clip.op_type != "Clip" or len(clip.input) != 3:
            continue
        if (scalars.get(clip.input[1]), scalars.get(clip.input[2])) != (0.0, 6.0):
            continue
        add = producer.get(clip.input[0])
        if add is None or add.op_type != "Add" or scalars.get(add.input[1]) != 3.0:
            continue
        x = add.input[0]
        mul = only_use(clip.output[0], "Mul")
        if only_use(add.output[0], "Clip") is None or mul is None or set(mul.input) != {x, clip.output[0]}:
            continue
        div = only_use(mul.output[0], "Div")
        if div is None or scalars.get(div.input[1]) != 6.0:
            continue
        gate = f"{div.output[0]}__hardsigmoid"
        replace[id(add)] = [
            helper.make_node("HardSigmoid", [x], [gate], alpha=1.0 / 6.0, beta=0.5, name=f"{gate}_node"),
            helper.make_node("Mul", [x, gate], [div.output[0]], name=f"{div.output[0]}__hardswish"),
        ]
        drop.update((id(clip), id(mul), id(div)))
    nodes = []
    for n in graph.node:
        if id(n) in replace:
            nodes.extend(replace[id(n)])
        elif id(n) not in drop:
            nodes.append(n)
    used = {name for n in nodes for name in n.input}
    nodes = [n for n in nodes if n.op_type != "Constant" or n.output[0] in used]  # the dropped 3s and 6s
    del graph.node[:]
    graph.node.extend(nodes)
    if fold:
        fold_affines(model)
    return model.SerializeToString(), len(replace)


def fold_affines(model) -> int:
    """Fold each scalar ``Mul`` → ``Add`` pair next to a convolution into its weights (in
    place; the arithmetic in float64, the weights back in float32); how many pairs."""
    import numpy as np
    from onnx import helper, numpy_helper

    graph = model.graph
    arrays: dict[str, np.ndarray] = {}
    for n in graph.node:
        if n.op_type == "Constant" and len(n.attribute) == 1 and n.attribute[0].name == "value":
            arrays[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    for t in graph.initializer:
        arrays[t.name] = numpy_helper.to_array(t)
    outputs = {o.name for o in graph.output}

    def sole_reader(name: str, op: str):
        users = [n for n in graph.node if name in n.input]
        ok = name not in outputs and len(users) == 1 and users[0].op_type == op
        return users[0] if ok else None

    def by_scalar(node) -> tuple[str, float] | None:
        """(the tensor input, the scalar) of a Mul or Add by one constant."""
        if len(node.input) != 2:
            return None
        for x, c in (node.input, reversed(node.input)):
            if c in arrays and arrays[c].size == 1 and x not in arrays:
                return x, float(arrays[c].reshape(-1)[0])
        return None

    def affine_reading(name: str):
        """The ``Mul(a) → Add(b)`` pair that alone reads ``name``: (mul, add, a, b), else None."""
        mul = sole_reader(name, "Mul")
        m = by_scalar(mul) if mul is not None else None
        if m is None or m[0] != name:
            return None
        add = sole_reader(mul.output[0], "Add")
        b = by_scalar(add) if add is not None else None
        if b is None or b[0] != mul.output[0]:
            return None
        return mul, add, m[1], b[1]

    def weights(conv) -> tuple[np.ndarray, np.ndarray] | None:
        if conv.op_type != "Conv" or len(conv.input) < 2 or any(i not in arrays for i in conv.input[1:]):
            return None
        w = arrays[conv.input[1]].astype(np.float64)
        b = arrays[conv.input[2]].astype(np.float64) if len(conv.input) > 2 else np.zeros(w.shape[0])
        return w, b

    def set_weights(conv, x: str, w: np.ndarray, b: np.ndarray) -> None:
        names = [f"{conv.output[0]}__folded{len(arrays)}_{k}" for k in ("w", "b")]  # a new name each time
        for name, value in zip(names, (w, b)):
            arrays[name] = value.astype(np.float32)
            graph.initializer.append(numpy_helper.from_array(arrays[name], name))
        del conv.input[:]
        conv.input.extend([x, *names])

    def without(drop: set[tuple[str, str]]) -> None:
        """The graph less the nodes named in ``drop`` by (operator, first output)."""
        kept = [n for n in graph.node if (n.op_type, n.output[0]) not in drop]
        del graph.node[:]
        graph.node.extend(kept)

    folded = 0
    # before an activation: a·conv(x) + b is the convolution with weights W·a and bias B·a + b
    drop: set[tuple[str, str]] = set()
    for conv in list(graph.node):
        params, pair = weights(conv), None
        if params is not None:
            pair = affine_reading(conv.output[0])
        if pair is None:
            continue
        mul, add, a, b = pair
        set_weights(conv, conv.input[0], params[0] * a, params[1] * a + b)
        conv.output[0] = add.output[0]
        drop.update((_key(mul), _key(add)))
        folded += 1
    without(drop)
    # after an activation h, into the convolution that alone reads a·h + b
    producer = {out: n for n in graph.node for out in n.output}
    drop = set()
    for conv in list(graph.node):
        params = weights(conv)
        add = producer.get(conv.input[0]) if params is not None else None
        if add is None or add.op_type != "Add" or by_scalar(add) is None:
            continue
        mul = producer.get(by_scalar(add)[0])
        if mul is None or mul.op_type != "Mul" or by_scalar(mul) is None:
            continue
        h = by_scalar(mul)[0]
        pair = affine_reading(h)
        if pair is None or [n.output[0] for n in pair[:2]] != [mul.output[0], add.output[0]] or getattr(sole_reader(add.output[0], "Conv"), "output", [None])[0] != conv.output[0] or pair[2] == 0.0:
            continue
        _, _, a, b = pair
        w, bias = params
        at = {x.name: helper.get_attribute_value(x) for x in conv.attribute}
        if all(k == 1 for k in w.shape[2:]) and not any(at.get("pads", [])) \
                and at.get("auto_pad", b"NOTSET") in (b"NOTSET", "NOTSET"):
            # no padding: every input is a·h + b, so conv = (W·a) ∗ h + B + b·ΣW (per output channel)
            sums = w.reshape(w.shape[0], -1).sum(axis=1)
            set_weights(conv, h, w * a, bias + b * sums)
            drop.update((_key(mul), _key(add)))
        else:
            # zero padding: conv(a·h + b) = (W·a) ∗ (h + b/a), padding the same zeros
            shift = f"{add.output[0]}__shift"
            arrays[shift] = np.array([b / a], dtype=np.float32)
            graph.initializer.append(numpy_helper.from_array(arrays[shift], shift))
            del add.input[:]
            add.input.extend([h, shift])
            set_weights(conv, add.output[0], w * a, bias)
            drop.add(_key(mul))
        folded += 1
    without(drop)
    used = {name for n in graph.node for name in n.input}
    kept = [n for n in graph.node if n.op_type != "Constant" or n.output[0] in used]
    del graph.node[:]
    graph.node.extend(kept)
    live = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(live)
    return folded


def _key(node) -> tuple[str, str]:
    return node.op_type, node.output[0]
