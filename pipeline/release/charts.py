"""Charts for the QA page, drawn by matplotlib's SVG backend and inlined as markup.

Text is drawn as paths (no font files or web fonts needed; charts use ASCII labels so the
bundled DejaVu font covers them), ids are salted with a fixed string and the date is left
out, so the same data gives the same bytes.
"""
from __future__ import annotations

import io
import math
from typing import Sequence

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

_RC = {"svg.fonttype": "path", "svg.hashsalt": "zfxxgk-qa", "font.size": 9, "axes.spines.top": False,
       "axes.spines.right": False, "figure.dpi": 96}
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def _svg(fig: "plt.Figure") -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # inline: no XML prolog or DOCTYPE


def bars(labels: Sequence[str], series: dict[str, Sequence[float]], title: str, xlabel: str = "",
         horizontal: bool = False) -> str:
    """Stacked bars, one stack per label, one colour per series."""
    with plt.rc_context(_RC):
        n = max(len(labels), 1)
        size = (7.5, max(2.2, 0.28 * n + 1.0)) if horizontal else (max(4.5, 0.45 * n + 2.0), 3.0)
        fig, ax = plt.subplots(figsize=size)
        base = [0.0] * len(labels)
        pos = list(range(len(labels)))
        for i, (name, values) in enumerate(series.items()):
            kw = dict(label=name, color=PALETTE[i % len(PALETTE)])
            if horizontal:
                ax.barh(pos, values, left=base, **kw)
            else:
                ax.bar(pos, values, bottom=base, **kw)
            base = [b + v for b, v in zip(base, values)]
        if horizontal:
            ax.set_yticks(pos, labels)
            ax.invert_yaxis()
            ax.set_xlabel(xlabel)
        else:
            ax.set_xticks(pos, labels, rotation=45 if n > 8 else 0, ha="right" if n > 8 else "center")
            ax.set_ylabel(xlabel)
        if len(series) > 1:
            ax.legend(frameon=False, fontsize=8)
        ax.set_title(title, loc="left")
        return _svg(fig)


def histograms(data: dict[str, Sequence[float]], title: str) -> str:
    """Small multiples of log10(1 + value), one per figure, so 0 and 10 000 share an axis."""
    with plt.rc_context(_RC):
        names = list(data)
        cols = 3
        rows = max(1, math.ceil(len(names) / cols))
        fig, axes = plt.subplots(rows, cols, figsize=(7.5, 1.9 * rows), squeeze=False)
        for ax in axes.flat[len(names):]:
            ax.set_visible(False)
        for ax, name in zip(axes.flat, names):
            values = [math.log10(1 + v) for v in data[name] if v is not None and v >= 0]
            ax.hist(values, bins=12, color=PALETTE[0])
            ax.set_title(f"{name} (n={len(values)})", fontsize=8, loc="left")
            ax.set_xlabel("log10(1 + value)", fontsize=7)
        fig.suptitle(title, x=0.01, ha="left")
        fig.tight_layout()
        return _svg(fig)
