"""The panel's key figures (``keyfigures.toml``) read from one report's cells."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

Cells = dict[tuple[str, str | None], float]


@dataclass(frozen=True)
class Figure:
    name: str
    alternatives: tuple[tuple[tuple[str, str | None], ...], ...]
    amount: bool  # money (float) rather than a count


@lru_cache(maxsize=1)
def figures() -> tuple[Figure, ...]:
    cfg = tomllib.loads(files(__package__).joinpath("keyfigures.toml").read_text(encoding="utf-8"))
    return tuple(Figure(f["name"], tuple(tuple((c, a or None) for c, a in alt) for alt in f["cells"]),
                        bool(f.get("amount"))) for f in cfg["figure"])


@lru_cache(maxsize=1)
def stock_categories() -> frozenset[str]:
    """Categories whose value carries over year to year (not evidence of a copied table)."""
    cfg = tomllib.loads(files(__package__).joinpath("keyfigures.toml").read_text(encoding="utf-8"))
    return frozenset(cfg["copy_check"]["stocks"])


def figure_values(cells: Cells) -> dict[str, float | int | None]:
    """Each figure from the first alternative whose cells are all present, else None."""
    out: dict[str, float | int | None] = {}
    for fig in figures():
        value = None
        for alt in fig.alternatives:
            if all(k in cells for k in alt):
                total = sum(cells[k] for k in alt)
                value = float(total) if fig.amount else int(round(total))
                break
        out[fig.name] = value
    return out
