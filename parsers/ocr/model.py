"""The PP-OCRv4 recognition model from the rapidocr-onnxruntime wheel, made cheaper to run.

The exported graph spells each hard-swish activation out as four element-wise passes,
``x * clip(x + 3, 0, 6) / 6``, and onnxruntime fuses none of them: they take about a
quarter of the model's time.  ``HardSigmoid(x; α = 1/6, β = 1/2)`` is exactly
``clip(x + 3, 0, 6) / 6``, so each group becomes ``x * HardSigmoid(x)`` — two passes, the
same opset (12) and the same outputs to float rounding (checked in the tests).  The
rewrite uses the ``onnx`` package and happens in memory when a worker loads the model; the
wheel's file is never changed.
"""
from __future__ import annotations

from pathlib import Path


def model_path() -> Path:
    """The recognition model shipped inside the rapidocr-onnxruntime wheel (no download)."""
    import rapidocr_onnxruntime

    return Path(rapidocr_onnxruntime.__file__).parent / "models" / "ch_PP-OCRv4_rec_infer.onnx"


def fused_model(path: Path | None = None) -> tuple[bytes, int]:
    """The model's bytes with every spelled-out hard-swish fused; and how many were fused."""
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
    return model.SerializeToString(), len(replace)
